"""Issue 12's journey in a real browser, each role in turn: a school's referral with "Not
known" answers and the dates its agency and the local authority knew; the notification clock
running from the referral's date; the partners' decision to notify, with the working days
left; one online notification, recorded once; the panel's recommendation, a different
decision by the partners, a sign-off, a decline, a changed decision (the signature voided)
and the partners signing again; a date corrected with its reason and the clock recomputed;
the reason for the delay; and the rapid review report read back from its PDF."""

import datetime

from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from demo.management.commands.load_demo import DEMO_PASSWORD
from tests.e2e.pages import choose, enter_date, sign_in, sign_out
from tests.pdfs import needs_pdftotext, pdf_text

NOTIFY = "Notify the National Panel, Ofsted and DfE"
ONLINE = "National Panel, Ofsted and DfE (online notification)"
AWARE_TASK = "Confirm when the local authority became aware"
LCSPR = "A Local Safeguarding Practice Review to be undertaken (independent author)"
NO_REVIEW = "No review required but any local learning will be identified"
LEARNING_REVIEW = "A multi-agency practice learning review to be undertaken (local reviewer)"
DECISION = "Record the partners' decision"
SIGN_OFF = "Sign off the partners' decision"
DECLINE = "Decline and send the decision back"
DELAY_REASON = ("Children's social care logged the police's call on the night of the "
                "incident but did not pass it to the business unit; the school's referral "
                "was the first the partnership heard of it.")
NOT_KNOWN_QUESTIONS = [
    "Was the child known to social care prior to the incident?",
    "Was the child on a child protection plan at the time or prior to the incident?",
    "Were any siblings on a child protection plan at the time or prior to the incident?",
    "Was the child on a child in need plan at the time or prior to the incident?",
    "Were any siblings on a child in need plan at the time or prior to the incident?",
]


class Dates:
    """Counted back from today in working days, as the clocks count: the local authority was
    told 2 working days ago (so the 5 to notify have 3 left), but it really knew 8 working
    days ago (the corrected date, which makes the notification 3 working days late)."""

    def __init__(self) -> None:
        from deadlines.calendar import add_working_days

        self.today = timezone.localdate()
        self.told = add_working_days(self.today, -2)  # as the referral says
        self.aware = add_working_days(self.today, -8)  # as corrected
        self.incident = self.aware
        self.notify_by = add_working_days(self.told, 5)
        self.corrected_notify_by = add_working_days(self.aware, 5)

    @staticmethod
    def short(day: datetime.date) -> str:  # the clocks table: 3 Dec 2026
        return f"{day.day} {day:%b %Y}"

    @staticmethod
    def long(day: datetime.date) -> str:  # 3 December 2026
        return f"{day.day} {day:%B %Y}"


def working_days_left(day: datetime.date) -> int:
    from deadlines.calendar import working_days_between

    return working_days_between(timezone.localdate(), day)


# The referral's pages.

def open_section(page: Page, title: str) -> None:
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def save_section(page: Page) -> None:
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer a serious incident")


def refer_with_not_known_answers(page: Page, check_page, dates: Dates) -> str:
    """Every question that allows it answered "Not known" (or "Unsure", "Not yet known"); no
    date of birth, only an age; no authorising officer yet. Returns the case reference."""
    page.get_by_role("link", name="Refer a serious incident").click()
    page.get_by_role("button", name="Start a new referral").click()

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
    save_section(page)

    open_section(page, "About you and your authorising officer")
    page.get_by_label("Telephone number").fill("01632 960 001")
    page.get_by_label("Your address").fill("St Aidan's Primary School, Church Lane, Northmoor")
    save_section(page)

    open_section(page, "About the child or children")
    page.get_by_label("Full name").fill("Amelia Hart")
    page.get_by_label("Age at the time of the incident").fill("About 8 months")
    choose(page, "Gender", "Not known")
    check_page("fidelity-referral-child-not-known")
    save_section(page)

    open_section(page, "The incident")
    enter_date(page, "Date of the serious incident", dates.incident)
    enter_date(page, "When did your agency become aware of the incident?", dates.told)
    enter_date(page, "When were children's social care or the local authority told?",
               dates.told)
    choose(page, "Does the alleged incident involve the conduct of a staff member?",
           "Not known")
    choose(page, "Is a coroner involved?", "Unsure")
    choose(page, "Is there a criminal investigation?", "Unsure")
    choose(page, "What is the main cause of the incident?", "Not yet known")
    choose(page, "What are the characteristics of the case?", "Not yet known")
    check_page("fidelity-referral-incident-dates")
    save_section(page)

    open_section(page, "Child protection and child in need")
    for question in NOT_KNOWN_QUESTIONS:
        choose(page, question, "Not known")
    save_section(page)

    open_section(page, "Details of the case or incident")
    page.get_by_label("Details of the case or incident").fill(
        "Amelia was brought to A&E with a fractured skull; the explanation was inconsistent.")
    page.get_by_label("Why do you believe this case meets the criteria for notification?").fill(
        "A potentially life-threatening injury, and abuse is suspected.")
    save_section(page)

    open_section(page, "Authorising officer comment and other reviews")
    page.get_by_label("None known: I am unaware of any other reviews").check()
    save_section(page)

    page.get_by_role("link", name="Check your answers").click()
    expect(page.locator("main")).to_contain_text("Not known")
    expect(page.locator("main")).to_contain_text(Dates.long(dates.told))
    check_page("fidelity-referral-check-answers")
    page.get_by_role("button", name="Submit referral").click()
    expect(page.get_by_role("heading", name="Referral submitted")).to_be_visible()
    return page.locator(".govuk-panel__body strong").inner_text()


