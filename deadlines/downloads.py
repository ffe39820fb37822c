"""The dashboard's deadlines as a table to download (safeguarding.tables): the rows the page
lists with its filters, every page of them. The download itself is served by the cases app,
which writes the access log (deadlines sits below cases and may not import it)."""

from datetime import date

from safeguarding.tables import Column, Table

from . import selectors
from .selectors import DeadlineFilters, DeadlineLine

COLUMNS = [Column("Case or record", 22), Column("Clock", 40), Column("Who answers for it", 36),
           Column("Starts", 12), Column("Due", 12), Column("Working days overdue", 12),
           Column("State", 12), Column("Reason for the delay", 50)]


def deadline_lines(*, filters: DeadlineFilters, today: date) -> list[DeadlineLine]:
    """Every deadline the dashboard lists with these filters, with places and delays: a
    fixed number of queries whatever their number."""
    return selectors.with_delays(selectors.with_places(
        selectors.dashboard_deadlines(filters=filters, today=today)), today)


def table(lines: list[DeadlineLine]) -> Table:
    return Table("Deadlines", COLUMNS, [
        [line.deadline.place.label, line.deadline.clock.name, line.owner,
         line.deadline.starts_on, line.deadline.due_on, line.days_overdue,
         _state(line), line.reasons] for line in lines])


def _state(line: DeadlineLine) -> str:
    """Overdue as soon as its due date has passed, whether or not the sweep has marked it."""
    return "Overdue" if line.days_overdue is not None else line.deadline.get_state_display()
