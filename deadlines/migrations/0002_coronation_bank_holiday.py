"""The coronation bank holiday of 8 May 2023, which workalendar 17 (its last release, January
2023) does not know. Recorded in the history too, as a row an administrator could have added."""

from datetime import date

from django.db import migrations
from django.utils import timezone

DAY = date(2023, 5, 8)
REASON = "Coronation of King Charles III (special bank holiday missing from workalendar 17)"
CHANGE_REASON = "Data migration deadlines 0002"
VERSION_KEY = "deadlines:calendar-version"  # deadlines.calendar.VERSION_KEY


def forget_calendar_version() -> None:
    """Running processes rebuild their calendar at their next look at the version."""
    from django.core.cache import cache

    try:
        cache.delete(VERSION_KEY)
    except Exception:  # no cache reachable while migrating: restarting the processes will do
        pass


def add_coronation(apps, schema_editor) -> None:
    CalendarDay = apps.get_model("deadlines", "CalendarDay")
    HistoricalCalendarDay = apps.get_model("deadlines", "HistoricalCalendarDay")
    day, created = CalendarDay.objects.get_or_create(
        date=DAY, defaults={"kind": "bank_holiday", "reason": REASON})
    if created:
        HistoricalCalendarDay.objects.create(
            id=day.id, date=day.date, kind=day.kind, reason=day.reason,
            history_date=timezone.now(), history_type="+", history_change_reason=CHANGE_REASON)
    forget_calendar_version()


def remove_coronation(apps, schema_editor) -> None:
    CalendarDay = apps.get_model("deadlines", "CalendarDay")
    HistoricalCalendarDay = apps.get_model("deadlines", "HistoricalCalendarDay")
    CalendarDay.objects.filter(date=DAY, kind="bank_holiday", reason=REASON).delete()
    HistoricalCalendarDay.objects.filter(date=DAY, history_change_reason=CHANGE_REASON).delete()
    forget_calendar_version()


class Migration(migrations.Migration):

    dependencies = [
        ("deadlines", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_coronation, remove_coronation),
    ]
