"""The deadlines pages: the case's clocks, the overdue dashboard, a person's notices, the
calendar feed, and the timescale policy in the admin."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case
from deadlines import services
from deadlines.models import CalendarFeed, Clock, Deadline, Notice
from safeguarding.models import Agency, Role
from tests.factories import AgencyFactory, UserFactory, submitted_case

pytestmark = pytest.mark.django_db
D = datetime.date


def _deadline(code: str, due_on: D, *, agency=None, state=Deadline.State.OPEN) -> Deadline:
    number = Case.objects.count() + 1
    case = Case.objects.create(reference=f"SI-2026-{number + 8000}", received_on=D(2026, 11, 2))
    return Deadline.objects.create(clock=Clock.objects.get(code=code), case=case,
                                   record_type="cases.case", record_id=case.pk,
                                   starts_on=D(2026, 11, 2), due_on=due_on, owner_agency=agency,
                                   state=state)


# The case page.

def test_the_case_page_lists_the_cases_clocks(client_as):
    case = submitted_case()
    page = client_as(Role.BUSINESS_UNIT).get(f"/cases/{case.reference}/").content.decode()
    assert "Clocks" in page
    assert "Business unit informs the partners" in page
    assert "Partners consider the case" in page
    assert 'data-testid="clocks"' in page


# The dashboard.

@pytest.mark.parametrize("role,status", [
    (Role.BUSINESS_UNIT, 200), (Role.MANAGER, 200), (Role.AGENCY_CONTRIBUTOR, 403),
    (Role.SAFEGUARDING_PARTNER, 403), (Role.REVIEWER, 403),
])
def test_the_dashboard_is_for_the_business_unit_and_managers(client_as, role, status):
    assert client_as(role).get("/deadlines/").status_code == status


def test_the_dashboard_lists_running_deadlines_soonest_first_and_filters(client_as):
    school = AgencyFactory(kind=Agency.Kind.EDUCATION, name="Northmoor Academy")
    late = _deadline("notify_ofsted", D(2026, 11, 3))
    soon = _deadline("agency_information_return", D(2030, 1, 2), agency=school)
    met = _deadline("notify_dfe", D(2026, 11, 3), state=Deadline.State.MET)
    client = client_as(Role.BUSINESS_UNIT)
    page = client.get("/deadlines/").content.decode()
    assert page.index(late.case.reference) < page.index(soon.case.reference)
    assert met.case.reference not in page
    filtered = client.get("/deadlines/", {"clock": "agency_information_return"}).content.decode()
    assert soon.case.reference in filtered and late.case.reference not in filtered
    by_agency = client.get("/deadlines/", {"agency": school.pk}).content.decode()
    assert soon.case.reference in by_agency and late.case.reference not in by_agency
    by_owner = client.get("/deadlines/", {"responsible": "local_authority"}).content.decode()
    assert late.case.reference in by_owner and soon.case.reference not in by_owner
    assert client.get("/deadlines/", {"agency": "nonsense", "page": "x"}).status_code == 200


def test_the_dashboard_counts_by_state_and_stage(client_as):
    from django.utils import timezone

    today = timezone.localdate()
    _deadline("notify_ofsted", today - datetime.timedelta(days=3), state=Deadline.State.OVERDUE)
    _deadline("notify_dfe", today)
    _deadline("notify_dfe", D(2026, 11, 3), state=Deadline.State.MET)
    response = client_as(Role.MANAGER).get("/deadlines/")
    assert response.context["by_stage"]["overdue"] == 1
    assert response.context["by_stage"]["due_today"] == 1
    assert response.context["by_state"]["Met"] == 1


def test_the_dashboard_runs_the_same_queries_however_many_deadlines(client_as):
    client = client_as(Role.BUSINESS_UNIT)
    _deadline("notify_ofsted", D(2026, 11, 3))
    client.get("/deadlines/")
    with CaptureQueriesContext(connection) as few:
        client.get("/deadlines/")
    agencies = [AgencyFactory() for _ in range(3)]
    for number in range(60):
        _deadline("agency_information_return", D(2026, 12, 1), agency=agencies[number % 3])
    with CaptureQueriesContext(connection) as many:
        assert client.get("/deadlines/").status_code == 200
    assert len(few) == len(many)


# Notices.

def test_a_person_sees_their_own_notices_and_marks_them_read(people_with_notices):
    own, other = people_with_notices
    client = Client()
    client.force_login(own)
    page = client.get("/deadlines/notices/").content.decode()
    assert "Overdue</strong>: Notify Ofsted" in page and "New" in page
    assert Notice.objects.filter(user=own).count() == 1
    client.post("/deadlines/notices/read/")
    assert not Notice.objects.filter(user=own, read_at=None).exists()
    assert Notice.objects.filter(user=other, read_at=None).exists()


@pytest.fixture
def people_with_notices():
    own, other = UserFactory(role=Role.BUSINESS_UNIT), UserFactory(role=Role.BUSINESS_UNIT)
    _deadline("notify_ofsted", D(2026, 11, 3))
    services.sweep_deadlines(today=D(2026, 11, 10))
    return own, other


def test_notices_need_a_sign_in_and_marking_read_needs_a_post(client_as):
    assert Client().get("/deadlines/notices/").status_code == 302
    assert client_as(Role.BUSINESS_UNIT).get("/deadlines/notices/read/").status_code == 405


# The calendar feed.

def test_the_calendar_feed_shows_references_and_clocks_never_names(client_as):
    case = submitted_case()
    client = client_as(Role.BUSINESS_UNIT)
    client.post("/deadlines/calendar/", {"renew": ""})
    feed = CalendarFeed.objects.get()
    response = Client().get(f"/deadlines/feed/{feed.token}.ics")
    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "BEGIN:VEVENT" in body and f"Partners consider the case: {case.reference}" in body
    assert case.referral.children.first().full_name not in body
    client.post("/deadlines/calendar/", {"revoke": ""})
    assert Client().get(f"/deadlines/feed/{feed.token}.ics").status_code == 404


def test_a_renewed_address_replaces_the_old_one(client_as):
    client = client_as(Role.MANAGER)
    client.post("/deadlines/calendar/", {"renew": ""})
    old = CalendarFeed.objects.get().token
    client.post("/deadlines/calendar/", {"renew": ""})
    assert Client().get(f"/deadlines/feed/{old}.ics").status_code == 404
    assert CalendarFeed.objects.get().token != old


def test_the_feed_stops_when_its_owner_leaves(client_as):
    client = client_as(Role.BUSINESS_UNIT)
    client.post("/deadlines/calendar/", {"renew": ""})
    feed = CalendarFeed.objects.select_related("user").get()
    feed.user.is_active = False
    feed.user.save()
    assert Client().get(f"/deadlines/feed/{feed.token}.ics").status_code == 404


@pytest.mark.parametrize(("role", "still"), [
    (Role.MANAGER, True), (Role.SAFEGUARDING_PARTNER, True), (Role.AGENCY_CONTRIBUTOR, False),
    (Role.REVIEWER, False), (Role.ADMINISTRATOR, False), (Role.SCRUTINEER, False)])
def test_the_feed_is_refused_once_the_role_may_have_none(client_as, role, still):
    """The role is checked on every request for the feed (issue 17 point 9): a person moved
    to a role without a calendar feed is refused at once, with the address they kept."""
    submitted_case()
    client_as(Role.BUSINESS_UNIT).post("/deadlines/calendar/", {"renew": ""})
    feed = CalendarFeed.objects.select_related("user").get()
    address = f"/deadlines/feed/{feed.token}.ics"
    assert Client().get(address).status_code == 200
    feed.user.role = role
    feed.user.save()
    response = Client().get(address)
    assert response.status_code == (200 if still else 403)
    assert (b"BEGIN:VEVENT" in response.content) == still


def test_contributors_have_no_calendar_feed(client_as):
    assert client_as(Role.AGENCY_CONTRIBUTOR).get("/deadlines/calendar/").status_code == 403


# The timescale policy in the admin.

@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(role=Role.ADMINISTRATOR))
    return client


def test_the_admin_refuses_to_loosen_a_statutory_clock(admin_client):
    notify = Clock.objects.get(code="notify_national_panel")
    url = reverse("admin:deadlines_clock_change", args=[notify.pk])
    response = admin_client.post(url, {"amount": "10", "reminder_working_days": "2"})
    assert response.status_code == 200
    assert "never loosened: the law allows at most 5 working days" in response.content.decode()
    notify.refresh_from_db()
    assert notify.amount == 5


def test_the_admin_changes_a_local_clock_with_its_history(admin_client):
    consider = Clock.objects.get(code="partners_consider")
    url = reverse("admin:deadlines_clock_change", args=[consider.pk])
    assert admin_client.post(url, {"amount": "4", "reminder_working_days": "1"}
                             ).status_code == 302
    consider.refresh_from_db()
    assert (consider.amount, consider.reminder_working_days) == (4, 1)
    assert consider.history.latest().history_user.role == Role.ADMINISTRATOR


def test_clocks_are_neither_added_nor_deleted_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:deadlines_clock_add")).status_code == 403
    notify = Clock.objects.get(code="notify_national_panel")
    assert admin_client.get(reverse("admin:deadlines_clock_delete", args=[notify.pk])
                            ).status_code == 403
