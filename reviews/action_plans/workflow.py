"""The transitions of action plans and their actions, declared once: the services make them,
the pages ask which are open and why not.

An action (004 sections 9.2, 16.2, 18.1): proposed → agreed by the Learning and Development
group → in progress (the owning agency's updates) → completed (the agency's evidence) →
evidence accepted by the group, or sent back with the reason; or not to be implemented, with
the reason. On the way: the chief officer's request for an extension and the group's
decision; the escalations to the head of service (3 months overdue) and the chief officer
(6 months), which the sweep makes, and the response each gives. The rapid review's
immediate safety actions are agreed as the panel sets them. Once completed, the group may
require a later audit of its implementation (004 section 17.1); a finding that the change is
not embedded reopens the action, in progress again with a new due date."""

from django.urls import reverse

from deadlines.services import sync
from safeguarding import workflow
from safeguarding.workflow import transition

from .models import Action, ActionPlan

A = Action.Status
P = ActionPlan.Status
GROUP = "the Learning and Development group"
RUNS_PLANS = "the business unit or the Learning and Development group"
AGENCY = "the owning agency's contributors"
RUNNING = {A.AGREED, A.IN_PROGRESS}
FINISHED = {A.EVIDENCE_ACCEPTED, A.NOT_IMPLEMENTED}
# What was implemented can be audited: an action still being done has nothing to audit yet.
# Finished does not close the door: an action whose evidence was accepted is audited later.
AUDITABLE = {A.COMPLETED, A.EVIDENCE_ACCEPTED}


def pending_extension(action: Action):
    """The request for an extension not decided yet, if there is one."""
    return next((request for request in action.extensions.all() if not request.outcome), None)


def awaiting_response(action: Action) -> list:
    return [escalation for escalation in action.escalations.all() if not escalation.response]


def pending_audit(action: Action):
    """The audit required and not reported on yet, if there is one."""
    return next((audit for audit in action.audits.all() if not audit.found_on), None)


def _no_pending_audit(action: Action, user) -> str:
    return "An audit is waiting for its finding" if pending_audit(action) else ""


def _a_pending_audit(action: Action, user) -> str:
    return "" if pending_audit(action) else "No audit is waiting for its finding"


def _no_pending_extension(action: Action, user) -> str:
    return "An extension asked for is waiting for the group's decision" if pending_extension(
        action) else ""


def _a_pending_extension(action: Action, user) -> str:
    return "" if pending_extension(action) else "No extension is waiting for a decision"


def _an_escalation_without_response(action: Action, user) -> str:
    return "" if awaiting_response(action) else "No escalation is waiting for a response"


def step_page(slug: str):
    return lambda action: reverse("action_plans:step", args=[action.pk, slug])


def _plan_open(action: Action, user) -> str:
    return "" if action.plan.status == P.OPEN else "The action plan is closed"


def _after(action: Action) -> None:
    sync(action)
    for audit in action.audits.all():  # their clocks stop with the action's
        sync(audit)


