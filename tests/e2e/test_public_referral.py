"""A member of the public refers a child in a real browser, with no account; the business unit
finds the referral marked as theirs and reads how they know the child (issue 16 point 2)."""

import datetime
import re

from playwright.sync_api import Page, expect

from demo.management.commands.load_demo import DEMO_PASSWORD
from tests.e2e.pages import enter_date, sign_in


def test_a_public_referral_from_the_form_to_the_business_unit(page: Page, live_server,
                                                               demo_partnership, check_page):
    page.goto(f"{live_server.url}/refer/")
    expect(page.locator(".govuk-phase-banner")).to_have_text("Beta This is a new service.")
    check_page("public-referral-form")
    page.get_by_label("Your name").fill("Sam Lee")
    page.get_by_label("How do you know the child?").fill("Neighbour, two doors down")
    page.get_by_label("Telephone number").fill("07700 900 123")
    page.get_by_label("The child's full name").fill("Amelia Hart")
    enter_date(page, "The child's date of birth", datetime.date(2022, 5, 8))
    page.get_by_label("What happened?").fill("An ambulance took her away with a head injury.")
    page.get_by_label("Why are you worried that the child has been abused or neglected?").fill(
        "She had bruises on her arms last week.")
    page.get_by_role("button", name="Send referral").click()

    expect(page.get_by_role("heading", name="Referral sent")).to_be_visible()
    receipt = page.get_by_test_id("receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}", receipt)  # not the case number
    contact = page.get_by_test_id("contact-details")
    expect(contact).to_contain_text("01632 960 123")
    expect(contact).to_contain_text("Monday to Friday, 9am to 5pm")
    expect(page.get_by_test_id("what-happens-next")).to_contain_text(
        "will read your referral by the end of the next working day")
    expect(page.locator("body")).to_contain_text("If a child is in immediate danger, call 999")
    expect(page.locator("body")).not_to_contain_text("use it only for your work")
    check_page("public-referral-confirmation")

    sign_in(page, live_server.url, "bu@example.org", DEMO_PASSWORD)
    triage = page.get_by_role("region", name="Referrals to triage")
    public = triage.get_by_role("listitem").filter(has_text="Public referral")
    expect(public).to_have_count(1)
    check_page("public-referral-home")
    reference = public.get_by_role("link").first.inner_text()
    public.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    expect(page.locator("body")).to_contain_text(receipt)  # the business unit sees the code
    summary = page.get_by_test_id("public-referral")
    expect(summary).to_contain_text("Public referral")
    expect(summary.get_by_test_id("referrer-relationship")).to_have_text(
        "Neighbour, two doors down")
    expect(summary.get_by_test_id("referrer-contact")).to_contain_text("07700 900 123")
    expect(page.locator("body")).not_to_contain_text("meet none of the notifiable-incident")
    check_page("public-referral-case")

    page.goto(f"{live_server.url}/cases/")
    expect(page.get_by_role("row").filter(has_text=reference)).to_contain_text(
        "Public referral")
    check_page("public-referral-case-list")
