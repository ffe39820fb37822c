"""Reads for the deadlines pages."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from safeguarding.models import Role, User

from .models import Clock, Deadline, Notice

RUNNING = (Deadline.State.OPEN, Deadline.State.OVERDUE)


@dataclass(frozen=True)
class ClockLine:
    """One deadline as the case page shows it; ``beside``, for a local target, the clock it
    is shown beside (registry.ClockPolicy.beside)."""

    deadline: Deadline
    working_days_left: int | None
    position: int  # where today falls between start and due, in per cent, for the timeline
    beside: Clock | None = None


def case_clocks(*, case_id: int, today: date | None = None) -> list[ClockLine]:
    """The case's deadlines soonest first, each local target straight after the clock it is
    beside (when the case has that clock)."""
    from . import calendar, registry

    today = today or timezone.localdate()
    lines = []
    deadlines = list(Deadline.objects.filter(case_id=case_id).select_related("clock"))
    clocks = {deadline.clock.code: deadline.clock for deadline in deadlines}
    for deadline in deadlines:
        running = deadline.state in RUNNING
        left = calendar.working_days_between(today, deadline.due_on) if running else None
        span = max((deadline.due_on - deadline.starts_on).days, 1)
        end = deadline.met_on or today
        declared = registry.declaration(deadline.clock.code)
        lines.append(ClockLine(deadline, left,
                               max(0, min(100, 100 * (end - deadline.starts_on).days // span)),
                               clocks.get(declared.beside) if declared else None))
    targets = [line for line in lines if line.beside]
    ordered: list[ClockLine] = []
    for line in lines:
        if not line.beside:
            ordered.append(line)
            ordered.extend(target for target in targets
                           if target.beside == line.deadline.clock and target not in ordered)
    return ordered


def running_deadlines(*, clock: str = "", agency: int | None = None, responsible: str = ""
                      ) -> QuerySet[Deadline]:
    deadlines = Deadline.objects.filter(state__in=RUNNING).select_related(
        "clock", "case", "owner_agency").order_by("due_on", "pk")
    if clock:
        deadlines = deadlines.filter(clock__code=clock)
    if agency:
        deadlines = deadlines.filter(owner_agency_id=agency)
    if responsible:
        deadlines = deadlines.filter(clock__responsible=responsible)
    return deadlines


def counts_by_state() -> dict[str, int]:
    rows = Deadline.objects.values("state").annotate(n=Count("pk"))
    found = {row["state"]: row["n"] for row in rows}
    return {label: found.get(value, 0) for value, label in Deadline.State.choices}


def counts_by_stage(*, today: date | None = None) -> dict[str, int]:
    """Running deadlines by how close they are: overdue, due today, due within 5 working
    days, later. One query."""
    from . import calendar

    today = today or timezone.localdate()
    soon = calendar.add_working_days(today, 5)
    return Deadline.objects.filter(state__in=RUNNING).aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        due_today=Count("pk", filter=Q(due_on=today)),
        due_soon=Count("pk", filter=Q(due_on__gt=today, due_on__lte=soon)),
        later=Count("pk", filter=Q(due_on__gt=soon)),
    )


def clocks() -> QuerySet[Clock]:
    return Clock.objects.order_by("pk")


def notices_for(*, user: User) -> QuerySet[Notice]:
    return user.notices.select_related("deadline__clock", "deadline__case")


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
