"""What action plans add to home pages: the managers' actions due this month, each agency's
own actions due soon or overdue, and what waits for the Learning and Development group."""

import calendar as stdlib_calendar
import datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format

from deadlines.calendar import add_months
from safeguarding.models import Role, User
from safeguarding.selectors import (
    HOME_WORK_LISTS,
    LEARNING_GROUP_LIST,
    WorkItem,
    provides_work_list,
)

from . import selectors
from .models import Action, ActionEscalation
from .workflow import RUNNING


@provides_work_list(Role.MANAGER, "Actions due this month")
def due_this_month(user: User) -> list[WorkItem]:
    """Agreed actions not yet completed falling due from today to the month's end: one
    query."""
    today = timezone.localdate()
    end = today.replace(day=stdlib_calendar.monthrange(today.year, today.month)[1])
    return [WorkItem(text=f"{action.plan.case.reference + ': ' if action.plan.case else ''}"
                          f"action {action.number} of {action.owner_agency.name}",
                     url=action.get_absolute_url(),
                     detail=f"Due {date_format(action.due_on, 'j F Y')}",
                     case_id=action.plan.case_id)
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
                     + date_format(action.due_on, "j F Y"), case_id=action.plan.case_id)
            for action in actions[:50]]


def _long(day: datetime.date) -> str:
    return date_format(day, "j F Y")


ESCALATED_TO = {"action_escalation_head_of_service": "head of service",
                "action_escalation_chief_officer": "chief officer"}


def _waits_for(action: Any) -> str:
    """What the group is to do: ``action`` is an Action with the annotations of
    selectors.awaiting_the_learning_group."""
    waits = []
    if action.status == Action.Status.PROPOSED:
        waits.append("Proposed: to agree")
    if action.status == Action.Status.COMPLETED:
        waits.append(f"Completed on {_long(action.completed_on)}: evidence to accept")
    if action.extension_to and action.status in RUNNING:
        waits.append(f"Extension to {_long(action.extension_to)} asked for: to decide")
    if action.escalated_on:
        stage = ActionEscalation.Stage(action.escalated_to).label.split(" (")[0].lower()
        waits.append(f"Escalated to the {stage} on {_long(action.escalated_on)}: "
                     "response awaited")
    if action.escalation_due_on and action.status in RUNNING:
        waits.append(f"To be escalated to the {ESCALATED_TO[action.escalation_clock]} on "
                     f"{_long(action.escalation_due_on)}")
    return "; ".join(waits)


def awaiting_the_group(user: User) -> list[WorkItem] | None:
    """004 section 16.2: what the group agrees, accepts, decides and escalates; on the page of
    its chair and members only (one query, and one to know the person is of the group)."""
    if not user.has_perm("reviews.approve_actions"):
        return None
    actions = selectors.awaiting_the_learning_group(today=timezone.localdate())
    return [WorkItem(text=f"Action {action.number} of {action.owner_agency.name}: "
                          f"{action.plan.title}",
                     url=action.get_absolute_url(), detail=_waits_for(action),
                     case_id=action.plan.case_id)
            for action in actions[:50]]


for _role, _lists in HOME_WORK_LISTS.items():
    if LEARNING_GROUP_LIST in _lists:
        provides_work_list(Role(_role), LEARNING_GROUP_LIST[0])(awaiting_the_group)
