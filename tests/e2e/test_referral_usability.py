"""The referral as a new user meets it, in a real browser (issue 16 point 1): statuses that
say what is missing, answers kept on a page with an error, missing answers first on check
your answers and "Change" coming back there, drafts named and deleted, and a clear page when
going back after sending."""

import datetime

from playwright.sync_api import Page, expect

from demo.management.commands.load_demo import DEMO_PASSWORD
from tests.e2e.pages import choose, enter_date, sign_in

SLUGS = {"Other agencies involved": "agencies", "The incident": "incident"}


def status(page: Page, section: str):
    return page.locator(f"#{SLUGS[section]}-status")


def test_a_new_user_fills_in_and_deletes_a_draft(page: Page, live_server, demo_partnership,
                                                 check_page):
    sign_in(page, live_server.url, "school@example.org", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/referrals/")
    page.get_by_role("button", name="Start a new referral").click()
    expect(page.get_by_test_id("completed")).to_have_text(
        "You have completed 0 of 9 sections.")
    expect(status(page, "Other agencies involved")).to_have_text("Not yet started")

    # A page with an error keeps the other answers.
    page.get_by_role("link", name="The incident").click()
    expect(page.get_by_text("When did your agency become aware of the incident? (optional)")
           ).to_be_visible()
    enter_date(page, "Date of the serious incident", datetime.date(2030, 1, 1))
    choose(page, "Is a coroner involved?", "No")
    choose(page, "Is there a criminal investigation?", "Yes")
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page.get_by_test_id("kept")).to_be_visible()
    page.get_by_role("link", name="Back to the task list").click()
    expect(status(page, "The incident")).to_have_text("In progress")
    expect(page.locator("#incident-hint")).to_have_text(
        "Missing: incident date, staff conduct, main cause, characteristics")
    check_page("referral-usability-task-list")

    # Check your answers: what is missing comes first; its link comes back after saving.
    page.get_by_role("link", name="Check your answers").click()
    missing = page.get_by_test_id("problems")
    expect(missing).to_contain_text("answers missing before you can submit")
    check_page("referral-usability-check-answers-missing")
    missing.get_by_role("link", name="Enter the date of the serious incident").click()
    expect(page.get_by_role("link", name="Back to check your answers")).to_be_visible()
    enter_date(page, "Date of the serious incident", datetime.date(2026, 11, 19))
    page.get_by_role("button", name="Save and return to check your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before submitting your referral")
    expect(missing).not_to_contain_text("Enter the date of the serious incident")

    # The draft, by what it holds; then deleted.
    page.goto(f"{live_server.url}/referrals/")
    row = page.get_by_role("row", name="Draft: No child added yet, incident 19 November 2026")
    expect(row).to_contain_text("0 of 9 sections completed")
    check_page("referral-usability-drafts")
    row.get_by_role("link", name="Delete").click()
    check_page("referral-usability-delete-draft")
    page.get_by_role("button", name="Yes, delete this draft").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Draft referral deleted: No child added yet, incident 19 November 2026")
    expect(page.get_by_text("Draft: No child added yet, incident 19 November 2026")
           ).to_have_count(0)


def test_back_after_sending_says_the_referral_was_sent(page: Page, live_server,
                                                       demo_partnership, check_page):
    from forms.models import Referral
    from forms.sections import SECTIONS
    from safeguarding.models import User
    from tests.factories import ReferralFactory

    school = User.objects.get(email="school@example.org")
    referral = ReferralFactory(created_by=school, agency=school.agency,
                               child__full_name="Amelia Hart")
    Referral.objects.filter(pk=referral.pk).update(
        sections_saved=[section.slug for section in SECTIONS])
    sign_in(page, live_server.url, "school@example.org", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/referrals/{referral.pk}/")
    expect(page.get_by_test_id("completed")).to_have_text(
        "You have completed 9 of 9 sections.")
    page.get_by_role("link", name="Check your answers").click()
    page.get_by_role("button", name="Submit referral").click()
    expect(page.get_by_role("heading", name="Referral submitted")).to_be_visible()
    expect(page.get_by_test_id("progress")).to_contain_text("Received by the business unit")
    check_page("referral-usability-submitted")
    reference = page.locator(".govuk-panel__body strong").inner_text()

    page.go_back()  # check your answers, as the browser kept it
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("This referral has been sent")
    expect(page.get_by_text(reference, exact=True)).to_be_visible()
    check_page("referral-usability-sent")
    page.get_by_role("link", name=f"See what has happened to referral {reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(reference)
    expect(page.get_by_test_id("progress")).to_contain_text(
        "With the safeguarding partners")
    check_page("referral-usability-progress")
