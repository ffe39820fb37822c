"""When no review is held, how the learning will be shared becomes a tracked item (001: "the
safeguarding partners should outline how learning already identified will be disseminated
and acted on, or how the learning outcomes have been achieved"): the rapid review's
conclusion with no review, and the partners' approval of the Learning and Development
group's decision on its route."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cases import services as cases
from cases.models import Case
from deadlines.models import Deadline
from reviews.action_plans.models import ActionPlan
from reviews.learning.models import LearningShared
from reviews.models import RapidReview
from reviews.rapid_review import services
from safeguarding.models import Agency, Role
from tests import factories, rapid_review
from tests.factories import AgencyFactory, UserFactory

D = datetime.date
pytestmark = pytest.mark.django_db
SHARING = ("A 7-minute briefing for the partnership on working with families who move "
           "between areas, and an item in the partnership newsletter")


@pytest.fixture
def answered(decided, agencies, business_unit):
    """Signed off by the three partners, sent, the Panel agrees with the decision."""
    K = Agency.Kind
    for kind, day in ((K.LOCAL_AUTHORITY, 19), (K.POLICE, 20), (K.INTEGRATED_CARE_BOARD, 23)):
        rapid_review.sign(decided, rapid_review.partner(agencies[kind]), D(2026, 11, day))
    services.record_submission(review=decided, actor=business_unit, submitted_on=D(2026, 11, 24))
    services.record_panel_response(review=decided, actor=business_unit,
                                   responded_on=D(2026, 11, 25),
                                   response=RapidReview.PanelResponse.AGREES)
    decided.refresh_from_db()
    return decided


def _conclude(review, actor, **learning):
    services.conclude_rapid_review(review=review, actor=actor,
                                   next_step=RapidReview.NextStep.NO_REVIEW,
                                   override_reason="The learning is already identified",
                                   **learning)


def test_a_rapid_review_concluded_with_no_review_plans_how_its_learning_is_shared(
        answered, business_unit):
    with pytest.raises(ValidationError, match="disseminated and acted on"):
        _conclude(answered, business_unit, learning_shared_by=D(2027, 1, 29))
    with pytest.raises(ValidationError, match="to be shared by"):
        _conclude(answered, business_unit, learning_sharing=SHARING)
    answered.refresh_from_db()
    assert answered.status != RapidReview.Status.CONCLUDED
    _conclude(answered, business_unit, learning_sharing=SHARING,
              learning_shared_by=D(2027, 1, 29))
    item = LearningShared.objects.get()
    assert item.plan == ActionPlan.objects.get(rapid_review=answered)
    assert (item.what, item.status, item.planned_for) == (
        SHARING, LearningShared.Status.PLANNED, D(2027, 1, 29))
    clock = Deadline.objects.get(record_type="reviews.learningshared", record_id=item.pk)
    assert (clock.case_id, clock.due_on) == (answered.case_id, D(2027, 1, 29))
    assert item.plan.case.decisions.filter(transition="plan_when_no_review").exists()


def test_the_conclude_page_asks_how_the_learning_will_be_shared(answered, business_unit):
    unit = Client()
    unit.force_login(business_unit)
    url = reverse("reviews:step", args=[answered.pk, "conclude"])
    assert "how will the learning be shared and acted on?" in unit.get(url).content.decode()
    page = unit.post(url, {"next_step": "no_review",
                           "override_reason": "The learning is already identified"})
    text = page.content.decode()
    assert page.status_code == 200 and "disseminated and acted on" in text
    assert "Enter the date the learning is to be shared by" in text
    assert not LearningShared.objects.exists()


def test_another_next_step_plans_nothing(answered, business_unit):
    services.conclude_rapid_review(review=answered, actor=business_unit,
                                   next_step=RapidReview.NextStep.LCSPR)
    assert not LearningShared.objects.exists()


def _route_decided(decision: str) -> Case:
    case = factories.submitted_case(received_on=D(2026, 11, 19))
    cases.inform_partners(case=case, actor=UserFactory(role=Role.BUSINESS_UNIT),
                          informed_on=D(2026, 11, 19))
    cases.record_screening_decision(
        case=case, actor=UserFactory(role=Role.SAFEGUARDING_PARTNER),
        decision=Case.ScreeningDecision.LEARNING, decided_on=D(2026, 11, 20),
        rationale="Below the threshold for notification; learning to explore.")
    cases.record_learning_decision(case=case, actor=UserFactory(role=Role.MANAGER),
                                   decision=decision, rationale="Considered by the group",
                                   decided_on=D(2026, 11, 24))
    return case


def _partner():
    return UserFactory(role=Role.SAFEGUARDING_PARTNER,
                       agency=AgencyFactory(kind=Agency.Kind.LOCAL_AUTHORITY))


def test_the_partners_approval_on_the_route_plans_the_learning_it_says(on):
    """004 section 10.7: the partners approve the group's decision; with no review held, how
    the learning will be shared is a planned item of the route's plan, due by the clock's
    default as they set no date."""
    on(D(2026, 11, 25))
    case = _route_decided(Case.LearningDecision.QUALITY_ASSURANCE)
    cases.approve_learning_decision(case=case, actor=_partner(), approved_on=D(2026, 11, 25),
                                    sharing=SHARING)
    plan = ActionPlan.objects.get(case=case)
    assert plan.source == ActionPlan.Source.LEARNING_GROUP_ROUTE
    item = plan.learning_shared.get()
    assert (item.what, item.status, item.planned_for) == (
        SHARING, LearningShared.Status.PLANNED, None)
    clock = Deadline.objects.get(record_type="reviews.learningshared", record_id=item.pk)
    assert (clock.starts_on, clock.due_on) == (D(2026, 11, 25), D(2027, 2, 25))


def test_a_review_held_on_the_route_plans_no_sharing_yet(on):
    on(D(2026, 11, 25))
    case = _route_decided(Case.LearningDecision.MULTI_AGENCY_PRACTICE_REVIEW)
    cases.approve_learning_decision(case=case, actor=_partner(), approved_on=D(2026, 11, 25))
    assert not ActionPlan.objects.filter(case=case).exists()
