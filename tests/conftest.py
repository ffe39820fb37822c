import importlib

import pytest
from django.apps import apps
from django.test import Client

from config.celery import app as celery_app
from safeguarding.models import Role

from .factories import AgencyFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def documents_in_a_temporary_folder(settings, tmp_path):
    default = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": {
        **default, "OPTIONS": {**default["OPTIONS"], "location": str(tmp_path / "documents")}}}


def route_deadline_tasks_to(queue: str | None) -> None:
    """Send the deadline tasks to a queue of the tests' own (a worker that `make run` started
    consumes only the default queue), or back to the default. Celery keeps the routes and the
    router it first made, so both are made again."""
    celery_app.conf.task_routes = {"deadlines.tasks.*": {"queue": queue}} if queue else {}
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)


@pytest.fixture(autouse=True)
def tasks_run_at_once():
    """Tasks queued by a service run in the test, at commit; tests of the broker itself
    switch this off."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


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


DATA_MIGRATIONS = [("deadlines.migrations.0002_coronation_bank_holiday", "add_coronation")]


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
