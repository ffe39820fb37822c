"""The case page in a real browser: summary first (status, clocks, next steps) with the long
sections folded in an accordion; the case list filtered by its address; the clocks' bars."""

import re

from playwright.sync_api import Page, expect

from demo.management.commands.load_demo import DEMO_PASSWORD
from tests.e2e.pages import sign_in

# Measured at 1,024 pixels wide for this case (a referral, its decisions, three
# notifications, nine clocks): 10,492 pixels long before the summary came first and the long
# sections were folded (the previous case.html, every section shown); 3,909 after.
BEFORE = 10_492


def test_the_case_page_starts_with_a_summary_and_folds_the_long_sections(
        page: Page, live_server, notified_case, check_page):
    from deadlines.services import sweep_deadlines

    url, reference = live_server.url, notified_case
    sweep_deadlines()
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    page.goto(f"{url}/cases/{reference}/")
    folded = page.evaluate("document.documentElement.scrollHeight")

    # Status, next steps and the clocks come before the long sections.
    expect(page.get_by_test_id("status")).to_be_visible()
    expect(page.get_by_test_id("actions")).to_contain_text(
        "Download the notification summary (PDF)")
    clocks = page.get_by_test_id("clocks")
    expect(clocks).to_be_visible()
    expect(clocks).to_contain_text("Met on time")
    check_page("case-page-top")

    # The referral's answers are in the accordion, closed until opened.
    answers = page.get_by_test_id("case-record")
    expect(answers.get_by_text("Baby brought to A&E").first).to_be_hidden()
    page.get_by_role("button", name=re.compile("Show all sections")).click()
    expect(answers.get_by_text("Baby brought to A&E").first).to_be_visible()
    unfolded = page.evaluate("document.documentElement.scrollHeight")
    print(f"case page at 1024px: {folded}px folded, {unfolded}px unfolded "
          f"(before this change: {BEFORE}px)")
    check_page("case-page-unfolded")
    assert folded < BEFORE / 2 and folded < unfolded / 2

    # The summary PDF opens from the case page.
    pdf = page.request.get(url + page.get_by_role(
        "link", name="Download the notification summary (PDF)").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"

    # The clocks: each bar says its state in words too.
    page.get_by_test_id("clocks").scroll_into_view_if_needed()
    for row in page.get_by_test_id("clock-progress").all():
        assert re.search(r"Met on time|Met late|Overdue by|Overdue|Not yet due|Due today|"
                         r"Waived", row.inner_text()), row.inner_text()
    check_page("case-clocks-bars")

    # The case list, filtered in the address: kept on reload and in the page's address.
    page.goto(f"{url}/cases/")
    page.get_by_label("Case reference").fill(reference.split("-")[-1])
    page.get_by_label("Status").select_option(label="Notified")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"reference=\d+&status=notified"))
    expect(page.get_by_test_id("cases")).to_contain_text(reference)
    page.reload()
    expect(page.get_by_test_id("cases")).to_contain_text(reference)
    tag = page.get_by_test_id("cases").locator(".govuk-tag").first
    assert tag.bounding_box()["height"] < 40  # on one line, not three
    check_page("case-list-filtered")
