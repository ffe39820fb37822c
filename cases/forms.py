"""The questions on the case pages: one form each, in the GOV.UK Design System's words.
The rules of the procedures are kept in services; these forms check only the input."""

import re
from collections.abc import Collection

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.template.defaultfilters import filesizeformat

from safeguarding.dates import Event, long_date
from safeguarding.fields import GovukDateField
from safeguarding.forms import ActionForm

from . import receipts
from .models import Case, Document, Notification
from .uploads import ALLOWED_NAMES


def _date(noun: str, label: str, required: bool = True, hint: str = "") -> GovukDateField:
    return GovukDateField(noun=noun, label=label, required=required,
                          help_text=hint or "For example, 27 11 2026")


def _radios(choices, label: str, required_message: str) -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, label=label,
                             error_messages={"required": required_message})


def _text(label: str, required_message: str, hint: str = "") -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea, max_length=10_000,
                           help_text=hint, error_messages={"required": required_message})


class InformPartnersForm(ActionForm):
    button = "Save the date"
    informed_on = _date("the date the safeguarding partners were informed",
                        "When were the safeguarding partners informed?")


class ScreeningDecisionForm(ActionForm):
    button = "Record the decision"
    decision = _radios(Case.ScreeningDecision.choices, "What have the partners decided?",
                       "Select the partners' decision")
    rationale = _text("Rationale for the decision", "Enter the rationale for the decision",
                      "Why the partners decided this, in words the referrer and the Panel "
                      "will understand.")
    decided_on = _date("the date of the decision", "When did the partners decide?")

    def __init__(self, *args, lead: str = "", **kwargs) -> None:
        self.lead = lead
        super().__init__(*args, **kwargs)


class CriteriaNotMetForm(ActionForm):
    button = "Record the decision"
    lead = ("Once the National Panel has been notified, a rapid review follows unless the "
            "safeguarding partners decide that the case does not meet the criteria. The "
            "reason is recorded in the decision log and the rapid review's clocks stop.")
    reason = _text("Why does the case not meet the criteria for a rapid review?",
                   "Enter why the case does not meet the criteria")


class LocalAuthorityAwareForm(ActionForm):
    button = "Confirm the date"
    aware_on = _date("the date the local authority became aware",
                     "When did the local authority become aware of the incident?",
                     hint="The 5 working days for notification start on this date. "
                          "For example, 27 11 2026")

    def __init__(self, *args, from_referral=None, **kwargs) -> None:
        if from_referral:
            self.lead = (f"The referral says children's social care or the local authority "
                         f"was told on {long_date(from_referral)}. Confirm that date, or "
                         "correct it if the local authority knew earlier.")
        super().__init__(*args, **kwargs)


class NotificationForm(ActionForm):
    button = "Record the notification"
    notified_on = _date("the date of the notification", "When was the notification sent?")
    channel = _radios(Notification.Channel.choices, "How was it sent?",
                      "Select how the notification was sent")
    sent_by = forms.CharField(label="Who sent it?", max_length=150,
                              error_messages={"required": "Enter who sent the notification"})
    panel_reference = forms.CharField(label="The notification's reference", max_length=50,
                                      required=False,
                                      help_text="The reference the notification system gave.")
    acknowledged_on = _date("the date the Panel acknowledged the notification",
                            "When did the Panel acknowledge the notification?", required=False,
                            hint="If it has. For example, 27 11 2026")

    area = forms.CharField(label="Which area's safeguarding partners were told?",
                           max_length=150, help_text="Where the child lives.",
                           error_messages={"required": "Enter the area"})

    def __init__(self, *args, recipient: str, **kwargs) -> None:
        hidden = {"area"} if recipient != Notification.Recipient.OTHER_AREA else set()
        if recipient != Notification.Recipient.NATIONAL_PANEL:
            hidden |= {"panel_reference", "acknowledged_on"}
        self.base_fields = {name: form_field for name, form_field in self.base_fields.items()
                            if name not in hidden}
        if recipient == Notification.Recipient.NATIONAL_PANEL:
            self.lead = ("One online notification, through the child safeguarding incident "
                         "notification system, reaches the National Panel, Ofsted and DfE "
                         "together.")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        notified, acknowledged = data.get("notified_on"), data.get("acknowledged_on")
        if notified and acknowledged and acknowledged < notified:
            self.add_error("acknowledged_on",
                           "The acknowledgement cannot be before the notification")
        return data


