"""The annual report (issue 15 items 5 and 6): counted from the records of one reporting year
(1 April 2025 to 31 March 2026), every count from 1 to 4 shown as "fewer than 5" in the page
and in every file, no child's or family member's name and no case reference anywhere (the
case below names a child Zephyrine Quillfeather and her mother Octavia Brackenbury, in the
referral, an action plan's title, an action and an LCSPR's publication address), charts as
SVG a page may hold under the CSP, and a page that costs the same queries for 3 cases as 12."""

import csv
import datetime
import io
import re
import zipfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from cases.models import Case, Notification
from forms.models import FamilyMember
from oversight import charts
from oversight.annual_report import contents as report_contents
from oversight.annual_report.selectors import Tally, annual_report
from oversight.annual_report.suppression import suppressed
from oversight.periods import reporting_year
from oversight.themes.models import LearningTheme, ThemeTag
from reviews.models import (
    Action,
    ActionEscalation,
    ActionPlan,
    Lcspr,
    LearningPoint,
    LearningShared,
    RapidReview,
)
from safeguarding import figures_cache
from safeguarding.models import Decision, Role
from tests.factories import AgencyFactory, UserFactory, submitted_case
from tests.pdfs import needs_pdftotext, pdf_text

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = 2025
PERIOD = reporting_year(YEAR)
TODAY = D(2026, 6, 1)
NAMES = ("Zephyrine", "Quillfeather", "Octavia", "Brackenbury")
COUNT = re.compile(r"^(0|fewer than 5|[5-9]|[1-9]\d+)$")
ACTIONS = Action.Status


@pytest.fixture(autouse=True)
def on(monkeypatch):
    """The day the service thinks it is: June 2026, after the reporting year."""
    original = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs:
                        original(*args, **kwargs) if args or kwargs else TODAY)


@pytest.fixture
def unit():
    return UserFactory(role=Role.BUSINESS_UNIT)


def _case(received_on: D, child: str = "Baby Amelia Test") -> Case:
    return submitted_case(received_on=received_on, incident_date=received_on,
                          agreement_date=received_on, child__full_name=child)


def _notified(case: Case, on: D, user) -> None:
    Notification.objects.create(case=case, recipient=Notification.Recipient.NATIONAL_PANEL,
                                notified_on=on, channel=Notification.Channel.ONLINE_SYSTEM,
                                sent_by="Head of Safeguarding", recorded_by=user)


def _screened(case: Case, decision: str, on: D) -> None:
    Case.objects.filter(pk=case.pk).update(screening_decision=decision,
                                           screening_decided_on=on)


def _rapid_review(case: Case, user, decided_on: D, submitted_on: D | None = None,
                  decision: str = "") -> RapidReview:
    return RapidReview.objects.create(case=case, decided_on=decided_on, decided_by=user,
                                      decision_note="Decided", submitted_on=submitted_on,
                                      partners_decision=decision)


def _not_implemented(action: Action, on: D, reason: str) -> None:
    Action.objects.filter(pk=action.pk).update(status=ACTIONS.NOT_IMPLEMENTED,
                                               not_implemented_reason=reason)
    Decision.objects.create(
        content_type=ContentType.objects.get_for_model(Action), object_id=action.pk,
        case_id=action.plan.case_id, record=str(action), transition="not_to_be_implemented",
        what="Action not to be implemented", from_state="agreed", to_state="not_implemented",
        to_label="Not to be implemented", reason=reason,
        at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(11))))


