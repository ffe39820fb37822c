"""The home pages' lists of actions (issue 14 item 8): each owning agency's actions overdue,
then due within a month; the manager's actions due this month; and what waits for the
Learning and Development group (004 section 16.2) on its chair's and members' pages only,
each list in a bounded number of queries."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from deadlines import services as deadlines
from reviews.action_plans import services
from reviews.action_plans.models import Action, ActionEscalation

from .journey import agreed

D = datetime.date
pytestmark = pytest.mark.django_db
TODAY = D(2026, 10, 5)
AWAITING = "Awaiting the Learning and Development group"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def home(user) -> str:
    response = signed_in(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, title: str) -> str:
    """The list under one heading of the home page ("" when it is not on the page)."""
    found = re.search(rf">{re.escape(title)}</h2>(.*?)</section>", page, re.S)
    return found.group(1) if found else ""


def rows(page: str, title: str) -> list[str]:
    """Each row of a list: its link's text and its detail line."""
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()).replace("&#x27;", "'")
            for row in re.findall(r"<li>(.*?)</li>", section(page, title), re.S)]


@pytest.fixture
def world(p, plan, on):
    """A learning review's plan on Monday 5 October 2026, with an action in each situation."""
    a = SimpleNamespace()
    a.proposed = services.propose_action(plan=plan, actor=p.business_unit, action="Proposed",
                                         owner_agency=p.police, due_on=D(2026, 9, 30))
    a.escalated = agreed(p, plan, p.police, D(2026, 6, 30), action="Escalated")
    a.escalating = agreed(p, plan, p.school, D(2026, 7, 15), action="To be escalated")
    a.completed = agreed(p, plan, p.school, D(2026, 7, 31), action="Completed")
    a.extension = agreed(p, plan, p.police, D(2026, 8, 31), action="Extension asked for")
    a.due_soon = agreed(p, plan, p.police, D(2026, 10, 20), action="Due soon")
    a.later = agreed(p, plan, p.police, D(2026, 12, 31), action="Due later")
    a.police_completed = agreed(p, plan, p.police, D(2026, 7, 1), action="Police, completed")
    a.accepted = agreed(p, plan, p.school, D(2026, 10, 30), action="Accepted")
    on(TODAY)
    services.mark_completed(action=a.completed, actor=p.school_contributor,
                            completed_on=D(2026, 7, 20), evidence="Training register")
    services.mark_completed(action=a.police_completed, actor=p.police_contributor,
                            completed_on=D(2026, 9, 1), evidence="Audit report")
    services.mark_completed(action=a.accepted, actor=p.school_contributor,
                            completed_on=D(2026, 9, 1), evidence="Policy")
    services.accept_evidence(action=a.accepted, actor=p.chair, accepted_on=D(2026, 9, 2))
    services.request_extension(action=a.extension, actor=p.business_unit,
                               requested_on=D(2026, 8, 20), new_due_on=D(2026, 10, 30),
                               reason="The force's new records system goes live in October")
    deadlines.sweep_deadlines(today=D(2026, 9, 30))  # 3 months after 30 June
    assert ActionEscalation.objects.get().action == a.escalated
    return a


def test_the_agency_sees_its_overdue_actions_first_then_those_due_within_a_month(p, world):
    """Issue 14 item 8: the police's page lists its agreed actions overdue (the earliest
    first), then due within a month; not one proposed, completed and waiting for the group to
    accept its evidence, nor due later, nor the school's."""
    assert rows(home(p.police_contributor), "Actions of your agency due or overdue") == [
        f"Action {world.escalated.number}: Multi-agency learning review Overdue: was due "
        "30 June 2026",
        f"Action {world.extension.number}: Multi-agency learning review Overdue: was due "
        "31 August 2026",
        f"Action {world.due_soon.number}: Multi-agency learning review Due 20 October 2026"]


def test_the_manager_sees_the_actions_due_this_month(p, world):
    """Issue 14 item 8: "Actions due this month" from the actions: due from today to 31
    October, not overdue, not finished; the manager is not of the group, so no group list."""
    page = home(p.manager)
    reference = world.due_soon.plan.case.reference
    assert rows(page, "Actions due this month") == [
        f"{reference}: action {world.due_soon.number} of Northmoor Police Due 20 October 2026"]
    assert AWAITING not in page


def test_the_group_s_chair_sees_what_waits_for_a_decision(p, world):
    """004 section 16.2: the actions to agree, the evidence to accept, the extension to
    decide, the escalation awaiting its response and the one falling due within a month,
    each linking to its action, in the order of their due dates."""
    page = home(p.chair)
    title = "Multi-agency learning review"
    assert rows(page, AWAITING) == [
        f"Action {world.escalated.number} of Northmoor Police: {title} Escalated to the head "
        "of service on 30 September 2026: response awaited",
        f"Action {world.police_completed.number} of Northmoor Police: {title} Completed on "
        "1 September 2026: evidence to accept",
        f"Action {world.escalating.number} of St Aidan's Primary School: {title} To be "
        "escalated to the head of service on 15 October 2026",
        f"Action {world.completed.number} of St Aidan's Primary School: {title} Completed on "
        "20 July 2026: evidence to accept",
        f"Action {world.extension.number} of Northmoor Police: {title} Extension to "
        "30 October 2026 asked for: to decide",
        f"Action {world.proposed.number} of Northmoor Police: {title} Proposed: to agree"]
    links = re.findall(r'href="(/action-plans/[^"]+)"', section(page, AWAITING))
    assert links == [action.get_absolute_url() for action in (
        world.escalated, world.police_completed, world.escalating, world.completed,
        world.extension, world.proposed)]


def test_an_answered_escalation_and_a_decided_extension_leave_the_group_s_list(p, world):
    services.record_escalation_response(
        action=world.escalated, actor=p.police_head, escalation=ActionEscalation.objects.get(),
        response="A named officer finishes the audit by November", responded_on=TODAY)
    services.decide_extension(action=Action.objects.get(pk=world.extension.pk),
                              actor=p.chair, agree=True, reason="", decided_on=TODAY)
    for completed in (world.completed, world.police_completed):
        services.accept_evidence(action=completed, actor=p.chair, accepted_on=TODAY)
    services.agree_action(action=world.proposed, actor=p.chair, agreed_on=TODAY)
    assert [row.split(":")[0] for row in rows(home(p.member), AWAITING)] == [
        f"Action {world.escalating.number} of St Aidan's Primary School"]


def test_the_group_s_member_of_any_role_sees_the_list_and_no_one_else(p, world):
    """The chair is a manager and the member an agency contributor: both see the list; the
    business unit, the manager and the agencies' contributors who are not of the group do not.
    """
    assert len(rows(home(p.member), AWAITING)) == 6
    for outsider in (p.business_unit, p.manager, p.police_contributor, p.police_head):
        assert AWAITING not in home(outsider)


def test_the_group_s_list_reads_in_two_queries_whatever_the_number_of_actions(p, plan, world):
    chair = signed_in(p.chair)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            chair.get("/")
        return len(captured)

    before = queries()
    for number in range(4):
        services.propose_action(plan=plan, actor=p.business_unit, action=f"More {number}",
                                owner_agency=p.school, due_on=D(2026, 11, 30))
    assert len(rows(home(p.chair), AWAITING)) == 10
    assert queries() == before


def test_each_home_page_is_bounded_in_queries(p, world, django_assert_max_num_queries):
    """Each page: the session, the user, their lists (each one or two queries)."""
    for user in (p.chair, p.member, p.manager, p.police_contributor):
        client = signed_in(user)
        with django_assert_max_num_queries(14):
            client.get("/")
