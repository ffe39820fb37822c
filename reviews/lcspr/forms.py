"""The LCSPR's one-question pages (safeguarding.forms.ActionForm): each validates what a
person typed; the services check it against the review."""

from django import forms

from deadlines.models import DelayReason
from reviews.rapid_review.models import ParallelProcess
from safeguarding.choices import YesNo
from safeguarding.fields import GovukDateField
from safeguarding.forms import ActionForm
from safeguarding.models import Agency, User
from safeguarding.pageforms import RowForm, radios
from safeguarding.versions import VersionedRows

from .models import (
    DisclosureRequest,
    GovernanceMember,
    Lcspr,
    LcsprNotice,
    LcsprParallelProcess,
    Milestone,
    ReviewerCommission,
    TermsOfReference,
)

LONG = 10_000


def _text(label: str, required_message: str = "", hint: str = "") -> forms.CharField:
    return forms.CharField(label=label, max_length=LONG, widget=forms.Textarea,
                           required=bool(required_message), help_text=hint,
                           error_messages={"required": required_message})


def _radios(choices, label: str, required_message: str = "", hint: str = "") -> forms.Field:
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, label=label,
                             required=bool(required_message), help_text=hint,
                             error_messages={"required": required_message})


class OpenLcsprForm(ActionForm):
    button = "Open the LCSPR"
    decided_on = GovukDateField(
        noun="the date of the partners' decision", required=True,
        label="When did the partners decide to initiate the review?",
        help_text="The statutory six months to publication run from this date")
    note = _text("How was the decision made?", hint="Optional. For example, signed off by "
                                                    "the three partners in the rapid review")


