"""The Notifiable (Serious) Incident Referral Form (004 Appendix 1, sections 1 to 12) with the
extra questions of Bradford's referral form (002 Appendix 2), as a draft its author can come
back to, and the shorter public referral anyone may make (004 section 4.2)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cases.receipts import grouped
from safeguarding.choices import YesNoUnknown, YesNoUnsure

SHORT = 200
LONG = 10_000  # about four pages of text; bounded so that a paste cannot swamp the panel pack


class Referral(models.Model):
    class Source(models.TextChoices):
        AGENCY = "agency", "Partner agency"
        PUBLIC = "public", "Public referral page"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    class Route(models.TextChoices):
        NOTIFICATION = "notification", (
            "The case meets the criteria for notification (to be referred to the Statutory "
            "Safeguarding Partners)"
        )
        LEARNING = "learning", (
            "The case does not meet the criteria for notification, however there is learning "
            "to be explored (to be referred to the Learning and Development group)"
        )

    class AbuseOrNeglect(models.TextChoices):
        KNOWN = "known", "Known"
        SUSPECTED = "suspected", "Suspected"
        NEITHER = "neither", "Not known or suspected"

    class Outcome(models.TextChoices):
        DIED = "died", "The child died"
        SERIOUSLY_HARMED = "seriously_harmed", "The child was seriously harmed"
        NEITHER = "neither", "Neither"

    class Place(models.TextChoices):
        IN_AREA = "in_area", "In the local authority's area"
        OUTSIDE_ENGLAND = "outside_england", (
            "Outside England, while normally resident in the local authority's area"
        )
        ELSEWHERE = "elsewhere", "Elsewhere"

    class Cause(models.TextChoices):
        ACCIDENTAL_DEATH = "accidental_death", "Accidental death"
        ACCIDENTAL_INJURY = "accidental_injury", "Accidental injury"
        DRUG_SOLVENT_MISUSE = "drug_solvent_misuse", "Drug or solvent misuse"
        NATURAL_CAUSES = "natural_causes", "Natural causes"
        NEGLECT = "neglect", "Neglect"
        NON_ACCIDENTAL_DEATH = "non_accidental_death", "Non-accidental death"
        NON_ACCIDENTAL_INJURY = "non_accidental_injury", "Non-accidental injury"
        ROAD_TRAFFIC_ACCIDENT = "road_traffic_accident", "Road traffic accident"
        SELF_HARM = "self_harm", "Self-harm"
        SUDDEN_INFANT_DEATH = "sudden_infant_death", "Sudden infant death syndrome"
        SUICIDE = "suicide", "Suicide"
        NOT_YET_KNOWN = "not_yet_known", "Not yet known"
        OTHER = "other", "Other"

    class Characteristic(models.TextChoices):
        ALCOHOL_ABUSE = "alcohol_abuse", "Alcohol abuse"
        DRUG_ABUSE = "drug_abuse", "Drug abuse"
        EMOTIONAL_ABUSE = "emotional_abuse", "Emotional abuse"
        PHYSICAL_ABUSE = "physical_abuse", "Physical abuse"
        SEXUAL_ABUSE = "sexual_abuse", "Sexual abuse"
        DOMESTIC_VIOLENCE = "domestic_violence", "Domestic violence"
        SHAKEN_BABY = "shaken_baby", "Shaken baby syndrome"
        RECENT_NEGLECT = "recent_neglect", "Recent neglect"
        LONG_STANDING_NEGLECT = "long_standing_neglect", "Long-standing neglect"
        FABRICATED_ILLNESS = "fabricated_illness", "Fabricated illness"
        MORE_THAN_ONE_CHILD = "more_than_one_child", "More than one child abused"
        PARENTAL_MENTAL_HEALTH = "parental_mental_health", "Parental mental health"
        PARENT_IN_CARE = "parent_in_care", "Parent is in care"
        PARENT_CARE_LEAVER = "parent_care_leaver", "Parent is a care leaver"
        TEENAGE_PREGNANCY = "teenage_pregnancy", "Child of teenage pregnancy"
        SERIOUS_ILLNESS = "serious_illness", "Serious illness"
        NOT_YET_KNOWN = "not_yet_known", "Not yet known"
        OTHER = "other", "Other"

    class OtherReview(models.TextChoices):
        INTERNAL_REVIEW = "internal_review", "Internal agency review"
        DISCIPLINARY = "disciplinary", "Disciplinary processes"
        PROFESSIONAL_BODY = "professional_body", "Professional body process"
        CRIMINAL_INVESTIGATION = "criminal_investigation", "Criminal investigation"
        MAPPA = "mappa", "MAPPA"
        MARAC = "marac", "MARAC"
        DOMESTIC_HOMICIDE = "domestic_homicide", "Domestic Homicide Review"
        SAFEGUARDING_ADULT_REVIEW = "safeguarding_adult_review", "Safeguarding Adult Review"
        LEDER = "leder", "LeDeR review"
        REGULATORY = "regulatory", "Regulatory bodies"
        OTHER = "other", "Other"
        NONE_KNOWN = "none_known", "None known: I am unaware of any other reviews"

    class MustNotify(models.TextChoices):
        """Incidents that must be notified to the partnership besides a death or serious harm
        through abuse or neglect (002 Appendix 2, "Incidents that must be notified")."""

        DEATH_IN_CUSTODY = "death_in_custody", (
            "The child died in police custody, on remand or following sentence, in a Young "
            "Offender Institution, a secure training centre or secure children's home, or was "
            "detained under the Mental Capacity Act 2005")
        SERIOUS_SEXUAL_ABUSE = "serious_sexual_abuse", (
            "The child has been subjected to serious sexual abuse")
        SERIOUS_OFFENCE = "serious_offence", (
            "The child has perpetrated a particularly serious offence, either against another "
            "child or an adult")

    class ConsiderReferring(models.TextChoices):
        """Cases where all agencies should consider referring, depending on the gravity of the
        case or the significance of the issues it raises (002 Appendix 2)."""

        RISK_MISSED = "risk_missed", (
            "There was clear evidence of a risk of significant harm to a child that was not "
            "recognised by organisations or individuals in contact with the child or "
            "perpetrator, not shared with others, or not acted on appropriately")
        INSTITUTIONAL_SETTING = "institutional_setting", (
            "A child has been abused or neglected in an institutional setting (school, "
            "nursery, children's centre, Youth Offending Institution, Secure Training Centre, "
            "children's home or Armed Services training establishment)")
        LOOKED_AFTER = "looked_after", (
            "A child was abused or neglected while being looked after by the local authority")
        ABSENT = "absent", (
            "A child died whilst absent from or run away from home or other care setting")
        CONCERNS_NOT_TAKEN_SERIOUSLY = "concerns_not_taken_seriously", (
            "One or more agency or professional considers its concerns were not taken "
            "sufficiently seriously, or acted on appropriately by another")
        PROCEDURE_FAILINGS = "procedure_failings", (
            "The case indicates that there may be failings in one or more aspects of the local "
            "operation of the formal safeguarding children procedures which go beyond the "
            "handling of the case")
        CHILD_PROTECTION_PLAN = "child_protection_plan", (
            "The child concerned was the subject of a child protection plan, or had previously "
            "been the subject of a child protection plan")
        PROTOCOLS = "protocols", (
            "The case suggests that the partnership may need to change its local protocols or "
            "procedures or that protocols or procedures are not being adequately promulgated, "
            "understood or acted upon")
        NATIONAL_IMPLICATIONS = "national_implications", (
            "There are indications that the circumstances of the case may have national "
            "implications for systems or processes or there are significant public interest "
            "or community issues")

    source = models.CharField(max_length=16, choices=Source.choices, default=Source.AGENCY)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="referral"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="referrals",
    )
    agency = models.ForeignKey(
        "safeguarding.Agency", on_delete=models.PROTECT, null=True, blank=True,
        related_name="referrals",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_on = models.DateField(null=True, blank=True)
    # A public referral's receipt code (cases.receipts), given to the member of the public
    # instead of the case's sequential reference; none for an agency's referral.
    receipt_code = models.CharField(max_length=10, unique=True, null=True, blank=True,
                                    editable=False)
    # The sections (their slugs) its author has saved at least once: a section is "Completed"
    # only once its author has been through it (GOV.UK task list statuses).
    sections_saved = models.JSONField(default=list, blank=True)

    # Route and the notifiable-incident criteria, each an explicit answer.
    route = models.CharField(max_length=16, choices=Route.choices, blank=True)
    abuse_or_neglect = models.CharField(max_length=16, choices=AbuseOrNeglect.choices, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    place = models.CharField(max_length=20, choices=Place.choices, blank=True)
    looked_after = models.CharField(max_length=8, choices=YesNoUnsure.choices, blank=True)
    regulated_setting = models.CharField(max_length=8, choices=YesNoUnsure.choices, blank=True)
    care_leaver = models.CharField(max_length=8, choices=YesNoUnsure.choices, blank=True)
    must_notify = models.JSONField("incidents that must be notified", default=list, blank=True)
    consider_referring = models.JSONField("reasons to consider referring", default=list,
                                          blank=True)

    # Section 1: about the person completing the form.
    referrer_name = models.CharField("full name", max_length=SHORT, blank=True)
    referrer_job_title = models.CharField("job title", max_length=SHORT, blank=True)
    referrer_organisation = models.CharField("organisation", max_length=SHORT, blank=True)
    referrer_email = models.EmailField("email", max_length=254, blank=True)
    referrer_phone = models.CharField("telephone number", max_length=32, blank=True)
    referrer_address = models.TextField("address", max_length=1000, blank=True)
    referrer_relationship = models.CharField(
        "how you know the child", max_length=SHORT, blank=True
    )
    authorising_officer = models.CharField(
        "authorising officer within agency", max_length=SHORT, blank=True
    )
    authorising_officer_job_title = models.CharField(
        "authorising officer's job title", max_length=SHORT, blank=True
    )
    agreement_date = models.DateField("organisation agreement date", null=True, blank=True)

    # Sections 2 and 5: the incident.
    incident_date = models.DateField("date of serious incident", null=True, blank=True)
    # The 5 working day notification clock runs from the local authority's awareness (Working
    # Together 2023; 004 section 5.2); the referral's own clock from the agency's (004 4.5).
    agency_aware_on = models.DateField("date your agency became aware of the incident",
                                       null=True, blank=True)
    local_authority_told_on = models.DateField(
        "date children's social care or the local authority was told", null=True, blank=True)
    staff_conduct = models.CharField(
        "does the alleged incident involve the conduct of a staff member?",
        max_length=16, choices=YesNoUnknown.choices, blank=True,
    )
    coroner_involved = models.CharField(
        "is a coroner involved?", max_length=8, choices=YesNoUnsure.choices, blank=True
    )
    coroner_details = models.TextField(
        "details of the coroner and local authority area", max_length=2000, blank=True
    )
    criminal_investigation = models.CharField(
        "is there a criminal investigation?", max_length=8, choices=YesNoUnsure.choices,
        blank=True,
    )
    criminal_investigation_details = models.TextField(
        "details of the criminal investigation", max_length=2000, blank=True
    )
    main_cause = models.CharField("main cause of incident", max_length=24,
                                  choices=Cause.choices, blank=True)
    cause_other = models.CharField("other cause", max_length=SHORT, blank=True)
    characteristics = models.JSONField("characteristics of the case", default=list, blank=True)
    characteristic_other = models.CharField("other characteristic", max_length=SHORT, blank=True)

    # Section 6: child protection.
    known_to_social_care = models.CharField(
        "was the child known to social care prior to the incident?",
        max_length=16, choices=YesNoUnknown.choices, blank=True,
    )
    child_on_cp_plan = models.CharField(
        "was the child on a child protection plan at the time or prior to the incident?",
        max_length=16, choices=YesNoUnknown.choices, blank=True,
    )
    siblings_on_cp_plan = models.CharField(
        "were any siblings on a child protection plan at the time or prior to the incident?",
        max_length=16, choices=YesNoUnknown.choices, blank=True,
    )
    child_on_cin_plan = models.CharField(
        "was the child on a child in need plan at the time or prior to the incident?",
        max_length=16, choices=YesNoUnknown.choices, blank=True,
    )
    siblings_on_cin_plan = models.CharField(
        "were any siblings on a child in need plan at the time or prior to the incident?",
        max_length=16, choices=YesNoUnknown.choices, blank=True,
    )

    # Sections 8 to 12.
    incident_details = models.TextField("details of the case or incident", max_length=LONG,
                                        blank=True)
    case_history = models.TextField("history of the case", max_length=LONG, blank=True)
    actions_taken = models.TextField(
        "action taken after the incident to safeguard the child or siblings",
        max_length=LONG, blank=True,
    )
    why_meets_criteria = models.TextField(
        "why you believe this case meets the criteria for notification", max_length=LONG,
        blank=True,
    )
    why_learning = models.TextField(
        "why you believe there is learning to be explored", max_length=LONG, blank=True
    )
    authorising_officer_comment = models.TextField(
        "agency authorising officer comment and recommendation", max_length=LONG, blank=True
    )
    other_reviews = models.JSONField("other reviews pending or complete", default=list,
                                     blank=True)
    other_reviews_details = models.TextField("details of other reviews", max_length=LONG,
                                             blank=True)
    early_learning = models.TextField(
        "early learning or changes to practice already made", max_length=LONG, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"Referral {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("case_forms:task-list", args=[self.pk])

    @property
    def receipt(self) -> str:
        """The receipt code as the public reads it out: K7QX-9MRP-2D."""
        return grouped(self.receipt_code) if self.receipt_code else ""

    @property
    def is_public(self) -> bool:
        """Made on the public referral page: not judged against the notifiable-incident
        criteria, which a member of the public is not asked about."""
        return self.source == self.Source.PUBLIC

    @property
    def child_died(self) -> bool:
        return self.outcome == self.Outcome.DIED

    def criteria_met(self, *, ask_about_care_leavers: bool = True) -> list[str]:
        """The notifiable-incident criteria this referral's answers meet, in the seeds' words
        (000 stage 1, 003, 004 section 2.1; care leavers from Working Together 2023)."""
        abuse = self.abuse_or_neglect in (self.AbuseOrNeglect.KNOWN,
                                          self.AbuseOrNeglect.SUSPECTED)
        in_scope = self.place in (self.Place.IN_AREA, self.Place.OUTSIDE_ENGLAND)
        met = []
        if abuse and in_scope and self.outcome == self.Outcome.DIED:
            met.append(CRITERIA["died"])
        if abuse and in_scope and self.outcome == self.Outcome.SERIOUSLY_HARMED:
            met.append(CRITERIA["seriously_harmed"])
        return met + self.criteria_requiring_notification(
            ask_about_care_leavers=ask_about_care_leavers
        )

    def criteria_requiring_notification(self, *, ask_about_care_leavers: bool = True
                                        ) -> list[str]:
        """Deaths that are notified whether or not abuse or neglect is known or suspected."""
        if not self.child_died:
            return []
        met = []
        if self.looked_after == YesNoUnsure.YES:
            met.append(CRITERIA["looked_after_died"])
        if self.regulated_setting == YesNoUnsure.YES:
            met.append(CRITERIA["regulated_setting_died"])
        if ask_about_care_leavers and self.care_leaver == YesNoUnsure.YES:
            met.append(CRITERIA["care_leaver_died"])
        return met


CRITERIA = {
    "died": "A child has died (including cases of suspected suicide), and abuse or neglect "
            "is known or suspected",
    "seriously_harmed": "A child has been seriously harmed and abuse or neglect is known or "
                        "suspected",
    "looked_after_died": "A looked after child has died (including cases where abuse or "
                         "neglect is not known or suspected)",
    "regulated_setting_died": "A child in a regulated setting or service has died (including "
                              "cases where abuse or neglect is not known or suspected)",
    "care_leaver_died": "A care leaver up to and including the age of 24 has died",
}


class Child(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        OTHER = "other", "Other"
        NOT_KNOWN = "not_known", "Not known"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="children")
    full_name = models.CharField(max_length=SHORT)
    date_of_birth = models.DateField(null=True, blank=True)
    # Entered only when it cannot be worked out: see age_at().
    age_at_incident = models.CharField("age at the time of the incident", max_length=40,
                                       blank=True)
    gender = models.CharField(max_length=16, choices=Gender.choices, blank=True)
    ethnicity = models.CharField("ethnicity or ethnic origin", max_length=SHORT, blank=True)
    nationality = models.CharField(max_length=SHORT, blank=True)
    faith = models.CharField("faith or religion", max_length=SHORT, blank=True)
    disability = models.CharField(max_length=SHORT, blank=True)
    address = models.TextField("home address", max_length=1000, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    whereabouts_at_incident = models.CharField(
        "whereabouts at the time of the incident", max_length=SHORT, blank=True
    )
    carer_at_incident = models.CharField(
        "carer at the time of the incident", max_length=SHORT, blank=True
    )
    date_of_death = models.DateField(null=True, blank=True)
    cause_of_death = models.CharField("cause of death", max_length=SHORT, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return f"Child {self.pk}"

    def age_at(self, incident_date: date | None) -> str:
        """The child's age at the time of the incident (004 Appendix 1, section 2): worked out
        from the date of birth and the date of the incident when both are known, so that it
        follows a corrected date; otherwise the age the referrer entered."""
        if self.date_of_birth and incident_date and incident_date >= self.date_of_birth:
            return age_between(self.date_of_birth, incident_date)
        return self.age_at_incident


def age_between(born: date, on: date) -> str:
    """An age as people say it: days or weeks for a newborn, months up to 2, then years."""
    days = (on - born).days
    months = (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
    if months < 1:
        return _plural(days, "day") if days < 14 else _plural(days // 7, "week")
    if months < 24:
        return _plural(months, "month")
    return _plural(months // 12, "year")


def _plural(number: int, unit: str) -> str:
    return f"{number} {unit}{'' if number == 1 else 's'}"


class FamilyMember(models.Model):
    """A parent or guardian (section 3), a sibling (section 4) or another significant person
    in the family composition (002 Appendix 2)."""

    class Kind(models.TextChoices):
        PARENT = "parent", "Parent or guardian"
        SIBLING = "sibling", "Sibling"
        SIGNIFICANT_OTHER = "significant_other", "Other significant person"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="family")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    first_name = models.CharField(max_length=SHORT)
    last_name = models.CharField(max_length=SHORT, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    relationship_to_child = models.CharField(max_length=SHORT, blank=True)
    gender = models.CharField(max_length=16, choices=Child.Gender.choices, blank=True)
    ethnicity = models.CharField(max_length=SHORT, blank=True)
    nationality = models.CharField(max_length=SHORT, blank=True)
    address = models.TextField(max_length=1000, blank=True)
    legal_status = models.CharField(
        "legal status and/or current criminal proceedings", max_length=500, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class Plan(models.Model):
    """A child protection or child in need plan, of the child or a sibling (section 6)."""

    class Kind(models.TextChoices):
        CHILD_PROTECTION = "child_protection", "Child protection plan"
        CHILD_IN_NEED = "child_in_need", "Child in need plan"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    person_name = models.CharField("name of child or sibling", max_length=SHORT)
    started_on = models.DateField("date commenced", null=True, blank=True)
    ended_on = models.DateField("date ended", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class InvolvedAgency(models.Model):
    """An agency known to be involved with the child or family (section 7; 002 section 3)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE,
                                 related_name="involved_agencies")
    contact_name = models.CharField("full name", max_length=SHORT)
    organisation = models.CharField(max_length=SHORT)
    contact_details = models.CharField(max_length=500, blank=True)
    started_on = models.DateField("start date", null=True, blank=True)
    ended_on = models.DateField("end date", null=True, blank=True)
    still_involved = models.CharField(max_length=8, choices=YesNoUnsure.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "involved agencies"

    def __str__(self) -> str:
        return self.organisation
