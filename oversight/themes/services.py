"""The one write of oversight: the business unit applies learning themes to a case and to
the records under it."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases.models import Case
from reviews.models import Lcspr, RapidReview, ReportRecommendation
from safeguarding import figures_cache
from safeguarding.models import User

from .models import RECORDS, LearningTheme, ThemeTag

RecordThemes = tuple[str, int | None, list[int]]  # (record, record_id, theme ids)


def apply_themes(*, case_id: int, record: str, record_id: int | None, theme_ids: list[int],
                 actor: User, today: date | None = None) -> None:
    """Set exactly these themes on the record ("case", "rapid_review", "lcspr" or
    "recommendation" of the case): new ones are added, those not given removed. A record
    of another case, or a theme that is unknown or retired (and not already there), is
    refused and nothing changes."""
    if not actor.has_perm("oversight.apply_themes"):
        raise PermissionDenied
    _check_record(case_id=case_id, record=record, record_id=record_id)
    on = {"case_id": case_id, **_record_fields(record, record_id)}
    wanted = set(theme_ids)
    with transaction.atomic():
        figures_cache.changed()  # the themes page's counts
        current = {tag.theme_id: tag for tag in ThemeTag.objects.select_for_update().filter(**on)}
        added = wanted - current.keys()
        _check_themes(added)
        for theme_id, tag in current.items():
            if theme_id not in wanted:
                tag.delete()
        for theme_id in sorted(added):
            ThemeTag.objects.create(theme_id=theme_id, tagged_by=actor,
                                    tagged_on=today or timezone.localdate(), **on)


def apply_case_themes(*, case_id: int, records: list[RecordThemes], actor: User,
                      today: date | None = None) -> None:
    """The tagging page: the themes of every record of the case, saved together or not at
    all."""
    with transaction.atomic():
        for record, record_id, theme_ids in records:
            apply_themes(case_id=case_id, record=record, record_id=record_id,
                         theme_ids=theme_ids, actor=actor, today=today)


def _record_fields(record: str, record_id: int | None) -> dict[str, int | None]:
    return {f"{name}_id": record_id if name == record else None for name in RECORDS}


def _check_record(*, case_id: int, record: str, record_id: int | None) -> None:
    if record == "case" or record_id is None:
        belongs = record == "case" and record_id is None and \
            Case.objects.filter(pk=case_id).exists()
    elif record == "rapid_review":
        belongs = RapidReview.objects.filter(pk=record_id, case_id=case_id).exists()
    elif record == "lcspr":
        belongs = Lcspr.objects.filter(pk=record_id, case_id=case_id).exists()
    elif record == "recommendation":
        belongs = ReportRecommendation.objects.filter(pk=record_id,
                                                      lcspr__case_id=case_id).exists()
    else:
        raise ValidationError(f"Themes cannot be applied to a {record!r}")
    if not belongs:
        raise ValidationError("Themes can only be applied to this case and its own reviews "
                              "and recommendations")


def _check_themes(theme_ids: set[int]) -> None:
    """Themes to add must exist and be in use."""
    themes = LearningTheme.objects.in_bulk(theme_ids)
    if theme_ids - themes.keys():
        raise ValidationError("Select learning themes from the list")
    retired = sorted(theme.name for theme in themes.values() if not theme.is_active)
    if retired:
        raise ValidationError(f"{', '.join(retired)} can no longer be applied: "
                              f"{'it has' if len(retired) == 1 else 'they have'} been retired")
