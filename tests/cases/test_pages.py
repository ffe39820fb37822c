"""The case pages: who may see each, what they show, the forms, the access log and the
number of queries."""

import datetime
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.models import Case, CaseAccess, Notification
from forms.models import Child, FamilyMember, InvolvedAgency, Plan, Referral
from safeguarding.models import Agency, Role
from tests import factories
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

# The day these tests' cases are received: the incident's day (the referral factory's), on
# or before every date the tests record on a case, which may not precede it (004 s. 4.6).
RECEIVED = datetime.date(2026, 11, 19)


def submitted_case(**referral_fields) -> Case:
    return factories.submitted_case(received_on=RECEIVED, **referral_fields)

S = Case.Status
R = Notification.Recipient
READERS = {Role.BUSINESS_UNIT, Role.SAFEGUARDING_PARTNER, Role.SCRUTINEER, Role.MANAGER}
LA_NOTIFIERS = {Role.BUSINESS_UNIT, Role.SAFEGUARDING_PARTNER}
PAGES = {
    "/cases/": READERS,
    "/cases/access-log/": {Role.SCRUTINEER, Role.ADMINISTRATOR},
    "/cases/{ref}/": READERS,
    "/cases/{ref}/history/": {Role.BUSINESS_UNIT, Role.SCRUTINEER},
    "/cases/{ref}/inform-partners/": {Role.BUSINESS_UNIT},
    "/cases/{ref}/screening-decision/": {Role.SAFEGUARDING_PARTNER},
    "/cases/{ref}/local-authority-aware/": LA_NOTIFIERS,
    "/cases/{ref}/notifications/national_panel/": LA_NOTIFIERS,
    "/cases/{ref}/learning-decision/": {Role.BUSINESS_UNIT, Role.MANAGER},
    "/cases/{ref}/approve-learning-decision/": {Role.SAFEGUARDING_PARTNER},
    "/cases/{ref}/return-learning-decision/": {Role.SAFEGUARDING_PARTNER},
    "/cases/{ref}/referrer-told/": {Role.BUSINESS_UNIT},
    "/cases/{ref}/withdraw/": {Role.BUSINESS_UNIT},
    "/cases/{ref}/merge/": {Role.BUSINESS_UNIT},
}
# The state in which each question page is open (the workflow sends people back otherwise).
STATE_FOR = {
    "inform-partners": {"status": S.REFERRED},
    "screening-decision": {"status": S.SCREENING},
    "notifications": {"status": S.NOTIFICATION_DUE, "screening_decision": "notify",
                      "local_authority_aware_on": datetime.date(2026, 11, 20)},
    "learning-decision": {"status": S.LEARNING, "screening_decision": "learning"},
    **{slug: {"status": S.LEARNING_DECISION_TO_APPROVE, "screening_decision": "learning",
              "learning_decision": "quality_assurance"}
       for slug in ("approve-learning-decision", "return-learning-decision")},
    "referrer-told": {"status": S.NOTIFICATION_DUE, "screening_decision": "notify",
                      "screening_decided_on": datetime.date(2026, 11, 23)},
}


def for_page(case: Case, page: str) -> Case:
    """The case in the state its page is open in."""
    fields = next((fields for slug, fields in STATE_FOR.items() if f"/{slug}/" in page), {})
    return in_state(case, **fields) if fields else case


DECIDED = {"decided_on_0": "23", "decided_on_1": "11", "decided_on_2": "2026"}
RATIONALE = "A potentially life-threatening injury to a 4-month-old baby; abuse is suspected."


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def in_state(case: Case, status: str, **fields) -> Case:
    Case.objects.filter(pk=case.pk).update(status=status, **fields)
    case.refresh_from_db()
    return case


def police_partner():
    police = AgencyFactory(name="Northmoor Police", kind=Agency.Kind.POLICE)
    return UserFactory(role=Role.SAFEGUARDING_PARTNER, agency=police)


# Who may see each page.

@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_is_shown_only_to_the_roles_that_may_use_it(client_as, page, role):
    case = for_page(submitted_case(), page)
    response = client_as(role).get(page.format(ref=case.reference))
    assert response.status_code == (200 if role in PAGES[page] else 403)


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_visitors_are_sent_to_sign_in(client, page):
    path = page.format(ref=submitted_case().reference)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={path}"


