"""Plans from every source (issue 14 item 1; 004 §17.1; 002 §10): the rapid review's
immediate safety actions are its plan's actions; an LCSPR's recommendations become proposed
actions of its plan, one for each agency named; a plan of another source is started with
its case when it has one."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.models import Case
from deadlines.models import Deadline
from reviews.action_plans import services
from reviews.action_plans.models import Action, ActionPlan
from reviews.lcspr import services as lcspr_services
from reviews.models import ReportRecommendation
from reviews.rapid_review import services as review_services
from safeguarding.dates import today
from safeguarding.models import Role
from safeguarding.rows import RowChange
from tests.factories import UserFactory, submitted_case
from tests.rapid_review import OUTCOME, record_outcome

D = datetime.date
pytestmark = pytest.mark.django_db


def an_lcspr(p, on):
    on(D(2026, 11, 20))
    case = submitted_case(received_on=D(2026, 11, 2))
    Case.objects.filter(pk=case.pk).update(status=Case.Status.LCSPR_TO_COMMISSION)
    case.refresh_from_db()
    lcspr = lcspr_services.open_lcspr(case=case, actor=p.business_unit,
                                      decided_on=D(2026, 11, 9))
    for number, agencies, due in ((1, [p.police, p.school], D(2027, 3, 31)),
                                  (2, [p.school], D(2027, 6, 30))):
        rec = ReportRecommendation.objects.create(
            lcspr=lcspr, number=number, what=f"Recommendation words {number}", due_on=due,
            recorded_by=p.business_unit)
        rec.agencies.set(agencies)
    return lcspr


def test_an_lcspr_s_recommendations_become_proposed_actions(p, on):
    """004 §16.2: the group determines the improvement actions, recorded in an action plan:
    each recommendation proposed as an action of each agency it names, by its date; made
    again, nothing is proposed twice."""
    lcspr = an_lcspr(p, on)
    plan = services.plan_from_recommendations(lcspr=lcspr, actor=p.business_unit)
    assert (plan.source, plan.scope, plan.case_id, plan.lcspr_id) == (
        ActionPlan.Source.LCSPR, ActionPlan.Scope.MULTI_AGENCY, lcspr.case_id, lcspr.pk)
    actions = list(plan.actions.order_by("number"))
    assert [(a.owner_agency, a.due_on, a.status, a.report_recommendation.number)
            for a in actions] == [
        (p.police, D(2027, 3, 31), "proposed", 1), (p.school, D(2027, 3, 31), "proposed", 1),
        (p.school, D(2027, 6, 30), "proposed", 2)]
    assert actions[0].recommendation.startswith("Recommendation 1:")
    with pytest.raises(ValidationError, match="already has its actions"):
        services.plan_from_recommendations(lcspr=lcspr, actor=p.chair)
    assert not Deadline.objects.filter(record_type="reviews.action").exclude(
        state=Deadline.State.WAIVED).exists()  # proposed: no clock runs until agreed


def test_a_plan_started_for_an_lcspr_in_progress_is_the_one_its_recommendations_fill(p, on):
    """004 §9.3: learning is captured while the review runs, so its plan may be started
    before the report: it is the LCSPR's plan, which its recommendations then fill; a second
    one is refused."""
    lcspr = an_lcspr(p, on)
    early = services.start_plan(actor=p.business_unit, source=ActionPlan.Source.LCSPR,
                                title="Learning of the review", case=lcspr.case,
                                scope=ActionPlan.Scope.MULTI_AGENCY)
    assert early.lcspr_id == lcspr.pk
    assert services.plan_from_recommendations(lcspr=lcspr, actor=p.business_unit) == early
    with pytest.raises(ValidationError, match="LCSPR has its action plan already"):
        services.start_plan(actor=p.business_unit, source=ActionPlan.Source.LCSPR,
                            title="Again", case=lcspr.case, scope=ActionPlan.Scope.MULTI_AGENCY)


def test_a_plan_of_a_learning_review_needs_its_case(p):
    """Issue 14 item 1: a learning review or a group route is about a case; a national
    review's findings or a thematic piece need none."""
    with pytest.raises(ValidationError, match="reference of the case"):
        services.start_plan(actor=p.business_unit, title="Learning review",
                            source=ActionPlan.Source.SINGLE_AGENCY_LEARNING,
                            scope="single_agency", single_agency=p.police)
    with pytest.raises(ValidationError, match="agency of a single-agency plan"):
        services.start_plan(actor=p.business_unit, title="Custody",
                            source=ActionPlan.Source.NATIONAL_REVIEW, scope="single_agency")
    plan = services.start_plan(actor=p.chair, title="Safeguarding in custody",
                               source=ActionPlan.Source.NATIONAL_REVIEW, scope="multi_agency")
    assert plan.case is None and plan.status == ActionPlan.Status.OPEN
    with pytest.raises(ValidationError, match="Choose where"):
        services.start_plan(actor=p.chair, title="Sneaky",
                            source=ActionPlan.Source.RAPID_REVIEW, scope="multi_agency")


def test_a_single_agency_plan_s_actions_are_that_agency_s(p, on):
    """002 §10: single-agency action plans."""
    on(D(2026, 6, 1))
    plan = services.start_plan(actor=p.business_unit, title="Single-agency review",
                               source=ActionPlan.Source.SINGLE_AGENCY_LEARNING,
                               scope="single_agency", single_agency=p.police,
                               case=submitted_case(received_on=D(2026, 5, 1)))
    with pytest.raises(ValidationError, match="single-agency plan"):
        services.propose_action(plan=plan, actor=p.business_unit, action="Train",
                                owner_agency=p.school, due_on=D(2026, 9, 1))
    assert not Action.objects.exists()


def test_the_rapid_review_s_immediate_safety_actions_are_its_plan_s_actions(
        met, chair, agencies):
    """Issue 14 item 1; 000 stage 6: the panel's immediate safety actions are actions of the
    rapid review's plan, agreed as the panel sets them, with their clocks; one the owning
    agency has reported on is no longer the panel's to remove."""

    record_outcome(met, chair, agencies)
    action = Action.objects.get()
    plan = action.plan
    assert (plan.source, plan.rapid_review, plan.case_id) == (
        ActionPlan.Source.RAPID_REVIEW, met, met.case_id)
    assert (action.review, action.status) == (met, Action.Status.AGREED)
    assert Deadline.objects.filter(record_type="reviews.action", record_id=action.pk,
                                   clock__code="immediate_safety_action").exists()
    council = action.owner_agency
    services.record_update(action=action,
                           actor=UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=council),
                           written_on=today(), text="Medical booked")
    with pytest.raises(ValidationError, match="cannot be changed here"):
        review_services.record_recommendation(
            review=met, actor=chair, outcome=OUTCOME, version=None,
            actions=[RowChange(action.pk, None, delete=True)])
    assert Action.objects.filter(pk=action.pk).exists()


def test_the_business_unit_proposes_the_actions_from_the_lcspr_page(p, on):
    """Issue 14 item 1: from the LCSPR's recommendations to its plan, in one step."""
    from django.test import Client
    from django.urls import reverse

    lcspr = an_lcspr(p, on)
    unit = Client()
    unit.force_login(p.business_unit)
    url = reverse("action_plans:from-lcspr", args=[lcspr.pk])
    assert "Recommendation words 2" in unit.get(url).content.decode()
    response = unit.post(url)
    plan = ActionPlan.objects.get(lcspr=lcspr)
    assert response["Location"] == plan.get_absolute_url()
    assert plan.actions.count() == 3
    again = unit.post(url, follow=True).content.decode()
    assert "already has its actions" in again
