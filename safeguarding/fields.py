"""Form fields shared by every app's forms."""

from datetime import date

from crispy_forms_gds.fields import DateInputField
from django.core.exceptions import ValidationError
from django.utils import timezone


class GovukDateField(DateInputField):
    """A GOV.UK date input (day, month, year) with the Design System's error wording.

    ``noun`` names the date in messages, e.g. "date of birth" gives "Enter date of birth",
    "Date of birth must be a real date" and "Date of birth must be today or in the past".
    Dates in the future are refused unless ``allow_future`` is set.
    """

    def __init__(self, *, noun: str, allow_future: bool = False, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("require_all_fields", False)
        super().__init__(**kwargs)
        self.noun = noun
        self.allow_future = allow_future
        self.error_messages["required"] = f"Enter {noun}"
        self.error_messages["incomplete"] = f"Enter {noun} as a day, month and year"

    def compress(self, data_list) -> date | None:
        day, month, year = (str(part or "").strip() for part in data_list)
        if not (day and month and year):
            return None
        what = self.noun[0].upper() + self.noun[1:]
        if len(year) != 4:
            raise ValidationError(f"{what} must include a year with 4 numbers")
        try:
            value = date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as error:  # "99999999999999999999" overflows
            raise ValidationError(f"{what} must be a real date") from error
        if not self.allow_future and value > timezone.localdate():
            raise ValidationError(f"{what} must be today or in the past")
        return value