ACTION = workflow.declare(
    workflow.Workflow(
        model=Action, noun="action", states=Action.Status,
        case_id=lambda action: action.plan.case_id,
        describe=lambda action: f"Action {action.number} of an action plan", after=_after,
        finished=lambda action: action.status in FINISHED,
        colours={A.PROPOSED: "grey", A.AGREED: "blue", A.IN_PROGRESS: "light-blue",
                 A.COMPLETED: "yellow", A.EVIDENCE_ACCEPTED: "green",
                 A.NOT_IMPLEMENTED: "orange"}),
    transition("propose", "Propose an action", done="Action proposed", sources=(),
               target=A.PROPOSED, permission="reviews.run_action_plan", who=RUNS_PLANS),
    # The rapid review panel sets its immediate safety actions: agreed as they are set.
    transition("set_by_panel", "Immediate safety action set by the rapid review panel",
               done="Immediate safety action set by the rapid review panel",
               sources={A.PROPOSED}, target=A.AGREED, automatic=True, who="the panel chair"),
    transition("agree", "Agree the action", done="Action agreed by the Learning and "
               "Development group", sources={A.PROPOSED}, target=A.AGREED,
               permission="reviews.approve_actions", who=GROUP, page=step_page("agree"),
               guards=[_plan_open]),
    transition("record_update", "Record progress", done="Progress on the action recorded",
               sources=RUNNING, target=A.IN_PROGRESS, permission="reviews.update_action",
               who=AGENCY, page=step_page("update")),
    transition("mark_completed", "Say the action is completed, with the evidence",
               done="Action completed by the owning agency: evidence given",
               sources=RUNNING, target=A.COMPLETED, permission="reviews.update_action",
               who=AGENCY, page=step_page("complete")),
    transition("accept_evidence", "Accept the evidence", done="Evidence accepted by the "
               "Learning and Development group", sources={A.COMPLETED},
               target=A.EVIDENCE_ACCEPTED, permission="reviews.approve_actions", who=GROUP,
               page=step_page("accept")),
    transition("send_back_evidence", "Send the evidence back", done="Evidence sent back by "
               "the Learning and Development group", sources={A.COMPLETED},
               target=A.IN_PROGRESS, permission="reviews.approve_actions", who=GROUP,
               page=step_page("send-back")),
    transition("not_to_be_implemented", "Decide it is not to be implemented",
               done="Action not to be implemented", sources={A.PROPOSED, *RUNNING},
               target=A.NOT_IMPLEMENTED, permission="reviews.approve_actions", who=GROUP,
               page=step_page("not-implemented")),
    # 004 section 16.2: only on the chief officer's request, in exceptional circumstances.
    transition("request_extension", "Ask for an extension", done="Extension asked for",
               sources=RUNNING, permission="reviews.request_extension",
               who="the owning agency's chief officer, or the business unit for them",
               page=step_page("request-extension"), guards=[_no_pending_extension]),
    transition("decide_extension", "Decide on the extension asked for",
               done="Extension decided by the Learning and Development group",
               sources=RUNNING, permission="reviews.approve_actions", who=GROUP,
               page=step_page("decide-extension"), guards=[_a_pending_extension]),
    transition("escalate_to_head_of_service", "Escalated to the head of service",
               done="Overdue action escalated to the owning agency's head of service",
               sources=RUNNING, automatic=True, who=GROUP),
    transition("escalate_to_chief_officer", "Escalated to the chief officer",
               done="Overdue action escalated to the owning agency's chief officer",
               sources=RUNNING, automatic=True, who=GROUP),
    transition("record_escalation_response", "Record the response to the escalation",
               done="Response to the escalation recorded", sources=set(A),
               permission="reviews.record_escalation_response",
               who="the business unit, the Learning and Development group or the person "
                   "it was escalated to",
               page=step_page("escalation-response"), guards=[_an_escalation_without_response]),
    # 004 section 17.1: implementation audited later; the finding recorded by whoever runs
    # the plans. Both outcomes are made on one page: "not assured" reopens the action.
    transition("require_audit", "Require an audit", done="Audit of the implementation "
               "required by the Learning and Development group", sources=AUDITABLE,
               permission="reviews.approve_actions", who=GROUP,
               page=step_page("require-audit"), guards=[_plan_open, _no_pending_audit]),
    transition("record_audit_finding", "Record the audit's finding",
               done="Audit finding recorded: assured, the change is embedded",
               sources=AUDITABLE, permission="reviews.run_action_plan", who=RUNS_PLANS,
               page=step_page("audit-finding"), guards=[_a_pending_audit]),
    transition("reopen_after_audit", "Record the audit's finding",
               done="Action reopened: the audit found the change is not embedded",
               sources=AUDITABLE, target=A.IN_PROGRESS, permission="reviews.run_action_plan",
               who=RUNS_PLANS, page=step_page("audit-finding"), guards=[_a_pending_audit]),
)

ACTION.add_tasks(
    workflow.Task("Agree the action", ("agree", "set_by_panel"), act_by="agree"),
    workflow.Task("Record progress", ("record_update",)),
    workflow.Task("Say the action is completed, with the evidence", ("mark_completed",),
                  undone_by=("send_back_evidence", "reopen_after_audit")),
    workflow.Task("Accept the evidence", ("accept_evidence",),
                  undone_by=("reopen_after_audit",)),
)


def _plan_finished(plan: ActionPlan, user) -> str:
    running = [action for action in plan.actions.all() if action.status not in FINISHED]
    return (f"{len(running)} action{'s' if len(running) != 1 else ''} still to finish: "
            "evidence accepted, or decided not to be implemented") if running else ""


def _no_audit_waiting(plan: ActionPlan, user) -> str:
    waiting = plan.actions.filter(audits__isnull=False, audits__found_on__isnull=True)
    numbers = sorted(set(waiting.values_list("number", flat=True)))
    return ("An audit is waiting for its finding: action "
            + ", ".join(str(number) for number in numbers)) if numbers else ""


PLAN = workflow.declare(
    workflow.Workflow(
        model=ActionPlan, noun="action plan", states=ActionPlan.Status,
        case_id=lambda plan: plan.case_id, describe=lambda plan: "Action plan",
        finished=lambda plan: plan.status == P.CLOSED,
        colours={P.OPEN: "blue", P.CLOSED: "grey"}),
    transition("open_plan", "Start an action plan", done="Action plan started", sources=(),
               target=P.OPEN, permission="reviews.run_action_plan", who=RUNS_PLANS),
    transition("open_for_rapid_review", "Action plan of the rapid review started",
               done="Action plan of the rapid review's immediate safety actions started",
               sources=(), target=P.OPEN, automatic=True, who="the panel chair"),
    transition("add_action", "Add an action", done="Action added", sources={P.OPEN},
               permission="reviews.run_action_plan", who=RUNS_PLANS,
               page=lambda plan: reverse("action_plans:add-action", args=[plan.pk])),
    transition("propose_from_recommendations", "Propose actions from the report's "
               "recommendations", done="Actions proposed from the LCSPR report's "
               "recommendations", sources={P.OPEN}, permission="reviews.run_action_plan",
               who=RUNS_PLANS),
    transition("close_plan", "Close the action plan", done="Action plan closed",
               sources={P.OPEN}, target=P.CLOSED, permission="reviews.approve_actions",
               who=GROUP, guards=[_plan_finished, _no_audit_waiting],
               page=lambda plan: reverse("action_plans:close", args=[plan.pk])),
)
