"""Issue 15's journey in a real browser, as the manager, the scrutineer and the business unit:
the manager follows a pipeline count to the cases behind it and a timeliness figure to the
deadlines behind it; the scrutineer reads the recent decisions, filters the decision log by
case and finds the recurring learning theme; the business unit applies a learning theme to a
case and downloads the annual report as PDF, Word and Excel and reads each back. Every page
is scanned with axe and photographed (tests/screenshots/oversight-*.png).

The service's today is Tuesday 1 December 2026: the last 12 months run from 2 December 2025
and the latest reporting year that has ended is April 2025 to March 2026, so the
notifications of December 2025 to March 2026 count in both, across Christmas and New Year."""

import datetime
import io
import types

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from demo.management.commands.load_demo import DEMO_PASSWORD
from tests.e2e.pages import sign_in, sign_out
from tests.pdfs import needs_pdftotext, pdf_text

D = datetime.date
TODAY = D(2026, 12, 1)
NOTIFY = "notify_national_panel"
DELAY = "A trial is listed for March; the police asked us to wait."
LATE_CHILD = "Oliver Quinlan"
ON_TIME_CHILDREN = ("Isla Penrose", "Noah Whitcombe", "Ruby Tennant")
OVERDUE_CHILD = "Freya Lindqvist"
REFERRED_CHILD = "Leo Marchetti"
LCSPR_CHILD = "Amelia Hartwell"
CHILDREN = (LATE_CHILD, *ON_TIME_CHILDREN, OVERDUE_CHILD, REFERRED_CHILD, LCSPR_CHILD)
SHARED_THEME, TICKED_THEME = "Neglect", "Domestic abuse"


@pytest.fixture
def on_the_day(monkeypatch):
    """The day the service thinks it is, in the test and in the live server's thread."""
    original = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs:
                        original(*args, **kwargs) if args or kwargs else TODAY)


def user(email: str):
    from safeguarding.models import User

    return User.objects.select_related("agency").get(email=email)


def notified(child: str, received: D, notified_on: D | None, *, screened: bool = True):
    """A case received on ``received`` (the day the local authority became aware and the
    partners were informed), the partners deciding to notify the next day and the referrer
    told the day after; the online notification sent on ``notified_on`` and the partners then
    deciding that the criteria for a rapid review are not met (neither yet when it is
    None)."""
    from cases import services
    from cases.models import Case, Notification
    from tests.factories import submitted_case

    school, unit = user("school@example.org"), user("bu@example.org")
    case = submitted_case(created_by=school, agency=school.agency, received_on=received,
                          incident_date=received - datetime.timedelta(days=1),
                          agreement_date=received, child__full_name=child)
    if not screened:
        return case
    services.inform_partners(case=case, actor=unit, informed_on=received)
    services.record_screening_decision(
        case=case, actor=user("partner@example.org"), decision=Case.ScreeningDecision.NOTIFY,
        decided_on=received + datetime.timedelta(days=1),
        rationale="A baby was seriously harmed and abuse is suspected.")
    services.record_local_authority_awareness(case=case, actor=unit, aware_on=received)
    services.record_referrer_feedback(case=case, actor=unit,
                                      told_on=received + datetime.timedelta(days=2))
    if notified_on is not None:
        for recipient in Notification.Recipient.values[:3]:
            services.record_notification(case=case, actor=unit, recipient=recipient,
                                         notified_on=notified_on,
                                         channel=Notification.Channel.ONLINE_SYSTEM,
                                         sent_by="Priya Shah")
        case.refresh_from_db()
        services.decide_no_rapid_review(
            case=case, actor=user("partner@example.org"),
            reason="The harm was accidental: the criteria for a rapid review are not met.")
    case.refresh_from_db()
    return case


