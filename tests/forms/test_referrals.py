import datetime
import html
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from cases.models import Case
from cases.services import open_case
from forms.models import CRITERIA, Child, Referral
from forms.services import submission_problems, submit_referral
from safeguarding.models import Decision, LocalPolicy, Role
from tests.factories import ReferralFactory, UserFactory, submitted_case

pytestmark = pytest.mark.django_db

R = Referral


def messages_in(response) -> list[str]:
    page = response.content.decode()
    summary = re.search(r'class="govuk-error-summary".*?</ul>', page, re.S)
    found = re.findall(r"<li>(?:<a [^>]+>)?([^<]+)", summary.group(0)) if summary else []
    return [html.unescape(message) for message in found]


# The notifiable-incident criteria, in the seeds' words.

@pytest.mark.parametrize(("answers", "expected"), [
    ({"outcome": R.Outcome.DIED, "abuse_or_neglect": R.AbuseOrNeglect.SUSPECTED,
      "place": R.Place.IN_AREA}, [CRITERIA["died"]]),
    ({"outcome": R.Outcome.SERIOUSLY_HARMED, "abuse_or_neglect": R.AbuseOrNeglect.KNOWN,
      "place": R.Place.OUTSIDE_ENGLAND}, [CRITERIA["seriously_harmed"]]),
    ({"outcome": R.Outcome.SERIOUSLY_HARMED, "abuse_or_neglect": R.AbuseOrNeglect.KNOWN,
      "place": R.Place.ELSEWHERE}, []),
    ({"outcome": R.Outcome.SERIOUSLY_HARMED, "abuse_or_neglect": R.AbuseOrNeglect.NEITHER,
      "place": R.Place.IN_AREA}, []),
    ({"outcome": R.Outcome.DIED, "abuse_or_neglect": R.AbuseOrNeglect.NEITHER,
      "place": R.Place.IN_AREA, "looked_after": "yes"}, [CRITERIA["looked_after_died"]]),
    ({"outcome": R.Outcome.DIED, "abuse_or_neglect": R.AbuseOrNeglect.NEITHER,
      "place": R.Place.IN_AREA, "regulated_setting": "yes"},
     [CRITERIA["regulated_setting_died"]]),
    ({"outcome": R.Outcome.DIED, "abuse_or_neglect": R.AbuseOrNeglect.NEITHER,
      "place": R.Place.IN_AREA, "care_leaver": "yes"}, [CRITERIA["care_leaver_died"]]),
])
def test_the_criteria_a_referral_says_are_met(answers, expected):
    assert Referral(**answers).criteria_met() == expected


def test_the_seeds_wording_of_the_criteria():
    assert CRITERIA["looked_after_died"] == (
        "A looked after child has died (including cases where abuse or neglect is not known "
        "or suspected)")
    assert CRITERIA["died"] == ("A child has died (including cases of suspected suicide), and "
                                "abuse or neglect is known or suspected")


def test_the_administrator_can_switch_off_the_care_leaver_rule():
    referral = Referral(outcome=R.Outcome.DIED, abuse_or_neglect=R.AbuseOrNeglect.NEITHER,
                        place=R.Place.IN_AREA, care_leaver="yes")
    assert referral.criteria_met(ask_about_care_leavers=False) == []
    LocalPolicy.objects.update_or_create(pk=1, defaults={"ask_about_care_leaver_deaths": False})
    referral = ReferralFactory(outcome=R.Outcome.DIED, care_leaver="", looked_after="no",
                               regulated_setting="no", child__date_of_death=datetime.date(
                                   2026, 11, 19))
    assert "Say whether the young person was a care leaver" not in [
        p.message for p in submission_problems(referral)]


# What a referral needs before it can be submitted.

def test_an_empty_draft_lists_what_is_missing_and_cannot_be_submitted():
    referral = Referral.objects.create(created_by=UserFactory())
    messages = [problem.message for problem in submission_problems(referral)]
    assert "Add at least one child" in messages
    assert "Say which other reviews are pending or complete, or that none are known" in messages
    with pytest.raises(ValidationError):
        submit_referral(referral=referral, actor=referral.created_by)
    assert not Case.objects.exists()


def test_a_death_needs_the_date_of_death():
    referral = ReferralFactory(outcome=R.Outcome.DIED, looked_after="no",
                               regulated_setting="no", care_leaver="no")
    assert [p.message for p in submission_problems(referral)] == [
        "Enter the date of death of the child who died"]


