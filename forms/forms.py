"""The pages of the referral form. A draft may be saved incomplete; what a page holds must
still be valid (real dates, not in the future, formats, lengths). Completeness is checked
when the referral is submitted (services.submission_problems)."""

import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Fieldset, Layout, Size, Submit
from django import forms

from safeguarding.choices import YesNoUnknown, YesNoUnsure
from safeguarding.fields import GovukDateField
from safeguarding.pageforms import PageForm, RowForm, checkboxes, layout_for, radios
from safeguarding.versions import VersionedRows

from .models import Child, FamilyMember, InvolvedAgency, Plan, Referral

PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")


class RowsOnlyForm(PageForm):
    """For a page that holds only repeatable rows."""

    class Meta:
        model = Referral
        fields: list[str] = []


# "Seriously harmed" in the words of 003 (and of 004 section 2.2, S16B(9) Children Act 2004).
SERIOUS_HARM_HINT = (
    "Serious harm includes, but is not limited to, a potentially life-threatening injury, and "
    "serious and/or likely long-term impairment of physical or mental health or physical, "
    "intellectual, emotional, social or behavioural development. Even if a child recovers, "
    "serious harm may still have occurred.")


class RouteForm(PageForm):
    route = radios(Referral.Route.choices, "Which route are you asking for?")
    abuse_or_neglect = radios(
        Referral.AbuseOrNeglect.choices, "Is it known or suspected that the child has been "
        "abused or neglected?")
    outcome = radios(Referral.Outcome.choices, "Did the child die or was the child seriously "
                     "harmed?", hint=SERIOUS_HARM_HINT)
    place = radios(Referral.Place.choices, "Where did the child die or come to serious harm?")
    looked_after = radios(YesNoUnsure.choices, "If the child died: was the child looked after "
                          "by a local authority?")
    regulated_setting = radios(YesNoUnsure.choices, "If the child died: was the child in a "
                               "regulated setting or service?")
    care_leaver = radios(YesNoUnsure.choices, "If the young person died: were they a care "
                         "leaver aged 24 or under?")
    must_notify = checkboxes(
        Referral.MustNotify.choices, "Do any of these incidents apply?",
        "These must also be referred to the partnership, whether or not the child died or was "
        "seriously harmed. Select all that apply, or none.")
    consider_referring = checkboxes(
        Referral.ConsiderReferring.choices, "Do any of these apply to the case?",
        "All agencies should consider referring a case like these, depending on the gravity "
        "of the case or the significance of the issues it raises. Select all that apply, or "
        "none.")

    class Meta:
        model = Referral
        fields = ["route", "abuse_or_neglect", "outcome", "place", "looked_after",
                  "regulated_setting", "care_leaver", "must_notify", "consider_referring"]

    def __init__(self, *args, ask_about_care_leavers: bool = True, **kwargs) -> None:
        if not ask_about_care_leavers:
            self.base_fields = {k: v for k, v in self.base_fields.items() if k != "care_leaver"}
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        outcome = data.get("outcome")
        if (Referral.MustNotify.DEATH_IN_CUSTODY in data.get("must_notify", [])
                and outcome and outcome != Referral.Outcome.DIED):
            self.add_error("must_notify", "A death in custody or detention is only for a child "
                                          "who died: check whether the child died")
        return data


