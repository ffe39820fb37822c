"""The periods oversight figures are given for: the last 12 months (the default), a
partnership's reporting year (April to March, as the yearly report runs) or a calendar year.
Chosen with GET (a code, never a name, in the address)."""

from dataclasses import dataclass
from datetime import date, timedelta

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from safeguarding.dates import long_date

LAST_12_MONTHS = "last-12-months"
YEARS_BACK = 5


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: date
    end: date
    label: str

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def dates(self) -> str:
        """"1 April 2025 to 31 March 2026"."""
        return f"{long_date(self.start)} to {long_date(self.end)}"

    def months(self) -> list[date]:
        """The first day of each month the period touches, in order."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months


def last_12_months(today: date) -> Period:
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return Period(year_ago + timedelta(days=1), today, "The last 12 months")


def reporting_year(first_year: int) -> Period:
    """The reporting year from 1 April ``first_year`` to 31 March the year after."""
    return Period(date(first_year, 4, 1), date(first_year + 1, 3, 31),
                  f"Reporting year {first_year} to {first_year + 1}")


def calendar_year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), f"Calendar year {year}")


def latest_reporting_year(today: date) -> Period:
    """The last reporting year that has ended: the one a yearly report is written for."""
    return reporting_year(today.year - 2 if today.month < 4 else today.year - 1)


def choices(today: date) -> list[tuple[str, Period]]:
    """Every period offered, newest first after the default."""
    current = today.year if today.month >= 4 else today.year - 1
    offered = [(LAST_12_MONTHS, last_12_months(today))]
    offered += [(f"year-{year}", reporting_year(year))
                for year in range(current, current - YEARS_BACK, -1)]
    offered += [(f"calendar-{year}", calendar_year(year))
                for year in range(today.year, today.year - YEARS_BACK, -1)]
    return offered


def period_called(code: str, today: date) -> Period | None:
    return dict(choices(today)).get(code)


class PeriodForm(forms.Form):
    """The period a page's figures are for, sent with GET; an unknown code is an error on
    the form and the default period is shown."""

    period = forms.ChoiceField(label="Period", required=False,
                               error_messages={"invalid_choice": "Select a period from the list"})

    def __init__(self, *args, today: date, default: str = LAST_12_MONTHS, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today, self.default = today, default
        self.fields["period"].choices = [(code, period.label if code == LAST_12_MONTHS else
                                          f"{period.label} ({period.dates})")
                                         for code, period in choices(today)]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field.select("period"), Submit("", "Show", css_id="show"))

    def chosen(self) -> tuple[str, Period]:
        """The valid period chosen, or the default; another field's error (in a form that
        adds fields) leaves the period chosen."""
        chosen = self.is_bound and (self.is_valid() or "period" not in self.errors)
        code = self.cleaned_data.get("period", "") if chosen else ""
        code = code or self.default
        period = period_called(code, self.today) or last_12_months(self.today)
        return code, period