def test_the_route_decides_which_reason_is_needed():
    notification = ReferralFactory(why_meets_criteria="")
    learning = ReferralFactory(route=R.Route.LEARNING, why_meets_criteria="", why_learning="")
    assert [p.message for p in submission_problems(notification)] == [
        "Enter why you believe the case meets the criteria for notification"]
    assert [p.message for p in submission_problems(learning)] == [
        "Enter why you believe there is learning to be explored"]


def test_a_complete_referral_is_ready():
    assert submission_problems(ReferralFactory()) == []


# Submitting opens a case.

def test_submitting_opens_a_referred_case_and_emails_the_business_unit_its_reference_only(
    mailoutbox, django_capture_on_commit_callbacks
):
    business_unit = UserFactory(role=Role.BUSINESS_UNIT, email="bu@example.org")
    referral = ReferralFactory(child__full_name="Amelia Hart")
    with django_capture_on_commit_callbacks(execute=True):
        case = submit_referral(referral=referral, actor=referral.created_by)

    assert case.reference == f"SI-{case.received_on.year}-0001"
    assert case.status == Case.Status.REFERRED
    referral.refresh_from_db()
    assert referral.status == R.Status.SUBMITTED and referral.case == case
    assert Decision.objects.get(case_id=case.pk, transition="receive_referral").reason == (
        "Referral received from St Aidan's Primary School")
    [email] = mailoutbox
    assert email.to == [business_unit.email]
    assert email.subject == f"New referral {case.reference}"
    assert "Amelia" not in email.subject + email.body and "Hart" not in email.body


def test_a_referral_is_submitted_once():
    referral = ReferralFactory()
    submit_referral(referral=referral, actor=referral.created_by)
    referral.refresh_from_db()
    with pytest.raises(Exception):  # noqa: B017  no longer a draft: refused by the rules
        submit_referral(referral=referral, actor=referral.created_by)
    assert Case.objects.count() == 1


def test_references_run_on_within_a_year_and_restart_in_the_next():
    numbers = [open_case(received_on=day, actor=None).reference for day in (
        datetime.date(2022, 9, 16), datetime.date(2022, 9, 19),  # the Queen's funeral holiday
        datetime.date(2022, 12, 25), datetime.date(2023, 1, 3))]
    assert numbers == ["SI-2022-0001", "SI-2022-0002", "SI-2022-0003", "SI-2023-0001"]


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="concurrency is tested on PostgreSQL (CI's second run)")
@pytest.mark.django_db(transaction=True)
def test_references_are_unique_when_referrals_arrive_at_once():
    def open_one(_):
        try:
            return open_case(received_on=datetime.date(2026, 11, 23), actor=None).reference
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        references = list(pool.map(open_one, range(24)))
    assert sorted(references) == [f"SI-2026-{n:04d}" for n in range(1, 25)]


# The pages: saving a section, validation, permissions.