def test_the_referrer_and_other_agencies_contributors_cannot_see_the_case():
    case = submitted_case()
    referrer = case.referral.created_by
    other = UserFactory(role=Role.AGENCY_CONTRIBUTOR,
                        agency=AgencyFactory(name="Northmoor Family Support Network"))
    for user in (referrer, other):
        client = signed_in(user)
        assert client.get(f"/cases/{case.reference}/").status_code == 403
        assert client.get("/cases/").status_code == 403
    assert not CaseAccess.objects.exists()


def test_the_police_partner_reads_the_case_but_does_not_record_notifications():
    case = in_state(submitted_case(), S.NOTIFICATION_DUE,
                    local_authority_aware_on=datetime.date(2026, 11, 20))
    client = signed_in(police_partner())
    assert client.get(f"/cases/{case.reference}/").status_code == 200
    assert client.get(f"/cases/{case.reference}/notifications/ofsted/").status_code == 403
    assert client.get(f"/cases/{case.reference}/local-authority-aware/").status_code == 403


@pytest.mark.parametrize("path", ["/cases/SI-2026-9999/", "/cases/SI-2026-9999/history/",
                                  "/cases/SI-2026-9999/withdraw/",
                                  "/cases/SI-2026-0001/no-such-action/",
                                  "/cases/SI-2026-0001/notifications/the-press/"])
def test_an_unknown_case_or_page_is_not_found(client_as, path):
    submitted_case()
    assert client_as(Role.BUSINESS_UNIT).get(path).status_code == 404


@pytest.mark.parametrize("role", Role.values)
def test_the_cases_navigation_item_is_shown_to_those_who_read_cases(client_as, role):
    html = client_as(role).get("/").content.decode()
    assert ('href="/cases/"' in html) is (role in READERS)


# The case list.

def test_the_case_list_shows_reference_child_received_date_status_and_decision(client_as):
    case = in_state(submitted_case(), S.NO_FURTHER_ACTION,
                    screening_decision=Case.ScreeningDecision.NO_FURTHER_ACTION)
    html = client_as(Role.BUSINESS_UNIT).get("/cases/").content.decode()
    assert f'<a class="govuk-link" href="/cases/{case.reference}/">{case.reference}</a>' in html
    assert "Baby Amelia Test" in html
    assert case.received_on.strftime("%-d %B %Y") in html
    assert '<strong class="govuk-tag govuk-tag--grey">No further action</strong>' in html


def test_the_case_list_finds_cases_by_reference_or_childs_name_and_status(client_as):
    amelia = submitted_case()
    jayden = submitted_case(child__full_name="Jayden Clarke")
    in_state(jayden, S.SCREENING)
    client = client_as(Role.SAFEGUARDING_PARTNER)

    def found(query: dict, name: str = "") -> set[str]:
        if name:  # posted to the list's address with its filters, as the page's form is
            html = client.post(f"/cases/?{urlencode(query)}", {"name": name}).content.decode()
        else:
            html = client.get("/cases/", query).content.decode()
        return {ref for ref in (amelia.reference, jayden.reference) if f">{ref}</a>" in html}

    assert found({}, name="jayden") == {jayden.reference}
    assert found({"reference": amelia.reference.lower()}) == {amelia.reference}
    assert found({"status": S.SCREENING}) == {jayden.reference}
    assert found({"status": S.SCREENING}, name="amelia") == set()
    assert found({}) == {amelia.reference, jayden.reference}
    assert "No cases match your search." in client.get(
        "/cases/", {"reference": "SI-1999"}).content.decode()


def test_a_childs_name_searched_for_is_kept_nowhere_and_the_cases_shown_are_logged(client_as):
    jayden = submitted_case(child__full_name="Jayden Clarke")
    submitted_case(child__full_name="Amelia Test")
    client = client_as(Role.BUSINESS_UNIT)
    response = client.post("/cases/", {"name": "Jayden Cla"})
    assert response.status_code == 200  # the results are the answer: no redirect
    html = response.content.decode()
    assert "1 case found" in html and f">{jayden.reference}</a>" in html
    assert "Jayden Cla" not in "".join(re.findall(r'(?:href|action)="([^"]*)"', html))
    assert "Jayden Cla" not in repr(dict(response.wsgi_request.session.items()))
    assert "Jayden Cla" not in repr(dict(client.session.items()))
    assert list(CaseAccess.objects.values_list("case", "what")) == [
        (jayden.pk, "case list: search results")]
    assert not CaseAccess.objects.filter(what__icontains="jayden").exists()
    # Seen again, the list is the whole list: the name is asked for again.
    html = client.get("/cases/").content.decode()
    assert "2 cases" in html and "found" not in html.split("</caption>")[0]


