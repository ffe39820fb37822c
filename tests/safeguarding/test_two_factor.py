"""Two-factor sign-in, as it runs outside the embedded demo."""

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.models import Role

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-password-for-tests-2026"


@pytest.fixture(autouse=True)
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True
    # django-otp waits longer after each wrong code; the throttling test turns it back on.
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def person(make_user):
    user = make_user(Role.BUSINESS_UNIT, email="priya.shah@example.org")
    user.set_password(PASSWORD)
    user.save()
    return user


def signed_in(person) -> Client:
    client = Client()
    response = client.post("/sign-in/", {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def test_the_first_sign_in_sets_up_the_app_and_shows_recovery_codes(person):
    client = signed_in(person)
    response = client.get("/cases/")
    assert response.status_code == 302 and response["Location"].startswith("/two-factor/")
    setup = client.get("/two-factor/set-up/?next=/cases/")
    page = setup.content.decode()
    assert ">Cases<" not in page  # no navigation until the second factor is given
    assert "Set up your authenticator app" in page and "data:image/svg+xml;base64," in page
    wrong = client.post("/two-factor/set-up/?next=/cases/", {"code": "000000"})
    assert "The code is not right" in wrong.content.decode()
    device = TOTPDevice.objects.get(user=person)
    assert not device.confirmed
    done = client.post("/two-factor/set-up/?next=/cases/", {"code": code_for(device)})
    assert done["Location"] == "/two-factor/recovery-codes/?next=/cases/"
    codes_page = client.get(done["Location"]).content.decode()
    assert codes_page.count("<li><code>") == 10
    assert client.get("/cases/").status_code == 200
    assert client.get("/two-factor/recovery-codes/").status_code == 302  # shown once only


def test_later_sign_ins_ask_for_a_code_and_a_recovery_code_works_once(person):
    client = signed_in(person)
    client.get("/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=person)
    client.post("/two-factor/set-up/", {"code": code_for(device)})
    codes = client.get("/two-factor/recovery-codes/").context["codes"]

    again = signed_in(person)
    assert again.get("/")["Location"] == "/two-factor/?next=%2F"
    assert again.get("/cases/?page=2&x=1")["Location"] == (
        "/two-factor/?next=%2Fcases%2F%3Fpage%3D2%26x%3D1")
    wrong = again.post("/two-factor/?next=/", {"code": "123456"})
    assert "The code is not right" in wrong.content.decode()
    assert again.get("/").status_code == 302
    assert again.post("/two-factor/?next=/", {"code": codes[0]})["Location"] == "/"
    assert again.get("/").status_code == 200

    third = signed_in(person)
    assert "The code is not right" in third.post("/two-factor/", {"code": codes[0]}
                                                 ).content.decode()


def test_a_session_with_only_a_password_reaches_no_case(person):
    client = signed_in(person)
    for url in ("/", "/cases/", "/deadlines/", "/rapid-reviews/returns/1/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/two-factor/")
    assert client.post("/sign-out/").status_code == 302


def test_the_embedded_demo_needs_no_second_factor(settings, person):
    settings.TWO_FACTOR_REQUIRED = False
    assert signed_in(person).get("/").status_code == 200


def test_wrong_codes_slow_down_further_guesses(settings, person):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    client = signed_in(person)
    client.get("/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=person)
    client.post("/two-factor/set-up/", {"code": "000000"})
    refused = client.post("/two-factor/set-up/", {"code": code_for(device)})
    assert "The code is not right" in refused.content.decode()  # too soon after a wrong one
    device.refresh_from_db()
    assert device.throttling_failure_count == 1 and not device.confirmed


def test_an_administrator_removes_a_lost_authenticator(person, make_user, settings):
    settings.TWO_FACTOR_REQUIRED = False  # the administrator's own second factor is above
    device = TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)
    admin = Client()
    admin.force_login(make_user(Role.ADMINISTRATOR))
    url = f"/admin/otp_totp/totpdevice/{device.pk}/delete/"
    assert admin.post(url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    other = Client()
    other.force_login(make_user(Role.BUSINESS_UNIT))
    assert other.get("/admin/otp_totp/totpdevice/").status_code in (302, 403)
