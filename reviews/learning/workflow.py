"""The transitions of learning dissemination, declared once: the services make them, the
pages ask which are open and why not.

An item of learning shared: planned (what, how, with whom, by when) → shared (when), or
recorded as shared in one step. When no review is held, the rapid review's conclusion or the
partners' approval of the Learning and Development group's decision plans the item (001).
The plan of the review or route gains four steps: record learning shared, plan learning to
share, capture learning while the review is in progress (004 sections 9.3, 15.6), and send
its key findings to the Learning and Development group (003)."""

from django.urls import reverse

from deadlines.services import sync
from reviews.action_plans.models import ActionPlan
from reviews.action_plans.workflow import PLAN
from safeguarding import workflow
from safeguarding.workflow import transition

from .models import LearningShared

S = LearningShared.Status
RECORDS = "the business unit or the Learning and Development group"
PLAN_STATES = set(ActionPlan.Status)


def unsent_key_findings(plan: ActionPlan) -> list:
    return [point for point in plan.learning_points.all()
            if point.is_key_finding and point.sent_to_group_on is None]


def _a_key_finding_to_send(plan: ActionPlan, user) -> str:
    return "" if unsent_key_findings(plan) else (
        "No key finding is waiting to be sent: capture learning and mark it as a key finding")


SHARED = workflow.declare(
    workflow.Workflow(
        model=LearningShared, noun="learning to share", states=S,
        case_id=lambda item: item.plan.case_id,
        describe=lambda item: "Learning shared of an action plan", after=sync,
        finished=lambda item: item.status == S.SHARED,
        colours={S.PLANNED: "blue", S.SHARED: "green"}),
    transition("plan_sharing", "Plan learning to share", done="Learning to share planned",
               sources=(), target=S.PLANNED, permission="reviews.record_learning",
               who=RECORDS),
    transition("record_shared_now", "Record learning shared", done="Learning shared recorded",
               sources=(), target=S.SHARED, permission="reviews.record_learning", who=RECORDS),
    # 001: no review is held, so the rapid review or the partners say how the learning
    # will be shared and acted on: a planned item, followed like any other.
    transition("plan_when_no_review", "Learning to share planned as no review is held",
               done="Learning to share planned: no review is held", sources=(),
               target=S.PLANNED, automatic=True,
               who="the rapid review's conclusion or the partners' approval"),
    transition("record_shared", "Record that it was shared", done="Learning shared recorded",
               sources={S.PLANNED}, target=S.SHARED, permission="reviews.record_learning",
               who=RECORDS, page=lambda item: reverse("learning:shared", args=[item.pk])),
)

PLAN.add(
    transition("record_learning_shared", "Record learning shared",
               done="Learning shared recorded", sources=PLAN_STATES,
               permission="reviews.record_learning", who=RECORDS),
    transition("plan_learning", "Plan learning to share", done="Learning to share planned",
               sources=PLAN_STATES, permission="reviews.record_learning", who=RECORDS),
    transition("capture_learning", "Capture learning", done="Learning captured",
               sources=PLAN_STATES, permission="reviews.record_learning", who=RECORDS),
    transition("send_key_findings", "Send key findings to the group",
               done="Key findings sent to the Learning and Development group",
               sources=PLAN_STATES, permission="reviews.record_learning", who=RECORDS,
               guards=[_a_key_finding_to_send]),
    # A review's or route's plan started by its first learning, whoever records it.
    transition("open_for_learning", "Action plan started for its learning",
               done="Action plan started with the learning of the review or route",
               sources=(), target=ActionPlan.Status.OPEN, automatic=True,
               who="the first learning recorded"),
)