def an_lcspr_with_actions():
    """A case received on Monday 12 January 2026 whose rapid review concluded with an LCSPR
    (partners' decision Friday 23 January), and its action plan: two actions agreed by the
    Learning and Development group, one due 2 November 2026 and not done (overdue)."""
    from cases import services as cases
    from reviews.action_plans import services as plans
    from reviews.models import ActionPlan
    from safeguarding.models import Agency
    from tests.e2e.test_lcspr_journey import people
    from tests.reviews.lcspr import journey

    lcspr = journey.concluded(people(), received=D(2026, 1, 12), decided=D(2026, 1, 23))
    case = lcspr.case
    case.referral.children.update(full_name=LCSPR_CHILD)
    # The factory's referring agency, named as a partnership's would be.
    Agency.objects.filter(pk=case.referral.agency_id).update(name="Northmoor Nursery")
    unit, chair = user("bu@example.org"), user("chair@example.org")
    cases.record_referrer_feedback(case=case, actor=unit, told_on=D(2026, 1, 15))
    plan = plans.start_plan(actor=unit, source=ActionPlan.Source.LCSPR,
                            scope=ActionPlan.Scope.MULTI_AGENCY,
                            title="Learning from the LCSPR", case=case)
    for words, agency, due in (
            ("Audit the police's attendance at strategy discussions", "Northmoor Police",
             D(2026, 11, 2)),
            ("Brief every designated safeguarding lead on sharing attendance concerns",
             "St Aidan's Primary School", D(2027, 3, 31))):
        action = plans.propose_action(plan=plan, actor=unit, action=words,
                                      owner_agency=Agency.objects.get(name=agency), due_on=due)
        plans.agree_action(action=action, actor=chair, agreed_on=D(2026, 3, 2))
    return case


@pytest.fixture
def world(demo_partnership, on_the_day):
    """Seven cases, through the services:
    - notified late: received Monday 22 December 2025, the National Panel's notification due
      Wednesday 31 December (5 working days: 23, 24, 29, 30, 31; Christmas Day and Boxing
      Day are bank holidays) and sent Wednesday 7 January 2026: 4 working days late (2, 5,
      6 and 7 January; New Year's Day a bank holiday), with criminal proceedings as the
      reason;
    - notified on time: three, in February and March 2026, and the LCSPR's case (January);
    - those four with no rapid review (the partners decided the criteria are not met);
    - to be notified: received Monday 2 November 2026, due Monday 9 November, overdue;
    - referred: received Monday 30 November 2026, not yet screened.
    Learning themes: Neglect on the late case and the LCSPR's case (recurring), information
    sharing on the LCSPR's case only."""
    from cases.models import Case
    from deadlines.models import Deadline, DelayReason
    from deadlines.services import record_delay_reason
    from oversight.themes.models import LearningTheme
    from oversight.themes.services import apply_themes

    late = notified(LATE_CHILD, D(2025, 12, 22), D(2026, 1, 7))
    deadline = Deadline.objects.get(case=late, clock__code=NOTIFY)
    assert (deadline.due_on, deadline.state) == (D(2025, 12, 31), Deadline.State.MET_LATE)
    record_delay_reason(deadline=deadline, actor=user("bu@example.org"),
                        kind=DelayReason.Kind.CRIMINAL_PROCEEDINGS, text=DELAY)
    for child, received in zip(ON_TIME_CHILDREN, (D(2026, 2, 2), D(2026, 3, 2), D(2026, 3, 9)),
                               strict=True):
        notified(child, received, received + datetime.timedelta(days=2))
    overdue = notified(OVERDUE_CHILD, D(2026, 11, 2), None)
    referred = notified(REFERRED_CHILD, D(2026, 11, 30), None, screened=False)
    lcspr_case = an_lcspr_with_actions()
    unit = user("bu@example.org")
    themes = dict(LearningTheme.objects.values_list("name", "pk"))
    for case, names in ((late, [SHARED_THEME]),
                        (lcspr_case, [SHARED_THEME, "Information sharing"])):
        apply_themes(case_id=case.pk, record="case", record_id=None,
                     theme_ids=[themes[name] for name in names], actor=unit)
    assert Case.objects.get(pk=overdue.pk).status == Case.Status.NOTIFICATION_DUE
    return types.SimpleNamespace(late=late.reference, overdue=overdue.reference,
                                 referred=referred.reference, lcspr=lcspr_case.reference)


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def open_oversight(page: Page, part: str, check_page=None) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Oversight").click()
    heading(page, "Oversight")
    if check_page:
        check_page("oversight-index")
    page.get_by_role("link", name=part, exact=True).click()


