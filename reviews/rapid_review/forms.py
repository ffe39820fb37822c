"""The rapid review's forms: starting it, asking agencies, and the pages of the Information
Gathering Tool (002 appendix) with the chronology columns of 004 appendix 2. A draft may be
saved incomplete; completeness is checked on submission (services.return_problems)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.utils.html import escape

from safeguarding.choices import YesNo, YesNoUnknown
from safeguarding.fields import GovukDateField
from safeguarding.forms import ActionForm
from safeguarding.models import Agency
from safeguarding.pageforms import PageForm, RowForm, layout_for, radios
from safeguarding.versions import VersionedRows, current_version

from ..action_plans.models import Action
from .models import (
    ChronologyEntry,
    InformationReturn,
    KnownAgency,
    PanelAttendance,
    ParallelProcess,
    RapidReview,
    ReturnChild,
    ReturnFamilyMember,
    ReturnPractitioner,
)


class StartRapidReviewForm(ActionForm):
    button = "Start the rapid review"
    decided_on = GovukDateField(noun="the date of the decision", required=True,
                                label="Date of the decision to undertake a rapid review")
    decision_note = forms.CharField(
        label="The decision and who made it", max_length=10_000, widget=forms.Textarea,
        help_text="A written record of the decision by the Chair of the safeguarding "
                  "partnership",
        error_messages={"required": "Enter the decision and who made it"})


class InformationRequestForm(ActionForm):
    button = "Send the requests"
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple,
        label="Which agencies are asked for an information return?",
        error_messages={"required": "Choose at least one agency"})
    due_on = GovukDateField(noun="the date the returns are due", allow_future=True,
                            required=True, label="Returns are due on")

    def __init__(self, *args, agencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.fields["agencies"].label_from_instance = lambda agency: agency.name


class ReopenReturnForm(ActionForm):
    button = "Reopen the return"
    reason = forms.CharField(label="Why is the return reopened?", max_length=10_000,
                             widget=forms.Textarea,
                             error_messages={"required": "Enter why the return is reopened"})


class KnownAgencyDecisionForm(ActionForm):
    button = "Save the decision"
    approve = forms.TypedChoiceField(
        choices=[("yes", "Yes, ask this agency for a return"), ("no", "No")],
        coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        label="Ask this agency for an information return?",
        error_messages={"required": "Say whether to ask this agency"})


# The pages of the Information Gathering Tool.

# Seed 004 section 6.5, in its words: the scope of what agencies are asked for.
THREE_YEAR_SCOPE = (
    "For the purposes of the Rapid Review Panel, the Statutory Safeguarding Partners will "
    "request information dating back no more than 3 years. However, if agencies believe "
    "there is relevant information outside of this timescale, this information should be "
    "shared at the meeting.")


class AboutForm(PageForm):
    completed_on = GovukDateField(noun="the date the form was completed",
                                  label="Date form completed")
    had_involvement = radios(
        YesNo.choices, "Has your agency had any involvement with the child or children, their "
        "parents, carers or family?",
        "If not, this is a nil return: give the reason below, and you need not answer the "
        "other sections. " + THREE_YEAR_SCOPE)

    class Meta:
        model = InformationReturn
        fields = ["completed_by_name", "completed_by_role", "completed_by_organisation",
                  "completed_on", "had_involvement", "nil_return_reason"]


class IncidentForm(PageForm):
    incident_date = GovukDateField(noun="the date of the incident", label="Date of incident")
    criminal_investigation = radios(
        YesNoUnknown.choices, "Is this case known to be the subject of a criminal "
        "investigation?")
    coroners_inquiry = radios(YesNoUnknown.choices,
                              "Is this case known to be the subject of a coroner's inquiry?")

    class Meta:
        model = InformationReturn
        fields = ["incident_date", "incident_address", "carer_at_incident",
                  "criminal_investigation", "lead_investigator", "coroners_inquiry",
                  "coroners_contact"]
        widgets = {"incident_address": forms.Textarea(attrs={"rows": 3})}


class InvolvementForm(PageForm):
    open_now = radios(YesNo.choices, "Is the child, young person, parent or family open to "
                      "your agency as a current case?")
    open_before = radios(YesNo.choices, "Was the child, young person, parent or family open "
                         "to your agency as a previous case?")
    adult_safeguarding = radios(YesNo.choices, "Are there any adult safeguarding concerns?")
    adult_safeguarding_shared = radios(
        YesNo.choices, "If so, have these been shared by completing a Safeguarding Adult "
        "Referral (SAR) form?")

    class Meta:
        model = InformationReturn
        fields = ["open_now", "open_now_details", "open_before", "open_before_details",
                  "adult_safeguarding", "adult_safeguarding_shared",
                  "adult_safeguarding_details"]


class SynopsisForm(PageForm):
    class Meta:
        model = InformationReturn
        fields = ["initial_information", "involvement_with_incident", "previous_involvement",
                  "practice_analysis", "immediate_action", "working_together_concerns",
                  "further_information", "voice_of_child"]


class RecommendationForm(PageForm):
    recommended_review = radios(
        InformationReturn.ReviewType.choices,
        "What type of review do you think this case should be at this stage?")

    class Meta:
        model = InformationReturn
        fields = ["recommended_review"]


class RowsOnlyForm(PageForm):
    class Meta:
        model = InformationReturn
        fields: list[str] = []


class ChildForm(RowForm):
    """A child subject of the review."""

    date_of_birth = GovukDateField(noun="the child's date of birth", label="Date of birth")
    child_protection_current = radios(
        YesNoUnknown.choices, "Is the child or young person subject to a child protection plan "
        "now?")
    child_protection_previous = radios(
        YesNoUnknown.choices, "Has the child or young person been subject to a child "
        "protection plan previously?")

    class Meta:
        model = ReturnChild
        fields = ["name", "date_of_birth", "address", "ethnic_origin", "faith", "disability",
                  "child_protection_current", "child_protection_previous",
                  "child_protection_details"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": "Enter the name of the child"}}


class PractitionerForm(RowForm):
    class Meta:
        model = ReturnPractitioner
        fields = ["name", "role", "agency_or_team", "involvement"]
        error_messages = {"name": {"required": "Enter the practitioner's name"}}


class FamilyMemberForm(RowForm):
    date_of_birth = GovukDateField(noun="their date of birth", label="Date of birth")

    class Meta:
        model = ReturnFamilyMember
        fields = ["name_and_address", "relationship", "date_of_birth", "legal_status",
                  "ethnic_origin"]
        widgets = {"name_and_address": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name_and_address": {"required": "Enter their name and address"}}


class KnownAgencyForm(RowForm):
    class Meta:
        model = KnownAgency
        fields = ["agency", "name", "contact_details", "reason"]
        labels = {"agency": "If the agency uses this service, choose it",
                  "name": "Name of the agency"}
        widgets = {"contact_details": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": "Enter the name of the agency"}}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)
        self.fields["agency"].empty_label = "Not on this service"
        if self.instance.pk and self.instance.decision != KnownAgency.Decision.PROPOSED:
            # Decided on by the business unit: the agency can no longer change or remove it
            # (services.save_information_return refuses it too).
            self.fixed_because = (f"The business unit has decided on this agency "
                                  f"({self.instance.get_decision_display().lower()}), so it "
                                  "can no longer be changed or removed.")
            for field in self.fields.values():
                field.disabled = True


class ChronologyEntryForm(RowForm):
    happened_on = GovukDateField(noun="the date of the event", label="Date", required=True)
    happened_at = forms.TimeField(label="Time (24 hour, for example 14:30)", required=False,
                                  input_formats=["%H:%M", "%H.%M", "%H%M", "%H:%M:%S"],
                                  widget=forms.TimeInput(format="%H:%M"),
                                  error_messages={"invalid": "Enter the time as hours and "
                                                             "minutes, like 14:30"})
    child_seen = radios(YesNo.choices, "Child seen or views sought?")

    class Meta:
        model = ChronologyEntry
        fields = ["happened_on", "happened_at", "event", "record_type", "source",
                  "who_was_involved", "decisions", "child_seen", "child_views",
                  "author_comments"]
        error_messages = {"event": {"required": "Enter the significant event"}}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["happened_at"].widget.attrs.update({"inputmode": "numeric"})
        self.helper.layout = layout_for(self)


def row_formset(model, form):
    return forms.inlineformset_factory(InformationReturn, model, form=form,
                                       formset=VersionedRows, extra=0, can_delete=True,
                                       max_num=500, validate_max=True)


ChildrenFormSet = row_formset(ReturnChild, ChildForm)
PractitionerFormSet = row_formset(ReturnPractitioner, PractitionerForm)
FamilyFormSet = row_formset(ReturnFamilyMember, FamilyMemberForm)
KnownAgencyFormSet = row_formset(KnownAgency, KnownAgencyForm)
ChronologyFormSet = row_formset(ChronologyEntry, ChronologyEntryForm)


class SectionProgressForm(forms.Form):
    """The GOV.UK task list's question at the foot of each section of the return."""

    completed = forms.TypedChoiceField(
        choices=[("yes", "Yes, I have completed this section"),
                 ("no", "No, I will come back to it later")],
        coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        label="Have you completed this section?",
        error_messages={"required": "Say whether you have completed this section"})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, prefix="progress", **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.radios("completed", legend_size=Size.MEDIUM))