# The case and the rapid review.

def task(page: Page, testid: str, title: str) -> Locator:
    return page.get_by_test_id(testid).locator("li.govuk-task-list__item").filter(
        has=page.get_by_text(title, exact=True))


def clock_row(page: Page, name: str) -> Locator:
    return page.get_by_test_id("clocks").get_by_role("row").filter(has_text=name)


def act(page: Page, link: str) -> None:
    page.get_by_test_id("actions").get_by_role("link", name=link).click()


def step(page: Page, link: str) -> None:
    page.get_by_test_id("steps").get_by_role("link", name=link).click()


def saved(page: Page) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()


def to_panel_met(reference: str, today: datetime.date) -> str:
    """The rapid review started, the school's return in, the panel chosen (its chair reads
    the review), the pack circulated, who attended and the meeting recorded, through the
    services (the rapid review journey tests those pages). Returns the review's address."""
    from cases.models import Case
    from reviews.models import PanelAttendance
    from reviews.rapid_review import services as reviews
    from safeguarding.models import Agency, User
    from safeguarding.rows import RowChange
    from tests.rapid_review import complete

    unit = User.objects.get(email="bu@example.org")
    case = Case.objects.get(reference=reference)
    review = reviews.start_rapid_review(
        case=case, actor=unit, decided_on=today,
        decision_note="The partnership Chair decided today to hold a rapid review.")
    agency = {name: Agency.objects.get(name=name) for name in (
        "St Aidan's Primary School", "Northmoor Council Children's Services",
        "Northmoor Police", "Northmoor Teaching Hospitals NHS Foundation Trust",
        "Northmoor Council Legal Services")}
    information_return = reviews.send_information_requests(
        review=review, actor=unit, agencies=[agency["St Aidan's Primary School"]])[0]
    complete(information_return)
    reviews.submit_information_return(information_return=information_return,
                                      actor=User.objects.get(email="school@example.org"))
    reviews.choose_panel(review=review, actor=unit, members=User.objects.filter(
        email__in=["chair@example.org", "panel@example.org"]))
    reviews.circulate_panel_pack(review=review, actor=unit, circulated_on=today)
    role = PanelAttendance.PanelRole
    reviews.record_attendance(review=review, actor=unit, attendance=[
        RowChange(values={"name": name, "job_title": "", "agency": agency[where],
                          "panel_role": panel_role, "direct_involvement": False})
        for name, where, panel_role in [
            ("Ruth Ellison", "Northmoor Council Children's Services", role.CHAIR),
            ("DCI Amy Stone", "Northmoor Police", role.MEMBER),
            ("Samir Haddad", "Northmoor Teaching Hospitals NHS Foundation Trust", role.MEMBER),
            ("Mrs J Patel", "St Aidan's Primary School", role.MEMBER),
            ("Jo Bright", "Northmoor Council Legal Services", role.LEGAL_ADVISER)]])
    reviews.record_meeting_held(review=review, actor=unit, held_on=today)
    return review.get_absolute_url()


