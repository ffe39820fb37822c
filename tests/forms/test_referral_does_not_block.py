"""Issue 12, item 8: the referral form does not block, and asks what the seeds' forms ask.

002 Appendix 2 (Bradford's referral form): "This form should be completed as soon as possible
and should convey as much information that is available at the time of completion. If
information is unavailable do not delay in making this referral. Additional facts can be
collated later." 004 Appendix 1 is Darlington's Notifiable (Serious) Incident Referral Form."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from cases.models import Case
from forms.forms import SERIOUS_HARM_HINT, IncidentForm, RouteForm
from forms.models import Child, Referral, age_between
from forms.services import (
    record_authorising_officer,
    submission_problems,
    submit_referral,
)
from safeguarding.models import Role
from safeguarding.versions import StaleEdit, current_version
from tests.factories import ReferralFactory, UserFactory, submitted_case
from tests.forms.test_referrals import date_parts, messages_in, rows
from tests.pdfs import needs_pdftotext, pdf_text

pytestmark = pytest.mark.django_db

R = Referral
D = datetime.date
YES_NO_QUESTIONS = ["staff_conduct", "known_to_social_care", "child_on_cp_plan",
                    "siblings_on_cp_plan", "child_on_cin_plan", "siblings_on_cin_plan"]
NO_AUTHORISING_OFFICER = {"authorising_officer": "", "authorising_officer_job_title": "",
                          "agreement_date": None}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# (a) "Not known", and the authorising officer after submission.

def test_every_yes_no_question_may_be_answered_not_known_and_the_referral_still_goes():
    """002 Appendix 2: "If information is unavailable do not delay in making this referral."
    The Yes/No questions of 004 Appendix 1 sections 2 and 6 (the conduct of a staff member,
    known to Social Care, the child's and siblings' CP and CiN plans) take "Not known"."""
    referral = ReferralFactory(**dict.fromkeys(YES_NO_QUESTIONS, "not_known"))
    assert submission_problems(referral) == []
    case = submit_referral(referral=referral, actor=referral.created_by)
    assert case.status == Case.Status.REFERRED
    referral.refresh_from_db()
    assert {getattr(referral, name) for name in YES_NO_QUESTIONS} == {"not_known"}


def test_not_known_is_offered_on_the_pages_and_shown_in_the_answers(author_client, draft):
    """002 Appendix 2: "Additional facts can be collated later"."""
    response = author_client.post(f"/referrals/{draft.pk}/child_protection/", {
        **dict.fromkeys(YES_NO_QUESTIONS[1:], "not_known"), **rows("child_protection")})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.known_to_social_care == draft.siblings_on_cin_plan == "not_known"
    page = author_client.get(f"/referrals/{draft.pk}/check/").content.decode()
    assert page.count("Not known") >= 5
    incident = author_client.get(f"/referrals/{draft.pk}/incident/").content.decode()
    assert 'value="not_known"' in incident and "do not delay the referral" in incident


def test_a_referral_is_submitted_before_the_authorising_officer_has_agreed_it():
    """002 Appendix 2: "If information is unavailable do not delay in making this referral";
    004 Appendix 1 section 1's authorising officer and organisation agreement date may come
    after."""
    referral = ReferralFactory(created_by=UserFactory(role=Role.AGENCY_CONTRIBUTOR),
                               **NO_AUTHORISING_OFFICER)
    assert submission_problems(referral) == []
    client = client_for(referral.created_by)
    check = client.get(f"/referrals/{referral.pk}/check/").content.decode()
    assert "you can add it after submitting" in check
    response = client.post(f"/referrals/{referral.pk}/check/", follow=True)
    page = response.content.decode()
    assert "Your authorising officer's agreement has not been added yet." in page
    assert f"/referrals/{referral.pk}/authorising-officer/" in page


def test_the_author_adds_the_authorising_officer_after_submitting():
    """004 Appendix 1 section 1: AUTHORISING OFFICER WITHIN AGENCY, JOB TITLE, ORGANISATION
    AGREEMENT DATE; section 11: AGENCY AUTHORISING OFFICER COMMENT & RECOMMENDATION. Added
    later, kept in the referral's history, with no change of state."""
    case = submitted_case(**NO_AUTHORISING_OFFICER)
    referral = case.referral
    client = client_for(referral.created_by)
    url = f"/referrals/{referral.pk}/authorising-officer/"
    page = client.get(url).content.decode()
    assert "Add your authorising officer's agreement" in page
    response = client.post(url, {
        "version": current_version(referral), "authorising_officer": "Mark Bell",
        "authorising_officer_job_title": "Headteacher",
        **date_parts("agreement_date", D(2026, 11, 21)),
        "authorising_officer_comment": "I agree: this meets the criteria."}, follow=True)
    assert "The authorising officer&#x27;s agreement has been added" in (
        response.content.decode())
    assert "Agreed by Mark Bell, Headteacher, on 21 November 2026." in response.content.decode()
    referral.refresh_from_db()
    assert (referral.authorising_officer, referral.agreement_date) == ("Mark Bell",
                                                                       D(2026, 11, 21))
    assert referral.status == R.Status.SUBMITTED
    assert Case.objects.get(pk=case.pk).status == Case.Status.REFERRED
    latest = referral.history.latest()
    assert latest.history_user == referral.created_by
    assert latest.history_change_reason == "Authorising officer's agreement added"
    assert latest.prev_record.authorising_officer == ""