class ReferrerForm(PageForm):
    agreement_date = GovukDateField(noun="the organisation agreement date",
                                    label="Organisation agreement date")

    class Meta:
        model = Referral
        fields = ["referrer_name", "referrer_job_title", "referrer_organisation",
                  "referrer_email", "referrer_phone", "referrer_address",
                  "authorising_officer", "authorising_officer_job_title", "agreement_date"]
        labels = {"referrer_name": "Full name", "referrer_job_title": "Job title",
                  "referrer_organisation": "Organisation", "referrer_email": "Email address",
                  "referrer_phone": "Telephone number", "referrer_address": "Your address",
                  "authorising_officer": "Authorising officer within your agency",
                  "authorising_officer_job_title": "Authorising officer's job title"}
        help_texts = {"referrer_address": "Where the business unit can write to you: usually "
                                          "your work address.",
                      "authorising_officer": "If they have not agreed the referral yet, you "
                                             "can submit it now and add them afterwards."}
        widgets = {"referrer_address": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"referrer_email": {"invalid": "Enter an email address in the correct "
                                             "format, like name@example.org"}}

    def clean_referrer_phone(self) -> str:
        phone = self.cleaned_data["referrer_phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                "Enter a telephone number, like 01632 960 001 or +44 808 157 0192")
        return phone


NOT_YET_KNOWN_ALONE = ("Select 'Not yet known' on its own, or select the characteristics of "
                       "the case")


class IncidentForm(PageForm):
    incident_date = GovukDateField(noun="the date of the serious incident",
                                   label="Date of the serious incident")
    agency_aware_on = GovukDateField(
        noun="the date your agency became aware",
        label="When did your agency become aware of the incident?",
        help_text="For example, 27 11 2026. Leave blank if not known.")
    local_authority_told_on = GovukDateField(
        noun="the date children's social care or the local authority was told",
        label="When were children's social care or the local authority told?",
        help_text="The local authority must notify the National Panel within 5 working days "
                  "of becoming aware. For example, 27 11 2026. Leave blank if not known or not "
                  "yet told.")
    staff_conduct = radios(YesNoUnknown.choices, "Does the alleged incident involve the "
                           "conduct of a staff member?")
    coroner_involved = radios(YesNoUnsure.choices, "Is a coroner involved?")
    criminal_investigation = radios(YesNoUnsure.choices, "Is there a criminal investigation?")
    main_cause = radios(Referral.Cause.choices, "What is the main cause of the incident?",
                        "Select one. If it is not known yet, select 'Not yet known'.")
    characteristics = checkboxes(Referral.Characteristic.choices,
                                 "What are the characteristics of the case?",
                                 "Select all that apply.")

    class Meta:
        model = Referral
        fields = ["incident_date", "agency_aware_on", "local_authority_told_on", "staff_conduct",
                  "coroner_involved", "coroner_details",
                  "criminal_investigation", "criminal_investigation_details", "main_cause",
                  "cause_other", "characteristics", "characteristic_other"]
        labels = {"coroner_details": "If a coroner is involved, the coroner's details and "
                                     "local authority area",
                  "criminal_investigation_details": "If there is a criminal investigation, "
                                                    "who is leading it and how to contact them",
                  "cause_other": "If other cause, please state",
                  "characteristic_other": "If other characteristic, please state"}
        widgets = {"coroner_details": forms.Textarea, "criminal_investigation_details":
                   forms.Textarea}

    def clean(self) -> dict:
        data = super().clean()
        incident = data.get("incident_date")
        births = [c.date_of_birth for c in self.instance.children.all() if c.date_of_birth]
        if incident and births and incident < min(births):
            self.add_error("incident_date", "The date of the serious incident cannot be "
                                            "before the child's date of birth")
        for name, noun in (("agency_aware_on", "your agency became aware"),
                           ("local_authority_told_on", "the local authority was told")):
            told = data.get(name)
            if told and incident and told < incident:
                self.add_error(name, f"The date {noun} cannot be before the date of the "
                                     "serious incident")
        if data.get("main_cause") == Referral.Cause.OTHER and not data.get(
                "cause_other", "").strip():
            self.add_error("cause_other", "Enter the other cause")
        characteristics = data.get("characteristics", [])
        if "other" in characteristics and not data.get("characteristic_other", "").strip():
            self.add_error("characteristic_other", "Enter the other characteristic")
        if Referral.Characteristic.NOT_YET_KNOWN in characteristics and len(characteristics) > 1:
            self.add_error("characteristics", NOT_YET_KNOWN_ALONE)
        if data.get("coroner_involved") == "yes" and not data.get("coroner_details", "").strip():
            self.add_error("coroner_details", "Enter the details of the coroner and local "
                                              "authority area")
        return data


class ChildProtectionForm(PageForm):
    known_to_social_care = radios(YesNoUnknown.choices, "Was the child known to social care "
                                  "prior to the incident?")
    child_on_cp_plan = radios(YesNoUnknown.choices, "Was the child on a child protection plan "
                              "at the time or prior to the incident?")
    siblings_on_cp_plan = radios(YesNoUnknown.choices, "Were any siblings on a child "
                                 "protection plan at the time or prior to the incident?")
    child_on_cin_plan = radios(YesNoUnknown.choices, "Was the child on a child in need plan at "
                               "the time or prior to the incident?")
    siblings_on_cin_plan = radios(YesNoUnknown.choices, "Were any siblings on a child in need "
                                  "plan at the time or prior to the incident?")

    class Meta:
        model = Referral
        fields = ["known_to_social_care", "child_on_cp_plan", "siblings_on_cp_plan",
                  "child_on_cin_plan", "siblings_on_cin_plan"]


class DetailsForm(PageForm):
    class Meta:
        model = Referral
        fields = ["incident_details", "case_history", "actions_taken", "why_meets_criteria",
                  "why_learning"]
        labels = {
            "incident_details": "Details of the case or incident",
            "case_history": "History of the case",
            "actions_taken": "Action taken after the incident to safeguard the child or "
                             "siblings",
            "why_meets_criteria": "Why do you believe this case meets the criteria for "
                                  "notification?",
            "why_learning": "Why do you believe the case does not meet the criteria for "
                            "notification, however there is learning to be explored?",
        }
        help_texts = {
            "incident_details": "A clear factual outline: times, dates and where the "
                                "incident took place, events leading up to it, people and "
                                "places, and why it happened.",
            "case_history": "A little history of the case, to help the partners decide.",
            "why_meets_criteria": "A brief overview and your professional judgement. Leave "
                                  "blank if you are asking for the learning route.",
            "why_learning": "Leave blank if you are asking for notification.",
        }


class OtherReviewsForm(PageForm):
    other_reviews = checkboxes(
        Referral.OtherReview.choices, "Are any other reviews pending or complete?",
        "Select all that apply, or 'None known'. Do not leave this blank.")

    class Meta:
        model = Referral
        fields = ["authorising_officer_comment", "other_reviews", "other_reviews_details",
                  "early_learning"]
        labels = {"authorising_officer_comment": "Agency authorising officer comment and "
                                                 "recommendation",
                  "other_reviews_details": "Details of the other reviews",
                  "early_learning": "Early learning or changes to practice you have already "
                                    "made"}

    def clean_other_reviews(self) -> list[str]:
        chosen = self.cleaned_data["other_reviews"]
        if Referral.OtherReview.NONE_KNOWN in chosen and len(chosen) > 1:
            raise forms.ValidationError("Select 'None known' on its own, or select the reviews "
                                        "that are pending or complete")
        return chosen

    def clean(self) -> dict:
        data = super().clean()
        if Referral.OtherReview.OTHER in data.get("other_reviews", []) and not data.get(
                "other_reviews_details", "").strip():
            self.add_error("other_reviews_details", OTHER_REVIEW_DETAILS)
        return data


OTHER_REVIEW_DETAILS = "Enter the details of the other review"


class AuthorisingOfficerForm(PageForm):
    """The authorising officer's agreement, added after the referral was submitted (it need not
    delay the referral: 002 Appendix 2)."""

    agreement_date = GovukDateField(noun="the organisation agreement date",
                                    label="Organisation agreement date")

    class Meta:
        model = Referral
        fields = ["authorising_officer", "authorising_officer_job_title", "agreement_date",
                  "authorising_officer_comment"]
        labels = {"authorising_officer": "Authorising officer within your agency",
                  "authorising_officer_job_title": "Authorising officer's job title",
                  "authorising_officer_comment": "Agency authorising officer comment and "
                                                 "recommendation"}
        error_messages = {"authorising_officer": {
            "required": "Enter the authorising officer within your agency"}}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authorising_officer"].required = True

    def clean(self) -> dict:
        data = super().clean()
        agreed, incident = data.get("agreement_date"), self.instance.incident_date
        if agreed is None and not self.has_error("agreement_date"):
            self.add_error("agreement_date", "Enter the date your organisation agreed the "
                                             "referral")
        elif agreed and incident and agreed < incident:
            self.add_error("agreement_date", "The organisation agreement date cannot be before "
                                             "the date of the serious incident")
        return data


class ChildForm(RowForm):
    date_of_birth = GovukDateField(noun="the child's date of birth", label="Date of birth")
    age_at_incident = forms.CharField(
        label="Age at the time of the incident", required=False, max_length=40,
        help_text="Only if you do not know the date of birth, for example 'about 15'. With "
                  "the dates of birth and of the incident, the age is worked out for you.")
    date_of_death = GovukDateField(noun="the date of death", label="Date of death",
                                   help_text="Only if the child died.")
    gender = radios(Child.Gender.choices, "Gender")

    class Meta:
        model = Child
        fields = ["full_name", "date_of_birth", "age_at_incident", "gender", "ethnicity",
                  "nationality", "faith",
                  "disability", "address", "postcode", "whereabouts_at_incident",
                  "carer_at_incident", "date_of_death", "cause_of_death"]
        labels = {"full_name": "Full name", "address": "Home address",
                  "whereabouts_at_incident": "Whereabouts at the time of the incident",
                  "carer_at_incident": "Carer at the time of the incident"}
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"full_name": {"required": "Enter the child's full name"}}

    def clean(self) -> dict:
        data = super().clean()
        born, died = data.get("date_of_birth"), data.get("date_of_death")
        incident = self.instance.referral.incident_date if self.instance.referral_id else None
        if born and died and died < born:
            self.add_error("date_of_death", "The date of death cannot be before the date of "
                                            "birth")
        if born and incident and born > incident:
            self.add_error("date_of_birth", "The date of birth cannot be after the date of "
                                            "the serious incident")
        if born and incident and data.get("age_at_incident", "").strip():
            self.add_error("age_at_incident", "Leave the age at the time of the incident blank: "
                                              "it is worked out from the date of birth")
        return data


