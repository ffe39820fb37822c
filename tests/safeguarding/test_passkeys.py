"""Passkeys and security keys (issue 17 point 13): added from a session that has given a code,
offered on the verify page beside the code, and a session verified with one counts as
verified. The browser's part (the authenticator's signature) is mocked here; the browser test
in tests/e2e/test_passkey_journey.py uses Chromium's virtual authenticator."""

import json
import re
from types import SimpleNamespace
from unittest import mock

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from webauthn.helpers import bytes_to_base64url

from safeguarding.models import Role, UserChange

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-password-for-tests-2026"
BEGIN_AUTH = "/two-factor/passkeys/authentication/begin/"
COMPLETE_AUTH = "/two-factor/passkeys/authentication/complete/"
BEGIN_REGISTRATION = "/two-factor/passkeys/registration/begin/"
COMPLETE_REGISTRATION = "/two-factor/passkeys/registration/complete/"


@pytest.fixture(autouse=True)
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def person(make_user):
    user = make_user(Role.BUSINESS_UNIT, email="priya.shah@example.org")
    user.set_password(PASSWORD)
    user.save()
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


def signed_in(user) -> Client:
    client = Client()
    assert client.post("/sign-in/", {"username": user.email, "password": PASSWORD}
                       ).status_code == 302
    return client


def verified(user) -> Client:
    """Signed in with the password and a code from the app."""
    client = signed_in(user)
    device = TOTPDevice.objects.get(user=user)
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    assert client.post("/two-factor/?next=/", {"code": code})["Location"] == "/"
    return client


def passkey_of(user, credential_id: bytes = b"credential-1") -> WebAuthnCredential:
    return WebAuthnCredential.objects.create(
        user=user, name="", confirmed=True, credential_id=credential_id,
        public_key=b"public-key", sign_count=1, aaguid="00000000-0000-0000-0000-000000000000")


def assertion(credential_id: bytes) -> str:
    """What the browser sends back after the authenticator signed the challenge."""
    return json.dumps({
        "id": bytes_to_base64url(credential_id), "rawId": bytes_to_base64url(credential_id),
        "type": "public-key", "clientExtensionResults": {},
        "response": {"clientDataJSON": bytes_to_base64url(b"{}"),
                     "authenticatorData": bytes_to_base64url(b"data"),
                     "signature": bytes_to_base64url(b"signature"), "userHandle": None},
    })


def signature_accepted():
    return mock.patch("django_otp_webauthn.helpers.verify_authentication_response",
                      return_value=SimpleNamespace(new_sign_count=2,
                                                   credential_backed_up=False))


def test_a_session_with_only_a_password_cannot_add_a_passkey(person):
    client = signed_in(person)
    page = client.get("/two-factor/passkeys/")
    assert page.status_code == 302
    assert page["Location"] == "/two-factor/?next=/two-factor/passkeys/"
    refused = client.post(BEGIN_REGISTRATION)
    assert refused.status_code == 403 and refused.json()["code"] == "user_not_verified"
    assert client.post(COMPLETE_REGISTRATION, "{}", content_type="application/json"
                       ).status_code == 403


def test_a_first_sign_in_not_yet_set_up_cannot_add_one_either(make_user):
    """No device at all: the package would allow it; a password alone must not set up
    two-factor sign-in, so the set-up page stays the only way in."""
    newcomer = make_user(Role.BUSINESS_UNIT, email="new.starter@example.org")
    newcomer.set_password(PASSWORD)
    newcomer.save()
    client = signed_in(newcomer)
    assert client.post(BEGIN_REGISTRATION).status_code == 403
    assert client.get("/").status_code == 302


def test_a_verified_session_sees_the_page_and_gets_registration_options(person, settings):
    client = verified(person)
    page = client.get("/two-factor/passkeys/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Add a passkey or security key" in html and 'data-testid="no-passkeys"' in html
    # No inline script: the package reads its settings from a JSON data block.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    config = json.loads(re.search(r'id="otp_webauthn_config"[^>]*>(.*?)</script>', html,
                                  re.S).group(1))
    assert config["beginRegistrationUrl"] == BEGIN_REGISTRATION
    options = client.post(BEGIN_REGISTRATION)
    assert options.status_code == 200
    assert options.json()["rp"] == {"id": settings.OTP_WEBAUTHN_RP_ID,
                                    "name": "Safeguarding case reviews"}
    assert options.json()["challenge"]


