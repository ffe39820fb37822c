"""The annual report as its readers get it, whatever the file: sections in the order of 004
section 18.1, each a few tables, some drawn as a chart with its text alternative. Every count
is given through ``suppressed`` here, and nowhere else, so the page, the PDF, the Word
document, the CSV and the Excel workbook (and the charts, drawn from the same values) all
show the same anonymised numbers."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from matplotlib.figure import Figure

from safeguarding.dates import long_date
from safeguarding.tables import Column, Table

from .. import charts
from ..timeliness.selectors import ClockTimeliness
from .selectors import AnnualReport, Tally
from .suppression import plotted, suppressed

THEMES_CHARTED = 12  # the themes with most cases; the table lists all


@dataclass(frozen=True)
class Part:
    """A table of the report; ``slug`` names its CSV. With a chart, ``draw`` makes it and
    ``description`` is its text alternative."""

    slug: str
    table: Table
    draw: Callable[[], Figure] | None = None
    description: str = ""
    intro: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    intro: str
    parts: list[Part] = field(default_factory=list)


@dataclass(frozen=True)
class Contents:
    title: str
    period_dates: str
    made_on: date
    sections: list[Section]

    @property
    def parts(self) -> list[Part]:
        return [part for section in self.sections for part in section.parts]

    def part(self, slug: str) -> Part | None:
        return next((part for part in self.parts if part.slug == slug), None)


def _counts(title: str, tallies: Sequence[Tally], heading: str = "Number") -> Table:
    return Table(title, [Column("", 60), Column(heading, 14)],
                 [[tally.label, suppressed(tally.count)] for tally in tallies])


def _said(tallies: Sequence[Tally]) -> str:
    return "; ".join(f"{tally.label}: {suppressed(tally.count)}" for tally in tallies) + "."


def _bars(slug: str, title: str, tallies: Sequence[Tally], axis: str, kind: str,
          heading: str = "Number") -> Part:
    labels = [tally.label for tally in tallies]
    values = [plotted(tally.count) for tally in tallies]
    if kind == "months":
        def draw() -> Figure:
            return charts.month_bars(labels=[label[:3] + label[-5:] for label in labels],
                                     values=values, axis_label=axis)
        what = "Bar chart, one bar a month"
    else:
        def draw() -> Figure:
            return charts.category_bars(labels=labels, values=values, axis_label=axis)
        what = "Bar chart"
    return Part(slug, _counts(title, tallies, heading), draw,
                f"{what}: {_lowered(title)}. {_said(tallies)}",
                intro="" if any(values) else NOTHING_TO_DRAW)


# Under the chart of a year whose every count is suppressed or none.
NOTHING_TO_DRAW = ("Every number here is 0 or fewer than 5, so the chart draws no bars: the "
                   "table gives them.")


def _lowered(title: str) -> str:
    """"Notifications by month" as it reads mid-sentence; names keep their capitals."""
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


def contents(report: AnnualReport) -> Contents:
    period = report.period
    return Contents(title=f"Annual report: {period.label.lower()}", period_dates=period.dates,
                    made_on=report.made_on, sections=[
                        _notifications(report), _rapid_reviews(report), _lcsprs(report),
                        _findings(report), _actions(report), _learning(report)])


# The sections, in the order of 004 section 18.1.

def _notifications(report: AnnualReport) -> Section:
    return Section("Notifications", "Serious incidents referred to the partnership, those "
                   "notified to the National Panel, Ofsted and DfE, the partners' decisions on "
                   "them and how often the statutory timescales were met.", [
                       Part("notifications", _counts("Referrals and notifications",
                                                     report.notifications)),
                       _bars("notifications-by-month", "Notifications by month",
                             report.by_month, "Notifications", "months", "Notifications"),
                       _bars("screening-decisions", "The partners' decisions on referrals",
                             report.screening, "Decisions", "categories", "Decisions"),
                       _timeliness(report.timeliness),
                       _reasons("statutory-delays", "Reasons given for delay",
                                report.timeliness),
                   ])


def _timeliness(rows: list[ClockTimeliness]) -> Part:
    title = "Statutory timescales: met on time, met late and overdue"
    table = Table(title, [Column("Timescale", 50), Column("Met on time", 12),
                          Column("Met late", 12), Column("Overdue", 12),
                          Column("Waived", 12)],
                  [[row.clock.name, suppressed(row.met), suppressed(row.met_late),
                    suppressed(row.overdue), suppressed(row.waived)] for row in rows])

    def draw() -> Figure:
        return charts.stacked_bars(
            labels=[row.clock.name for row in rows], axis_label="Deadlines due in the year",
            series=[charts.Series("Met on time", charts.GREEN,
                                  [plotted(row.met) for row in rows]),
                    charts.Series("Met late", charts.ORANGE,
                                  [plotted(row.met_late) for row in rows]),
                    charts.Series("Overdue", charts.RED,
                                  [plotted(row.overdue) for row in rows])])

    said = "; ".join(f"{row.clock.name}: {suppressed(row.met)} met on time, "
                     f"{suppressed(row.met_late)} met late, {suppressed(row.overdue)} overdue"
                     for row in rows)
    return Part("statutory-timeliness", table, draw,
                f"Stacked bar chart: {_lowered(title)}, by the deadlines due in the year. "
                f"{said}.", intro="A deadline counts in the year it fell due." + (
                    "" if any(plotted(row.met) or plotted(row.met_late) or plotted(row.overdue)
                              for row in rows) else " " + NOTHING_TO_DRAW))


def _reasons(slug: str, title: str, rows: list[ClockTimeliness]) -> Part:
    return Part(slug, Table(title, [Column("Timescale", 50), Column("Reason", 40),
                                    Column("Number", 14)],
                            [[row.clock.name, reason, suppressed(count)]
                             for row in rows for reason, count in row.reasons]),
                intro="The kind of reason recorded for each deadline met late or overdue.")


def _rapid_reviews(report: AnnualReport) -> Section:
    return Section("Rapid reviews", "Rapid reviews started and sent to the National Panel, the "
                   "partners' decisions sent with them, and the National Panel's responses.", [
                       Part("rapid-reviews", _counts("Rapid reviews", report.rapid_reviews)),
                       _bars("rapid-review-outcomes", "Rapid review outcomes: the partners' "
                             "decisions sent to the National Panel", report.outcomes,
                             "Rapid reviews", "categories", "Rapid reviews"),
                       Part("panel-responses", _counts("The National Panel's responses",
                                                       report.panel_responses, "Responses")),
                   ])


def _lcsprs(report: AnnualReport) -> Section:
    published = Table("LCSPRs published", [Column("Published on", 16),
                                            Column("Where it is published", 70)],
                      [[long_date(item.published_on), item.where or "Not recorded"]
                       for item in report.publications])
    rows = report.lcspr_timeliness
    late = Table("LCSPR timescales: met late and overdue", [
        Column("Timescale", 50), Column("Met on time", 12), Column("Met late", 12),
        Column("Overdue", 12)], [[row.clock.name, suppressed(row.met),
                                  suppressed(row.met_late), suppressed(row.overdue)]
                                 for row in rows])
    return Section("Local Child Safeguarding Practice Reviews (LCSPRs)", "LCSPRs commissioned, "
                   "in progress at the end of the year and published, with where each is "
                   "published, and the delays to their statutory timescales and why.", [
                       Part("lcsprs", _counts("LCSPRs", report.lcsprs)),
                       Part("lcspr-publications", published),
                       Part("lcspr-timeliness", late,
                            intro="Publication within 6 months of the decision, and the final "
                                  "report sent at least 7 working days before publication."),
                       _reasons("lcspr-delays", "Reasons for the delays to LCSPRs", rows),
                   ])


def _findings(report: AnnualReport) -> Section:
    themes = report.themes
    table = Table("Learning themes", [Column("Theme", 40), Column("Kind", 28),
                                      Column("Cases", 12), Column("Recurring", 12)],
                  [[count.theme.name, count.theme.get_kind_display(), suppressed(count.cases),
                    "Yes" if count.recurring else "No"] for count in themes])
    charted = themes[:THEMES_CHARTED]

    def draw() -> Figure:
        return charts.category_bars(labels=[count.theme.name for count in charted],
                                    values=[plotted(count.cases) for count in charted],
                                    axis_label="Cases", colour=charts.PURPLE)

    said = "; ".join(f"{count.theme.name}: {suppressed(count.cases)}" for count in charted)
    return Section("Findings and themes", "The learning themes of the cases received in the "
                   "year (a theme is recurring when two or more cases have it), the key "
                   "findings and the recommendations of the LCSPRs published. The findings "
                   "themselves are for the partnership to set out in its own words.", [
                       Part("findings", _counts("Findings and recommendations",
                                                report.findings)),
                       Part("themes", table, draw if charted else None,
                            f"Bar chart: the learning themes with most cases. {said or 'None'}.",
                            intro="Cases of the year by learning theme, most cases first."),
                   ])


def _actions(report: AnnualReport) -> Section:
    not_done = Table("Actions not to be implemented, and why", [
        Column("Where from", 36), Column("Owning agency", 30), Column("Why", 70)],
        [[item.source, item.agency, item.reason] for item in report.not_implemented])
    return Section("Actions", "The improvement actions of the action plans: completed, "
                   "outstanding at the end of the year, escalated, and those decided not to be "
                   "implemented, with the reasons.", [
                       _bars("actions", "Actions", report.actions, "Actions", "categories",
                             "Actions"),
                       Part("escalations", _counts("Overdue actions escalated",
                                                   report.escalations, "Escalations")),
                       Part("not-implemented", not_done, intro="Names of children and "
                            "family members, and case references, are taken out."),
                   ])


def _learning(report: AnnualReport) -> Section:
    return Section("Learning shared", "The learning shared across the partnership in the year, "
                   "by how it was shared.", [
                       Part("learning-shared", _counts("Learning shared", report.learning_shared,
                                                       "Times shared")),
                   ])
