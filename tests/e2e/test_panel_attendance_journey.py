"""The business unit chooses a rapid review's panel from every eligible person (chairs,
members and the partners' representatives), then records on one page who of it attended,
sent a deputy or gave apologies, and who else came."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from demo.management.commands.load_demo import DEMO_PASSWORD
from tests.e2e.pages import sign_in

D = datetime.date


@pytest.fixture
def review_path(notified_case):
    from cases.models import Case
    from reviews.rapid_review import services
    from safeguarding.models import User

    review = services.start_rapid_review(
        case=Case.objects.get(reference=notified_case),
        actor=User.objects.get(email="bu@example.org"), decided_on=D(2026, 11, 9),
        decision_note="The partnership Chair decided on 9 November 2026 to hold a rapid review.")
    return f"/rapid-reviews/{review.pk}/"


def test_choose_the_panel_and_record_who_attended(page: Page, live_server, review_path,
                                                   check_page):
    url = live_server.url
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    page.goto(f"{url}{review_path}panel/")
    choices = page.get_by_role("group", name="Who sits on the panel of this review?")
    expect(choices.get_by_label(
        "Ruth Ellison, Northmoor Council Children's Services (Panel chair)")).to_be_visible()
    for name in ("Ruth Ellison", "Samir Haddad", "Helen Marsh"):
        choices.get_by_label(name, exact=False).check()
    check_page("rapid-review-choose-panel")
    page.get_by_role("button", name="Save the panel").click()

    page.goto(f"{url}{review_path}attendance/")
    members = page.get_by_test_id("panel-member")
    expect(members).to_have_count(3)
    members.filter(has_text="Ruth Ellison").get_by_label("Attended").check()
    members.filter(has_text="Samir Haddad").get_by_label("Sent a deputy").check()
    members.filter(has_text="Helen Marsh").get_by_label("Gave apologies").check()
    page.get_by_role("button", name="Save and return to the rapid review").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the name of Samir Haddad's deputy")
    check_page("rapid-review-attendance-error")
    summary.get_by_role("link", name="Enter the name of Samir Haddad's deputy").click()
    expect(members.filter(has_text="Samir Haddad").get_by_label("Name of the deputy")
           ).to_be_focused()
    members.filter(has_text="Samir Haddad").get_by_label("Name of the deputy").fill(
        "Hannah Doyle")
    other = page.locator("fieldset.govuk-fieldset").filter(has_text="Other person 1")
    other.get_by_label("Name", exact=True).fill("Jo Bright")
    other.get_by_label("Agency").select_option(label="Northmoor Council Legal Services")
    other.get_by_role("group", name="Panel role").get_by_label("Legal adviser").check()
    check_page("rapid-review-attendance")
    page.get_by_role("button", name="Save and return to the rapid review").click()

    attendance = page.get_by_test_id("attendance")
    expect(attendance).to_contain_text("Samir Haddad (sent a deputy: Hannah Doyle)")
    expect(attendance).to_contain_text("Helen Marsh (gave apologies)")
    expect(attendance).to_contain_text("Jo Bright")
    check_page("rapid-review-attendance-recorded")
