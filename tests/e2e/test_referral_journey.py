"""From referral to notification in a real browser: a school refers, the business unit triages,
a partner decides to notify, the notifications are recorded, the case shows its timeline."""

import datetime

from django.utils import timezone
from playwright.sync_api import Page, expect

from demo.management.commands.load_demo import DEMO_PASSWORD
from tests.e2e.pages import choose, enter_date, sign_in, sign_out


def received_today() -> datetime.date:
    """The referral submitted in the browser is received today: the partners are informed,
    decide and notify no earlier (dates in order, issue 12)."""
    return timezone.localdate()


def open_section(page: Page, title: str) -> None:
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def save(page: Page) -> None:
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer a serious incident")


def submit_a_referral(page: Page, check_page, *, authorising_officer: bool = True) -> str:
    """Without the ``authorising_officer`` the referral still goes (002 Appendix 2: "If
    information is unavailable do not delay in making this referral")."""
    page.get_by_role("link", name="Refer a serious incident").click()
    page.get_by_role("button", name="Start a new referral").click()
    check_page("referral-task-list")

    open_section(page, "Route and notification criteria")
    choose(page, "Which route are you asking for?",
           "The case meets the criteria for notification (to be referred to the Statutory "
           "Safeguarding Partners)")
    choose(page, "Is it known or suspected that the child has been abused or neglected?",
           "Suspected")
    choose(page, "Did the child die or was the child seriously harmed?",
           "The child was seriously harmed")
    choose(page, "Where did the child die or come to serious harm?",
           "In the local authority's area")
    check_page("referral-route")
    save(page)

    open_section(page, "About you and your authorising officer")
    page.get_by_label("Telephone number").fill("01632 960 001")
    page.get_by_label("Your address").fill("St Aidan's Primary School, Church Lane, Northmoor")
    if authorising_officer:
        page.get_by_label("Authorising officer within your agency").fill("Mark Bell")
        page.get_by_label("Authorising officer's job title").fill("Headteacher")
        enter_date(page, "Organisation agreement date", datetime.date(2026, 11, 20))
    save(page)

    open_section(page, "About the child or children")
    page.get_by_label("Full name").fill("Amelia Hart")
    enter_date(page, "Date of birth", datetime.date(2026, 3, 27))
    check_page("referral-child")
    save(page)

    open_section(page, "The incident")
    enter_date(page, "Date of the serious incident", datetime.date(2030, 1, 1))
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The date of the serious incident must be today or in the past")
    check_page("referral-incident-error")
    enter_date(page, "Date of the serious incident", datetime.date(2026, 11, 19))
    choose(page, "Does the alleged incident involve the conduct of a staff member?",
           "Not known")
    choose(page, "Is a coroner involved?", "No")
    choose(page, "Is there a criminal investigation?", "Yes")
    page.get_by_label("Non-accidental injury").check()
    page.get_by_label("Physical abuse").check()
    save(page)

    open_section(page, "Child protection and child in need")
    for question in ["Was the child known to social care prior to the incident?",
                     "Was the child on a child protection plan at the time or prior to the "
                     "incident?",
                     "Were any siblings on a child protection plan at the time or prior to "
                     "the incident?",
                     "Was the child on a child in need plan at the time or prior to the "
                     "incident?",
                     "Were any siblings on a child in need plan at the time or prior to the "
                     "incident?"]:
        choose(page, question, "No")
    choose(page, "Were any siblings on a child in need plan at the time or prior to the "
           "incident?", "Not known")
    save(page)

    open_section(page, "Details of the case or incident")
    page.get_by_label("Details of the case or incident").fill(
        "Amelia was brought to A&E with a fractured skull; the explanation was inconsistent.")
    page.get_by_label("Why do you believe this case meets the criteria for notification?").fill(
        "A potentially life-threatening injury, and abuse is suspected.")
    save(page)

    open_section(page, "Authorising officer comment and other reviews")
    page.get_by_label("Criminal investigation").check()
    save(page)

    page.get_by_role("link", name="Check your answers").click()
    expect(page.get_by_text("A child has been seriously harmed and abuse or neglect is known "
                            "or suspected")).to_be_visible()
    check_page("referral-check-answers")
    page.get_by_role("button", name="Submit referral").click()
    expect(page.get_by_role("heading", name="Referral submitted")).to_be_visible()
    check_page("referral-submitted")
    return page.locator(".govuk-panel__body strong").inner_text()


