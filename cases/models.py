import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Case(models.Model):
    """A serious incident from its referral to the notification decision and beyond."""

    class Status(models.TextChoices):
        REFERRED = "referred", "Referred"
        SCREENING = "screening", "With the safeguarding partners"
        NOTIFICATION_DUE = "notification_due", "To be notified"
        NOTIFIED = "notified", "Notified"
        RAPID_REVIEW = "rapid_review", "Rapid review"
        LCSPR_TO_COMMISSION = "lcspr_to_commission", "LCSPR to be commissioned"
        # The LCSPR's own transitions move the case on (reviews/lcspr/workflow.py).
        LCSPR = "lcspr", "LCSPR under way"
        LCSPR_ENDED = "lcspr_ended", "LCSPR ended"
        NATIONAL_REVIEW = "national_review", "National review"
        LEARNING_REVIEW = "learning_review", "Learning review"
        NO_REVIEW = "no_review", "No review"
        LEARNING = "learning", "With the Learning and Development group"
        LEARNING_DECISION_TO_APPROVE = "learning_to_approve", "With the partners for approval"
        LEARNING_DECIDED = "learning_decided", "Learning route decided"
        NO_FURTHER_ACTION = "no_further_action", "No further action"
        WITHDRAWN = "withdrawn", "Withdrawn"
        MERGED = "merged", "Merged with another case"

    class ScreeningDecision(models.TextChoices):
        # The three outcomes of the partners' decision (004 sections 5.2, 5.5 and 5.6).
        NOTIFY = "notify", "Notify the National Panel, Ofsted and DfE"
        LEARNING = "learning", (
            "Below the threshold for notification, but learning to explore: refer to the "
            "Learning and Development group"
        )
        NO_FURTHER_ACTION = "no_further_action", "No further action"

    class LearningDecision(models.TextChoices):
        # The Learning and Development group's five options (004 section 10.6).
        MULTI_AGENCY_PRACTICE_REVIEW = "multi_agency_practice_review", (
            "A multi-agency practice review should be undertaken"
        )
        MULTI_AGENCY_AUDIT = "multi_agency_audit", (
            "A multi-agency audit should be undertaken on similar cases"
        )
        SINGLE_AGENCY_REVIEW = "single_agency_review", (
            "There is learning for a single agency and an internal review is undertaken"
        )
        QUALITY_ASSURANCE = "quality_assurance", (
            "An issue is highlighted that needs to be explored further, through quality "
            "assurance processes"
        )
        NO_FURTHER_ACTION = "no_further_action", "No further action required"

    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.REFERRED)
    received_on = models.DateField()
    partners_informed_on = models.DateField(null=True, blank=True)
    screening_decision = models.CharField(
        max_length=32, choices=ScreeningDecision.choices, blank=True
    )
    screening_rationale = models.TextField(blank=True)
    screening_decided_on = models.DateField(null=True, blank=True)
    screening_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    learning_decision = models.CharField(
        max_length=40, choices=LearningDecision.choices, blank=True
    )
    learning_rationale = models.TextField(blank=True)
    learning_decided_on = models.DateField(
        null=True, blank=True, help_text="The date the Learning and Development group decided.")
    # The partners' approval of the group's decision (004 section 10.7).
    learning_approved_on = models.DateField(null=True, blank=True)
    learning_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    learning_sharing = models.TextField(
        blank=True, help_text="How the learning will be shared and acted on when no review is "
                              "held, recorded with the partners' approval.")
    local_authority_aware_on = models.DateField(
        null=True, blank=True,
        help_text="The date the local authority became aware: it starts the 5 working day clock.",
    )
    referrer_told_on = models.DateField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-reference"]
        indexes = [models.Index(fields=["status", "received_on"]),
                   # The case list, newest first.
                   models.Index(fields=["-received_on", "-reference"], name="cases_newest_first")]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("cases:case", args=[self.reference])

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @property
    def learning_holds_no_review(self) -> bool:
        """Whether the Learning and Development group's decision holds no review of this case
        (004 section 10.6 options 2, 4 and 5), so that the partners' approval says how the
        learning will be shared (001)."""
        return self.learning_decision in NO_REVIEW_LEARNING_DECISIONS

    @property
    def decisions(self):
        """The decision log of the case and of every record under it, oldest first."""
        from safeguarding.models import Decision

        return Decision.objects.filter(case_id=self.pk)