def test_a_session_from_before_keeps_no_name_searched_for(client_as):
    client = client_as(Role.BUSINESS_UNIT)
    session = client.session
    session["case_search"] = "Jayden"
    session.save()
    client.get("/cases/")
    assert "case_search" not in client.session


def test_the_case_list_logs_the_cases_on_the_page_shown(client_as):
    _bulk_cases(30)
    client = client_as(Role.BUSINESS_UNIT)
    client.get("/cases/", {"page": 2})
    shown = set(Case.objects.order_by(*Case._meta.ordering)[25:].values_list("pk", flat=True))
    assert set(CaseAccess.objects.values_list("case", flat=True)) == shown
    assert set(CaseAccess.objects.values_list("what", flat=True)) == {"case list"}
    client.get("/cases/", {"status": "withdrawn"})  # nothing shown, nothing logged
    assert CaseAccess.objects.count() == 5


def _bulk_cases(count: int, start: int = 1) -> None:
    """Cases with a referral and a child each, straight into the database."""
    cases = Case.objects.bulk_create(
        Case(reference=f"SI-2025-{n:05d}", received_on=datetime.date(2025, 1, 1)
             + datetime.timedelta(days=n % 300)) for n in range(start, start + count))
    referrals = Referral.objects.bulk_create(
        Referral(case=case, status=Referral.Status.SUBMITTED) for case in cases)
    Child.objects.bulk_create(
        Child(referral=referral, full_name=f"Child {referral.case.reference}")
        for referral in referrals)


def test_the_case_list_runs_the_same_queries_for_5_cases_as_for_5000(client_as):
    client = client_as(Role.BUSINESS_UNIT)
    _bulk_cases(5)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/cases/", {"page": 1}).status_code == 200
    _bulk_cases(4995, start=6)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/cases/", {"page": 1}).status_code == 200
    assert len(few) == len(many)
    with CaptureQueriesContext(connection) as filtered:
        html = client.get("/cases/", {"reference": "SI-2025", "page": 2}).content.decode()
    assert len(filtered) == len(few)
    assert "5000 cases found" in html
    assert html.count('<tr class="govuk-table__row">') == 25 + 1
    assert 'aria-label="Page 200"' in html and 'rel="next"' in html and 'rel="prev"' in html
    # A search by name is not paged: the first few cases it finds, and a word to say so.
    html = client.post("/cases/?reference=SI-2025", {"name": "Child SI-2025"}).content.decode()
    assert "The first 50 cases found" in html
    assert 'data-testid="search-capped"' in html and 'rel="next"' not in html
    assert html.count('<tr class="govuk-table__row">') == 50 + 1


# The case page.

def _full_case() -> Case:
    """A case with a row of every kind, decided, notified and told."""
    case = submitted_case(cause_other="", characteristics=["physical_abuse", "other"],
                          characteristic_other="Father's controlling behaviour")
    referral = case.referral
    FamilyMember.objects.create(referral=referral, kind="parent", first_name="Kelly",
                                last_name="Test", relationship_to_child="Mother")
    FamilyMember.objects.create(referral=referral, kind="sibling", first_name="Mason",
                                date_of_birth=datetime.date(2022, 3, 2))
    Plan.objects.create(referral=referral, kind="child_in_need", person_name="Mason Test",
                        started_on=datetime.date(2026, 2, 1))
    InvolvedAgency.objects.create(referral=referral, contact_name="Dr Rahman",
                                  organisation="Northmoor Teaching Hospitals",
                                  still_involved="yes")
    business_unit = UserFactory(role=Role.BUSINESS_UNIT, full_name="Sam Okafor")
    partner = UserFactory(role=Role.SAFEGUARDING_PARTNER, full_name="Helen Moss")
    services.inform_partners(case=case, actor=business_unit,
                             informed_on=datetime.date(2026, 11, 23))
    services.record_screening_decision(
        case=case, actor=partner, decision=Case.ScreeningDecision.NOTIFY, rationale=RATIONALE,
        decided_on=datetime.date(2026, 11, 23))
    services.record_local_authority_awareness(case=case, actor=business_unit,
                                              aware_on=datetime.date(2026, 11, 20))
    services.record_notification(
        case=case, actor=business_unit, recipient=R.NATIONAL_PANEL,
        notified_on=datetime.date(2026, 11, 23), channel=Notification.Channel.ONLINE_SYSTEM,
        sent_by="Head of Safeguarding", panel_reference="CSPR-2026-0412",
        acknowledged_on=datetime.date(2026, 11, 23))
    return case


