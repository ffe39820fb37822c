"""Tables as files people open in a spreadsheet: CSV (UTF-8 with a byte order mark, so that
Excel reads the accents) and Excel .xlsx (openpyxl: a bold, frozen header row, widths set,
dates as date cells). Text that starts like a formula is shown, never run. Every download of
the service (the action log, the case list, deadlines, timeliness, the annual report's
tables) is written here."""

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = re.compile(r"^[=+\-@\t\r]")

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    heading: str
    width: int = 16  # in characters, for the spreadsheet


@dataclass(frozen=True)
class Table:
    """A titled table: its columns and its rows of values (text, numbers, dates or None)."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[object]] = field(default_factory=list)


def safe_text(text: str) -> str:
    """Text a spreadsheet will show, never run: a leading apostrophe before a formula."""
    return f"'{text}" if FORMULA_START.match(text) else text


def csv_bytes(table: Table) -> bytes:
    """One table as CSV; dates as 2026-12-01."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.heading for column in table.columns])
    for row in table.rows:
        writer.writerow([safe_text(value) if isinstance(value, str) else
                         ("" if value is None else value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(*tables: Table) -> bytes:
    """One sheet per table. Every text is a text cell with Excel's quote prefix, so a cell
    starting with = is shown, never run."""
    book = Workbook()
    book.remove(book.active)
    for number, table in enumerate(tables, start=1):
        _sheet(book, table, _sheet_title(table.title, number))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str, number: int) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip() or f"Table {number}"
    return cleaned[:31]


def _sheet(book: Workbook, table: Table, title: str) -> None:
    sheet = book.create_sheet(title)
    sheet.append([column.heading for column in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row, start=1):
            _put(sheet.cell(row=number, column=column), value)
    for column, heading in enumerate(table.columns, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = \
            heading.width
    sheet.freeze_panes = "A2"


def _put(cell, value: object) -> None:
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # openpyxl would take a leading = for a formula
        cell.quotePrefix = True
    else:
        cell.value = value
        if isinstance(value, date):
            cell.number_format = "d mmm yyyy"


def content(table: Table, fmt: str) -> tuple[bytes, str]:
    """The file of one table in "csv" or "xlsx", and its content type."""
    if fmt == "csv":
        return csv_bytes(table), CSV
    if fmt == "xlsx":
        return xlsx_bytes(table), XLSX
    raise ValueError(f"No table format {fmt!r}")
