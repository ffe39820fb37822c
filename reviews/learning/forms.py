"""The learning pages' one-question forms (safeguarding.forms.ActionForm): each validates what
a person typed; the services check it against the plan."""

from django import forms

from reviews.action_plans.forms import WithAFile
from safeguarding.fields import GovukDateField
from safeguarding.forms import ActionForm

from .models import LearningShared

LONG = 10_000


def _text(label: str, required_message: str = "", hint: str = "") -> forms.CharField:
    return forms.CharField(label=label, max_length=LONG, widget=forms.Textarea,
                           required=bool(required_message), help_text=hint,
                           error_messages={"required": required_message})


class _Sharing(forms.Form):
    what = _text("What learning is shared?", "Say what learning is shared",
                 hint="The key messages. Do not use a child's or family's name.")
    how = forms.ChoiceField(choices=LearningShared.How.choices, widget=forms.RadioSelect,
                            label="How is it shared?",
                            error_messages={"required": "Choose how the learning is shared"})
    how_other = forms.CharField(label="If another way, which?", max_length=200,
                                required=False)
    audience = _text("Who is it shared with?", "Say who it is shared with",
                     hint="For example, designated safeguarding leads in schools, or the "
                          "multi-agency front door's practitioners.")


class RecordSharedNowForm(WithAFile, _Sharing):
    button = "Save the learning shared"
    shared_on = GovukDateField(noun="the date it was shared", required=True,
                               label="When was it shared?")
    field_order = ["what", "how", "how_other", "audience", "shared_on", "upload"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["upload"].label = "Add the briefing or material shared (optional)"


class PlanSharingForm(ActionForm, _Sharing):
    button = "Plan the learning to share"
    planned_for = GovukDateField(noun="the date it is to be shared by", required=True,
                                 allow_future=True, label="When is it to be shared by?")
    field_order = ["what", "how", "how_other", "audience", "planned_for"]


class RecordSharedForm(WithAFile):
    button = "Save"
    shared_on = GovukDateField(noun="the date it was shared", required=True,
                               label="When was it shared?")
    field_order = ["shared_on", "upload"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["upload"].label = "Add the briefing or material shared (optional)"


class CaptureForm(ActionForm):
    button = "Save the learning"
    text = _text("What is the learning?", "Say what the learning is",
                 hint="A point from the case about improvements needed, captured before the "
                      "review ends. Do not use a child's or family's name.")
    captured_on = GovukDateField(noun="the date it was captured", required=True,
                                 label="When was it identified?")
    is_key_finding = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda value: value == "yes",
        widget=forms.RadioSelect, label="Is it a key finding for the Learning and "
                                        "Development group?",
        error_messages={"required": "Choose whether it is a key finding"})


class SendKeyFindingsForm(ActionForm):
    button = "Send the key findings"
    sent_on = GovukDateField(noun="the date they were sent", required=True,
                             label="When were they sent to the Learning and Development group?")
