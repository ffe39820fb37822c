"""An iCalendar (RFC 5545) rendering of deadlines, so that they appear in Outlook."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from .models import Deadline
from .selectors import with_places


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def calendar(deadlines: Iterable[Deadline], *, site_url: str, stamp: datetime) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Safeguarding case reviews//EN",
             "CALSCALE:GREGORIAN", "X-WR-CALNAME:Safeguarding case review deadlines"]
    for deadline in with_places(deadlines):
        place = deadline.place
        lines += [
            "BEGIN:VEVENT",
            f"UID:deadline-{deadline.pk}@safeguarding-case-reviews",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{deadline.due_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{deadline.due_on + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(f'{deadline.clock.name}: {place.label}')}",
            "DESCRIPTION:"
            + _escape(f"Due {deadline.due_on:%-d %B %Y}: {deadline.clock.timescale}"),
            *([f"URL:{site_url.rstrip('/')}{place.url}"] if place.url else []),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
