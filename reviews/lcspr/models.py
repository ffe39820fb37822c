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

from safeguarding.choices import YesNo

__all__ = ["Lcspr", "LcsprNotice", "ReviewerCommission"]

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