class TellForm(ActionForm):
    """Who was told (of those not told yet), and when."""

    button = "Save"
    recipients = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, label="Who was told?",
        error_messages={"required": "Choose who was told"})
    told_on = GovukDateField(noun="the date they were told", required=True,
                             label="When were they told?")

    def __init__(self, *args, recipients: list[str], about: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(LcsprNotice.Recipient.choices)
        self.fields["recipients"].choices = [(r, labels[r]) for r in recipients]
        if about == LcsprNotice.About.REVIEWER:
            self.fields["recipients"].help_text = (
                "They are told the name of the reviewer commissioned")
        else:
            self.fields["recipients"].help_text = (
                "As soon as the partners have decided a local review will be "
                "carried out")


class CommissioningForm(ActionForm):
    button = "Save"
    reviewer_kind = _radios(Lcspr.ReviewerKind.choices, "Which reviewer is commissioned?",
                            "Choose the reviewer to be commissioned")
    procurement = _radios(
        Lcspr.Procurement.choices, "How is the reviewer commissioned?",
        "Choose how the reviewer is commissioned",
        hint="An independent author through the regionally agreed process "
             "or the local authority's tendering procedures")
    procurement_details = _text("If another way, which?")
    started_on = GovukDateField(noun="the date commissioning started", required=True,
                                label="When did commissioning start?")


YES_NO = YesNo.choices


class AssessmentForm(ActionForm):
    """004 section 8.1, in its words: each point considered for the reviewer."""

    button = "Save the assessment"
    reviewer = forms.ModelChoiceField(
        queryset=None, widget=forms.RadioSelect, label="Which reviewer is assessed?",
        help_text="People with a reviewer's account. An administrator makes the account of a "
                  "reviewer who has none yet",
        error_messages={"required": "Choose the reviewer assessed"})
    assessed_on = GovukDateField(noun="the date of the assessment", required=True,
                                 label="When were they assessed?")
    practice_knowledge = _radios(
        YES_NO, "Does the reviewer have professional knowledge, understanding and practice "
        "relevant to local child safeguarding practice reviews, including the ability to "
        "engage both with practitioners and children and families?",
        "Say whether the reviewer has the professional knowledge, understanding and practice")
    research_knowledge = _radios(
        YES_NO, "Does the reviewer have knowledge and understanding of research relevant to "
        "children's safeguarding issues?",
        "Say whether the reviewer has the knowledge and understanding of research")
    recognises_complexity = _radios(
        YES_NO, "Can the reviewer recognise the complex circumstances in which practitioners "
        "work together to safeguard children?",
        "Say whether the reviewer can recognise the complex circumstances")
    communicates_findings = _radios(
        YES_NO, "Can the reviewer communicate findings effectively?",
        "Say whether the reviewer can communicate findings effectively")
    assessment_notes = _text("What evidence was considered?", "Enter the evidence considered",
                             "For example their previous reviews, references and interview")
    conflict = _radios(ReviewerCommission.Conflict.choices,
                       "Has the reviewer declared any real or perceived conflict of interest?",
                       "Say whether the reviewer declared a conflict of interest")
    conflict_details = _text("If so, what is it?")
    conflict_decision = _radios(ReviewerCommission.ConflictDecision.choices,
                                "If so, what did the partners decide?")
    conflict_reason = _text("If so, why, and how is it managed?")

    def __init__(self, *args, reviewers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = (
            lambda user: f"{user.full_name}, {user.agency.name}")


class CommissionForm(ActionForm):
    button = "Commission the reviewer"
    commission = forms.ModelChoiceField(
        queryset=None, widget=forms.RadioSelect, label="Which reviewer is commissioned?",
        help_text="Reviewers assessed as meeting the criteria for a reviewer, with no "
                  "conflict of interest "
                  "that prevents the commission. They will read this review and its case, "
                  "and nothing else",
        error_messages={"required": "Choose the reviewer commissioned"})
    commissioned_on = GovukDateField(noun="the date the reviewer was commissioned",
                                     required=True, label="When was the reviewer commissioned?")

    def __init__(self, *args, assessed, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commission"].queryset = ReviewerCommission.objects.filter(
            pk__in=[commission.pk for commission in assessed]).select_related(
            "reviewer__agency")
        self.fields["commission"].label_from_instance = (
            lambda commission: f"{commission.reviewer.full_name}, "
                               f"{commission.reviewer.agency.name} (assessed "
                               f"{commission.assessed_on:%-d %B %Y})")


class EndCommissionForm(ActionForm):
    button = "End the commission"
    ended_on = GovukDateField(noun="the date the commission ended", required=True,
                              label="When did the commission end?")
    reason = _text("Why does the commission end?", "Enter why the commission ends")


class PublicationDecisionForm(ActionForm):
    """004 sections 14.4, 14.7, 15.2-15.3."""

    button = "Save the decision"
    decision = _radios(Lcspr.Publication.choices, "What did the partners decide?",
                       "Choose what the partners decided",
                       hint="The safeguarding partners and the independent scrutineer make "
                            "the final decision")
    decided_on = GovukDateField(noun="the date of the decision", required=True,
                                label="When did they decide?")
    planned_on = GovukDateField(
        noun="the planned publication date", allow_future=True,
        label="When is it planned to be published?",
        help_text="If it is published. The copy to the National Panel, the Secretary of State "
                  "and Ofsted is due at least 7 working days before")
    justification = _text(
        "Why not the full report?", hint="If the learning only, or nothing, is published: "
        "it is set out to the National Panel and the Secretary of State")


class SentForm(ActionForm):
    button = "Save"
    sent_on = GovukDateField(noun="the date the final report was sent", required=True,
                             label="When was the final report sent to the National Panel, the "
                                   "Secretary of State and Ofsted?")

    def __init__(self, *args, due: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if due:
            self.fields["sent_on"].help_text = f"Due by {due}: 7 working days before the " \
                                               "planned publication date"


class PublicationForm(ActionForm):
    button = "Save"
    published_on = GovukDateField(noun="the date it was published", required=True,
                                  label="When was the report published?")
    reviewer_name = forms.CharField(
        label="The reviewer's name, as published", max_length=200, required=False,
        help_text="The name of the reviewer is published. Leave blank for "
                  "the reviewer commissioned")
    url = forms.URLField(label="Its web address", max_length=500, assume_scheme="https",
                         widget=forms.TextInput(attrs={"inputmode": "url",
                                                       "spellcheck": "false"}),
                         error_messages={"required": "Enter the web address where it is "
                                                     "published",
                                         "invalid": "Enter the web address in the right "
                                                    "format, like https://www.example.org"})


class NotPublishedForm(ActionForm):
    button = "Save"
    justification = _text(
        "Why did the partners decide not to publish the report, or information about the "
        "improvements?", "Enter the justification for not publishing",
        "It is set out to the National Panel and the Secretary of State. "
        "As recorded with the decision on publication, unless you change it")
    sent_on = GovukDateField(noun="the date the justification was set out", required=True,
                             label="When was it set out to the National Panel and the "
                                   "Secretary of State?")


class WithdrawForm(ActionForm):
    button = "Withdraw the review"
    reason = _text("Why is the review withdrawn?", "Enter why the LCSPR is withdrawn",
                   "For example, the National Panel will undertake a national review")


class MergeForm(ActionForm):
    button = "Merge the review"
    merged_with = forms.CharField(
        label="Which review is it merged with?", max_length=200,
        help_text="For example, the Domestic Homicide Review commissioned by the community "
                  "safety partnership, or another case's LCSPR",
        error_messages={"required": "Say which review it is merged with"})
    reason = _text("Why is it merged?", "Enter why the LCSPR is merged")


class DelayForm(ActionForm):
    """004 section 15.5: the reason the six months will be missed."""

    button = "Save"
    kind = _radios(DelayReason.Kind.choices, "Why will publication be later than six months "
                   "from the decision?", "Choose why publication is delayed")
    text = _text("The reason in words", hint="Required for another reason. No names")
    told_on = GovukDateField(noun="the date they were told", required=True,
                             label="When were the National Panel and the Secretary of State "
                                   "told?")


class PanelCommentsForm(ActionForm):
    button = "Save"
    comments = _text("What did the National Panel or the Secretary of State say about "
                     "publication?", "Enter their comments",
                     "The partners have regard to them")
    received_on = GovukDateField(noun="the date their comments were received", required=True,
                                 label="When were they received?")


class RemovalForm(ActionForm):
    button = "Save"
    removed_on = GovukDateField(noun="the date it was taken down", required=True,
                                label="When was the report taken down?")
    reason = _text("Why was it taken down?", hint="Required before a year online")


class DisclosureRequestForm(ActionForm):
    """004 section 13.4."""

    button = "Save the request"
    requester = _radios(DisclosureRequest.Requester.choices, "Who asked for documents?",
                        "Choose who asked for documents")
    requester_details = forms.CharField(
        label="Which office or organisation?", max_length=200, required=False,
        help_text="Required for someone else. An office, never a family member's name")
    received_on = GovukDateField(noun="the date the request was received", required=True,
                                 label="When was the request received?")
    documents = _text("Which documents were asked for?", "Enter the documents asked for")


class DisclosureDecisionForm(ActionForm):
    """004 section 13.4: legal advice on Public Interest Immunity, then the decision."""

    button = "Save the decision"
    request = forms.ModelChoiceField(queryset=None, widget=forms.RadioSelect,
                                     label="Which request?",
                                     error_messages={"required": "Choose the request"})
    legal_advice = _text("What was the legal advice?", hint="Required for the coroner's "
                                                            "requests")
    legal_advice_on = GovukDateField(noun="the date of the legal advice",
                                     label="When was the legal advice given?")
    outcome = _radios(DisclosureRequest.Outcome.choices, "What did the partners decide?",
                      "Choose what the partners decided")
    decided_on = GovukDateField(noun="the date of the decision", required=True,
                                label="When did they decide?")
    reason = _text("Why?", "Enter the reason for the decision")

    def __init__(self, *args, requests, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = requests
        self.fields["request"].label_from_instance = (
            lambda request: f"{request.get_requester_display()}, received "
                            f"{request.received_on:%-d %B %Y}: {request.documents[:80]}")


class ChangeDisclosureDecisionForm(DisclosureDecisionForm):
    """A decision recorded, changed with the reason (chosen on the review's page, or here)."""

    button = "Save the change"
    change_reason = _text("Why is the decision changed?", "Enter why the decision is changed",
                          "For example, new legal advice or a court's direction")
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["request"].label = "Which request's decision is changed?"
        self.fields["request"].label_from_instance = (
            lambda request: f"{request.get_requester_display()}, received "
                            f"{request.received_on:%-d %B %Y}: "
                            f"{request.get_outcome_display().lower()}")


class MediaStrategyForm(ActionForm):
    """004 section 15.1."""

    button = "Save"
    strategy = _text("What is the media strategy?", "Enter the media strategy",
                     "Who leads the communications, what is said and when")
    agreed_on = GovukDateField(noun="the date the strategy was considered", required=True,
                               label="When did the governance group consider it?")
    approved_on = GovukDateField(noun="the date it was approved", required=True,
                                 label="When did the safeguarding partners approve it?")


class PressStatementForm(ActionForm):
    """004 section 15.4."""

    button = "Save"
    statement = _text("What does the press statement say?", "Enter the press statement",
                      "The reason for the review, the key findings and the required actions. "
                      "No names")
    released_on = GovukDateField(noun="the date the press statement was released",
                                 required=True, label="When was it released?")


# Terms of reference and governance (004 sections 8.2-8.6, 9.1; 001) and the parallel
# processes (004 section 11): issue 13 items 4 and 6.

class TermsForm(ActionForm):
    button = "Save the terms of reference"
    scope = _text("What is the scope of the review?", "Enter the scope of the review",
                  "The governance group agrees the scope")
    period_from = GovukDateField(noun="the date the period under review starts",
                                 required=True, label="When does the period under review "
                                                      "start?")
    period_to = GovukDateField(noun="the date the period under review ends", required=True,
                               label="When does the period under review end?")
    key_lines_of_enquiry = _text(
        "What are the key lines of enquiry?", "Enter the key lines of enquiry",
        "Carried over from the rapid review; change them "
        "here")
    methodology = _radios(TermsOfReference.Methodology.choices,
                          "Which methodology will the review use?",
                          "Choose the methodology",
                          "Agreed with the reviewer. For example a case-authored "
                          "review, a thematic review, a multi-agency audit, a learning event")
    other_methodology = forms.CharField(label="If another, which?", max_length=200,
                                        required=False)
    methodology_reason = _text(
        "Why this methodology?", "Say why this methodology was chosen",
        "The one that gives the best opportunity to learn, proportionate to "
        "the case")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", "The date the period under review ends must be the "
                                        "same as or after the date it starts")
        if (cleaned.get("methodology") == TermsOfReference.Methodology.OTHER
                and not (cleaned.get("other_methodology") or "").strip()):
            self.add_error("other_methodology", "Say which other methodology")
        return cleaned


class GovernanceMeetingForm(ActionForm):
    button = "Save the meeting"
    held_on = GovukDateField(
        noun="the date of the meeting", required=True, label="When did the group meet?")
    attended = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Who attended?",
        error_messages={"required": "Choose who attended"})
    others_present = _text("Was anyone else present?",
                           hint="Optional. For example the reviewer, or a minute taker")
    notes = _text("What did the group discuss and decide?",
                  "Enter the notes and decisions of the meeting")

    def __init__(self, *args, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = members
        self.fields["attended"].label_from_instance = lambda member: (
            f"{member.display_name} ({member.get_role_display().lower()})")


class AgreeTermsForm(ActionForm):
    button = "Record that the terms of reference are agreed"
    agreed_on = GovukDateField(noun="the date the terms of reference were agreed",
                               required=True, label="When were the terms of reference agreed?")
    agreed_by = forms.CharField(
        label="Who agreed them?", max_length=200,
        help_text="For example, the governance group at its meeting, with the reviewer",
        error_messages={"required": "Say who agreed the terms of reference"})


class ReviseTermsForm(ActionForm):
    button = "Revise the terms of reference"
    revised_on = GovukDateField(noun="the date the terms of reference were revised",
                                required=True, label="When were they revised?")
    reason = _text("Why are the terms of reference revised?",
                   "Enter why the terms of reference are revised",
                   "For example, the scope changes as the review goes on. They are then "
                   "changed and agreed again")


class AskReviewerForm(ActionForm):
    button = "Save the request"
    requested_on = GovukDateField(noun="the date the reviewer was asked", required=True,
                                  label="When was the reviewer asked?")
    request = _text("What was the reviewer asked?", "Enter what the reviewer was asked",
                    "To assess the review's progress and quality; the "
                    "request is made in writing")
    reply_by = GovukDateField(noun="the date a reply is asked for by", allow_future=True,
                              label="By when is a reply asked for?", help_text="Optional")


class ProgressReportForm(ActionForm):
    button = "Save the progress report"
    reported_on = GovukDateField(noun="the date of the progress report", required=True,
                                 label="When was the progress reported?")
    report = _text("What progress has the review made?", "Enter the progress report",
                   "For example who has been met, what has been read, what is late and why")
    in_reply_to = forms.ModelChoiceField(
        queryset=None, widget=forms.RadioSelect, required=False,
        label="Does it reply to a request from the partners?", empty_label=None,
        help_text="Optional")

    def __init__(self, *args, requests, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["in_reply_to"].queryset = requests
        self.fields["in_reply_to"].label_from_instance = lambda request: (
            f"The request of {request.requested_on:%-d %B %Y}")
        if not requests.exists():
            del self.fields["in_reply_to"]
            self.lay_out()


class GovernanceMemberForm(RowForm):
    class Meta:
        model = GovernanceMember
        fields = ["user", "name", "agency", "job_title", "role"]
        labels = {"user": "A person with an account of the service",
                  "agency": "Their agency, if they have no account"}

    role = radios(GovernanceMember.Role.choices, "Their role in the group",
                  "The chair of the rapid review panel chairs the group")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).select_related(
            "agency").order_by("full_name")
        self.fields["user"].label_from_instance = (
            lambda user: f"{user.full_name}, {user.agency.name}")
        self.fields["user"].empty_label = "Someone without an account"
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)
        self.fields["agency"].empty_label = "Choose their agency"
        self.fields["role"].required = True
        self.fields["role"].error_messages["required"] = "Choose their role in the group"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("user"):
            if not (cleaned.get("name") or "").strip():
                self.add_error("name", "Choose a person with an account, or enter their name")
            if not cleaned.get("agency"):
                self.add_error("agency", "Choose the agency of a person without an account")
        return cleaned


class MilestoneForm(RowForm):
    due_on = GovukDateField(noun="the date the milestone is due", label="Due on",
                            required=True, allow_future=True)
    done_on = GovukDateField(noun="the date the milestone was done", label="Done on",
                             help_text="Leave blank until it is done")

    class Meta:
        model = Milestone
        fields = ["name", "due_on", "done_on"]
        labels = {"name": "Milestone"}
        help_texts = {"name": "For example: chronologies from the agencies; practitioners' "
                              "learning event; first draft to the governance group"}
        error_messages = {"name": {"required": "Enter the milestone"}}


class LcsprParallelProcessForm(RowForm):
    kind = radios(ParallelProcess.Kind.choices, "What kind of process is it?")
    progress = radios(ParallelProcess.Progress.choices, "Where has it got to?")
    chair_contacted_on = GovukDateField(
        noun="the date its chair was contacted", label="When did the chair of the review "
        "contact its chair?", help_text="The chair of the review panel "
                                        "makes contact with the chair of a parallel process")
    coordination = radios(LcsprParallelProcess.Coordination.choices,
                          "How is the LCSPR coordinated with it?",
                          "Decided at the outset")
    reports = radios(LcsprParallelProcess.Reports.choices, "Which reports?")

    class Meta:
        model = LcsprParallelProcess
        fields = ["kind", "other_kind", "lead", "chair", "chair_contacted_on", "progress",
                  "coordination", "reports", "coordination_notes", "timescales_effect",
                  "disclosure_effect", "notes"]
        labels = {"chair": "Its chair"}
        help_texts = {"timescales_effect": "A coroner's enquiry or a "
                                           "criminal investigation may delay the review",
                      "disclosure_effect": "What may be shared, and when"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, message in (("kind", "Choose what kind of process it is"),
                              ("progress", "Say where it has got to")):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = message

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("kind") == ParallelProcess.Kind.OTHER
                and not (cleaned.get("other_kind") or "").strip()):
            self.add_error("other_kind", "Say what the other review or investigation is")
        return cleaned


GovernanceMemberFormSet = forms.inlineformset_factory(
    Lcspr, GovernanceMember, form=GovernanceMemberForm, formset=VersionedRows, extra=0,
    can_delete=True, max_num=40, validate_max=True)
MilestoneFormSet = forms.inlineformset_factory(
    Lcspr, Milestone, form=MilestoneForm, formset=VersionedRows, extra=0, can_delete=True,
    max_num=40, validate_max=True)
LcsprParallelProcessFormSet = forms.inlineformset_factory(
    Lcspr, LcsprParallelProcess, form=LcsprParallelProcessForm, formset=VersionedRows,
    extra=0, can_delete=True, max_num=40, validate_max=True)


# The reviewer's report template (issue 13 item 13).

class ReportTemplateForm(ActionForm):
    """How the Word template names the child, and whether its title page shows the case
    reference (word.report_template checks the pseudonym against the case's records)."""

    button = "Download the report template"
    pseudonym = forms.CharField(
        label="What should the report call the child?", required=False, max_length=40,
        help_text="Optional. A pseudonym that does not identify them, for example Child Q. "
                  "Leave it empty and the template says Child [pseudonym] for you to "
                  "replace.")
    show_reference = _radios(
        YesNo.choices, "Put the case reference on the title page?",
        "Say whether to put the case reference on the title page",
        "The redaction check lists it: take it out before the report is sent or published")


class ChosenRowForm(forms.Form):
    """The row a step page starts filled in with, chosen on the review's page and sent with
    GET (``?request=12``): the number of one of ``rows``. Anything else (no number, a
    number too long, "²") is ignored and the page starts empty."""

    def __init__(self, data, *, name: str, rows) -> None:
        super().__init__(data)
        self.name = name
        self.fields[name] = forms.ModelChoiceField(queryset=rows, required=False)

    def chosen(self):
        return self.cleaned_data.get(self.name) if self.is_valid() else None
