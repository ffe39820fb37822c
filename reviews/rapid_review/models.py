"""The rapid review of a notified case: the decision to undertake it (000 stage 3), the
agencies' information returns on Bradford's Information Gathering Tool (002 section 7 and
its appendix) with Darlington's chronology columns (004 appendix 2), the panel pack and
meeting (000 stages 5 and 6), the recommendation, the three partners' sign-off and the
submission to the National Panel (001, 004 section 6)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from safeguarding.choices import YesNo, YesNoUnknown  # the same answers as the referral's

__all__ = ["ChronologyEntry", "InformationReturn", "KnownAgency",
           "PanelAttendance", "ParallelProcess", "RapidReview", "ReturnChild",
           "ReturnFamilyMember", "ReturnPractitioner", "SignOff"]

SHORT = 200
LONG = 10_000


class RapidReview(models.Model):
    class Status(models.TextChoices):
        GATHERING = "gathering", "Gathering information"
        PACK_CIRCULATED = "pack_circulated", "Panel pack circulated"
        MEETING_HELD = "meeting_held", "Panel met"
        RECOMMENDED = "recommended", "Recommendation made"
        DECIDED = "decided", "Partners' decision made"
        SIGNED_OFF = "signed_off", "Signed off by the partners"
        SUBMITTED = "submitted", "Sent to the National Panel"
        FURTHER_INFORMATION = "further_information", "National Panel asked for more"
        CONCLUDED = "concluded", "Concluded"

    class Recommendation(models.TextChoices):
        # The five options of 000 stage 6, in its words.
        NATIONAL_REVIEW = "national_review", (
            "A National Safeguarding Practice Review to be undertaken")
        LCSPR = "lcspr", (
            "A Local Safeguarding Practice Review to be undertaken (independent author)")
        MULTI_AGENCY_LEARNING = "multi_agency_learning", (
            "A multi-agency practice learning review to be undertaken (local reviewer)")
        SINGLE_AGENCY_LEARNING = "single_agency_learning", (
            "Single-agency learning: one agency reviews its own practice")
        NO_REVIEW = "no_review", "No review required but any local learning will be identified"

    class PanelResponse(models.TextChoices):
        AGREES = "agrees", "The Panel agrees with the partners' decision"
        DISAGREES = "disagrees", "The Panel disagrees with the partners' decision"
        NATIONAL_REVIEW = "national_review", "The Panel will undertake a national review"
        FURTHER_INFORMATION = "further_information", "The Panel asks for further information"

    class ReviewerKind(models.TextChoices):
        # 000 stage 6: an LCSPR with an independent author, a learning review with a local
        # reviewer; 004 section 6.8: the chair may recommend which.
        INDEPENDENT = "independent", "An independent reviewer (author)"
        LOCAL = "local", "A local reviewer"

    class DecisionMaker(models.TextChoices):
        # Who makes the partners' decision on the panel's recommendation, as the local
        # policy names them (safeguarding.LocalPolicy.rapid_review_decision_by).
        PARTNERSHIP_CHAIR = "partnership_chair", "The partnership chair"
        PARTNERS_AND_SCRUTINEER = "partners_and_scrutineer", (
            "The three safeguarding partners with the independent scrutineer")

    class NextStep(models.TextChoices):
        LCSPR = "lcspr", "LCSPR to be commissioned"
        NATIONAL_REVIEW = "national_review", "National review"
        LEARNING_REVIEW = "learning_review", "Another learning review"
        NO_REVIEW = "no_review", "No review"

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT,
                                related_name="rapid_review")
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.GATHERING)
    # 000 stage 3: a written record of the decision to undertake a rapid review.
    decided_on = models.DateField("date of the decision to undertake a rapid review")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    decision_note = models.TextField("the decision and who made it", max_length=LONG)

    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="rapid_review_panels",
        help_text="The panel members of this review: they read its pack and returns")
    pack_circulated_on = models.DateField(null=True, blank=True)
    pack_circulated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                           null=True, blank=True, related_name="+")
    meeting_on = models.DateField("date of the panel meeting", null=True, blank=True)
    meeting_held_on = models.DateField(null=True, blank=True)

    # The outcome (the Panel's current rapid review template).
    facts_established = models.TextField(max_length=LONG, blank=True)
    agency_involvement = models.TextField(
        "analysis of agency involvement and key practice episodes", max_length=LONG, blank=True,
        help_text="Including race, ethnicity, culture, disability and other inequalities")
    learning_identified = models.TextField("learning already identified", max_length=LONG,
                                           blank=True)
    recommendation = models.CharField(max_length=32, choices=Recommendation.choices,
                                      blank=True)
    complex_or_national = models.CharField(
        "may the case raise issues that are complex or of national importance?",
        max_length=8, choices=YesNo.choices, blank=True)
    key_lines_of_enquiry = models.TextField(max_length=LONG, blank=True)
    rationale = models.TextField(max_length=LONG, blank=True)
    # 004 section 6.8: with an LCSPR recommended, the chair may also recommend the review
    # methodology and whether an independent reviewer (000 stage 6: "independent author") or
    # chair is needed. Kept with the recommendation, for the LCSPR to take up.
    recommended_methodology = models.TextField(
        "the review methodology recommended", max_length=LONG, blank=True)
    recommended_reviewer = models.CharField(
        "the reviewer recommended", max_length=16, choices=ReviewerKind.choices, blank=True)
    recommended_independent_chair = models.CharField(
        "is an independent chair recommended?", max_length=8, choices=YesNo.choices,
        blank=True)
    recommended_on = models.DateField(null=True, blank=True)
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+")

    # The partners' decision on the recommendation (000 stage 7, 004 section 6.10): agree
    # with it, or decide otherwise with the reason. Each (re)decision is a new version: the
    # partners' signatures are bound to the version they signed.
    partners_decision = models.CharField("the partners' decision", max_length=32,
                                         choices=Recommendation.choices, blank=True)
    partners_agree = models.BooleanField("the partners agree with the recommendation",
                                         null=True, blank=True)
    partners_decision_reason = models.TextField(
        "why the partners decided otherwise", max_length=LONG, blank=True)
    partners_decision_maker = models.CharField(
        "who made the decision", max_length=32, choices=DecisionMaker.choices, blank=True)
    partners_decided_on = models.DateField("the partners' decision recorded on", null=True,
                                           blank=True)
    partners_decision_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                             on_delete=models.PROTECT, related_name="+")
    decision_version = models.PositiveIntegerField(default=0)

    signed_off_on = models.DateField("the partners' decision, signed off by all three, on",
                                     null=True, blank=True)
    submitted_on = models.DateField("sent to the National Panel on", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    extension_notified_on = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(max_length=LONG, blank=True)
    panel_responded_on = models.DateField(null=True, blank=True)
    panel_response = models.CharField(max_length=32, choices=PanelResponse.choices, blank=True)
    # 004 section 6.11: the Panel sets out the rationale for its decision; 6.12: a national
    # review's scope and methodology are discussed with the partners.
    panel_rationale = models.TextField("the Panel's rationale", max_length=LONG, blank=True)
    national_review_scope = models.TextField(
        "the scope and methodology agreed for the national review", max_length=LONG,
        blank=True)
    panel_questions = models.TextField(max_length=LONG, blank=True)
    answers_sent_on = models.DateField(null=True, blank=True)
    answers = models.TextField(max_length=LONG, blank=True)
    next_step = models.CharField(max_length=32, choices=NextStep.choices, blank=True)
    next_step_reason = models.TextField(
        "why the next step differs from the decision and the Panel's response",
        max_length=LONG, blank=True)
    # 004 section 7.5: the decision and its rationale communicated to the family, or why not.
    family_told = models.CharField("was the family told of the decision?", max_length=8,
                                   choices=YesNo.choices, blank=True)
    family_told_on = models.DateField("the family told of the decision on", null=True,
                                      blank=True)
    family_told_by = models.CharField("who told the family", max_length=SHORT, blank=True)
    family_not_told_reason = models.TextField("why the family was not told", max_length=LONG,
                                              blank=True)
    # 001: the completed rapid review is published on the partnership's website.
    published = models.CharField("is the rapid review report published?", max_length=8,
                                 choices=YesNo.choices, blank=True)
    published_on = models.DateField("the rapid review report published on", null=True,
                                    blank=True)
    published_url = models.URLField("where it is published", max_length=500, blank=True)
    not_published_reason = models.TextField("why it is not published", max_length=LONG,
                                            blank=True)

    # The version number is for the sign-off pages; the decision log names it with each
    # decision and signature, so the history (which shows values to people) leaves it out.
    history = HistoricalRecords(excluded_fields=["decision_version"])

    def __str__(self) -> str:
        return f"Rapid review of {self.case}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:review", args=[self.pk])

    @property
    def agency_returns(self) -> list["InformationReturn"]:
        """The returns asked for this rapid review (from its prefetched returns when there
        are): not those a later LCSPR of the case asked for."""
        return [item for item in self.returns.all() if item.lcspr_id is None]


class InformationReturn(models.Model):
    """An agency's Information Gathering Tool for one rapid review: asked for by the business
    unit, drafted and submitted by the agency's contributors, then locked. A return still
    open when the rapid review is sent to the National Panel is closed: once sent, fixed;
    the business unit reopens one, with the reason, through the workflow."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Not started"
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Submitted"
        CLOSED = "closed", "Closed: not submitted before the review was sent"

    class ReviewType(models.TextChoices):
        # The IGT's last question (002 appendix).
        NATIONAL = "national", ("National Child Safeguarding Practice Review (identifies "
                                "issues to be dealt with at a national level)")
        LOCAL = "local", ("Local Child Safeguarding Practice Review (identifies issues to be "
                          "dealt with at a local level)")
        SINGLE_AGENCY = "single_agency", ("Single-agency review (identifies issues only for "
                                          "one agency)")
        AUDIT = "audit", ("Single or multi-agency audit (identifies only one issue, either for "
                          "one or multiple agencies)")

    review = models.ForeignKey(RapidReview, on_delete=models.PROTECT, related_name="returns")
    agency = models.ForeignKey("safeguarding.Agency", on_delete=models.PROTECT,
                               related_name="information_returns")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REQUESTED)
    requested_on = models.DateField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    due_on = models.DateField()
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    reopened_reason = models.TextField(max_length=LONG, blank=True)
    # Asked for by a later review of the case, its LCSPR (004 section 8.6; 002 section 9:
    # the agencies' information, chronologies and reports), with what that review asks the
    # agency for. Empty for the rapid review's own returns, which the rapid review alone
    # reads, closes and sends.
    lcspr = models.ForeignKey("reviews.Lcspr", on_delete=models.PROTECT, null=True,
                              blank=True, related_name="information_returns")
    asked_for = models.TextField("what the review asks the agency for", max_length=LONG,
                                 blank=True)

    # Details of the person completing this form.
    completed_by_name = models.CharField("your name", max_length=SHORT, blank=True)
    completed_by_role = models.CharField("your job title", max_length=SHORT, blank=True)
    completed_by_organisation = models.CharField(
        "organisation", max_length=SHORT, blank=True,
        help_text="Your agency, and your team or service within it")
    completed_on = models.DateField("date form completed", null=True, blank=True)
    # A nil return: the agency has had no involvement with the child or family, so it
    # gives the reason, and nothing else is asked of it.
    had_involvement = models.CharField(
        "has your agency had any involvement with the child or children, their parents, "
        "carers or family?", max_length=8, choices=YesNo.choices, blank=True)
    nil_return_reason = models.TextField(
        "if not, why is this a nil return?", max_length=LONG, blank=True,
        help_text="For example, the records you searched, and how")

    # Brief information of facts and family composition: the subject children (ReturnChild)
    # and the family (ReturnFamilyMember), prefilled from the referral.
    incident_date = models.DateField("date of incident", null=True, blank=True)
    incident_address = models.TextField("address of location of incident", max_length=1000,
                                        blank=True)
    carer_at_incident = models.CharField("carer at time of incident, if known",
                                         max_length=SHORT, blank=True)
    criminal_investigation = models.CharField(
        "is this case known to be the subject of a criminal investigation?", max_length=16,
        choices=YesNoUnknown.choices, blank=True)
    lead_investigator = models.CharField("who is the lead investigator?", max_length=SHORT,
                                         blank=True)
    coroners_inquiry = models.CharField(
        "is this case known to be the subject of a coroner's inquiry?", max_length=16,
        choices=YesNoUnknown.choices, blank=True)
    coroners_contact = models.CharField("who is the key contact?", max_length=SHORT,
                                        blank=True)
    open_now = models.CharField(
        "is the child, young person, parent or family open to your agency as a current case?",
        max_length=8, choices=YesNo.choices, blank=True)
    open_now_details = models.TextField(
        "in what capacity, and the name of the lead practitioner", max_length=LONG, blank=True)
    open_before = models.CharField(
        "was the child, young person, parent or family open to your agency as a previous "
        "case?", max_length=8, choices=YesNo.choices, blank=True)
    open_before_details = models.TextField(
        "in what capacity, and the name of the lead practitioner", max_length=LONG, blank=True,
        )
    adult_safeguarding = models.CharField(
        "are there any adult safeguarding concerns?", max_length=8, choices=YesNo.choices,
        blank=True)
    adult_safeguarding_shared = models.CharField(
        "have these been shared by completing a Safeguarding Adult Referral (SAR) form?",
        max_length=8, choices=YesNo.choices, blank=True)
    adult_safeguarding_details = models.TextField(
        "if so, who is the key contact?", max_length=LONG, blank=True)

    # Brief synopsis of the case: the eight questions.
    initial_information = models.TextField(
        "1. Initial information provided that has triggered the review (including which "
        "agency provided this initial information)", max_length=LONG, blank=True)
    involvement_with_incident = models.TextField(
        "2. A summary of your agency's involvement with the incident that has triggered this "
        "review", max_length=LONG, blank=True)
    previous_involvement = models.TextField(
        "3. A brief summary of your agency's previous involvement with the subject child and "
        "the individuals in the family composition", max_length=LONG, blank=True,
        help_text="Key events only, not a copy of the record in its entirety")
    practice_analysis = models.TextField(
        "4. A brief analysis of individual or agency practice", max_length=LONG, blank=True,
        help_text="Identify any outstanding practice or potential learning for identifying "
                  "improvements to safeguard and promote the welfare of children, and any "
                  "remedial action already taken")
    immediate_action = models.TextField(
        "5. Is any immediate action needed to ensure children's safety?", max_length=LONG,
        blank=True, help_text="Outline actions already taken to address these concerns")
    working_together_concerns = models.TextField(
        "6. Any areas of concern about the way partners have worked together to safeguard the "
        "subject child", max_length=LONG, blank=True)
    further_information = models.TextField(
        "7. Any further relevant information you wish to bring to the attention of the rapid "
        "review meeting", max_length=LONG, blank=True)
    voice_of_child = models.TextField(
        "8. How the voice and lived experience of the child is evidenced in your records",
        max_length=LONG, blank=True)

    recommended_review = models.CharField(
        "what type of review do you think this case should be at this stage?", max_length=16,
        choices=ReviewType.choices, blank=True)
    # Where the agency has got to with each section of its return, by the section's slug:
    # "in_progress" once saved, "completed" once the agency said it has completed it.
    section_progress = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["review", "agency"],
                                    condition=models.Q(lcspr__isnull=True),
                                    name="one_return_per_agency_and_review"),
            models.UniqueConstraint(fields=["lcspr", "agency"],
                                    condition=models.Q(lcspr__isnull=False),
                                    name="one_lcspr_return_per_agency"),
        ]

    def __str__(self) -> str:
        return f"Information return of {self.agency} for {self.review.case}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:return", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        """Submitted, or closed when the review was sent: no longer the agency's to change."""
        return self.status in (self.Status.SUBMITTED, self.Status.CLOSED)

    @property
    def is_nil_return(self) -> bool:
        return self.had_involvement == YesNo.NO