@pytest.fixture
def year(unit):
    """The records, by hand. In the year, 1 April 2025 to 31 March 2026:
    notifications to the National Panel: 4 in June 2025, 1 in January 2026 (5); one in March
      2025 is before it;
    the partners' decisions: notify 5, no further action 1, learning 0; one in March 2025;
    rapid reviews: 5 started, 4 sent (one LCSPR, three no review); one sent in April 2026;
    LCSPRs: the first case's, decided July 2025, published January 2026 at an address that
      names the child; the second's decided October 2025, in progress on 31 March 2026;
    actions of the first case's plan (its title names the child): evidence accepted September
      2025; one outstanding and overdue, escalated in March 2026; one not to be implemented,
      decided November 2025, its reason naming the mother, the child and the case; one
      decided not to be implemented in December 2024, before the year;
    learning shared: 5 briefings and a newsletter; a briefing in April 2026, after it;
    key findings sent: 2; themes: one on 5 cases, one on the first case only."""
    named = _case(D(2025, 5, 1), child="Zephyrine Quillfeather")
    FamilyMember.objects.create(referral=named.referral, kind=FamilyMember.Kind.PARENT,
                                first_name="Octavia", last_name="Brackenbury",
                                relationship_to_child="Mother")
    cases = [named, *(_case(D(2025, 5, day)) for day in (2, 3, 4, 5))]
    earlier, no_action = _case(D(2025, 2, 1)), _case(D(2025, 6, 1))
    for number, case in enumerate(cases):
        _notified(case, D(2026, 1, 15) if number == 4 else D(2025, 6, 2 + number), unit)
        _screened(case, Case.ScreeningDecision.NOTIFY, D(2025, 5, 20))
    _notified(earlier, D(2025, 3, 20), unit)
    _screened(earlier, Case.ScreeningDecision.NOTIFY, D(2025, 3, 10))
    _screened(no_action, Case.ScreeningDecision.NO_FURTHER_ACTION, D(2025, 6, 5))
    R = RapidReview.Recommendation
    for number, case in enumerate(cases):
        _rapid_review(case, unit, D(2025, 6, 10), D(2026, 4, 10) if number == 4 else
                      D(2025, 7, 1), R.LCSPR if number == 0 else R.NO_REVIEW)
    Lcspr.objects.create(case=named, decided_on=D(2025, 7, 1), status=Lcspr.Status.PUBLISHED,
                         published_on=D(2026, 1, 20),
                         published_url="https://example.org/reviews/zephyrine-quillfeather")
    Lcspr.objects.create(case=cases[1], decided_on=D(2025, 10, 1),
                         status=Lcspr.Status.IN_PROGRESS)
    plan = ActionPlan.objects.create(source=ActionPlan.Source.LCSPR, case=named,
                                     title="Action plan for Zephyrine Quillfeather",
                                     created_on=D(2025, 5, 1))
    agency = AgencyFactory(name="Northmoor Children's Services")

    def action(status: str, **dates) -> Action:
        return Action.objects.create(plan=plan, status=status, owner_agency=agency,
                                     action="Train staff who met Zephyrine",
                                     due_on=D(2025, 12, 1), agreed_on=D(2025, 6, 1), **dates)

    action(ACTIONS.EVIDENCE_ACCEPTED, evidence_accepted_on=D(2025, 9, 1))
    overdue = action(ACTIONS.IN_PROGRESS)
    ActionEscalation.objects.create(action=overdue, stage=ActionEscalation.Stage.HEAD_OF_SERVICE,
                                    counted_from=D(2025, 12, 1), escalated_on=D(2026, 3, 2))
    _not_implemented(action(ACTIONS.AGREED), D(2025, 11, 5),
                     f"Octavia Brackenbury moved away with Zephyrine ({named.reference}); "
                     "Ms Brackenbury declined the service.")
    _not_implemented(action(ACTIONS.AGREED), D(2024, 12, 1), "Superseded by a new pathway")
    for shared_on, how in [*[(D(2025, 9, 1), "briefing")] * 5, (D(2025, 10, 1), "newsletter"),
                           (D(2026, 4, 2), "briefing")]:
        LearningShared.objects.create(plan=plan, status=LearningShared.Status.SHARED,
                                      what="Learning", how=how, audience="All",
                                      shared_on=shared_on)
    for _ in range(2):
        LearningPoint.objects.create(plan=plan, captured_on=D(2025, 8, 1), text="Learning",
                                     captured_by=unit, is_key_finding=True,
                                     sent_to_group_on=D(2025, 8, 2))
    neglect = LearningTheme.objects.create(name="Neglect over time", kind="practice")
    rare = LearningTheme.objects.create(name="Private fostering", kind="characteristic")
    for case in cases:
        ThemeTag.objects.create(theme=neglect, case=case, tagged_by=unit, tagged_on=TODAY)
    ThemeTag.objects.create(theme=rare, case=named, tagged_by=unit, tagged_on=TODAY)
    return named


