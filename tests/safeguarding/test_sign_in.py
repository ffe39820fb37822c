import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from safeguarding.models import Role
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def error_summary(response) -> list[str]:
    html = response.content.decode()
    summary = re.search(r'class="govuk-error-summary".*?</ul>', html, re.S)
    assert summary, "no GOV.UK error summary on the page"
    return re.findall(r'<a href="#[^"]+">([^<]+)</a>', summary.group(0))


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/"


def test_the_sign_in_page(client):
    html = client.get("/sign-in/").content.decode()
    assert "<h1 class=\"govuk-heading-l\">Sign in</h1>" in html
    assert 'class="govuk-input' in html
    assert 'autocomplete="email"' in html


@pytest.mark.parametrize(
    ("email", "password", "errors"),
    [
        ("", "", ["Enter your email address", "Enter your password"]),
        ("bu@example.org", "", ["Enter your password"]),
        ("not an email", "x",
         ["Enter an email address in the correct format, like name@example.org"]),
        ("nobody@example.org", PASSWORD, ["Enter a correct email address and password"]),
    ],
)
def test_bad_sign_in_input_gets_a_clear_message_at_the_top_and_the_field(
    client, make_user, email, password, errors
):
    make_user(Role.BUSINESS_UNIT, email="bu@example.org")
    response = client.post("/sign-in/", {"username": email, "password": password})
    assert response.status_code == 200
    assert error_summary(response) == errors
    assert "govuk-error-message" in response.content.decode()
    assert "<title>Error: Sign in – " in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_wrong_password_and_an_inactive_account_read_the_same(client, make_user):
    make_user(Role.BUSINESS_UNIT, email="bu@example.org")
    make_user(Role.MANAGER, email="left@example.org", is_active=False)
    wrong = client.post("/sign-in/", {"username": "bu@example.org", "password": "guess"})
    inactive = client.post("/sign-in/", {"username": "left@example.org", "password": PASSWORD})
    assert error_summary(wrong) == error_summary(inactive) == [
        "Enter a correct email address and password"
    ]


def test_signing_in_ignores_the_case_of_the_email(client, make_user):
    user = make_user(Role.SCRUTINEER, email="scrutineer@example.org")
    response = client.post(
        "/sign-in/", {"username": "Scrutineer@Example.org ", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session[SESSION_KEY] == str(user.pk)


def test_sign_in_never_sends_you_to_another_site(client, make_user):
    make_user(Role.MANAGER, email="manager@example.org")
    response = client.post(
        "/sign-in/?next=https://attacker.example.com/",
        {"username": "manager@example.org", "password": PASSWORD,
         "next": "https://attacker.example.com/"},
    )
    assert response["Location"] == "/"


def test_sign_out_is_a_post_and_ends_the_session(client_as):
    client = client_as(Role.REVIEWER)
    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/", follow=True)
    assert SESSION_KEY not in client.session
    assert response.redirect_chain[-1][0] == "/sign-in/"
    assert "You have signed out." in response.content.decode()


def test_a_form_posted_without_its_security_token_gets_a_plain_explanation(make_user):
    make_user(Role.BUSINESS_UNIT, email="bu@example.org")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"username": "bu@example.org", "password": PASSWORD})
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_sessions_end_after_30_minutes_idle_and_when_the_browser_closes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_five_wrong_passwords_lock_sign_in_for_15_minutes_with_a_clear_message(client,
                                                                             make_user):
    person = make_user(Role.BUSINESS_UNIT, email="priya.shah@example.org")
    person.set_password("the-right-password-2026")
    person.save()
    for _ in range(5):
        response = client.post("/sign-in/", {"username": "priya.shah@example.org",
                                             "password": "a-wrong-guess"})
        assert response.status_code in (200, 429)
    locked = client.post("/sign-in/", {"username": "priya.shah@example.org",
                                       "password": "the-right-password-2026"})
    assert locked.status_code == 429
    assert "You cannot sign in for 15 minutes" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another person at the same address is not locked out.
    other = make_user(Role.BUSINESS_UNIT, email="sam@example.org")
    other.set_password("sams-right-password-2026")
    other.save()
    response = client.post("/sign-in/", {"username": "sam@example.org",
                                         "password": "sams-right-password-2026"})
    assert response.status_code == 302


