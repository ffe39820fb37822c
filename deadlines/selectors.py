"""Reads for the deadlines pages."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from safeguarding.case_tags import case_tags
from safeguarding.models import Role, User

from .models import Clock, Deadline, DelayReason, Notice
from .registry import KeptReason

RUNNING = (Deadline.State.OPEN, Deadline.State.OVERDUE)
# The states in which a reason for a delay means something: late, or still running (an
# extension notice may come before the due date). Met in time or waived, there is no delay.
MAY_BE_DELAYED = (Deadline.State.OPEN, Deadline.State.OVERDUE, Deadline.State.MET_LATE)


# Reasons for a delay (issue 12): given here (DelayReason), or kept by the record's own app
# (registry.keeps_delay_reasons: the rapid review's extension notice).

def is_late(deadline: Deadline, today: date | None = None) -> bool:
    """Met after its due date, or not met and its due date passed (overdue, whether or not
    the sweep has marked it yet)."""
    today = today or timezone.localdate()
    return deadline.state == Deadline.State.MET_LATE or (
        deadline.state in RUNNING and deadline.due_on < today)


def asks_for_a_reason(deadline: Deadline, today: date | None = None) -> bool:
    """A statutory clock that is late: the Panel is told why (002, 004 section 15.5)."""
    return deadline.clock.statutory and is_late(deadline, today)


@dataclass(frozen=True)
class Delay:
    """What has been said about a deadline's delay: the reason given (DelayReason) and the
    one its record keeps (an extension notice), either, both or neither."""

    given: DelayReason | None = None
    kept: KeptReason | None = None

    def __bool__(self) -> bool:
        return bool(self.given or self.kept)


NO_DELAY = Delay()


def delays(deadlines: Iterable[Deadline]) -> dict[int, Delay]:
    """The delay of each deadline that may be delayed, by deadline id: one query for the
    reasons given, and one per clock whose reasons another app keeps, whatever the number
    of deadlines. The deadlines come with their clocks (select_related)."""
    from . import registry

    deadlines = [d for d in deadlines if d.state in MAY_BE_DELAYED]
    if not deadlines:
        return {}
    given = {(reason.clock_id, reason.record_type, reason.record_id): reason
             for reason in DelayReason.objects.filter(
                 case_id__in={d.case_id for d in deadlines},
                 clock_id__in={d.clock_id for d in deadlines}).select_related("recorded_by")}
    kept: dict[tuple[str, int], KeptReason] = {}
    for code, source in registry.kept_reasons().items():
        ids = [d.record_id for d in deadlines if d.clock.code == code]
        if ids:
            kept.update({(code, record_id): reason
                         for record_id, reason in source.reasons(ids).items()})
    return {d.pk: Delay(given.get((d.clock_id, d.record_type, d.record_id)),
                        kept.get((d.clock.code, d.record_id))) for d in deadlines}


def delay_of(deadline: Deadline) -> Delay:
    return delays([deadline]).get(deadline.pk, NO_DELAY)


def deadline_for_reason(*, pk: int) -> Deadline:
    """The deadline whose delay is explained, with its clock and case; 404 when unknown."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Deadline.objects.select_related("clock", "case"), pk=pk)


def working_days_late(deadline: Deadline, today: date | None = None) -> int:
    """From the due date to the day it was met, or to today while it is not."""
    from . import calendar

    return calendar.working_days_between(deadline.due_on,
                                         deadline.met_on or today or timezone.localdate())


