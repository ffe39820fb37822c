"""How often each clock of the timescale table was met in a period (issue 15 item 2): met on
time, met late, overdue, waived and still running, the share met on time, the median and
worst working days late and the reasons given for delay; per agency for the clocks agencies
answer for (information returns, actions). A deadline belongs to a period by its due date.

A bounded number of queries whatever the number of deadlines: the clocks, one aggregate of
the counts, one list of the late deadlines (their working days late are counted here, by the
calendar), one of the reasons given, one per clock whose reasons its record keeps, and one
of the agencies."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from deadlines import calendar, registry
from deadlines import selectors as deadline_selectors
from deadlines.models import Clock, Deadline, DelayReason
from safeguarding.models import Agency

from ..periods import Period

RUNNING = deadline_selectors.RUNNING
State = Deadline.State

# The statutory clocks, in the order the National Panel and the yearly report ask about
# them; any other statutory clock follows them, then the local clocks in table order.
STATUTORY_ORDER = ("notify_national_panel", "notify_ofsted", "notify_dfe",
                   "notify_child_death_review", "rapid_review_to_panel", "lcspr_published",
                   "final_report_to_panel")

# The figures a number on the page links to (clocks_behind's ``outcome``); "late" is met
# late and overdue together, behind the days late and the reasons.
OUTCOMES = {"": "All", "met": "Met on time", "met_late": "Met late", "overdue": "Overdue",
            "late": "Met late or overdue", "waived": "Waived", "running": "Not yet due"}


class _Shares:
    """What a row of figures says beyond its counts."""

    met: int
    met_late: int
    overdue: int

    @property
    def decided(self) -> int:
        """The deadlines that fell due: met, met late or overdue."""
        return self.met + self.met_late + self.overdue

    @property
    def share_text(self) -> str:
        """"83%", or "No clocks due"."""
        return "No clocks due" if not self.decided else f"{round(100 * self.met / self.decided)}%"


@dataclass(frozen=True)
class Figures(_Shares):
    """How often a clock (or one agency's part of it) was met in the period."""

    met: int
    met_late: int
    overdue: int
    waived: int
    running: int
    on_time_share: float | None
    median_days_late: float | None
    worst_days_late: int | None
    reasons: list[tuple[str, int]]


@dataclass(frozen=True)
class AgencyTimeliness(Figures):
    """One agency's figures for a clock its deadlines are owned by."""

    agency: Agency


@dataclass(frozen=True)
class ClockTimeliness(Figures):
    """One clock's figures for a period; ``by_agency`` for the clocks agencies answer for."""

    clock: Clock
    by_agency: list[AgencyTimeliness] = field(default_factory=list)


def timeliness(*, period: Period, today: date | None = None) -> list[ClockTimeliness]:
    """Every clock, the statutory ones first, then the local ones, then the escalations of
    overdue actions; a clock with no deadline in the period is there with noughts."""
    today = today or timezone.localdate()
    clocks = ordered(deadline_selectors.clocks())
    counts = _counts(period, today)
    late = _late(period, today)
    reasons = _reasons(period, today, late, {clock.code: clock.pk for clock in clocks})
    agencies = Agency.objects.in_bulk({agency for _clock, agency in counts if agency})
    late_by: dict[tuple[int, int | None], list[_Late]] = defaultdict(list)
    for row in late:
        late_by[row.key].append(row)
    result = []
    for clock in clocks:
        keys = [key for key in counts if key[0] == clock.pk]
        owned = sorted((key for key in keys if key[1]), key=lambda key: agencies[key[1]].name)
        result.append(ClockTimeliness(
            clock=clock, **_figures([counts[key] for key in keys],
                                    [row for key in keys for row in late_by[key]],
                                    reasons[clock.pk].values()),
            by_agency=[AgencyTimeliness(agency=agencies[key[1]], **_figures(
                [counts[key]], late_by[key], [reasons[clock.pk][key[1]]])) for key in owned]))
    return result


def ordered(clocks: Iterable[Clock]) -> list[Clock]:
    """The statutory clocks in STATUTORY_ORDER (then any other), the local ones, then the
    escalations, each group in table order."""
    def rank(clock: Clock) -> tuple[int, int, int]:
        if clock.is_escalation:
            return (2, 0, clock.pk)
        if clock.statutory:
            place = STATUTORY_ORDER.index(clock.code) if clock.code in STATUTORY_ORDER \
                else len(STATUTORY_ORDER)
            return (0, place, clock.pk)
        return (1, 0, clock.pk)

    return sorted(clocks, key=rank)


def clocks_behind(*, clock: Clock, period: Period, outcome: str = "",
                  agency_id: int | None = None, today: date | None = None
                  ) -> QuerySet[Deadline]:
    """The deadlines behind one figure, soonest due first, with their clocks, cases and
    agencies."""
    today = today or timezone.localdate()
    deadlines = _in_period(period).filter(clock=clock)
    if outcome:
        deadlines = deadlines.filter(_outcome(outcome, today))
    if agency_id is not None:
        deadlines = deadlines.filter(owner_agency_id=agency_id)
    return deadlines.select_related("clock", "case", "owner_agency").order_by("due_on", "pk")


def _in_period(period: Period) -> QuerySet[Deadline]:
    return Deadline.objects.filter(due_on__range=(period.start, period.end))


def _outcome(outcome: str, today: date, prefix: str = "") -> Q:
    """The deadlines of one outcome; overdue means running and past due on ``today``,
    whatever the sweep has marked."""
    def q(**lookups) -> Q:
        return Q(**{prefix + name: value for name, value in lookups.items()})

    overdue = q(state__in=RUNNING, due_on__lt=today)
    return {"met": q(state=State.MET), "met_late": q(state=State.MET_LATE),
            "overdue": overdue, "late": q(state=State.MET_LATE) | overdue,
            "waived": q(state=State.WAIVED),
            "running": q(state__in=RUNNING, due_on__gte=today)}[outcome]


def _counts(period: Period, today: date) -> dict[tuple[int, int | None], dict[str, int]]:
    """By clock and owning agency: one query."""
    rows = _in_period(period).values("clock_id", "owner_agency_id").annotate(
        **{name: Count("pk", filter=_outcome(name, today))
           for name in ("met", "met_late", "overdue", "waived", "running")})
    return {(row.pop("clock_id"), row.pop("owner_agency_id")): row for row in rows}


@dataclass(frozen=True)
class _Late:
    clock_id: int
    agency_id: int | None
    record_type: str
    record_id: int
    days: int

    @property
    def key(self) -> tuple[int, int | None]:
        return (self.clock_id, self.agency_id)


def _late(period: Period, today: date) -> list[_Late]:
    """Every deadline met late or overdue, with its working days late: one query."""
    return [_Late(clock_id, agency_id, record_type, record_id,
                  calendar.working_days_between(due_on, met_on or today))
            for clock_id, agency_id, record_type, record_id, due_on, met_on in
            _in_period(period).filter(_outcome("late", today)).values_list(
                "clock_id", "owner_agency_id", "record_type", "record_id", "due_on", "met_on")]


def _reasons(period: Period, today: date, late: list[_Late], clock_ids: dict[str, int]
             ) -> dict[int, dict[int | None, Counter]]:
    """The reasons for delay of the late deadlines, by clock and agency: one query for the
    reasons given, one per clock whose record keeps its own (the extension notice)."""
    agency_of = {(row.clock_id, row.record_type, row.record_id): row.agency_id for row in late}
    found: dict[int, dict[int | None, Counter]] = defaultdict(lambda: defaultdict(Counter))
    kinds = dict(DelayReason.Kind.choices)
    given = DelayReason.objects.filter(Exists(_in_period(period).filter(
        _outcome("late", today), clock_id=OuterRef("clock_id"),
        record_type=OuterRef("record_type"), record_id=OuterRef("record_id"))))
    for clock_id, record_type, record_id, kind in given.values_list(
            "clock_id", "record_type", "record_id", "kind"):
        agency = agency_of.get((clock_id, record_type, record_id))
        found[clock_id][agency][kinds.get(kind, kind)] += 1
    for code, source in registry.kept_reasons().items():
        mine = [row for row in late if row.clock_id == clock_ids.get(code)]
        kept = source.reasons([row.record_id for row in mine]) if mine else {}
        for row in mine:
            if row.record_id in kept:
                found[row.clock_id][row.agency_id][kept[row.record_id].what] += 1
    return found


def _figures(counts: list[dict[str, int]], late: list[_Late],
             reasons: Iterable[Counter]) -> dict:
    figures = {name: sum(row[name] for row in counts)
               for name in ("met", "met_late", "overdue", "waived", "running")}
    decided = figures["met"] + figures["met_late"] + figures["overdue"]
    days = sorted(row.days for row in late)
    total: Counter = Counter()
    for by_kind in reasons:
        total.update(by_kind)
    return figures | {
        "on_time_share": figures["met"] / decided if decided else None,
        "median_days_late": median(days) if days else None,
        "worst_days_late": days[-1] if days else None,
        "reasons": sorted(total.items(), key=lambda item: (-item[1], item[0])),
    }


@dataclass(frozen=True)
class StatutorySummary(_Shares):
    """How often a statutory clock was met in a period, without days or reasons: for the
    managers' home page."""

    clock: Clock
    met: int
    met_late: int
    overdue: int


def statutory_summary(*, period: Period, today: date | None = None) -> list[StatutorySummary]:
    """The statutory clocks that fell due in the period, in STATUTORY_ORDER: one query."""
    today = today or timezone.localdate()
    in_period = Q(deadlines__due_on__range=(period.start, period.end))
    def counted(outcome: str) -> Count:
        return Count("deadlines", filter=in_period & _outcome(outcome, today, "deadlines__"))

    summaries = {clock.pk: StatutorySummary(clock, clock.met, clock.met_late, clock.overdue)
                 for clock in Clock.objects.filter(statutory=True).annotate(
                     met=counted("met"), met_late=counted("met_late"),
                     overdue=counted("overdue"))}
    return [summaries[clock.pk] for clock in ordered(row.clock for row in summaries.values())
            if summaries[clock.pk].decided]


@dataclass(frozen=True)
class BehindLine:
    """A deadline behind a figure: where it is followed, its record in numbers, its working
    days late (None when not late) and what has been said of its delay."""

    deadline: Deadline
    record: str
    days_late: int | None
    delay: deadline_selectors.Delay


def behind_lines(deadlines: Iterable[Deadline], today: date | None = None
                 ) -> list[BehindLine]:
    """A page of clocks_behind: one query for the reasons given, one per clock whose record
    keeps its own, one per kind of record of no case."""
    from django.apps import apps

    today = today or timezone.localdate()
    lines = deadline_selectors.with_delays(deadline_selectors.with_places(deadlines), today)
    actions = _action_names([line.deadline for line in lines])
    return [BehindLine(
        line.deadline,
        actions.get(line.deadline.record_id, "") if line.deadline.record_type == ACTION else
        apps.get_model(line.deadline.record_type)._meta.verbose_name.capitalize(),
        deadline_selectors.working_days_late(line.deadline, today)
        if deadline_selectors.is_late(line.deadline, today) else None,
        line.delay) for line in lines]


ACTION = "reviews.action"


def _action_names(deadlines: list[Deadline]) -> dict[int, str]:
    """"Action 2 of action plan 7" by action id, as the plan numbers them (never a plan's
    title, which may hold a name): one query, when the page has actions."""
    from reviews.action_plans.models import Action

    ids = [deadline.record_id for deadline in deadlines if deadline.record_type == ACTION]
    return {pk: f"Action {number} of action plan {plan_id}" for pk, number, plan_id in
            Action.objects.filter(pk__in=ids).values_list("pk", "number", "plan_id")} \
        if ids else {}