@pytest.mark.parametrize(("data", "message"), [
    ({"authorising_officer_job_title": "Headteacher"},
     "Enter the authorising officer within your agency"),
    ({"authorising_officer": "Mark Bell"}, "Enter the date your organisation agreed the referral"),
    ({"authorising_officer": "Mark Bell", **date_parts("agreement_date", D(2026, 11, 18))},
     "The organisation agreement date cannot be before the date of the serious incident"),
])
def test_the_authorising_officer_page_explains_what_is_missing(data, message):
    """004 Appendix 1 section 1: the authorising officer and the organisation agreement date."""
    case = submitted_case(**NO_AUTHORISING_OFFICER)
    response = client_for(case.referral.created_by).post(
        f"/referrals/{case.referral.pk}/authorising-officer/", data)
    assert message in messages_in(response)
    case.referral.refresh_from_db()
    assert case.referral.authorising_officer == ""


@pytest.mark.parametrize("role", [Role.AGENCY_CONTRIBUTOR, Role.BUSINESS_UNIT,
                                  Role.SAFEGUARDING_PARTNER, Role.ADMINISTRATOR])
def test_only_the_author_adds_the_authorising_officer(client_as, role):
    case = submitted_case(**NO_AUTHORISING_OFFICER)
    other = client_as(role)
    url = f"/referrals/{case.referral.pk}/authorising-officer/"
    assert other.get(url).status_code == 403
    assert other.post(url, {"authorising_officer": "Someone Else"}).status_code == 403
    case.referral.refresh_from_db()
    assert case.referral.authorising_officer == ""


def test_a_draft_is_changed_on_its_own_pages_not_this_one(author_client, draft):
    assert author_client.get(f"/referrals/{draft.pk}/authorising-officer/").status_code == 403


def test_the_service_changes_only_the_authorising_officers_answers():
    case = submitted_case(**NO_AUTHORISING_OFFICER)
    referral, author = case.referral, case.referral.created_by
    with pytest.raises(ValueError, match="route"):
        record_authorising_officer(referral=referral, actor=author, version=None,
                                   answers={"authorising_officer": "Mark Bell",
                                            "agreement_date": D(2026, 11, 21),
                                            "route": R.Route.LEARNING})
    with pytest.raises(ValidationError):
        record_authorising_officer(referral=referral, actor=author, version=None,
                                   answers={"authorising_officer": " "})
    with pytest.raises(PermissionDenied):
        record_authorising_officer(referral=referral, actor=UserFactory(), version=None,
                                   answers={"authorising_officer": "Mark Bell",
                                            "agreement_date": D(2026, 11, 21)})


def test_adding_over_a_newer_change_is_refused():
    case = submitted_case(**NO_AUTHORISING_OFFICER)
    referral, author = case.referral, case.referral.created_by
    loaded = current_version(referral)
    answers = {"authorising_officer": "Mark Bell", "agreement_date": D(2026, 11, 21)}
    record_authorising_officer(referral=referral, actor=author, version=loaded, answers=answers)
    with pytest.raises(StaleEdit):
        record_authorising_officer(referral=referral, actor=author, version=loaded,
                                   answers={**answers, "authorising_officer": "Jo Khan"})


# (b) The missing questions.

