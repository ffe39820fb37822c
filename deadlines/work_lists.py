"""The deadline lists on home pages."""

from django.utils import timezone
from django.utils.formats import date_format

from safeguarding.models import Role, User
from safeguarding.selectors import WorkItem, provides_work_list

from . import calendar
from .models import Deadline
from .selectors import RUNNING


def _items(deadlines) -> list[WorkItem]:
    return [WorkItem(text=f"{deadline.case.reference}: {deadline.clock.name}",
                     url=deadline.case.get_absolute_url(),
                     detail=("Overdue: was due " if deadline.state == Deadline.State.OVERDUE
                             else "Due ") + date_format(deadline.due_on, "j F Y"))
            for deadline in deadlines.select_related("case", "clock").order_by("due_on", "pk")[:50]]


@provides_work_list(Role.BUSINESS_UNIT, "Statutory deadlines in the next 5 working days")
def due_soon(user: User) -> list[WorkItem]:
    today = timezone.localdate()
    return _items(Deadline.objects.filter(
        state__in=RUNNING, clock__statutory=True,
        due_on__lte=calendar.add_working_days(today, 5)))


@provides_work_list(Role.MANAGER, "Overdue work")
def overdue(user: User) -> list[WorkItem]:
    return _items(Deadline.objects.filter(state=Deadline.State.OVERDUE))
