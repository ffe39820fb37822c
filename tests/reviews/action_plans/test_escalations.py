"""Escalation of overdue actions (004 sections 9.2 and 16.2): the owning agency's head of
service at 3 calendar months beyond the deadline, its chief officer at 6, each a notice and
an email to that person, in the decision log, with the response recorded; stopped by the
action being completed or its deadline extended; an extension counted from only once
agreed."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deadlines import services as deadlines
from deadlines.models import Deadline, Notice
from reviews.action_plans import services
from reviews.action_plans.models import Action, ActionEscalation, ActionPlan
from safeguarding.models import Decision
from safeguarding.workflow import TransitionNotAllowed

from .journey import agreed

D = datetime.date
pytestmark = pytest.mark.django_db
HEAD, CHIEF = "action_escalation_head_of_service", "action_escalation_chief_officer"


def deadline(action: Action, clock: str) -> Deadline:
    return Deadline.objects.get(record_type="reviews.action", record_id=action.pk,
                                clock__code=clock)


def told(action: Action, clock: str) -> set[int]:
    """Who was told of the deadline's due date as it is now."""
    now = deadline(action, clock)
    return set(Notice.objects.filter(deadline=now, due_on=now.due_on).values_list(
        "user_id", flat=True))


@pytest.mark.parametrize(("due", "head", "chief"), [
    (D(2026, 8, 31), D(2026, 11, 30), D(2027, 2, 28)),   # 31st: clipped to November's end
    (D(2026, 8, 29), D(2026, 11, 29), D(2027, 2, 28)),   # 29th: February 2027 has 28 days
    (D(2027, 8, 31), D(2027, 11, 30), D(2028, 2, 29)),   # a leap year's February
    (D(2026, 9, 30), D(2026, 12, 30), D(2027, 3, 30)),   # 30th: no clipping
    (D(2026, 12, 31), D(2027, 3, 31), D(2027, 6, 30)),
    (D(2026, 11, 30), D(2027, 2, 28), D(2027, 5, 30)),   # 30th into a 28-day February
    (D(2027, 11, 29), D(2028, 2, 29), D(2028, 5, 29)),   # 29th into a leap February
    (D(2026, 5, 31), D(2026, 8, 31), D(2026, 11, 30)),   # the head told on a bank holiday
])
def test_escalations_fall_three_and_six_calendar_months_after_the_due_date(p, plan, due, head,
                                                                          chief):
    """004 §16.2: "three months beyond the specified deadline", "six months beyond the
    original deadline": calendar months, clipped to the end of a shorter month."""
    action = agreed(p, plan, p.police, due)
    assert (deadline(action, HEAD).due_on, deadline(action, CHIEF).due_on) == (head, chief)
    assert deadline(action, HEAD).starts_on == due


def test_calendar_months_do_not_move_for_bank_holidays(p, plan):
    """004 §16.2: months beyond the deadline, not working days: due on Boxing Day 2026 (a
    Saturday, its holiday on Monday 28 December), the head of service is told on Good Friday
    2027 and the chief officer on the late-summer bank holiday's Thursday before, as the
    calendar says; only the reminder before the due date counts working days."""
    action = agreed(p, plan, p.police, D(2026, 12, 26))
    assert deadline(action, HEAD).due_on == D(2027, 3, 26)  # Good Friday
    assert deadline(action, CHIEF).due_on == D(2027, 6, 26)
    due = deadline(action, "action_due")
    assert due.due_on == D(2026, 12, 26)