def date_parts(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def rows(prefix: str, *forms: dict, initial: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": len(forms), f"{prefix}-INITIAL_FORMS": initial,
            f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 30}
    for number, form in enumerate(forms):
        data.update({f"{prefix}-{number}-{key}": value for key, value in form.items()})
    return data


def test_a_new_draft_knows_who_is_referring(draft, author):
    assert (draft.referrer_name, draft.referrer_job_title, draft.referrer_organisation,
            draft.referrer_email) == ("Claire Dunn", "DSL", author.agency.name, author.email)


def test_children_are_added_and_removed(author_client, draft):
    url = f"/referrals/{draft.pk}/children/"
    response = author_client.post(url, {**rows("children", {
        "full_name": "Amelia Hart", **date_parts("date_of_birth", datetime.date(2026, 3, 27)),
        "gender": "female"}), "add_row": "1"})
    assert response["Location"] == f"{url}?add=1#add"
    assert author_client.get(response["Location"]).content.decode().count("Child 2") == 1
    child = Child.objects.get(referral=draft)
    author_client.post(url, rows("children", {"id": child.pk, "referral": draft.pk,
                                              "full_name": "Amelia Hart", "DELETE": "on"},
                                 initial=1))
    assert not Child.objects.exists()


@pytest.mark.parametrize(("slug", "data", "message"), [
    ("incident", date_parts("incident_date", datetime.date(2099, 1, 1)),
     "The date of the serious incident must be today or in the past"),
    ("incident", {"incident_date_0": "30", "incident_date_1": "2", "incident_date_2": "2024"},
     "The date of the serious incident must be a real date"),
    ("incident", {"main_cause": "other"}, "Enter the other cause"),
    ("incident", {"coroner_involved": "yes"},
     "Enter the details of the coroner and local authority area"),
    ("referrer", {"referrer_email": "claire at school"},
     "Enter an email address in the correct format, like name@example.org"),
    ("referrer", {"referrer_phone": "call me"},
     "Enter a telephone number, like 01632 960 001 or +44 808 157 0192"),
    ("details", {"incident_details": "x" * 10_001},
     "Ensure this value has at most 10000 characters (it has 10001)."),
    ("other_reviews", {"other_reviews": ["none_known", "mappa"]},
     "Select 'None known' on its own, or select the reviews that are pending or complete"),
    ("children", rows("children", {"full_name": "Amelia Hart",
                                   **date_parts("date_of_birth", datetime.date(2026, 3, 27)),
                                   **date_parts("date_of_death", datetime.date(2026, 3, 1))}),
     "The date of death cannot be before the date of birth"),
    ("children", rows("children", {"gender": "female"}), "Enter the child's full name"),
])
def test_bad_answers_are_explained_and_not_saved(author_client, draft, slug, data, message):
    """The page's other answers are kept (issue 16: "answers are saved as you go"), never
    the answers with errors."""
    before = Referral.objects.values().get(pk=draft.pk)
    response = author_client.post(f"/referrals/{draft.pk}/{slug}/", data)
    assert response.status_code == 200
    assert message in messages_in(response)
    page = response.content.decode()
    assert "govuk-error-message" in page
    summary = re.search(r'class="govuk-error-summary".*?</ul>', page, re.S).group(0)
    wrong = {name for name in re.findall(r'href="#id_([a-z_]+?)(?:_\d)?"', summary)
             if name in before}
    after = Referral.objects.values().get(pk=draft.pk)
    assert wrong or slug == "children"
    assert {name: after[name] for name in wrong} == {name: before[name] for name in wrong}
    assert not Child.objects.exists()


def test_the_child_cannot_be_born_after_the_incident(author_client, draft):
    Referral.objects.filter(pk=draft.pk).update(incident_date=datetime.date(2026, 4, 6))
    response = author_client.post(f"/referrals/{draft.pk}/children/", rows("children", {
        "full_name": "Amelia Hart", **date_parts("date_of_birth", datetime.date(2026, 4, 7))}))
    assert "The date of birth cannot be after the date of the serious incident" in messages_in(
        response)


def test_check_your_answers_then_submit(author_client):
    referral = ReferralFactory(created_by=UserFactory(role=Role.AGENCY_CONTRIBUTOR))
    client = Client()
    client.force_login(referral.created_by)
    page = client.get(f"/referrals/{referral.pk}/check/").content.decode()
    assert CRITERIA["seriously_harmed"] in page
    assert "Non-accidental injury" in page and "Shaken baby syndrome" in page
    response = client.post(f"/referrals/{referral.pk}/check/", follow=True)
    case = Case.objects.get()
    assert f"<strong>{case.reference}</strong>" in response.content.decode()
    sent = client.get(f"/referrals/{referral.pk}/details/").content.decode()
    assert "This referral has been sent" in sent and "<form" not in sent.split("<main")[-1]


@pytest.mark.parametrize("role", [Role.AGENCY_CONTRIBUTOR, Role.BUSINESS_UNIT, Role.MANAGER])
def test_nobody_else_can_change_a_draft_even_by_guessing_its_address(client_as, draft, role):
    other = client_as(role)
    assert other.get(f"/referrals/{draft.pk}/").status_code == 403
    assert other.get(f"/referrals/{draft.pk}/details/").status_code == 403
    assert other.post(f"/referrals/{draft.pk}/details/",
                      {"incident_details": "changed"}).status_code == 403
    assert other.post(f"/referrals/{draft.pk}/check/").status_code == 403


def test_another_agency_cannot_see_a_submitted_referral(client_as):
    case = submitted_case()
    other = client_as(Role.AGENCY_CONTRIBUTOR)
    assert other.get(f"/referrals/{case.referral.pk}/submitted/").status_code == 403
    assert other.get(f"/referrals/{case.referral.pk}/").status_code == 403


def test_the_author_sees_their_referrals_and_each_status(author_client, draft):
    case = submitted_case()
    page = author_client.get("/referrals/").content.decode()
    assert "Draft: No child added yet, incident date not given" in page
    assert case.reference not in page


def test_the_scrutineer_changes_nothing(client_as):
    assert client_as(Role.SCRUTINEER).post("/referrals/new/").status_code == 403


# The public referral page.

PUBLIC = {
    "referrer_name": "Sam Lee", "referrer_relationship": "Neighbour",
    "referrer_email": "sam@example.org", "referrer_phone": "",
    "child_name": "Amelia Hart", **date_parts("child_date_of_birth", datetime.date(2020, 5, 8)),
    "child_address": "", "incident_details": "Heard screaming for hours, then an ambulance.",
    "why_worried": "The child had bruises last week.",
}


def test_anyone_may_refer_and_is_shown_only_the_receipt_code(client):
    response = client.post("/refer/", PUBLIC, follow=True)
    case = Case.objects.get()
    html = response.content.decode()
    assert case.referral.source == R.Source.PUBLIC
    assert case.status == Case.Status.REFERRED
    assert case.referral.children.get().full_name == "Amelia Hart"
    # The receipt code, never the sequential case reference (issue 17 point 12).
    assert case.referral.receipt in html and case.reference not in html
    assert "Amelia" not in html and "Sam Lee" not in html and "bruises" not in html
    assert client.get("/refer/sent/")["Location"] == "/refer/"


def test_a_public_referral_needs_a_way_to_contact_the_referrer(client):
    response = client.post("/refer/", {**PUBLIC, "referrer_email": ""})
    assert messages_in(response) == [
        "Enter an email address or a telephone number so that we can contact you"]
    assert not Case.objects.exists()


def test_public_referrals_are_rate_limited(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "rate-limit-test"}}
    for _ in range(5):
        assert client.post("/refer/", PUBLIC).status_code == 302
    response = client.post("/refer/", PUBLIC)
    assert response.status_code == 429
    assert Case.objects.count() == 5


