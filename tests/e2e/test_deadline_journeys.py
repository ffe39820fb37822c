"""The statutory clocks in a real browser: the case's clocks, the overdue dashboard, a
person's notices and the calendar feed."""

from playwright.sync_api import Page, expect

from demo.management.commands.load_demo import DEMO_PASSWORD
from tests.e2e.pages import sign_in


def test_the_business_unit_follows_the_clocks(page: Page, live_server, notified_case,
                                              check_page):
    from deadlines.services import sweep_deadlines

    url, reference = live_server.url, notified_case
    sweep_deadlines()
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)

    # The case page lists its clocks: the statutory notification clocks, met.
    page.goto(f"{url}/cases/{reference}/")
    clocks = page.get_by_test_id("clocks")
    expect(clocks).to_contain_text("Notify the National Panel")
    expect(clocks).to_contain_text("Statutory")
    expect(clocks).to_contain_text("Rapid review sent to the National Panel")
    check_page("case-clocks")

    # The dashboard, filtered to one clock.
    page.get_by_role("link", name="Deadlines").click()
    expect(page.get_by_test_id("deadlines")).to_contain_text(reference)
    page.get_by_label("Clock").select_option(label="Rapid review sent to the National Panel")
    page.get_by_role("button", name="Filter").click()
    rows = page.get_by_test_id("deadlines")
    expect(rows).to_contain_text("Rapid review sent to the National Panel")
    expect(rows).not_to_contain_text("Partners consider the case")
    assert "Amelia" not in page.content()
    check_page("deadlines-dashboard")

    # Notices name the case and the clock, never the child; they can be marked read.
    page.get_by_role("link", name="Notices").click()
    notices = page.get_by_test_id("notices")
    expect(notices).to_contain_text(reference)
    expect(notices).to_contain_text("New")
    assert "Amelia" not in page.content()
    check_page("notices")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_test_id("notices")).not_to_contain_text("New")

    # A secret calendar address, that stops working when revoked.
    page.goto(f"{url}/deadlines/")
    page.get_by_role("link", name="See your deadlines in Outlook or another calendar").click()
    page.get_by_role("button", name="Make a secret calendar address").click()
    address = page.get_by_test_id("feed-address").inner_text()
    check_page("calendar-feed")
    feed = page.request.get(address)
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    body = feed.text()
    assert "BEGIN:VEVENT" in body and reference in body and "Amelia" not in body
    page.get_by_role("button", name="Turn off this address").click()
    assert page.request.get(address).status == 404
