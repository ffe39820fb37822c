"""The deadline lists on home pages."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from safeguarding.models import Role, User
from safeguarding.selectors import WorkItem, provides_work_list

from . import calendar, selectors
from .models import Deadline
from .selectors import RUNNING


def _items(deadlines) -> list[WorkItem]:
    """Each deadline with its due date and, when one has been given, the reason for its
    delay: one query for the deadlines, and at most one or two for the reasons."""
    lines = selectors.with_delays(selectors.with_places(
        deadlines.select_related("case", "clock", "owner_agency").order_by("due_on", "pk")[:50]))
    return [WorkItem(text=f"{line.deadline.place.label}: {line.deadline.clock.name}",
                     url=line.deadline.place.url, detail=_detail(line),
                     case_id=line.deadline.case_id) for line in lines]


def _detail(line: selectors.DeadlineLine) -> str:
    deadline, delay = line.deadline, line.delay
    detail = ("Overdue: was due " if deadline.state == Deadline.State.OVERDUE
              else "Due ") + date_format(deadline.due_on, "j F Y")
    reasons = [reason.summary for reason in (delay.given, delay.kept) if reason]
    if reasons:
        detail += ". Reason for the delay: " + "; ".join(reasons)
    elif line.asks_for_a_reason:
        detail += ". No reason for the delay given"
    return detail


@provides_work_list(Role.BUSINESS_UNIT, "Statutory deadlines in the next 5 working days")
def due_soon(user: User) -> list[WorkItem]:
    today = timezone.localdate()
    return _items(Deadline.objects.filter(
        state__in=RUNNING, clock__statutory=True,
        due_on__lte=calendar.add_working_days(today, 5)))


@provides_work_list(Role.BUSINESS_UNIT, "Late statutory clocks with no reason for the delay")
def without_a_reason(user: User) -> list[WorkItem]:
    """The task the business unit is given when a statutory clock is met late or overdue
    (issue 12): give the reason for the delay, for the Panel. One query."""
    return [WorkItem(text=f"{deadline.place.label}: {deadline.clock.name}",
                     url=reverse("deadlines:delay-reason", args=[deadline.pk]),
                     detail=f"Was due {date_format(deadline.due_on, 'j F Y')}; "
                            + (f"met {date_format(deadline.met_on, 'j F Y')}"
                               if deadline.met_on else "not met yet"),
                     case_id=deadline.case_id)
            for deadline in selectors.with_places(selectors.late_without_a_reason()[:50])]


@provides_work_list(Role.MANAGER, "Overdue work")
def overdue(user: User) -> list[WorkItem]:
    return _items(Deadline.objects.filter(state=Deadline.State.OVERDUE))
