import pytest
from playwright.sync_api import Page, expect

from demo.management.commands.load_demo import DEMO_PASSWORD, DEMO_USERS
from safeguarding.models import Role
from tests.e2e.pages import screenshot_name, sign_in


@pytest.mark.parametrize(("email", "full_name", "role"), [
    (email, full_name, role) for email, full_name, _title, _agency, role in DEMO_USERS
])
def test_each_demo_role_signs_in_to_their_home_page_and_out_again(
    page: Page, live_server, demo_partnership, check_page, email, full_name, role
):
    sign_in(page, live_server.url, email, DEMO_PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What is waiting for you")
    expect(page.get_by_test_id("signed-in-as")).to_contain_text(f"{full_name}, {role.label}")
    check_page(f"home-{screenshot_name(role.label)}-{email.split('@')[0]}")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/sign-in/")
    expect(page.get_by_text("You have signed out.")).to_be_visible()


def test_a_wrong_password_gets_the_error_summary_and_focus(
    page: Page, live_server, demo_partnership, check_page
):
    sign_in(page, live_server.url, "bu@example.org", "not-the-password")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(page).to_have_title("Error: Sign in – Safeguarding case reviews")
    check_page("sign-in-wrong-password")

    summary.get_by_role("link").click()
    expect(page.get_by_label("Email address")).to_be_focused()


def test_an_empty_sign_in_form(page: Page, live_server, demo_partnership, check_page):
    page.goto(f"{live_server.url}/sign-in/")
    check_page("sign-in")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    expect(page.locator("#id_password-error, .govuk-error-message").last).to_contain_text(
        "Enter your password"
    )
    check_page("sign-in-empty")


@pytest.mark.parametrize(("email", "path", "status", "heading"), [
    ("manager@example.org", "/cases/does-not-exist/", 404, "Page not found"),
    ("school@example.org", "/admin/", 403, "You cannot see this page"),
])
def test_error_pages_are_service_pages(
    page: Page, live_server, demo_partnership, check_page, email, path, status, heading
):
    sign_in(page, live_server.url, email, DEMO_PASSWORD)
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == status
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    check_page(f"error-{status}")


def test_the_administrator_reaches_agencies_and_users(page: Page, live_server, demo_partnership):
    sign_in(page, live_server.url, "admin@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name="Agencies and users").click()
    page.get_by_role("link", name="Users", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/admin/safeguarding/user/")
    expect(page.get_by_role("link", name="Claire Dunn")).to_be_visible()
    expect(page.get_by_role("row", name="Claire Dunn")).to_contain_text(
        Role.AGENCY_CONTRIBUTOR.label
    )