def test_adding_a_passkey_saves_it_and_tells_the_administrators(person):
    client = verified(person)
    client.post(BEGIN_REGISTRATION)
    registration = SimpleNamespace(
        aaguid="00000000-0000-0000-0000-000000000000", credential_id=b"new-credential",
        credential_public_key=b"public-key", sign_count=0, credential_device_type="single_device",
        credential_backed_up=False, attestation_object=b"")
    browser = {"id": bytes_to_base64url(b"new-credential"),
               "rawId": bytes_to_base64url(b"new-credential"), "type": "public-key",
               "clientExtensionResults": {"credProps": {"rk": True}},
               "response": {"clientDataJSON": bytes_to_base64url(b"{}"),
                            "attestationObject": bytes_to_base64url(b"attestation"),
                            "transports": ["usb"]}}
    with mock.patch("django_otp_webauthn.helpers.verify_registration_response",
                    return_value=registration), \
            mock.patch("django_otp_webauthn.helpers.WebAuthnHelper.create_attestation"):
        done = client.post(COMPLETE_REGISTRATION, json.dumps(browser),
                           content_type="application/json")
    assert done.status_code == 200
    credential = WebAuthnCredential.objects.get(user=person)
    assert credential.confirmed and credential.transports == ["usb"]
    change = UserChange.objects.get(user=person, field=UserChange.Field.TWO_FACTOR)
    assert change.to_value == "Passkey or security key"
    assert 'data-testid="passkeys"' in client.get("/two-factor/passkeys/").content.decode()


def test_the_verify_page_offers_a_passkey_only_to_those_who_have_one(person, make_user):
    client = signed_in(person)
    assert "Use a passkey or security key" not in client.get("/two-factor/").content.decode()
    passkey_of(person)
    html = client.get("/two-factor/?next=/cases/").content.decode()
    assert "Use a passkey or security key" in html and 'id="otp_webauthn_config"' in html
    assert "django_otp_webauthn/otp_webauthn_auth.js" in html


def test_a_session_verified_with_a_passkey_counts_as_verified(person):
    credential = passkey_of(person)
    client = signed_in(person)
    assert client.get("/cases/").status_code == 302
    options = client.post(BEGIN_AUTH)
    assert options.status_code == 200
    assert [c["id"] for c in options.json()["allowCredentials"]] == [
        bytes_to_base64url(b"credential-1")]
    with signature_accepted():
        done = client.post(f"{COMPLETE_AUTH}?next=/cases/", assertion(b"credential-1"),
                           content_type="application/json")
    assert done.status_code == 200 and done.json()["redirect_url"] == "/cases/"
    assert client.get("/cases/").status_code == 200
    credential.refresh_from_db()
    assert credential.sign_count == 2 and credential.last_used_at is not None


def test_a_wrong_signature_or_someone_elses_passkey_verifies_nothing(person, make_user):
    passkey_of(person)
    other = make_user(Role.BUSINESS_UNIT)
    passkey_of(other, credential_id=b"someone-else")
    client = signed_in(person)
    client.post(BEGIN_AUTH)
    with signature_accepted():
        mismatch = client.post(COMPLETE_AUTH, assertion(b"someone-else"),
                               content_type="application/json")
    assert mismatch.status_code == 403
    client.post(BEGIN_AUTH)
    wrong = client.post(COMPLETE_AUTH, assertion(b"credential-1"),
                        content_type="application/json")  # the real check: not a signature
    assert wrong.status_code == 422
    with signature_accepted():  # no challenge asked for: the last one was used up
        replay = client.post(COMPLETE_AUTH, assertion(b"credential-1"),
                             content_type="application/json")
    assert replay.status_code == 400
    assert client.get("/cases/").status_code == 302