def sign_off(page: Page, url: str, email: str, review_url: str, dates: Dates,
             decision: str) -> None:
    """``email``'s partner signs off the ``decision`` the page shows them."""
    sign_in(page, url, email, DEMO_PASSWORD)
    page.goto(review_url)
    step(page, SIGN_OFF)
    expect(page.get_by_test_id("what-is-signed")).to_contain_text(decision)
    enter_date(page, "Date of your sign-off", dates.today)
    page.get_by_label("I sign off this decision on behalf of").check()
    page.get_by_role("button", name="Sign off in my name").click()
    saved(page)
    sign_out(page)


@needs_pdftotext
def test_statutory_fidelity_from_referral_to_report(page: Page, live_server, demo_partnership,
                                                    check_page, tmp_path):
    url, dates = live_server.url, Dates()
    page.set_default_timeout(10_000)

    # 1. The school refers, answering "Not known" where it does not know.
    sign_in(page, url, "school@example.org", DEMO_PASSWORD)
    reference = refer_with_not_known_answers(page, check_page, dates)
    sign_out(page)

    # 2. The business unit: the notification clock already runs from the referral's date.
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    page.get_by_role("region", name="Referrals to triage").get_by_role(
        "link", name=reference).click()
    notify_clock = clock_row(page, NOTIFY)
    expect(notify_clock).to_contain_text(Dates.short(dates.told))
    expect(notify_clock).to_contain_text(Dates.short(dates.notify_by))
    expect(notify_clock).to_contain_text(
        f"{working_days_left(dates.notify_by)} working days left")
    expect(task(page, "case-tasks", AWARE_TASK).get_by_role("link")).to_have_count(1)
    check_page("fidelity-case-referred")
    task(page, "case-tasks", AWARE_TASK).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(AWARE_TASK)
    # The page starts with the referral's date and says where it came from.
    expect(page.get_by_test_id("lead")).to_contain_text("The referral says")
    expect(page.get_by_role("group", name="When did the local authority become aware of the "
                                          "incident?").get_by_label("Day")).to_have_value(
        str(dates.told.day))
    check_page("fidelity-confirm-awareness")
    page.get_by_role("button", name="Confirm the date").click()
    saved(page)
    expect(task(page, "case-tasks", AWARE_TASK).locator(
        ".govuk-task-list__status")).to_have_text("Completed")
    act(page, "Record that the safeguarding partners were informed")
    enter_date(page, "When were the safeguarding partners informed?", dates.today)
    page.get_by_role("button", name="Save the date").click()
    expect(page.get_by_test_id("status")).to_have_text("With the safeguarding partners")
    sign_out(page)

    # The partner decides to notify, reading how many working days are left.
    sign_in(page, url, "partner@example.org", DEMO_PASSWORD)
    page.get_by_role("region", name="Decisions waiting for you").get_by_role(
        "link", name=reference).click()
    act(page, "Record the safeguarding partners' decision")
    expect(page.get_by_test_id("lead")).to_contain_text(
        f"The local authority became aware on {Dates.long(dates.told)}: notify the National "
        f"Panel by {Dates.long(dates.notify_by)} "
        f"({working_days_left(dates.notify_by)} working days left).")
    check_page("fidelity-decision-days-left")
    choose(page, "What have the partners decided?", NOTIFY)
    enter_date(page, "When did the partners decide?", dates.today)
    page.get_by_label("Rationale for the decision").fill(
        "A potentially life-threatening injury to a baby; abuse is suspected.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("status")).to_have_text("To be notified")
    sign_out(page)

    # One online notification, recorded once, reaches the National Panel, Ofsted and DfE.
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    page.goto(f"{url}/cases/{reference}/")
    outstanding = page.get_by_test_id("outstanding")
    expect(outstanding.get_by_role("listitem")).to_have_count(1)
    outstanding.get_by_role("link", name=f"Record the notification to {ONLINE}").click()
    expect(page.get_by_test_id("lead")).to_contain_text("reaches the National Panel, Ofsted "
                                                        "and DfE together")
    enter_date(page, "When was the notification sent?", dates.today)
    choose(page, "How was it sent?", "Child safeguarding incident notification system")
    page.get_by_label("Who sent it?").fill("Priya Shah")
    page.get_by_label("The notification's reference").fill("CSPR-2026-0412")
    check_page("fidelity-online-notification")
    page.get_by_role("button", name="Record the notification").click()
    saved(page)
    expect(page.get_by_test_id("status")).to_have_text("Notified")
    expect(page.get_by_test_id("notifications").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("notifications")).to_contain_text(ONLINE)
    expect(page.get_by_test_id("outstanding")).to_have_text(
        "Every required recipient has been notified.")
    expect(clock_row(page, NOTIFY)).to_contain_text(f"Met {Dates.short(dates.today)}")
    expect(page.get_by_test_id("delay-prompt")).to_have_count(0)
    check_page("fidelity-case-notified")
    sign_out(page)

    # 3. The rapid review to the panel's meeting, through the services.
    review_url = url + to_panel_met(reference, dates.today)

    # The chair records the panel's recommendation: an LCSPR.
    sign_in(page, url, "chair@example.org", DEMO_PASSWORD)
    page.goto(review_url)
    task(page, "review-tasks", "Record the panel's outcome and recommendation").get_by_role(
        "link").click()
    page.get_by_label("Facts established").fill("Amelia was admitted with a skull fracture.")
    page.get_by_label("Analysis of agency involvement").fill(
        "The father was not seen by any agency.")
    page.get_by_label("Learning already identified").fill("Invisible men.")
    choose(page, "The panel's recommendation to the safeguarding partners", LCSPR)
    choose(page, "May the case raise issues that are complex or of national importance?", "No")
    page.get_by_label("Rationale for the recommendation").fill("The LCSPR criteria are met.")
    page.get_by_label("Key lines of enquiry").fill("How was the risk from the father assessed?")
    page.get_by_role("button", name="Save and return to the rapid review").click()
    expect(page.get_by_test_id("review-status")).to_have_text("Recommendation made")
    sign_out(page)

    # The partners' decision maker decides otherwise, with the reason.
    sign_in(page, url, "scrutineer@example.org", DEMO_PASSWORD)
    page.goto(review_url)
    step(page, DECISION)
    expect(page.get_by_test_id("recommendation")).to_contain_text(LCSPR)
    choose(page, "Do the partners agree with the panel's recommendation?",
           "No, the partners decide otherwise")
    choose(page, "If not, what do the partners decide?", NO_REVIEW)
    page.get_by_label("If not, why do the partners decide otherwise?").fill(
        "The learning is already known from the 2025 review of a similar case.")
    check_page("fidelity-partners-decide-otherwise")
    page.get_by_role("button", name="Record the partners' decision").click()
    expect(page.get_by_test_id("review-status")).to_have_text("Partners' decision made")
    expect(page.get_by_test_id("partners-decision")).to_contain_text(
        f"{NO_REVIEW} (deciding otherwise)")
    sign_out(page)

    # The local authority signs off; the police decline, which sends it back.
    sign_off(page, url, "partner@example.org", review_url, dates, NO_REVIEW)
    sign_in(page, url, "police.partner@example.org", DEMO_PASSWORD)
    page.goto(review_url)
    expect(page.get_by_test_id("sign-offs")).to_contain_text("Signed Daniel Okafor")
    step(page, DECLINE)
    expect(page.get_by_test_id("what-is-signed")).to_contain_text(NO_REVIEW)
    page.get_by_role("button", name="Decline and send back to the decision maker").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason you decline")
    page.get_by_label("Why do you decline to sign off this decision?").fill(
        "The criminal investigation has found practice by several agencies to look at "
        "together: a review is needed.")
    check_page("fidelity-decline-sign-off")
    page.get_by_role("button", name="Decline and send back to the decision maker").click()
    saved(page)
    expect(page.get_by_test_id("review-status")).to_have_text("Recommendation made")
    expect(page.get_by_test_id("sign-offs")).to_contain_text("Declined Helen Marsh")
    sign_out(page)

    # The decision maker reads the decline and changes the decision: the signature is void.
    sign_in(page, url, "scrutineer@example.org", DEMO_PASSWORD)
    page.goto(review_url)
    expect(task(page, "review-tasks", DECISION).get_by_role("link")).to_have_count(1)
    step(page, DECISION)
    expect(page.get_by_text("declined to sign off the last decision")).to_contain_text(
        "declined to sign off the last decision: The criminal investigation")
    # What stood, and whose signature a new decision voids.
    expect(page.get_by_test_id("lead")).to_contain_text("voids the signatures given on it")
    check_page("fidelity-decision-after-decline")
    choose(page, "Do the partners agree with the panel's recommendation?",
           "No, the partners decide otherwise")
    choose(page, "If not, what do the partners decide?", LEARNING_REVIEW)
    page.get_by_label("If not, why do the partners decide otherwise?").fill(
        "As the police said, several agencies' practice needs looking at together; a local "
        "reviewer can do so faster than an LCSPR, alongside the criminal investigation.")
    page.get_by_role("button", name="Record the partners' decision").click()
    expect(page.get_by_test_id("review-status")).to_have_text("Partners' decision made")
    expect(page.get_by_test_id("partners-decision")).to_contain_text("(version 2)")
    sign_offs = page.get_by_test_id("sign-offs")
    expect(sign_offs).not_to_contain_text("Daniel Okafor")
    expect(sign_offs).not_to_contain_text("Declined")
    expect(sign_offs.get_by_text("Not yet signed")).to_have_count(3)
    check_page("fidelity-decision-changed")
    sign_out(page)

    # The partners sign again, the local authority's partner included.
    for email in ("partner@example.org", "police.partner@example.org",
                  "icb.partner@example.org"):
        sign_off(page, url, email, review_url, dates, LEARNING_REVIEW)

    # 4. The business unit corrects the date the local authority became aware.
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    page.goto(review_url)
    expect(page.get_by_test_id("review-status")).to_have_text("Signed off by the partners")
    page.goto(f"{url}/cases/{reference}/")
    act(page, "Correct a recorded date")
    choose(page, "Which date is wrong?",
           f"Date the local authority became aware: {Dates.long(dates.told)}")
    enter_date(page, "What is the correct date?", dates.aware)
    page.get_by_label("Why is it corrected?").fill(
        "Children's social care's records show the police told them on the night of the "
        "incident; the referral gave the date the school told them.")
    check_page("fidelity-correct-date")
    page.get_by_role("button", name="Correct the date").click()
    saved(page)
    notify_clock = clock_row(page, NOTIFY)
    expect(notify_clock).to_contain_text(Dates.short(dates.aware))
    expect(notify_clock).to_contain_text(Dates.short(dates.corrected_notify_by))
    expect(notify_clock).to_contain_text("Met late")
    expect(page.get_by_test_id("timeline")).to_contain_text(
        f"corrected from {Dates.long(dates.told)} to {Dates.long(dates.aware)}")

    # 5. The notification is now late: the case page asks for the reason for the delay.
    prompt = page.get_by_test_id("delay-prompt")
    expect(prompt).to_contain_text("A statutory clock is late")
    check_page("fidelity-delay-prompt")
    prompt.get_by_role("link", name=f"Give the reason for the delay: {NOTIFY}").click()
    assert "/deadlines/" in page.url and page.url.endswith("/delay-reason/")
    expect(page.get_by_test_id("lead")).to_contain_text(
        f"was due on {Dates.long(dates.corrected_notify_by)} and met on "
        f"{Dates.long(dates.today)}")
    choose(page, "Why is it late?", "Another reason")
    page.get_by_label("Describe the reason").fill(DELAY_REASON)
    check_page("fidelity-delay-reason")
    page.get_by_role("button", name="Save the reason").click()
    saved(page)
    expect(page.get_by_test_id("delay-prompt")).to_have_count(0)
    expect(clock_row(page, NOTIFY).get_by_test_id("delay-reason")).to_contain_text(
        "the school's referral was the first the partnership heard of it")

    # 6. The rapid review goes to the National Panel; its report is read back.
    page.goto(review_url)
    step(page, "Record that the rapid review was sent to the National Panel")
    enter_date(page, "When was it sent?", dates.today)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("review-status")).to_have_text("Sent to the National Panel")
    check_page("fidelity-review-sent")
    report = page.request.get(review_url.rstrip("/") + "/rapid-review-report.pdf")
    assert report.headers["content-type"] == "application/pdf"
    text = pdf_text(report.body(), tmp_path)
    decision = text[text.index("6. Decision and rationale"):text.index("7. Key lines")]
    assert f"The panel's recommendation {LCSPR}" in decision
    assert (f"The partners' decision {LEARNING_REVIEW} (deciding otherwise than the panel "
            "recommended)") in decision
    assert "Reason: As the police said" in decision
    assert "recorded by Alan Forbes" in decision and "(version 2)" in decision
    signed = text[text.index("8. Sign-off"):text.index("9. Who attended")]
    for name in ("Daniel Okafor", "Helen Marsh", "Graham Lowe"):
        assert name in signed
    assert "Declined" not in signed
    attended = text[text.index("9. Who attended"):text.index("10. Parallel")]
    for name in ("Ruth Ellison", "DCI Amy Stone", "Samir Haddad", "Mrs J Patel",
                 "Jo Bright"):
        assert name in attended
    delays = text[text.index("Reasons for delay"):]
    assert NOTIFY in delays
    assert " ".join(DELAY_REASON.split()) in delays
