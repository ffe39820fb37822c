"""Learning dissemination (002 section 10; 004 sections 9.3, 15.6; 003; 001): what learning
of a review or route was shared, how, with whom and when, each a tracked item of the source's
action plan (planned, then shared); the learning captured while a review is in progress,
and the key findings sent to the Learning and Development group. The item's state field is
declared to the workflow in workflow.py."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

__all__ = ["LearningPoint", "LearningShared"]

SHORT = 200
LONG = 10_000


class LearningShared(models.Model):
    """Learning shared, or planned to be shared, across the partnership: a 7-minute
    briefing, the newsletter, a learning event, training (002 section 10)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        SHARED = "shared", "Shared"

    class How(models.TextChoices):
        BRIEFING = "briefing", "A briefing, such as a 7-minute briefing"
        NEWSLETTER = "newsletter", "The partnership newsletter"
        LEARNING_EVENT = "learning_event", "A learning event"
        TRAINING = "training", "Training"
        OTHER = "other", "Another way"

    plan = models.ForeignKey("reviews.ActionPlan", on_delete=models.PROTECT,
                             related_name="learning_shared")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    what = models.TextField("what is shared", max_length=LONG)
    how = models.CharField(max_length=16, choices=How.choices)
    how_other = models.CharField("the other way", max_length=SHORT, blank=True)
    audience = models.TextField("with whom", max_length=LONG)
    planned_for = models.DateField("to be shared by", null=True, blank=True)
    planned_on = models.DateField("the date it was planned", null=True, blank=True)
    shared_on = models.DateField(null=True, blank=True)
    document = models.ForeignKey("cases.Document", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name_plural = "learning shared"

    def __str__(self) -> str:
        return f"Learning shared ({self.get_status_display().lower()})"

    @property
    def how_label(self) -> str:
        return self.how_other if self.how == self.How.OTHER and self.how_other else \
            self.get_how_display()


class LearningPoint(models.Model):
    """A point from the case about improvements needed, captured before the review ends
    (004 sections 9.3, 15.6); a key finding is sent to the Learning and Development group,
    which disseminates it across the partnership (003)."""

    plan = models.ForeignKey("reviews.ActionPlan", on_delete=models.PROTECT,
                             related_name="learning_points")
    captured_on = models.DateField()
    text = models.TextField("the learning", max_length=LONG)
    captured_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    is_key_finding = models.BooleanField(default=False)
    sent_to_group_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "captured_on", "pk"]

    def __str__(self) -> str:
        return f"Learning captured on {self.captured_on}"