class ChronologyUploadForm(forms.Form):
    """A chronology kept in a spreadsheet with the columns of 004 appendix 2."""

    file = forms.FileField(
        label="Upload the chronology spreadsheet",
        help_text="An Excel spreadsheet (.xlsx) or a CSV file, up to 2 MB and 500 events, "
                  "with the columns of the chronology template in its first rows",
        error_messages={"required": "Select the chronology spreadsheet",
                        "empty": "The selected file is empty"})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update(
            {"accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument."
                       "spreadsheetml.sheet,text/csv"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field("file"))



# The business unit's and the panel's pages.

class PanelForm(ActionForm):
    button = "Save the panel"
    members = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, required=False,
        label="Who sits on the panel of this review?",
        help_text="Senior managers with no direct involvement in the case: panel chairs, "
                  "panel members and the safeguarding partners' representatives. They can "
                  "read the panel pack and the agencies' returns.")

    def __init__(self, *args, people, review, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = people
        self.fields["members"].label_from_instance = panel_member_label
        # Opened again, the page ticks the people already on the panel.
        self.fields["members"].initial = [member.pk for member in review.panel.all()]


class DateForm(ActionForm):
    """One date: the page's title says what it is."""

    def __init__(self, *args, noun: str, label: str, allow_future: bool = False,
                 button: str = "Save", **kwargs) -> None:
        self.button = button
        self.base_fields = {"on": GovukDateField(noun=noun, label=label, required=True,
                                                 allow_future=allow_future)}
        super().__init__(*args, **kwargs)


class ExtensionForm(ActionForm):
    button = "Record the extension notice"
    notified_on = GovukDateField(noun="the date the secretariat was told", required=True,
                                 label="Date the Panel secretariat was told")
    reason = forms.CharField(label="Why will the rapid review be late?", max_length=10_000,
                             widget=forms.Textarea,
                             error_messages={"required": "Enter the reason"})


class PanelResponseForm(ActionForm):
    button = "Record the Panel's response"
    responded_on = GovukDateField(noun="the date of the Panel's response", required=True,
                                  label="Date of the Panel's response")
    response = forms.ChoiceField(choices=RapidReview.PanelResponse.choices,
                                 widget=forms.RadioSelect, label="What did the Panel say?",
                                 error_messages={"required": "Choose the Panel's response"})
    rationale = forms.CharField(
        label="The Panel's rationale", max_length=10_000, widget=forms.Textarea,
        required=False,
        help_text="As the Panel set it out. Needed when it disagrees with "
                  "the partners' decision")
    questions = forms.CharField(label="The Panel's questions, if it asked for more",
                                max_length=10_000, widget=forms.Textarea, required=False)
    scope = forms.CharField(
        label="If the Panel will undertake a national review, the scope and methodology "
              "agreed with it", max_length=10_000, widget=forms.Textarea, required=False,
        help_text="If it is not agreed yet, record the response again when "
                  "it is")


class AnswersForm(ActionForm):
    button = "Record the answers"
    sent_on = GovukDateField(noun="the date the answers were sent", required=True,
                             label="Date the answers were sent")
    answers = forms.CharField(label="The answers sent to the Panel", max_length=10_000,
                              widget=forms.Textarea,
                              error_messages={"required": "Enter the answers"})


class ConcludeForm(ActionForm):
    button = "Conclude the rapid review"
    next_step = forms.ChoiceField(choices=RapidReview.NextStep.choices, widget=forms.RadioSelect,
                                  label="What happens next?",
                                  error_messages={"required": "Choose what happens next"})
    override_reason = forms.CharField(
        label="If the next step differs from the partners' decision and the Panel's "
              "response, why?", max_length=10_000, widget=forms.Textarea, required=False)
    # 001: with no review, the learning already identified is shared and acted on.
    learning_sharing = forms.CharField(
        label="If no review: how will the learning be shared and acted on?",
        max_length=10_000, widget=forms.Textarea, required=False,
        help_text="Outline how learning already identified will be disseminated and acted "
                  "on, or how the learning outcomes have been achieved. For example, a "
                  "7-minute briefing for the partnership and an item in its newsletter.")
    learning_shared_by = GovukDateField(noun="the date the learning is to be shared by",
                                        allow_future=True,
                                        label="If no review: by when will it be shared?")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("next_step") == RapidReview.NextStep.NO_REVIEW:
            if not (data.get("learning_sharing") or "").strip():
                self.add_error("learning_sharing", "With no review, say how the learning "
                               "already identified will be disseminated and acted on, or how "
                               "the learning outcomes have been achieved")
            if data.get("learning_shared_by") is None and "learning_shared_by" not in \
                    self.errors:
                self.add_error("learning_shared_by",
                               "Enter the date the learning is to be shared by")
        return data

    def __init__(self, *args, expected=None, disagreed: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if expected is not None:
            self.fields["next_step"].initial = expected
            self.fields["next_step"].help_text = (
                f"The partners' decision and the Panel's response lead to: {expected.label}")
        if disagreed:
            self.fields["next_step"].help_text = (
                "The National Panel disagreed with the partners' decision, which was: "
                f"{expected.label if expected else 'not recorded'}")
            self.fields["override_reason"].label = (
                "The Panel disagreed: how was that resolved, and why is this the next step?")


class FamilyToldForm(ActionForm):
    """004 section 7.5: the decision and its rationale communicated to the family."""

    button = "Save"
    told = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda value: value == "yes",
        widget=forms.RadioSelect, label="Has the family been told of the decision?",
        error_messages={"required": "Say whether the family has been told of the decision"})
    told_on = GovukDateField(noun="the date the family was told",
                             label="If yes, when were they told?")
    told_by = forms.CharField(label="If yes, who told them?", max_length=200, required=False,
                              help_text="Their name and role, for example the social worker")
    reason = forms.CharField(label="If not, why not?", max_length=10_000,
                             widget=forms.Textarea, required=False)


class PublicationForm(ActionForm):
    """001: the completed rapid review is published on the partnership's website."""

    button = "Save"
    published = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda value: value == "yes",
        widget=forms.RadioSelect, label="Is the rapid review report published?",
        error_messages={"required": "Say whether the rapid review report is published"})
    published_on = GovukDateField(noun="the date it was published",
                                  label="If yes, when was it published?")
    url = forms.URLField(label="If yes, its web address", max_length=500, required=False,
                         assume_scheme="https",
                         widget=forms.TextInput(attrs={"inputmode": "url",
                                                       "spellcheck": "false"}),
                         error_messages={"invalid": "Enter the web address in the right "
                                                    "format, like https://www.example.org"})
    reason = forms.CharField(label="If not, why not?", max_length=10_000,
                             widget=forms.Textarea, required=False)


