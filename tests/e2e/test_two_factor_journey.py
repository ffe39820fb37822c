"""Two-factor sign-in in a real browser, as outside the embedded demo."""

import base64

from django_otp.oath import totp
from playwright.sync_api import Page, expect

from demo.management.commands.load_demo import DEMO_PASSWORD
from safeguarding.models import User
from tests.e2e.pages import sign_in, sign_out
from tests.factories import two_factor_invitation


def test_setting_up_the_app_then_signing_in_with_a_recovery_code(
        page: Page, live_server, demo_partnership, check_page, settings):
    settings.TWO_FACTOR_REQUIRED = True
    url = live_server.url
    # The set-up link emailed by an administrator: it asks for the password first.
    page.goto(url + two_factor_invitation(User.objects.get(email="bu@example.org")))
    expect(page).to_have_url(f"{url}/sign-in/?next=/two-factor/set-up/")
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.get_by_test_id("secret").inner_text().replace(" ", "")
    check_page("two-factor-setup")
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    check_page("two-factor-setup-error")
    page.wait_for_timeout(1100)  # django-otp slows the next guess down by a second
    page.get_by_label("Code from the app").fill(f"{totp(base64.b32decode(secret)):06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    check_page("two-factor-recovery-codes")
    page.get_by_role("link", name="I have kept my recovery codes").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()
    sign_out(page)

    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app")
    check_page("two-factor-verify")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You used a recovery code: 9 left")
