"""Two-factor sign-in, as it runs outside the embedded demo."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding import services
from safeguarding.models import Role, TwoFactorInvitation

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


def invitation_link(person) -> str:
    """An administrator sends the person a set-up link: its path, from the email."""
    services.send_two_factor_invitation(user=person, sent_by=None)
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    assert link.startswith(settings.SITE_URL.rstrip("/") + "/two-factor/invitation/")
    return urlsplit(link).path


def signed_in_and_invited(person) -> Client:
    client = signed_in(person)
    assert client.get(invitation_link(person))["Location"] == "/two-factor/set-up/"
    return client


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def test_the_first_sign_in_sets_up_the_app_and_shows_recovery_codes(person):
    client = signed_in_and_invited(person)
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
    client = signed_in_and_invited(person)
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
    client = signed_in_and_invited(person)
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


# The second factor's throttle is capped (issue 17 point 3).


def test_thirty_wrong_codes_keep_the_person_out_for_no_more_than_5_minutes(settings, person):
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 1
    device = TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)
    client = signed_in(person)
    for _ in range(30):  # each after waiting out the last delay
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_timestamp=timezone.now() - timedelta(days=365))
        assert "The code is not right" in client.post("/two-factor/", {"code": "000000"}
                                                      ).content.decode()
    device.refresh_from_db()
    allowed, why = device.verify_is_allowed()
    assert not allowed  # still throttled straight after a wrong code...
    assert why["locked_until"] - device.throttling_failure_timestamp <= timedelta(minutes=5)
    assert why["locked_until"] - device.throttling_failure_timestamp > timedelta(minutes=4)
    # ...and 5 minutes later the person's own code works.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=5))
    device.refresh_from_db()
    assert client.post("/two-factor/?next=/", {"code": code_for(device)})["Location"] == "/"
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_the_recovery_codes_throttle_is_capped_too(settings, person):
    from django_otp.plugins.otp_static.models import StaticDevice

    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 1
    TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)
    device = StaticDevice.objects.create(user=person, name="Recovery codes")
    client = signed_in(person)
    for _ in range(30):  # each after waiting out the last delay
        StaticDevice.objects.filter(pk=device.pk).update(
            throttling_failure_timestamp=timezone.now() - timedelta(days=365))
        TOTPDevice.objects.filter(user=person).update(
            throttling_failure_timestamp=timezone.now() - timedelta(days=365))
        client.post("/two-factor/", {"code": "abcdef1234"})
    device.refresh_from_db()
    assert device.throttling_failure_count > 5  # the wrong codes were counted...
    _allowed, why = device.verify_is_allowed()
    assert why["locked_until"] - device.throttling_failure_timestamp <= timedelta(minutes=5)


# First-time set-up needs the emailed one-time link (issue 17 point 10).


def test_the_password_alone_sets_nothing_up(person):
    client = signed_in(person)
    for response in (client.get("/two-factor/set-up/"),
                     client.post("/two-factor/set-up/", {"code": "123456"})):
        assert response.status_code == 200
        page = response.content.decode()
        assert "Ask your administrator for a new set-up link" in page
        assert "data:image/svg+xml" not in page
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert client.get("/cases/")["Location"].startswith("/two-factor/set-up/")


def test_the_link_opened_before_signing_in_works_once(person):
    path = invitation_link(person)
    email = mail.outbox[-1]
    assert email.to == [person.email] and person.full_name not in email.body
    assert TwoFactorInvitation.objects.get().token_hash != path.split("/")[-2]  # hashed
    client = Client()
    assert client.get(path)["Location"] == "/sign-in/?next=/two-factor/set-up/"
    signed = client.post("/sign-in/?next=/two-factor/set-up/",
                         {"username": person.email, "password": PASSWORD})
    assert signed["Location"] == "/two-factor/set-up/"
    assert "Set up your authenticator app" in client.get("/two-factor/set-up/").content.decode()
    device = TOTPDevice.objects.get(user=person)
    assert client.post("/two-factor/set-up/", {"code": code_for(device)}).status_code == 302
    assert TwoFactorInvitation.objects.get().used_at is not None
    # Spent: after an administrator removes the lost app, the old link sets up nothing.
    TOTPDevice.objects.filter(user=person).delete()
    again = signed_in(person)
    refused = again.get(path)
    assert "Ask your administrator for a new set-up link" in refused.content.decode()
    assert "Ask your administrator" in again.get("/two-factor/set-up/").content.decode()
    assert not TOTPDevice.objects.filter(user=person).exists()


def test_a_link_is_spent_even_by_a_session_that_opened_it_earlier(person):
    first, second = signed_in_and_invited(person), signed_in(person)
    path = urlsplit(re.search(r"https?://\S+", mail.outbox[-1].body).group(0)).path
    assert second.get(path)["Location"] == "/two-factor/set-up/"
    first.get("/two-factor/set-up/")
    second.get("/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=person)
    assert first.post("/two-factor/set-up/", {"code": code_for(device)}).status_code == 302
    TOTPDevice.objects.filter(user=person).delete()  # lost straight away, say
    assert "Ask your administrator" in second.get("/two-factor/set-up/").content.decode()


def test_an_expired_link_sets_nothing_up(person):
    path = invitation_link(person)
    TwoFactorInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client = signed_in(person)
    assert "Ask your administrator" in client.get(path).content.decode()
    assert "Ask your administrator" in client.get("/two-factor/set-up/").content.decode()
    # Opened while valid, expired before setting up: refused too.
    other = signed_in_and_invited(person)
    TwoFactorInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "Ask your administrator" in other.get("/two-factor/set-up/").content.decode()
    assert not TOTPDevice.objects.filter(user=person).exists()


def test_a_new_link_replaces_the_old_and_a_link_is_its_persons_only(person, make_user):
    old = invitation_link(person)
    new = invitation_link(person)
    client = signed_in(person)
    assert "Ask your administrator" in client.get(old).content.decode()
    someone_else = make_user(Role.BUSINESS_UNIT, email="sam@example.org")
    someone_else.set_password(PASSWORD)
    someone_else.save()
    assert "Ask your administrator" in signed_in(someone_else).get(new).content.decode()
    assert client.get(new)["Location"] == "/two-factor/set-up/"


def verified_administrator(make_user) -> Client:
    from django_otp import DEVICE_ID_SESSION_KEY

    administrator = make_user(Role.ADMINISTRATOR)
    device = TOTPDevice.objects.create(user=administrator, name="App", confirmed=True)
    client = Client()
    client.force_login(administrator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_an_administrator_adding_a_person_emails_them_a_link(make_user, agency):
    admin = verified_administrator(make_user)
    mail.outbox.clear()
    response = admin.post("/admin/safeguarding/user/add/", {
        "email": "new.person@example.org", "full_name": "New Person", "job_title": "Officer",
        "agency": agency.pk, "role": Role.BUSINESS_UNIT, "usable_password": "true",
        "password1": "a-long-new-password-2026", "password2": "a-long-new-password-2026"})
    assert response.status_code == 302, response.content.decode()[:2000]
    invitations = [m for m in mail.outbox if m.to == ["new.person@example.org"]]
    assert len(invitations) == 1
    assert settings.SITE_URL.rstrip("/") + "/two-factor/invitation/" in invitations[0].body
    assert TwoFactorInvitation.objects.get().user.email == "new.person@example.org"


def test_an_administrator_sends_a_new_link(person, make_user):
    admin = verified_administrator(make_user)
    invitation_link(person)
    mail.outbox.clear()
    response = admin.post("/admin/safeguarding/user/", {
        "action": "send_two_factor_invitation", "_selected_action": [person.pk]})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert TwoFactorInvitation.objects.filter(user=person).count() == 1  # the old one gone
    other = Client()
    other.force_login(make_user(Role.BUSINESS_UNIT))
    other.post("/admin/safeguarding/user/", {"action": "send_two_factor_invitation",
                                             "_selected_action": [person.pk]})
    assert len(mail.outbox) == 1


def test_the_first_administrator_is_sent_a_link_from_the_command_line(make_user):
    from django.core.management import CommandError, call_command

    administrator = make_user(Role.ADMINISTRATOR, email="first.admin@example.org")
    call_command("send_two_factor_invitation", "First.Admin@example.org ")
    assert [m.to for m in mail.outbox] == [["first.admin@example.org"]]
    assert TwoFactorInvitation.objects.get().user == administrator
    with pytest.raises(CommandError):
        call_command("send_two_factor_invitation", "nobody@example.org")


def test_the_set_up_link_never_reaches_a_log():
    from safeguarding.log_filters import hide_feed_tokens

    assert hide_feed_tokens('"GET /two-factor/invitation/s3cr3t-Token_x/ HTTP/1.1" 302') == (
        '"GET /two-factor/invitation/[hidden]/ HTTP/1.1" 302')
    assert "s3cr3t" not in hide_feed_tokens("/two-factor/invitation%2Fs3cr3t/")


def test_the_sign_in_code_box_gives_a_phone_its_full_keyboard_for_recovery_codes(person):
    """Recovery codes have letters; setting up the app takes digits only."""
    TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)
    page = signed_in(person).get("/two-factor/").content.decode()
    assert 'autocomplete="one-time-code"' in page
    assert 'inputmode="numeric"' not in page