class FamilyMemberForm(RowForm):
    kind = radios(FamilyMember.Kind.choices, "Who are they?")
    date_of_birth = GovukDateField(noun="their date of birth", label="Date of birth")
    gender = radios(Child.Gender.choices, "Gender")

    class Meta:
        model = FamilyMember
        fields = ["kind", "first_name", "last_name", "date_of_birth", "relationship_to_child",
                  "gender", "ethnicity", "nationality", "address", "legal_status"]
        labels = {"legal_status": "Legal status and/or current criminal proceedings"}
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"first_name": {"required": "Enter their first name"}}

    def clean_kind(self) -> str:
        if not self.cleaned_data["kind"]:
            raise forms.ValidationError("Select whether they are a parent or guardian, a "
                                        "sibling or another significant person")
        return self.cleaned_data["kind"]


class PlanForm(RowForm):
    kind = radios(Plan.Kind.choices, "Which plan?")
    started_on = GovukDateField(noun="the date the plan commenced", label="Date commenced")
    ended_on = GovukDateField(noun="the date the plan ended", label="Date ended")

    class Meta:
        model = Plan
        fields = ["kind", "person_name", "started_on", "ended_on"]
        labels = {"person_name": "Name of the child or sibling"}
        error_messages = {"person_name": {"required": "Enter whose plan it is"}}

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("kind") and not self.errors:
            self.add_error("kind", "Select a child protection plan or a child in need plan")
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data[
                "started_on"]:
            self.add_error("ended_on", "The date the plan ended cannot be before it commenced")
        return data


