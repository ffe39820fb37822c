"""Every change to action plans and their actions, each through the workflow, each taking plain
data. The decision log names the action by its number and the agencies and people by their
roles' names: never the child or the family."""

import logging
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from cases.models import Case, Document
from cases.services import add_document
from cases.workflow import CASE
from deadlines.models import Deadline
from deadlines.registry import after_sweep
from deadlines.services import record_removed
from safeguarding import workflow
from safeguarding.dates import long_date, not_before, not_in_future, today
from safeguarding.history import changed_by
from safeguarding.models import Agency, User
from safeguarding.rows import RowChange, save_rows
from safeguarding.workflow import transition

from .models import (
    Action,
    ActionAudit,
    ActionEscalation,
    ActionPlan,
    ActionUpdate,
    ExtensionRequest,
)
from .workflow import RUNNING, awaiting_response, pending_audit, pending_extension

logger = logging.getLogger(__name__)
Source = ActionPlan.Source
A = Action.Status

# The owning agency's evidence is kept with the case, as every document is.
CASE.add(transition("add_action_evidence", "Add evidence of an action",
                    done="Evidence of an action added", sources=set(Case.Status),
                    permission="reviews.add_action_evidence",
                    who="the owning agency's contributors"))




# Plans.

@workflow.atomic()
def start_plan(*, actor: User, source: str, title: str, scope: str, case: Case | None = None,
               single_agency: Agency | None = None, lcspr: Any = None) -> ActionPlan:
    """A plan from one source (004 section 17.1; 002 section 10): a review or route of a case,
    a national review's findings or a thematic piece; single- or multi-agency."""
    if source not in Source.values or source == Source.RAPID_REVIEW:
        raise ValidationError("Choose where the actions come from")
    if scope not in ActionPlan.Scope.values:
        raise ValidationError("Choose whether it is a single-agency or a multi-agency plan")
    if source in ActionPlan.CASE_SOURCES and case is None:
        raise ValidationError("Give the reference of the case the review or route is about")
    if scope == ActionPlan.Scope.SINGLE_AGENCY and single_agency is None:
        raise ValidationError("Choose the agency of a single-agency plan")
    if source == Source.LCSPR and lcspr is None:
        # The case's LCSPR (one per case): its learning and, later, its recommendations'
        # actions belong to this one plan.
        lcspr = getattr(case, "lcspr", None)
    if lcspr is not None and ActionPlan.objects.filter(lcspr=lcspr).exists():
        raise ValidationError("The case's LCSPR has its action plan already: add to that one")
    plan = ActionPlan(source=source, scope=scope,
                      title=workflow.required(title, "Say what the plan is for"),
                      case=case, lcspr=lcspr, created_on=today(),
                      single_agency=single_agency if scope == ActionPlan.Scope.SINGLE_AGENCY
                      else None)
    workflow.create(plan, "open_plan", actor=actor, reason=plan.get_source_display())
    return plan


@workflow.atomic()
def close_plan(*, plan: ActionPlan, actor: User, reason: str = "") -> ActionPlan:
    """Every action finished: the evidence accepted, or decided not to be implemented."""
    workflow.perform(workflow.fresh(plan), "close_plan", actor=actor, reason=reason.strip(),
                     closed_on=today(), closed_reason=reason.strip())
    return plan


def _rapid_review_plan(review: Any, actor: User | None) -> ActionPlan:
    plan = ActionPlan.objects.filter(rapid_review=review).first()
    if plan is None:
        plan = ActionPlan(source=Source.RAPID_REVIEW, case_id=review.case_id,
                          rapid_review=review, created_on=today(),
                          title=f"Immediate safety actions of the rapid review of "
                                f"{review.case.reference}")
        workflow.create(plan, "open_for_rapid_review", actor=actor)
    return plan


def rapid_review_plan(*, review: Any, actor: User | None) -> ActionPlan:
    """The rapid review's plan, started if it has none (its learning, too, hangs on it)."""
    return _rapid_review_plan(review, actor)


IMMEDIATE_ACTION_FIELDS = frozenset({"action", "owner_agency", "due_on"})


def _set_by_the_panel(action: Action) -> str:
    return "" if action.status in (A.PROPOSED, A.AGREED) else (
        f"Action {action.number} is {action.get_status_display().lower()}: the owning agency "
        "has reported on it, so it cannot be changed here")


