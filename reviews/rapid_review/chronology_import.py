"""A chronology read from a spreadsheet: an Excel workbook (.xlsx) or a UTF-8 CSV file with
the columns of Darlington's chronology template (seed 004 appendix 2), as plain data to show
the agency before anything is saved. Each row is checked by the chronology page's own form;
a row that cannot be read is listed with the reason. Nothing in the file is evaluated: a
formula is read as the value the spreadsheet last saved with it (openpyxl never calculates),
and the leading characters that make a cell a formula when it is exported again are removed.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from safeguarding.rows import answers_from

from .forms import ChronologyEntryForm

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500
MAX_COLUMNS = 20
MAX_LINES = 5_000  # blank rows included
MAX_UNZIPPED = 40 * 1024 * 1024  # a workbook's parts, unpacked: more is a zip bomb
HEADER_ROWS = 10  # the template's title lines (name, date of birth, author) come first

# The template's column headings (004 appendix 2), by how each begins, and the field of
# ChronologyEntry each fills. "Child seen/views sought: Yes/No (record the child's views)"
# fills both the yes or no and the child's views.
COLUMNS = [
    ("date", "happened_on"),
    ("time", "happened_at"),
    ("significant event", "event"),
    ("agency", "record_type"),
    ("whose professional", "source"),
    ("who was involved", "who_was_involved"),
    ("decisions", "decisions"),
    ("child seen", "child_seen"),
    ("author comments", "author_comments"),
]
HEADINGS = ("Date, Time, Significant Event, Agency, Whose Professional/Agency Records "
            "(Source)?, Who was involved?, Decisions/Outcome, Child seen/views sought, "
            "Author Comments")
FORMULA_START = "=+-@\t\r"


class UnreadableFile(Exception):
    """The file as a whole cannot be read: the message says why, to the person."""


@dataclass
class ReadChronology:
    """Plain data, safe to keep in the session: each event read (the form's data for one
    row) with its row number, and each row refused with the reason."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def read_chronology(name: str, content: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, text of each column by field) for each non-blank row under the
    headings, of a file whose type is checked from its bytes, not only its name."""
    if len(content) > MAX_BYTES:
        raise UnreadableFile("The selected file must be smaller than 2 MB")
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "xlsx" and content.startswith(b"PK\x03\x04"):
        lines = _workbook_rows(content)
    elif suffix == "csv" and b"\x00" not in content:
        lines = _csv_rows(content)
    else:
        raise UnreadableFile("The selected file must be an Excel spreadsheet (.xlsx) or a "
                             "CSV file")
    return _under_headings(lines)


def _workbook_rows(content: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(part.file_size for part in archive.infolist()) > MAX_UNZIPPED:
                raise UnreadableFile("The selected file is too large once unpacked: save "
                                     "the chronology in a new spreadsheet and try again")
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except UnreadableFile:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged or other file
        raise UnreadableFile("The selected file is not an Excel spreadsheet that can be "
                             "read: save it again as .xlsx or as CSV") from error
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            yield list(row)
    finally:
        book.close()


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile("The selected CSV file must be saved as UTF-8") from error
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            yield row[:MAX_COLUMNS]
    except csv.Error as error:
        raise UnreadableFile("The selected CSV file cannot be read: save it again as CSV "
                             "UTF-8") from error


def _heading_fields(row: list[Any]) -> dict[int, str]:
    found: dict[int, str] = {}
    for index, cell in enumerate(row):
        heading = re.sub(r"\s+", " ", str(cell or "")).strip().lower()
        for start, name in COLUMNS:
            if heading.startswith(start) and name not in found.values():
                found[index] = name
                break
    return found


def _under_headings(lines: Iterable[list[Any]]) -> Iterator[tuple[int, dict[str, str]]]:
    columns: dict[int, str] = {}
    read = 0
    for number, row in enumerate(lines, start=1):
        if number > MAX_LINES:
            raise UnreadableFile(f"The selected file has more than {MAX_LINES} rows: save "
                                 "only the chronology in a new spreadsheet")
        if not columns:
            columns = _heading_fields(row)
            if not {"happened_on", "event"} <= set(columns.values()):
                columns = {}
                if number >= HEADER_ROWS:
                    break
            continue
        if all(_text(cell) == "" for cell in row):
            continue
        read += 1
        if read > MAX_ROWS:
            raise UnreadableFile(f"The selected file has more than {MAX_ROWS} events: split "
                                 "it into smaller files")
        yield number, {name: _cell(row[index] if index < len(row) else None, name)
                       for index, name in columns.items()}
    if not columns:
        raise UnreadableFile(f"The selected file must have the chronology template's column "
                             f"headings in one of its first {HEADER_ROWS} rows: {HEADINGS}")


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).replace("\x00", "").strip()
    while text and text[0] in FORMULA_START:  # never a formula, here or exported again
        text = text[1:].lstrip()
    return text


def _cell(value: Any, name: str) -> str:
    """A cell as the text the chronology page would have been given."""
    if name == "happened_on" and isinstance(value, (datetime, date)):
        return f"{value:%d/%m/%Y}"
    if name == "happened_on" and isinstance(value, (int, float)) and 1 <= value < 2958466:
        return f"{date(1899, 12, 30) + timedelta(days=int(value)):%d/%m/%Y}"
    if name == "happened_at" and isinstance(value, (datetime, time)):
        return f"{value:%H:%M}"
    return _text(value)


def parse_date(text: str) -> date | None:
    """dd/mm/yyyy, dd/mm/yy (the template's own) or yyyy-mm-dd; ValueError if not a real
    date, None when there is none."""
    if not text:
        return None
    text = text.split(" ")[0]  # "2023-05-01 00:00:00", as a date cell saved as text
    for pattern, order in ((r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})", "dmy"),
                           (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd")):
        if found := re.fullmatch(pattern, text):
            parts = dict(zip(order, (int(part) for part in found.groups()), strict=True))
            year = parts["y"] + 2000 if parts["y"] < 100 else parts["y"]
            return date(year, parts["m"], parts["d"])  # ValueError if not a real date
    raise ValueError(text)


def child_seen(text: str) -> tuple[str, str]:
    """"Yes - she said she was hungry" as ("yes", "she said she was hungry")."""
    if found := re.match(r"(yes|no)\b[\s:;,.\-–]*", text, re.IGNORECASE):
        return found.group(1).lower(), text[found.end():].strip()
    return "", text


def checked(lines: Iterable[tuple[int, dict[str, str]]]) -> ReadChronology:
    """Each row checked by the chronology page's form: its data kept when it is good,
    the reason it cannot be read otherwise."""
    result = ReadChronology()
    for number, cells in lines:
        try:
            data = form_data(cells)
        except ValueError:
            result.refused.append(f"Row {number}: the date '{cells.get('happened_on', '')}' "
                                  "is not a real date")
            continue
        form = ChronologyEntryForm(data)
        if form.is_valid():
            result.rows.append({"row": number, "data": data})
            continue
        for name, errors in form.errors.items():
            what = "" if name == "__all__" else f"{_column(name)}: "
            result.refused.append(f"Row {number}: {what}{errors[0]}")
    return result


def _column(name: str) -> str:
    label = str(ChronologyEntryForm.base_fields[name].label or name)
    return label[0].upper() + label[1:]


def form_data(cells: dict[str, str]) -> dict[str, str]:
    """A row's cells as the chronology page's form would have them posted (ValueError if
    its date is not a real date)."""
    data = {name: value for name, value in cells.items()
            if name not in ("happened_on", "child_seen")}
    on = parse_date(cells.get("happened_on", ""))
    if on is not None:
        data.update({"happened_on_0": str(on.day), "happened_on_1": str(on.month),
                     "happened_on_2": str(on.year)})
    if "child_seen" in cells:
        data["child_seen"], data["child_views"] = child_seen(cells["child_seen"])
    return data


def checked_event(data: dict[str, str]) -> dict[str, Any]:
    """A row kept from the file, checked again by the chronology's form: its fields' values
    (ValueError if it no longer passes, as it must)."""
    form = ChronologyEntryForm(data)
    if not form.is_valid():
        raise ValueError("A chronology row kept for import no longer passes its form")
    return answers_from(form)
