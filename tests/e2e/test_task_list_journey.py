"""The task lists in a real browser, changing as the work goes on: the case's "Progress" as
the business unit informs the partners and a partner decides to notify; the rapid review's
"Progress" as the panel is chosen and the three statutory partners sign off one by one, with
what each person can do now ("What you can do now") following the same rules."""

import datetime

from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from demo.management.commands.load_demo import DEMO_PASSWORD
from tests.e2e.pages import choose, enter_date, sign_in, sign_out

D = datetime.date
INFORMED = "Record that the safeguarding partners were informed"
PACK = "Record that the panel pack was circulated"
SENT = "Record that the rapid review was sent to the National Panel"
SIGN_OFF = "Sign-off by the local authority, police and integrated care board"
DECISION = "Record the partners' decision"


def task(page: Page, testid: str, title: str) -> Locator:
    """One row of a task list, found by its title (a link or plain text)."""
    return page.get_by_test_id(testid).locator("li.govuk-task-list__item").filter(
        has=page.get_by_text(title, exact=True))


def expect_task(page: Page, testid: str, title: str, status: str, *, hint: str | None = None,
                link: bool | None = None) -> None:
    row = task(page, testid, title)
    expect(row).to_have_count(1)
    expect(row.locator(".govuk-task-list__status")).to_have_text(status)
    if hint is not None:
        expect(row.locator(".govuk-task-list__hint")).to_have_text(hint)
    if link is not None:
        expect(row.get_by_role("link")).to_have_count(1 if link else 0)


def step(page: Page, link: str) -> None:
    page.get_by_test_id("steps").get_by_role("link", name=link).click()


