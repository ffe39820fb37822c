"""The action log and the exception report (004 section 9.2) as tables, and as files for the
Learning and Development group's meetings: a PDF to print (through safeguarding.pdf), a CSV
and an Excel workbook. The rows come from the selectors in one query, so a file costs the
same number of queries whatever its length. Files are named by the report and the date."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from safeguarding import pdf, tables
from safeguarding.dates import long_date
from safeguarding.models import User

from . import selectors
from .models import Action, ActionEscalation
from .selectors import LogFilters

STAGES = {0: "None", **{rank: ActionEscalation.Stage(stage).label.split(" (")[0]
                        for stage, rank in selectors.STAGE_RANK.items()}}


@dataclass(frozen=True)
class Row:
    action: Action
    days_overdue: int
    stage: str

    @property
    def plan(self):
        return self.action.plan

    @property
    def latest_update(self) -> str:
        """The latest words of the owning agency; evidence the group sent back says so, so
        that no one reads it as the action done."""
        text = self.action.latest_update_text or ""
        if text and self.action.latest_update_is_evidence:
            sent_back = self.action.status == Action.Status.IN_PROGRESS
            return f"Evidence{' (sent back)' if sent_back else ''}: {text}"
        return text


@dataclass(frozen=True)
class Report:
    title: str
    slug: str
    rows: list[Row]
    filters: list[tuple[str, str]]
    made_on: date
    only_agency: str  # the contributor's agency, when they see only its actions


@dataclass(frozen=True)
class Kind:
    title: str
    slug: str
    rows: Callable[..., object]
    url: str


KINDS = {
    "log": Kind("Action log", "action-log", selectors.action_log, "action_plans:log"),
    "exceptions": Kind("Exception report", "exception-report", selectors.exception_report,
                       "action_plans:exceptions"),
}


def report(kind: str, *, user: User, today: date, filters: LogFilters,
           described: list[tuple[str, str]]) -> Report:
    chosen = KINDS[kind]
    actions = chosen.rows(user=user, today=today, filters=filters)
    rows = [Row(action, selectors.days_overdue(action, today), STAGES[action.stage_rank])
            for action in actions]
    only = "" if user.has_perm("reviews.view_every_action") else (
        user.agency.name if user.agency_id else "")
    return Report(chosen.title, chosen.slug, rows, described, today, only)


def case_ids(report: Report) -> set[int]:
    """The cases whose actions the report holds: each download is in their access logs."""
    return {row.plan.case_id for row in report.rows if row.plan.case_id}


# The columns of the files: heading, width in characters, value.
COLUMNS: list[tuple[str, int, Callable[[Row], object]]] = [
    ("Plan", 30, lambda row: row.plan.title),
    ("Where from", 28, lambda row: row.plan.get_source_display()),
    ("Case", 14, lambda row: row.plan.case.reference if row.plan.case_id else ""),
    ("Action", 8, lambda row: row.action.number),
    ("What is to be done", 50, lambda row: row.action.action),
    ("Owning agency", 26, lambda row: row.action.owner_agency.name),
    ("Lead", 20, lambda row: row.action.lead),
    ("Due", 12, lambda row: row.action.due_on),
    ("Originally due", 14, lambda row: row.action.original_due_on
     if row.action.extended else None),
    ("Status", 22, lambda row: row.action.get_status_display()),
    ("Days overdue", 8, lambda row: row.days_overdue),
    ("Escalated to", 16, lambda row: row.stage),
    ("Latest update on", 14, lambda row: row.action.latest_update_on),
    ("Latest update", 50, lambda row: row.latest_update),
]


def table(report: Report) -> tables.Table:
    return tables.Table(report.title, [tables.Column(heading, width)
                                       for heading, width, _value in COLUMNS],
                        [[value(row) for _heading, _width, value in COLUMNS]
                         for row in report.rows])


def csv_bytes(report: Report) -> bytes:
    return tables.csv_bytes(table(report))


def xlsx_bytes(report: Report) -> bytes:
    return tables.xlsx_bytes(table(report))


def pdf_bytes(report: Report, *, partnership: str) -> bytes:
    return pdf.pdf("reviews/action_plans/report_print.html", {
        "report": report, "partnership": partnership, "made_on": long_date(report.made_on)})


FORMATS = {"pdf": "application/pdf", "csv": tables.CSV, "xlsx": tables.XLSX}
WHAT = {"pdf": "PDF", "csv": "CSV", "xlsx": "Excel"}


def as_file(report: Report, fmt: str, *, partnership: str) -> tuple[bytes, str, str]:
    """The file's content, its type and its name."""
    content = {"pdf": lambda: pdf_bytes(report, partnership=partnership),
               "csv": lambda: csv_bytes(report), "xlsx": lambda: xlsx_bytes(report)}[fmt]()
    return content, FORMATS[fmt], f"{report.slug}-{report.made_on.isoformat()}.{fmt}"
