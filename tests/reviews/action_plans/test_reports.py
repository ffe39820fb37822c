"""The action log and the exception report (004 §9.2: "The actions will be monitored within an
action log and exception report, which will be monitored by the Group"): every action by
plan, agency, status and lateness, with filters; only what is late or escalated, with the
latest update and the escalation stage; each as a PDF, a CSV and an Excel workbook, an agency
contributor seeing only their agency's actions; bounded in queries whatever the rows."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import CaseAccess
from deadlines import services as deadlines
from reviews.action_plans import reports, selectors, services
from reviews.action_plans.models import Action, ActionEscalation, ActionPlan, ActionUpdate
from reviews.action_plans.selectors import LogFilters
from tests.factories import AgencyFactory, submitted_case
from tests.pdfs import needs_pdftotext, pdf_text

from .journey import agreed

D = datetime.date
pytestmark = pytest.mark.django_db
TODAY = D(2026, 12, 1)
FORMULA = '=HYPERLINK("http://example.org","Open")'


def client(user) -> Client:
    signed_in = Client()
    signed_in.force_login(user)
    return signed_in


@pytest.fixture
def four(p, plan, on):
    """Seen on 1 December 2026: the police's audit, due 31 August, escalated to the head of
    service "three months beyond the specified deadline" (30 November) with two updates; the
    school's training, due 30 September, 62 days overdue; the school's briefing, due 20
    December (due in the next month); and its policy, due 31 March 2027, whose words and
    latest update begin as a formula would."""
    audit = agreed(p, plan, p.police, D(2026, 8, 31), action="Audit strategy discussions",
                   lead="Detective Inspector Hale")
    training = agreed(p, plan, p.school, D(2026, 9, 30), action="Train staff on referrals")
    briefing = agreed(p, plan, p.school, D(2026, 12, 20), action="Brief the governors")
    policy = agreed(p, plan, p.school, D(2027, 3, 31), action=FORMULA)
    on(D(2026, 10, 20))
    services.record_update(action=audit, actor=p.police_contributor,
                           written_on=D(2026, 9, 15), text="Audit started")
    services.record_update(action=audit, actor=p.police_contributor,
                           written_on=D(2026, 10, 20), text="Half the files audited")
    services.record_update(action=policy, actor=p.school_contributor,
                           written_on=D(2026, 10, 20), text="@SUM(1,1) drafted")
    on(D(2026, 11, 30))
    deadlines.sweep_deadlines(today=D(2026, 11, 30))
    on(TODAY)
    return audit, training, briefing, policy


def numbers(rows) -> list[str]:
    return [row.action.action for row in rows]


def log(user, **filters) -> list:
    return list(selectors.action_log(user=user, today=TODAY, filters=LogFilters(**filters)))


def test_the_log_holds_every_action_with_its_latest_update_and_stage(p, four):
    audit, training, briefing, policy = four
    assert ActionEscalation.objects.get().stage == ActionEscalation.Stage.HEAD_OF_SERVICE
    rows = {action.pk: action for action in log(p.chair)}
    assert list(rows) == [audit.pk, training.pk, briefing.pk, policy.pk]
    assert (rows[audit.pk].latest_update_on, rows[audit.pk].latest_update_text,
            rows[audit.pk].stage_rank) == (D(2026, 10, 20), "Half the files audited", 1)
    assert (rows[training.pk].latest_update_on, rows[training.pk].stage_rank) == (None, 0)
    assert [selectors.days_overdue(action, TODAY) for action in rows.values()] == [92, 62, 0, 0]


def test_the_log_filters_by_plan_agency_status_and_lateness(p, plan, four):
    audit, training, briefing, policy = four
    other = services.start_plan(actor=p.business_unit, source=ActionPlan.Source.THEMATIC,
                                title="Thematic audit of neglect", scope="multi_agency")
    elsewhere = agreed(p, other, p.police, D(2027, 1, 29), action="Neglect toolkit")
    every = [audit, training, briefing, policy, elsewhere]
    assert [a.pk for a in log(p.chair)] == [a.pk for a in every]
    assert [a.pk for a in log(p.chair, plan=other.pk)] == [elsewhere.pk]
    assert [a.pk for a in log(p.chair, agency=p.police.pk)] == [audit.pk, elsewhere.pk]
    assert [a.pk for a in log(p.chair, status=Action.Status.IN_PROGRESS)] == [audit.pk,
                                                                            policy.pk]
    assert [a.pk for a in log(p.chair, lateness="overdue")] == [audit.pk, training.pk]
    assert [a.pk for a in log(p.chair, lateness="escalated")] == [audit.pk]
    assert [a.pk for a in log(p.chair, lateness="due_soon")] == [briefing.pk]


def test_an_extension_agreed_starts_the_escalation_count_again(p, four):
    """The stage shown is the one reached for the current due date."""
    audit = four[0]
    Action.objects.filter(pk=audit.pk).update(due_on=D(2027, 2, 26))
    assert [a.stage_rank for a in log(p.chair, agency=p.police.pk)] == [0]
    assert log(p.chair, lateness="escalated") == []


def test_the_exception_report_holds_only_what_is_overdue_or_escalated(p, four):
    audit, training, _briefing, _policy = four
    rows = selectors.exception_report(user=p.chair, today=TODAY)
    # By owning agency's name (Northmoor Police before St Aidan's), the longest overdue first.
    assert [a.pk for a in rows] == [audit.pk, training.pk]
    second_police = agreed(p, audit.plan, p.police, D(2026, 11, 2), action="Police briefing")
    rows = selectors.exception_report(user=p.chair, today=TODAY)
    assert [a.pk for a in rows] == [audit.pk, second_police.pk, training.pk]


def test_the_exception_page_shows_the_latest_update_and_the_stage(p, four):
    page = client(p.chair).get(reverse("action_plans:exceptions"))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="count">2 actions<' in text
    assert "Audit strategy discussions" in text and "Train staff on referrals" in text
    assert "Brief the governors" not in text
    assert "Half the files audited" in text and "Audit started" not in text
    assert "Head of service" in text and ">92</strong>" in text and ">62</strong>" in text
    for label, fmt in (("Download the exception report as a PDF", "pdf"),
                       ("Download the exception report as a CSV file", "csv"),
                       ("Download the exception report as an Excel spreadsheet (.xlsx)", "xlsx")):
        assert f'href="/action-plans/exceptions/download/{fmt}/">{label}</a>' in text


def test_the_log_page_filters_and_carries_its_filters_to_the_downloads(p, four):
    url = reverse("action_plans:log")
    page = client(p.chair).get(url, {"agency": p.school.pk, "lateness": "overdue"})
    text = page.content.decode()
    assert 'data-testid="count">1 action<' in text
    assert "Train staff on referrals" in text and "Audit strategy" not in text
    query = f"agency={p.school.pk}&amp;lateness=overdue"
    assert (f'href="/action-plans/log/download/xlsx/?{query}">'
            "Download the action log as an Excel spreadsheet (.xlsx)") in text
    assert f'href="{url}">Clear filters</a>' in text
    assert 'data-testid="count">4 actions<' in client(p.chair).get(url).content.decode()


def test_a_filter_not_offered_is_refused_and_left_out(p, four):
    page = client(p.school_contributor).get(reverse("action_plans:log"),
                                            {"agency": p.police.pk})
    text = page.content.decode()
    assert "govuk-error-summary" in text
    assert 'data-testid="count">3 actions<' in text and "Audit strategy" not in text


def test_the_plans_and_the_plan_page_link_to_the_reports(p, plan, four):
    plans = client(p.chair).get(reverse("action_plans:plans")).content.decode()
    assert f'href="{reverse("action_plans:log")}"' in plans
    assert f'href="{reverse("action_plans:exceptions")}"' in plans
    page = client(p.chair).get(plan.get_absolute_url()).content.decode()
    assert f'href="{reverse("action_plans:log")}?plan={plan.pk}"' in page


def download(user, kind: str, fmt: str, **query):
    response = client(user).get(reverse(f"action_plans:{kind}-download", args=[fmt]), query)
    assert response.status_code == 200, response.status_code
    return response


def csv_rows(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_exception_report_as_csv(p, four):
    response = download(p.chair, "exceptions", "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="exception-report-2026-12-01.csv"')
    rows = csv_rows(response)
    assert rows[0][:5] == ["Plan", "Where from", "Case", "Action", "What is to be done"]
    assert [row[4] for row in rows[1:]] == ["Audit strategy discussions",
                                            "Train staff on referrals"]
    audit = dict(zip(rows[0], rows[1], strict=True))
    assert (audit["Owning agency"], audit["Lead"], audit["Due"], audit["Days overdue"],
            audit["Escalated to"], audit["Latest update on"], audit["Latest update"]) == (
        "Northmoor Police", "Detective Inspector Hale", "2026-08-31", "92", "Head of service",
        "2026-10-20", "Half the files audited")
    assert audit["Case"] == four[0].plan.case.reference


def test_formulas_are_shown_never_run(p, four):
    """A text cell beginning with =, +, - or @: a leading apostrophe in the CSV; a text cell
    with Excel's quote prefix in the workbook."""
    rows = csv_rows(download(p.chair, "log", "csv", lateness="", agency=p.school.pk))
    policy = rows[-1]
    assert policy[4] == "'" + FORMULA and policy[-1] == "'@SUM(1,1) drafted"
    sheet = openpyxl.load_workbook(io.BytesIO(download(p.chair, "log", "xlsx").content)).active
    cell = sheet.cell(row=5, column=5)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (FORMULA, "s", True)
    assert sheet.cell(row=5, column=14).data_type == "s"