def test_no_passkey_instead_of_the_password(person):
    passkey_of(person)
    anonymous = Client()
    response = anonymous.post(BEGIN_AUTH)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    with signature_accepted():
        response = anonymous.post(COMPLETE_AUTH, assertion(b"credential-1"),
                                  content_type="application/json")
    assert response.status_code == 302
    assert anonymous.get("/cases/")["Location"].startswith("/sign-in/")


def test_the_recovery_codes_work_for_someone_with_a_passkey_only(person):
    TOTPDevice.objects.filter(user=person).delete()
    passkey_of(person)
    codes = StaticDevice.objects.create(user=person, name="Recovery codes")
    StaticToken.objects.create(device=codes, token="a1b2c3d4e5")
    client = signed_in(person)
    page = client.get("/two-factor/").content.decode()  # not asked for an app's code
    assert "Use your passkey or security key</h1>" in page and 'data-testid="passkey-only"' in page
    assert "Enter the code from your authenticator app" not in page
    # A passkey is a second factor of its own: sent to give it, not to set up an app.
    assert client.get("/cases/")["Location"] == "/two-factor/?next=%2Fcases%2F"
    assert client.get("/two-factor/set-up/")["Location"] == "/two-factor/"
    assert client.post("/two-factor/?next=/cases/", {"code": "a1b2c3d4e5"}
                       )["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200


def test_an_administrator_removes_a_lost_passkey_and_it_is_logged(person, make_user, settings):
    settings.TWO_FACTOR_REQUIRED = False  # the administrator's own second factor is above
    credential = passkey_of(person)
    administrator = make_user(Role.ADMINISTRATOR)
    admin = Client()
    admin.force_login(administrator)
    url = f"/admin/django_otp_webauthn/webauthncredential/{credential.pk}/delete/"
    assert admin.post(url, {"post": "yes"}).status_code == 302
    assert not WebAuthnCredential.objects.filter(pk=credential.pk).exists()
    change = UserChange.objects.get(user=person, field=UserChange.Field.TWO_FACTOR)
    assert (change.from_value, change.changed_by) == ("Passkey or security key", administrator)
    other = Client()
    other.force_login(make_user(Role.BUSINESS_UNIT))
    assert other.get("/admin/django_otp_webauthn/webauthncredential/").status_code in (302, 403)


# Follow-ups (issue 17 point 13): a person removes their own passkey; our wording in the
# browser.
def remove_url(credential) -> str:
    return f"/two-factor/passkeys/{credential.pk}/remove/"


def test_a_person_removes_their_own_passkey_and_it_is_logged(person):
    credential = passkey_of(person)
    client = verified(person)
    listing = client.get("/two-factor/passkeys/").content.decode()
    assert remove_url(credential) in listing and "Security key" not in listing
    page = client.get(remove_url(credential))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Are you sure you want to remove this passkey" in html and "Yes, remove it" in html
    assert 'data-testid="used-now"' not in html  # the session gave the app's code
    assert WebAuthnCredential.objects.filter(pk=credential.pk).exists()  # a GET removes nothing
    done = client.post(remove_url(credential))
    assert done.status_code == 302 and done["Location"] == "/two-factor/passkeys/"
    assert not WebAuthnCredential.objects.filter(pk=credential.pk).exists()
    change = UserChange.objects.get(user=person, field=UserChange.Field.TWO_FACTOR)
    assert (change.from_value, change.to_value, change.changed_by) == (
        "Passkey or security key", "", person)
    after = client.get("/two-factor/passkeys/").content.decode()
    assert "Passkey or security key removed" in after and 'data-testid="no-passkeys"' in after


def test_removing_tells_the_administrators(person, make_user, mailoutbox,
                                           django_capture_on_commit_callbacks, settings):
    make_user(Role.ADMINISTRATOR, email="admin@example.org")
    credential = passkey_of(person)
    client = verified(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(remove_url(credential))
    assert [m.to for m in mailoutbox] == [["admin@example.org"]]
    assert "Passkey or security key" in mailoutbox[0].body


def test_only_in_a_verified_session_and_only_ones_own(person, make_user):
    credential = passkey_of(person)
    unverified = signed_in(person)
    assert unverified.get(remove_url(credential))["Location"].startswith("/two-factor/?next=")
    assert unverified.post(remove_url(credential)).status_code == 302
    other = make_user(Role.BUSINESS_UNIT)
    TOTPDevice.objects.create(user=other, name="Authenticator app", confirmed=True)
    other.set_password(PASSWORD)
    other.save()
    stranger = verified(other)
    assert stranger.get(remove_url(credential)).status_code == 404
    assert stranger.post(remove_url(credential)).status_code == 404
    assert WebAuthnCredential.objects.filter(pk=credential.pk).exists()
    assert not UserChange.objects.filter(field=UserChange.Field.TWO_FACTOR).exists()


def test_the_only_second_factor_but_recovery_codes_is_not_removed(person):
    """No app: the last passkey stays (the codes each work once); a second one may go."""
    first = passkey_of(person)
    TOTPDevice.objects.filter(user=person).delete()
    codes = StaticDevice.objects.create(user=person, name="Recovery codes")
    StaticToken.objects.create(device=codes, token="a1b2c3d4e5")
    client = signed_in(person)
    assert client.post("/two-factor/", {"code": "a1b2c3d4e5"}).status_code == 302
    page = client.get(remove_url(first))
    html = page.content.decode()
    assert "You cannot remove your only passkey or security key" in html
    assert 'data-testid="cannot-remove"' in html and "Yes, remove it" not in html
    refused = client.post(remove_url(first))
    assert refused.status_code == 409
    assert WebAuthnCredential.objects.filter(pk=first.pk).exists()
    second = passkey_of(person, credential_id=b"credential-2")
    assert client.post(remove_url(first)).status_code == 302
    assert not WebAuthnCredential.objects.filter(pk=first.pk).exists()
    assert client.post(remove_url(second)).status_code == 409


def test_removing_the_passkey_this_session_used_asks_for_a_code_again(person):
    credential = passkey_of(person)
    client = signed_in(person)
    client.post(BEGIN_AUTH)
    with signature_accepted():
        client.post(COMPLETE_AUTH, assertion(b"credential-1"), content_type="application/json")
    page = client.get(remove_url(credential)).content.decode()
    assert 'data-testid="used-now"' in page and "a code from your authenticator app" in page
    client.post(remove_url(credential))
    assert client.get("/cases/")["Location"].startswith("/two-factor/")


def test_the_browser_messages_are_in_our_words(person):
    client = verified(person)
    catalog = client.get("/two-factor/passkeys/jsi18n/").content.decode()
    assert '"Registration successful!": "Passkey or security key added"' in catalog
    assert '"Verification canceled or not allowed.": "Cancelled or took too long.' in catalog
    # The server's messages, shown as they are by the package's scripts.
    client.post(BEGIN_AUTH)
    with signature_accepted():
        unknown = client.post(COMPLETE_AUTH, assertion(b"no-such-credential"),
                              content_type="application/json")
    assert unknown.status_code == 404
    assert unknown.json() == {
        "detail": "This passkey or security key is not on your account: use another, or "
                  "enter a code", "code": "credential_not_found"}
    stale = signed_in(person).post(COMPLETE_AUTH, assertion(b"credential-1"),
                                   content_type="application/json")
    assert stale.json()["detail"] == "That took too long. Try again."


def test_the_page_says_what_kind_each_one_is(person):
    passkey_of(person)
    key = passkey_of(person, credential_id=b"key")
    key.transports = ["usb", "nfc"]
    key.save()
    synced = passkey_of(person, credential_id=b"synced")
    synced.backup_eligible = True
    synced.save()
    html = verified(person).get("/two-factor/passkeys/").content.decode()
    assert "Passkey on a computer, phone or tablet" in html and "Security key" in html
    assert "Passkey saved in a password manager or online account" in html