def test_the_head_of_service_then_the_chief_officer_are_told_not_every_manager(p, plan, on):
    """004 §16.2: the chair informs the relevant head of service at 3 months and the chief
    officer of the agency concerned at 6: the owning agency's named people (and the chair,
    who asks; the business unit), never the other agency's nor every manager. Each is a
    notice and an email naming no child, and a row of the decision log; sent once."""
    action = agreed(p, plan, p.police, D(2026, 8, 31))
    on(D(2026, 11, 29))
    deadlines.sweep_deadlines(today=D(2026, 11, 29))
    assert not ActionEscalation.objects.exists() and not told(action, HEAD)

    on(D(2026, 11, 30))
    mail.outbox.clear()
    deadlines.sweep_deadlines(today=D(2026, 11, 30))
    for notice in deadlines.unsent_notice_ids():
        deadlines.email_notice(notice_id=notice)
    assert told(action, HEAD) == {p.police_head.pk, p.chair.pk, p.business_unit.pk}
    assert not told(action, CHIEF)
    for someone in (p.manager, p.school_head, p.police_chief, p.police_contributor):
        assert someone.pk not in told(action, HEAD)
    escalation = ActionEscalation.objects.get()
    assert (escalation.stage, escalation.to, escalation.counted_from) == (
        ActionEscalation.Stage.HEAD_OF_SERVICE, p.police_head, D(2026, 8, 31))
    log = Decision.objects.get(content_type=ContentType.objects.get_for_model(Action),
                               object_id=action.pk, transition="escalate_to_head_of_service")
    assert "Head of service, Northmoor Police" in log.reason and log.case_id == plan.case_id
    sent = {m.to[0]: m for m in mail.outbox}
    assert p.police_head.email in sent
    child = plan.case.referral.children.first().full_name
    assert child and child not in sent[p.police_head.email].body
    assert child not in sent[p.police_head.email].subject

    deadlines.sweep_deadlines(today=D(2026, 11, 30))
    deadlines.sweep_deadlines(today=D(2026, 12, 1))
    assert ActionEscalation.objects.count() == 1

    on(D(2027, 2, 28))
    deadlines.sweep_deadlines(today=D(2027, 2, 28))
    assert told(action, CHIEF) == {p.police_chief.pk, p.chair.pk, p.business_unit.pk}
    assert ActionEscalation.objects.filter(stage="chief_officer", to=p.police_chief).exists()


def test_the_response_is_recorded_by_whom_it_was_escalated_to(p, plan, on):
    """004 §16.2: the chair requests confirmation of what will be done: the response kept
    with the escalation, in the decision log."""
    action = agreed(p, plan, p.police, D(2026, 8, 31))
    on(D(2026, 11, 30))
    deadlines.sweep_deadlines(today=D(2026, 11, 30))
    escalation = ActionEscalation.objects.get()
    with pytest.raises(PermissionDenied):
        services.record_escalation_response(
            action=action, actor=p.police_contributor, escalation=escalation,
            response="Done soon", responded_on=D(2026, 11, 30))
    with pytest.raises(ValidationError, match="Enter their response"):
        services.record_escalation_response(action=action, actor=p.police_head,
                                            escalation=escalation, response=" ",
                                            responded_on=D(2026, 11, 30))
    services.record_escalation_response(
        action=action, actor=p.police_head, escalation=escalation,
        response="Training booked for January", responded_on=D(2026, 11, 30))
    escalation.refresh_from_db()
    assert escalation.response == "Training booked for January"
    with pytest.raises(TransitionNotAllowed, match="No escalation is waiting"):
        services.record_escalation_response(action=action, actor=p.chair,
                                            escalation=escalation, response="Again",
                                            responded_on=D(2026, 11, 30))


def test_a_completed_action_stops_its_escalations(p, plan, on):
    """004 §16.2: escalation is for actions "not completed": completed before 3 months
    beyond the deadline, nobody is told; the evidence sent back, the clocks run again."""
    action = agreed(p, plan, p.police, D(2026, 8, 31))
    on(D(2026, 11, 2))
    services.mark_completed(action=action, actor=p.police_contributor,
                            completed_on=D(2026, 11, 2), evidence="Audit report shared")
    assert deadline(action, HEAD).state == Deadline.State.MET
    on(D(2026, 11, 30))
    deadlines.sweep_deadlines(today=D(2026, 11, 30))
    assert not told(action, HEAD) and not ActionEscalation.objects.exists()
    services.send_back_evidence(action=action, actor=p.chair, reason="No dates in the audit")
    assert deadline(action, HEAD).state == Deadline.State.OPEN  # due today again
    deadlines.sweep_deadlines(today=D(2026, 11, 30))
    assert p.police_head.pk in told(action, HEAD)


