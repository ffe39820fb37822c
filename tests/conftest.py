import pytest
from django.test import Client

from safeguarding.celery import app as celery_app
from safeguarding.models import Role

from .factories import AgencyFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_run_at_once():
    """Tasks queued by a service run in the test, at commit; tests of the broker itself
    switch this off."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def fresh_calendar():
    """Each test reads the calendar from its own database: a per-process copy built in
    another test could hold that test's corrections."""
    from deadlines import calendar

    calendar.forget()
    yield
    calendar.forget()


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
