"""The reporting year the annual report is for, chosen with GET: its first year (2025 for
April 2025 to March 2026), never a name, in the address."""

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from ..periods import YEARS_BACK, latest_reporting_year, reporting_year


def offered_years(today: date) -> list[int]:
    """The last reporting years that have ended, newest first."""
    latest = latest_reporting_year(today).start.year
    return list(range(latest, latest - YEARS_BACK, -1))


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="Reporting year", required=False, coerce=int,
                                  empty_value=None, error_messages={
                                      "invalid_choice": "Select a reporting year from the list"})

    def __init__(self, *args, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.years = offered_years(today)
        self.fields["year"].choices = [
            (year, f"{year} to {year + 1} ({reporting_year(year).dates})")
            for year in self.years]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field.select("year"), Submit("", "Show", css_id="show"))

    def chosen(self) -> int:
        """The valid year chosen, or the latest that has ended."""
        year = self.cleaned_data.get("year") if self.is_valid() else None
        return year or self.years[0]