def test_an_extension_agreed_moves_the_due_date_and_keeps_the_original(p, plan, on):
    """004 §16.2: an extension only on the chief officer's request, decided by the group;
    the original deadline kept and shown; escalations count from the original until the
    extension is agreed, then from the new date (stopped meanwhile)."""
    action = agreed(p, plan, p.police, D(2026, 8, 31))
    on(D(2026, 9, 15))
    with pytest.raises(PermissionDenied):
        services.request_extension(action=action, actor=p.police_contributor,
                                   requested_on=D(2026, 9, 15), reason="Staff absence",
                                   new_due_on=D(2027, 1, 31))
    with pytest.raises(ValidationError, match="after the due date"):
        services.request_extension(action=action, actor=p.police_chief,
                                   requested_on=D(2026, 9, 15), reason="Staff absence",
                                   new_due_on=D(2026, 8, 1))
    services.request_extension(action=action, actor=p.police_chief,
                               requested_on=D(2026, 9, 15), reason="Staff absence",
                               new_due_on=D(2027, 1, 31))
    action.refresh_from_db()
    assert action.due_on == D(2026, 8, 31)  # asked for, not agreed: counted from the original
    assert deadline(action, HEAD).due_on == D(2026, 11, 30)
    with pytest.raises(PermissionDenied):
        services.decide_extension(action=action, actor=p.manager, agree=True, reason="",
                                  decided_on=D(2026, 9, 15))
    services.decide_extension(action=action, actor=p.chair, agree=True,
                              reason="Exceptional", decided_on=D(2026, 9, 15))
    action.refresh_from_db()
    assert (action.due_on, action.original_due_on, action.extended) == (
        D(2027, 1, 31), D(2026, 8, 31), True)
    assert deadline(action, HEAD).due_on == D(2027, 4, 30)
    on(D(2026, 11, 30))
    deadlines.sweep_deadlines(today=D(2026, 11, 30))
    assert not told(action, HEAD) and not ActionEscalation.objects.exists()


def test_a_refused_extension_needs_a_reason_and_leaves_the_due_date(p, plan, on):
    """004 §16.2: extensions "only in exceptional circumstances": refused with the reason."""
    action = agreed(p, plan, p.school, D(2026, 8, 31))
    on(D(2026, 9, 15))
    services.request_extension(action=action, actor=p.business_unit,
                               requested_on=D(2026, 9, 15), reason="Chief officer's letter",
                               new_due_on=D(2026, 12, 31))
    with pytest.raises(TransitionNotAllowed, match="waiting for the group"):
        services.request_extension(action=action, actor=p.school_chief,
                                   requested_on=D(2026, 9, 15), reason="Again",
                                   new_due_on=D(2026, 12, 31))
    with pytest.raises(ValidationError, match="why the extension is refused"):
        services.decide_extension(action=action, actor=p.member, agree=False, reason="",
                                  decided_on=D(2026, 9, 15))
    services.decide_extension(action=action, actor=p.member, agree=False,
                              reason="Not exceptional", decided_on=D(2026, 9, 15))
    action.refresh_from_db()
    assert action.due_on == action.original_due_on == D(2026, 8, 31)


def escalate_on(day: D, on) -> None:
    """The sweep of ``day`` and the emails of its notices, as the beat runs them."""
    on(day)
    deadlines.sweep_deadlines(today=day)
    for notice in deadlines.unsent_notice_ids():
        deadlines.email_notice(notice_id=notice)


def test_an_extension_agreed_after_an_escalation_escalates_again_from_the_new_date(p, plan, on):
    """004 §16.2: after the head of service was told, the chief officer asks for an
    extension and the group agrees it: the escalations count from the new date, and when
    that is missed by 3 months too the head of service is told again: a notice, an email
    and a second escalation to respond to."""
    action = agreed(p, plan, p.police, D(2026, 8, 31))
    mail.outbox.clear()
    escalate_on(D(2026, 11, 30), on)
    assert [m.to[0] for m in mail.outbox].count(p.police_head.email) == 1
    on(D(2026, 12, 1))
    services.request_extension(action=action, actor=p.police_chief, requested_on=D(2026, 12, 1),
                               reason="Staff absence", new_due_on=D(2027, 1, 29))
    services.decide_extension(action=action, actor=p.chair, agree=True, reason="Exceptional",
                              decided_on=D(2026, 12, 1))
    head = deadline(action, HEAD)
    assert (head.starts_on, head.due_on, head.state) == (
        D(2027, 1, 29), D(2027, 4, 29), Deadline.State.OPEN)
    assert not told(action, HEAD)  # the notice of the old date is not a notice of the new
    assert Notice.objects.filter(deadline=head, due_on=D(2026, 11, 30)).exists()  # kept

    mail.outbox.clear()
    escalate_on(D(2027, 4, 28), on)
    assert p.police_head.email not in [m.to[0] for m in mail.outbox]
    assert ActionEscalation.objects.count() == 1
    escalate_on(D(2027, 4, 29), on)
    assert told(action, HEAD) == {p.police_head.pk, p.chair.pk, p.business_unit.pk}
    assert [m.to[0] for m in mail.outbox].count(p.police_head.email) == 1
    assert list(ActionEscalation.objects.values_list("stage", "counted_from")) == [
        ("head_of_service", D(2026, 8, 31)), ("head_of_service", D(2027, 1, 29))]
    mail.outbox.clear()
    escalate_on(D(2027, 4, 30), on)  # sent once
    assert p.police_head.email not in [m.to[0] for m in mail.outbox]
    assert ActionEscalation.objects.count() == 2