@pytest.mark.parametrize(("born", "on", "age"), [
    (D(2026, 11, 10), D(2026, 11, 19), "9 days"),
    (D(2026, 10, 20), D(2026, 11, 19), "4 weeks"),
    (D(2026, 7, 14), D(2026, 11, 19), "4 months"),
    (D(2025, 11, 20), D(2026, 11, 19), "11 months"),
    (D(2024, 12, 2), D(2026, 11, 19), "23 months"),
    (D(2010, 6, 18), D(2026, 6, 17), "15 years"),
    (D(2010, 6, 18), D(2026, 6, 18), "16 years"),
    (D(2024, 2, 29), D(2025, 2, 28), "11 months"),
])
def test_the_age_at_the_time_of_the_incident_is_worked_out(born, on, age):
    """004 Appendix 1 section 2: DATE OF BIRTH, AGE AT TIME OF INCIDENT."""
    assert age_between(born, on) == age


def test_the_age_is_worked_out_when_both_dates_are_known_and_entered_otherwise():
    """004 Appendix 1 section 2: AGE AT TIME OF INCIDENT. Worked out from the dates, so that it
    follows a corrected date; entered when the date of birth is not known (002 Appendix 2:
    "If information is unavailable do not delay")."""
    assert Child(date_of_birth=D(2026, 7, 14)).age_at(D(2026, 11, 19)) == "4 months"
    assert Child(age_at_incident="about 15").age_at(D(2026, 11, 19)) == "about 15"
    assert Child(date_of_birth=D(2026, 7, 14), age_at_incident="about 15").age_at(None) == (
        "about 15")
    referral = ReferralFactory(created_by=UserFactory(role=Role.AGENCY_CONTRIBUTOR))
    Child.objects.create(referral=referral, full_name="Mason Test", age_at_incident="about 6")
    page = client_for(referral.created_by).get(f"/referrals/{referral.pk}/check/")
    text = page.content.decode()
    assert "Age at the time of the incident" in text
    assert "4 months" in text and "about 6" in text


def test_the_age_is_not_entered_when_it_can_be_worked_out(author_client, draft):
    """004 Appendix 1 section 2: the age follows from the date of birth and the date of the
    serious incident."""
    Referral.objects.filter(pk=draft.pk).update(incident_date=D(2026, 11, 19))
    response = author_client.post(f"/referrals/{draft.pk}/children/", rows("children", {
        "full_name": "Amelia Hart", **date_parts("date_of_birth", D(2026, 3, 27)),
        "age_at_incident": "8 months"}))
    assert ("Leave the age at the time of the incident blank: it is worked out from the date "
            "of birth") in messages_in(response)
    assert not Child.objects.exists()
    author_client.post(f"/referrals/{draft.pk}/children/", rows("children", {
        "full_name": "Amelia Hart", "age_at_incident": "about 8 months"}))
    assert Child.objects.get().age_at(D(2026, 11, 19)) == "about 8 months"