class LearningDecisionForm(ActionForm):
    button = "Record the decision"
    decision = _radios(Case.LearningDecision.choices,
                       "What has the Learning and Development group decided?",
                       "Select the Learning and Development group's decision")
    rationale = _text("Rationale for the decision", "Enter the rationale for the decision")
    decided_on = _date("the date of the Learning and Development group's decision",
                       "When did the group decide?",
                       hint="The decision then goes to the safeguarding partners for "
                            "approval. For example, 27 11 2026")


class ApproveLearningDecisionForm(ActionForm):
    """The partners' approval of the group's decision (004 section 10.7); when no review is
    held, how the learning will be shared (001)."""

    button = "Approve the decision"
    approved_on = _date("the date the partners approved the decision",
                        "When did the partners approve the decision?")
    sharing = _text("How will the learning be shared and acted on?",
                    "Enter how the learning will be shared and acted on, or how the learning "
                    "outcomes have been achieved",
                    "No review of the case is held, so say how the learning will be "
                    "disseminated and acted on across the partnership, or how the learning "
                    "outcomes have been achieved. For example, a 7-minute briefing to the "
                    "Learning and Development group and an item in the partnership newsletter.")

    def __init__(self, *args, case: Case, **kwargs) -> None:
        if not case.learning_holds_no_review:
            self.base_fields = {name: form_field for name, form_field in self.base_fields.items()
                                if name != "sharing"}
        super().__init__(*args, **kwargs)
        self.lead = (f"The Learning and Development group decided: "
                     f"{case.get_learning_decision_display()}.\n{case.learning_rationale}")