def test_the_case_page_shows_the_referral_decisions_notifications_and_timeline(client_as):
    case = _full_case()
    html = client_as(Role.SCRUTINEER).get(f"/cases/{case.reference}/").content.decode()
    for text in [
        "A child has been seriously harmed and abuse or neglect is known or suspected",
        "Baby Amelia Test", "14 July 2026",
        "Parent or guardian", "Kelly Test", "Sibling", "Mason",
        "Child in need plan", "1 February 2026", "Northmoor Teaching Hospitals",
        "Claire Dunn", "Mark Bell", "Non-accidental injury", "Physical abuse, Other",
        "Father&#x27;s controlling behaviour", "Criminal investigation",
        "Baby brought to A&amp;E with a fractured skull",
        "Notify the National Panel, Ofsted and DfE", RATIONALE, "20 November 2026",
        "CSPR-2026-0412", "Child safeguarding incident notification system",
        "Helen Moss", "Safeguarding partner", "Partners decided to notify",
        "With the safeguarding partners <span aria-hidden=\"true\">&rarr;</span>",
    ]:
        assert text in html, text
    # One online notification reaches the National Panel, Ofsted and DfE (004 s. 5.3).
    outstanding = html[html.index('data-testid="outstanding"'):]
    assert outstanding.startswith('data-testid="outstanding">Every required recipient has '
                                  'been notified.')
    timeline = html[html.index('data-testid="timeline"'):]
    assert timeline.index("Referral received") < timeline.index("Partners decided to notify")


def test_the_case_page_shows_the_date_of_death_and_asks_for_child_death_review(client_as):
    case = submitted_case(outcome="died", abuse_or_neglect="neither", looked_after="yes",
                          regulated_setting="no", care_leaver="no",
                          child__date_of_death=datetime.date(2026, 11, 19))
    in_state(case, S.NOTIFICATION_DUE, screening_decision="notify")
    html = client_as(Role.BUSINESS_UNIT).get(f"/cases/{case.reference}/").content.decode()
    assert "19 November 2026" in html
    assert "A looked after child has died (including cases where abuse or neglect is not " \
           "known or suspected)" in html
    assert "Child death review partners" in html[html.index('data-testid="outstanding"'):]


def test_the_case_page_runs_a_bounded_number_of_queries(client_as,
                                                        django_assert_max_num_queries):
    case = _full_case()
    client = client_as(Role.BUSINESS_UNIT)
    client.get(f"/cases/{case.reference}/")  # the local policy row is made on first use
    # 22: the case with its referral's rows, the decisions, the clocks with their reasons for
    # delay and the rapid review's extension notice, the panels of later stages (the learning
    # themes' one), and whether the awareness date is confirmed.
    with django_assert_max_num_queries(22):
        assert client.get(f"/cases/{case.reference}/").status_code == 200
    with CaptureQueriesContext(connection) as few:
        client.get(f"/cases/{case.reference}/")
    status = case.status
    for number in range(20):
        FamilyMember.objects.create(referral=case.referral, kind="sibling",
                                    first_name=f"Sibling {number}")
        Child.objects.create(referral=case.referral, full_name=f"Twin {number}")
        services.record_case_access(case=case, user=case.referral.created_by, what="test")
    for recipient in (R.OFSTED, R.DFE):
        services.record_notification(
            case=case, actor=UserFactory(role=Role.BUSINESS_UNIT), recipient=recipient,
            notified_on=datetime.date(2026, 11, 23), channel=Notification.Channel.SECURE_EMAIL,
            sent_by="Head of Safeguarding")
    in_state(case, status)  # the same state: what is open in each state costs its own reads
    with CaptureQueriesContext(connection) as many:
        client.get(f"/cases/{case.reference}/")
    assert len(few) == len(many)


