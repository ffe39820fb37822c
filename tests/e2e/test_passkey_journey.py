"""A passkey added and used in a real browser: Chromium's virtual authenticator (the DevTools
protocol's WebAuthn domain) stands in for a fingerprint reader or a security key."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from demo.management.commands.load_demo import DEMO_PASSWORD
from safeguarding.models import User
from tests.e2e.pages import sign_in, sign_out


def test_adding_a_passkey_then_signing_in_with_it(
        page: Page, live_server, demo_partnership, check_page, settings):
    settings.TWO_FACTOR_REQUIRED = True
    url = live_server.url  # http://localhost:port: a secure context, as WebAuthn needs
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [url]
    device = TOTPDevice.objects.create(user=User.objects.get(email="bu@example.org"),
                                       name="Authenticator app", confirmed=True)
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
        "automaticPresenceSimulation": True}})

    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app")
    expect(page.get_by_role("button", name="Use a passkey or security key")).to_have_count(0)
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()

    page.goto(f"{url}/two-factor/passkeys/")
    expect(page.get_by_test_id("no-passkeys")).to_be_visible()
    page.get_by_role("button", name="Add a passkey or security key").click()
    expect(page.get_by_test_id("passkeys")).to_contain_text("Not used yet")
    check_page("passkeys")
    sign_out(page)

    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app")
    check_page("two-factor-verify-with-passkey")
    page.get_by_role("button", name="Use a passkey or security key").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()
    expect(page).to_have_url(f"{url}/")
    page.goto(f"{url}/two-factor/passkeys/")
    expect(page.get_by_test_id("passkeys")).not_to_contain_text("Not used yet")

    # Removing it (the session signed in with it, so a code is asked for afterwards).
    page.get_by_role("link", name="Remove").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to remove this passkey on a computer, phone or tablet?")
    expect(page.get_by_test_id("used-now")).to_be_visible()
    check_page("passkey-remove")
    page.get_by_role("button", name="Yes, remove it").click()
    expect(page.get_by_text("Passkey or security key removed")).to_be_visible()
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the code of a minute ago again
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_test_id("no-passkeys")).to_be_visible()
