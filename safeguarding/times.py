"""Times as GOV.UK writes them: "3:30pm", "9am", "midday", "midnight" (never "15:30:00")."""

from datetime import datetime, time

from django.utils import timezone


def govuk_time(value: time | datetime | None) -> str:
    """The time of day of a time or a datetime (a datetime in the service's time zone)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.time()
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def govuk_date_time(value: datetime | None) -> str:
    """A moment: "3 December 2026, 3:30pm"."""
    if value is None or value == "":
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%-d %B %Y}, {govuk_time(value)}"