def home_list(page: Page, title: str):
    return page.get_by_role("region", name=title)


def the_manager_follows_the_figures(page: Page, base_url: str, check_page, world) -> None:
    from deadlines.models import Clock

    sign_in(page, base_url, "manager@example.org", DEMO_PASSWORD)
    pipeline_now = home_list(page, "The pipeline now")
    expect(pipeline_now).to_contain_text(
        "Cases under way: 3 1 referred, 1 to be notified, 1 LCSPR to be commissioned")
    clocks = home_list(page, "Statutory clocks in the last 12 months")
    notify = Clock.objects.get(code=NOTIFY)
    # Met on time: the three in February and March and the LCSPR's; late: one; overdue: one.
    expect(clocks).to_contain_text(f"{notify.name}: 4 of 6 on time (67%)")
    expect(clocks).to_contain_text("1 met late, 1 overdue")
    check_page("oversight-home-manager")

    open_oversight(page, "Pipeline", check_page)
    heading(page, "Pipeline")
    check_page("oversight-pipeline-manager")
    to_be_notified = page.get_by_test_id("cases-notification_due")
    to_be_notified.get_by_role("link").click()
    heading(page, "To be notified")
    expect(page.get_by_test_id("count")).to_contain_text("1 at this stage now")
    rows = page.get_by_test_id("at-stage").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(world.overdue)
    check_page("oversight-pipeline-stage-manager")

    page.get_by_role("link", name="Back to the pipeline").click()
    page.get_by_role("link", name="Back to oversight").click()
    page.get_by_role("link", name="Timeliness", exact=True).click()
    heading(page, "Timeliness")
    statutory = page.get_by_test_id("statutory")
    notify_row = statutory.locator("tbody tr").filter(
        has=page.get_by_role("rowheader", name=notify.name))
    for figure in ("4 met on time", "1 met late", "1 overdue"):
        expect(notify_row.get_by_role("link", name=f"{figure}: {notify.name}",
                                      exact=True)).to_be_visible()
    expect(notify_row).to_contain_text("Criminal proceedings: 1")
    check_page("oversight-timeliness-manager")
    notify_row.get_by_role("link", name=f"1 met late: {notify.name}", exact=True).click()
    heading(page, "Met late")
    behind = page.get_by_test_id("deadlines").locator("tbody tr")
    expect(behind).to_have_count(1)
    cells = behind.locator("td")
    expect(cells.nth(0)).to_contain_text(world.late)
    expect(cells.nth(2)).to_have_text("31 Dec 2025")
    expect(cells.nth(3)).to_have_text("7 Jan 2026")
    expect(cells.nth(4)).to_have_text("4")
    expect(cells.nth(5)).to_contain_text(DELAY)
    check_page("oversight-timeliness-clocks-manager")
    sign_out(page)


def the_scrutineer_reads_the_decisions_and_themes(page: Page, base_url: str, check_page,
                                                   world) -> None:
    sign_in(page, base_url, "scrutineer@example.org", DEMO_PASSWORD)
    decisions = home_list(page, "Recent decisions")
    expect(decisions.get_by_role("listitem").first).to_contain_text(
        f"{world.lcspr}: Action agreed by the Learning and Development group")
    check_page("oversight-home-scrutineer")
    decisions.get_by_role("link", name="See the full decision log").click()
    heading(page, "Decision log")
    page.get_by_label("Case reference").fill(world.late)
    page.get_by_role("button", name="Filter").click()
    log = page.get_by_test_id("decision-log")
    expect(log.locator("caption")).to_contain_text(f"about {world.late}")
    rows = log.locator("tbody tr")
    expect(rows.first).to_be_visible()
    for row in rows.all():
        expect(row.locator("td").nth(1)).to_have_text(world.late)
    expect(log).to_contain_text(DELAY)  # the reason for the delay is a decision too
    check_page("oversight-decision-log-scrutineer")

    open_oversight(page, "Learning themes")
    heading(page, "Learning themes")
    expect(page.get_by_test_id("recurring")).to_contain_text(f"{SHARED_THEME} (2 cases)")
    shared = page.get_by_test_id("themes").locator("tbody tr").filter(
        has=page.get_by_role("rowheader", name=SHARED_THEME))
    expect(shared.locator(".govuk-tag")).to_have_text("Recurring")
    expect(shared.get_by_role("link", name=world.late)).to_be_visible()
    expect(shared.get_by_role("link", name=world.lcspr)).to_be_visible()
    once = page.get_by_test_id("themes").locator("tbody tr").filter(
        has=page.get_by_role("rowheader", name="Information sharing"))
    expect(once.locator(".govuk-tag")).to_have_count(0)
    check_page("oversight-themes-scrutineer")
    sign_out(page)


