"""The case list's download and status links, the decision log's filters and the scrutineer's
way to it (issue 15 items 3 and 7)."""

import datetime
import io
from datetime import UTC

import pytest
import rules
from openpyxl import load_workbook

from cases import services
from cases.models import Case, CaseAccess
from cases.work_lists import recent_decisions
from safeguarding.models import Decision, Role
from tests.factories import UserFactory, submitted_case

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def two_cases():
    """One case referred, one whose partners were informed."""
    referred = submitted_case(received_on=D(2026, 11, 2), child__full_name="Baby Amelia Test")
    informed = submitted_case(received_on=D(2026, 11, 3), child__full_name="Toby Example")
    unit = UserFactory(role=Role.BUSINESS_UNIT, full_name="Priya Shah")
    services.inform_partners(case=informed, actor=unit, informed_on=D(2026, 11, 3))
    informed.refresh_from_db()
    return referred, informed, unit


@pytest.fixture
def without_full_view():
    """A reader of cases who may not read them in full (no role is such today; the rule
    is what decides)."""
    kept = rules.permissions.permissions["cases.view_case_in_full"]
    rules.set_perm("cases.view_case_in_full", rules.always_false)
    yield
    rules.set_perm("cases.view_case_in_full", kept)


def _csv(response) -> list[str]:
    return response.content.decode("utf-8-sig").splitlines()


# The case list's download.

def test_the_case_list_downloads_with_the_childrens_names_for_full_readers(client_as,
                                                                          two_cases):
    referred, informed, _unit = two_cases
    response = client_as(Role.SCRUTINEER).get("/cases/download/xlsx/")
    assert response["Cache-Control"] == "private, no-store"
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0] == ("Reference", "Status", "Received", "Screening decision",
                       "Notified to the National Panel, Ofsted or DfE", "Referred by",
                       "Children")
    assert [row[0] for row in rows[1:]] == [informed.reference, referred.reference]
    assert rows[1][5] == "A professional" and rows[1][6] == "Toby Example"
    assert rows[1][2].date() == D(2026, 11, 3)
    assert set(CaseAccess.objects.values_list("case_id", "what")) == {
        (informed.pk, "case list (Excel)"), (referred.pk, "case list (Excel)")}


def test_without_the_full_view_the_download_has_no_name_column(client_as, two_cases,
                                                                without_full_view):
    response = client_as(Role.BUSINESS_UNIT).get("/cases/download/csv/")
    lines = _csv(response)
    assert lines[0] == ("Reference,Status,Received,Screening decision,"
                        "\"Notified to the National Panel, Ofsted or DfE\",Referred by")
    assert "Amelia" not in response.content.decode() and "Toby" not in response.content.decode()
    assert len(lines) == 3
    assert CaseAccess.objects.filter(what="case list (CSV)").count() == 2


def test_the_download_never_holds_a_name_searched_for(client_as, two_cases):
    referred, informed, _unit = two_cases
    client = client_as(Role.BUSINESS_UNIT)
    page = client.post("/cases/", {"name": "Toby"}).content.decode()
    # The results of a search by name offer no download: the name would have to travel.
    assert "/cases/download/" not in page
    page = client.get("/cases/").content.decode()
    assert 'href="/cases/download/csv/"' in page
    CaseAccess.objects.all().delete()
    lines = _csv(client.get("/cases/download/csv/"))
    assert len(lines) == 3  # the whole list: no name kept from the search
    assert sorted(CaseAccess.objects.values_list("case_id", flat=True)) == sorted(
        [referred.pk, informed.pk])


def test_the_notified_date_is_the_first_to_the_panel_ofsted_or_dfe(client_as, two_cases):
    referred, _informed, unit = two_cases
    Case.objects.filter(pk=referred.pk).update(status=Case.Status.NOTIFIED)
    referred.notifications.create(recipient="ofsted", notified_on=D(2026, 11, 9),
                                  channel="secure_email", sent_by="Priya Shah",
                                  recorded_by=unit)
    referred.notifications.create(recipient="national_panel", notified_on=D(2026, 11, 6),
                                  channel="online_system", sent_by="Priya Shah",
                                  recorded_by=unit)
    referred.notifications.create(recipient="other_area", notified_on=D(2026, 11, 5),
                                  channel="secure_email", sent_by="Priya Shah",
                                  recorded_by=unit)
    lines = _csv(client_as(Role.MANAGER).get("/cases/download/csv/", {"status": "notified"}))
    assert len(lines) == 2 and lines[1].startswith(f"{referred.reference},Notified,2026-11-02,")
    assert ",2026-11-06," in lines[1]


# The case list's status in the address.

def test_a_status_in_the_address_filters_the_list(client_as, two_cases):
    referred, informed, _unit = two_cases
    client = client_as(Role.BUSINESS_UNIT)
    response = client.get("/cases/", {"status": Case.Status.REFERRED})
    assert [case.reference for case in response.context["page"]] == [referred.reference]
    page = response.content.decode()
    assert 'href="/cases/download/csv/?status=referred"' in page
    lines = _csv(client.get("/cases/download/csv/", {"status": Case.Status.REFERRED}))
    assert [line.split(",")[0] for line in lines[1:]] == [referred.reference]