@workflow.atomic()
def save_immediate_actions(*, review: Any, actor: User, actions: Iterable[RowChange]) -> None:
    """The rapid review panel's immediate safety actions (its outcome page): actions of the
    review's action plan, agreed as the panel sets them. One the agency has reported on is
    no longer the panel's to change."""
    changes = list(actions)
    if not changes:
        return
    plan = _rapid_review_plan(review, actor)
    changes = [change if change.pk is not None else RowChange(
        values={**change.values, "plan": plan}) for change in changes]
    save_rows(review.immediate_actions, changes, actor=actor,
              fields=IMMEDIATE_ACTION_FIELDS | {"plan"}, refuse=_set_by_the_panel,
              before_delete=lambda row: record_removed(row, "The panel chair removed the "
                                                            "action"))
    for action in review.immediate_actions.filter(status=A.PROPOSED):
        workflow.perform(action, "set_by_panel", actor=actor,
                         agreed_on=review.recommended_on or today())
    for action in review.immediate_actions.all():
        workflow.bring_up_to_date(action)


# Actions.

def _check_action_values(*, action: str, owner_agency: Agency | None, due_on: date | None
                         ) -> str:
    words = workflow.required(action, "Say what is to be done")
    if owner_agency is None:
        raise ValidationError("Choose the agency that owns the action")
    if due_on is None:
        raise ValidationError("Enter the date the action is due")
    return words


@workflow.atomic()
def propose_action(*, plan: ActionPlan, actor: User, action: str, owner_agency: Agency,
                   due_on: date, recommendation: str = "", lead: str = "",
                   success_measure: str = "", report_recommendation: Any = None) -> Action:
    """An action proposed for the plan: the Learning and Development group agrees it (004
    section 16.2)."""
    workflow.check(workflow.fresh(plan), "add_action", actor)
    words = _check_action_values(action=action, owner_agency=owner_agency, due_on=due_on)
    if plan.single_agency_id and owner_agency.pk != plan.single_agency_id:
        raise ValidationError(f"This is a single-agency plan of {plan.single_agency}: its "
                              "actions are that agency's")
    record = Action(plan=plan, action=words, owner_agency=owner_agency, due_on=due_on,
                    recommendation=recommendation.strip(), lead=lead.strip(),
                    success_measure=success_measure.strip(),
                    report_recommendation=report_recommendation)
    workflow.perform(plan, "add_action", actor=actor,
                     reason=f"Owned by {owner_agency.name}, due {long_date(due_on)}")
    workflow.create(record, "propose", actor=actor,
                    reason=f"Owned by {owner_agency.name}, due {long_date(due_on)}")
    return record


@workflow.atomic()
def plan_from_recommendations(*, lcspr: Any, actor: User) -> ActionPlan:
    """The LCSPR's plan, with an action proposed for each agency named in each of the
    report's recommendations not yet in the plan (issue 14 item 1): what the recommendation
    says, by when. The group then agrees them, changes them, or decides one is not to be
    implemented, with the reason."""
    plan = ActionPlan.objects.filter(lcspr=lcspr).first()
    recommendations = list(lcspr.report_recommendations.prefetch_related("agencies"))
    if not recommendations:
        raise ValidationError("The report has no recommendations recorded yet")
    if plan is None:
        agencies = {agency for rec in recommendations for agency in rec.agencies.all()}
        plan = start_plan(actor=actor, source=Source.LCSPR, case=lcspr.case, lcspr=lcspr,
                          title=f"Recommendations of the LCSPR of {lcspr.case.reference}",
                          scope=ActionPlan.Scope.MULTI_AGENCY if len(agencies) != 1
                          else ActionPlan.Scope.SINGLE_AGENCY,
                          single_agency=next(iter(agencies)) if len(agencies) == 1 else None)
    done = set(plan.actions.filter(report_recommendation__isnull=False).values_list(
        "report_recommendation_id", "owner_agency_id"))
    made = 0
    for rec in recommendations:
        for agency in rec.agencies.all():
            if (rec.pk, agency.pk) in done:
                continue
            propose_action(plan=plan, actor=actor, action=rec.what, owner_agency=agency,
                           due_on=rec.due_on, report_recommendation=rec,
                           recommendation=f"Recommendation {rec.number}: {rec.what}")
            made += 1
    if not made:
        raise ValidationError("Every recommendation already has its actions in the plan")
    workflow.perform(workflow.fresh(plan), "propose_from_recommendations", actor=actor,
                     reason=f"{made} action{'s' if made != 1 else ''} proposed")
    return plan


