"""Working days in England: the only module that knows what a working day is.

A working day is a Monday to Friday that is not an England-and-Wales bank holiday, as listed
by workalendar's ``UnitedKingdom`` calendar (which is the England-and-Wales list: it has no
Scottish or Northern Irish days), corrected by the ``CalendarDay`` rows administrators keep:
``bank_holiday`` and ``closure`` rows take a day out, ``working_day`` rows put one back.

For speed, each process keeps a sorted list of working-day ordinals for a range of years and
answers every question with ``bisect``. A version token in Django's cache (Redis in
production, shared by gunicorn and Celery) says when the rows changed; each process
re-reads it at most every ``CHECK_EVERY`` seconds. ``calendar_changed()`` bumps the token.
"""

import calendar as stdlib_calendar
import logging
import secrets
import threading
import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.core.cache import cache as django_cache
from workalendar.europe import UnitedKingdom

logger = logging.getLogger(__name__)

VERSION_KEY = "deadlines:calendar-version"
CHECK_EVERY = 5.0  # seconds between two looks at the version token, per process
FIRST_YEAR, LAST_YEAR = 2000, 2060  # built at first use; extended lazily beyond
EXTEND_BY = 20  # years added at a time when a date falls outside the range


@dataclass(frozen=True)
class _Days:
    version: str
    first_year: int
    last_year: int
    lo: int  # ordinal of 1 January of first_year
    hi: int  # ordinal of 31 December of last_year
    working: list[int]  # sorted ordinals of every working day from lo to hi

    def covers(self, lo: int, hi: int) -> bool:
        return self.lo <= lo and hi <= self.hi


_lock = threading.Lock()
_days: _Days | None = None
_checked_at = float("-inf")


# The public API.

def is_working_day(d: date) -> bool:
    o = d.toordinal()
    working = _covering(o, o).working
    i = bisect_left(working, o)
    return i < len(working) and working[i] == o


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after ``start`` (n > 0), the |n|-th working day before it
    (n < 0), or ``start`` itself (n = 0). ``start`` never counts, working day or not."""
    if n == 0:
        return start
    o = start.toordinal()
    span = 2 * n + (30 if n > 0 else -30)  # weekends and holidays: always enough in practice
    while True:
        days = _covering(*_clip(o, o + span))
        if n > 0:
            i = bisect_right(days.working, o) + n - 1
            found = i < len(days.working)
        else:
            i = bisect_left(days.working, o) + n
            found = i >= 0
        if found:
            return date.fromordinal(days.working[i])
        if _clip(o, o + span) != _clip(o, o + 2 * span):
            span *= 2  # a long run of closures: look further
            continue
        raise OverflowError("date value out of range")


def working_days_between(start: date, end: date) -> int:
    """The number of working days d with start < d <= end, when end >= start; when
    end < start, minus the number of working days d with end < d <= start.

    So it is 0 when end == start, ``working_days_between(s, e) == -working_days_between(e, s)``,
    ``add_working_days(s, working_days_between(s, e)) <= e`` for any e >= s, with equality
    when e is a working day; and for e < s it equals e when both e and s are working days.
    """
    s, e = start.toordinal(), end.toordinal()
    working = _covering(min(s, e), max(s, e)).working
    return bisect_right(working, e) - bisect_right(working, s)


def add_months(start: date, n: int) -> date:
    """Calendar months, clipped to the end of the month: 31 January + 1 month is the last
    day of February. ``n`` may be negative."""
    months = start.year * 12 + start.month - 1 + n
    year, month = divmod(months, 12)
    last = stdlib_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def is_library_holiday(d: date) -> bool:
    """Whether workalendar (before any correction) calls this weekday a bank holiday."""
    return d.weekday() < 5 and d in _library_holidays(d.year)


def calendar_changed() -> None:
    """Tell every process that CalendarDay rows changed; this process rebuilds at once."""
    global _days, _checked_at
    try:
        django_cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:
        logger.exception("Could not bump the calendar version; other processes will lag")
    with _lock:
        _days, _checked_at = None, float("-inf")


def forget() -> None:
    """Drop this process's copy (for tests, and before a recompute that must not wait for
    the version check); the next call rebuilds it."""
    global _days, _checked_at
    with _lock:
        _days, _checked_at = None, float("-inf")


# The per-process copy.

def _clip(a: int, b: int) -> tuple[int, int]:
    top = date.max.toordinal()
    return max(min(a, b), 1), min(max(a, b), top)


def _covering(lo: int, hi: int) -> _Days:
    days = _current()
    if days.covers(lo, hi):
        return days
    return _extend(days, lo, hi)


def _current() -> _Days:
    global _days, _checked_at
    days, now = _days, time.monotonic()
    if days is not None and now - _checked_at < CHECK_EVERY:
        return days
    # Read the token before the rows: a change that commits in between bumps the token
    # again afterwards, so the next check rebuilds.
    version = _version()
    with _lock:
        if _days is None or _days.version != version:
            first, last = (_days.first_year, _days.last_year) if _days else (FIRST_YEAR, LAST_YEAR)
            _days = _build(version, first, last)
        _checked_at = now
        return _days


def _extend(days: _Days, lo: int, hi: int) -> _Days:
    global _days
    first = min(days.first_year, date.fromordinal(max(lo, 1)).year - EXTEND_BY)
    last = max(days.last_year, date.fromordinal(min(hi, date.max.toordinal())).year + EXTEND_BY)
    first, last = max(first, date.min.year), min(last, date.max.year)
    with _lock:
        _days = _build(days.version, first, last)
        return _days


def _version() -> str:
    try:
        version = django_cache.get(VERSION_KEY)
        if version is None:
            django_cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
            version = django_cache.get(VERSION_KEY)
    except Exception:
        logger.exception("Could not read the calendar version; keeping this process's copy")
        version = None
    if version is None:  # no cache: keep what we have
        return _days.version if _days else "no-cache"
    return version


def _build(version: str, first_year: int, last_year: int) -> _Days:
    from .models import CalendarDay

    lo, hi = date(first_year, 1, 1).toordinal(), date(last_year, 12, 31).toordinal()
    removed: set[int] = set()
    added: set[int] = set()
    for day, kind in CalendarDay.objects.filter(
            date__range=(date.fromordinal(lo), date.fromordinal(hi))).values_list("date", "kind"):
        (added if kind == CalendarDay.Kind.WORKING_DAY else removed).add(day.toordinal())
    working = sorted((_library_working(first_year, last_year) - removed) | added)
    return _Days(version, first_year, last_year, lo, hi, working)


@cache
def _library_working(first_year: int, last_year: int) -> frozenset[int]:
    """Ordinals of the working days workalendar knows, before corrections."""
    out = set()
    for year in range(first_year, last_year + 1):
        holidays = {d.toordinal() for d in _library_holidays(year)}
        start = date(year, 1, 1).toordinal()
        for o in range(start, date(year, 12, 31).toordinal() + 1):
            # date.fromordinal(o).weekday() == (o - 1) % 7, Monday being 0
            if (o - 1) % 7 < 5 and o not in holidays:
                out.add(o)
    return frozenset(out)


@cache
def _library_holidays(year: int) -> frozenset[date]:
    return frozenset(d for d, _name in UnitedKingdom().holidays(year))