@pytest.mark.parametrize("role,status,offered", [
    (Role.BUSINESS_UNIT, S.REFERRED, ["inform-partners", "local-authority-aware", "withdraw",
                                      "merge"]),
    (Role.SAFEGUARDING_PARTNER, S.REFERRED, ["local-authority-aware"]),
    (Role.SAFEGUARDING_PARTNER, S.SCREENING, ["screening-decision", "local-authority-aware"]),
    (Role.MANAGER, S.LEARNING, ["learning-decision"]),
    (Role.MANAGER, S.SCREENING, []),
    (Role.SCRUTINEER, S.SCREENING, []),
    (Role.BUSINESS_UNIT, S.WITHDRAWN, []),
])
def test_the_case_page_offers_only_what_the_user_may_do_now(client_as, role, status, offered):
    case = in_state(submitted_case(), status)
    html = client_as(role).get(f"/cases/{case.reference}/").content.decode()
    for slug in ["inform-partners", "screening-decision", "local-authority-aware",
                 "learning-decision", "referrer-told", "withdraw", "merge"]:
        assert (f'href="/cases/{case.reference}/{slug}/"' in html) is (slug in offered), slug


# The question pages.

def test_the_partners_record_their_decision(client_as):
    case = in_state(submitted_case(), S.SCREENING)
    response = client_as(Role.SAFEGUARDING_PARTNER).post(
        f"/cases/{case.reference}/screening-decision/",
        {"decision": "notify", "rationale": RATIONALE, **DECIDED}, follow=True)
    assert response.redirect_chain[-1][0] == f"/cases/{case.reference}/"
    assert f"{case.reference}: The partners&#x27; decision is recorded" in \
        response.content.decode()
    case.refresh_from_db()
    assert case.status == S.NOTIFICATION_DUE and case.screening_rationale == RATIONALE


