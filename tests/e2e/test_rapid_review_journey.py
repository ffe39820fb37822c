"""The rapid review in a real browser: the business unit starts it and asks two agencies,
both submit their Information Gathering Tool returns, the pack is circulated, the meeting
recorded, the chair records the recommendation, the three partners sign off, and the report
is generated and its submission to the National Panel recorded."""

import datetime
import shutil
import subprocess

import pytest
from playwright.sync_api import Page, expect

from demo.management.commands.load_demo import DEMO_PASSWORD
from tests.e2e.pages import choose, enter_date, sign_in, sign_out

D = datetime.date


def save_section(page: Page) -> None:
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")


def complete_return(page: Page, check_page, *, who: str, events: list, shot: str) -> None:
    page.get_by_role("link", name="Details of the person completing this form").click()
    page.get_by_label("Your name").fill(who)
    enter_date(page, "Date form completed", D(2026, 11, 12))
    choose(page, "Has your agency had any involvement with the child or children, their "
                 "parents, carers or family?", "Yes")  # not a nil return
    save_section(page)

    page.get_by_role("link", name="Brief synopsis of the case").click()
    for number in range(1, 9):
        page.get_by_label(f"{number}. ", exact=False).fill(
            f"The agency's answer to question {number}.")
    check_page(f"{shot}-synopsis")
    save_section(page)

    page.get_by_role("link", name="Chronology of key events").click()
    for index, (day, at, event) in enumerate(events):  # several events in one save
        row = page.locator("fieldset.govuk-fieldset").filter(
            has=page.get_by_text(f"Event {index + 1}", exact=True))
        enter_date(row, "Date", day)
        row.get_by_label("Time (24 hour").fill(at)
        row.get_by_label("Significant event").fill(event)
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")

    page.get_by_role("link", name="The type of review you recommend").click()
    choose(page, "What type of review do you think this case should be at this stage?",
           "Local Child Safeguarding Practice Review (identifies issues to be dealt with at a "
           "local level)")
    save_section(page)

    page.get_by_role("link", name="Check your answers").click()
    check_page(f"{shot}-check")
    page.get_by_role("button", name="Submit the return").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your return is "
                                                                       "submitted")


def step(page: Page, link: str) -> None:
    page.get_by_test_id("steps").get_by_role("link", name=link).click()


