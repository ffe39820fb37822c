"""How often each clock of the timescale table was met in a period (issue 15 item 2): met on
time, met late, overdue, waived and still running, the share met on time, the median and
worst working days late and the reasons given for delay; per agency for the clocks agencies
answer for (information returns, actions). A deadline belongs to a period by its due date.

A bounded number of queries whatever the number of deadlines, each answering with rows
bounded by the clocks, agencies and days, not the deadlines: the clocks, one aggregate of the
counts, one of the late deadlines by working days late (kept on each deadline met late;
counted to today by the calendar, once a due date, for the overdue), one of the reasons given,
one of the late deadlines of the clocks whose record keeps its reasons and one per such
clock, and one of the agencies."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Count, DateField, Exists, OuterRef, Q, QuerySet, Subquery, When
from django.utils import timezone

from deadlines import calendar, registry
from deadlines import selectors as deadline_selectors
from deadlines.models import Clock, Deadline, DelayReason
from safeguarding import figures_cache
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
    clock_ids = {clock.code: clock.pk for clock in clocks}
    counts, late, given = figures_cache.kept(
        "timeliness", (period.start, period.end, today, *sorted(clock_ids.items())),
        lambda: _aggregates(period, today, clock_ids))
    reasons: dict[int, dict[int | None, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for clock_id, by_agency in given.items():
        reasons[clock_id].update(by_agency)
    agencies = Agency.objects.in_bulk({agency for _clock, agency in counts if agency})
    result = []
    for clock in clocks:
        keys = [key for key in counts if key[0] == clock.pk]
        owned = sorted((key for key in keys if key[1]), key=lambda key: agencies[key[1]].name)
        result.append(ClockTimeliness(
            clock=clock, **_figures([counts[key] for key in keys],
                                    [late[key] for key in keys if key in late],
                                    reasons[clock.pk].values()),
            by_agency=[AgencyTimeliness(agency=agencies[key[1]], **_figures(
                [counts[key]], [late[key]] if key in late else [],
                [reasons[clock.pk][key[1]]])) for key in owned]))
    return result


Key = tuple[int, int | None]  # a clock and the agency owning its deadlines


Aggregates = tuple[dict[Key, dict[str, int]], dict[Key, Counter],
                   dict[int, dict[int | None, Counter]]]


def _aggregates(period: Period, today: date, clock_ids: dict[str, int]) -> Aggregates:
    """The counts, the days late and the reasons for delay of the period, as plain data
    (kept in the cache: safeguarding.figures_cache)."""
    counts = _counts(period, today)
    late = _late(period, today)
    reasons = _reasons(period, today, clock_ids,
                       owned={clock for clock, agency in counts if agency})
    return (counts, dict(late),
            {clock_id: dict(by_agency) for clock_id, by_agency in reasons.items()})


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


def _late(period: Period, today: date) -> dict[Key, Counter]:
    """For each clock and agency, how many deadlines were late by how many working days: met
    late by the days each keeps, overdue by the days to ``today`` (the calendar asked once a
    due date). One query, its rows bounded by the days, not the deadlines."""
    rows = _late_in(period, today).values_list(
        "clock_id", "owner_agency_id", "working_days_late",
        Case(When(state__in=RUNNING, then="due_on"), output_field=DateField()),
    ).annotate(n=Count("pk"))
    days_to_today: dict[date, int] = {}
    late: dict[Key, Counter] = defaultdict(Counter)
    for clock_id, agency_id, days, overdue_since, n in rows:
        if overdue_since is not None:
            if overdue_since not in days_to_today:
                days_to_today[overdue_since] = calendar.working_days_between(overdue_since,
                                                                             today)
            days = days_to_today[overdue_since]
        late[(clock_id, agency_id)][days or 0] += n
    return late


def _reasons(period: Period, today: date, clock_ids: dict[str, int], owned: set[int]
             ) -> dict[int, dict[int | None, Counter]]:
    """The reasons for delay of the late deadlines, by clock and agency (looked up only for
    the ``owned`` clocks, those with deadlines an agency owns): one query for the reasons
    given, one for the late deadlines of the clocks whose record keeps its reasons (the
    extension notice) and one per such clock with any."""
    found: dict[int, dict[int | None, Counter]] = defaultdict(lambda: defaultdict(Counter))
    kinds = dict(DelayReason.Kind.choices)
    late = _late_in(period, today)
    its_deadline = late.filter(clock_id=OuterRef("clock_id"), record_type=OuterRef("record_type"),
                               record_id=OuterRef("record_id"))
    given = (DelayReason.objects.order_by().filter(Exists(its_deadline))
             .annotate(agency=Case(When(clock_id__in=owned, then=Subquery(
                 its_deadline.values("owner_agency_id")[:1]))))
             .values_list("clock_id", "agency", "kind").annotate(n=Count("pk")))
    for clock_id, agency, kind, n in given:
        found[clock_id][agency][kinds.get(kind, kind)] += n
    kept_by = {clock_ids[code]: source for code, source in registry.kept_reasons().items()
               if code in clock_ids}
    mine: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for clock_id, record_id, agency_id in late.filter(clock_id__in=list(kept_by)).values_list(
            "clock_id", "record_id", "owner_agency_id"):
        mine[clock_id].append((record_id, agency_id))
    for clock_id, rows in mine.items():
        kept = kept_by[clock_id].reasons([record_id for record_id, _agency in rows])
        for record_id, owner in rows:
            if record_id in kept:
                found[clock_id][owner][kept[record_id].what] += 1
    return found


def _late_in(period: Period, today: date) -> QuerySet[Deadline]:
    """The deadlines met late or overdue (_outcome's "late"), unordered, put so that the
    database reads them from its index of state and due date."""
    return _in_period(period).order_by().filter(
        Q(state__in=[State.MET_LATE, *RUNNING]),
        Q(state=State.MET_LATE) | Q(due_on__lt=today))


def _median(days: Counter) -> float | None:
    """The median of the days counted (the mean of the two middle ones when even)."""
    total = sum(days.values())
    if not total:
        return None
    middle, seen, low = (total - 1) // 2, 0, None
    for value in sorted(days):
        seen += days[value]
        if low is None and seen > middle:
            low = value
        if seen > total // 2:
            assert low is not None
            return low if total % 2 else (low + value) / 2
    raise AssertionError("unreachable")


def _figures(counts: list[dict[str, int]], late: Iterable[Counter],
             reasons: Iterable[Counter]) -> dict:
    figures = {name: sum(row[name] for row in counts)
               for name in ("met", "met_late", "overdue", "waived", "running")}
    decided = figures["met"] + figures["met_late"] + figures["overdue"]
    days: Counter = Counter()
    for by_days in late:
        days.update(by_days)
    total: Counter = Counter()
    for by_kind in reasons:
        total.update(by_kind)
    return figures | {
        "on_time_share": figures["met"] / decided if decided else None,
        "median_days_late": _median(days),
        "worst_days_late": max(days) if days else None,
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
