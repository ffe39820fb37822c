"""The practitioners and family pages' forms: each validates what a person typed; the
services check it against the review."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from safeguarding.choices import YesNo
from safeguarding.fields import GovukDateField
from safeguarding.forms import ActionForm

from .models import EngagementContact, LcsprFamilyMember, LcsprPractitioner

LONG, SHORT = 10_000, 200
Family = LcsprFamilyMember


def _text(label: str, required_message: str = "", hint: str = "") -> forms.CharField:
    return forms.CharField(label=label, max_length=LONG, widget=forms.Textarea,
                           required=bool(required_message), help_text=hint,
                           error_messages={"required": required_message})


def _line(label: str, required_message: str = "", hint: str = "") -> forms.CharField:
    return forms.CharField(label=label, max_length=SHORT, required=bool(required_message),
                           help_text=hint, error_messages={"required": required_message})


def _radios(choices, label: str, required_message: str, hint: str = "") -> forms.Field:
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, label=label,
                             help_text=hint, error_messages={"required": required_message})


def _blank_unless(form: forms.Form, field: str, when: bool, message: str) -> None:
    if when and not (form.cleaned_data.get(field) or "").strip():
        form.add_error(field, message)


class EngagementForm(ActionForm):
    """One page of the practitioners and family: a drop-down is shown as one."""

    def _component(self, name: str) -> Field:
        if isinstance(self.fields[name].widget, forms.Select) and not isinstance(
                self.fields[name].widget, forms.RadioSelect):
            return Field.select(name, legend_size=Size.MEDIUM)
        return super()._component(name)


class AccessForm(EngagementForm):
    button = "Save the partners' decision"
    allowed = _radios(
        YesNo.choices, "May the reviewer see the practitioner and family records?",
        "Say whether the reviewer may see the practitioner and family records",
        "If so, the reviewer commissioned sees the practitioners, the family members and "
        "every contact, and records their own contacts with them. If not, they see none of "
        "it")
    decided_on = GovukDateField(noun="the date of the partners' decision", required=True,
                                label="When did the partners decide?")


class PractitionerForm(EngagementForm):
    button = "Save the practitioner"
    user = forms.ModelChoiceField(queryset=None, required=False,
                                  label="Do they have an account of the service?",
                                  empty_label="No: they are named below")
    name = _line("If not, what is their name?")
    agency = forms.ModelChoiceField(queryset=None, required=False,
                                    label="If not, which agency do they work for?",
                                    empty_label="Choose their agency")
    organisation = _line("Or, if their organisation is not listed, which is it?")
    role = _line("What is their role?", "Enter their role",
                 "For example health visitor, social worker, class teacher")
    engagement = _radios(LcsprPractitioner.Engagement.choices, "How do they take part?",
                         "Choose how they take part",
                         "Practitioners are fully involved and invited to "
                         "contribute their perspective, without fear of being blamed for "
                         "actions they took in good faith")
    engagement_details = _text("If another way, or to say more, how?")
    engaged_on = GovukDateField(noun="the date they took part",
                                label="When did they take part?",
                                help_text="Leave blank until they have")
    support_offered = _text("What support was offered to them?",
                            hint="Optional. For example supervision, their agency's "
                                 "wellbeing service, a debrief after the learning event")
    support_by = _line("Who offered the support?")
    told_of_outcome_on = GovukDateField(
        noun="the date they were told of the outcome",
        label="When were they told of the outcome of the review?",
        help_text="Before the report is published. Leave blank until they have been told")

    def __init__(self, *args, accounts, agencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = accounts
        self.fields["user"].label_from_instance = (
            lambda user: f"{user.full_name}, {user.agency.name}")
        self.fields["agency"].queryset = agencies

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("user"):
            _blank_unless(self, "name", True,
                          "Choose a person with an account, or enter their name")
            if not cleaned.get("agency") and not (cleaned.get("organisation") or "").strip():
                self.add_error("agency", "Choose their agency, or enter their organisation")
        _blank_unless(self, "engagement_details",
                      cleaned.get("engagement") == LcsprPractitioner.Engagement.OTHER,
                      "Say how they take part")
        _blank_unless(self, "support_by", bool((cleaned.get("support_offered") or "").strip()),
                      "Say who offered the support")
        return cleaned


class FamilyMemberForm(EngagementForm):
    button = "Save the family member"
    name = _line("What is their name?", "Enter their name",
                 "It is shown only on these pages, never in a message or an email")
    relationship = _radios(Family.Relationship.choices,
                           "What is their relationship to the child?",
                           "Choose their relationship to the child",
                           "Usually close relatives, including those with "
                           "parental responsibility, and surviving children")
    relationship_details = _line("If another, or to say more, what is the relationship?")
    engaged_by = _radios(Family.EngagedBy.choices, "Who engages them?",
                         "Choose who engages them",
                         "Decided early, whoever is best placed")
    engaged_by_name = _line("If someone else, their name and role")
    first_approached_on = GovukDateField(noun="the date they were first approached",
                                         label="When were they first approached?",
                                         help_text="Leave blank until they have been")
    taking_part = _radios(Family.TakingPart.choices, "Do they take part in the review?",
                          "Say whether they take part")
    consent = _radios(Family.Consent.choices,
                      "Did they consent to information about them being shared?",
                      "Say whether consent to information sharing was given")
    consent_on = GovukDateField(noun="the date consent was given or refused",
                                label="If given or refused, when?")
    consent_not_sought_reason = _text(
        "If consent was not sought, why not?",
        hint="Where it is not appropriate to seek consent, the reason is "
             "clearly recorded")
    expectations_explained = _radios(
        YesNo.choices, "Has it been explained to them how they will be involved and what to "
                       "expect?",
        "Say whether their involvement and what to expect have been explained",
        "What the review can achieve, its publication and their "
        "part in it")
    expectations_explained_on = GovukDateField(noun="the date it was explained",
                                               label="If so, when?")
    expectations_told = _text("If so, what were they told about the review, its publication "
                              "and their involvement?")
    wants_report = _radios(Family.WantsReport.choices,
                           "Do they want to see the report before it is published?",
                           "Say whether they want to see the report before it is published")
    saw_report_on = GovukDateField(noun="the date they saw the report",
                                   label="When did they see the report?",
                                   help_text="Leave blank until they have")

    def clean(self):
        cleaned = super().clean()
        _blank_unless(self, "relationship_details",
                      cleaned.get("relationship") == Family.Relationship.OTHER,
                      "Say how they are related to the child")
        _blank_unless(self, "engaged_by_name",
                      cleaned.get("engaged_by") == Family.EngagedBy.NAMED,
                      "Enter the name and role of the person who engages them")
        _blank_unless(self, "consent_not_sought_reason",
                      cleaned.get("consent") == Family.Consent.NOT_SOUGHT,
                      "Say why consent to information sharing was not sought")
        if cleaned.get("expectations_explained") == YesNo.YES:
            if not cleaned.get("expectations_explained_on") and not self.has_error(
                    "expectations_explained_on"):
                self.add_error("expectations_explained_on", "Enter the date it was explained")
            _blank_unless(self, "expectations_told", True, "Enter what they were told about "
                          "the review, its publication and their involvement")
        return cleaned

    def answers(self) -> dict:
        """The answers as the service takes them: nothing explained unless it was."""
        data = dict(self.cleaned_data)
        if data.pop("expectations_explained") != YesNo.YES:
            data["expectations_explained_on"], data["expectations_told"] = None, ""
        return data


class ContactForm(EngagementForm):
    button = "Save the contact"
    with_whom = forms.ChoiceField(widget=forms.RadioSelect, label="Who was the contact with?",
                                  error_messages={"required": "Choose who the contact was with"})
    contacted_on = GovukDateField(noun="the date of the contact", required=True,
                                  label="When was the contact made?")
    how = _radios(EngagementContact.How.choices, "How was the contact made?",
                  "Choose how the contact was made")
    made_by = _line("Who made the contact?", "Enter who made the contact",
                    "Their name and role: for example the reviewer")
    notes = _text("What passed?", "Enter the notes of the contact",
                  "What was discussed or shared, and anything agreed")

    def __init__(self, *args, family_members, practitioners, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.people = {
            **{f"family-{m.pk}": m for m in family_members},
            **{f"practitioner-{p.pk}": p for p in practitioners},
        }
        self.fields["with_whom"].choices = [
            *((f"family-{m.pk}", f"{m.name} ({m.relationship_name.lower()})")
              for m in family_members),
            *((f"practitioner-{p.pk}", f"{p.display_name}, {p.role}, {p.agency_name}")
              for p in practitioners)]

    def answers(self) -> dict:
        data = dict(self.cleaned_data)
        key = data.pop("with_whom")
        person = self.people[key]
        data["family_member" if key.startswith("family-") else "practitioner"] = person
        return data