def the_business_unit_applies_a_theme(page: Page, base_url: str, check_page, world) -> None:
    sign_in(page, base_url, "bu@example.org", DEMO_PASSWORD)
    page.goto(f"{base_url}/cases/")
    page.get_by_role("link", name=world.overdue).first.click()
    page.get_by_role("link", name="Change learning themes").click()
    heading(page, "Learning themes")
    check_page("oversight-case-themes-business-unit")
    page.get_by_label(TICKED_THEME, exact=True).first.check()
    page.get_by_role("button", name="Save learning themes").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{world.overdue}: learning themes saved")
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.overdue)
    expect(page.get_by_test_id("learning-themes")).to_contain_text(TICKED_THEME)
    check_page("oversight-case-business-unit")


def the_annual_report_reads_back(page: Page, base_url: str, check_page, tmp_path) -> None:
    import openpyxl
    from docx import Document

    open_oversight(page, "Annual report")
    heading(page, "Annual report: reporting year 2025 to 2026")
    figures = page.locator("figure")
    expect(figures.first).to_be_visible()
    for figure in figures.all():
        expect(figure.locator("svg")).to_have_count(1)
        expect(figure.locator("figcaption")).not_to_be_empty()
    expect(page.locator("table.govuk-table").first).to_be_visible()
    check_page("oversight-annual-report-business-unit")

    def download(name: str) -> bytes:
        with page.expect_download() as started:
            page.get_by_role("link", name=name, exact=True).click()
        path = tmp_path / started.value.suggested_filename
        started.value.save_as(path)
        return path.read_bytes()

    def no_names(text: str) -> None:
        for child in CHILDREN:
            for name in child.split():
                assert name not in text, f"{name} in the annual report"

    # Five referrals and five notifications in the year; three months of fewer than 5.
    text = pdf_text(download("Download the report as PDF"), tmp_path)
    assert "Notifications" in text and "Rapid reviews" in text
    assert "Referrals received 5" in text and "fewer than 5" in text
    assert "Local Child Safeguarding Practice Reviews (LCSPRs)" in text
    no_names(text)

    document = Document(io.BytesIO(download("Download the report as Word (.docx) to edit it")))
    words = "\n".join([paragraph.text for paragraph in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells])
    assert "Notifications" in [p.text for p in document.paragraphs if p.style.name.startswith(
        "Heading")]
    no_names(words)

    workbook = openpyxl.load_workbook(io.BytesIO(
        download("Download every table as Excel (.xlsx)")), read_only=True)
    assert len(workbook.worksheets) > 1
    rows = [[str(value) for value in row if value is not None]
            for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
    assert ["Referrals received", "5"] in rows
    assert ["January 2026", "fewer than 5"] in rows
    no_names(" ".join(" ".join(row) for row in rows))


@needs_pdftotext
def test_oversight_as_the_manager_the_scrutineer_and_the_business_unit(
        page: Page, live_server, check_page, world, tmp_path):
    base_url = live_server.url
    the_manager_follows_the_figures(page, base_url, check_page, world)
    the_scrutineer_reads_the_decisions_and_themes(page, base_url, check_page, world)
    the_business_unit_applies_a_theme(page, base_url, check_page, world)
    the_annual_report_reads_back(page, base_url, check_page, tmp_path)
