"""The timeliness figures as a file (safeguarding.tables): a row per clock, then a row per
agency for the clocks agencies answer for. No case data: counts only."""

from safeguarding.tables import Column, Table

from ..periods import Period
from .selectors import AgencyTimeliness, ClockTimeliness

COLUMNS = [Column("Clock", 48), Column("Statutory", 10), Column("Agency", 32),
           Column("Timescale", 28), Column("Met on time", 12), Column("Met late", 10),
           Column("Overdue", 10), Column("Waived", 10), Column("Not yet due", 12),
           Column("Share met on time", 14), Column("Median working days late", 14),
           Column("Worst working days late", 14), Column("Reasons for delay", 48)]


def timeliness_table(rows: list[ClockTimeliness], period: Period) -> Table:
    lines = []
    for row in rows:
        lines.append(_line(row, row, "All agencies"))
        lines += [_line(row, by, by.agency.name) for by in row.by_agency]
    return Table(f"Timeliness, {period.dates}", COLUMNS, lines)


def _line(row: ClockTimeliness, figures: ClockTimeliness | AgencyTimeliness,
          agency: str) -> list[object]:
    return [row.clock.name, "Yes" if row.clock.statutory else "No", agency,
            row.clock.timescale, figures.met, figures.met_late, figures.overdue,
            figures.waived, figures.running, figures.share_text, figures.median_days_late,
            figures.worst_days_late,
            "; ".join(f"{label}: {count}" for label, count in figures.reasons)]