# Lockouts that stop spraying (issue 17 point 3): config/settings.py SIGN_IN_LOCKOUTS.


def sign_in_from(address: str, email: str, password: str):
    return Client(REMOTE_ADDR=address).post("/sign-in/", {"username": email,
                                                          "password": password})


def time_passes(**elapsed) -> None:
    """Every failure recorded so far happened this much earlier."""
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.db.models import F

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(**elapsed))


@pytest.fixture
def priya(make_user):
    person = make_user(Role.BUSINESS_UNIT, email="priya.shah@example.org")
    person.set_password("the-right-password-2026")
    person.save()
    return person


def test_one_account_sprayed_from_many_addresses_locks_for_10_minutes(priya):
    for n in range(9):
        assert sign_in_from(f"203.0.113.{n}", priya.email, "a-wrong-guess").status_code == 200
    # Nine failures from nine addresses: not yet; signing in clears the account's count.
    assert sign_in_from("198.51.100.1", priya.email, "the-right-password-2026"
                        ).status_code == 302
    for n in range(10):
        sign_in_from(f"203.0.113.{n + 20}", priya.email, "a-wrong-guess")
    # Ten more, one from each address: the account is locked from everywhere, her own too.
    locked = sign_in_from("198.51.100.1", priya.email, "the-right-password-2026")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "You cannot sign in for 10 minutes" in page
    assert "too many attempts to sign in with this email address" in page
    assert "_auth_user_id" not in locked.wsgi_request.session
    # The page says how long is left, and after the cool-off she signs in.
    time_passes(minutes=7)
    assert "You cannot sign in for 3 minutes" in sign_in_from(
        "198.51.100.1", priya.email, "the-right-password-2026").content.decode()
    time_passes(minutes=3, seconds=1)
    assert sign_in_from("198.51.100.1", priya.email, "the-right-password-2026"
                        ).status_code == 302


def test_one_address_trying_many_accounts_locks_that_address_for_30_minutes(priya, make_user):
    attacker = make_user(Role.AGENCY_CONTRIBUTOR, email="insider@example.org")
    attacker.set_password("the-insiders-own-password")
    attacker.save()
    for n in range(29):
        assert sign_in_from("192.0.2.66", f"person{n}@example.org", "Summer2026!"
                            ).status_code == 200
    # Signing in to one's own account from the address does not clear its count.
    assert sign_in_from("192.0.2.66", attacker.email, "the-insiders-own-password"
                        ).status_code == 302
    sign_in_from("192.0.2.66", "person29@example.org", "Summer2026!")
    locked = sign_in_from("192.0.2.66", priya.email, "the-right-password-2026")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "You cannot sign in for 30 minutes" in page
    assert "too many attempts to sign in from your network" in page
    # Nobody else is kept out, and the address itself is free after the cool-off.
    assert sign_in_from("198.51.100.1", priya.email, "the-right-password-2026"
                        ).status_code == 302
    time_passes(minutes=30, seconds=1)
    assert sign_in_from("192.0.2.66", priya.email, "the-right-password-2026"
                        ).status_code == 302


def test_one_address_and_one_account_after_the_cool_off(priya):
    for _ in range(5):
        sign_in_from("198.51.100.1", priya.email, "a-wrong-guess")
    assert sign_in_from("198.51.100.1", priya.email, "the-right-password-2026"
                        ).status_code == 429
    time_passes(minutes=14)
    assert sign_in_from("198.51.100.1", priya.email, "the-right-password-2026"
                        ).status_code == 429
    time_passes(minutes=1, seconds=1)
    assert sign_in_from("198.51.100.1", priya.email, "the-right-password-2026"
                        ).status_code == 302
