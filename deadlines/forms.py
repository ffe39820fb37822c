"""The deadlines app's forms: the reason for a statutory clock's delay (the rules, which
clocks and when words are needed, are the service's; this form checks only the input), and
the dashboard's filters."""

import dataclasses
from urllib.parse import urlencode

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from safeguarding.forms import ActionForm
from safeguarding.models import Agency

from .models import Clock, Deadline, DelayReason
from .selectors import DUE_STAGES, DeadlineFilters

LIMIT = DelayReason.TEXT_LIMIT


class DelayReasonForm(ActionForm):
    button = "Save the reason"
    kind = forms.ChoiceField(choices=DelayReason.Kind.choices, widget=forms.RadioSelect,
                             label="Why is it late?",
                             error_messages={"required": "Select why the clock is late",
                                             "invalid_choice": "Select why the clock is late"})
    text = forms.CharField(
        label="Describe the reason", widget=forms.Textarea, required=False, max_length=LIMIT,
        help_text="You must describe it if you chose another reason. For criminal proceedings "
                  "or an inquest, say what you are waiting for if you can. Do not use the "
                  "child's or family's names.",
        error_messages={"max_length": f"The reason must be {LIMIT} characters or fewer"})

    def __init__(self, *args, lead: str = "", **kwargs) -> None:
        self.lead = lead
        super().__init__(*args, **kwargs)


INVALID = {"clock": "Select a clock from the list",
           "responsible": "Select who answers for it from the list",
           "agency": "Select an agency from the list", "due": "Select when it is due from the list",
           "state": "Select a state from the list"}


class DashboardFilterForm(forms.Form):
    """The dashboard's filters, sent with GET: codes and numbers only in the address. A value
    that is not one of the choices is an error on the form, and the list is shown unfiltered."""

    clock = forms.ChoiceField(label="Clock", required=False)
    responsible = forms.ChoiceField(label="Who answers for it", required=False,
                                    choices=[("", "Everyone"), *Clock.Responsible.choices])
    agency = forms.TypedChoiceField(label="Agency", required=False, coerce=int,
                                    empty_value=None)
    due = forms.ChoiceField(label="Due", required=False,
                            choices=[("", "All running clocks"), *DUE_STAGES.items()])
    state = forms.ChoiceField(label="State", required=False,
                              choices=[("", "Running (open or overdue)"),
                                       *Deadline.State.choices])

    def __init__(self, *args, clocks: list[tuple[str, str]], agencies: list[tuple[int, str]],
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clock"].choices = [("", "All clocks"), *clocks]
        self.fields["agency"].choices = [("", "All agencies"), *agencies]
        for name, what in INVALID.items():
            self.fields[name].error_messages["invalid_choice"] = what
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(*(Field.select(name) for name in self.fields),
                                    Submit("", "Filter", css_id="filter"))

    def filters(self) -> DeadlineFilters:
        """The filters chosen, or none at all when any is not valid."""
        if not self.is_valid():
            return DeadlineFilters()
        data = self.cleaned_data
        return DeadlineFilters(clock=data["clock"], responsible=data["responsible"],
                               agency=data["agency"], due=data["due"], state=data["state"])

    def query(self, **changes: str) -> str:
        """The address's query of the valid filters, with ``changes`` (for the counts'
        links): empty values left out."""
        filters = dataclasses.asdict(self.filters())
        values = {**filters, **changes}
        return urlencode({key: value for key, value in values.items()
                          if value not in ("", None)})


def dashboard_filter_form(data) -> DashboardFilterForm:
    """The dashboard's filter form with its choices: every clock, the active agencies."""
    return DashboardFilterForm(
        data, clocks=[(clock.code, clock.name) for clock in Clock.objects.order_by("pk")],
        agencies=list(Agency.objects.filter(is_active=True).order_by("name")
                      .values_list("pk", "name")))