def test_the_log_as_an_excel_workbook(p, four):
    response = download(p.chair, "log", "xlsx", agency=p.police.pk)
    assert response["Content-Disposition"] == 'attachment; filename="action-log-2026-12-01.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Action log" and sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "Plan" and sheet["A1"].font.b
    assert sheet.column_dimensions["E"].width == 50
    assert sheet.max_row == 2
    due = sheet.cell(row=2, column=8)
    assert due.is_date and due.value.date() == D(2026, 8, 31)
    assert sheet.cell(row=2, column=11).value == 92
    assert sheet.cell(row=2, column=14).value == "Half the files audited"


@needs_pdftotext
def test_the_exception_report_as_a_pdf(p, four, tmp_path):
    response = download(p.chair, "exceptions", "pdf", agency=p.police.pk)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Exception report" in text and "Made on 1 December 2026" in text
    assert "Filters: Owning agency: Northmoor Police" in text
    assert "Audit strategy discussions" in text and "Half the files audited" in text
    assert "Head of service" in text and "Train staff" not in text


def test_an_agency_contributor_sees_only_its_actions_in_pages_and_files(p, four, tmp_path):
    school = p.school_contributor
    page = client(school).get(reverse("action_plans:log")).content.decode()
    assert "Train staff on referrals" in page and "Audit strategy" not in page
    assert "You see the actions of St Aidan&#x27;s Primary School only." in page
    exceptions = client(school).get(reverse("action_plans:exceptions")).content.decode()
    assert "Train staff on referrals" in exceptions and "Audit strategy" not in exceptions
    rows = csv_rows(download(school, "log", "csv"))
    assert {row[5] for row in rows[1:]} == {"St Aidan's Primary School"}
    sheet = openpyxl.load_workbook(io.BytesIO(download(school, "exceptions", "xlsx").content))
    assert [cell.value for cell in sheet.active["E"]][1:] == ["Train staff on referrals"]
    if needs_pdftotext.args[0]:
        return
    text = pdf_text(download(school, "log", "pdf").content, tmp_path)
    assert "Train staff on referrals" in text and "Audit strategy" not in text
    assert "the actions of St Aidan's Primary School only" in text