def _table(contents, slug: str) -> dict[str, list]:
    return {row[0]: list(row[1:]) for row in contents.part(slug).table.rows}


# Suppression.

@pytest.mark.parametrize(("n", "shown"), [(0, "0"), (1, "fewer than 5"), (4, "fewer than 5"),
                                          (5, "5"), (12, "12")])
def test_counts_from_1_to_4_are_fewer_than_5(n, shown):
    assert suppressed(n) == shown


# The figures, counted by hand.

def test_each_section_counts_the_records_of_the_year_only(year):
    contents = report_contents.contents(annual_report(period=PERIOD, today=TODAY))
    notifications = _table(contents, "notifications")
    assert notifications["Cases notified to the National Panel, Ofsted and DfE"] == ["5"]
    by_month = _table(contents, "notifications-by-month")
    assert list(by_month)[0] == "April 2025" and list(by_month)[-1] == "March 2026"
    assert by_month["June 2025"] == ["fewer than 5"]  # 4
    assert by_month["January 2026"] == ["fewer than 5"]  # 1
    assert by_month["July 2025"] == ["0"]
    screening = _table(contents, "screening-decisions")
    assert screening[Case.ScreeningDecision.NOTIFY.label] == ["5"]
    assert screening[Case.ScreeningDecision.NO_FURTHER_ACTION.label] == ["fewer than 5"]
    assert screening[Case.ScreeningDecision.LEARNING.label] == ["0"]
    reviews = _table(contents, "rapid-reviews")
    assert reviews["Rapid reviews started"] == ["5"]
    assert reviews["Rapid reviews sent to the National Panel"] == ["fewer than 5"]
    outcomes = _table(contents, "rapid-review-outcomes")
    assert outcomes[RapidReview.Recommendation.LCSPR.label] == ["fewer than 5"]
    assert outcomes[RapidReview.Recommendation.NATIONAL_REVIEW.label] == ["0"]
    lcsprs = _table(contents, "lcsprs")
    assert lcsprs["LCSPRs commissioned (the partners decided to hold one)"] == ["fewer than 5"]
    assert lcsprs["LCSPRs in progress on 31 March 2026"] == ["fewer than 5"]
    actions = _table(contents, "actions")
    assert actions["Completed: evidence accepted"] == ["fewer than 5"]
    assert actions["Outstanding on 31 March 2026"] == ["fewer than 5"]
    assert actions["Escalated"] == ["fewer than 5"]
    assert actions["Decided not to be implemented"] == ["fewer than 5"]
    learning = _table(contents, "learning-shared")
    assert learning[LearningShared.How.BRIEFING.label] == ["5"]  # not the one of April 2026
    assert learning[LearningShared.How.NEWSLETTER.label] == ["fewer than 5"]
    themes = _table(contents, "themes")
    assert themes["Neglect over time"] == ["Practice theme", "5", "Yes"]
    assert themes["Private fostering"] == ["Characteristic of the case", "fewer than 5", "No"]


def test_a_year_with_none_counts_0_not_fewer_than_5(year):
    """2023 to 2024 has none of the records above: 0 is shown as 0."""
    contents = report_contents.contents(annual_report(period=reporting_year(2023),
                                                      today=TODAY))
    assert _table(contents, "notifications")[
        "Cases notified to the National Panel, Ofsted and DfE"] == ["0"]


