"""Writes to the calendar's corrections and closures (CalendarDay rows).

Every write goes through here, so that each one is allowed, recorded in the history with who
made it, and followed by ``calendar_changed()`` once the transaction commits, which also
recomputes the deadlines.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from safeguarding.models import User

from . import calendar
from .models import CalendarDay


def validate_calendar_day(*, day: date, kind: str, reason: str,
                          calendar_day: CalendarDay | None = None) -> None:
    """Raise a ValidationError (by field) unless a row for ``day`` of ``kind`` makes sense;
    ``calendar_day`` is the row being changed, if any."""
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = "Enter why the calendar changes on this day"
    others = CalendarDay.objects.filter(date=day)
    if calendar_day is not None and calendar_day.pk:
        others = others.exclude(pk=calendar_day.pk)
    existing = others.first()
    if existing:
        errors["date"] = (f"{day:%-d %B %Y} is already in the calendar "
                          f"({existing.get_kind_display().lower()}: {existing.reason}); "
                          "change or remove that entry instead")
    elif kind not in CalendarDay.Kind.values:
        errors["kind"] = "Choose what kind of day this is"
    elif day.weekday() >= 5:
        errors["date"] = f"{day:%-d %B %Y} is a {day:%A}: weekends are never working days"
    elif kind == CalendarDay.Kind.WORKING_DAY and not calendar.is_library_holiday(day):
        errors["date"] = f"{day:%-d %B %Y} is not a bank holiday, so it is already a working day"
    elif kind != CalendarDay.Kind.WORKING_DAY and calendar.is_library_holiday(day):
        errors["date"] = f"{day:%-d %B %Y} is already a bank holiday"
    if errors:
        raise ValidationError(errors)


def add_calendar_day(*, actor: User, day: date, kind: str, reason: str) -> CalendarDay:
    """Add a bank holiday the library does not know, a closure day, or a working day the
    library wrongly calls a holiday."""
    if not actor.has_perm("deadlines.add_calendarday"):
        raise PermissionDenied("Only an administrator can change the calendar")
    calendar_day = CalendarDay(date=day, kind=kind, reason=reason.strip())
    _save(actor, calendar_day)
    return calendar_day


def change_calendar_day(*, actor: User, calendar_day: CalendarDay, day: date, kind: str,
                        reason: str) -> CalendarDay:
    """Change a row's date, kind or reason (the admin's change and revert pages)."""
    if not actor.has_perm("deadlines.change_calendarday", calendar_day):
        raise PermissionDenied("Only an administrator can change the calendar")
    calendar_day.date, calendar_day.kind, calendar_day.reason = day, kind, reason.strip()
    _save(actor, calendar_day)
    return calendar_day


def calendar_changed() -> None:
    """Once a change commits: rebuild this process's calendar (others see the version token
    change) and re-derive every deadline in the background."""
    from .tasks import recompute_deadlines

    calendar.calendar_changed()
    recompute_deadlines.delay()


def remove_calendar_day(*, actor: User, calendar_day: CalendarDay) -> None:
    if not actor.has_perm("deadlines.delete_calendarday", calendar_day):
        raise PermissionDenied("Only an administrator can change the calendar")
    with transaction.atomic():
        calendar_day._history_user = actor
        calendar_day.delete()
        transaction.on_commit(calendar_changed)


def _save(actor: User, calendar_day: CalendarDay) -> None:
    with transaction.atomic():
        validate_calendar_day(day=calendar_day.date, kind=calendar_day.kind,
                              reason=calendar_day.reason, calendar_day=calendar_day)
        calendar_day._history_user = actor
        try:
            with transaction.atomic():
                calendar_day.save()
        except IntegrityError:  # another request added the same date meanwhile
            raise ValidationError(
                {"date": f"{calendar_day.date:%-d %B %Y} is already in the calendar"}
            ) from None
        transaction.on_commit(calendar_changed)