# The group's options under which no review of the case itself is held: an audit of similar
# cases, quality assurance, or no further action (004 section 10.6, options 2, 4 and 5).
NO_REVIEW_LEARNING_DECISIONS = {
    Case.LearningDecision.MULTI_AGENCY_AUDIT, Case.LearningDecision.QUALITY_ASSURANCE,
    Case.LearningDecision.NO_FURTHER_ACTION,
}

CLOSED_STATUSES = {
    Case.Status.NO_FURTHER_ACTION, Case.Status.LEARNING_DECIDED, Case.Status.NO_REVIEW,
    Case.Status.WITHDRAWN, Case.Status.MERGED,
}


class Notification(models.Model):
    """One notification the local authority sent: the online notification, which reaches
    the National Panel, Ofsted and DfE at once (004 section 5.3), or one to a single
    recipient. Who must be told is decided in ``cases.notifying``."""

    class Recipient(models.TextChoices):
        NATIONAL_PANEL = "national_panel", (
            "National Panel, Ofsted and DfE (online notification)")
        OFSTED = "ofsted", "Ofsted"
        DFE = "dfe", "Department for Education (the Secretary of State)"
        CHILD_DEATH_REVIEW = "child_death_review", "Child death review partners"
        OTHER_AREA = "other_area", "Safeguarding partners of another area"

    class Channel(models.TextChoices):
        ONLINE_SYSTEM = "online_system", "Child safeguarding incident notification system"
        SECURE_EMAIL = "secure_email", "Secure email"
        TELEPHONE = "telephone", "Telephone"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notifications")
    recipient = models.CharField(max_length=32, choices=Recipient.choices)
    area = models.CharField(
        "the area", max_length=150, blank=True,
        help_text="The other area whose safeguarding partners were told, where the child "
                  "lives elsewhere.")
    notified_on = models.DateField()
    channel = models.CharField(max_length=32, choices=Channel.choices)
    sent_by = models.CharField(max_length=150, help_text="Who sent the notification")
    panel_reference = models.CharField(max_length=50, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["notified_on", "recipient"]
        constraints = [
            # Several other areas may be told; every other recipient once.
            models.UniqueConstraint(fields=["case", "recipient"], name="one_notification_each",
                                    condition=~models.Q(recipient="other_area")),
        ]

    def __str__(self) -> str:
        return f"{self.case} notified to {self.get_recipient_display()}"

    @property
    def told(self) -> str:
        """Who was told, as the case page and summary show it."""
        if self.recipient == self.Recipient.OTHER_AREA and self.area:
            return f"Safeguarding partners of {self.area}"
        return self.get_recipient_display()


class CaseAccess(models.Model):
    """One view of a case's data: every page and PDF is recorded."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    what = models.CharField(max_length=64)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "case accesses"

    def __str__(self) -> str:
        return f"{self.case} seen by {self.user_id} ({self.what})"


class ReferenceCounter(models.Model):
    """The last case number issued in a year; locked while the next is taken."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


OPEN_STATUSES = set(Case.Status) - CLOSED_STATUSES


def document_location(document: "Document", filename: str) -> str:
    """A random name under the case's number: the uploaded file name, which may name a
    child, is kept in the database only."""
    return f"cases/{document.case_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    """A file kept with a case: a referral attachment, a report, a draft. Stored outside
    static and public media, and given out only by the permission-checked download page."""

    class Kind(models.TextChoices):
        REFERRAL_ATTACHMENT = "referral_attachment", "Referral attachment"
        AGENCY_REPORT = "agency_report", "Agency report or chronology"
        RAPID_REVIEW_REPORT = "rapid_review_report", "Rapid review report"
        # Kept by the rapid review when the pack is circulated: what the panel read.
        PANEL_PACK = "panel_pack", "Rapid review panel pack, as circulated"
        PANEL_CORRESPONDENCE = "panel_correspondence", "Correspondence with the National Panel"
        REVIEW_DRAFT = "review_draft", "Draft review report"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=document_location, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case} document {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("cases:document", args=[self.case.reference, self.pk])