def test_completed_after_the_head_of_service_was_told_the_chief_officer_is_not(p, plan, on):
    """004 §16.2: "remain outstanding at six months": completed between 3 and 6 months
    beyond the deadline, the chief officer is not told; the evidence sent back after the
    sixth month, the action is outstanding again and the chief officer is told."""
    action = agreed(p, plan, p.police, D(2026, 8, 31))
    escalate_on(D(2026, 11, 30), on)
    on(D(2027, 1, 15))
    services.mark_completed(action=action, actor=p.police_contributor,
                            completed_on=D(2027, 1, 15), evidence="Audit report shared")
    assert deadline(action, CHIEF).state == Deadline.State.MET
    escalate_on(D(2027, 2, 28), on)
    assert not told(action, CHIEF)
    assert not ActionEscalation.objects.filter(stage="chief_officer").exists()
    on(D(2027, 3, 1))
    services.send_back_evidence(action=action, actor=p.chair, reason="No dates in the audit")
    assert deadline(action, CHIEF).state == Deadline.State.OVERDUE
    escalate_on(D(2027, 3, 1), on)
    assert told(action, CHIEF) == {p.police_chief.pk, p.chair.pk, p.business_unit.pk}
    assert ActionEscalation.objects.filter(stage="chief_officer", to=p.police_chief,
                                           counted_from=D(2026, 8, 31)).exists()


def test_the_reminder_before_the_due_date_counts_working_days_across_christmas(p, plan):
    """Only the reminder counts working days: 5 before Monday 4 January 2027 is Wednesday
    23 December 2026 (Christmas, the Boxing Day holiday on Monday 28 December and New Year's
    Day are not working days)."""
    action = agreed(p, plan, p.police, D(2027, 1, 4))
    due = deadline(action, "action_due")
    deadlines.sweep_deadlines(today=D(2026, 12, 22))
    assert not Notice.objects.filter(deadline=due).exists()
    deadlines.sweep_deadlines(today=D(2026, 12, 23))
    assert set(Notice.objects.filter(deadline=due).values_list("stage", flat=True)) == {
        Notice.Stage.REMINDER}


def test_the_deadlines_dashboard_names_the_owning_agency_s_head_of_service_and_chief(
        p, plan, on):
    """Who answers for an overdue action's escalation: that agency's head of service, then
    its chief officer; not "managers"."""
    from django.test import Client

    agreed(p, plan, p.police, D(2026, 8, 31))
    viewer = Client()
    viewer.force_login(p.business_unit)
    page = viewer.get("/deadlines/", {"agency": p.police.pk}).content.decode()
    rows = page.split('data-testid="deadlines"')[1].split("</table>")[0]
    assert "Head of service of Northmoor Police" in rows
    assert "Chief officer of Northmoor Police" in rows
    assert "Managers" not in page
    assert "The owning agency&#x27;s head of service" in page  # the filter's words


# Issue 14: the actions of a plan of no case (a national review's findings) are chased too.

@pytest.fixture
def national(p, on) -> ActionPlan:
    """A national review's findings: a plan of no case, started on 1 June 2026."""
    on(D(2026, 6, 1))
    return services.start_plan(actor=p.business_unit, source=ActionPlan.Source.NATIONAL_REVIEW,
                               title="National review of safeguarding in custody",
                               scope="multi_agency")


def emailed(today: datetime.date) -> dict:
    """Sweep on ``today`` and email what it made: the emails by address."""
    mail.outbox.clear()
    deadlines.sweep_deadlines(today=today)
    for notice in deadlines.unsent_notice_ids():
        deadlines.email_notice(notice_id=notice)
    return {message.to[0]: message for message in mail.outbox}