def test_a_school_refers_a_serious_incident(page: Page, live_server, demo_partnership,
                                             check_page):
    sign_in(page, live_server.url, "school@example.org", DEMO_PASSWORD)
    reference = submit_a_referral(page, check_page, authorising_officer=False)
    assert reference.startswith("SI-2026-")

    # The authorising officer's agreement, added after submitting.
    page.get_by_role("link", name="Add your authorising officer's agreement").click()
    check_page("referral-authorising-officer")
    page.get_by_label("Authorising officer within your agency").fill("Mark Bell")
    page.get_by_label("Authorising officer's job title").fill("Headteacher")
    enter_date(page, "Organisation agreement date", datetime.date(2026, 11, 20))
    page.get_by_role("button", name="Save the authorising officer").click()
    expect(page.get_by_test_id("authorising-officer")).to_contain_text(
        "Agreed by Mark Bell, Headteacher, on 20 November 2026.")
    page.get_by_role("link", name="Back to your referrals").click()
    expect(page.get_by_role("row", name=reference)).to_contain_text("Received")
    check_page("your-referrals")


def test_anyone_may_refer_without_an_account(page: Page, live_server, demo_partnership,
                                             check_page):
    page.goto(f"{live_server.url}/refer/")
    check_page("public-referral")
    page.get_by_label("Your name").fill("Sam Lee")
    page.get_by_label("How do you know the child?").fill("Neighbour")
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("The child's full name").fill("Amelia Hart")
    page.get_by_label("What happened?").fill("Screaming for hours, then an ambulance came.")
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you are worried")
    check_page("public-referral-error")
    page.get_by_label("Why are you worried that the child has been abused or neglected?").fill(
        "Bruises last week.")
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_role("heading", name="Referral sent")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Amelia")
    check_page("public-referral-sent")


def open_case_from_home(page: Page, list_title: str, reference: str) -> None:
    section = page.get_by_role("region", name=list_title)
    section.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)


def act(page: Page, link: str) -> None:
    page.get_by_test_id("actions").get_by_role("link", name=link).click()


def record_notification(page: Page, recipient: str, panel: bool = False) -> None:
    page.get_by_role("link", name=f"Record the notification to {recipient}").click()
    enter_date(page, "When was the notification sent?", received_today())
    choose(page, "How was it sent?", "Child safeguarding incident notification system")
    page.get_by_label("Who sent it?").fill("Priya Shah")
    if panel:
        page.get_by_label("The notification's reference").fill("CSPR-2026-0412")
        enter_date(page, "When did the Panel acknowledge the notification?",
                   received_today())
    page.get_by_role("button", name="Record the notification").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()


def test_from_referral_to_notification(page: Page, live_server, demo_partnership, check_page):
    url = live_server.url
    sign_in(page, url, "school@example.org", DEMO_PASSWORD)
    reference = submit_a_referral(page, check_page)
    sign_out(page)

    # The business unit sees the referral waiting for triage and informs the partners.
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    open_case_from_home(page, "Referrals to triage", reference)
    expect(page.get_by_test_id("criteria")).to_contain_text(
        "A child has been seriously harmed and abuse or neglect is known or suspected")
    check_page("case-referred")
    act(page, "Record that the safeguarding partners were informed")
    enter_date(page, "When were the safeguarding partners informed?", received_today())
    check_page("case-inform-partners")
    page.get_by_role("button", name="Save the date").click()
    expect(page.get_by_test_id("status")).to_have_text("With the safeguarding partners")
    sign_out(page)

    # A partner decides to notify; the rationale is required.
    sign_in(page, url, "partner@example.org", DEMO_PASSWORD)
    open_case_from_home(page, "Decisions waiting for you", reference)
    act(page, "Record the safeguarding partners' decision")
    choose(page, "What have the partners decided?", "Notify the National Panel, Ofsted and DfE")
    enter_date(page, "When did the partners decide?", received_today())
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the rationale for the decision")
    check_page("case-decision-error")
    page.get_by_label("Rationale for the decision").fill(
        "A potentially life-threatening injury to a baby; abuse is suspected.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("status")).to_have_text("To be notified")
    sign_out(page)

    # The business unit records, for the local authority, the notifications.
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name="Cases").first.click()
    page.get_by_label("Child's name").fill("Amelia")
    page.get_by_role("button", name="Search by name").click()
    assert "Amelia" not in page.url
    check_page("case-list-search")
    page.get_by_role("link", name=reference).click()
    act(page, "Confirm when the local authority became aware")
    enter_date(page, "When did the local authority become aware of the incident?",
               datetime.date(2026, 11, 20))
    page.get_by_role("button", name="Confirm the date").click()
    check_page("case-notification-due")
    # One online notification reaches the National Panel, Ofsted and DfE (004 s. 5.3).
    record_notification(page, "National Panel, Ofsted and DfE (online notification)",
                        panel=True)
    expect(page.get_by_test_id("status")).to_have_text("Notified")
    timeline = page.get_by_test_id("timeline")
    for event in ["Referral received", "Safeguarding partners informed",
                  "Partners decided to notify", "Every required recipient notified"]:
        expect(timeline).to_contain_text(event)
    check_page("case-notified")
    sign_out(page)

    # The scrutineer reads who has seen the case.
    sign_in(page, url, "scrutineer@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name="Access log").click()
    expect(page.get_by_role("table")).to_contain_text(reference)
    check_page("access-log")