@workflow.atomic()
def agree_action(*, action: Action, actor: User, agreed_on: date, note: str = "") -> Action:
    """The Learning and Development group agrees the action (004 section 16.2)."""
    workflow.check(workflow.fresh(action), "agree", actor)
    not_in_future(agreed_on, "The date the action was agreed")
    workflow.perform(action, "agree", actor=actor, reason=note.strip(), agreed_on=agreed_on)
    return action


def _evidence_document(action: Action, actor: User, upload: UploadedFile | None,
                       title: str) -> Document | None:
    if upload is None:
        return None
    if action.plan.case is None:
        raise ValidationError("Documents are kept with a case: this plan has none. Describe "
                              "the evidence in words")
    return add_document(case=action.plan.case, actor=actor, kind=Document.Kind.AGENCY_REPORT,
                        title=title, upload=upload, transition="add_action_evidence")


def _update(action: Action, actor: User, *, written_on: date, text: str,
            upload: UploadedFile | None, is_evidence: bool) -> ActionUpdate:
    not_in_future(written_on, "The date of the update")
    document = _evidence_document(
        action, actor, upload, f"Evidence for action {action.number}" if is_evidence
        else f"Progress on action {action.number}")
    update = ActionUpdate(action=action, written_on=written_on, text=text,
                          document=document, is_evidence=is_evidence, written_by=actor)
    changed_by(update, actor).save()
    return update


@workflow.atomic()
def record_update(*, action: Action, actor: User, written_on: date, text: str,
                  upload: UploadedFile | None = None) -> ActionUpdate:
    """The owning agency's progress: dated words, with a document if there is one."""
    workflow.check(workflow.fresh(action), "record_update", actor)
    words = workflow.required(text, "Say what progress has been made")
    update = _update(action, actor, written_on=written_on, text=words, upload=upload,
                     is_evidence=False)
    workflow.perform(action, "record_update", actor=actor,
                     reason=f"Update of {long_date(written_on)}"
                            + (" with a document" if update.document else ""))
    return update


@workflow.atomic()
def mark_completed(*, action: Action, actor: User, completed_on: date, evidence: str,
                   upload: UploadedFile | None = None) -> ActionUpdate:
    """The owning agency says the action is done, with the evidence: it counts once the
    Learning and Development group accepts it."""
    workflow.check(workflow.fresh(action), "mark_completed", actor)
    words = workflow.required(evidence, "Describe the evidence that the action is completed")
    not_before(completed_on, action.agreed_on, "The date it was completed",
               "the action was agreed")
    update = _update(action, actor, written_on=completed_on, text=words, upload=upload,
                     is_evidence=True)
    workflow.perform(action, "mark_completed", actor=actor,
                     reason=f"Completed on {long_date(completed_on)}",
                     completed_on=completed_on)
    return update


@workflow.atomic()
def accept_evidence(*, action: Action, actor: User, accepted_on: date, note: str = ""
                    ) -> Action:
    workflow.check(workflow.fresh(action), "accept_evidence", actor)
    not_in_future(accepted_on, "The date the evidence was accepted")
    not_before(accepted_on, action.completed_on, "The date the evidence was accepted",
               "the action was completed")
    workflow.perform(action, "accept_evidence", actor=actor, reason=note.strip(),
                     evidence_accepted_on=accepted_on)
    return action


@workflow.atomic()
def send_back_evidence(*, action: Action, actor: User, reason: str) -> Action:
    """The group sends the evidence back, with the reason: the action is in progress again,
    and its clocks run again."""
    workflow.check(workflow.fresh(action), "send_back_evidence", actor)
    why = workflow.required(reason, "Say why the evidence is sent back")
    workflow.perform(action, "send_back_evidence", actor=actor, reason=why,
                     completed_on=None)
    return action


@workflow.atomic()
def not_to_be_implemented(*, action: Action, actor: User, reason: str) -> Action:
    """The group decides the action is not to be implemented; the reason is kept for the
    annual report (004 section 18.1)."""
    workflow.check(workflow.fresh(action), "not_to_be_implemented", actor)
    why = workflow.required(reason, "Say why the action is not to be implemented")
    workflow.perform(action, "not_to_be_implemented", actor=actor, reason=why,
                     not_implemented_reason=why)
    return action


# Extensions (004 section 16.2).

