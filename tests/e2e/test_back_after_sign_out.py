"""After signing out, the browser's Back button shows no case data: every signed-in page
is sent with ``Cache-Control: no-store``, so the browser neither keeps the page in its
back-forward cache nor shows it from its disk cache; it asks again and is sent to sign in."""

from playwright.sync_api import Page, expect

from demo.management.commands.load_demo import DEMO_PASSWORD
from tests.e2e.pages import sign_in, sign_out


def test_back_after_sign_out_shows_no_case_data(page: Page, live_server, notified_case,
                                                check_page):
    url, reference = live_server.url, notified_case
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    response = page.goto(f"{url}/cases/{reference}/")
    assert "no-store" in response.headers["cache-control"]
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    expect(page.locator("body")).to_contain_text("Amelia Hart")

    sign_out(page)
    page.go_back()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    body = page.locator("body").inner_text()
    assert reference not in body
    assert "Amelia" not in body and "Hart" not in body and "A.H." not in body
    check_page("back-after-sign-out")
