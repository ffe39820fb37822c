"""The deadlines dashboard's filters, counts, days overdue and owners, and its download
(issue 15 items 3 and 7). "Today" is Tuesday 29 December 2026: Christmas Day (Friday) and
the substitute Boxing Day (Monday 28th) are not working days, nor New Year's Day."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from cases.models import Case, CaseAccess
from deadlines import selectors
from deadlines.models import Clock, Deadline
from deadlines.selectors import DeadlineFilters
from safeguarding.models import Agency, Role
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 29)


@pytest.fixture(autouse=True)
def today_is_after_christmas(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def _deadline(code: str, due_on: D, *, agency=None, state=Deadline.State.OPEN) -> Deadline:
    number = Case.objects.count() + 1
    case = Case.objects.create(reference=f"SI-2026-{number + 8000}", received_on=D(2026, 11, 2))
    return Deadline.objects.create(clock=Clock.objects.get(code=code), case=case,
                                   record_type="cases.case", record_id=case.pk,
                                   starts_on=D(2026, 11, 2), due_on=due_on, owner_agency=agency,
                                   state=state)


@pytest.fixture
def four_stages():
    """One running deadline at each stage, and one met."""
    return {
        "overdue": _deadline("notify_ofsted", D(2026, 12, 23), state=Deadline.State.OVERDUE),
        "due_today": _deadline("inform_partners", TODAY),
        # 5 working days after 29 December: 30, 31 December, 4, 5, 6 January.
        "due_soon": _deadline("partners_consider", D(2027, 1, 6)),
        "later": _deadline("referrer_feedback", D(2027, 1, 7)),
        "met": _deadline("notify_dfe", D(2026, 12, 1), state=Deadline.State.MET),
    }


def _references(response) -> set[str]:
    return {line.deadline.case.reference for line in response.context["lines"]}


def test_days_overdue_count_working_days_only_over_christmas(four_stages):
    lines = {line.deadline.pk: line for line in selectors.with_delays(
        Deadline.objects.select_related("clock", "owner_agency"), TODAY)}
    # Due Wednesday 23rd: Thursday 24th and Tuesday 29th are the working days since.
    assert lines[four_stages["overdue"].pk].days_overdue == 2
    for stage in ("due_today", "due_soon", "later", "met"):
        assert lines[four_stages[stage].pk].days_overdue is None


@pytest.mark.parametrize("stage", ["overdue", "due_today", "due_soon", "later"])
def test_each_stage_filters_to_its_own_deadlines(client_as, four_stages, stage):
    response = client_as(Role.BUSINESS_UNIT).get("/deadlines/", {"due": stage})
    assert _references(response) == {four_stages[stage].case.reference}


def test_the_counts_are_links_that_set_the_filter_and_keep_the_others(client_as,
                                                                      four_stages):
    client = client_as(Role.MANAGER)
    response = client.get("/deadlines/", {"responsible": "local_authority"})
    stages = {label: (count, address) for label, count, address, _chosen
              in response.context["stage_links"]}
    # Only the Ofsted notification is the local authority's.
    assert stages["Overdue"] == (1, "?responsible=local_authority&due=overdue")
    assert stages["Due today"][0] == 0
    states = {label: address for label, _count, address, _chosen
              in response.context["state_links"]}
    assert states["Met"] == "?responsible=local_authority&state=met"
    page = response.content.decode()
    assert 'href="?responsible=local_authority&amp;due=overdue"' in page
    followed = client.get("/deadlines/?responsible=local_authority&due=overdue")
    assert _references(followed) == {four_stages["overdue"].case.reference}
    met = client.get("/deadlines/", {"state": "met"})
    assert _references(met) == {four_stages["met"].case.reference}


def test_each_row_shows_days_overdue_and_who_owns_it(client_as):
    police = AgencyFactory(kind=Agency.Kind.POLICE, name="Northmoor Police")
    _deadline("notify_ofsted", D(2026, 12, 23), state=Deadline.State.OVERDUE)
    _deadline("action_escalation_head_of_service", D(2026, 12, 24), agency=police)
    _deadline("inform_partners", D(2027, 1, 4), agency=police)
    _deadline("partners_consider", D(2027, 1, 5))
    response = client_as(Role.BUSINESS_UNIT).get("/deadlines/")
    rows = [(line.owner, line.days_overdue) for line in response.context["lines"]]
    assert rows == [
        ("The local authority (with the business unit)", 2),
        ("Head of service of Northmoor Police", 1),
        ("The business unit: Northmoor Police", None),
        ("The safeguarding partners", None),
    ]
    page = response.content.decode()
    assert "Head of service of Northmoor Police" in page and "Working days overdue" in page


@pytest.mark.parametrize("query,error", [
    ({"agency": "²"}, "Select an agency from the list"),
    ({"agency": "9" * 30}, "Select an agency from the list"),
    ({"clock": "no_such_clock"}, "Select a clock from the list"),
    ({"responsible": "nobody"}, "Select who answers for it from the list"),
    ({"due": "yesterday"}, "Select when it is due from the list"),
    ({"state": "lost"}, "Select a state from the list"),
])
def test_a_bad_filter_shows_its_error_and_the_unfiltered_list(client_as, four_stages, query,
                                                              error):
    response = client_as(Role.BUSINESS_UNIT).get("/deadlines/", {**query, "due": "overdue"}
                                                 if "due" not in query else query)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert _references(response) == {four_stages[stage].case.reference for stage in
                                      ("overdue", "due_today", "due_soon", "later")}


def test_the_download_of_a_bad_filter_is_the_unfiltered_list(client_as, four_stages):
    response = client_as(Role.BUSINESS_UNIT).get("/cases/deadlines/download/csv/",
                                                 {"agency": "9" * 30})
    assert response.status_code == 200
    assert four_stages["later"].case.reference in response.content.decode()


def test_the_dashboard_runs_the_same_queries_for_3_or_30_deadlines(client_as):
    client = client_as(Role.BUSINESS_UNIT)
    agencies = [AgencyFactory() for _ in range(3)]

    def add(count: int) -> None:
        for number in range(count):
            _deadline("agency_information_return", D(2026, 12, 21 + number % 5),
                      agency=agencies[number % 3])
            _deadline("notify_ofsted", D(2026, 12, 22), state=Deadline.State.OVERDUE)

    add(3)
    client.get("/deadlines/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/deadlines/", {"due": "overdue"}).status_code == 200
    add(27)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/deadlines/", {"due": "overdue"})
    assert len(response.context["lines"]) == 50
    assert len(few) == len(many)


def test_the_download_has_the_pages_filters_and_is_in_the_access_log(client_as,
                                                                     four_stages):
    response = client_as(Role.MANAGER).get("/cases/deadlines/download/xlsx/",
                                           {"due": "overdue"})
    assert response["Content-Disposition"] == 'attachment; filename="deadlines-2026-12-29.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0] == ("Case or record", "Clock", "Who answers for it", "Starts", "Due",
                       "Working days overdue", "State", "Reason for the delay")
    overdue = four_stages["overdue"]
    assert rows[1][0] == overdue.case.reference and rows[1][5] == 2 and rows[1][6] == "Overdue"
    assert rows[1][4].date() == D(2026, 12, 23)
    assert len(rows) == 2
    assert list(CaseAccess.objects.values_list("case_id", "what")) == [
        (overdue.case_id, "deadlines (Excel)")]


def test_the_csv_download_lists_every_running_deadline(client_as, four_stages):
    response = client_as(Role.BUSINESS_UNIT).get("/cases/deadlines/download/csv/")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0].startswith("Case or record,Clock,Who answers for it")
    assert four_stages["met"].case.reference not in text
    assert CaseAccess.objects.filter(what="deadlines (CSV)").count() == 4


def test_the_page_links_to_the_download_with_its_filters(client_as, four_stages):
    page = client_as(Role.BUSINESS_UNIT).get(
        "/deadlines/", {"due": "later", "agency": "9" * 30, "clock": "referrer_feedback"}
    ).content.decode()
    # The filters are not valid together (the agency), so the link keeps none of them.
    assert 'href="/cases/deadlines/download/csv/"' in page
    page = client_as(Role.BUSINESS_UNIT).get(
        "/deadlines/", {"due": "later", "clock": "referrer_feedback"}).content.decode()
    assert 'href="/cases/deadlines/download/csv/?clock=referrer_feedback&amp;due=later"' in page


@pytest.mark.parametrize("role,status", [(Role.BUSINESS_UNIT, 200), (Role.MANAGER, 200),
                                         (Role.SCRUTINEER, 403), (Role.AGENCY_CONTRIBUTOR, 403)])
def test_the_download_is_for_the_dashboards_readers(client_as, role, status):
    assert client_as(role).get("/cases/deadlines/download/csv/").status_code == status


def test_an_unknown_format_is_not_found(client_as):
    assert client_as(Role.BUSINESS_UNIT).get(
        "/cases/deadlines/download/pdf/").status_code == 404


def test_the_selector_narrows_by_state_and_stage(four_stages):
    met = selectors.dashboard_deadlines(filters=DeadlineFilters(state="met"), today=TODAY)
    assert list(met) == [four_stages["met"]]
    counts = selectors.counts_by_stage(filters=DeadlineFilters(clock="notify_ofsted"),
                                       today=TODAY)
    assert counts == {"overdue": 1, "due_today": 0, "due_soon": 0, "later": 0}