class InvolvedAgencyForm(RowForm):
    started_on = GovukDateField(noun="the start date", label="Start date")
    ended_on = GovukDateField(noun="the end date", label="End date")
    still_involved = radios(YesNoUnsure.choices, "Are they still involved?")

    class Meta:
        model = InvolvedAgency
        fields = ["contact_name", "organisation", "contact_details", "started_on", "ended_on",
                  "still_involved"]
        labels = {"contact_name": "Name of the person involved"}
        error_messages = {"contact_name": {"required": "Enter the name of the person involved"},
                          "organisation": {"required": "Enter the organisation"}}

    def clean(self) -> dict:
        data = super().clean()
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data[
                "started_on"]:
            self.add_error("ended_on", "The end date cannot be before the start date")
        return data


def row_formset(model, form):
    return forms.inlineformset_factory(Referral, model, form=form, formset=VersionedRows,
                                       extra=0, can_delete=True, max_num=30, validate_max=True)


ChildFormSet = row_formset(Child, ChildForm)
FamilyFormSet = row_formset(FamilyMember, FamilyMemberForm)
PlanFormSet = row_formset(Plan, PlanForm)
InvolvedAgencyFormSet = row_formset(InvolvedAgency, InvolvedAgencyForm)


class PublicReferralForm(forms.Form):
    """The short form anyone may use, with no account (004 section 4.2)."""

    referrer_name = forms.CharField(label="Your name", max_length=200,
                                    error_messages={"required": "Enter your name"})
    referrer_relationship = forms.CharField(
        label="How do you know the child?", max_length=200,
        help_text="For example: neighbour, relative, teacher, youth worker.",
        error_messages={"required": "Enter how you know the child"})
    referrer_email = forms.EmailField(
        label="Email address", required=False, max_length=254,
        error_messages={"invalid": "Enter an email address in the correct format, like "
                                   "name@example.org"})
    referrer_phone = forms.CharField(label="Telephone number", required=False, max_length=32)
    child_name = forms.CharField(label="The child's full name", max_length=200,
                                 error_messages={"required": "Enter the child's full name"})
    child_date_of_birth = GovukDateField(
        noun="the child's date of birth", label="The child's date of birth",
        help_text="If you know it. For example, 27 3 2015.")
    child_address = forms.CharField(
        label="Where the child lives", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}), help_text="The address or area, if you know.")
    incident_date = GovukDateField(noun="the date it happened", label="When did it happen?",
                                   help_text="If you know. For example, 19 11 2026.")
    incident_details = forms.CharField(
        label="What happened?", max_length=10_000, widget=forms.Textarea,
        error_messages={"required": "Enter what happened"})
    why_worried = forms.CharField(
        label="Why are you worried that the child has been abused or neglected?",
        max_length=10_000, widget=forms.Textarea,
        error_messages={"required": "Enter why you are worried"})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(*layout_for(self).fields[:4], legend="About you", legend_size=Size.MEDIUM),
            Fieldset(*layout_for(self).fields[4:7], legend="About the child",
                     legend_size=Size.MEDIUM),
            Fieldset(*layout_for(self).fields[7:], legend="What happened",
                     legend_size=Size.MEDIUM),
            Submit("submit", "Send referral"),
        )

    def clean_referrer_phone(self) -> str:
        phone = self.cleaned_data["referrer_phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                "Enter a telephone number, like 01632 960 001 or +44 808 157 0192")
        return phone

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("referrer_email") and not data.get("referrer_phone") and not (
                self.has_error("referrer_email") or self.has_error("referrer_phone")):
            self.add_error("referrer_email", "Enter an email address or a telephone number so "
                                             "that we can contact you")
        born, happened = data.get("child_date_of_birth"), data.get("incident_date")
        if born and happened and happened < born:
            self.add_error("incident_date", "The date it happened cannot be before the child's "
                                            "date of birth")
        return data


# A public referral's answers as the business unit reads them (forms.sections.PUBLIC_SECTIONS):
# the questions the public page asked, not the professional form's.

class PublicReferrerAnswers(PageForm):
    class Meta:
        model = Referral
        fields = ["referrer_name", "referrer_relationship", "referrer_email", "referrer_phone"]
        labels = {"referrer_name": "Name", "referrer_relationship": "How they know the child",
                  "referrer_email": "Email address", "referrer_phone": "Telephone number"}


class PublicChildAnswers(RowForm):
    class Meta:
        model = Child
        fields = ["full_name", "date_of_birth", "age_at_incident", "address"]
        labels = {"full_name": "Full name", "date_of_birth": "Date of birth",
                  "age_at_incident": "Age at the time of the incident",
                  "address": "Where the child lives"}


class PublicIncidentAnswers(PageForm):
    class Meta:
        model = Referral
        fields = ["incident_date", "incident_details", "why_meets_criteria"]
        labels = {"incident_date": "When it happened", "incident_details": "What happened",
                  "why_meets_criteria": "Why they are worried that the child has been abused "
                                        "or neglected"}


PublicChildAnswersRows = row_formset(Child, PublicChildAnswers)
