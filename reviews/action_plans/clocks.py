"""The clocks of the actions of action plans, declared beside their rules (deadlines.registry):
each action due (the rapid review's immediate safety actions from the panel's outcome,
every other action once agreed), the escalations 3 and 6 calendar months beyond the due date
(004 sections 9.2 and 16.2: to the owning agency's head of service, then its chief officer;
calendar months clipped to the month's end), and the Learning and Development group's
decision on the evidence, and each audit of an action's implementation the group requires
(004 section 17.1), due on the date it set, met by its finding. The due date is the
original unless an extension was agreed (or an audit reopened the action), so the
escalations count from the original unless the group set a new date. Clocks run for every
plan's actions: those of a plan of no case (a national review's findings, a thematic
piece) belong to no case, and their notices and lists link to the action's page."""

from cases.models import Case
from deadlines.models import Clock
from deadlines.registry import (
    BUSINESS_UNIT,
    LEARNING_GROUP_CHAIR,
    OWNING_AGENCY_CHIEF_OFFICER,
    OWNING_AGENCY_CONTRIBUTORS,
    OWNING_AGENCY_HEAD_OF_SERVICE,
    ClockPolicy,
    ClockRule,
    Place,
    declare,
    register,
)

from .models import Action, ActionAudit, ActionPlan

A = Action.Status
WORKING_DAYS, MONTHS = Clock.Unit.WORKING_DAYS, Clock.Unit.MONTHS
Answers = Clock.Responsible
CLOSED_CASE = (Case.Status.WITHDRAWN, Case.Status.MERGED)
AGREED = {A.AGREED, A.IN_PROGRESS, A.COMPLETED, A.EVIDENCE_ACCEPTED}


def _waived(action: Action) -> str:
    if action.status == A.NOT_IMPLEMENTED:
        return "Decided not to be implemented"
    if action.plan.status == ActionPlan.Status.CLOSED:
        return "The action plan was closed"
    case = action.plan.case
    if case is not None and case.status in CLOSED_CASE:
        return f"The case was {case.get_status_display().lower()}"
    return ""


def _running(action: Action) -> bool:
    return action.status in AGREED


def _place(action: Action, what: str = "Action") -> Place:
    """"Action 2 of action plan 7": numbers, never a name (a plan's title may hold one)."""
    return Place(f"{what} {action.number} of action plan {action.plan_id}",
                 action.get_absolute_url())


def _panel_set(action: Action):
    if action.review_id is None or not _running(action):
        return None
    return action.review.recommended_on or action.agreed_on


def _agreed(action: Action):
    if action.review_id is not None or not _running(action):
        return None
    return action.agreed_on or action.plan.created_on


def _due(action: Action):
    return action.due_on if _running(action) else None


def _rule(clock: str, starts_on, met_on=lambda action: action.completed_on, due_on=None
          ) -> ClockRule:
    return ClockRule(clock, case=lambda action: action.plan.case, starts_on=starts_on,
                     met_on=met_on, waived=_waived,
                     owner_agency=lambda action: action.owner_agency,
                     due_on=due_on or (lambda action: None))


ESCALATION_SOURCE = "Seed 004 §9.2, §16.2 (local practice: beyond the original deadline)"

declare(
    ClockPolicy("immediate_safety_action", "Immediate safety action completed",
                starts="The rapid review panel set the action",
                met_by="The action was completed", amount=10, unit=WORKING_DAYS,
                source="Seed 000 stage 6; the Panel's rapid review template (the panel sets "
                       "each action's due date)",
                responsible=Answers.ACTION_OWNER,
                told=(BUSINESS_UNIT, OWNING_AGENCY_CONTRIBUTORS), reminder_working_days=2),
    ClockPolicy("action_due", "Action completed by its due date",
                starts="The Learning and Development group agreed the action",
                met_by="The owning agency completed the action, with its evidence",
                amount=3, unit=MONTHS, source="Seed 004 §9.2, §16.2 (the plan sets each "
                                              "action's due date)",
                responsible=Answers.ACTION_OWNER,
                told=(BUSINESS_UNIT, OWNING_AGENCY_CONTRIBUTORS), reminder_working_days=5),
    # The chair of the group asks the owning agency's head of service, then its chief
    # officer: named people, never every manager.
    ClockPolicy("action_escalation_head_of_service", "Overdue action: tell the Head of Service",
                starts="The action's due date passed", met_by="The action was completed",
                amount=3, unit=MONTHS, source=ESCALATION_SOURCE,
                responsible=Answers.HEAD_OF_SERVICE,
                told=(BUSINESS_UNIT, LEARNING_GROUP_CHAIR, OWNING_AGENCY_HEAD_OF_SERVICE),
                reminder_working_days=0),
    ClockPolicy("action_escalation_chief_officer", "Overdue action: tell the Chief Officer",
                starts="The action's due date passed", met_by="The action was completed",
                amount=6, unit=MONTHS, source=ESCALATION_SOURCE,
                responsible=Answers.CHIEF_OFFICER,
                told=(BUSINESS_UNIT, LEARNING_GROUP_CHAIR, OWNING_AGENCY_CHIEF_OFFICER),
                reminder_working_days=0),
    ClockPolicy("action_evidence_decision", "Evidence of a completed action decided",
                starts="The owning agency said the action is completed",
                met_by="The Learning and Development group accepted the evidence",
                amount=20, unit=WORKING_DAYS, source="Local default (004 §16.2: completion "
                                                     "counts once the group accepts it)",
                responsible=Answers.PARTNERS, told=(BUSINESS_UNIT, LEARNING_GROUP_CHAIR),
                reminder_working_days=5),
    ClockPolicy("action_audit_due", "Audit of an action's implementation reported",
                starts="The Learning and Development group required the audit",
                met_by="The audit's finding was recorded", amount=3, unit=MONTHS,
                source="Seed 004 §17.1 (the group sets each audit's date)",
                responsible=Answers.PARTNERS, told=(BUSINESS_UNIT, LEARNING_GROUP_CHAIR),
                reminder_working_days=5),
)

register(
    Action,
    _rule("immediate_safety_action", _panel_set, due_on=lambda action: action.due_on),
    _rule("action_due", _agreed, due_on=lambda action: action.due_on),
    _rule("action_escalation_head_of_service", _due),
    _rule("action_escalation_chief_officer", _due),
    _rule("action_evidence_decision",
          lambda action: action.completed_on if _running(action) else None,
          met_on=lambda action: action.evidence_accepted_on),
    select_related=("plan__case", "review", "owner_agency"), place=_place,
)


register(
    ActionAudit,
    ClockRule("action_audit_due", case=lambda audit: audit.action.plan.case,
              starts_on=lambda audit: audit.required_on, met_on=lambda audit: audit.found_on,
              waived=lambda audit: _waived(audit.action),
              owner_agency=lambda audit: audit.action.owner_agency,
              due_on=lambda audit: audit.due_on),
    select_related=("action__plan__case", "action__owner_agency"),
    place=lambda audit: _place(audit.action, "Audit of action"),
)
