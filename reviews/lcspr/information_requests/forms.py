"""The page on which the business unit asks agencies for information for the LCSPR."""

from django import forms

from safeguarding.fields import GovukDateField
from safeguarding.forms import ActionForm
from safeguarding.models import Agency


class InformationRequestForm(ActionForm):
    button = "Send the requests"
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple,
        label="Which agencies are asked for information?",
        help_text="Each agency gets its own return, which only its own contributors, the "
                  "business unit, the safeguarding partners, the scrutineer and, once it is "
                  "submitted, the reviewer and the governance group read.",
        error_messages={"required": "Choose at least one agency"})
    asked_for = forms.CharField(
        label="What does the review ask them for?", max_length=10_000, widget=forms.Textarea,
        help_text="For example a chronology of the agency's involvement over the period under "
                  "review, a report of that involvement, or the practitioners to invite to a "
                  "learning event. The agencies read this on their return; the email they get "
                  "names only the case reference.",
        error_messages={"required": "Enter what the review asks the agencies for"})
    due_on = GovukDateField(noun="the date the information is due", allow_future=True,
                            required=True, label="The information is due on",
                            help_text="Agencies asked have a duty to respond within the "
                                      "timescale the request sets out.")

    def __init__(self, *args, agencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.fields["agencies"].label_from_instance = lambda agency: agency.name
