"""Audit of implementation (004 section 17.1; issue 14 item 7): the Learning and Development
group may require a later audit of a completed action (its date, by whom, what it checks);
its finding is recorded; not assured, the action is reopened with a new due date and its
clocks and escalations run again. Its own clock, "audit due" (issue 14 item 9), runs from
the requirement to the finding."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from deadlines import services as deadlines
from deadlines.models import Deadline, Notice
from reviews.action_plans import services
from reviews.action_plans.models import Action, ActionAudit, ActionPlan
from safeguarding import workflow
from safeguarding.models import Decision
from safeguarding.workflow import TransitionNotAllowed

from .journey import agreed

D = datetime.date
pytestmark = pytest.mark.django_db
AUDIT_DUE = "action_audit_due"
CHECK = "The referral checklist is used in every strategy discussion sampled"


def client(user) -> Client:
    signed_in = Client()
    signed_in.force_login(user)
    return signed_in


def deadline(record, clock: str) -> Deadline:
    return Deadline.objects.get(record_type=record._meta.label_lower, record_id=record.pk,
                                clock__code=clock)


def dated(name: str, day: D) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def accepted(p, plan, on) -> Action:
    """The police's action, due 31 August 2026, completed on 20 August and its evidence
    accepted by the group on 1 September 2026: finished."""
    action = agreed(p, plan, p.police, D(2026, 8, 31), action="Use the referral checklist")
    on(D(2026, 8, 20))
    services.mark_completed(action=action, actor=p.police_contributor,
                            completed_on=D(2026, 8, 20), evidence="Checklist in use")
    on(D(2026, 9, 1))
    services.accept_evidence(action=action, actor=p.chair, accepted_on=D(2026, 9, 1))
    action.refresh_from_db()
    return action


def require(p, action: Action, **changes) -> ActionAudit:
    values = {"what": CHECK, "due_on": D(2026, 12, 1), "by_whom": "Quality assurance team",
              "by_agency": p.police, "required_on": D(2026, 9, 1), **changes}
    return services.require_audit(action=action, actor=changes.pop("actor", p.chair),
                                  **{k: v for k, v in values.items() if k != "actor"})


def test_a_finished_action_offers_the_group_an_audit_and_the_page_requires_it(p, accepted, on):
    """004 §17.1: "regularly audit progress on the implementation": an action whose evidence
    was accepted is finished, yet the group's page still offers the audit; the agency's and
    the business unit's do not (the group decides it)."""
    assert accepted.status == Action.Status.EVIDENCE_ACCEPTED
    page = client(p.chair).get(accepted.get_absolute_url()).content.decode()
    url = reverse("action_plans:step", args=[accepted.pk, "require-audit"])
    assert f'href="{url}"' in page and "No audit required" in page
    for someone in (p.police_contributor, p.business_unit):
        assert f'href="{url}"' not in client(someone).get(
            accepted.get_absolute_url()).content.decode()
        assert client(someone).get(url).status_code == 403

    empty = client(p.chair).post(url, {**dated("required_on", D(2026, 9, 1)), "what": "",
                                       **dated("due_on", D(2026, 12, 1)), "by_whom": ""})
    assert "Say what the audit is to check" in empty.content.decode()
    assert "Say who will carry out the audit" in empty.content.decode()
    response = client(p.chair).post(url, {
        **dated("required_on", D(2026, 9, 1)), "what": CHECK, **dated("due_on", D(2026, 12, 1)),
        "by_whom": "Quality assurance team", "by_agency": p.police.pk})
    assert response.status_code == 302
    audit = accepted.audits.get()
    assert (audit.due_on, audit.by_whom, audit.by_agency, audit.required_by) == (
        D(2026, 12, 1), "Quality assurance team", p.police, p.chair)
    page = client(p.chair).get(accepted.get_absolute_url()).content.decode()
    audits = page.split('data-testid="audits"')[1].split("</table>")[0]
    assert "1 Dec 2026" in audits and "Quality assurance team" in audits
    assert CHECK in audits and "Waiting for the finding" in audits
    assert f'href="{url}"' not in page  # one audit at a time
    finding = reverse("action_plans:step", args=[accepted.pk, "audit-finding"])
    assert f'href="{finding}"' in page


def test_an_action_still_being_done_has_nothing_to_audit(p, plan):
    action = agreed(p, plan, p.police, D(2026, 8, 31))
    assert "Not while the action is 'Agreed'" in workflow.why_not(action, "require_audit",
                                                                  p.chair)
    with pytest.raises(TransitionNotAllowed):
        require(p, action)