def late_without_a_reason(*, case_id: int | None = None, clock: str = "",
                          agency: int | None = None, responsible: str = "",
                          today: date | None = None) -> QuerySet[Deadline]:
    """Statutory clocks met late or overdue for which nobody has said why: neither a reason
    given nor one their record keeps; of one case, or filtered as the dashboard filters
    (``running_deadlines``). One query, soonest due first."""
    from . import registry

    today = today or timezone.localdate()
    deadlines = Deadline.objects.filter(
        Q(state=Deadline.State.MET_LATE) | Q(state__in=RUNNING, due_on__lt=today),
        clock__statutory=True).exclude(Exists(DelayReason.objects.filter(
            clock_id=OuterRef("clock_id"), record_type=OuterRef("record_type"),
            record_id=OuterRef("record_id"))))
    for code, source in registry.kept_reasons().items():
        deadlines = deadlines.exclude(clock__code=code, record_id__in=source.given())
    if case_id is not None:
        deadlines = deadlines.filter(case_id=case_id)
    return _filtered(deadlines, clock=clock, agency=agency, responsible=responsible
                     ).select_related("clock", "case").order_by("due_on", "pk")


@dataclass(frozen=True)
class LateClock:
    """A statutory clock met late or overdue, by how many working days, and why."""

    deadline: Deadline
    working_days_late: int
    delay: Delay


def late_statutory_clocks(*, case_id: int, today: date | None = None) -> list[LateClock]:
    """The case's statutory clocks met late or overdue, soonest due first, with their
    reasons: for the rapid review report's "Reasons for delay". Two queries, and one per
    clock whose reasons another app keeps."""
    today = today or timezone.localdate()
    late = [deadline for deadline in Deadline.objects.filter(
        case_id=case_id, clock__statutory=True, state__in=MAY_BE_DELAYED).select_related(
        "clock").order_by("due_on", "pk") if is_late(deadline, today)]
    found = delays(late)
    return [LateClock(deadline, working_days_late(deadline, today),
                      found.get(deadline.pk, NO_DELAY)) for deadline in late]


def with_places(deadlines: Iterable[Deadline]) -> list[Deadline]:
    """Set where each deadline is followed (Deadline.place): its case, read with it
    (select_related), or, for a deadline of no case, its record, read in one query per kind
    of record whatever the number of deadlines."""
    from django.apps import apps

    from . import registry

    deadlines = list(deadlines)
    of_no_case: dict[str, list[Deadline]] = {}
    for deadline in deadlines:
        case = deadline.case if deadline.case_id is not None else None
        if case is None:
            of_no_case.setdefault(deadline.record_type, []).append(deadline)
        else:
            deadline._place = registry.Place(case.reference, case.get_absolute_url())
    for record_type, some in of_no_case.items():
        records = registry.records(apps.get_model(record_type)).in_bulk(
            [deadline.record_id for deadline in some])
        for deadline in some:
            record = records.get(deadline.record_id)
            deadline._place = (registry.place_of(record) if record is not None
                               else registry.Place("A record since removed"))
    return deadlines


@dataclass(frozen=True)
class DeadlineLine:
    """A deadline in a list, with its delay (empty unless it may be delayed), the working
    days it is overdue (None unless it is running past its due date) and who owns it."""

    deadline: Deadline
    delay: Delay = NO_DELAY
    asks_for_a_reason: bool = False
    days_overdue: int | None = None
    owner: str = ""
    case_tags: tuple[str, ...] = ()  # beside the case's reference: "Public referral"

    @property
    def reasons(self) -> str:
        """What has been said of the delay, in one line (for a download)."""
        return "; ".join(reason.summary for reason in (self.delay.given, self.delay.kept)
                         if reason)


def with_delays(deadlines: Iterable[Deadline], today: date | None = None
                ) -> list[DeadlineLine]:
    """A page of deadlines (with their clocks), each with its delay."""
    today = today or timezone.localdate()
    deadlines = list(deadlines)
    found = delays(deadlines)
    return [DeadlineLine(deadline, found.get(deadline.pk, NO_DELAY),
                         asks_for_a_reason(deadline, today), days_overdue(deadline, today),
                         owner_of(deadline)) for deadline in deadlines]


def days_overdue(deadline: Deadline, today: date) -> int | None:
    """Working days since a running deadline's due date; None when it is not overdue."""
    from . import calendar

    if deadline.state not in RUNNING or deadline.due_on >= today:
        return None
    return calendar.working_days_between(deadline.due_on, today)