def test_with_the_care_leaver_rule_off_a_care_leavers_death_need_not_be_notified():
    """Working Together 2023 as updated in December 2023: a care leaver's death is notified
    to DfE and Ofsted whatever the partners decide about the National Panel; a partnership
    that turns the question off is not asked to."""
    from cases.notifying import required_recipients
    from cases.services import inform_partners, record_screening_decision

    case = submitted_case(received_on=datetime.date(2026, 11, 20),
                          outcome=R.Outcome.DIED, abuse_or_neglect=R.AbuseOrNeglect.NEITHER,
                          looked_after="no", regulated_setting="no", care_leaver="yes",
                          child__date_of_death=datetime.date(2026, 11, 19))
    business_unit = UserFactory(role=Role.BUSINESS_UNIT)
    partner = UserFactory(role=Role.SAFEGUARDING_PARTNER)
    inform_partners(case=case, actor=business_unit, informed_on=datetime.date(2026, 11, 20))
    decide = {"case": case, "actor": partner, "rationale": "Considered by the partners.",
              "decision": Case.ScreeningDecision.NO_FURTHER_ACTION,
              "decided_on": datetime.date(2026, 11, 20)}
    record_screening_decision(**decide)
    case = Case.objects.get(pk=case.pk)
    assert case.status == Case.Status.NO_FURTHER_ACTION
    assert required_recipients(case) == ["ofsted", "dfe"]
    LocalPolicy.objects.update_or_create(pk=1, defaults={"ask_about_care_leaver_deaths": False})
    assert required_recipients(Case.objects.get(pk=case.pk)) == []


def test_behind_the_proxy_each_referrer_has_their_own_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "rate-limit-proxy-test"}}
    for _ in range(5):
        client.post("/refer/", PUBLIC, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1")
    forged = client.post("/refer/", PUBLIC, HTTP_X_FORWARDED_FOR="203.0.113.10, 198.51.100.1")
    other = client.post("/refer/", PUBLIC, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert (forged.status_code, other.status_code) == (429, 302)


@pytest.mark.parametrize("proxies", [0, 1])
def test_rotating_x_forwarded_for_does_not_escape_the_public_referral_limit(client, settings,
                                                                         proxies):
    """With no proxy the header is ignored; behind one, only the entry the proxy appended
    (the last) is read, and a client can forge only the entries before it."""
    settings.TRUSTED_PROXY_COUNT = proxies
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"rate-limit-rotating-{proxies}"}}
    appended = ", 198.51.100.7" if proxies else ""
    statuses = [client.post("/refer/", PUBLIC, REMOTE_ADDR="172.18.0.5",
                            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 10.0.0.{n}{appended}"
                            ).status_code for n in range(1, 9)]
    assert statuses == [302] * 5 + [429] * 3
    assert Case.objects.count() == 5
