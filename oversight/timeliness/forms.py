"""The choices of the clocks-behind page, sent with GET: codes and numbers only."""

from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from safeguarding.models import Agency

from ..periods import Period, PeriodForm, last_12_months, period_called
from .selectors import OUTCOMES


class ClocksBehindForm(PeriodForm):
    """The period, the outcome and the agency of the figure whose deadlines are listed. A
    value that is not one of the choices is an error on the form and is left out."""

    outcome = forms.ChoiceField(label="Outcome", required=False, choices=list(OUTCOMES.items()),
                                error_messages={"invalid_choice": "Select an outcome from the "
                                                                  "list"})
    agency = forms.TypedChoiceField(label="Agency", required=False, coerce=int,
                                    empty_value=None, error_messages={
                                        "invalid_choice": "Select an agency from the list"})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = dict(Agency.objects.order_by("name").values_list("pk", "name"))
        agency = self.fields["agency"]
        assert isinstance(agency, forms.TypedChoiceField)
        agency.choices = [("", "Every agency"), *self.agencies.items()]
        self.helper.layout = Layout(Field.select("period"), Field.select("outcome"),
                                    Field.select("agency"), Submit("", "Show", css_id="show"))

    def chosen(self) -> tuple[str, Period]:
        """The valid period chosen, or the default, whatever the other fields say."""
        self.is_valid()
        code = self.cleaned_data.get("period") or self.default
        return code, period_called(code, self.today) or last_12_months(self.today)

    def filters(self) -> tuple[str, int | None]:
        """The valid outcome and agency chosen: one that is not valid is left out."""
        self.is_valid()
        return self.cleaned_data.get("outcome") or "", self.cleaned_data.get("agency")