# Clocks the partnership answers for as a whole, whichever agency a deadline is kept with.
PARTNERSHIP_ANSWERS = (Clock.Responsible.BUSINESS_UNIT, Clock.Responsible.LOCAL_AUTHORITY,
                       Clock.Responsible.PARTNERS)


def owner_of(deadline: Deadline) -> str:
    """Who answers for a deadline by name: "Head of service of Northmoor Police", the agency
    asked; the business unit or the partners, with the agency it is kept with if any."""
    clock = deadline.clock
    if clock.responsible in PARTNERSHIP_ANSWERS and deadline.owner_agency is not None:
        return f"{clock.get_responsible_display()}: {deadline.owner_agency.name}"
    return deadline.who_answers


@dataclass(frozen=True)
class ClockLine:
    """One deadline as the case page shows it; ``beside``, for a local target, the clock it
    is shown beside (registry.ClockPolicy.beside); ``delay``, what has been said of its
    delay; ``asks_for_a_reason``, a statutory clock that is late, which may be given one."""

    deadline: Deadline
    working_days_left: int | None
    position: int  # where today falls between start and due, in per cent, for the timeline
    beside: Clock | None = None
    delay: Delay = NO_DELAY
    asks_for_a_reason: bool = False

    @property
    def needs_a_reason(self) -> bool:
        return self.asks_for_a_reason and not self.delay