def test_a_rapid_review_from_requests_to_submission(page: Page, live_server, notified_case,
                                                    check_page, tmp_path):
    url, reference = live_server.url, notified_case

    # The business unit records the decision and asks the school and the charity.
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    page.goto(f"{url}/cases/{reference}/")
    page.get_by_test_id("actions").get_by_role("link", name="Start the rapid review").click()
    enter_date(page, "Date of the decision to undertake a rapid review", D(2026, 11, 9))
    page.get_by_label("The decision and who made it").fill(
        "The partnership Chair decided on 9 November 2026 to hold a rapid review.")
    page.get_by_role("button", name="Start the rapid review").click()
    page.get_by_role("link", name="Ask agencies for information").first.click()
    page.get_by_label("St Aidan's Primary School").check()
    page.get_by_label("Northmoor Family Support Network").check()
    check_page("rapid-review-requests")
    page.get_by_role("button", name="Send the requests").click()
    expect(page.get_by_test_id("returns")).to_contain_text("Not started")
    sign_out(page)

    # Each agency completes and submits its return.
    for email, who, events, shot in [
        ("school@example.org", "Claire Dunn", [
            (D(2026, 10, 19), "08:50", "Amelia's brother arrived at school hungry"),
            (D(2026, 11, 2), "09:05", "Brother absent; no call from home")], "return-school"),
        ("charity@example.org", "Tom Reilly", [
            (D(2026, 10, 25), "16:30", "Family support worker visit cancelled by the father")],
         "return-charity"),
    ]:
        sign_in(page, url, email, DEMO_PASSWORD)
        page.get_by_role("region", name="Information requests for your agency").get_by_role(
            "link", name=f"Rapid review {reference}").click()
        check_page(f"{shot}-task-list")
        complete_return(page, check_page, who=who, events=events, shot=shot)
        check_page(f"{shot}-submitted")
        sign_out(page)

    # The business unit chooses the panel, circulates the pack, records the meeting.
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    page.goto(f"{url}/cases/{reference}/")
    page.get_by_role("link", name="Open the rapid review").click()
    expect(page.get_by_test_id("warnings")).to_have_count(0)  # no panel yet, nothing to warn
    check_page("rapid-review-gathering")
    step(page, "Choose the panel")
    page.get_by_label("Ruth Ellison", exact=False).check()
    page.get_by_label("Samir Haddad", exact=False).check()
    page.get_by_role("button", name="Save the panel").click()
    expect(page.get_by_test_id("warnings")).to_contain_text(
        "No one from the police attends the panel")
    pack = page.request.get(f"{page.url.rstrip('/')}/panel-pack.pdf")
    assert pack.headers["content-type"] == "application/pdf"
    pack_text = pdf_text(pack.body(), tmp_path)
    chronology = pack_text[pack_text.index("Chronology of key events, all agencies"):]
    # One chronology across both agencies, in date order, each row with its agency.
    assert chronology.index("19 Oct 2026 8:50am St Aidan's") < chronology.index(
        "25 Oct 2026 4:30pm Northmoor Family Support Network") < chronology.index(
        "2 Nov 2026 9:05am St Aidan's")
    for event in ("Amelia's brother arrived at school", "Family support worker visit "
                  "cancelled by the father", "Brother absent; no call from home"):
        assert event in chronology
    step(page, "Record that the panel pack was circulated")
    enter_date(page, "When was the panel pack circulated?", D(2026, 11, 16))
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record who attended the panel").first.click()
    # Every panel member on one page; a few blank rows for anyone else who attended.
    members = page.get_by_test_id("panel-member")
    expect(members).to_have_count(2)
    members.filter(has_text="Ruth Ellison").get_by_label("Attended").check()
    samir = members.filter(has_text="Samir Haddad")
    samir.get_by_label("Sent a deputy").check()
    check_page("rapid-review-attendance")
    page.get_by_role("button", name="Save and return to the rapid review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the name of Samir Haddad's deputy")
    check_page("rapid-review-attendance-error")
    samir.get_by_label("Name of the deputy").fill("Dr Lena Marsh")
    for index, (name, agency, role) in enumerate([
        ("DCI Amy Stone", "Northmoor Police", "Panel member"),
        ("Claire Dunn", "St Aidan's Primary School", "Panel member"),
        ("Jo Bright", "Northmoor Council Legal Services", "Legal adviser"),
    ]):
        row = page.locator("fieldset.govuk-fieldset").filter(has_text=f"Other person {index + 1}")
        row.get_by_label("Name", exact=True).fill(name)
        row.get_by_label("Agency").select_option(label=agency)
        row.get_by_role("group", name="Panel role").get_by_label(role, exact=True).check()
        if index == 1:
            row.get_by_label("Has had direct involvement in the case").check()
    page.get_by_role("button", name="Save and return to the rapid review").click()
    expect(page.get_by_test_id("attendance")).to_contain_text("(sent a deputy: Dr Lena Marsh)")
    warnings = page.get_by_test_id("warnings")
    expect(warnings).to_contain_text(
        "Claire Dunn (St Aidan's Primary School) has had direct involvement in the case")
    expect(warnings).not_to_contain_text("attends the panel")
    expect(warnings).not_to_contain_text("legal representative")
    step(page, "Record that the panel met")
    enter_date(page, "When did the panel meet?", D(2026, 11, 18))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("review-status")).to_have_text("Panel met")
    check_page("rapid-review-panel-met")
    sign_out(page)

    # The chair records the outcome and recommendation.
    sign_in(page, url, "chair@example.org", DEMO_PASSWORD)
    page.goto(f"{url}{review_path(reference)}")
    page.get_by_role("link", name="Record the panel's outcome and recommendation").first.click()
    page.get_by_label("Facts established").fill("Amelia was admitted with a skull fracture.")
    page.get_by_label("Analysis of agency involvement").fill(
        "The father was not seen by any agency; culture and language were not considered.")
    page.get_by_label("Learning already identified").fill("Invisible men.")
    choose(page, "The panel's recommendation to the safeguarding partners",
           "A Local Safeguarding Practice Review to be undertaken (independent author)")
    choose(page, "May the case raise issues that are complex or of national importance?", "No")
    page.get_by_label("Rationale for the recommendation").fill("The LCSPR criteria are met.")
    page.get_by_role("button", name="Save and return to the rapid review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Set out the key lines of enquiry")
    check_page("rapid-review-outcome-error")
    page.get_by_label("Key lines of enquiry").fill("How was the risk from the father assessed?")
    page.get_by_role("button", name="Save and return to the rapid review").click()
    expect(page.get_by_test_id("review-status")).to_have_text("Recommendation made")
    sign_out(page)

    # The partnership chair (the scrutineer role, 000 stage 7) decides on the recommendation:
    # the partners agree with it.
    sign_in(page, url, "scrutineer@example.org", DEMO_PASSWORD)
    page.goto(f"{url}{review_path(reference)}")
    step(page, "Record the partners' decision")
    choose(page, "Do the partners agree with the panel's recommendation?",
           "Yes, the partners agree with the panel's recommendation")
    page.get_by_role("button", name="Record the partners' decision").click()
    expect(page.get_by_test_id("review-status")).to_have_text("Partners' decision made")
    sign_out(page)

    # Each statutory partner signs off the decision in their own name, reading what they sign.
    for email in ("partner@example.org", "police.partner@example.org",
                  "icb.partner@example.org"):
        sign_in(page, url, email, DEMO_PASSWORD)
        page.goto(f"{url}{review_path(reference)}")
        step(page, "Sign off the partners' decision")
        expect(page.get_by_test_id("what-is-signed")).to_contain_text(
            "How was the risk from the father assessed?")
        enter_date(page, "Date of your sign-off", D(2026, 11, 23))
        page.get_by_label("I sign off this decision on behalf of").check()
        page.get_by_role("button", name="Sign off in my name").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")
        sign_out(page)

    # The business unit generates the report and records its submission.
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    page.goto(f"{url}{review_path(reference)}")
    expect(page.get_by_test_id("review-status")).to_have_text("Signed off by the partners")
    expect(page.get_by_test_id("sign-offs")).not_to_contain_text("Not yet signed")
    report = page.request.get(f"{url}{review_path(reference)}rapid-review-report.pdf")
    report_text = pdf_text(report.body(), tmp_path)
    for expected in ("8. Sign-off of the partners' decision by the safeguarding partners",
                     "The partners' decision", "agreeing with the panel's recommendation",
                     "Daniel Okafor",
                     "Helen Marsh", "Graham Lowe", "How was the risk from the father assessed?"):
        assert expected in report_text
    step(page, "Record that the rapid review was sent to the National Panel")
    enter_date(page, "When was it sent?", D(2026, 11, 24))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("review-status")).to_have_text("Sent to the National Panel")
    check_page("rapid-review-submitted")


def review_path(reference: str) -> str:
    from reviews.models import RapidReview

    return RapidReview.objects.get(case__reference=reference).get_absolute_url()


def pdf_text(content: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not found: install poppler-utils")
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
