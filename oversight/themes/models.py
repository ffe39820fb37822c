"""The learning themes taxonomy an administrator keeps, and the themes the business unit
applies to a case, its rapid review, its LCSPR and the LCSPR report's recommendations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

__all__ = ["LearningTheme", "ThemeTag"]


class LearningTheme(models.Model):
    class Kind(models.TextChoices):
        # In the order the tagging page shows them (the codes sort the same way).
        CAUSE = "cause", "Cause of the incident"
        CHARACTERISTIC = "characteristic", "Characteristic of the case"
        PRACTICE = "practice", "Practice theme"

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(
        "in use", default=True,
        help_text="Untick to retire the theme: it can no longer be applied, and the records "
                  "already tagged with it keep it.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Its place within its kind.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "order", "name"]

    def __str__(self) -> str:
        return self.name


# The records a theme is applied to, besides the case itself.
RECORDS = ("rapid_review", "lcspr", "recommendation")
_NONE_OF_THEM = Q(rapid_review__isnull=True, lcspr__isnull=True, recommendation__isnull=True)


class ThemeTag(models.Model):
    """One theme applied to a case, or to one record of the case (at most one of rapid_review,
    lcspr and recommendation; none of them: the theme is of the case itself)."""

    theme = models.ForeignKey(LearningTheme, on_delete=models.PROTECT, related_name="tags")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="theme_tags")
    rapid_review = models.ForeignKey("reviews.RapidReview", on_delete=models.CASCADE,
                                     null=True, blank=True, related_name="theme_tags")
    lcspr = models.ForeignKey("reviews.Lcspr", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="theme_tags")
    recommendation = models.ForeignKey("reviews.ReportRecommendation", on_delete=models.CASCADE,
                                       null=True, blank=True, related_name="theme_tags")
    tagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    tagged_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["theme__kind", "theme__order", "theme__name"]
        # Partial unique indexes, one per kind of record: the same on SQLite and PostgreSQL,
        # where a plain unique constraint would let NULLs repeat.
        constraints = [
            models.CheckConstraint(
                condition=(Q(rapid_review__isnull=True, lcspr__isnull=True)
                           | Q(rapid_review__isnull=True, recommendation__isnull=True)
                           | Q(lcspr__isnull=True, recommendation__isnull=True)),
                name="theme_tag_on_one_record"),
            models.UniqueConstraint(fields=["theme", "case"], condition=_NONE_OF_THEM,
                                    name="one_theme_tag_per_case"),
            *(models.UniqueConstraint(fields=["theme", record],
                                      condition=Q(**{f"{record}__isnull": False}),
                                      name=f"one_theme_tag_per_{record}")
              for record in RECORDS),
        ]

    def __str__(self) -> str:
        return f"{self.theme} on {self.record_name}"

    @property
    def record(self) -> str:
        """"case", "rapid_review", "lcspr" or "recommendation"."""
        return next((name for name in RECORDS if getattr(self, f"{name}_id")), "case")

    @property
    def record_name(self) -> str:
        return {"case": "the case", "rapid_review": "the rapid review", "lcspr": "the LCSPR",
                "recommendation": "a recommendation"}[self.record]
