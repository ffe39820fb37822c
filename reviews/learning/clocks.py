"""The clock of learning to share (001; 004 section 9.3): a planned item of a plan is due
on the date the partners set for it (the policy's default when they set none), met when it
is shared. The business unit and the chair of the Learning and Development group are
told."""

from cases.models import Case
from deadlines.models import Clock
from deadlines.registry import (
    BUSINESS_UNIT,
    LEARNING_GROUP_CHAIR,
    ClockPolicy,
    ClockRule,
    Place,
    declare,
    register,
)

from .models import LearningShared

CLOSED_CASE = (Case.Status.WITHDRAWN, Case.Status.MERGED)


def _planned(item: LearningShared):
    """A planned item; one recorded as already shared has no clock."""
    return item.planned_on


def _waived(item: LearningShared) -> str:
    case = item.plan.case
    if case is not None and case.status in CLOSED_CASE and item.shared_on is None:
        return f"The case was {case.get_status_display().lower()}"
    return ""


declare(
    ClockPolicy("learning_shared", "Learning shared by the date set",
                starts="The learning to share was planned",
                met_by="The learning was shared", amount=3, unit=Clock.Unit.MONTHS,
                source="Seed 001; 004 §9.3 (local: the date the partners set)",
                responsible=Clock.Responsible.PARTNERS,
                told=(BUSINESS_UNIT, LEARNING_GROUP_CHAIR), reminder_working_days=5),
)

register(
    LearningShared,
    ClockRule("learning_shared", case=lambda item: item.plan.case, starts_on=_planned,
              met_on=lambda item: item.shared_on, waived=_waived,
              due_on=lambda item: item.planned_for),
    select_related=("plan__case",),
    # "Learning to share of action plan 7": numbers, never a name.
    place=lambda item: Place(f"Learning to share of action plan {item.plan_id}",
                             item.plan.get_absolute_url()),
)