def test_the_reasons_actions_are_not_implemented_have_the_names_taken_out(year):
    report = annual_report(period=PERIOD, today=TODAY)
    assert [item.reason for item in report.not_implemented] == [
        "[name removed] moved away with [name removed] ([reference removed]); "
        "Ms [name removed] declined the service."]
    assert report.not_implemented[0].agency == "Northmoor Children's Services"
    (publication,) = report.publications
    assert publication.where == "https://example.org/reviews/[name removed]-[name removed]"
    assert not publication.is_link


def test_every_count_of_every_table_is_suppressed(year):
    contents = report_contents.contents(annual_report(period=PERIOD, today=TODAY))
    numeric = {"Number", "Notifications", "Decisions", "Rapid reviews", "Responses", "Actions",
               "Escalations", "Times shared", "Met on time", "Met late", "Overdue", "Waived",
               "Cases"}
    for part in contents.parts:
        for index, column in enumerate(part.table.columns):
            if column.heading in numeric:
                for row in part.table.rows:
                    assert COUNT.match(row[index]), (part.slug, row)


# Charts.

def test_a_suppressed_count_is_drawn_as_nothing():
    part = report_contents._bars("t", "Test", [Tally("Four", 4), Tally("Nine", 9),
                                              Tally("None", 0)], "Things", "categories")
    figure = part.draw()
    heights = [patch.get_width() for patch in figure.axes[0].patches]
    assert heights == [0, 9, 0]
    labels = [text.get_text() for text in figure.axes[0].texts]
    assert labels == ["fewer than 5", "9", "0"]
    assert "Four: fewer than 5; Nine: 9; None: 0." in part.description


def test_charts_are_svg_a_page_under_the_csp_can_hold():
    figure = charts.month_bars(labels=["Apr 2025", "May 2025"], values=[None, 7],
                               axis_label="Notifications")
    svg = charts.svg(figure, name="chart-test", title="Notifications by month",
                     description="April 2025: fewer than 5; May 2025: 7")
    assert svg.startswith('<svg role="img" aria-labelledby="chart-test-title chart-test-desc"')
    assert '<title id="chart-test-title">Notifications by month</title>' in svg
    assert '<desc id="chart-test-desc">April 2025: fewer than 5; May 2025: 7</desc>' in svg
    assert "<script" not in svg.lower() and "<?xml" not in svg and "DOCTYPE" not in svg
    assert "style=" not in svg and "<style" not in svg  # style-src 'self'
    assert 'fill="#1d70b8"' in svg and ">Notifications</text>" in svg
    ids = re.findall(r' id="([^"]+)"', svg)
    assert ids and all(name.startswith("chart-test-") for name in ids)
    again = charts.svg(charts.month_bars(labels=["Apr 2025", "May 2025"], values=[None, 7],
                                         axis_label="Notifications"),
                       name="chart-test", title="Notifications by month",
                       description="April 2025: fewer than 5; May 2025: 7")
    assert again == svg


def test_charts_are_png_for_word():
    figure = charts.stacked_bars(labels=["Notified"], axis_label="Deadlines", series=[
        charts.Series("Met on time", charts.GREEN, [6]),
        charts.Series("Met late", charts.ORANGE, [None])])
    assert charts.png(figure).startswith(b"\x89PNG")


# The page and the files.

def _no_names(text: str, named: Case) -> None:
    found = [name for name in (*NAMES, named.reference, "SI-20") if name.lower() in text.lower()]
    assert not found, found