def test_requiring_an_audit_is_the_group_s_with_a_date_after_it_was_required(p, accepted):
    for someone in (p.business_unit, p.police_contributor, p.manager):
        with pytest.raises(PermissionDenied):
            require(p, accepted, actor=someone)
    with pytest.raises(ValidationError, match="must be after the date it was required"):
        require(p, accepted, due_on=D(2026, 9, 1))
    with pytest.raises(ValidationError, match="cannot be before the action was completed"):
        require(p, accepted, required_on=D(2026, 8, 19))
    require(p, accepted, actor=p.member)
    with pytest.raises(TransitionNotAllowed, match="An audit is waiting for its finding"):
        require(p, accepted)
    log = Decision.objects.get(content_type=ContentType.objects.get_for_model(Action),
                               object_id=accepted.pk, transition="require_audit")
    assert log.reason == "Audit due 1 December 2026, by Northmoor Police"
    assert log.actor == p.member


def test_the_audit_due_clock_runs_from_the_requirement_to_the_finding(p, accepted, on):
    """Issue 14 item 9: "audit due": due on the audit's date, the business unit and the
    group's chair told when it is late, met by the finding."""
    audit = require(p, accepted)
    clock = deadline(audit, AUDIT_DUE)
    assert (clock.starts_on, clock.due_on, clock.state, clock.case_id) == (
        D(2026, 9, 1), D(2026, 12, 1), Deadline.State.OPEN, accepted.plan.case_id)
    assert clock.owner_agency == p.police
    on(D(2026, 12, 2))
    deadlines.sweep_deadlines(today=D(2026, 12, 2))
    told = set(Notice.objects.filter(deadline=clock, stage=Notice.Stage.OVERDUE).values_list(
        "user_id", flat=True))
    assert told == {p.business_unit.pk, p.chair.pk}
    services.record_audit_finding(action=accepted, actor=p.business_unit,
                                  found_on=D(2026, 12, 2), finding="Used in 18 of 20 sampled",
                                  outcome=ActionAudit.Outcome.ASSURED)
    clock.refresh_from_db()
    assert (clock.state, clock.met_on) == (Deadline.State.MET_LATE, D(2026, 12, 2))


def test_an_audit_of_a_plan_of_no_case_has_its_clock(p, on):
    """A national review's plan has no case: its audits, like its actions, are chased all
    the same (issue 14), by a clock of no case."""
    on(D(2026, 6, 1))
    national = services.start_plan(actor=p.business_unit,
                                   source=ActionPlan.Source.NATIONAL_REVIEW,
                                   title="National review of safeguarding in custody",
                                   scope="multi_agency")
    action = agreed(p, national, p.school, D(2026, 8, 31))
    on(D(2026, 9, 1))
    services.mark_completed(action=action, actor=p.school_contributor,
                            completed_on=D(2026, 9, 1), evidence="Training delivered")
    audit = require(p, action, by_agency=None)
    assert ActionAudit.objects.get() == audit
    clock = Deadline.objects.get(record_type="reviews.actionaudit", record_id=audit.pk)
    assert (clock.case, clock.due_on, clock.owner_agency) == (None, audit.due_on, p.school)
    assert clock.place.label == f"Audit of action 1 of action plan {national.pk}"


def test_assured_the_action_stays_finished(p, accepted, on):
    audit = require(p, accepted)
    on(D(2026, 11, 30))
    with pytest.raises(PermissionDenied):
        services.record_audit_finding(action=accepted, actor=p.police_contributor,
                                      found_on=D(2026, 11, 30), finding="Fine",
                                      outcome=ActionAudit.Outcome.ASSURED)
    with pytest.raises(ValidationError, match="Say what the audit found"):
        services.record_audit_finding(action=accepted, actor=p.chair, found_on=D(2026, 11, 30),
                                      finding=" ", outcome=ActionAudit.Outcome.ASSURED)
    with pytest.raises(ValidationError, match="cannot be before the audit was required"):
        services.record_audit_finding(action=accepted, actor=p.chair, found_on=D(2026, 8, 31),
                                      finding="Used", outcome=ActionAudit.Outcome.ASSURED)
    services.record_audit_finding(action=accepted, actor=p.business_unit,
                                  found_on=D(2026, 11, 30), finding="Used in 18 of 20 sampled",
                                  outcome=ActionAudit.Outcome.ASSURED)
    audit.refresh_from_db()
    accepted.refresh_from_db()
    assert (audit.found_on, audit.outcome, audit.recorded_by) == (
        D(2026, 11, 30), ActionAudit.Outcome.ASSURED, p.business_unit)
    assert accepted.status == Action.Status.EVIDENCE_ACCEPTED
    assert accepted.evidence_accepted_on == D(2026, 9, 1)
    assert deadline(audit, AUDIT_DUE).state == Deadline.State.MET
    with pytest.raises(TransitionNotAllowed, match="No audit is waiting for its finding"):
        services.record_audit_finding(action=accepted, actor=p.chair, found_on=D(2026, 11, 30),
                                      finding="Again", outcome=ActionAudit.Outcome.ASSURED)
    page = client(p.chair).get(accepted.get_absolute_url()).content.decode()
    audits = page.split('data-testid="audits"')[1].split("</table>")[0]
    assert "Assured: the change is embedded" in audits and "Used in 18 of 20 sampled" in audits


