"""Dates as the partnership reads them: today in Europe/London, and the one check every
form's dates share."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone


def today() -> date:
    return timezone.localdate()


def not_in_future(value: date | None, what: str) -> None:
    if value and value > today():
        raise ValidationError(f"{what} must be today or in the past")
