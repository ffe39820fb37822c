import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.models import Role, User
from safeguarding.selectors import HOME_WORK_LISTS, LEARNING_GROUP_LIST

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", Role.values)
def test_each_role_has_a_home_page_listing_what_waits_for_them(
    client_as, role, django_assert_max_num_queries
):
    client = client_as(role, full_name="Priya Shah")
    # An account with its authenticator app set up: nothing for an administrator to review.
    TOTPDevice.objects.create(user=User.objects.get(full_name="Priya Shah"), name="app",
                              confirmed=True)
    with django_assert_max_num_queries(6 + len(HOME_WORK_LISTS[role])):  # one per list
        response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Safeguarding case reviews" in html
    assert "Signed in as <strong>Priya Shah</strong>, " + Role(role).label in html
    for title, empty in HOME_WORK_LISTS[role]:
        # Only the Learning and Development group's members see its list: tested with them.
        shown = (title, empty) != LEARNING_GROUP_LIST
        assert (title in html, empty in html) == (shown, shown)


def test_the_administrator_is_offered_agencies_and_users(client_as):
    assert "Agencies and users" in client_as(Role.ADMINISTRATOR).get("/").content.decode()
    assert "Agencies and users" not in client_as(Role.MANAGER).get("/").content.decode()


def test_a_missing_page_is_a_gov_uk_page_not_found(client_as):
    response = client_as(Role.BUSINESS_UNIT).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert "Traceback" not in html and "URLconf" not in html


@pytest.mark.urls("tests.urls_with_a_broken_page")
def test_a_server_error_is_a_gov_uk_page_with_no_debug_detail(make_user):
    client = Client(raise_request_exception=False)
    client.force_login(make_user(Role.BUSINESS_UNIT))
    response = client.get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "RuntimeError" not in html and "a bug" not in html


def test_health_check_is_public(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_pages_are_never_framed_by_another_site(client):
    assert client.get("/sign-in/")["X-Frame-Options"] == "DENY"