@pytest.mark.parametrize("status", ["nonsense", "²", "9" * 30])
def test_an_unknown_status_is_an_error_and_nothing_is_filtered(client_as, two_cases, status):
    response = client_as(Role.BUSINESS_UNIT).get("/cases/", {"status": status})
    assert response.status_code == 200
    assert "Select a status from the list" in response.content.decode()
    assert len(response.context["page"].object_list) == 2


def test_the_case_list_download_runs_the_same_queries_for_3_or_30_cases(client_as,
                                                                        django_assert_max_num_queries):
    client = client_as(Role.BUSINESS_UNIT)
    for _ in range(3):
        submitted_case(received_on=D(2026, 11, 2))
    client.get("/cases/download/csv/")
    with django_assert_max_num_queries(8) as few:
        client.get("/cases/download/csv/")
    for _ in range(27):
        submitted_case(received_on=D(2026, 11, 2))
    with django_assert_max_num_queries(len(few)):
        assert len(_csv(client.get("/cases/download/csv/"))) == 31


def test_an_unknown_format_is_not_found(client_as):
    assert client_as(Role.BUSINESS_UNIT).get("/cases/download/pdf/").status_code == 404


# The decision log.

@pytest.fixture
def decisions(two_cases):
    """The referrals' submissions (by their authors) and the partners informed (by the
    business unit), the latter on 4 November 2026."""
    referred, informed, unit = two_cases
    Decision.objects.filter(actor=unit).update(
        at=datetime.datetime(2026, 11, 4, 10, tzinfo=UTC))
    Decision.objects.exclude(actor=unit).update(
        at=datetime.datetime(2026, 11, 2, 23, 30, tzinfo=UTC))  # 2 November in London
    return referred, informed, unit


def _log(client, **query) -> list[tuple[str, str]]:
    response = client.get("/cases/decisions/", query)
    assert response.status_code == 200
    return [(case.reference, decision.what) for decision, case in response.context["rows"]]


def test_the_decision_log_filters_by_case_record_person_and_date(client_as, decisions):
    referred, informed, unit = decisions
    client = client_as(Role.SCRUTINEER)
    everything = _log(client)
    assert len(everything) == len(Decision.objects.filter(case_id__isnull=False)) > 2
    assert {reference for reference, _what in _log(client, reference=referred.reference.lower())
            } == {referred.reference}
    assert _log(client, actor=unit.pk) == [(informed.reference, Decision.objects.get(
        actor=unit).what)]
    by_case = _log(client, record="cases.case")
    assert by_case and len(by_case) < len(everything)
    assert all(decision.content_type.model == "case" for decision in
               Decision.objects.filter(pk__in=[d.pk for d, _c in client.get(
                   "/cases/decisions/", {"record": "cases.case"}).context["rows"]]))
    on_the_4th = {"date_from_0": "4", "date_from_1": "11", "date_from_2": "2026",
                  "date_to_0": "4", "date_to_1": "11", "date_to_2": "2026"}
    assert _log(client, **on_the_4th) == _log(client, actor=unit.pk)
    up_to_the_3rd = {"date_to_0": "3", "date_to_1": "11", "date_to_2": "2026"}
    assert len(_log(client, **up_to_the_3rd)) == len(everything) - 1


def test_the_actor_choices_name_who_made_decisions(client_as, decisions):
    _referred, _informed, unit = decisions
    form = client_as(Role.SCRUTINEER).get("/cases/decisions/").context["form"]
    assert (unit.pk, f"Priya Shah, {unit.agency.name}") in form.fields["actor"].choices
    assert ("case_forms.referral", "Referral") in form.fields["record"].choices


@pytest.mark.parametrize("query,error", [
    ({"record": "auth.user"}, "Select a record from the list"),
    ({"actor": "²"}, "Select a person from the list"),
    ({"actor": "9" * 30}, "Select a person from the list"),
    ({"date_from_0": "31", "date_from_1": "2", "date_from_2": "2026"},
     "The date from must be a real date"),
    ({"date_from_0": "5", "date_from_1": "11", "date_from_2": "2026",
      "date_to_0": "4", "date_to_1": "11", "date_to_2": "2026"},
     "The date to must be the same as or after the date from"),
])
def test_bad_filters_are_errors_and_show_every_decision(client_as, decisions, query, error):
    response = client_as(Role.BUSINESS_UNIT).get("/cases/decisions/",
                                                 {**query, "reference": "SI-2099-0001"})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert len(response.context["rows"]) == Decision.objects.filter(
        case_id__isnull=False).count()


def test_the_decision_log_runs_the_same_queries_however_many_decisions(
        client_as, decisions, django_assert_max_num_queries):
    client = client_as(Role.SCRUTINEER)
    client.get("/cases/decisions/")
    with django_assert_max_num_queries(20) as few:
        client.get("/cases/decisions/", {"record": "cases.case"})
    for _ in range(5):
        submitted_case(received_on=D(2026, 11, 2))
    with django_assert_max_num_queries(len(few)):
        client.get("/cases/decisions/", {"record": "cases.case"})


def test_the_scrutineers_recent_decisions_end_with_the_full_log(decisions):
    items = recent_decisions(UserFactory(role=Role.SCRUTINEER))
    assert items[-1].text == "See the full decision log"
    assert items[-1].url == "/cases/decisions/"
    assert len(items) == Decision.objects.filter(case_id__isnull=False).count() + 1


def test_with_no_decisions_the_recent_list_is_empty():
    assert recent_decisions(UserFactory(role=Role.SCRUTINEER)) == []