def test_an_action_of_a_plan_of_no_case_is_chased_as_every_other(p, national, on):
    """004 §16.2 for a national review's action: its due date, the reminder 5 working days
    before it to the owning agency's contributors (not the other agency's), and at 3 months
    beyond it the owning agency's head of service told, by notice and email naming the
    action by numbers, in the decision log of no case and as an escalation awaiting the
    response."""
    action = agreed(p, national, p.police, D(2026, 8, 31))
    due = deadline(action, "action_due")
    assert (due.case, due.owner_agency, due.due_on) == (None, p.police, D(2026, 8, 31))
    where = f"Action 1 of action plan {national.pk}"
    page = reverse("action_plans:action", args=[action.pk])

    on(D(2026, 8, 21))  # 5 working days on is Friday 28 August: not yet
    assert not emailed(D(2026, 8, 21)) and not told(action, "action_due")
    on(D(2026, 8, 24))  # Monday 31 August is a bank holiday: 5 working days on, 1 September
    sent = emailed(D(2026, 8, 24))
    assert told(action, "action_due") == {p.police_contributor.pk, p.business_unit.pk}
    reminder = sent[p.police_contributor.email]
    assert reminder.subject == f"Reminder: Action completed by its due date, {where}"
    assert f"Action completed by its due date for {where}." in reminder.body
    assert reminder.body.rstrip().endswith(page) and "See it: http" in reminder.body
    assert "custody" not in reminder.subject + reminder.body  # the plan's title is not sent

    on(D(2026, 11, 30))
    sent = emailed(D(2026, 11, 30))
    assert told(action, HEAD) == {p.police_head.pk, p.chair.pk, p.business_unit.pk}
    assert not told(action, CHIEF)
    assert sent[p.police_head.email].subject == (
        f"Escalation: Overdue action: tell the Head of Service, {where}")
    assert p.school_head.email not in sent and p.school_contributor.email not in sent
    escalation = ActionEscalation.objects.get()
    assert (escalation.stage, escalation.to, escalation.counted_from) == (
        ActionEscalation.Stage.HEAD_OF_SERVICE, p.police_head, D(2026, 8, 31))
    log = Decision.objects.get(content_type=ContentType.objects.get_for_model(Action),
                               object_id=action.pk, transition="escalate_to_head_of_service")
    assert "Head of service, Northmoor Police" in log.reason and log.case_id is None


def _get(client: Client, url: str) -> tuple[str, int]:
    """The page, and how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_deadlines_pages_link_an_action_of_no_case_for_those_told_of_it(p, national, on):
    """The dashboard, the notices and the calendar feed show a national review's action
    by its numbers, linked to its page, in a number of queries that does not grow with the
    actions; the other agency's contributor is told nothing of it."""
    action = agreed(p, national, p.police, D(2026, 8, 31))
    on(D(2026, 9, 1))
    deadlines.sweep_deadlines(today=D(2026, 9, 1))
    link = (f'<a class="govuk-link" href="{reverse("action_plans:action", args=[action.pk])}"'
            f'>Action 1 of action plan {national.pk}</a>')
    business_unit, police, school = Client(), Client(), Client()
    business_unit.force_login(p.business_unit)
    police.force_login(p.police_contributor)
    school.force_login(p.school_contributor)

    dashboard, one_action = _get(business_unit, reverse("deadlines:dashboard"))
    rows = dashboard.split('data-testid="deadlines"')[1].split("</table>")[0]
    assert link in rows and "Northmoor Police" in rows
    assert link in _get(business_unit, reverse("deadlines:notices"))[0]
    assert link in _get(police, reverse("deadlines:notices"))[0]
    assert link not in _get(school, reverse("deadlines:notices"))[0]
    assert not Notice.objects.filter(user=p.school_contributor).exists()
    assert school.get(reverse("deadlines:dashboard")).status_code == 403

    feed = deadlines.renew_calendar_feed(user=p.business_unit)
    calendar = business_unit.get(f"/deadlines/feed/{feed.token}.ics").content.decode()
    assert f"SUMMARY:Action completed by its due date: Action 1 of action plan {national.pk}" \
        in calendar

    for due_on in (D(2026, 9, 30), D(2026, 10, 30)):
        agreed(p, national, p.school, due_on)
    assert _get(business_unit, reverse("deadlines:dashboard"))[1] == one_action

