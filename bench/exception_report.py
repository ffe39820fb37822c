"""Benchmark: the action plans' exception report (004 section 9.2) for 5,000 actions.

Run with `make bench`. It builds an SQLite database in a temporary folder, makes 50 plans of
100 actions each, owned by 10 agencies, in every status, with two updates each and the
escalations that 3 and 6 months beyond the due date would have made; then times the
exception report's rows (the selector), its CSV and its Excel workbook, and counts the
queries of the rows and of the page. The PDF of the whole late subset (about 1,500 rows) takes
over a minute with WeasyPrint, so it is timed for the first PDF_ROWS rows only. It exits 1
only if an answer is wrong: the report holds other than the overdue or escalated actions,
the files another number of rows, or the page's queries grow with the actions.
"""

import dataclasses
import io
import logging
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANS, PER_PLAN, AGENCIES = 50, 100, 10
PDF_ROWS = 250
TODAY = date(2026, 12, 1)


def main() -> int:
    sys.path[0] = str(ROOT)  # this folder holds calendar.py, which would shadow the stdlib's
    from bench.calendar import set_up_django

    with tempfile.TemporaryDirectory() as var_dir:
        os.environ["ALLOWED_HOSTS"] = "testserver"
        set_up_django(var_dir)
        logging.getLogger("axes").setLevel(logging.WARNING)  # its sign-in lines
        return run()


def make_actions(plans: int) -> tuple[object, set[int]]:
    """``plans`` plans of PER_PLAN actions; the person who reads them all, and the actions
    the exception report must hold."""
    from reviews.action_plans.models import Action, ActionEscalation, ActionPlan, ActionUpdate
    from safeguarding.models import Agency, Role, User

    officer = User.objects.create_user(email=f"bench{plans}@example.org", full_name="Officer",
                                       role=Role.BUSINESS_UNIT, agency=Agency.objects.create(
                                           name=f"Bench Council {plans}",
                                           kind="local_authority"))
    agencies = Agency.objects.bulk_create(Agency(name=f"Agency {plans}-{n:02d}", kind="other")
                                          for n in range(AGENCIES))
    made = ActionPlan.objects.bulk_create(
        ActionPlan(source=ActionPlan.Source.THEMATIC, title=f"Thematic audit {n}",
                   created_on=date(2025, 1, 6)) for n in range(plans))
    rng = random.Random(plans)  # noqa: S311  made-up dates, not secrets
    statuses = list(Action.Status)
    actions = []
    for plan in made:
        for number in range(1, PER_PLAN + 1):
            status = rng.choice(statuses)
            due = TODAY + timedelta(days=rng.randint(-300, 200))
            done = status in (Action.Status.COMPLETED, Action.Status.EVIDENCE_ACCEPTED)
            actions.append(Action(
                plan=plan, number=number, status=status, owner_agency=rng.choice(agencies),
                action="Audit the strategy discussions held within three working days. " * 2,
                lead="Named lead", due_on=due, original_due_on=due,
                completed_on=due - timedelta(days=3) if done else None))
    actions = Action.objects.bulk_create(actions, batch_size=1000)
    ActionUpdate.objects.bulk_create(
        (ActionUpdate(action=action, written_on=action.due_on - timedelta(days=days),
                      text=f"Progress reported {days} days before the due date",
                      written_by=officer)
         for action in actions for days in (30, 10)), batch_size=2000)
    escalations = [ActionEscalation(action=action, stage=stage, counted_from=action.due_on,
                                    escalated_on=action.due_on + timedelta(days=days))
                   for action in actions if action.status in (Action.Status.AGREED,
                                                              Action.Status.IN_PROGRESS)
                   for stage, days in (("head_of_service", 92), ("chief_officer", 183))
                   if (TODAY - action.due_on).days >= days]
    ActionEscalation.objects.bulk_create(escalations, batch_size=2000)
    late = {action.pk for action in actions
            if action.completed_on is None and action.due_on < TODAY and action.status not in (
                Action.Status.EVIDENCE_ACCEPTED, Action.Status.NOT_IMPLEMENTED,
                Action.Status.PROPOSED)}  # proposed: no one's to be late with yet
    return officer, late | {escalation.action_id for escalation in escalations}


def timed(work):
    started = time.perf_counter()
    answer = work()
    return answer, time.perf_counter() - started


def page_queries(officer) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/action-plans/exceptions/")
    assert response.status_code == 200, response.status_code
    return len(queries)


def run() -> int:
    import openpyxl
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reviews.action_plans import reports
    from reviews.action_plans.models import Action
    from reviews.action_plans.selectors import LogFilters

    small_officer, small_late = make_actions(PLANS // 10)
    small_page = page_queries(small_officer)
    officer, late = make_actions(PLANS - PLANS // 10)
    expected = small_late | late  # the officers read every plan: the first ones' too
    with CaptureQueriesContext(connection) as queries:
        report, rows_seconds = timed(lambda: reports.report(
            "exceptions", user=officer, today=TODAY, filters=LogFilters(), described=[]))
    csv_bytes, csv_seconds = timed(lambda: reports.csv_bytes(report))
    xlsx_bytes, xlsx_seconds = timed(lambda: reports.xlsx_bytes(report))
    first = dataclasses.replace(report, rows=report.rows[:PDF_ROWS])
    pdf_bytes, pdf_seconds = timed(lambda: reports.pdf_bytes(first, partnership="Bench"))
    large_page = page_queries(officer)
    total = Action.objects.count()
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes), read_only=True).active
    print(f"exception report: {total:,} actions, {len(report.rows):,} late or escalated: "
          f"rows {rows_seconds:.2f} s ({len(queries)} queries), CSV {csv_seconds:.2f} s, "
          f"xlsx {xlsx_seconds:.2f} s, PDF of the first {PDF_ROWS} {pdf_seconds:.1f} s "
          f"({len(pdf_bytes) / 1024:,.0f} KB); page {small_page} queries at "
          f"{PLANS // 10 * PER_PLAN:,} actions, "
          f"{large_page} at {total:,}")
    wrong = []
    if {row.action.pk for row in report.rows} != expected:
        wrong.append("the report holds other than the overdue or escalated actions")
    if csv_bytes.count(b"\r\n") != len(report.rows) + 1 or sheet.max_row != len(report.rows) + 1:
        wrong.append("a file holds another number of rows")
    if large_page > small_page or len(queries) != 1:
        wrong.append("the queries grow with the actions")
    for line in wrong:
        print(line)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
