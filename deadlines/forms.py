"""The deadlines app's question page: the reason for a statutory clock's delay. The rules
(which clocks, when words are needed) are the service's; this form checks only the input."""

from django import forms

from safeguarding.forms import ActionForm

from .models import DelayReason

LIMIT = DelayReason.TEXT_LIMIT


class DelayReasonForm(ActionForm):
    button = "Save the reason"
    kind = forms.ChoiceField(choices=DelayReason.Kind.choices, widget=forms.RadioSelect,
                             label="Why is it late?",
                             error_messages={"required": "Select why the clock is late",
                                             "invalid_choice": "Select why the clock is late"})
    text = forms.CharField(
        label="The reason in words", widget=forms.Textarea, required=False, max_length=LIMIT,
        help_text="Needed for another reason. For criminal proceedings or an inquest, say "
                  "what is awaited if you can. Do not use the child's or family's names.",
        error_messages={"max_length": f"The reason must be {LIMIT} characters or fewer"})

    def __init__(self, *args, lead: str = "", **kwargs) -> None:
        self.lead = lead
        super().__init__(*args, **kwargs)
