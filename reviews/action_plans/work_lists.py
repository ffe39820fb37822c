"""What action plans add to home pages: the managers' actions due this month, and each
agency's own actions due soon or overdue."""

import calendar as stdlib_calendar
import datetime

from django.utils import timezone
from django.utils.formats import date_format

from deadlines.calendar import add_months
from safeguarding.models import Role, User
from safeguarding.selectors import WorkItem, provides_work_list

from . import selectors


@provides_work_list(Role.MANAGER, "Actions due this month")
def due_this_month(user: User) -> list[WorkItem]:
    """Agreed actions not yet completed falling due from today to the month's end: one
    query."""
    today = timezone.localdate()
    end = today.replace(day=stdlib_calendar.monthrange(today.year, today.month)[1])
    return [WorkItem(text=f"{action.plan.case.reference + ': ' if action.plan.case else ''}"
                          f"action {action.number} of {action.owner_agency.name}",
                     url=action.get_absolute_url(),
                     detail=f"Due {date_format(action.due_on, 'j F Y')}")
            for action in selectors.due_between(start=today, end=end)[:50]]


@provides_work_list(Role.AGENCY_CONTRIBUTOR, "Actions of your agency due or overdue")
def agency_actions(user: User) -> list[WorkItem]:
    """The agency's own agreed actions not completed, overdue or due within a month: one
    query."""
    today = timezone.localdate()
    actions = selectors.due_between(start=datetime.date.min, end=add_months(today, 1)).filter(
        owner_agency_id=user.agency_id)
    return [WorkItem(text=f"Action {action.number}: {action.plan.title}",
                     url=action.get_absolute_url(),
                     detail=("Overdue: was due " if action.due_on < today else "Due ")
                     + date_format(action.due_on, "j F Y"))
            for action in actions[:50]]