class ReturnLearningDecisionForm(ActionForm):
    button = "Send the decision back"
    reason = _text("Why is the decision sent back?", "Enter why the decision is sent back",
                   "The Learning and Development group reads this and decides again.")

    def __init__(self, *args, case: Case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lead = (f"The Learning and Development group decided: "
                     f"{case.get_learning_decision_display()}.\n{case.learning_rationale}")


class ReferrerToldForm(ActionForm):
    button = "Save the date"
    told_on = _date("the date the referrer was told", "When was the referrer told the outcome?")


class CorrectDateForm(ActionForm):
    """Which recorded date is wrong (each with its current value), the right one and why.
    Shared by every record whose dates the business unit may correct."""

    button = "Correct the date"
    field = forms.ChoiceField(widget=forms.RadioSelect, label="Which date is wrong?",
                              error_messages={"required": "Select the date to correct",
                                              "invalid_choice": "Select the date to correct"})
    new_date = _date("the correct date", "What is the correct date?")
    reason = _text("Why is it corrected?", "Enter why the date is corrected",
                   "The decision log keeps the reason with the date before and after.")

    def __init__(self, *args, dates: dict[str, Event], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [
            (key, f"{event.name}: {long_date(event.on)}")
            for key, event in dates.items() if event.on is not None]


class WithdrawForm(ActionForm):
    button = "Withdraw the case"
    reason = _text("Why is the case withdrawn?", "Enter why the case is withdrawn")


class DocumentForm(ActionForm):
    """The file's type and size are checked by services.add_document, by its content. The
    kinds offered are those the person may add to the case (``kinds``, from
    safeguarding.permissions.document_kinds), which the service checks again."""

    button = "Add the document"
    # The panel pack is kept by the rapid review when it is circulated, not uploaded.
    kind = _radios([choice for choice in Document.Kind.choices
                    if choice[0] != Document.Kind.PANEL_PACK],
                   "What kind of document is it?", "Select what kind of document this is")
    kind.error_messages["invalid_choice"] = "Select what kind of document this is"
    title = forms.CharField(label="What is it?", max_length=200,
                            help_text="For example, Police summary of involvement. Do not use "
                                      "the child's or family's names.",
                            error_messages={"required": "Enter what the document is"})
    file = forms.FileField(
        label="Upload a file",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"})

    def __init__(self, *args, kinds: Collection[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [choice for choice in kind.choices if choice[0] in kinds]
        limit = filesizeformat(settings.DOCUMENT_MAX_BYTES)
        self.fields["file"].help_text = f"{ALLOWED_NAMES}, up to {limit}."

    def _component(self, name: str) -> Field:
        if name == "file":  # a file input, with its label as large as the other questions'
            return Field("file", context={"label_size": Size.for_label(Size.MEDIUM)})
        return super()._component(name)


class CaseReferenceField(forms.ModelChoiceField):
    """A case typed by its reference, in any case of letters."""

    def to_python(self, value):
        return super().to_python((value or "").strip().upper())


class MergeForm(ActionForm):
    button = "Merge the case"
    into = CaseReferenceField(
        queryset=Case.objects.all(), to_field_name="reference", widget=forms.TextInput,
        label="Which case is this a duplicate of?", help_text="Its reference, like SI-2026-0007.",
        error_messages={"required": "Enter the reference of the case this duplicates",
                        "invalid_choice": "There is no case with that reference"})
    reason = _text("Why is this case a duplicate?", "Enter why this case is a duplicate")


REFERENCE_PATTERN = re.compile(r"^[A-Za-z]*[-\s]*[0-9][-0-9\s]*$")
REFERENCE = RegexValidator(REFERENCE_PATTERN,
                           "Enter a case reference, like SI-2026-0007, or the numbers in it")


class CaseFilterForm(forms.Form):
    """The case list's filters, sent with GET so that a filtered list can be bookmarked and
    paged: a reference and a status, never a child's name, travel in the address. With
    ``receipt_codes`` (the business unit's list) the reference may be a public referral's
    receipt code instead."""

    reference = forms.CharField(
        label="Case reference", required=False, max_length=20,
        help_text="All or part of it, like SI-2026-0007 or 0007.")
    status = forms.ChoiceField(choices=[("", "All statuses"), *Case.Status.choices],
                               label="Status", required=False,
                               error_messages={"invalid_choice": "Select a status from the list"})

    def __init__(self, *args, receipt_codes: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.receipt_codes = receipt_codes
        if receipt_codes:
            self.fields["reference"].label = "Case reference or receipt code"
            self.fields["reference"].help_text = (
                "All or part of a case reference, like SI-2026-0007 or 0007, or the whole "
                "receipt code a member of the public was given, like K7QX-9MRP-2D.")
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "filters"
        self.helper.layout = Layout(
            Field.text("reference", label_size=Size.SMALL, field_width=Fluid.ONE_THIRD),
            Field.select("status"),
            Submit("", "Filter", css_id="filter"),
        )

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"]
        if reference and not (self.receipt_codes and receipts.as_stored(reference)):
            if not self.receipt_codes:
                REFERENCE(reference)
            elif not REFERENCE_PATTERN.search(reference):
                raise ValidationError(f"{REFERENCE.message}, or a receipt code like "
                                      "K7QX-9MRP-2D")
        return reference

    def filters(self) -> dict:
        """The filters to apply: none at all when any is not valid (its error is shown)."""
        if not self.is_valid():
            return {}
        return {"reference": "".join(self.cleaned_data["reference"].split()),
                "status": self.cleaned_data["status"]}


class ChildNameSearchForm(forms.Form):
    """A child's name, posted and kept in the session, never in an address."""

    name = forms.CharField(label="Child's name", max_length=200,
                           error_messages={"required": "Enter all or part of the child's name"})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "name-search"
        self.helper.layout = Layout(
            Field.text("name", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            Submit("", "Search by name", css_id="search"),
        )


class AccessLogFilterForm(forms.Form):
    reference = forms.CharField(label="Case reference", required=False, max_length=20)
    email = forms.CharField(label="User's email address", required=False, max_length=254)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("reference", label_size=Size.SMALL, field_width=Fluid.ONE_THIRD),
            Field.text("email", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            Submit("", "Filter", css_id="filter"),
        )


class DecisionLogFilterForm(forms.Form):
    """The decision log's filters, sent with GET: a reference, codes, a person's number and
    dates, never a name, in the address."""

    reference = forms.CharField(label="Case reference", required=False, max_length=20)
    record = forms.ChoiceField(label="Record", required=False, error_messages={
        "invalid_choice": "Select a record from the list"})
    actor = forms.TypedChoiceField(label="Who made it", required=False, coerce=int,
                                   empty_value=None, error_messages={
                                       "invalid_choice": "Select a person from the list"})
    date_from = GovukDateField(noun="the date from", label="From", allow_future=True)
    date_to = GovukDateField(noun="the date to", label="To", allow_future=True)

    def __init__(self, *args, records: list[tuple[str, str]], actors: list[tuple[int, str]],
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [("", "Every record"), *records]
        self.fields["actor"].choices = [("", "Everyone"), *actors]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("reference", label_size=Size.SMALL, field_width=Fluid.ONE_THIRD),
            Field.select("record"), Field.select("actor"),
            *(Field(name, context={"legend_size": Size.for_legend(Size.SMALL)})
              for name in ("date_from", "date_to")),
            Submit("", "Filter", css_id="filter"),
        )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "The date to must be the same as or after the date from")
        return data

    def filters(self) -> dict:
        """The filters for selectors.decision_log; none at all when any is not valid."""
        if not self.is_valid():
            return {}
        return {**self.cleaned_data, "reference": self.cleaned_data["reference"].strip()}