class PartnersDecisionForm(ActionForm):
    """000 stage 7 and 004 section 6.10: agree with the panel's recommendation, or decide
    otherwise with the reason."""

    button = "Record the partners' decision"
    agrees = forms.TypedChoiceField(
        choices=[("yes", "Yes, the partners agree with the panel's recommendation"),
                 ("no", "No, the partners decide otherwise")],
        coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        label="Do the partners agree with the panel's recommendation?",
        error_messages={"required": "Say whether the partners agree with the recommendation"})
    decision = forms.ChoiceField(
        choices=RapidReview.Recommendation.choices, widget=forms.RadioSelect, required=False,
        label="If not, what do the partners decide?")
    reason = forms.CharField(label="If not, why do the partners decide otherwise?",
                             max_length=10_000, widget=forms.Textarea, required=False)

    def __init__(self, *args, review: RapidReview, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Deciding otherwise is deciding something else than the panel recommended.
        self.fields["decision"].choices = [
            (value, label) for value, label in RapidReview.Recommendation.choices
            if value != review.recommendation]
        self.lead = _earlier_decision(review)


def _earlier_decision(review: RapidReview) -> str:
    """After a partner declined, the decision maker decides again: the decision that stood,
    and whose signatures a new decision voids."""
    if not review.partners_decision:
        return ""
    lines = [f"The partners' decision now (version {review.decision_version}): "
             f"{review.get_partners_decision_display()}."]
    # Who declined, and why, is shown with the decision's summary below.
    signed = [s for s in review.sign_offs.all() if not s.declined and s.voided_on is None]
    if signed:
        names = ", ".join(s.signed_by.full_name for s in signed)
        lines.append(f"Recording the decision again voids the signatures given on it "
                     f"({names}): every partner signs the new version.")
    return "\n".join(lines)


class _HiddenVersionForm(ActionForm):
    """Carries the version of the partners' decision the page showed."""

    decision_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, review: RapidReview, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision_version"].initial = review.decision_version

    def _component(self, name: str) -> Field:
        if isinstance(self.fields[name].widget, forms.HiddenInput):
            return Field(name)
        return super()._component(name)


class SignOffForm(_HiddenVersionForm):
    """001: a senior representative signs off the decision shown, in their own name."""

    button = "Sign off in my name"

    def __init__(self, *args, review: RapidReview, agency, **kwargs) -> None:
        self.base_fields = {
            "on": GovukDateField(noun="the date of your sign-off",
                                 label="Date of your sign-off", required=True),
            "declaration": forms.MultipleChoiceField(
                choices=[("yes", f"I sign off this decision on behalf of {agency.name}")],
                widget=forms.CheckboxSelectMultiple, label="Declaration",
                error_messages={"required": "Confirm the declaration to sign off"}),
            "decision_version": forms.IntegerField(widget=forms.HiddenInput, required=False)}
        super().__init__(*args, review=review, **kwargs)


class DeclineSignOffForm(_HiddenVersionForm):
    button = "Decline and send back to the decision maker"
    reason = forms.CharField(label="Why do you decline to sign off this decision?",
                             max_length=10_000, widget=forms.Textarea,
                             error_messages={"required": "Give the reason you decline"})


class ReturnToPanelForm(ActionForm):
    button = "Send back to the panel"
    reason = forms.CharField(label="Why does the recommendation go back to the panel?",
                             max_length=10_000, widget=forms.Textarea,
                             error_messages={"required": "Give the reason"})


class AttendanceForm(RowForm):
    direct_involvement = forms.BooleanField(
        required=False, label="Has had direct involvement in the case")

    class Meta:
        model = PanelAttendance
        fields = ["name", "job_title", "agency", "panel_role", "direct_involvement"]
        error_messages = {"name": {"required": "Enter the name of the person who attended"},
                          "agency": {"required": "Choose the agency they represent"},
                          "panel_role": {"required": "Choose their role on the panel"}}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)