def test_not_assured_reopens_the_action_with_a_new_due_date_and_its_clocks_run_again(
        p, accepted, on):
    """Issue 14 item 7: the finding "can reopen the action": in progress again, with the
    reason, a new due date after the finding (the original kept), its completion cleared so
    that its due date and escalations count again, from the new date."""
    require(p, accepted)
    on(D(2026, 12, 1))
    url = reverse("action_plans:step", args=[accepted.pk, "audit-finding"])
    missing = client(p.chair).post(url, {**dated("found_on", D(2026, 12, 1)),
                                         "finding": "Used in 6 of 20 sampled",
                                         "outcome": "not_assured"})
    assert "The new due date must be after the date of the finding, 1 December 2026" in \
        missing.content.decode()
    with pytest.raises(ValidationError, match="must be after the date of the finding"):
        services.record_audit_finding(action=accepted, actor=p.chair, found_on=D(2026, 12, 1),
                                      finding="Used in 6 of 20 sampled",
                                      outcome=ActionAudit.Outcome.NOT_ASSURED,
                                      new_due_on=D(2026, 12, 1))
    accepted.refresh_from_db()
    assert accepted.status == Action.Status.EVIDENCE_ACCEPTED  # nothing changed
    response = client(p.chair).post(url, {**dated("found_on", D(2026, 12, 1)),
                                          "finding": "Used in 6 of 20 sampled",
                                          "outcome": "not_assured",
                                          **dated("new_due_on", D(2027, 2, 26))})
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert (accepted.status, accepted.completed_on, accepted.evidence_accepted_on) == (
        Action.Status.IN_PROGRESS, None, None)
    assert (accepted.due_on, accepted.original_due_on) == (D(2027, 2, 26), D(2026, 8, 31))
    log = Decision.objects.get(content_type=ContentType.objects.get_for_model(Action),
                               object_id=accepted.pk, transition="reopen_after_audit")
    assert log.reason == ("Not assured on 1 December 2026: Used in 6 of 20 sampled. Due again "
                          "26 February 2027")
    assert (log.from_state, log.to_state) == (Action.Status.EVIDENCE_ACCEPTED,
                                              Action.Status.IN_PROGRESS)
    due = deadline(accepted, "action_due")
    assert (due.due_on, due.state, due.met_on) == (D(2027, 2, 26), Deadline.State.OPEN, None)
    head = deadline(accepted, "action_escalation_head_of_service")
    assert (head.starts_on, head.due_on, head.state) == (
        D(2027, 2, 26), D(2027, 5, 26), Deadline.State.OPEN)
    decided = deadline(accepted, "action_evidence_decision")  # it was decided: kept as met
    assert (decided.state, decided.met_on) == (Deadline.State.MET, D(2026, 9, 1))

    page = client(p.chair).get(accepted.get_absolute_url()).content.decode()
    assert "Originally due 31 August 2026: reopened after an audit" in page
    assert "Not assured: the action is reopened" in page
    tasks = page.split('data-testid="action-tasks"')[1].split("</ul>")[0]
    assert "Completed" not in tasks.split("Say the action is completed")[1]

    on(D(2027, 5, 26))
    deadlines.sweep_deadlines(today=D(2027, 5, 26))
    escalation = accepted.escalations.get()
    assert (escalation.counted_from, escalation.to) == (D(2027, 2, 26), p.police_head)


def test_the_plan_does_not_close_while_an_audit_waits_for_its_finding(p, plan, accepted):
    audit = require(p, accepted)
    assert workflow.why_not(plan, "close_plan", p.chair) == (
        "An audit is waiting for its finding: action 1")
    services.record_audit_finding(action=accepted, actor=p.chair, found_on=D(2026, 9, 1),
                                  finding="Embedded", outcome=ActionAudit.Outcome.ASSURED)
    assert audit.pk and workflow.why_not(plan, "close_plan", p.chair) == ""
    services.close_plan(plan=plan, actor=p.chair)
    assert "The action plan is closed" in workflow.why_not(
        Action.objects.get(pk=accepted.pk), "require_audit", p.chair)