def case_clocks(*, case_id: int, today: date | None = None) -> list[ClockLine]:
    """The case's deadlines soonest first, each local target straight after the clock it is
    beside (when the case has that clock)."""
    from . import calendar, registry

    today = today or timezone.localdate()
    lines = []
    deadlines = list(Deadline.objects.filter(case_id=case_id).select_related("clock"))
    clocks = {deadline.clock.code: deadline.clock for deadline in deadlines}
    found = delays(deadlines)
    for deadline in deadlines:
        running = deadline.state in RUNNING
        left = calendar.working_days_between(today, deadline.due_on) if running else None
        span = max((deadline.due_on - deadline.starts_on).days, 1)
        end = deadline.met_on or today
        declared = registry.declaration(deadline.clock.code)
        lines.append(ClockLine(deadline, left,
                               max(0, min(100, 100 * (end - deadline.starts_on).days // span)),
                               clocks.get(declared.beside) if declared else None,
                               found.get(deadline.pk, NO_DELAY),
                               asks_for_a_reason(deadline, today)))
    targets = [line for line in lines if line.beside]
    ordered: list[ClockLine] = []
    for line in lines:
        if not line.beside:
            ordered.append(line)
            ordered.extend(target for target in targets
                           if target.beside == line.deadline.clock and target not in ordered)
    return ordered


@dataclass(frozen=True)
class DeadlineFilters:
    """The dashboard's filters. ``state`` "" is every running deadline; ``due`` narrows the
    running ones to a stage (DUE_STAGES)."""

    clock: str = ""
    responsible: str = ""
    agency: int | None = None
    due: str = ""
    state: str = ""


NO_FILTERS = DeadlineFilters()
DUE_STAGES = {"overdue": "Overdue", "due_today": "Due today",
              "due_soon": "Due in the next 5 working days", "later": "Due later"}


def _stages(today: date) -> dict[str, Q]:
    from . import calendar

    soon = calendar.add_working_days(today, 5)
    return {"overdue": Q(due_on__lt=today), "due_today": Q(due_on=today),
            "due_soon": Q(due_on__gt=today, due_on__lte=soon), "later": Q(due_on__gt=soon)}


def dashboard_deadlines(*, filters: DeadlineFilters = NO_FILTERS, today: date | None = None
                        ) -> QuerySet[Deadline]:
    """The deadlines the dashboard lists: running (or in the chosen state), filtered,
    soonest first, with what each row shows. One query."""
    today = today or timezone.localdate()
    deadlines = Deadline.objects.filter(state__in=[filters.state] if filters.state
                                        else RUNNING)
    if filters.due:
        deadlines = deadlines.filter(_stages(today)[filters.due], state__in=RUNNING)
    return _filtered(deadlines, clock=filters.clock, agency=filters.agency,
                     responsible=filters.responsible).select_related(
        "clock", "case", "owner_agency").order_by("due_on", "pk")


def with_case_tags(lines: list[DeadlineLine]) -> list[DeadlineLine]:
    """The lines with their cases' tags ("Public referral"), from the apps that know them
    (safeguarding.case_tags: the referral is the forms app's, a layer above). One query."""
    tags = case_tags(line.deadline.case_id for line in lines)
    return [replace(line, case_tags=tags.get(line.deadline.case_id, ())) if
            line.deadline.case_id in tags else line for line in lines]


def running_deadlines(*, clock: str = "", agency: int | None = None, responsible: str = ""
                      ) -> QuerySet[Deadline]:
    return dashboard_deadlines(filters=DeadlineFilters(clock=clock, agency=agency,
                                                       responsible=responsible))


def _filtered(deadlines: QuerySet[Deadline], *, clock: str, agency: int | None,
              responsible: str) -> QuerySet[Deadline]:
    if clock:
        deadlines = deadlines.filter(clock__code=clock)
    if agency:
        deadlines = deadlines.filter(owner_agency_id=agency)
    if responsible:
        deadlines = deadlines.filter(clock__responsible=responsible)
    return deadlines


def _of(filters: DeadlineFilters) -> QuerySet[Deadline]:
    return _filtered(Deadline.objects.all(), clock=filters.clock, agency=filters.agency,
                     responsible=filters.responsible)


def counts_by_state(*, filters: DeadlineFilters = NO_FILTERS) -> dict[str, int]:
    """Deadlines by state label, of the chosen clock, agency and responsible. One query."""
    return {Deadline.State(value).label: count
            for value, count in counts_by_state_value(filters=filters).items()}


def counts_by_state_value(*, filters: DeadlineFilters = NO_FILTERS) -> dict[str, int]:
    """Deadlines by state value, every state present. One query."""
    found = {row["state"]: row["n"] for row in
             _of(filters).values("state").annotate(n=Count("pk")).order_by()}
    return {value: found.get(value, 0) for value in Deadline.State.values}


def counts_by_stage(*, filters: DeadlineFilters = NO_FILTERS, today: date | None = None
                    ) -> dict[str, int]:
    """Running deadlines by how close they are: overdue, due today, due within 5 working
    days, later. One query."""
    today = today or timezone.localdate()
    return _of(filters).filter(state__in=RUNNING).aggregate(
        **{stage: Count("pk", filter=q) for stage, q in _stages(today).items()})


def clocks() -> QuerySet[Clock]:
    return Clock.objects.order_by("pk")


def notices_for(*, user: User) -> QuerySet[Notice]:
    return user.notices.select_related("deadline__clock", "deadline__case")


def with_their_places(notices: Iterable[Notice]) -> list[Notice]:
    """A page of notices, each deadline with where it is followed (``with_places``)."""
    notices = list(notices)
    with_places(notice.deadline for notice in notices)
    return notices


def feed_deadlines(*, user: User) -> QuerySet[Deadline]:
    """The deadlines in a person's calendar feed: what their role answers for."""
    deadlines = Deadline.objects.filter(state__in=RUNNING).select_related("clock", "case")
    if user.role in (Role.BUSINESS_UNIT, Role.MANAGER):
        return deadlines
    if user.role == Role.SAFEGUARDING_PARTNER:
        responsible = [Clock.Responsible.PARTNERS]
        if user.agency.kind == "local_authority":
            responsible.append(Clock.Responsible.LOCAL_AUTHORITY)
        return deadlines.filter(clock__responsible__in=responsible)
    return deadlines.filter(owner_agency=user.agency)