AttendanceFormSet = forms.inlineformset_factory(
    RapidReview, PanelAttendance, form=AttendanceForm, formset=VersionedRows, extra=0,
    can_delete=True, max_num=60, validate_max=True)


class MemberForms(list):
    """The attendance page's forms for the panel members, read by the error summary as it
    reads a formset's rows."""

    @property
    def forms(self) -> list:
        return list(self)

    def non_form_errors(self) -> list:
        return []

    def take_current_versions(self, data, rows: dict) -> None:
        """After a refusal, the members' answers are posted again at their rows' versions of
        today (``rows``: each member's row, by the member's id)."""
        for form in self:
            row = rows.get(form.member.pk)
            data[form.add_prefix("version")] = current_version(row) if row is not None else 0
            form.data = data


def panel_member_label(user) -> str:
    return f"{user.full_name}, {user.agency.name} ({user.get_role_display()})"


class MemberAttendanceForm(forms.Form):
    """One member of the review's panel on the attendance page: came, sent a deputy (named)
    or gave apologies. Its prefix is the member's, so that the page holds one per member."""

    presence = forms.ChoiceField(
        choices=PanelAttendance.Presence.choices, widget=forms.RadioSelect,
        label="Did they attend?")
    deputy_name = forms.CharField(
        required=False, max_length=200, label="Name of the deputy",
        help_text="Only if they sent a deputy")
    direct_involvement = forms.BooleanField(
        required=False, label="Has had direct involvement in the case")
    # The version of the member's row as the page was loaded (0: none yet), so that saving
    # over someone else's newer answers is refused (safeguarding.versions).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, member, row: PanelAttendance | None = None, **kwargs) -> None:
        kwargs["initial"] = {"version": current_version(row) if row is not None else 0}
        if row is not None:
            kwargs["initial"].update({"presence": row.presence, "deputy_name": row.deputy_name,
                                      "direct_involvement": row.direct_involvement})
        super().__init__(*args, prefix=f"member-{member.pk}", **kwargs)
        self.member = member
        self.fields["presence"].error_messages["required"] = (
            f"Say whether {member.full_name} attended, sent a deputy or gave apologies")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Fieldset(
            Field.radios("presence", legend_size=Size.SMALL, inline=True),
            Field.text("deputy_name", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            Field.checkbox("direct_involvement", small=True),
            Field("version"),
            legend=escape(panel_member_label(member)),  # crispy marks a legend safe
            legend_size=Size.MEDIUM))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("presence") == PanelAttendance.Presence.DEPUTY and not data.get(
                "deputy_name", "").strip():
            self.add_error("deputy_name", f"Enter the name of {self.member.full_name}'s deputy")
        return data


