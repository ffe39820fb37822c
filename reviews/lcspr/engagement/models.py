"""The practitioners and the family of an LCSPR (004 sections 8.5 and 12.1; 002 sections 7
and 9): who is involved and how, and a record of each contact with them. Family members'
names are the family's: they are shown on pages, never put in an address, a log line or an
email."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ..models import Lcspr

__all__ = ["EngagementContact", "LcsprFamilyMember", "LcsprPractitioner"]

SHORT = 200
LONG = 10_000


class LcsprPractitioner(models.Model):
    """A practitioner involved in the case, invited to contribute their perspective without
    fear of being blamed for actions taken in good faith (004 section 8.5): how they take
    part, the support offered to them and by whom, and when they were told of the outcome
    (before publication: 004 section 14.6, the impact of publication on practitioners)."""

    class Engagement(models.TextChoices):
        LEARNING_EVENT = "learning_event", "A practitioners' learning event"
        INTERVIEW = "interview", "An interview with the reviewer"
        REFLECTIVE_SESSION = "reflective_session", "A reflective session"
        WRITTEN_ACCOUNT = "written_account", "A written account"
        OTHER = "other", "Another way"

    lcspr = models.ForeignKey(Lcspr, on_delete=models.CASCADE, related_name="practitioners")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                             blank=True, related_name="+")
    name = models.CharField("or their name, if they have no account", max_length=SHORT,
                            blank=True)
    role = models.CharField("their role", max_length=SHORT)
    agency = models.ForeignKey("safeguarding.Agency", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    organisation = models.CharField("or their organisation, if it is not listed",
                                    max_length=SHORT, blank=True)
    engagement = models.CharField("how they take part", max_length=24,
                                  choices=Engagement.choices)
    engagement_details = models.TextField("how, in words", max_length=LONG, blank=True)
    engaged_on = models.DateField("when they took part", null=True, blank=True)
    support_offered = models.TextField("the support offered to them", max_length=LONG,
                                       blank=True)
    support_by = models.CharField("who offered the support", max_length=SHORT, blank=True)
    told_of_outcome_on = models.DateField("told of the outcome of the review on", null=True,
                                          blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Practitioner of the LCSPR of {self.lcspr.case}"

    @property
    def display_name(self) -> str:
        return self.user.full_name if self.user_id else self.name

    @property
    def agency_name(self) -> str:
        agency = self.user.agency if self.user_id else self.agency
        return agency.name if agency else self.organisation

    @property
    def engagement_name(self) -> str:
        if self.engagement == self.Engagement.OTHER and self.engagement_details:
            return self.engagement_details
        return self.get_engagement_display()


class LcsprFamilyMember(models.Model):
    """A member of the family (usually a close relative, including those with parental
    responsibility; surviving children too) invited to contribute to the review (004
    sections 8.5 and 12.1): who engages them and when they were first approached, their
    consent to information sharing (or why it was not sought), what they were told to expect
    of the review, and whether they want to see the report before it is published."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        STEP_PARENT = "step_parent", "Step-parent or parent's partner"
        CARER = "carer", "Carer or guardian with parental responsibility"
        GRANDPARENT = "grandparent", "Grandparent"
        SIBLING = "sibling", "Brother or sister"
        CHILD = "child", "The child (a surviving child)"
        OTHER = "other", "Another relative or significant person"

    class EngagedBy(models.TextChoices):
        REVIEWER = "reviewer", "The reviewer"
        NAMED = "named", "Someone else, named here"

    class TakingPart(models.TextChoices):
        NOT_KNOWN = "not_known", "Not known yet"
        AGREED = "agreed", "They agreed to take part"
        DECLINED = "declined", "They declined to take part"

    class Consent(models.TextChoices):
        NOT_ASKED = "not_asked", "Not asked yet"
        GIVEN = "given", "Given"
        REFUSED = "refused", "Refused"
        NOT_SOUGHT = "not_sought", "Not sought: it was not appropriate to seek it"

    class WantsReport(models.TextChoices):
        NOT_ASKED = "not_asked", "Not asked yet"
        YES = "yes", "Yes"
        NO = "no", "No"

    lcspr = models.ForeignKey(Lcspr, on_delete=models.CASCADE, related_name="family_members")
    name = models.CharField("their name", max_length=SHORT)
    relationship = models.CharField("their relationship to the child", max_length=16,
                                    choices=Relationship.choices)
    relationship_details = models.CharField("the relationship, in words", max_length=SHORT,
                                            blank=True)
    engaged_by = models.CharField("who engages them", max_length=16,
                                  choices=EngagedBy.choices)
    engaged_by_name = models.CharField("the person who engages them, and their role",
                                       max_length=SHORT, blank=True)
    first_approached_on = models.DateField("first approached on", null=True, blank=True)
    taking_part = models.CharField("whether they take part", max_length=16,
                                   choices=TakingPart.choices, default=TakingPart.NOT_KNOWN)
    consent = models.CharField("consent to information sharing", max_length=16,
                               choices=Consent.choices, default=Consent.NOT_ASKED)
    consent_on = models.DateField("consent given or refused on", null=True, blank=True)
    consent_not_sought_reason = models.TextField("why consent was not sought",
                                                 max_length=LONG, blank=True)
    expectations_explained_on = models.DateField(
        "their involvement and what to expect explained on", null=True, blank=True)
    expectations_told = models.TextField(
        "what they were told about the review, its publication and their involvement",
        max_length=LONG, blank=True)
    wants_report = models.CharField("whether they want to see the report before publication",
                                    max_length=16, choices=WantsReport.choices,
                                    default=WantsReport.NOT_ASKED)
    saw_report_on = models.DateField("they saw the report on", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Family member of the LCSPR of {self.lcspr.case}"

    @property
    def relationship_name(self) -> str:
        if self.relationship == self.Relationship.OTHER and self.relationship_details:
            return self.relationship_details
        return self.get_relationship_display()

    @property
    def engaged_by_words(self) -> str:
        if self.engaged_by == self.EngagedBy.NAMED:
            return self.engaged_by_name
        return self.get_engaged_by_display()


class EngagementContact(models.Model):
    """One contact with a family member or a practitioner: when, how, by whom, and what
    passed. Kept as recorded: a correction is another contact's notes."""

    class How(models.TextChoices):
        VISIT = "visit", "A visit"
        PHONE = "phone", "A telephone call"
        VIDEO = "video", "A video call"
        LETTER = "letter", "A letter"
        EMAIL = "email", "An email"
        MEETING = "meeting", "A meeting"
        OTHER = "other", "Another way"

    lcspr = models.ForeignKey(Lcspr, on_delete=models.CASCADE,
                              related_name="engagement_contacts")
    family_member = models.ForeignKey(LcsprFamilyMember, on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="contacts")
    practitioner = models.ForeignKey(LcsprPractitioner, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="contacts")
    contacted_on = models.DateField("the contact made on")
    how = models.CharField("how", max_length=16, choices=How.choices)
    made_by = models.CharField("who made the contact", max_length=SHORT)
    notes = models.TextField(max_length=LONG)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["contacted_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(family_member__isnull=True, practitioner__isnull=False)
                | models.Q(family_member__isnull=False, practitioner__isnull=True),
                name="engagement_contact_with_one_person"),
        ]

    def __str__(self) -> str:
        return f"Contact of {self.contacted_on} for the LCSPR of {self.lcspr.case}"

    @property
    def person(self) -> LcsprFamilyMember | LcsprPractitioner | None:
        return self.family_member or self.practitioner
