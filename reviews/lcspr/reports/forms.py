"""The report's one-question pages (safeguarding.forms.ActionForm): each validates what a
person typed; the services check it against the review. ``shown`` is what the page shows
above the form (the version to sign, what the redaction check found)."""

from typing import Any

from crispy_forms_gds.layout import Field, Size
from django import forms

from safeguarding.fields import GovukDateField
from safeguarding.forms import ActionForm
from safeguarding.models import Agency

from .models import RedactionHit, ReportComment, ReportRecommendation

LONG = 10_000


def _text(label: str, required_message: str = "", hint: str = "") -> forms.CharField:
    return forms.CharField(label=label, max_length=LONG, widget=forms.Textarea,
                           required=bool(required_message), help_text=hint,
                           error_messages={"required": required_message})


class VersionForm(ActionForm):
    """The file's type and size are checked by cases.services.add_document, by its content."""

    button = "Upload the version"
    file = forms.FileField(
        label="Upload the report", help_text="PDF or Word (.docx)",
        error_messages={"required": "Select the report's file",
                        "empty": "The selected file is empty"})
    received_on = GovukDateField(noun="the date the version was received", required=True,
                                 label="When was this version received?")
    note = _text("What changed in this version?", hint="Optional. Do not use the child's or "
                                                       "family's names.")

    def _component(self, name: str) -> Field:
        if name == "file":
            return Field("file", context={"label_size": Size.for_label(Size.MEDIUM)})
        return super()._component(name)


class CommentForm(ActionForm):
    button = "Save the comment"
    group = forms.ChoiceField(choices=ReportComment.Group.choices, widget=forms.RadioSelect,
                              label="Whose comment is it?",
                              error_messages={"required": "Choose whose comment it is"})
    text = _text("The comment", "Enter the comment")
    commented_on = GovukDateField(noun="the date of the comment", required=True,
                                  label="When was the comment made?")


class SignOffForm(ActionForm):
    """The version read is sent with the form: a version uploaded meanwhile is refused."""

    button = "Sign off the final report"
    version_number = forms.IntegerField(widget=forms.HiddenInput)
    signed_on = GovukDateField(noun="the date of the sign-off", required=True,
                               label="When did you sign off the final report?")

    def __init__(self, *args, shown: Any = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.shown = shown


class DeclineForm(ActionForm):
    """The version read is sent with the form, as for a sign-off."""

    button = "Decline to sign off"
    version_number = forms.IntegerField(widget=forms.HiddenInput)
    reason = _text("Why do you decline to sign off the final report?",
                   "Enter why you decline to sign off the final report",
                   "The business unit and the reviewer read it. Do not use the child's or "
                   "family's names")
    declined_on = GovukDateField(noun="the date you declined", required=True,
                                 label="When did you decline to sign it off?")

    def __init__(self, *args, shown: Any = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.shown = shown


class RecommendationForm(ActionForm):
    button = "Save the recommendation"
    what = _text("What is the recommendation?", "Enter the recommendation")
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple, label="Which agencies is it for?",
        error_messages={"required": "Choose the agencies the recommendation is for"})
    due_on = GovukDateField(noun="the date it is to be done by", required=True,
                            allow_future=True, label="By when?")


class ChangeRecommendationForm(RecommendationForm):
    """Which recommendation (chosen on the review's page, or here), its new words, agencies
    and date, and why it changes."""

    button = "Save the change"
    recommendation = forms.ModelChoiceField(
        queryset=ReportRecommendation.objects.none(), widget=forms.RadioSelect,
        label="Which recommendation is changed?",
        error_messages={"required": "Choose the recommendation that is changed"})
    reason = _text("Why is it changed?", "Enter why the recommendation is changed")
    field_order = ["recommendation", "what", "agencies", "due_on", "reason"]

    def __init__(self, *args, recommendations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].queryset = recommendations
        self.fields["recommendation"].label_from_instance = (
            lambda row: f"Recommendation {row.number}: {row.what[:80]}")


class KeepHitForm(ActionForm):
    """What the redaction check found in the current version, each in its context."""

    button = "Keep it"
    hit = forms.ModelChoiceField(
        queryset=RedactionHit.objects.none(), widget=forms.RadioSelect,
        label="Which one is kept in the report?",
        help_text="Otherwise upload a new version without it",
        error_messages={"required": "Choose what is kept"})
    reason = _text("Why is it kept?", "Enter why it is kept",
                   "For example, the family asked that the child's first name is used")

    def __init__(self, *args, hits: list[RedactionHit], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.shown = hits
        self.fields["hit"].queryset = RedactionHit.objects.filter(
            pk__in=[hit.pk for hit in hits if not hit.cleared])
        self.fields["hit"].label_from_instance = (
            lambda hit: f"{hit.get_kind_display()}: …{hit.before} [{hit.found}] {hit.after}…"
            if hit.found else hit.get_kind_display())