def test_bad_input_gives_the_error_summary_and_changes_nothing(client_as):
    case = in_state(submitted_case(), S.SCREENING)
    response = client_as(Role.SAFEGUARDING_PARTNER).post(
        f"/cases/{case.reference}/screening-decision/",
        {"rationale": " ", "decided_on_0": "31", "decided_on_1": "2", "decided_on_2": "2026"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    for message in ["Select the partners&#x27; decision", "Enter the rationale for the decision",
                    "The date of the decision must be a real date"]:
        assert html.count(message) == 2, message  # in the summary and at the field
    assert "<title>Error: " in html
    case.refresh_from_db()
    assert case.status == S.SCREENING and not case.screening_decision


def test_a_refusal_by_the_rules_is_shown_at_the_field(client_as):
    case = in_state(submitted_case(), S.SCREENING)
    response = client_as(Role.SAFEGUARDING_PARTNER).post(
        f"/cases/{case.reference}/screening-decision/",
        {"decision": "no_further_action", "rationale": "Natural causes",
         "decided_on_0": "1", "decided_on_1": "1", "decided_on_2": "2026"})
    html = response.content.decode()
    assert "There is a problem" in html
    assert html.count("cannot be before the referral was received") == 2
    assert 'href="#id_decision' in html
    case.refresh_from_db()
    assert case.status == S.SCREENING


def test_a_change_no_longer_possible_is_explained(client_as):
    case = submitted_case()
    client = client_as(Role.BUSINESS_UNIT)
    page = client.get(f"/cases/{case.reference}/inform-partners/")
    in_state(case, S.WITHDRAWN)
    response = client.post(
        f"/cases/{case.reference}/inform-partners/",
        {"informed_on_0": "23", "informed_on_1": "11", "informed_on_2": "2026"}, follow=True)
    assert page.status_code == 200
    assert "Not while the case is &#x27;Withdrawn&#x27;" in response.content.decode()


def test_notifications_are_recorded_until_the_case_is_notified(client_as):
    case = in_state(submitted_case(), S.NOTIFICATION_DUE, screening_decision="notify",
                    local_authority_aware_on=datetime.date(2026, 11, 20))
    client = client_as(Role.SAFEGUARDING_PARTNER)
    panel = client.get(f"/cases/{case.reference}/notifications/national_panel/")
    assert 'name="panel_reference"' in panel.content.decode()
    dfe = client.get(f"/cases/{case.reference}/notifications/dfe/")
    assert 'name="panel_reference"' not in dfe.content.decode()
    sent = {"notified_on_0": "23", "notified_on_1": "11", "notified_on_2": "2026",
            "channel": "online_system", "sent_by": "Head of Safeguarding"}
    for recipient in ("national_panel", "ofsted", "dfe"):
        response = client.post(f"/cases/{case.reference}/notifications/{recipient}/", sent)
        assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.NOTIFIED
    html = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Every required recipient has been notified." in html


@pytest.mark.parametrize("answers,message", [
    ({"notified_on_0": "19"}, "The date of the notification to the National Panel, Ofsted and "
                              "DfE cannot be before the local authority became aware, on 20 "
                              "November 2026"),
    ({"acknowledged_on_0": "22", "acknowledged_on_1": "11", "acknowledged_on_2": "2026"},
     "The acknowledgement cannot be before the notification"),
    ({"notified_on_2": "2099"}, "The date of the notification must be today or in the past"),
    ({"channel": ""}, "Select how the notification was sent"),
])
def test_impossible_notifications_are_refused_on_the_form(client_as, answers, message):
    case = in_state(submitted_case(), S.NOTIFICATION_DUE, screening_decision="notify",
                    local_authority_aware_on=datetime.date(2026, 11, 20))
    sent = {"notified_on_0": "23", "notified_on_1": "11", "notified_on_2": "2026",
            "channel": "online_system", "sent_by": "Head of Safeguarding", **answers}
    response = client_as(Role.BUSINESS_UNIT).post(
        f"/cases/{case.reference}/notifications/national_panel/", sent)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(message) == 2, html[:3000]
    assert not case.notifications.exists()


def test_the_business_unit_merges_a_duplicate_by_reference(client_as):
    case, other = submitted_case(), submitted_case()
    client = client_as(Role.BUSINESS_UNIT)
    response = client.post(f"/cases/{case.reference}/merge/",
                           {"into": "si-2026-9999", "reason": "The same incident"})
    assert "There is no case with that reference" in response.content.decode()
    response = client.post(f"/cases/{case.reference}/merge/",
                           {"into": case.reference, "reason": "The same incident"})
    assert "A case cannot be merged with itself" in response.content.decode()
    response = client.post(f"/cases/{case.reference}/merge/",
                           {"into": other.reference.lower(), "reason": ""})
    assert "Enter why this case is a duplicate" in response.content.decode()
    response = client.post(f"/cases/{case.reference}/merge/",
                           {"into": other.reference.lower(),
                            "reason": "The hospital referred the same incident"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.MERGED and case.merged_into == other


def test_the_business_unit_withdraws_a_case_with_a_reason(client_as):
    case = submitted_case()
    client = client_as(Role.BUSINESS_UNIT)
    response = client.post(f"/cases/{case.reference}/withdraw/", {"reason": ""})
    assert "Enter why the case is withdrawn" in response.content.decode()
    response = client.post(f"/cases/{case.reference}/withdraw/",
                           {"reason": "Referred in error"}, follow=True)
    assert "The case is withdrawn" in response.content.decode()
    case.refresh_from_db()
    assert case.status == S.WITHDRAWN


@pytest.mark.parametrize("slug,status,data,field", [
    ("inform-partners", S.REFERRED,
     {"informed_on_0": "23", "informed_on_1": "11", "informed_on_2": "2026"},
     "partners_informed_on"),
    ("local-authority-aware", S.SCREENING,
     {"aware_on_0": "20", "aware_on_1": "11", "aware_on_2": "2026"},
     "local_authority_aware_on"),
    ("learning-decision", S.LEARNING,
     {"decision": "multi_agency_audit", "rationale": "Similar cases of bruising", **DECIDED},
     "learning_decision"),
])
def test_each_question_page_saves_its_answer(client_as, slug, status, data, field):
    case = in_state(submitted_case(), status)
    response = client_as(Role.BUSINESS_UNIT).post(f"/cases/{case.reference}/{slug}/", data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert getattr(case, field)


def test_the_referrer_told_date_is_recorded(client_as):
    case = in_state(submitted_case(), S.NO_FURTHER_ACTION, screening_decision="no_further_action",
                    screening_decided_on=datetime.date(2026, 11, 23))
    response = client_as(Role.BUSINESS_UNIT).post(
        f"/cases/{case.reference}/referrer-told/",
        {"told_on_0": "23", "told_on_1": "11", "told_on_2": "2026"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.referrer_told_on == datetime.date(2026, 11, 23)


# The change history and the access log.

def test_the_history_shows_who_changed_what_newest_first(client_as):
    case = _full_case()
    html = client_as(Role.SCRUTINEER).get(f"/cases/{case.reference}/history/").content.decode()
    table = html[html.index('data-testid="history"'):]
    assert "Sam Okafor" in table and "Helen Moss" in table
    assert "<strong>Status</strong>: With the safeguarding partners" in table
    assert "Notification to National Panel, Ofsted and DfE (online notification)" in table
    assert "Family member" in table and "Referral" in table
    assert table.index("Notification to") < table.index("<strong>Status</strong>: Referred")


def test_every_view_of_a_case_is_logged(client_as):
    case = submitted_case()
    business_unit = client_as(Role.BUSINESS_UNIT, email="sam.okafor@example.org")
    business_unit.get(f"/cases/{case.reference}/")
    business_unit.get(f"/cases/{case.reference}/history/")
    client_as(Role.MANAGER).get(f"/cases/{case.reference}/")
    assert list(CaseAccess.objects.order_by("pk").values_list("user__role", "what")) == [
        (Role.BUSINESS_UNIT, "case page"), (Role.BUSINESS_UNIT, "history"),
        (Role.MANAGER, "case page")]


def test_the_access_log_lists_views_newest_first_filtered_by_case_and_user(client_as):
    first, second = submitted_case(), submitted_case()
    sam = client_as(Role.BUSINESS_UNIT, email="sam.okafor@example.org")
    sam.get(f"/cases/{first.reference}/")
    client_as(Role.MANAGER, email="lee.grant@example.org").get(f"/cases/{second.reference}/")
    sam.get(f"/cases/{second.reference}/history/")
    client = client_as(Role.SCRUTINEER)
    html = client.get("/cases/access-log/").content.decode()
    assert "3 views" in html
    assert html.index("History") < html.index("lee.grant@example.org") < html.index(
        "Case page")
    assert "2 views" in client.get("/cases/access-log/",
                                   {"email": "Sam.Okafor@example.org"}).content.decode()
    filtered = client.get("/cases/access-log/", {"reference": second.reference,
                                                 "email": "sam.okafor@example.org"})
    assert "1 view<" in filtered.content.decode()


# Accessibility: one h1, labelled inputs, radios in a fieldset with a legend, table headers.

class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1s, self.inputs, self.labels, self.stack = 0, [], set(), []
        self.radios_outside_fieldset, self.fieldsets, self.legends = 0, 0, 0
        self.tables, self.table_headers = 0, 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        self.h1s += tag == "h1"
        self.fieldsets += tag == "fieldset"
        self.legends += tag == "legend"
        self.tables += tag == "table"
        self.table_headers += tag == "th"
        if tag == "label":
            self.labels.add(attrs.get("for"))
        if tag in ("input", "select", "textarea") and attrs.get("type") not in (
                "hidden", "submit"):
            self.inputs.append(attrs.get("id"))
            if attrs.get("type") == "radio" and "fieldset" not in self.stack:
                self.radios_outside_fieldset += 1
        if tag not in ("input", "br", "meta", "link", "path", "img"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]


@pytest.mark.parametrize("page,role", [
    ("/cases/", Role.BUSINESS_UNIT), ("/cases/{ref}/", Role.BUSINESS_UNIT),
    ("/cases/{ref}/history/", Role.SCRUTINEER), ("/cases/access-log/", Role.SCRUTINEER),
    *((p, sorted(roles)[0]) for p, roles in PAGES.items() if p.count("/") > 3
      and "history" not in p),
])
def test_each_page_is_accessible(client_as, page, role):
    # Once confirmed, the awareness date is corrected with a reason: its page is a new case's.
    case = submitted_case() if "/local-authority-aware/" in page else for_page(_full_case(), page)
    client = client_as(role)
    client.get(f"/cases/{case.reference}/")  # an access for the log to list
    html = client.get(page.format(ref=case.reference), {"page": 1}).content.decode()
    parsed = _Page()
    parsed.feed(html)
    assert parsed.h1s == 1
    assert all(input_id in parsed.labels for input_id in parsed.inputs), parsed.inputs
    assert parsed.radios_outside_fieldset == 0
    assert parsed.fieldsets == parsed.legends
    assert parsed.table_headers >= parsed.tables


def test_opening_a_question_page_is_recorded_in_the_access_log(client_as):
    case = submitted_case()
    client_as(Role.BUSINESS_UNIT).get(f"/cases/{case.reference}/inform-partners/")
    assert list(CaseAccess.objects.values_list("what", flat=True)) == ["inform-partners page"]