def test_each_download_is_in_the_access_log_of_the_cases_it_lists(p, plan, four):
    other = services.start_plan(actor=p.business_unit, source=ActionPlan.Source.THEMATIC,
                                title="Thematic audit of neglect", scope="multi_agency")
    agreed(p, other, p.police, D(2026, 9, 1), action="Neglect toolkit")
    download(p.chair, "exceptions", "xlsx")
    assert list(CaseAccess.objects.values_list("case_id", "user_id", "what")) == [
        (plan.case_id, p.chair.pk, "exception report (Excel)")]
    download(p.chair, "exceptions", "csv", plan=other.pk)  # no case: nothing to record
    assert CaseAccess.objects.count() == 1


def test_an_unknown_format_is_not_found(p, four):
    url = reverse("action_plans:log-download", args=["docx"])
    assert client(p.chair).get(url).status_code == 404


def test_someone_who_does_not_read_action_plans_is_refused(p, four):
    from safeguarding.models import Role
    from tests.factories import UserFactory

    reviewer = UserFactory(role=Role.REVIEWER)
    for url in (reverse("action_plans:log"), reverse("action_plans:exceptions-download",
                                                     args=["csv"])):
        assert client(reviewer).get(url).status_code == 403


# Bounded queries: the same count with 3 actions as with 30, across 3 plans of 3 cases and
# 3 agencies, each action with updates and escalations.

