"""The LCSPR's records: the review itself from the partners' decision to initiate it to its
closure (004 sections 8, 9, 14-16; 002 sections 8-9), the reviewers assessed and
commissioned on it (004 sections 8.1 and 8.7), and what the National Panel, Ofsted and DfE
were told of the decision and of the reviewer (002 section 8). The review's state field is
declared to the workflow in workflow.py; the commissions and the notices are rows the
review's transitions write."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from deadlines.models import DelayReason
from reviews.rapid_review.models import BaseParallelProcess
from safeguarding.choices import YesNo

__all__ = ["DisclosureRequest", "Lcspr", "LcsprNotice", "ReviewerCommission"]

SHORT = 200
LONG = 10_000


class Lcspr(models.Model):
    """One Local Child Safeguarding Practice Review of a case. Its decision date is the
    partners' decision to initiate it: the statutory six months to publication run from it
    (004 section 15.5)."""

    class Status(models.TextChoices):
        DECIDED = "decided", "Decided: reviewer to be commissioned"
        COMMISSIONING = "commissioning", "Commissioning the reviewer"
        IN_PROGRESS = "in_progress", "In progress"
        DRAFT_REPORT = "draft_report", "Draft report received"
        SIGNED_OFF = "signed_off", "Final report signed off"
        SENT = "sent", "Final report sent to the National Panel, Secretary of State and Ofsted"
        PUBLISHED = "published", "Published"
        NOT_PUBLISHED = "not_published", "Decided not to publish"
        CLOSED = "closed", "Closed"
        WITHDRAWN = "withdrawn", "Withdrawn"
        MERGED = "merged", "Merged with another review"

    class ReviewerKind(models.TextChoices):
        # 000 stage 6: an LCSPR with an independent author; 004 section 6.8: the chair may
        # recommend which (the rapid review's recommended_reviewer).
        INDEPENDENT = "independent", "An independent reviewer (author)"
        LOCAL = "local", "A local reviewer"

    class Procurement(models.TextChoices):
        # 004 section 8.7 (Darlington: through NEPO); 002 section 9 (Bradford: advertised
        # through the council's tendering procedures).
        REGIONAL_FRAMEWORK = "regional_framework", (
            "The regionally agreed process, for example through the North East Procurement "
            "Organisation (NEPO)")
        LOCAL_TENDER = "local_tender", (
            "Advertised through the local authority's tendering procedures")
        LOCAL_APPOINTMENT = "local_appointment", "A local reviewer appointed by the partners"
        OTHER = "other", "Another way"

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="lcspr")
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.DECIDED)
    decided_on = models.DateField("date of the partners' decision to initiate the review")
    decision_note = models.TextField("how the decision was made", max_length=LONG, blank=True)

    reviewer_kind = models.CharField("the reviewer to be commissioned", max_length=16,
                                     choices=ReviewerKind.choices, blank=True)
    procurement = models.CharField("how the reviewer is commissioned", max_length=32,
                                   choices=Procurement.choices, blank=True)
    procurement_details = models.TextField(max_length=LONG, blank=True)
    commissioning_started_on = models.DateField(null=True, blank=True)

    # Simple records for now: a later slice binds drafts and sign-offs to versions of the
    # report, and publication to its details and the redaction check.
    draft_received_on = models.DateField("the latest draft report received on", null=True,
                                         blank=True)
    final_signed_off_on = models.DateField("the final report signed off on", null=True,
                                           blank=True)
    sent_on = models.DateField(
        "the final report sent to the National Panel, the Secretary of State and Ofsted on",
        null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_url = models.URLField("where it is published", max_length=500, blank=True)
    not_published_justification = models.TextField(
        "why the partners decided not to publish", max_length=LONG, blank=True)
    justification_sent_on = models.DateField(
        "the justification set out to the National Panel and the Secretary of State on",
        null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    ended_reason = models.TextField("why it was withdrawn or merged", max_length=LONG,
                                    blank=True)
    merged_with = models.CharField("the review it was merged with", max_length=SHORT,
                                   blank=True)

    # Publication (004 sections 14.4, 14.6-14.7, 15.2-15.5): the partners' decision how to
    # publish and when; the delay told to the Panel and the Secretary of State; the
    # publication's details; the report kept online at least a year, then its removal.
    class Publication(models.TextChoices):
        FULL = "full", "Publish the report in full"
        LEARNING = "learning", "Publish the learning and improvements only"
        NONE = "none", "Do not publish"

    publication_decision = models.CharField(
        "the partners' decision on publication", max_length=16,
        choices=Publication.choices, blank=True)
    publication_decided_on = models.DateField("the decision on publication made on",
                                              null=True, blank=True)
    planned_publication_on = models.DateField("the planned publication date", null=True,
                                              blank=True)
    panel_comments = models.TextField(
        "the comments of the National Panel or the Secretary of State on publication",
        max_length=LONG, blank=True)
    panel_comments_on = models.DateField("their comments received on", null=True, blank=True)
    delay_kind = models.CharField("why publication is delayed", max_length=24,
                                  choices=DelayReason.Kind.choices, blank=True)
    delay_text = models.TextField("the reason for the delay in words", max_length=LONG,
                                  blank=True)
    delay_told_on = models.DateField(
        "the National Panel and the Secretary of State told of the delay on", null=True,
        blank=True)
    published_reviewer_name = models.CharField("the reviewer's name, as published",
                                               max_length=SHORT, blank=True)
    removed_on = models.DateField("the published report taken down on", null=True,
                                  blank=True)
    removed_reason = models.TextField("why it was taken down", max_length=LONG, blank=True)

    # Disclosure and media (004 sections 13, 15.1, 15.4).
    media_strategy = models.TextField("the media strategy", max_length=LONG, blank=True)
    media_strategy_agreed_on = models.DateField(
        "the media strategy considered by the governance group on", null=True, blank=True)
    media_strategy_approved_on = models.DateField(
        "the media strategy approved by the safeguarding partners on", null=True, blank=True)
    press_statement = models.TextField("the press statement", max_length=LONG, blank=True)
    press_statement_on = models.DateField("the press statement released on", null=True,
                                          blank=True)

    # Practitioners and family (issue 13 items 5 and 12): the partners decide whether the
    # reviewer commissioned sees the family and practitioner records (reviews/lcspr/engagement).
    reviewer_sees_engagement = models.BooleanField(
        "the reviewer may see the family and practitioner records", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "LCSPR"
        verbose_name_plural = "LCSPRs"

    def __str__(self) -> str:
        return f"LCSPR of {self.case}"

    def get_absolute_url(self) -> str:
        return reverse("lcspr:lcspr", args=[self.pk])


class ReviewerCommission(models.Model):
    """A reviewer considered for the review, assessed against 004 section 8.1 (any conflict
    of interest declared and decided), then commissioned, until their commission ends (the
    review closes, is withdrawn or merged, or the partners end it). While it runs, and only
    then, the reviewer reads this review and its case."""

    class Conflict(models.TextChoices):
        NONE = "none", "No conflict of interest declared"
        REAL = "real", "A real conflict of interest"
        PERCEIVED = "perceived", "A perceived conflict of interest"

    class ConflictDecision(models.TextChoices):
        ACCEPTED = "accepted", "It does not prevent the commission"
        REFUSED = "refused", "It prevents the commission"

    lcspr = models.ForeignKey(Lcspr, on_delete=models.CASCADE, related_name="commissions")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="lcspr_commissions")
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    # 004 section 8.1, in its words.
    practice_knowledge = models.CharField(
        "professional knowledge, understanding and practice relevant to local child "
        "safeguarding practice reviews, including the ability to engage both with "
        "practitioners and children and families", max_length=8, choices=YesNo.choices)
    research_knowledge = models.CharField(
        "knowledge and understanding of research relevant to children's safeguarding issues",
        max_length=8, choices=YesNo.choices)
    recognises_complexity = models.CharField(
        "ability to recognise the complex circumstances in which practitioners work together "
        "to safeguard children", max_length=8, choices=YesNo.choices)
    communicates_findings = models.CharField("ability to communicate findings effectively",
                                             max_length=8, choices=YesNo.choices)
    assessment_notes = models.TextField("the evidence considered", max_length=LONG)
    conflict = models.CharField("any real or perceived conflict of interest", max_length=16,
                                choices=Conflict.choices)
    conflict_details = models.TextField(max_length=LONG, blank=True)
    conflict_decision = models.CharField("the partners' decision on the conflict",
                                         max_length=16, choices=ConflictDecision.choices,
                                         blank=True)
    conflict_reason = models.TextField("the reason for the decision, and how it is managed",
                                       max_length=LONG, blank=True)
    commissioned_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    ended_reason = models.TextField(max_length=LONG, blank=True)

    history = HistoricalRecords()

    CRITERIA = ("practice_knowledge", "research_knowledge", "recognises_complexity",
                "communicates_findings")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Reviewer {self.reviewer.full_name} for the LCSPR of {self.lcspr.case}"

    @property
    def unmet_criteria(self) -> list[str]:
        """The criteria of 004 section 8.1 the assessment did not find met, in words."""
        return [str(self._meta.get_field(name).verbose_name) for name in self.CRITERIA
                if getattr(self, name) != YesNo.YES]

    @property
    def may_be_commissioned(self) -> bool:
        """Assessed as meeting 004 section 8.1, with any conflict decided not to prevent it,
        and not commissioned before."""
        return (not self.unmet_criteria and self.commissioned_on is None
                and self.ended_on is None
                and (self.conflict == self.Conflict.NONE
                     or self.conflict_decision == self.ConflictDecision.ACCEPTED))

    @property
    def is_current(self) -> bool:
        return self.commissioned_on is not None and self.ended_on is None


class LcsprNotice(models.Model):
    """One recipient told of the decision to hold the review, or of the reviewer
    commissioned (002 section 8: "they should inform the Panel, Ofsted and DfE, including
    the name of any reviewer they have commissioned")."""

    class About(models.TextChoices):
        DECISION = "decision", "The decision to hold the review"
        REVIEWER = "reviewer", "The reviewer commissioned"

    class Recipient(models.TextChoices):
        NATIONAL_PANEL = "national_panel", (
            "The National Child Safeguarding Practice Review Panel")
        OFSTED = "ofsted", "Ofsted"
        DFE = "dfe", "The Department for Education (DfE)"

    lcspr = models.ForeignKey(Lcspr, on_delete=models.CASCADE, related_name="notices")
    about = models.CharField(max_length=16, choices=About.choices)
    commission = models.ForeignKey(ReviewerCommission, on_delete=models.CASCADE, null=True,
                                   blank=True, related_name="notices")
    recipient = models.CharField(max_length=32, choices=Recipient.choices)
    told_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["lcspr", "recipient"],
                                    condition=models.Q(about="decision"),
                                    name="one_decision_notice_per_recipient"),
            models.UniqueConstraint(fields=["commission", "recipient"],
                                    condition=models.Q(about="reviewer"),
                                    name="one_reviewer_notice_per_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.get_recipient_display()} told on {self.told_on}"


class DisclosureRequest(models.Model):
    """A request for the review's documents (004 section 13.4: the coroner, once told the
    review is commissioned; the police; others), the legal advice the partners sought
    (Public Interest Immunity arguments) and their decision. The partners are not a public
    authority under the Freedom of Information Act 2000 (004 section 13.1)."""

    class Requester(models.TextChoices):
        CORONER = "coroner", "H.M. Coroner"
        POLICE = "police", "The police"
        CPS = "cps", "The Crown Prosecution Service"
        COURT = "court", "A court"
        OTHER = "other", "Someone else"

    class Outcome(models.TextChoices):
        DISCLOSED = "disclosed", "Disclosed"
        IN_PART = "in_part", "Disclosed in part"
        REFUSED = "refused", "Not disclosed"

    lcspr = models.ForeignKey(Lcspr, on_delete=models.CASCADE,
                              related_name="disclosure_requests")
    requester = models.CharField(max_length=16, choices=Requester.choices)
    requester_details = models.CharField("who asked", max_length=SHORT, blank=True)
    received_on = models.DateField("the request received on")
    documents = models.TextField("the documents asked for", max_length=LONG)
    legal_advice = models.TextField("the legal advice", max_length=LONG, blank=True)
    legal_advice_on = models.DateField("the legal advice given on", null=True, blank=True)
    outcome = models.CharField("the decision", max_length=16, choices=Outcome.choices,
                               blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.TextField("the reason for the decision", max_length=LONG,
                                       blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_requester_display()}: request received on {self.received_on}"


# Terms of reference and governance (004 sections 8.2-8.6, 9.1; 001), and the parallel
# processes (004 section 11): issue 13 items 4 and 6.

class TermsOfReference(models.Model):
    """The review's terms of reference: its scope and the period it looks at, the key lines
    of enquiry (carried over from the rapid review, 001: "set out in the conclusion to the
    rapid review"), the methodology and why (004 section 8.2: agreed with the reviewer; 003:
    a case-authored review, a thematic review, a multi-agency audit, a learning event), and
    when and by whom they were agreed (004 section 9.1: the governance group agrees the scope
    and determines the terms of reference). One per review, made when it opens."""

    class Methodology(models.TextChoices):
        CASE_AUTHORED = "case_authored", "A traditional case-authored review"
        SYSTEMS = "systems", "A systems review (for example the SCIE Learning Together model)"
        LEARNING_EVENT = "learning_event", "A learning event with the practitioners"
        THEMATIC = "thematic", "A thematic review"
        AUDIT = "audit", "A multi-agency audit"
        OTHER = "other", "Another methodology"

    lcspr = models.OneToOneField(Lcspr, on_delete=models.CASCADE, related_name="terms")
    scope = models.TextField("the scope of the review", max_length=LONG, blank=True)
    period_from = models.DateField("the period under review starts on", null=True,
                                   blank=True)
    period_to = models.DateField("the period under review ends on", null=True, blank=True)
    key_lines_of_enquiry = models.TextField(max_length=LONG, blank=True)
    methodology = models.CharField(max_length=24, choices=Methodology.choices, blank=True)
    other_methodology = models.CharField("if another, which", max_length=SHORT, blank=True)
    methodology_reason = models.TextField("why this methodology", max_length=LONG,
                                          blank=True)
    agreed_on = models.DateField("the terms of reference agreed on", null=True, blank=True)
    agreed_by = models.CharField("who agreed them", max_length=SHORT, blank=True)
    # 004 sections 8.2-8.4: the scope may change as the review goes on. Revised terms are
    # agreed again; the history keeps each version agreed.
    revised_on = models.DateField("the terms of reference last revised on", null=True,
                                  blank=True)
    revised_reason = models.TextField("why they were revised", max_length=LONG, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "terms of reference"
        verbose_name_plural = "terms of reference"

    def __str__(self) -> str:
        return f"Terms of reference of the LCSPR of {self.lcspr.case}"

    @property
    def methodology_name(self) -> str:
        if self.methodology == self.Methodology.OTHER and self.other_methodology:
            return self.other_methodology
        return self.get_methodology_display()


class GovernanceMember(models.Model):
    """A member of the review's governance group (004 section 9.1: chaired by the chair of
    the rapid review panel): a person with an account of the service, or someone named with
    their agency."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        MEMBER = "member", "Member"

    lcspr = models.ForeignKey(Lcspr, on_delete=models.CASCADE,
                              related_name="governance_members")
    # Reached from the person (the permission rules, which import no app, ask who sits on
    # the group of a review while it runs).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                             blank=True, related_name="lcspr_governance_memberships")
    name = models.CharField("or their name, if they have no account", max_length=SHORT,
                            blank=True)
    agency = models.ForeignKey("safeguarding.Agency", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    job_title = models.CharField(max_length=SHORT, blank=True)
    role = models.CharField("their role in the group", max_length=8, choices=Role.choices,
                            default=Role.MEMBER)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        who = self.user.full_name if self.user_id else self.name
        agency = self.user.agency if self.user_id else self.agency
        return f"{who}, {agency.name}" if agency else who


class GovernanceMeeting(models.Model):
    """A meeting of the governance group: when, who attended, and its notes and decisions."""

    lcspr = models.ForeignKey(Lcspr, on_delete=models.CASCADE,
                              related_name="governance_meetings")
    held_on = models.DateField("the meeting held on")
    attended = models.ManyToManyField(GovernanceMember, blank=True, related_name="meetings")
    others_present = models.TextField("others present", max_length=LONG, blank=True)
    notes = models.TextField("notes and decisions", max_length=LONG)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Governance group meeting held on {self.held_on}"


class Milestone(models.Model):
    """A milestone of the review's timetable: each its own clock, due on its date."""

    lcspr = models.ForeignKey(Lcspr, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField("the milestone", max_length=SHORT)
    due_on = models.DateField("due on")
    done_on = models.DateField("done on", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.name}, due {self.due_on}"


class ProgressRequest(models.Model):
    """The partners' written request to the reviewer for information, to assess the
    review's progress and quality (004 section 8.6: "such requests should be made in
    writing")."""

    lcspr = models.ForeignKey(Lcspr, on_delete=models.CASCADE,
                              related_name="progress_requests")
    requested_on = models.DateField("asked on")
    request = models.TextField("what was asked", max_length=LONG)
    reply_by = models.DateField("reply asked for by", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["requested_on", "pk"]

    def __str__(self) -> str:
        return f"Request to the reviewer of {self.requested_on}"


class ProgressReport(models.Model):
    """The reviewer's report of their progress (004 section 8.6), in reply to a request or
    of their own accord."""

    lcspr = models.ForeignKey(Lcspr, on_delete=models.CASCADE,
                              related_name="progress_reports")
    in_reply_to = models.ForeignKey(ProgressRequest, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="replies")
    reported_on = models.DateField("reported on")
    report = models.TextField("the progress report", max_length=LONG)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["reported_on", "pk"]

    def __str__(self) -> str:
        return f"Progress report of {self.reported_on}"


class LcsprParallelProcess(BaseParallelProcess):
    """Another review or investigation beside the LCSPR (004 section 11.1, in its words and
    order), with its lead, its chair and when the chair of the review made contact with them
    (004 section 11.1), how the reviews are coordinated (004 sections 11.3-11.4: jointly, one
    body leading, the same or different reports) and its effect on the review's timescales
    and on disclosure (004 section 11.5). The rapid review's are copied here when the LCSPR
    opens, each linked back to the row it came from (``carried_from``): the rapid review
    keeps what it recorded and sent to the National Panel; the LCSPR's row goes on."""

    class Coordination(models.TextChoices):
        JOINT = "joint", "Jointly commissioned and overseen"
        LCSPR_LEADS = "lcspr_leads", "The LCSPR leads"
        OTHER_LEADS = "other_leads", "The other process leads"
        SEPARATE = "separate", "Run separately, each with its own report"

    class Reports(models.TextChoices):
        SAME = "same", "The same report to each commissioning body"
        DIFFERENT = "different", "Different reports to each commissioning body"

    lcspr = models.ForeignKey(Lcspr, on_delete=models.CASCADE,
                              related_name="parallel_processes")
    carried_from = models.ForeignKey("reviews.ParallelProcess", on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="lcspr_rows")
    chair = models.CharField("its chair", max_length=SHORT, blank=True)
    chair_contacted_on = models.DateField("the chair contacted on", null=True, blank=True)
    coordination = models.CharField("how is the LCSPR coordinated with it?", max_length=16,
                                    choices=Coordination.choices, blank=True)
    reports = models.CharField("which reports?", max_length=16, choices=Reports.choices,
                               blank=True)
    coordination_notes = models.TextField("how, in words", max_length=LONG, blank=True)
    timescales_effect = models.TextField("its effect on the review's timescales",
                                         max_length=LONG, blank=True)
    disclosure_effect = models.TextField("its effect on disclosure", max_length=LONG,
                                         blank=True)

    history = HistoricalRecords()


__all__ += ["GovernanceMeeting", "GovernanceMember", "LcsprParallelProcess", "Milestone",
            "ProgressReport", "ProgressRequest", "TermsOfReference"]