class OutcomeForm(PageForm):
    recommendation = radios(RapidReview.Recommendation.choices,
                            "The panel's recommendation to the safeguarding partners")
    complex_or_national = radios(YesNo.choices, "May the case raise issues that are complex "
                                                "or of national importance?")
    recommended_reviewer = radios(
        RapidReview.ReviewerKind.choices,
        "If an LCSPR is recommended, which reviewer does the panel recommend?",
        "Kept only with an LCSPR recommended")
    recommended_independent_chair = radios(
        YesNo.choices, "If an LCSPR is recommended, is an independent chair needed?")

    class Meta:
        model = RapidReview
        fields = ["facts_established", "agency_involvement", "learning_identified",
                  "recommendation", "complex_or_national", "key_lines_of_enquiry", "rationale",
                  "recommended_methodology", "recommended_reviewer",
                  "recommended_independent_chair"]
        labels = {"facts_established": "Facts established",
                  "agency_involvement": "Analysis of agency involvement and key practice "
                                        "episodes",
                  "learning_identified": "Learning already identified",
                  "key_lines_of_enquiry": "Key lines of enquiry (when a review is recommended)",
                  "rationale": "Rationale for the recommendation",
                  "recommended_methodology": "If an LCSPR is recommended, the review "
                                             "methodology the panel recommends"}


