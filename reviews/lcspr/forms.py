"""The LCSPR's one-question pages (safeguarding.forms.ActionForm): each validates what a
person typed; the services check it against the review."""

from django import forms

from safeguarding.choices import YesNo
from safeguarding.fields import GovukDateField
from safeguarding.forms import ActionForm

from .models import Lcspr, LcsprNotice, ReviewerCommission

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
        help_text="The statutory six months to publication run from this date (004 section "
                  "15.5)")
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
                "002 section 8: they are told the name of the reviewer commissioned")
        else:
            self.fields["recipients"].help_text = (
                "002 section 8: as soon as the partners have decided a local review will be "
                "carried out")


class CommissioningForm(ActionForm):
    button = "Save"
    reviewer_kind = _radios(Lcspr.ReviewerKind.choices, "Which reviewer is commissioned?",
                            "Choose the reviewer to be commissioned")
    procurement = _radios(
        Lcspr.Procurement.choices, "How is the reviewer commissioned?",
        "Choose how the reviewer is commissioned",
        hint="An independent author through the regionally agreed process (004 section 8.7) "
             "or the local authority's tendering procedures (002 section 9)")
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
        help_text="Reviewers assessed as meeting 004 section 8.1, with no conflict of interest "
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


class PublicationForm(ActionForm):
    button = "Save"
    published_on = GovukDateField(noun="the date it was published", required=True,
                                  label="When was the report published?")
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
        "004 section 15.3: it is set out to the National Panel and the Secretary of State")
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
                  "safety partnership (004 section 11.4), or another case's LCSPR",
        error_messages={"required": "Say which review it is merged with"})
    reason = _text("Why is it merged?", "Enter why the LCSPR is merged")
