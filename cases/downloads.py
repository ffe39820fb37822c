"""The case list as a table to download (safeguarding.tables), and the file of any table
the cases app serves (the case list, the deadlines dashboard)."""

from collections.abc import Iterable
from datetime import date

from django.http import HttpResponse

from safeguarding import tables
from safeguarding.http import attachment
from safeguarding.tables import Column, Table

from .models import Case

FORMATS = ("csv", "xlsx")
WHAT = {"csv": "CSV", "xlsx": "Excel"}

COLUMNS = [Column("Reference", 16), Column("Status", 30), Column("Received", 12),
           Column("Screening decision", 40),
           Column("Notified to the National Panel, Ofsted or DfE", 16),
           Column("Referred by", 22)]
NAMES = Column("Children", 40)


def case_table(cases: Iterable[Case], *, with_names: bool) -> Table:
    """The cases of the list; the children's names only ``with_names`` (whoever reads
    every case in full), otherwise no column for them at all."""
    rows = []
    for case in cases:
        referral = getattr(case, "referral", None)
        row: list[object] = [case.reference, case.get_status_display(), case.received_on,
                             case.get_screening_decision_display() or "Not yet decided",
                             case.notified_on, referred_by(referral)]
        if with_names:
            row.append("; ".join(child.full_name for child in referral.children.all())
                       if referral else "")
        rows.append(row)
    return Table("Cases", [*COLUMNS, NAMES] if with_names else COLUMNS, rows)


def referred_by(referral) -> str:
    """Who made the referral, in the words of the case list's tag."""
    if referral is None:
        return "No referral form"
    return "A member of the public" if referral.is_public else "A professional"


def file_response(table: Table, fmt: str, *, name: str, today: date) -> HttpResponse:
    """The table as an attachment, never cached: "cases-2026-12-01.xlsx"."""
    content, content_type = tables.content(table, fmt)
    return attachment(content, content_type, f"{name}-{today:%Y-%m-%d}.{fmt}")
