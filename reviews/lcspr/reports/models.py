"""The report's records (004 sections 14.5, 16.1; 002 section 9; 003): each version of the
report (a case document: PDF or Word), the comments kept with it, the sign-offs bound to it
(voided, never deleted, when a new version comes), the recommendations, and the redaction
check's hits in each version with how each was cleared."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from reviews.rapid_review.models import BaseSignOff

from ..models import Lcspr

__all__ = ["RedactionHit", "ReportComment", "ReportRecommendation", "ReportSignOff",
           "ReportVersion"]

SHORT = 200
LONG = 10_000


class ReportVersion(models.Model):
    """One version of the report, draft or final, uploaded by the reviewer or the business
    unit: the newest is the report now. The redaction check reads it when it is uploaded
    (``text_read``: whether any text could be read from it at all)."""

    lcspr = models.ForeignKey(Lcspr, on_delete=models.CASCADE, related_name="report_versions")
    number = models.PositiveIntegerField()
    document = models.OneToOneField("cases.Document", on_delete=models.PROTECT,
                                    related_name="lcspr_report_version")
    received_on = models.DateField("the version received on")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    note = models.TextField("what changed in this version", max_length=LONG, blank=True)
    text_read = models.BooleanField(default=False)
    checked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["lcspr", "number"],
                                               name="one_report_version_number")]

    def __str__(self) -> str:
        return f"Version {self.number} of the report"


class ReportComment(models.Model):
    """A comment on one version, from the governance group or the Learning and Development
    group (004 section 14.5): who, when, what. Kept with the version it was made on."""

    class Group(models.TextChoices):
        GOVERNANCE = "governance", "The governance group"
        LEARNING = "learning", "The Learning and Development group"

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE,
                                related_name="comments")
    group = models.CharField(max_length=16, choices=Group.choices)
    commented_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    commented_on = models.DateField()
    text = models.TextField(max_length=LONG)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_group_display()} on version {self.version.number}"


class ReportSignOff(BaseSignOff):
    """The final report signed off for one of the three safeguarding partners, or by the
    independent scrutineer (004 section 16.1), bound to the version they read; or their
    decline, with the reason, which holds the final sign-off until a new version is uploaded
    or they sign it off after all. A new version voids the sign-offs and declines standing
    (kept, with why)."""

    class Signer(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "The local authority"
        POLICE = "police", "The police"
        INTEGRATED_CARE_BOARD = "integrated_care_board", "The integrated care board"
        SCRUTINEER = "scrutineer", "The independent scrutineer"

    lcspr = models.ForeignKey(Lcspr, on_delete=models.CASCADE, related_name="report_sign_offs")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT,
                                related_name="sign_offs")
    signer = models.CharField(max_length=32, choices=Signer.choices)
    history = HistoricalRecords()

    class Meta(BaseSignOff.Meta):
        constraints = [models.UniqueConstraint(
            fields=["lcspr", "signer"], condition=models.Q(voided_on__isnull=True),
            name="one_current_report_sign_off_per_signer")]

    def __str__(self) -> str:
        done = "Declined" if self.declined else "Signed off"
        return f"{done} for {self.get_signer_display().lower()} on {self.signed_on}"


class ReportRecommendation(models.Model):
    """One of the report's recommendations, as a structured item (what, which agencies, by
    when) that the action plan turns into actions."""

    lcspr = models.ForeignKey(Lcspr, on_delete=models.CASCADE,
                              related_name="report_recommendations")
    number = models.PositiveIntegerField()
    what = models.TextField("the recommendation", max_length=LONG)
    agencies = models.ManyToManyField("safeguarding.Agency", related_name="+")
    due_on = models.DateField("to be done by")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["lcspr", "number"],
                                               name="one_recommendation_number")]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"


class RedactionHit(models.Model):
    """One place in a version where the report names what the service knows of the family
    or the practitioners. Cleared when kept with a reason, or when the next version no longer
    has it (fixed in a new version). Shown to the business unit on a page only: never in an
    address, a log or an email."""

    class Kind(models.TextChoices):
        CHILD_NAME = "child_name", "A child's name"
        FIRST_NAME = "first_name", "A first name alone"
        FAMILY_NAME = "family_name", "A family member's name"
        DATE_OF_BIRTH = "date_of_birth", "A date of birth"
        ADDRESS = "address", "An address"
        POSTCODE = "postcode", "A postcode"
        SETTING = "setting", "A school or setting"
        PRACTITIONER = "practitioner", "A practitioner's name"
        CASE_REFERENCE = "case_reference", "The case reference"
        UNREADABLE = "unreadable", "No text could be read"

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE,
                                related_name="redaction_hits")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    found = models.CharField(max_length=SHORT)
    before = models.CharField(max_length=SHORT, blank=True)
    after = models.CharField(max_length=SHORT, blank=True)
    position = models.PositiveIntegerField(default=0)
    kept_reason = models.TextField("why it is kept", max_length=LONG, blank=True)
    kept_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+")
    kept_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} in version {self.version.number}"

    @property
    def cleared(self) -> bool:
        return bool(self.kept_reason)
