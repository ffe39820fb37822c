import datetime
import importlib

import pytest
from django.apps import apps
from django.test import Client

from config.celery import app as celery_app
from reviews.models import PanelAttendance
from reviews.rapid_review import services as review_services
from safeguarding.models import Agency, Role
from tests import rapid_review
from tests.factories import AgencyFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def documents_in_a_temporary_folder(settings, tmp_path):
    default = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": {
        **default, "OPTIONS": {**default["OPTIONS"], "location": str(tmp_path / "documents")}}}


@pytest.fixture(autouse=True)
def tasks_run_at_once():
    """Tasks queued by a service run in the test, at commit; tests of the broker itself
    switch this off."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def no_figures_warm_up(settings):
    """The oversight figures are not counted again after every write (tasks run at once
    here, so each decision recorded would wait for them): the warm-up's own tests turn it
    on (safeguarding.figures_cache)."""
    settings.FIGURES_WARM_UP = False


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: on Redis (CI's second run) rate-limit counters
    would otherwise carry over from earlier tests and earlier runs."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fresh_calendar():
    """Each test reads the calendar from its own database: a per-process copy built in
    another test could hold that test's corrections."""
    from deadlines import calendar

    calendar.forget()
    yield
    calendar.forget()


DATA_MIGRATIONS = [("deadlines.migrations.0002_coronation_bank_holiday", "add_coronation"),
                   ("oversight.migrations.0002_seed_learning_themes", "seed_themes")]


@pytest.fixture(autouse=True)
def data_from_migrations(request):
    """A transactional test (a live server, threads, a worker) empties every table after it,
    the rows data migrations made included, and tests do not always run in the same order:
    before each test that uses the database, put those rows back if they are gone. The
    clocks' rows are the ones each app declares (written after migrate and flush too)."""
    marker = request.node.get_closest_marker("django_db")
    fixtures = set(request.fixturenames)
    transactional = bool({"transactional_db", "live_server"} & fixtures
                         or (marker and marker.kwargs.get("transaction")))
    if not (transactional or marker or "db" in fixtures):
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from deadlines.models import CalendarDay, Clock

    if Clock.objects.exists() and CalendarDay.objects.exists():
        return
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
    from deadlines.services import write_clock_policy

    write_clock_policy()


@pytest.fixture
def agency(db):
    return AgencyFactory()


@pytest.fixture
def make_user(db):
    def make(role: Role = Role.AGENCY_CONTRIBUTOR, **fields):
        return UserFactory(role=role, **fields)

    return make


@pytest.fixture
def client_as(make_user):
    """A test client signed in as a new user of the given role."""

    def sign_in(role: Role, **fields) -> Client:
        client = Client()
        client.force_login(make_user(role, **fields))
        return client

    return sign_in


# A rapid review at each stage (tests/rapid_review.py), for the reviews' tests and the tests
# that attack its forms or edit its pages twice.

D, K = datetime.date, Agency.Kind


@pytest.fixture
def business_unit():
    return UserFactory(role=Role.BUSINESS_UNIT)


@pytest.fixture
def review(business_unit):
    return review_services.start_rapid_review(
        case=rapid_review.notified_case(), actor=business_unit, decided_on=D(2026, 11, 9),
        decision_note=rapid_review.DECISION)


@pytest.fixture
def school():
    return AgencyFactory(kind=K.EDUCATION, name="Northmoor Academy")


@pytest.fixture
def school_return(review, business_unit, school):
    return review_services.send_information_requests(review=review, actor=business_unit,
                                                     agencies=[school])[0]


@pytest.fixture
def agencies():
    return {kind: AgencyFactory(kind=kind, name=name) for kind, name in [
        (K.LOCAL_AUTHORITY, "Northmoor Council Children's Services"),
        (K.POLICE, "Northmoor Police"), (K.INTEGRATED_CARE_BOARD, "Northmoor ICB"),
        (K.EDUCATION, "Northmoor Academy"), (K.LEGAL, "Northmoor Legal Services"),
        (K.HEALTH_PROVIDER, "Northmoor Teaching Hospitals")]}


@pytest.fixture
def chair(review):
    person = UserFactory(role=Role.PANEL_CHAIR, full_name="Dr Ruth Okoye")
    review.panel.add(person)
    return person


@pytest.fixture
def met(review, agencies, business_unit, chair):
    """The panel has met: one return submitted, the pack circulated, attendance recorded."""
    rapid_review.submitted_return(review, agencies[K.EDUCATION], business_unit)
    review_services.circulate_panel_pack(review=review, actor=business_unit,
                                         circulated_on=D(2026, 11, 16))
    for kind in (K.LOCAL_AUTHORITY, K.INTEGRATED_CARE_BOARD, K.POLICE, K.EDUCATION):
        rapid_review.attend(review, agencies[kind])
    rapid_review.attend(review, agencies[K.LEGAL], PanelAttendance.PanelRole.LEGAL_ADVISER)
    review_services.record_meeting_held(review=review, actor=business_unit,
                                        held_on=D(2026, 11, 18))
    review.refresh_from_db()
    return review


@pytest.fixture
def decision_maker():
    """The partners' decision maker: the scrutineer role (the independent scrutineer /
    partnership chair, 000 stage 7)."""
    return rapid_review.decision_maker()


@pytest.fixture
def decided(met, chair, agencies, decision_maker):
    """The outcome recorded; the partners' decision maker agrees with it."""
    rapid_review.record_outcome(met, chair, agencies)
    review_services.record_partners_decision(review=met, actor=decision_maker, agrees=True)
    met.refresh_from_db()
    return met


@pytest.fixture
def signed(decided, agencies):
    """The outcome recorded, the partners' decision made, signed off by the three partners."""
    met = decided
    for kind, day in ((K.LOCAL_AUTHORITY, 19), (K.POLICE, 20), (K.INTEGRATED_CARE_BOARD, 23)):
        rapid_review.sign(met, rapid_review.partner(agencies[kind]), D(2026, 11, day))
    met.refresh_from_db()
    return met