class ReturnChild(models.Model):
    """A child subject of the review (IGT, "Child(ren) Subject of Review"): one row each."""

    information_return = models.ForeignKey(InformationReturn, on_delete=models.CASCADE,
                                           related_name="children")
    name = models.CharField("name of child", max_length=SHORT)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField("home address", max_length=1000, blank=True)
    ethnic_origin = models.CharField(max_length=SHORT, blank=True)
    faith = models.CharField("faith or religion", max_length=SHORT, blank=True)
    disability = models.CharField(max_length=SHORT, blank=True)
    # "Is the child/young person subject to a child protection plan or has been previously?"
    child_protection_current = models.CharField(
        "is the child or young person subject to a child protection plan now?", max_length=16,
        choices=YesNoUnknown.choices, blank=True)
    child_protection_previous = models.CharField(
        "has the child or young person been subject to a child protection plan previously?",
        max_length=16, choices=YesNoUnknown.choices, blank=True)
    child_protection_details = models.TextField(
        "if so, when, for what and for how long?", max_length=LONG, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "subject children"

    def __str__(self) -> str:
        return "Subject child"


class ReturnPractitioner(models.Model):
    """A practitioner of the agency involved in the case (002 section 7: identified early,
    to make planning a practice learning event easier)."""

    information_return = models.ForeignKey(InformationReturn, on_delete=models.CASCADE,
                                           related_name="practitioners")
    name = models.CharField(max_length=SHORT)
    role = models.CharField(max_length=SHORT, blank=True)
    agency_or_team = models.CharField("agency or team", max_length=SHORT, blank=True)
    involvement = models.TextField("their involvement with the child or family",
                                   max_length=LONG, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.role or "Practitioner"


class ReturnFamilyMember(models.Model):
    """Family details (IGT): one row per person."""

    information_return = models.ForeignKey(InformationReturn, on_delete=models.CASCADE,
                                           related_name="family")
    name_and_address = models.TextField(max_length=1000)
    relationship = models.CharField("relationship to child", max_length=SHORT, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    legal_status = models.CharField(max_length=SHORT, blank=True)
    ethnic_origin = models.CharField(max_length=SHORT, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.relationship or "Family member"


class KnownAgency(models.Model):
    """Other agencies known to be involved (IGT). The business unit approves a row naming a
    registered agency, and a request goes to it (002 section 7)."""

    class Decision(models.TextChoices):
        PROPOSED = "proposed", "To be decided"
        APPROVED = "approved", "Asked for a return"
        DECLINED = "declined", "Not asked"

    information_return = models.ForeignKey(InformationReturn, on_delete=models.CASCADE,
                                           related_name="known_agencies")
    agency = models.ForeignKey("safeguarding.Agency", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+",
                               help_text="If the agency uses this service")
    name = models.CharField("agency", max_length=SHORT)
    contact_details = models.TextField("contact details: address, telephone and email",
                                       max_length=1000, blank=True)
    reason = models.TextField("reason for involvement (include whether current or not)",
                              max_length=LONG, blank=True)
    decision = models.CharField(max_length=16, choices=Decision.choices,
                                default=Decision.PROPOSED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class ChronologyEntry(models.Model):
    """A key event around the time of the incident (IGT), with the optional columns of
    Darlington's chronology template (004 appendix 2)."""

    information_return = models.ForeignKey(InformationReturn, on_delete=models.CASCADE,
                                           related_name="chronology")
    happened_on = models.DateField("date")
    happened_at = models.TimeField("time (24 hour)", null=True, blank=True)
    event = models.TextField("significant event", max_length=LONG)
    # 004 appendix 2's "Agency" column: "the record from which the information was obtained".
    record_type = models.CharField(
        "agency (record type)", max_length=SHORT, blank=True,
        help_text="The record the information comes from, for example social work record, "
                  "health visiting record, school nursing record, police record")
    source = models.CharField("whose professional or agency records (source)",
                              max_length=SHORT, blank=True)
    who_was_involved = models.TextField(max_length=1000, blank=True)
    decisions = models.TextField("decisions and outcome, including any actions taken",
                                 max_length=LONG, blank=True)
    child_seen = models.CharField("child seen or views sought?", max_length=8,
                                  choices=YesNo.choices, blank=True)
    child_views = models.TextField("the child's views", max_length=LONG, blank=True)
    author_comments = models.TextField(max_length=LONG, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["happened_on", "happened_at", "pk"]
        verbose_name_plural = "chronology entries"

    def __str__(self) -> str:
        return f"{self.happened_on:%d/%m/%Y}: {self.event[:40]}"


class PanelAttendance(models.Model):
    """Who attended the rapid review panel, for which agency and in what role."""

    class PanelRole(models.TextChoices):
        CHAIR = "chair", "Chair"
        MEMBER = "member", "Panel member"
        LEGAL_ADVISER = "legal_adviser", "Legal adviser"
        SPECIALIST_ADVISER = "specialist_adviser", "Specialist adviser"
        BUSINESS_UNIT = "business_unit", "Business unit"

    class Presence(models.TextChoices):
        ATTENDED = "attended", "Attended"
        DEPUTY = "deputy", "Sent a deputy"
        APOLOGIES = "apologies", "Gave apologies"

    review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="attendance")
    # A member of the review's panel (their row on the attendance page); empty for someone
    # else who attended.
    member = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    presence = models.CharField(max_length=16, choices=Presence.choices,
                                default=Presence.ATTENDED)
    deputy_name = models.CharField("name of the deputy", max_length=SHORT, blank=True)
    agency = models.ForeignKey("safeguarding.Agency", on_delete=models.PROTECT,
                               related_name="+")
    name = models.CharField(max_length=SHORT)
    job_title = models.CharField(max_length=SHORT, blank=True)
    panel_role = models.CharField(max_length=32, choices=PanelRole.choices)
    direct_involvement = models.BooleanField(
        "has had direct involvement in the case", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_panel_role_display()})"

    @property
    def present(self) -> bool:
        """Someone sat for their agency: they came or sent a deputy."""
        return self.presence != self.Presence.APOLOGIES


class BaseParallelProcess(models.Model):
    """What every record of a parallel process holds, the rapid review's and the LCSPR's:
    another review or investigation beside the case (004 section 11.1, in its words and
    order), who leads it, where it has got to, and notes."""

    class Kind(models.TextChoices):
        # 004 section 11.1, in its order and words.
        SAFEGUARDING_ADULT_REVIEW = "safeguarding_adult_review", "Safeguarding Adult Review (SAR)"
        DOMESTIC_HOMICIDE_REVIEW = "domestic_homicide_review", "Domestic Homicide Review (DHR)"
        MENTAL_HEALTH_HOMICIDE_REVIEW = "mental_health_homicide_review", (
            "Mental Health Homicide Review (MHHR)")
        SERIOUS_INCIDENT = "serious_incident", "Safeguarding or serious incident investigation"
        DISCIPLINARY = "disciplinary", "Disciplinary process"
        JUDICIAL_REVIEW = "judicial_review", "Judicial review"
        COMPLAINT = "complaint", "Complaint"
        CRIMINAL_JUSTICE = "criminal_justice", "Criminal justice process"
        YOS_REVIEW = "yos_review", "Youth offending service (YOS) review"
        INQUEST = "inquest", "Coroner's inquest"
        SECTION_47 = "section_47", "Section 47 child protection investigation"
        CRIMINAL_INVESTIGATION = "criminal_investigation", "Criminal investigation"
        OTHER = "other", "Another review or investigation"

    class Progress(models.TextChoices):
        CONSIDERED = "considered", "Being considered"
        UNDER_WAY = "under_way", "Under way"
        CONCLUDED = "concluded", "Concluded"
        NOT_GOING_AHEAD = "not_going_ahead", "Not going ahead"

    kind = models.CharField("what kind of process is it?", max_length=32, choices=Kind.choices)
    other_kind = models.CharField("if another, what is it?", max_length=SHORT, blank=True)
    lead = models.CharField(
        "who leads it, or the contact", max_length=SHORT, blank=True,
        help_text="Name, role and organisation: for example the senior investigating officer "
                  "or the coroner's officer")
    progress = models.CharField("where has it got to?", max_length=16,
                                choices=Progress.choices, default=Progress.CONSIDERED)
    notes = models.TextField(max_length=LONG, blank=True)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """What the process is, in words: its kind, or what another one is."""
        if self.kind == self.Kind.OTHER and self.other_kind:
            return self.other_kind
        return self.get_kind_display()


class ParallelProcess(BaseParallelProcess):
    """Another review or investigation running beside the case, or being considered (004
    section 11.1; 001: the rapid review establishes "any parallel processes"). One row each,
    so that an LCSPR commissioned later takes them over as they are (004 sections 11.2 to
    11.5: it must plan how it interfaces with each)."""

    review = models.ForeignKey(RapidReview, on_delete=models.CASCADE,
                               related_name="parallel_processes")
    history = HistoricalRecords()


class BaseSignOff(models.Model):
    """What every signature the partners give holds, the rapid review's decision's and the
    LCSPR's final report's: who signed, when, in their own name; or their decline, with the
    reason. Bound to the version they read: when a new version comes, the signatures and
    declines standing are voided (kept, with why), never deleted."""

    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    signed_on = models.DateField()
    declined = models.BooleanField(default=False)
    reason = models.TextField("why they declined", max_length=LONG, blank=True)
    voided_on = models.DateField(null=True, blank=True)
    voided_reason = models.CharField(max_length=SHORT, blank=True)

    class Meta:
        abstract = True
        ordering = ["pk"]

    @property
    def standing(self) -> bool:
        """Not voided: a signature (or a decline) of the version as it is now."""
        return self.voided_on is None

    @property
    def signed(self) -> bool:
        """A signature that stands (not a decline)."""
        return self.standing and not self.declined


class SignOff(BaseSignOff):
    """One statutory partner's sign-off of the partners' decision, in their own name (001),
    bound to the version of the decision they read (``decision_version``); or their decline,
    with the reason, which sends the decision back to the decision maker. Nothing is deleted:
    when the decision changes, the signatures given on the old version are voided."""

    review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="sign_offs")
    partner = models.CharField(max_length=32)  # an Agency.Kind of a statutory partner
    decision_version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta(BaseSignOff.Meta):
        constraints = [models.UniqueConstraint(
            fields=["review", "partner"], condition=models.Q(voided_on__isnull=True),
            name="one_current_sign_off_per_partner")]

    def __str__(self) -> str:
        if self.declined:
            return f"Declined for the {self.partner} on {self.signed_on}"
        return f"Signed off for the {self.partner} on {self.signed_on}"