class ImmediateActionForm(RowForm):
    """An immediate safety action the panel sets: an action of the rapid review's action
    plan (reviews/action_plans), agreed as the panel sets it."""

    due_on = GovukDateField(noun="the date the action is due", label="Due by", required=True,
                            allow_future=True)

    class Meta:
        model = Action
        fields = ["action", "owner_agency", "due_on"]
        labels = {"action": "Immediate safety action", "owner_agency": "Agency that owns it"}
        error_messages = {"action": {"required": "Describe the action"},
                          "owner_agency": {"required": "Choose the agency that owns it"}}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = Agency.objects.filter(is_active=True)


class ParallelProcessForm(RowForm):
    kind = radios(ParallelProcess.Kind.choices, "What kind of process is it?")
    progress = radios(ParallelProcess.Progress.choices, "Where has it got to?")

    class Meta:
        model = ParallelProcess
        fields = ["kind", "other_kind", "lead", "progress", "notes"]
        error_messages = {"kind": {"required": "Choose what kind of process it is"}}
        help_texts = {"notes": "For example how the reviews will be coordinated, or "
                               "disclosure issues that may affect timescales"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = True
        self.fields["kind"].error_messages["required"] = "Choose what kind of process it is"
        self.fields["progress"].required = True
        self.fields["progress"].error_messages["required"] = "Say where it has got to"

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("kind") == ParallelProcess.Kind.OTHER
                and not (cleaned.get("other_kind") or "").strip()):
            self.add_error("other_kind", "Say what the other review or investigation is")
        return cleaned


ParallelProcessFormSet = forms.inlineformset_factory(
    RapidReview, ParallelProcess, form=ParallelProcessForm, formset=VersionedRows, extra=0,
    can_delete=True, max_num=60, validate_max=True)


ImmediateActionFormSet = forms.inlineformset_factory(
    RapidReview, Action, fk_name="review", form=ImmediateActionForm, formset=VersionedRows,
    extra=0,
    can_delete=True, max_num=60, validate_max=True)