def many(p, count: int) -> None:
    """``count`` more actions, overdue, each with two updates and both escalations, spread
    over three plans of three cases and three agencies."""
    agencies = [p.police, p.school, AgencyFactory(name=f"Northmoor ICB {count}")]
    plans = [ActionPlan.objects.create(source=ActionPlan.Source.LCSPR, title=f"Plan {n}",
                                       created_on=D(2026, 6, 1),
                                       case=submitted_case(received_on=D(2026, 5, 1)))
             for n in range(3)]
    actions = Action.objects.bulk_create(
        Action(plan=plans[n % 3], number=n + 1, status=Action.Status.IN_PROGRESS,
               action=f"Action {n}", owner_agency=agencies[n % 3],
               due_on=D(2026, 5, 29), original_due_on=D(2026, 5, 29))
        for n in range(count))
    ActionUpdate.objects.bulk_create(
        ActionUpdate(action=action, written_on=D(2026, 7, day), text=f"Update {day}",
                     written_by=p.business_unit) for action in actions for day in (1, 2))
    ActionEscalation.objects.bulk_create(
        ActionEscalation(action=action, stage=stage, counted_from=D(2026, 5, 29),
                         escalated_on=D(2026, 11, 30)) for action in actions
        for stage in ActionEscalation.Stage.values)


def url_of(kind: str, fmt: str | None) -> str:
    return (reverse(f"action_plans:{kind}-download", args=[fmt]) if fmt
            else reverse(f"action_plans:{kind}"))


def count_queries(signed_in: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert signed_in.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(("kind", "fmt"), [
    ("log", None), ("exceptions", None), ("log", "csv"), ("log", "pdf"),
    ("exceptions", "xlsx"), ("exceptions", "pdf"), ("exceptions", "csv")])
@pytest.mark.parametrize("who", ["chair", "police_contributor"])
def test_the_pages_and_files_are_bounded_in_queries(p, on, kind, fmt, who,
                                                    django_assert_max_num_queries):
    """The session and the user (2), the permission's look at the person's group (0 or 1),
    the plans and the agencies to filter by (2), the rows with their latest update and stage
    (1), the access log of the cases listed (1), the session's expiry saved (3: savepoint,
    update, release): at most 10 for a page or a file, the same with 30 actions as with 3."""
    on(TODAY)
    signed_in, url = client(getattr(p, who)), url_of(kind, fmt)
    many(p, 3)
    few = count_queries(signed_in, url)
    many(p, 27)
    assert Action.objects.count() == 30
    with django_assert_max_num_queries(10):
        response = signed_in.get(url)
    assert response.status_code == 200
    if fmt is None:
        seen = 30 if who == "chair" else 10
        assert f'data-testid="count">{seen} actions<' in response.content.decode()
    assert count_queries(signed_in, url) == few



def test_evidence_sent_back_is_said_so_and_what_is_accepted_leaves_the_report(p, four):
    """The exception report is read at the group's meetings without the action pages: the
    evidence the group sent back is not the action done; an escalated action whose evidence
    is accepted is no longer an exception."""
    audit, training, _briefing, _policy = four
    services.mark_completed(action=training, actor=p.school_contributor,
                            completed_on=TODAY, evidence="Every teacher trained")
    services.send_back_evidence(action=training, actor=p.chair,
                                reason="The attendance list is missing")
    services.mark_completed(action=audit, actor=p.police_contributor, completed_on=TODAY,
                            evidence="All files audited")
    services.accept_evidence(action=audit, actor=p.chair, accepted_on=TODAY)
    rows = reports.report("exceptions", user=p.chair, today=TODAY, filters=LogFilters(),
                          described=[]).rows
    assert [row.action.pk for row in rows] == [training.pk]
    assert rows[0].latest_update == "Evidence (sent back): Every teacher trained"


def test_a_proposed_action_is_no_ones_to_be_late_with(p, plan):
    """Until the group agrees it, an action has no owner's deadline: not overdue."""
    proposed = services.propose_action(plan=plan, actor=p.business_unit, action="Audit",
                                       owner_agency=p.school, due_on=D(2026, 9, 30))
    assert selectors.days_overdue(proposed, TODAY) == 0
    assert log(p.chair, lateness="overdue") == []


def test_each_report_page_is_in_the_access_log_of_the_cases_it_lists(p, plan, four):
    client(p.chair).get(reverse("action_plans:exceptions"))
    assert list(CaseAccess.objects.values_list("case_id", "user_id", "what")) == [
        (plan.case_id, p.chair.pk, "exception report")]