def test_the_referrers_address_is_asked_for_and_shown(author_client, draft):
    """002 Appendix 2, section 1 Referrer: "Email, address, phone number"."""
    response = author_client.post(f"/referrals/{draft.pk}/referrer/", {
        "referrer_name": "Claire Dunn", "referrer_address": "St Aidan's Primary School\n"
                                                            "Church Lane, Northmoor"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.referrer_address.startswith("St Aidan's Primary School")
    page = author_client.get(f"/referrals/{draft.pk}/check/").content.decode()
    assert "Your address" in page and "Church Lane, Northmoor" in page


def test_the_main_cause_is_one_choice():
    """004 Appendix 1 section 5: "What is the main cause of incident" (one), then "What are the
    characteristics of the case (tick all that apply)"."""
    form = IncidentForm(instance=Referral())
    assert form.fields["main_cause"].widget.input_type == "radio"
    assert form.fields["characteristics"].widget.input_type == "checkbox"
    assert form.fields["main_cause"].label == "What is the main cause of the incident?"


@pytest.mark.parametrize(("slug", "data", "message"), [
    ("incident", {"main_cause": "other"}, "Enter the other cause"),
    ("incident", {"characteristics": ["other"]}, "Enter the other characteristic"),
    ("incident", {"characteristics": ["not_yet_known", "sexual_abuse"]},
     "Select 'Not yet known' on its own, or select the characteristics of the case"),
    ("other_reviews", {"other_reviews": ["other"]}, "Enter the details of the other review"),
])
def test_other_needs_its_details_and_not_yet_known_stands_alone(author_client, draft, slug,
                                                                data, message):
    """004 Appendix 1 section 5: "Other — If other, please state"; "Not yet known"; section 12:
    "Regulatory Bodies or Other (please provide details)"."""
    before = Referral.objects.values().get(pk=draft.pk)
    response = author_client.post(f"/referrals/{draft.pk}/{slug}/", data)
    assert message in messages_in(response)
    # The answer with the error is not saved; the page's others are (issue 16).
    summary = re.search(r'class="govuk-error-summary".*?</ul>', response.content.decode(),
                        re.S).group(0)
    wrong = {name for name in re.findall(r'href="#id_([a-z_]+?)(?:_\d)?"', summary)}
    assert wrong and wrong <= set(before)
    after = Referral.objects.values().get(pk=draft.pk)
    assert {name: after[name] for name in wrong} == {name: before[name] for name in wrong}


def test_submission_also_asks_for_the_details_of_other():
    """004 Appendix 1 sections 5 and 12: "If other, please state"; "(please provide
    details)"."""
    referral = ReferralFactory(main_cause=R.Cause.OTHER, characteristics=["other"],
                               other_reviews=["other"])
    assert [p.message for p in submission_problems(referral)] == [
        "Enter the other cause", "Enter the other characteristic",
        "Enter the details of the other review"]


def test_the_serious_harm_hint_says_a_potentially_life_threatening_injury():
    """003: "'Seriously harmed' ... includes, but is not limited to ... A potentially
    life-threatening injury"; 004 section 2.2 (S16B(9) Children Act 2004)."""
    assert "a potentially life-threatening injury" in SERIOUS_HARM_HINT
    assert RouteForm(instance=Referral()).fields["outcome"].help_text == SERIOUS_HARM_HINT
    assert "Even if a child recovers, serious harm may still have occurred." in SERIOUS_HARM_HINT


# (c) Bradford's "must notify" and "consider referring".

def test_the_route_page_asks_bradfords_must_notify_and_consider_referring_questions(
        author_client, draft):
    """002 Appendix 2, "Incidents that must be notified to the BDSCP" (a death in custody or
    detention, serious sexual abuse, a serious offence by a child) and "Cases where all
    agencies should consider referring the case"."""
    page = author_client.get(f"/referrals/{draft.pk}/route/").content.decode()
    assert "secure training centre or secure children&#x27;s home" in page
    assert "The child has been subjected to serious sexual abuse" in page
    assert "perpetrated a particularly serious offence" in page
    assert "A child died whilst absent from or run away from home or other care setting" in page
    response = author_client.post(f"/referrals/{draft.pk}/route/", {
        "outcome": "died", "must_notify": ["death_in_custody"],
        "consider_referring": ["absent", "national_implications"]})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.must_notify == ["death_in_custody"]
    assert draft.consider_referring == ["absent", "national_implications"]
    check = author_client.get(f"/referrals/{draft.pk}/check/").content.decode()
    assert "Do any of these incidents apply?" in check
    assert "significant public interest or community issues" in check


def test_a_death_in_custody_is_only_for_a_child_who_died(author_client, draft):
    """002 Appendix 2: "When a child dies in police custody, on remand or following
    sentence..."."""
    response = author_client.post(f"/referrals/{draft.pk}/route/", {
        "outcome": "seriously_harmed", "must_notify": ["death_in_custody"]})
    assert ("A death in custody or detention is only for a child who died: check whether the "
            "child died") in messages_in(response)


def test_bradfords_prompts_do_not_bind_the_partners_to_notify_the_panel():
    """002 Appendix 2 lists incidents to be notified to the partnership (this referral); the
    National Panel is notified where abuse or neglect is known or suspected and the child died
    or was seriously harmed (002, Children Act 2004 s16C): the prompts inform the partners'
    decision and do not force it (Referral.criteria_requiring_notification)."""
    referral = Referral(outcome=R.Outcome.DIED, abuse_or_neglect=R.AbuseOrNeglect.NEITHER,
                        place=R.Place.IN_AREA, looked_after="no", regulated_setting="no",
                        care_leaver="no", must_notify=list(R.MustNotify.values),
                        consider_referring=list(R.ConsiderReferring.values))
    assert referral.criteria_requiring_notification() == []
    assert referral.criteria_met() == []


# The printed summary and the demo.

@needs_pdftotext
def test_the_notification_summary_prints_the_new_answers(client_as, tmp_path):
    """004 Appendix 1 sections 2 and 5, 002 Appendix 2: what the referral now asks is in the
    printed summary."""
    case = submitted_case(referrer_address="Church Lane, Northmoor",
                          must_notify=["serious_sexual_abuse"], **NO_AUTHORISING_OFFICER)
    response = client_as(Role.BUSINESS_UNIT).get(
        f"/cases/{case.reference}/notification-summary.pdf")
    text = pdf_text(response.content, tmp_path)
    assert "Church Lane, Northmoor" in text
    assert "Age at the time of the incident 4 months" in text
    assert "What is the main cause of the incident? Non-accidental injury" in text
    assert "The child has been subjected to serious sexual abuse" in text
    assert "Authorising officer's agreement Not yet added" in text


# The data migration: the main cause becomes one choice, and nothing is lost.

@pytest.mark.django_db(transaction=True)
def test_causes_become_one_main_cause_with_nothing_lost():
    """004 Appendix 1 section 5: "What is the main cause of incident" is one answer."""
    executor = MigrationExecutor(connection)
    executor.migrate([("case_forms", "0001_initial")])
    old = executor.loader.project_state([("case_forms", "0001_initial")]).apps
    OldReferral = old.get_model("case_forms", "Referral")
    one = OldReferral.objects.create(causes=["neglect"])
    several = OldReferral.objects.create(causes=["neglect", "other"], cause_other="Fire")
    none = OldReferral.objects.create(causes=[])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    values = {r["pk"]: r for r in Referral.objects.values("pk", "main_cause", "cause_other")}
    assert values[one.pk]["main_cause"] == "neglect"
    assert values[several.pk]["main_cause"] == "other"
    assert values[several.pk]["cause_other"] == "More than one cause was selected: Neglect; Fire"
    assert values[none.pk]["main_cause"] == ""


def test_each_new_answer_is_on_a_demo_case(capsys):
    """The demo referrals show what item 8 added: "Not known" (002 Appendix 2), a referral
    submitted before its authorising officer agreed it and one whose agreement was added
    after, the age at the time of the incident entered where the date of birth is not known
    (004 Appendix 1 section 2), the referrer's address (002 Appendix 2), one main cause, "Not
    Yet Known" on its own, "Other" with its details (004 sections 5 and 12), Bradford's
    must-notify and consider-referring answers (002 Appendix 2)."""
    from django.core.management import call_command

    call_command("load_demo")
    call_command("load_demo_cases", history=False)
    referrals = list(Referral.objects.exclude(case=None).prefetch_related("children"))
    assert any("not_known" in {r.staff_conduct, r.siblings_on_cp_plan} for r in referrals)
    assert any(not r.authorising_officer and r.history.count() for r in referrals)
    added = [r for r in referrals if r.history.filter(
        history_change_reason="Authorising officer's agreement added").exists()]
    assert added and added[0].authorising_officer
    assert any(c.age_at_incident and not c.date_of_birth for r in referrals
               for c in r.children.all())
    assert all(r.referrer_address and r.main_cause for r in referrals)
    assert any(r.characteristics == ["not_yet_known"] for r in referrals)
    assert any(r.other_reviews == ["other"] and r.other_reviews_details for r in referrals)
    assert any(r.characteristic_other for r in referrals)
    assert any(r.must_notify == ["death_in_custody"] for r in referrals)
    assert any(r.consider_referring for r in referrals)


@pytest.mark.slow
def test_the_authorising_officer_page_withstands_hostile_input():
    """Random and hostile values (tests/hostile.py) on the page that adds the authorising
    officer after submission: no server error, nothing stored when refused, text escaped."""
    from django.urls import reverse

    from tests.hostile import attack

    case = submitted_case(**NO_AUTHORISING_OFFICER)
    attack(client_for(case.referral.created_by),
           reverse("case_forms:authorising-officer", args=[case.referral.pk]))


def test_your_referrals_lists_the_agreements_still_to_add():
    """002 Appendix 2: "Additional facts can be collated later"."""
    case = submitted_case(**NO_AUTHORISING_OFFICER)
    page = client_for(case.referral.created_by).get("/referrals/").content.decode()
    assert f"/referrals/{case.referral.pk}/authorising-officer/" in page
    record_authorising_officer(referral=case.referral, actor=case.referral.created_by,
                               version=None, answers={"authorising_officer": "Mark Bell",
                                                      "agreement_date": D(2026, 11, 21)})
    page = client_for(case.referral.created_by).get("/referrals/").content.decode()
    assert "authorising-officer" not in page
