"""Issue 16 in a real browser: the school's information return says what each section still
misses, a chronology of several events is imported from the school's spreadsheet (a row with
an impossible date refused with the reason, nothing added until the school confirms), and
check-your-answers starts with what is missing and comes back to itself after a change."""

import datetime

from openpyxl import Workbook
from playwright.sync_api import Page, expect

from demo.management.commands.load_demo import DEMO_PASSWORD
from tests.e2e.pages import choose, sign_in

D = datetime.date
HEADINGS = ["Date dd/mm/yy", "Time 00:00 (24hr)", "Significant Event", "Agency",
            "Whose Professional/ Agency Records (Source)?", "Who was involved?",
            "Decisions/Outcome including any actions taken",
            "Child seen/views sought: Yes/No (record the child's views)", "Author Comments"]


def school_return(reference: str) -> int:
    from reviews.rapid_review import services
    from safeguarding.models import User

    unit = User.objects.get(email="bu@example.org")
    school = User.objects.get(email="school@example.org")
    from cases.models import Case

    review = services.start_rapid_review(
        case=Case.objects.get(reference=reference), actor=unit, decided_on=D(2026, 11, 9),
        decision_note="The partnership Chair decided on 9 November 2026.")
    return services.send_information_requests(review=review, actor=unit,
                                               agencies=[school.agency])[0].pk


def spreadsheet(path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Chronology: Agency: St Aidan's Primary School  Author: Claire Dunn"])
    sheet.append(HEADINGS)
    sheet.append([D(2026, 10, 19), datetime.time(8, 50), "Arrived at school hungry",
                  "School record", "Class teacher", "Class teacher, DSL", "Breakfast given",
                  "Yes - said there was no food at home", ""])
    sheet.append(["31/02/2026", "09:05", "Absent; no call from home", "School record"])
    sheet.append(["02/11/2026", "15:20", "Collected late by an adult not known to staff",
                  "School record", "Office manager", "", "Logged; DSL told", "No", ""])
    book.save(path)


def test_the_return_says_what_is_missing_and_imports_a_chronology(
        page: Page, live_server, notified_case, check_page, tmp_path):
    url = live_server.url
    pk = school_return(notified_case)
    sign_in(page, url, "school@example.org", DEMO_PASSWORD)
    page.goto(f"{url}/rapid-reviews/returns/{pk}/")

    # A section saved with answers missing is in progress, and the task list says what.
    page.get_by_role("link", name="Brief synopsis of the case").click()
    expect(page.get_by_text("(required)").first).to_be_visible()
    page.get_by_label("1. ", exact=False).fill("The school's referral of 3 November 2026.")
    choose(page, "Have you completed this section?", "Yes, I have completed this section")
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "You cannot say this section is completed yet.")
    expect(page.get_by_label("1. ", exact=False)).to_have_value(
        "The school's referral of 3 November 2026.")
    check_page("return-synopsis-not-complete")
    choose(page, "Have you completed this section?", "No, I will come back to it later")
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page.locator("#synopsis-status")).to_have_text("In progress")
    expect(page.locator("#synopsis-hint")).to_contain_text(
        "Answer question 6: concerns about how partners worked together")
    check_page("return-task-list-in-progress")

    # The chronology, imported from the school's spreadsheet.
    page.get_by_role("link", name="Chronology of key events").click()
    expect(page.locator("fieldset.govuk-fieldset").filter(
        has=page.get_by_text("Event 5", exact=True))).to_be_visible()
    check_page("return-chronology-blank-rows")
    page.get_by_role("link", name="import it from the spreadsheet").click()
    check_page("return-chronology-import")
    page.get_by_role("button", name="Read the spreadsheet").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the chronology spreadsheet")
    path = tmp_path / "chronology.xlsx"
    spreadsheet(path)
    page.get_by_label("Upload the chronology spreadsheet").set_input_files(path)
    page.get_by_role("button", name="Read the spreadsheet").click()
    expect(page.get_by_test_id("refused")).to_contain_text(
        "Row 4: the date '31/02/2026' is not a real date")
    expect(page.get_by_test_id("read")).to_contain_text("Collected late by an adult")
    check_page("return-chronology-import-check")
    page.get_by_role("button", name="Add 2 events to the chronology").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "2 events added to the chronology")
    expect(page.get_by_label("Significant event").first).to_have_value(
        "Arrived at school hungry")

    # Check answers: what is missing first, and a change comes back to it.
    page.goto(f"{url}/rapid-reviews/returns/{pk}/submit/")
    problems = page.get_by_test_id("problems")
    expect(problems).to_contain_text("Answer question 6")
    check_page("return-check-answers-missing")
    problems.get_by_role("link", name="Answer question 6", exact=False).click()
    expect(page.get_by_role("link", name="Back to check your answers")).to_be_visible()
    page.get_by_label("6. ", exact=False).fill("None known at this stage.")
    page.get_by_role("button", name="Save and return to check your answers").click()
    expect(page.get_by_role("heading", name="Check your answers before you submit")).to_be_visible()
    expect(page.get_by_test_id("problems")).not_to_contain_text("Answer question 6")