@workflow.atomic()
def request_extension(*, action: Action, actor: User, requested_on: date, reason: str,
                      new_due_on: date) -> ExtensionRequest:
    """The chief officer's request, in exceptional circumstances, with the reason and the new
    date (recorded by them, or by the business unit for them)."""
    workflow.check(workflow.fresh(action), "request_extension", actor)
    why = workflow.required(reason, "Describe the exceptional circumstances")
    not_in_future(requested_on, "The date of the request")
    if new_due_on is None or new_due_on <= action.due_on:
        raise ValidationError(f"The new due date must be after the due date now, "
                              f"{long_date(action.due_on)}")
    request = ExtensionRequest(action=action, requested_on=requested_on, requested_by=actor,
                               reason=why, new_due_on=new_due_on, due_on_before=action.due_on)
    workflow.perform(action, "request_extension", actor=actor,
                     reason=f"To {long_date(new_due_on)}: {why}")
    changed_by(request, actor).save()
    return request


@workflow.atomic()
def decide_extension(*, action: Action, actor: User, agree: bool, reason: str,
                     decided_on: date) -> ExtensionRequest:
    """The Learning and Development group agrees the extension (the due date moves; the
    original is kept and the escalations count from the new date) or refuses it, with the
    reason (the escalations keep counting from the due date as it was)."""
    workflow.check(workflow.fresh(action), "decide_extension", actor)
    request = pending_extension(action)
    assert request is not None  # the guard says so
    why = reason.strip()
    if not agree and not why:
        raise ValidationError("Say why the extension is refused")
    not_in_future(decided_on, "The date of the decision")
    not_before(decided_on, request.requested_on, "The date of the decision",
               "the extension was asked for")
    words = (f"Agreed: due {long_date(request.new_due_on)} (originally "
             f"{long_date(action.original_due_on or action.due_on)})" if agree
             else f"Refused: {why}")
    changes = {"due_on": request.new_due_on} if agree else {}
    workflow.perform(action, "decide_extension", actor=actor,
                     reason=f"{words}. {why}" if agree and why else words, **changes)
    request.outcome = ExtensionRequest.Decision.AGREED if agree else \
        ExtensionRequest.Decision.REFUSED
    request.decided_on, request.decided_by, request.decision_reason = decided_on, actor, why
    changed_by(request, actor).save()
    return request


# Escalations (004 section 16.2): made by the sweep, once per stage and due date.

ESCALATIONS = {
    "action_escalation_head_of_service": (ActionEscalation.Stage.HEAD_OF_SERVICE,
                                          "escalate_to_head_of_service", "head_of_service"),
    "action_escalation_chief_officer": (ActionEscalation.Stage.CHIEF_OFFICER,
                                        "escalate_to_chief_officer", "chief_officer"),
}


@after_sweep
def record_escalations(today_: date) -> int:
    """Each escalation due by ``today_`` (its notice and email made by the sweep) in the
    action's decision log and as a row awaiting the response. Safe to run again: one per
    action, stage and due date counted from."""
    due = list(Deadline.objects.filter(
        clock__code__in=ESCALATIONS, record_type="reviews.action", due_on__lte=today_,
        state__in=(Deadline.State.OPEN, Deadline.State.OVERDUE)).select_related("clock"))
    if not due:
        return 0
    actions = Action.objects.select_related("owner_agency__head_of_service",
                                            "owner_agency__chief_officer", "plan").in_bulk(
        [deadline.record_id for deadline in due])
    made = set(ActionEscalation.objects.filter(action_id__in=actions).values_list(
        "action_id", "stage", "counted_from"))
    count = 0
    for deadline in due:
        stage, name, field = ESCALATIONS[deadline.clock.code]
        action = actions.get(deadline.record_id)
        if (action is None or action.status not in RUNNING
                or (action.pk, stage, deadline.starts_on) in made):
            continue
        _escalate(action, stage, name, getattr(action.owner_agency, field), deadline, today_)
        count += 1
    return count


def _escalate(action: Action, stage: str, name: str, to: User | None, deadline: Deadline,
              today_: date) -> None:
    role = ActionEscalation.Stage(stage).label.split(" (")[0].lower()
    words = (f"Due {long_date(deadline.starts_on)}, not completed: {role} of "
             f"{action.owner_agency.name}"
             + (f", {to.full_name}, asked what will be done" if to else
                f": no {role} is named for the agency (the administrator names one)"))
    with workflow.atomic():
        workflow.perform(action, name, actor=None, reason=words)
        ActionEscalation.objects.create(action=action, stage=stage,
                                        counted_from=deadline.starts_on, escalated_on=today_,
                                        to=to if to and to.is_active else None)
    logger.info("Action %s escalated (%s)", action.pk, stage)


