"""The action log and the exception report (004 section 9.2) as tables, and as files for the
Learning and Development group's meetings: a PDF to print (through safeguarding.pdf), a CSV
and an Excel workbook. The rows come from the selectors in one query, so a file costs the
same number of queries whatever its length. Files are named by the report and the date."""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from safeguarding import pdf
from safeguarding.dates import long_date
from safeguarding.models import User

from . import selectors
from .models import Action, ActionEscalation
from .selectors import LogFilters

STAGES = {0: "None", **{rank: ActionEscalation.Stage(stage).label.split(" (")[0]
                        for stage, rank in selectors.STAGE_RANK.items()}}
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = re.compile(r"^[=+\-@\t\r]")


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


def _values(row: Row) -> list[object]:
    return [value(row) for _heading, _width, value in COLUMNS]


def _safe(text: str) -> str:
    """Text a spreadsheet will show, never run: a leading apostrophe before a formula."""
    return f"'{text}" if FORMULA_START.match(text) else text


def csv_bytes(report: Report) -> bytes:
    """UTF-8 with a byte order mark, so that Excel reads the accents; dates as 2026-12-01."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([heading for heading, _width, _value in COLUMNS])
    for row in report.rows:
        writer.writerow([_safe(value) if isinstance(value, str) else
                         ("" if value is None else value) for value in _values(row)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(report: Report) -> bytes:
    """One sheet: a bold, frozen header row, widths set, dates as date cells. Every text is a
    text cell with Excel's quote prefix, so a cell starting with = is shown, never run."""
    book = Workbook()
    sheet = book.active
    sheet.title = report.title
    sheet.append([heading for heading, _width, _value in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(report.rows, start=2):
        for column, value in enumerate(_values(row), start=1):
            _put(sheet.cell(row=number, column=column), value)
    for column, (_heading, width, _value) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put(cell, value: object) -> None:
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # openpyxl would take a leading = for a formula
        cell.quotePrefix = True
    else:
        cell.value = value
        if isinstance(value, date):
            cell.number_format = "d mmm yyyy"


def pdf_bytes(report: Report, *, partnership: str) -> bytes:
    return pdf.pdf("reviews/action_plans/report_print.html", {
        "report": report, "partnership": partnership, "made_on": long_date(report.made_on)})


CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"pdf": "application/pdf", "csv": CSV, "xlsx": XLSX}
WHAT = {"pdf": "PDF", "csv": "CSV", "xlsx": "Excel"}


def as_file(report: Report, fmt: str, *, partnership: str) -> tuple[bytes, str, str]:
    """The file's content, its type and its name."""
    content = {"pdf": lambda: pdf_bytes(report, partnership=partnership),
               "csv": lambda: csv_bytes(report), "xlsx": lambda: xlsx_bytes(report)}[fmt]()
    return content, FORMATS[fmt], f"{report.slug}-{report.made_on.isoformat()}.{fmt}"