def test_the_page_shows_the_draft_with_its_charts_and_no_names(year, client_as):
    response = client_as(Role.MANAGER).get(reverse("oversight:annual-report"))
    assert response.status_code == 200
    page = response.content.decode()
    _no_names(page, year)
    titles = re.findall(r'<h2 class="govuk-heading-l[^"]*" id="section-\d">([^<]+)</h2>', page)
    assert titles == ["Notifications", "Rapid reviews",
                      "Local Child Safeguarding Practice Reviews (LCSPRs)",
                      "Findings and themes", "Actions", "Learning shared"]
    figures = re.findall(r"<figure.*?</figure>", page, re.S)
    assert len(figures) == 6
    for figure in figures:
        assert '<svg role="img"' in figure and "<figcaption" in figure
        assert "<script" not in figure
    assert "fewer than 5" in page and "[name removed]" in page
    assert reverse("oversight:annual-report-download", args=[YEAR, "docx"]) in page


def test_a_year_not_offered_is_an_error_on_the_form(year, client_as):
    response = client_as(Role.SCRUTINEER).get(reverse("oversight:annual-report"),
                                              {"year": "1999"})
    assert response.status_code == 200
    assert "Select a reporting year from the list" in response.content.decode()
    assert response.context["year"] == YEAR


@needs_pdftotext
def test_the_pdf_holds_the_tables_and_the_charts_text_and_no_names(year, client_as, tmp_path):
    response = client_as(Role.BUSINESS_UNIT).get(
        reverse("oversight:annual-report-download", args=[YEAR, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    _no_names(text, year)
    assert "Reasons given for delay" in text and "Neglect over time" in text
    assert "fewer than 5" in text and "[name removed] moved away" in text
    assert "Deadlines due in the year" in text  # an axis label, drawn as SVG text
    assert "Jun 2025" in text  # the months' axis


def test_the_word_document_has_charts_described_and_no_names(year, client_as):
    response = client_as(Role.SAFEGUARDING_PARTNER).get(
        reverse("oversight:annual-report-download", args=[YEAR, "docx"]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join([paragraph.text for paragraph in document.paragraphs]
                     + [cell.text for table in document.tables for row in table.rows
                        for cell in row.cells])
    _no_names(text, year)
    assert "Findings and themes" in text and "fewer than 5" in text
    assert "[name removed] moved away" in text
    package = zipfile.ZipFile(io.BytesIO(response.content))
    xml = package.read("word/document.xml").decode()
    _no_names(xml, year)
    assert len(re.findall(r'descr="Bar chart', xml)) == 5  # and the stacked one
    assert 'descr="Stacked bar chart' in xml
    assert len([name for name in package.namelist() if name.endswith(".png")]) == 6
    _no_names(package.read("docProps/core.xml").decode(), year)


def test_the_tables_as_excel_and_csv_have_no_names(year, client_as):
    client = client_as(Role.MANAGER)
    response = client.get(reverse("oversight:annual-report-download", args=[YEAR, "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 18
    cells = " ".join(str(cell.value) for sheet in book for row in sheet.iter_rows()
                     for cell in row if cell.value is not None)
    _no_names(cells, year)
    assert "fewer than 5" in cells
    response = client.get(reverse("oversight:annual-report-table",
                                  args=[YEAR, "not-implemented"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('"annual-report-2025-2026.not-implemented.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Where from", "Owning agency", "Why"]
    _no_names(response.content.decode("utf-8-sig"), year)
    months = list(csv.reader(io.StringIO(client.get(reverse(
        "oversight:annual-report-table", args=[YEAR, "notifications-by-month"])
    ).content.decode("utf-8-sig"))))
    assert ["June 2025", "fewer than 5"] in months


def test_unknown_tables_formats_and_years_are_not_found(client_as):
    client = client_as(Role.MANAGER)
    assert client.get(reverse("oversight:annual-report-table",
                              args=[YEAR, "children"])).status_code == 404
    assert client.get(reverse("oversight:annual-report-download",
                              args=[YEAR, "html"])).status_code == 404
    assert client.get(reverse("oversight:annual-report-download",
                              args=[1999, "xlsx"])).status_code == 404


def test_agency_contributors_may_not_read_it(client_as):
    client = client_as(Role.AGENCY_CONTRIBUTOR)
    for url in (reverse("oversight:annual-report"),
                reverse("oversight:annual-report-download", args=[YEAR, "pdf"]),
                reverse("oversight:annual-report-table", args=[YEAR, "actions"])):
        assert client.get(url).status_code == 403


# Queries.

def _cases(unit, agency, theme, how_many: int) -> None:
    """Cases with every record the report counts, made directly."""
    for _ in range(how_many):
        number = Case.objects.count() + 1
        case = Case.objects.create(reference=f"SI-2025-{number:04d}", received_on=D(2025, 5, 1),
                                   screening_decision="notify",
                                   screening_decided_on=D(2025, 5, 2))
        _notified(case, D(2025, 5, 6), unit)
        _rapid_review(case, unit, D(2025, 5, 7), D(2025, 6, 1), "lcspr")
        Lcspr.objects.create(case=case, decided_on=D(2025, 7, 1), published_on=D(2026, 1, 5),
                             published_url=f"https://example.org/{number}")
        plan = ActionPlan.objects.create(source="lcspr", case=case, title="Plan",
                                         created_on=D(2025, 7, 1))
        action = Action.objects.create(plan=plan, status=ACTIONS.IN_PROGRESS,
                                       owner_agency=agency, action="Do", due_on=D(2025, 9, 1),
                                       agreed_on=D(2025, 7, 2))
        ActionEscalation.objects.create(action=action, stage="head_of_service",
                                        counted_from=D(2025, 9, 1), escalated_on=D(2025, 12, 1))
        _not_implemented(Action.objects.create(plan=plan, owner_agency=agency, action="Do",
                                               due_on=D(2025, 9, 1)), D(2025, 10, 1), "Why")
        LearningShared.objects.create(plan=plan, status="shared", what="W", how="briefing",
                                      audience="All", shared_on=D(2025, 11, 1))
        ThemeTag.objects.create(theme=theme, case=case, tagged_by=unit, tagged_on=TODAY)
    figures_cache.changed()  # made directly: the services would have said so


def test_the_page_costs_the_same_queries_for_3_cases_as_for_12(
        unit, client_as, django_assert_max_num_queries):
    agency = AgencyFactory()
    theme = LearningTheme.objects.create(name="Neglect over time", kind="practice")
    client = client_as(Role.MANAGER)
    url = reverse("oversight:annual-report")
    _cases(unit, agency, theme, 3)
    client.get(url)  # the session and the calendar read once
    figures_cache.changed()  # the figures counted afresh, not read from the cache
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).status_code == 200
    _cases(unit, agency, theme, 9)
    with django_assert_max_num_queries(len(three)):
        page = client.get(url)
    assert "Escalated" in page.content.decode()
    assert report_contents.contents(annual_report(period=PERIOD, today=TODAY)).part(
        "actions").table.rows[3] == ["Escalated", "12"]


def test_a_chart_is_drawn_again_only_when_what_it_shows_changes(year, monkeypatch):
    from django.core.cache import cache

    from oversight.annual_report import files

    cache.clear()
    drawn = []
    draw = charts.svg
    monkeypatch.setattr(charts, "svg", lambda *args, **kwargs: drawn.append(1) or draw(
        *args, **kwargs))
    report = report_contents.contents(annual_report(period=PERIOD, today=TODAY))
    first = files.shown(report)
    assert len(drawn) == 6
    assert files.shown(report) == first and len(drawn) == 6  # kept: not drawn again
    _notified(_case(D(2025, 6, 20)), D(2025, 6, 21), UserFactory(role=Role.BUSINESS_UNIT))
    files.shown(report_contents.contents(annual_report(period=PERIOD, today=TODAY)))
    # One more notification in June (5, no longer fewer than 5): the month chart is new.
    assert len(drawn) > 6
