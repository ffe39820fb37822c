"""Dates as the partnership reads them: today in Europe/London, and the checks every
recorded date shares: not in the future, and in order with the events it follows.

A record's dates are a ``Timeline``: each date an ``Event`` (what it is, as the subject of a
message and as another date's neighbour; where it is kept, when it may be corrected) and the
order they must keep, as pairs (earlier, later). Recording a date and correcting one ask the
same question: ``timeline.check(key)`` compares the date with every neighbour, before and
after, and refuses with a message that names both events and the other date."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone


def today() -> date:
    return timezone.localdate()


def long_date(value: date) -> str:
    """23 November 2026."""
    return f"{value.day} {value:%B %Y}"


def not_in_future(value: date | None, what: str) -> None:
    if value and value > today():
        raise ValidationError(f"{what} must be today or in the past")


def not_before(value: date | None, earlier: date | None, what: str, earlier_what: str) -> None:
    """"The date of the decision cannot be before the referral was received, on 23 November
    2026": nothing is refused while either date is unknown."""
    if value and earlier and value < earlier:
        raise ValidationError(f"{what} cannot be before {earlier_what}, on {long_date(earlier)}")


def not_after(value: date | None, later: date | None, what: str, later_what: str) -> None:
    """"The date the local authority became aware cannot be after the notification to Ofsted,
    on 6 November 2026"."""
    if value and later and value > later:
        raise ValidationError(f"{what} cannot be after {later_what}, on {long_date(later)}")


@dataclass(frozen=True)
class Event:
    """One date of a record. ``what`` is the date as the subject of a message ("The date the
    partners were informed"), ``when`` the event as another date's neighbour ("the partners
    were informed"); ``label`` names it on the correction page and in the decision log (by
    default ``what`` without its article). ``row`` and ``field`` say where it is kept when the
    business unit may correct it (None: derived, planned or not theirs to correct)."""

    what: str
    when: str
    on: date | None
    row: Any = None
    field: str = ""
    label: str = ""

    @property
    def name(self) -> str:
        if self.label:
            return self.label
        return self.what[4].upper() + self.what[5:] if self.what.startswith("The ") else self.what


@dataclass
class Timeline:
    events: dict[str, Event]
    order: list[tuple[str, str]]  # (earlier, later): the later may not be before the earlier

    def check(self, key: str) -> None:
        """Refuse the date ``key`` if it is out of order with any of its neighbours."""
        event = self.events[key]
        for earlier, later in self.order:
            if later == key and earlier in self.events:
                other = self.events[earlier]
                not_before(event.on, other.on, event.what, other.when)
            elif earlier == key and later in self.events:
                other = self.events[later]
                not_after(event.on, other.on, event.what, other.when)

    def check_all(self, keys: Iterable[str]) -> None:
        for key in keys:
            self.check(key)

    def correctable(self) -> dict[str, Event]:
        """The recorded dates the business unit may correct, by key."""
        return {key: event for key, event in self.events.items()
                if event.row is not None and event.on is not None}


def checked_correction(timeline: Callable[..., Timeline], record: Any, field: str,
                       new_date: date, reason: str) -> tuple[Event, str]:
    """A correction of a recorded date, refused unless it has a reason, names a date that was
    recorded, changes it, and keeps it in order with its neighbours. ``timeline(record,
    overrides)`` is the record's dates. Returns the event corrected and the decision log's
    words for the correction."""
    if not reason.strip():
        raise ValidationError("Enter why the date is corrected")
    event = timeline(record).correctable().get(field)
    if event is None or event.on is None:
        raise ValidationError("Select a date that has been recorded")
    not_in_future(new_date, event.what)
    if new_date == event.on:
        raise ValidationError(f"{event.name} is already {long_date(new_date)}")
    timeline(record, {field: new_date}).check(field)
    return event, (f"{event.name} corrected from {long_date(event.on)} to "
                   f"{long_date(new_date)}: {reason.strip()}")
