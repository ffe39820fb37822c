"""The cases the pages below the cases app show are in the access log (issue 17 point 4):
the deadlines dashboard, the notices and the home page's work lists log through
safeguarding.access, which the cases app's access log fills (cases.services
.record_cases_access), one query a page whatever the number of cases."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Case, CaseAccess
from deadlines import selectors
from deadlines.models import Clock, Deadline, Notice
from forms.models import Referral
from safeguarding import access, case_tags
from safeguarding.models import Role
from tests.factories import ReferralFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 29)


@pytest.fixture(autouse=True)
def today_is_after_christmas(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def _deadline(code: str, due_on: D, *, state=Deadline.State.OPEN) -> Deadline:
    number = Case.objects.count() + 1
    # Past triage: not on the business unit's list of referrals to triage.
    case = Case.objects.create(reference=f"SI-2026-{number + 7000}", received_on=D(2026, 11, 2),
                               status=Case.Status.SCREENING)
    return Deadline.objects.create(clock=Clock.objects.get(code=code), case=case,
                                   record_type="cases.case", record_id=case.pk,
                                   starts_on=D(2026, 11, 2), due_on=due_on, state=state)


def _logged(what: str, *, once: bool = True) -> set[int]:
    rows = list(CaseAccess.objects.filter(what=what).values_list("case_id", flat=True))
    assert not once or len(rows) == len(set(rows)), "one row a case"
    return set(rows)


def _inserts(captured) -> int:
    return sum('INSERT INTO "cases_caseaccess"' in query["sql"] for query in captured)


# The hook.

def test_the_cases_app_records_what_the_lower_apps_show(make_user):
    user = make_user(Role.BUSINESS_UNIT)
    one, two = (_deadline("notify_ofsted", TODAY).case for _ in range(2))
    with CaptureQueriesContext(connection) as captured:
        access.cases_shown(user=user, case_ids=[two.pk, one.pk, two.pk, None],
                           what="a list of cases " + "long " * 20)
    assert _inserts(captured) == 1 and len(captured) == 1
    rows = list(CaseAccess.objects.order_by("case_id").values_list("case_id", "user_id", "what"))
    assert [(case, person) for case, person, _ in rows] == [(one.pk, user.pk), (two.pk, user.pk)]
    assert all(len(what) == 64 and what.startswith("a list of cases") for *_, what in rows)


def test_no_case_shown_is_no_query(make_user, django_assert_num_queries):
    user = make_user(Role.BUSINESS_UNIT)
    with django_assert_num_queries(0):
        access.cases_shown(user=user, case_ids=[None], what="deadlines dashboard")
    assert not CaseAccess.objects.exists()


def test_a_list_shown_with_no_recorder_fails_rather_than_go_unlogged(make_user, monkeypatch):
    monkeypatch.setattr(access, "_recorder", [])
    case = _deadline("notify_ofsted", TODAY).case
    with pytest.raises(ImproperlyConfigured):
        access.cases_shown(user=make_user(Role.BUSINESS_UNIT), case_ids=[case.pk], what="x")


# The deadlines dashboard.

def test_the_dashboard_logs_the_cases_of_its_rows_and_of_its_late_clocks(client_as):
    overdue = _deadline("notify_ofsted", D(2026, 12, 23), state=Deadline.State.OVERDUE)
    later = _deadline("referrer_feedback", D(2027, 1, 7))
    met = _deadline("notify_dfe", D(2026, 12, 1), state=Deadline.State.MET)
    client = client_as(Role.BUSINESS_UNIT)
    response = client.get("/deadlines/", {"due": "later"})
    # The rows: the later deadline; the late statutory clocks with no reason: the overdue one.
    assert [line.deadline for line in response.context["lines"]] == [later]
    assert list(response.context["without_a_reason"]) == [overdue]
    assert _logged("deadlines dashboard") == {later.case_id, overdue.case_id}
    assert met.case_id not in _logged("deadlines dashboard")
    assert set(CaseAccess.objects.values_list("user_id", flat=True)) == {
        response.wsgi_request.user.pk}


def test_the_dashboard_logs_in_one_query_whatever_the_number_of_cases(client_as):
    client = client_as(Role.MANAGER)
    for _ in range(3):
        _deadline("referrer_feedback", D(2027, 1, 7))
    client.get("/deadlines/")  # the first request reads what later ones have cached
    with CaptureQueriesContext(connection) as few:
        client.get("/deadlines/")
    for _ in range(20):
        _deadline("referrer_feedback", D(2027, 1, 7))
    with CaptureQueriesContext(connection) as many:
        client.get("/deadlines/")
    assert _inserts(few) == _inserts(many) == 1
    assert len(few) == len(many)
    # A row a case at each look: the first 3 cases were seen three times.
    assert len(_logged("deadlines dashboard", once=False)) == 23
    assert CaseAccess.objects.count() == 3 + 3 + 23


def test_an_empty_dashboard_logs_nothing(client_as):
    _deadline("notify_dfe", D(2026, 12, 1), state=Deadline.State.MET)
    assert client_as(Role.BUSINESS_UNIT).get("/deadlines/").status_code == 200
    assert not CaseAccess.objects.exists()


# The notices.

def test_the_notices_page_logs_the_cases_of_ones_own_notices(client_as):
    mine, also_mine, theirs = (_deadline("notify_ofsted", D(2026, 12, 23)) for _ in range(3))
    person, other = UserFactory(role=Role.BUSINESS_UNIT), UserFactory(role=Role.BUSINESS_UNIT)
    for deadline, user in ((mine, person), (also_mine, person), (theirs, other)):
        Notice.objects.create(user=user, deadline=deadline, stage=Notice.Stage.OVERDUE,
                              due_on=deadline.due_on)
    client = Client()
    client.force_login(person)
    page = client.get("/deadlines/notices/").content.decode()
    assert mine.case.reference in page and theirs.case.reference not in page
    assert _logged("notices") == {mine.case_id, also_mine.case_id}
    assert set(CaseAccess.objects.values_list("user_id", flat=True)) == {person.pk}


# The home page's work lists.

def test_the_home_page_logs_the_cases_its_work_lists_show(client_as):
    due_soon = _deadline("notify_ofsted", D(2026, 12, 30))  # statutory, in 1 working day
    far_off = _deadline("notify_ofsted", D(2027, 3, 1))
    to_triage = Case.objects.create(reference="SI-2026-7900", received_on=D(2026, 12, 1),
                                    status=Case.Status.REFERRED)
    client = client_as(Role.BUSINESS_UNIT)
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/").content.decode()
    assert to_triage.reference in page and due_soon.case.reference in page
    assert far_off.case.reference not in page
    assert _inserts(captured) == 1
    assert _logged("home page work lists") == {due_soon.case_id, to_triage.pk}


def test_a_home_page_that_shows_no_case_logs_nothing(client_as):
    _deadline("notify_ofsted", D(2027, 3, 1))
    assert client_as(Role.BUSINESS_UNIT).get("/").status_code == 200
    assert client_as(Role.ADMINISTRATOR).get("/").status_code == 200
    assert not CaseAccess.objects.exists()


# The dashboard's "Public referral" tag, from the forms app through safeguarding.case_tags:
# the deadlines app's selector no longer reaches into the referral (a layer above).

def test_the_dashboard_selector_reads_no_referral():
    assert "case_forms_referral" not in str(selectors.dashboard_deadlines().query)


def test_case_tags_come_from_the_registered_taggers_in_one_query_each(monkeypatch,
                                                                      django_assert_num_queries):
    one, two = (_deadline("notify_ofsted", TODAY).case for _ in range(2))
    ReferralFactory(case=one, source=Referral.Source.PUBLIC)
    ReferralFactory(case=two)  # an agency's
    with django_assert_num_queries(0):
        assert case_tags.case_tags([None]) == {}
    with django_assert_num_queries(1):
        assert case_tags.case_tags([one.pk, two.pk, None]) == {one.pk: ("Public referral",)}
    monkeypatch.setattr(case_tags, "_taggers", [*case_tags._taggers,
                                                lambda ids: {ids[-1]: "Another"}])
    assert case_tags.case_tags([one.pk, two.pk]) == {one.pk: ("Public referral",),
                                                     two.pk: ("Another",)}


def test_the_page_giving_the_reason_for_a_delay_logs_its_case(client_as):
    late = _deadline("notify_ofsted", D(2026, 12, 23), state=Deadline.State.OVERDUE)
    response = client_as(Role.BUSINESS_UNIT).get(f"/deadlines/{late.pk}/delay-reason/")
    assert response.status_code == 200
    assert _logged("reason for a delay page") == {late.case_id}
