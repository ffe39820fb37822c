"""An action's lifecycle (004 sections 9.2, 16.2, 18.1): proposed, agreed by the Learning and
Development group, in progress with the owning agency's dated updates, completed with the
evidence, and done only when the group accepts the evidence, or sent back with the reason;
or not to be implemented, with the reason. Each change in the decision log; an agency
changes only its own actions."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from reviews.action_plans import services
from reviews.action_plans.models import Action
from safeguarding.models import Decision
from safeguarding.workflow import TransitionNotAllowed
from tests.factories import pdf_upload

from .journey import agreed

D = datetime.date
pytestmark = pytest.mark.django_db
S = Action.Status


def log(action: Action) -> list[str]:
    return list(Decision.objects.filter(
        content_type=ContentType.objects.get_for_model(Action), object_id=action.pk,
    ).order_by("pk").values_list("transition", flat=True))


def test_an_action_is_done_only_when_the_group_accepts_its_evidence(p, plan, on):
    """004 §16.2: the group determines the actions and ensures they are completed: agreed by
    the group, updated and evidenced by the owning agency, accepted by the group."""
    action = services.propose_action(
        plan=plan, actor=p.business_unit, action="Audit the referrals", owner_agency=p.police,
        due_on=D(2026, 9, 30), recommendation="Recommendation 1", lead="DI Shah",
        success_measure="Audit shows 90% compliance")
    assert (action.status, action.number, action.original_due_on) == (
        S.PROPOSED, 1, D(2026, 9, 30))
    with pytest.raises(PermissionDenied):
        services.agree_action(action=action, actor=p.business_unit, agreed_on=D(2026, 6, 1))
    services.agree_action(action=action, actor=p.member, agreed_on=D(2026, 6, 1))
    on(D(2026, 7, 1))
    services.record_update(action=action, actor=p.police_contributor,
                           written_on=D(2026, 7, 1), text="Audit tool drafted",
                           upload=pdf_upload("audit-tool.pdf"))
    assert action.status == S.IN_PROGRESS
    update = action.updates.get()
    assert update.document is not None and update.document.case_id == plan.case_id
    services.mark_completed(action=action, actor=p.police_contributor,
                            completed_on=D(2026, 7, 1), evidence="Audit report")
    assert action.status == S.COMPLETED and action.completed_on == D(2026, 7, 1)
    with pytest.raises(PermissionDenied):
        services.accept_evidence(action=action, actor=p.police_contributor,
                                 accepted_on=D(2026, 7, 1))
    services.accept_evidence(action=action, actor=p.chair, accepted_on=D(2026, 7, 1))
    assert action.status == S.EVIDENCE_ACCEPTED
    assert log(action) == ["propose", "agree", "record_update", "mark_completed",
                           "accept_evidence"]


def test_evidence_sent_back_needs_a_reason_and_reopens_the_action(p, plan, on):
    """004 §16.2: completion counts only when the group accepts it; sent back, with why."""
    action = agreed(p, plan, p.school, D(2026, 9, 30))
    services.mark_completed(action=action, actor=p.school_contributor,
                            completed_on=D(2026, 6, 1), evidence="Training given")
    with pytest.raises(ValidationError, match="why the evidence is sent back"):
        services.send_back_evidence(action=action, actor=p.chair, reason="  ")
    services.send_back_evidence(action=action, actor=p.chair, reason="No attendance list")
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (S.IN_PROGRESS, None)
    assert Decision.objects.filter(transition="send_back_evidence",
                                   reason="No attendance list").exists()


def test_not_to_be_implemented_needs_a_reason(p, plan):
    """004 §18.1: the annual report shows the reasons for decisions not to implement
    actions: no reason, no decision."""
    action = agreed(p, plan, p.school, D(2026, 9, 30))
    with pytest.raises(ValidationError, match="why the action is not to be implemented"):
        services.not_to_be_implemented(action=action, actor=p.chair, reason="")
    action.refresh_from_db()
    assert action.status == S.AGREED
    services.not_to_be_implemented(action=action, actor=p.chair,
                                   reason="Superseded by the national guidance")
    action.refresh_from_db()
    assert action.status == S.NOT_IMPLEMENTED
    assert action.not_implemented_reason == "Superseded by the national guidance"
    with pytest.raises(TransitionNotAllowed):
        services.mark_completed(action=action, actor=p.school_contributor,
                                completed_on=D(2026, 6, 1), evidence="Done")


def test_an_agency_changes_only_its_own_actions(p, plan):
    """Issue 14 item 2: the agency sees and updates only its own actions."""
    action = agreed(p, plan, p.police, D(2026, 9, 30))
    for stranger in (p.school_contributor, p.business_unit, p.manager):
        with pytest.raises(PermissionDenied):
            services.record_update(action=action, actor=stranger, written_on=D(2026, 6, 1),
                                   text="Not ours")
        with pytest.raises(PermissionDenied):
            services.mark_completed(action=action, actor=stranger, completed_on=D(2026, 6, 1),
                                    evidence="Not ours")
    assert not action.updates.exists()


def test_an_update_needs_words_and_a_past_date(p, plan):
    """Bad input gets a clear message and changes nothing."""
    action = agreed(p, plan, p.police, D(2026, 9, 30))
    with pytest.raises(ValidationError, match="what progress"):
        services.record_update(action=action, actor=p.police_contributor,
                               written_on=D(2026, 6, 1), text=" ")
    with pytest.raises(ValidationError, match="today or in the past"):
        services.record_update(action=action, actor=p.police_contributor,
                               written_on=D(2026, 6, 2), text="Tomorrow's news")
    action.refresh_from_db()
    assert action.status == S.AGREED and not action.updates.exists()


def test_a_plan_closes_only_when_every_action_is_finished(p, plan):
    """004 §16.2: the plan is monitored until its actions are completed."""
    action = agreed(p, plan, p.police, D(2026, 9, 30))
    with pytest.raises(TransitionNotAllowed, match="1 action still to finish"):
        services.close_plan(plan=plan, actor=p.chair)
    services.not_to_be_implemented(action=action, actor=p.chair, reason="Merged into 2")
    services.close_plan(plan=plan, actor=p.chair)
    plan.refresh_from_db()
    assert plan.status == plan.Status.CLOSED
