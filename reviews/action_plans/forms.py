"""The action plans' one-question pages (safeguarding.forms.ActionForm): each validates what a
person typed; the services check it against the plan and the action."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from cases.forms import CaseReferenceField
from cases.models import Case
from cases.uploads import ALLOWED_NAMES
from safeguarding.fields import GovukDateField
from safeguarding.forms import ActionForm
from safeguarding.models import Agency

from .models import Action, ActionAudit, ActionPlan
from .selectors import LATENESS, LogFilters

LONG = 10_000


def _text(label: str, required_message: str = "", hint: str = "") -> forms.CharField:
    return forms.CharField(label=label, max_length=LONG, widget=forms.Textarea,
                           required=bool(required_message), help_text=hint,
                           error_messages={"required": required_message})


def _agencies():
    return forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True), label="Which agency owns it?",
        error_messages={"required": "Choose the agency that owns the action",
                        "invalid_choice": "Choose one of the agencies listed"})


class WithAFile(ActionForm):
    """A page that may carry a document as evidence, kept with the case."""

    upload = forms.FileField(label="Add a document as evidence (optional)", required=False,
                             error_messages={"empty": "The selected file is empty"})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = filesizeformat(settings.DOCUMENT_MAX_BYTES)
        self.fields["upload"].help_text = f"{ALLOWED_NAMES}, up to {limit}."

    def _component(self, name: str) -> Field:
        if name == "upload":
            return Field("upload", context={"label_size": Size.for_label(Size.MEDIUM)})
        return super()._component(name)


class PlanForm(ActionForm):
    button = "Start the action plan"
    source = forms.ChoiceField(
        choices=[c for c in ActionPlan.Source.choices
                 if c[0] not in (ActionPlan.Source.RAPID_REVIEW, ActionPlan.Source.LCSPR)],
        widget=forms.RadioSelect, label="Where do the actions come from?",
        help_text="A rapid review's plan is started by its immediate safety actions, an "
                  "LCSPR's from its report's recommendations.",
        error_messages={"required": "Choose where the actions come from"})
    title = forms.CharField(label="What is the plan for?", max_length=200,
                            help_text="For example, the national review of safeguarding in "
                                      "custody. Do not use a child's or family's name.",
                            error_messages={"required": "Say what the plan is for"})
    case = CaseReferenceField(
        queryset=Case.objects.all(), to_field_name="reference", widget=forms.TextInput,
        required=False, label="The case, if it is about one",
        help_text="Its reference, like SI-2026-0007. Needed for a learning review or a "
                  "Learning and Development group route.",
        error_messages={"invalid_choice": "There is no case with that reference"})
    scope = forms.ChoiceField(choices=ActionPlan.Scope.choices, widget=forms.RadioSelect,
                              label="Is it a single-agency or a multi-agency plan?",
                              error_messages={"required": "Choose the kind of plan"})
    single_agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True), required=False,
        label="The agency of a single-agency plan")


class ProposeActionForm(ActionForm):
    button = "Propose the action"
    action = _text("What is to be done?", "Say what is to be done")
    recommendation = _text("Which recommendation or finding does it answer?")
    owner_agency = _agencies()
    lead = forms.CharField(label="The named lead", max_length=200, required=False,
                           help_text="Their name and job title, in the owning agency.")
    due_on = GovukDateField(noun="the date the action is due", required=True,
                            allow_future=True, label="When is it due?")
    success_measure = _text("How will success be measured?")


class AgreeForm(ActionForm):
    button = "Agree the action"
    agreed_on = GovukDateField(noun="the date it was agreed", required=True,
                               label="When did the Learning and Development group agree it?")
    note = _text("Anything to add (optional)")


class UpdateForm(WithAFile):
    button = "Save the update"
    written_on = GovukDateField(noun="the date of the update", required=True,
                                label="Date of the update")
    text = _text("What progress has been made?", "Say what progress has been made")
    field_order = ["written_on", "text", "upload"]


class CompleteForm(WithAFile):
    button = "Send for the group to accept"
    completed_on = GovukDateField(noun="the date it was completed", required=True,
                                  label="When was the action completed?")
    evidence = _text("What shows it is completed?",
                     "Describe the evidence that the action is completed",
                     hint="The Learning and Development group reads this and accepts it, or "
                          "sends it back with the reason.")
    field_order = ["completed_on", "evidence", "upload"]


class AcceptForm(ActionForm):
    button = "Accept the evidence"
    accepted_on = GovukDateField(noun="the date the evidence was accepted", required=True,
                                 label="When did the group accept the evidence?")
    note = _text("Anything to add (optional)")


class ReasonForm(ActionForm):
    reason = _text("Why?", "Give the reason")

    def __init__(self, *args, label: str, message: str, button: str, **kwargs) -> None:
        self.button = button
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = message


class ExtensionRequestForm(ActionForm):
    button = "Ask for the extension"
    requested_on = GovukDateField(noun="the date of the request", required=True,
                                  label="When did the chief officer ask?")
    new_due_on = GovukDateField(noun="the new due date", required=True, allow_future=True,
                                label="What new due date do they ask for?")
    reason = _text("What are the exceptional circumstances?",
                   "Describe the exceptional circumstances",
                   hint="An extension is agreed only in exceptional circumstances, at the "
                        "chief officer's request.")


class ExtensionDecisionForm(ActionForm):
    button = "Save the decision"
    agree = forms.TypedChoiceField(
        choices=[("yes", "Agree the extension"), ("no", "Refuse it")],
        coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        label="What does the group decide?",
        error_messages={"required": "Choose whether the group agrees the extension"})
    decided_on = GovukDateField(noun="the date of the decision", required=True,
                                label="When did the group decide?")
    reason = _text("The reason", hint="Needed when the extension is refused.")


class EscalationResponseForm(ActionForm):
    button = "Save the response"
    escalation = forms.ModelChoiceField(
        queryset=None, widget=forms.RadioSelect, empty_label=None,
        label="Which escalation is it a response to?",
        error_messages={"required": "Choose the escalation"})
    responded_on = GovukDateField(noun="the date of the response", required=True,
                                  label="When did they respond?")
    response = _text("What did they say will be done?", "Enter their response")

    def __init__(self, *args, escalations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["escalation"].queryset = escalations


class RequireAuditForm(ActionForm):
    button = "Require the audit"
    required_on = GovukDateField(noun="the date the audit was required", required=True,
                                 label="When did the Learning and Development group require "
                                       "it?")
    what = _text("What is the audit to check?", "Say what the audit is to check",
                 hint="For example, that the new referral checklist is used in every case "
                      "sampled.")
    due_on = GovukDateField(noun="the date of the audit", required=True, allow_future=True,
                            label="When is the audit to be done?")
    by_whom = forms.CharField(label="Who will carry it out?", max_length=200,
                              help_text="The person or team, by job title.",
                              error_messages={"required": "Say who will carry out the audit"})
    by_agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True), required=False,
        label="Their agency (optional)",
        error_messages={"invalid_choice": "Choose one of the agencies listed"})


class AuditFindingForm(ActionForm):
    button = "Save the finding"
    found_on = GovukDateField(noun="the date of the finding", required=True,
                              label="When did the audit report?")
    finding = _text("What did the audit find?", "Say what the audit found")
    outcome = forms.ChoiceField(choices=ActionAudit.Outcome.choices, widget=forms.RadioSelect,
                                label="Is the change embedded?",
                                error_messages={"required": "Choose whether the audit gave "
                                                            "assurance"})
    new_due_on = GovukDateField(noun="the new due date", allow_future=True,
                                label="When is the reopened action due? (if not assured)",
                                help_text="Needed when not assured: after the date of the "
                                          "finding.")


class CloseForm(ActionForm):
    button = "Close the action plan"
    reason = _text("Anything to add (optional)")


class LogFilterForm(forms.Form):
    """The filters of the action log and the exception report, sent with GET: numbers and
    codes only, never a name, in the address."""

    plan = forms.TypedChoiceField(label="Action plan", required=False, coerce=int,
                                  empty_value=None)
    agency = forms.TypedChoiceField(label="Owning agency", required=False, coerce=int,
                                    empty_value=None)
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "Any status"), *Action.Status.choices])
    lateness = forms.ChoiceField(label="Lateness", required=False,
                                 choices=list(LATENESS.items()))

    def __init__(self, *args, plans: list[tuple[int, str]], agencies: list[tuple[int, str]],
                 lateness: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "Every plan"), *plans]
        self.fields["agency"].choices = [("", "Every agency"), *agencies]
        if not lateness:  # the exception report holds only what is late or escalated
            del self.fields["lateness"]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(*(Field.select(name) for name in self.fields),
                                    Submit("", "Filter", css_id="filter"))

    def filters(self) -> LogFilters:
        """The valid filters; one that is not valid is left out (and shown as an error)."""
        self.is_valid()
        data = self.cleaned_data
        return LogFilters(plan=data.get("plan"), agency=data.get("agency"),
                          status=data.get("status") or "", lateness=data.get("lateness") or "")

    def described(self) -> list[tuple[str, str]]:
        """The filters applied, in words, for the printed report."""
        chosen = self.filters()
        return [(self.fields[name].label, dict(self.fields[name].choices)[value])
                for name, value in (("plan", chosen.plan), ("agency", chosen.agency),
                                    ("status", chosen.status), ("lateness", chosen.lateness))
                if value and name in self.fields]