def on(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def test_the_task_lists_follow_the_work(page: Page, live_server, demo_partnership, check_page):
    from safeguarding.models import User
    from tests.factories import submitted_case

    url = live_server.url
    school = User.objects.get(email="school@example.org")
    reference = submitted_case(created_by=school, agency=school.agency,
                               child__full_name="Amelia Hart",
                               received_on=D(2026, 11, 23)).reference
    today = on(timezone.localdate())

    # The business unit sees what it can do now, and what must wait.
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    page.goto(f"{url}/cases/{reference}/")
    expect_task(page, "case-tasks", INFORMED, "To do", link=True)
    expect_task(page, "case-tasks", "Record the safeguarding partners' decision",
                "Cannot start yet", link=False)
    check_page("tasks-case-referred")
    task(page, "case-tasks", INFORMED).get_by_role("link").click()
    enter_date(page, "When were the safeguarding partners informed?", D(2026, 11, 23))
    page.get_by_role("button", name="Save the date").click()
    expect(page.get_by_test_id("status")).to_have_text("With the safeguarding partners")
    expect_task(page, "case-tasks", INFORMED, "Completed",
                link=False,
                hint=f"Safeguarding partners informed. Recorded by Priya Shah on {today}")
    expect_task(page, "case-tasks", "Record the safeguarding partners' decision", "Waiting",
                hint="Waiting for a safeguarding partner", link=False)
    check_page("tasks-case-partners-informed")
    sign_out(page)

    # A partner's turn: the decision is theirs to do, and the list moves on.
    sign_in(page, url, "partner@example.org", DEMO_PASSWORD)
    page.goto(f"{url}/cases/{reference}/")
    expect_task(page, "case-tasks", "Record the safeguarding partners' decision", "To do",
                link=True)
    check_page("tasks-case-partner-to-decide")
    task(page, "case-tasks", "Record the safeguarding partners' decision").get_by_role(
        "link").click()
    choose(page, "What have the partners decided?", "Notify the National Panel, Ofsted and DfE")
    enter_date(page, "When did the partners decide?", D(2026, 11, 24))
    page.get_by_label("Rationale for the decision").fill(
        "A potentially life-threatening injury to a baby; abuse is suspected.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("status")).to_have_text("To be notified")
    expect_task(page, "case-tasks", "Record the safeguarding partners' decision", "Completed",
                link=False,
                hint=f"Partners decided to notify. Recorded by Daniel Okafor on {today}")
    expect_task(page, "case-tasks", "Notify the National Panel, Ofsted and DfE", "Waiting",
                link=False)
    check_page("tasks-case-to-be-notified")
    sign_out(page)

    # The notifications and the rapid review's first weeks, through the services.
    review_url = url + to_a_submitted_return(reference)

    # Before a panel is chosen there is nothing to warn of; once chosen, who is missing.
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    page.goto(f"{url}/cases/{reference}/")
    expect_task(page, "case-tasks", "Notify the National Panel, Ofsted and DfE", "Completed",
                link=False)
    expect_task(page, "case-tasks", "Start the rapid review", "Completed", link=False)
    page.goto(review_url)
    expect(page.get_by_test_id("warnings")).to_have_count(0)
    expect_task(page, "review-tasks", "Ask agencies for information", "Completed",
                hint=f"Agencies asked for information. Recorded by Priya Shah on {today}")
    expect_task(page, "review-tasks", "Choose the panel", "To do", link=True)
    expect_task(page, "review-tasks", SIGN_OFF, "Cannot start yet", link=False)
    check_page("tasks-review-gathering")
    step(page, "Choose the panel")
    page.get_by_label("Ruth Ellison", exact=False).check()
    page.get_by_label("Samir Haddad", exact=False).check()
    page.get_by_role("button", name="Save the panel").click()
    expect(page.get_by_test_id("warnings")).to_contain_text(
        "No one from the police attends the panel")
    expect_task(page, "review-tasks", "Choose the panel", "Completed",
                hint=f"Panel chosen. Recorded by Priya Shah on {today}", link=False)
    check_page("tasks-review-panel-chosen")

    # The pack, who attended and the meeting, each through its page; each task is done in turn.
    step(page, PACK)
    enter_date(page, "When was the panel pack circulated?", D(2026, 11, 25))
    page.get_by_role("button", name="Save").click()
    expect_task(page, "review-tasks", PACK, "Completed",
                hint=f"Panel pack circulated. Recorded by Priya Shah on {today}", link=False)
    expect_task(page, "review-tasks", "Record that the panel met", "Waiting",
                hint="Record who attended before recording the meeting", link=False)
    task(page, "review-tasks", "Record who attended the panel").get_by_role("link").click()
    # The two chosen for the panel came; two more people attended.
    for member in ("Ruth Ellison", "Samir Haddad"):
        page.get_by_test_id("panel-member").filter(has_text=member).get_by_label(
            "Attended", exact=True).check()
    others = [("DCI Amy Stone", "Northmoor Police", "Panel member"),
              ("Jo Bright", "Northmoor Council Legal Services", "Legal adviser")]
    for index, (name, agency, role) in enumerate(others):
        row = page.locator("fieldset.govuk-fieldset").filter(
            has_text=f"Other person {index + 1}")
        row.get_by_label("Name").fill(name)
        row.get_by_label("Agency").select_option(label=agency)
        row.get_by_label(role, exact=True).check()
    page.get_by_role("button", name="Save and return to the rapid review").click()
    # Read from who attended now: the police came, the school did not.
    warnings = page.get_by_test_id("warnings")
    expect(warnings).to_contain_text("No one from education attends the panel")
    expect(warnings).not_to_contain_text("the police")
    expect_task(page, "review-tasks", "Record who attended the panel", "Completed",
                hint=f"Attendance recorded by Priya Shah on {today}", link=False)
    expect_task(page, "review-tasks", "Record that the panel met", "To do", link=True)
    task(page, "review-tasks", "Record that the panel met").get_by_role("link").click()
    enter_date(page, "When did the panel meet?", D(2026, 11, 26))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("review-status")).to_have_text("Panel met")
    expect_task(page, "review-tasks", "Record the panel's outcome and recommendation",
                "Waiting", hint="Waiting for the panel's chair", link=False)
    check_page("tasks-review-panel-met")
    sign_out(page)

    # The chair's turn.
    sign_in(page, url, "chair@example.org", DEMO_PASSWORD)
    page.goto(review_url)
    expect_task(page, "review-tasks", "Record the panel's outcome and recommendation",
                "To do", link=True)
    task(page, "review-tasks", "Record the panel's outcome and recommendation").get_by_role(
        "link").click()
    page.get_by_label("Facts established").fill("Amelia was admitted with a skull fracture.")
    page.get_by_label("Analysis of agency involvement").fill(
        "The father was not seen by any agency.")
    page.get_by_label("Learning already identified").fill("Invisible men.")
    choose(page, "The panel's recommendation to the safeguarding partners",
           "A Local Safeguarding Practice Review to be undertaken (independent author)")
    choose(page, "May the case raise issues that are complex or of national importance?", "No")
    page.get_by_label("Rationale for the recommendation").fill("The LCSPR criteria are met.")
    page.get_by_label("Key lines of enquiry").fill("How was the risk from the father assessed?")
    page.get_by_role("button", name="Save and return to the rapid review").click()
    expect(page.get_by_test_id("review-status")).to_have_text("Recommendation made")
    sign_out(page)

    # The partners' decision maker (the scrutineer: the partnership chair, 000 stage 7)
    # decides on the recommendation through the task's link.
    sign_in(page, url, "scrutineer@example.org", DEMO_PASSWORD)
    page.goto(review_url)
    expect_task(page, "review-tasks", DECISION, "To do", link=True)
    task(page, "review-tasks", DECISION).get_by_role("link").click()
    expect(page.get_by_test_id("recommendation")).to_contain_text(
        "A Local Safeguarding Practice Review to be undertaken")
    choose(page, "Do the partners agree with the panel's recommendation?",
           "Yes, the partners agree with the panel's recommendation")
    page.get_by_role("button", name="Record the partners' decision").click()
    expect(page.get_by_test_id("review-status")).to_have_text("Partners' decision made")
    check_page("tasks-review-decided")
    sign_out(page)

    # Sign-off waits for the three partners; the hint should say whose sign-off is missing.
    missing_partners = WaitingFor(page)
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    page.goto(review_url)
    expect(page.get_by_test_id("review-status")).to_have_text("Partners' decision made")
    for title in ("Ask agencies for information", "Choose the panel", PACK,
                  "Record who attended the panel", "Record that the panel met"):
        expect_task(page, "review-tasks", title, "Completed", link=False)
    expect_task(page, "review-tasks", "Record the panel's outcome and recommendation",
                "Completed", hint=f"Panel's recommendation recorded by Ruth Ellison on {today}",
                link=False)
    expect_task(page, "review-tasks", SIGN_OFF, "Waiting", link=False)
    missing_partners.check("the business unit, before any sign-off",
                           "Local authority, Police, Integrated care board")
    check_page("tasks-review-recommended")
    sign_out(page)

    sign_in(page, url, "partner@example.org", DEMO_PASSWORD)
    sign_off_through_the_page(page, review_url, D(2026, 11, 27))
    sign_out(page)
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    page.goto(review_url)
    expect_task(page, "review-tasks", SIGN_OFF, "Waiting", link=False)
    missing_partners.check("the business unit, after the local authority signed",
                           "Police, Integrated care board")
    check_page("tasks-review-local-authority-signed")
    sign_out(page)

    # The police partner is offered the sign-off, signs through the task's link, and is not
    # offered it again.
    sign_in(page, url, "police.partner@example.org", DEMO_PASSWORD)
    page.goto(review_url)
    expect(page.get_by_test_id("steps").get_by_role(
        "link", name="Sign off the partners' decision")).to_be_visible()
    expect_task(page, "review-tasks", SIGN_OFF, "To do", link=True)
    check_page("tasks-review-police-to-sign")
    task(page, "review-tasks", SIGN_OFF).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign off the partners' decision")
    expect(page.get_by_test_id("what-is-signed")).to_contain_text(
        "How was the risk from the father assessed?")
    enter_date(page, "Date of your sign-off", D(2026, 11, 28))
    page.get_by_label("I sign off this decision on behalf of").check()
    page.get_by_role("button", name="Sign off in my name").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")
    expect(page.get_by_test_id("review-status")).to_have_text("Partners' decision made")
    expect(page.get_by_test_id("sign-offs")).to_contain_text("Helen Marsh")
    expect(page.get_by_role("link", name="Sign off the partners' decision")).to_have_count(0)
    expect_task(page, "review-tasks", SIGN_OFF, "Waiting", link=False)
    missing_partners.check("the police partner, after signing", "Integrated care board")
    check_page("tasks-review-police-signed")
    sign_out(page)

    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    page.goto(review_url)
    expect_task(page, "review-tasks", SIGN_OFF, "Waiting", link=False)
    missing_partners.check("the business unit, after the police signed",
                           "Integrated care board")
    sign_out(page)

    # The third partner's sign-off completes it.
    sign_in(page, url, "icb.partner@example.org", DEMO_PASSWORD)
    sign_off_through_the_page(page, review_url, D(2026, 11, 30))
    expect(page.get_by_test_id("review-status")).to_have_text("Signed off by the partners")
    expect_task(page, "review-tasks", SIGN_OFF, "Completed", link=False,
                hint=f"Signed off by the local authority, police and integrated care board. "
                     f"Recorded by Graham Lowe on {today}")
    expect(page.get_by_role("link", name="Sign off the partners' decision")).to_have_count(0)
    expect_task(page, "review-tasks", SENT, "Waiting",
                hint="Waiting for the business unit", link=False)
    check_page("tasks-review-signed-off")

    missing_partners.report()


class WaitingFor:
    """The sign-off row's hint names the partners still to sign, whoever reads it: the
    business unit, or a partner who has signed already."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def check(self, reader: str, partners: str) -> None:
        hint = task(self.page, "review-tasks", SIGN_OFF).locator(".govuk-task-list__hint")
        expect(hint, reader).to_have_text(f"Waiting for the sign-off of: {partners}")

    def report(self) -> None:
        """Each check has asserted already."""


def sign_off_through_the_page(page: Page, review_url: str, day: datetime.date) -> None:
    page.goto(review_url)
    step(page, "Sign off the partners' decision")
    enter_date(page, "Date of your sign-off", day)
    page.get_by_label("I sign off this decision on behalf of").check()
    page.get_by_role("button", name="Sign off in my name").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")


def to_a_submitted_return(reference: str) -> str:
    """The notifications recorded, the rapid review started and the school's return in.
    Returns the rapid review's address."""
    from cases import services as cases
    from cases.models import Case, Notification
    from reviews.rapid_review import services as reviews
    from safeguarding.models import Agency, User
    from tests.rapid_review import complete

    unit = User.objects.get(email="bu@example.org")
    case = Case.objects.get(reference=reference)
    cases.record_local_authority_awareness(case=case, actor=unit, aware_on=D(2026, 11, 20))
    for recipient in (Notification.Recipient.NATIONAL_PANEL, Notification.Recipient.OFSTED,
                      Notification.Recipient.DFE):
        cases.record_notification(case=case, actor=unit, recipient=recipient,
                                  notified_on=D(2026, 11, 24),
                                  channel=Notification.Channel.ONLINE_SYSTEM,
                                  sent_by="Priya Shah")
    case.refresh_from_db()
    review = reviews.start_rapid_review(
        case=case, actor=unit, decided_on=D(2026, 11, 24),
        decision_note="The partnership Chair decided on 24 November 2026 to hold a rapid "
                      "review.")
    school = Agency.objects.get(name="St Aidan's Primary School")
    information_return = reviews.send_information_requests(review=review, actor=unit,
                                                           agencies=[school])[0]
    complete(information_return)
    reviews.submit_information_return(information_return=information_return,
                                      actor=User.objects.get(email="school@example.org"))
    return review.get_absolute_url()