@workflow.atomic()
def record_escalation_response(*, action: Action, actor: User, escalation: ActionEscalation,
                               response: str, responded_on: date) -> ActionEscalation:
    """What the head of service or the chief officer said will be done."""
    workflow.check(workflow.fresh(action), "record_escalation_response", actor)
    words = workflow.required(response, "Enter their response")
    escalation = ActionEscalation.objects.get(pk=escalation.pk)
    if escalation.action_id != action.pk or escalation not in awaiting_response(action):
        raise ValidationError("Choose an escalation of this action waiting for a response")
    not_in_future(responded_on, "The date of the response")
    not_before(responded_on, escalation.escalated_on, "The date of the response",
               "it was escalated")
    workflow.perform(action, "record_escalation_response", actor=actor,
                     reason=f"{escalation.get_stage_display()}: response of "
                            f"{long_date(responded_on)} recorded")
    escalation.response, escalation.responded_on = words, responded_on
    escalation.response_recorded_by = actor
    changed_by(escalation, actor).save()
    return escalation


# Audits of the implementation (004 section 17.1): the action's clocks, and the audit's own
# (clocks.py), are brought up to date with the action's.

@workflow.atomic()
def require_audit(*, action: Action, actor: User, what: str, due_on: date, by_whom: str,
                  required_on: date, by_agency: Agency | None = None) -> ActionAudit:
    """The Learning and Development group asks for a later audit of what was implemented:
    what is to be checked, on which date, by which person or team."""
    workflow.check(workflow.fresh(action), "require_audit", actor)
    words = workflow.required(what, "Say what the audit is to check")
    who = workflow.required(by_whom, "Say who will carry out the audit")
    not_in_future(required_on, "The date the audit was required")
    not_before(required_on, action.completed_on, "The date the audit was required",
               "the action was completed")
    if due_on is None or due_on <= required_on:
        raise ValidationError("The date of the audit must be after the date it was required, "
                              f"{long_date(required_on)}")
    audit = ActionAudit(action=action, what=words, due_on=due_on, by_whom=who,
                        by_agency=by_agency, required_on=required_on, required_by=actor)
    workflow.perform(action, "require_audit", actor=actor,
                     reason=f"Audit due {long_date(due_on)}"
                            + (f", by {by_agency.name}" if by_agency else ""))
    changed_by(audit, actor).save()
    return audit


@workflow.atomic()
def record_audit_finding(*, action: Action, actor: User, found_on: date, finding: str,
                         outcome: str, new_due_on: date | None = None) -> ActionAudit:
    """What the audit found. Assured: the change is embedded. Not assured: the action is
    reopened, in progress again with a new due date after the finding; its completion and
    the evidence accepted are cleared, so its clocks and escalations count from the new
    date (the original due date is kept)."""
    workflow.check(workflow.fresh(action), "record_audit_finding", actor)
    audit = pending_audit(action)
    assert audit is not None  # the guard says so
    words = workflow.required(finding, "Say what the audit found")
    if outcome not in ActionAudit.Outcome.values:
        raise ValidationError("Choose whether the audit gave assurance")
    not_in_future(found_on, "The date of the finding")
    not_before(found_on, audit.required_on, "The date of the finding",
               "the audit was required")
    if outcome == ActionAudit.Outcome.ASSURED:
        workflow.perform(action, "record_audit_finding", actor=actor,
                         reason=f"Assured on {long_date(found_on)}: {words}")
    else:
        if new_due_on is None or new_due_on <= found_on:
            raise ValidationError("The new due date must be after the date of the finding, "
                                  f"{long_date(found_on)}")
        workflow.perform(action, "reopen_after_audit", actor=actor,
                         reason=f"Not assured on {long_date(found_on)}: {words}. Due again "
                                f"{long_date(new_due_on)}",
                         due_on=new_due_on, completed_on=None, evidence_accepted_on=None)
    audit.found_on, audit.finding, audit.outcome = found_on, words, outcome
    audit.recorded_by = actor
    changed_by(audit, actor).save()
    return audit
