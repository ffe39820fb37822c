"""Every change to learning dissemination, each through the workflow, each taking plain data.
A review or route with no action plan yet gets one with its first learning. The decision
log says what kind of learning was recorded and when: the words stay on the record, which
may speak of the case."""

import logging
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from cases import services as cases
from cases.models import Case, Document
from cases.workflow import CASE
from reviews.action_plans.models import ActionPlan
from reviews.action_plans.services import rapid_review_plan
from safeguarding import workflow
from safeguarding.dates import long_date, not_before, not_in_future, today
from safeguarding.history import changed_by
from safeguarding.models import User
from safeguarding.workflow import transition

from .models import LearningPoint, LearningShared
from .workflow import unsent_key_findings

logger = logging.getLogger(__name__)
Source = ActionPlan.Source
How = LearningShared.How

# The materials of a briefing or an event are kept with the case, as every document is.
CASE.add(transition("add_learning_material", "Add the material of learning shared",
                    done="Material of learning shared added", sources=set(Case.Status),
                    permission="reviews.record_learning",
                    who="the business unit or the Learning and Development group"))




# The plan of a review or route, started if none.

def route_plan(*, case: Case, actor: User | None) -> ActionPlan:
    """The plan of the case's Learning and Development group route (004 section 10)."""
    plan = ActionPlan.objects.filter(case=case, source=Source.LEARNING_GROUP_ROUTE).first()
    if plan is None:
        plan = ActionPlan(source=Source.LEARNING_GROUP_ROUTE, case=case, created_on=today(),
                          title=f"Learning of the Learning and Development group route of "
                                f"{case.reference}")
        workflow.create(plan, "open_for_learning", actor=actor)
    return plan


# Learning shared (002 section 10): planned, then shared; or shared in one step.

def _how(how: str, how_other: str) -> str:
    if how not in How.values:
        raise ValidationError("Choose how the learning is shared")
    if how == How.OTHER and not how_other.strip():
        raise ValidationError("Say how the learning is shared")
    return how_other.strip() if how == How.OTHER else ""


def _material(plan: ActionPlan, actor: User, upload: UploadedFile | None) -> Document | None:
    if upload is None:
        return None
    if plan.case is None:
        raise ValidationError("Documents are kept with a case: this plan has none. Describe "
                              "what was shared in words")
    return cases.add_document(case=plan.case, actor=actor, kind=Document.Kind.OTHER,
                              title="Material of learning shared", upload=upload,
                              transition="add_learning_material")


def _item(plan: ActionPlan, *, what: str, how: str, how_other: str, audience: str,
          **dates: Any) -> LearningShared:
    return LearningShared(plan=plan, what=workflow.required(what, "Say what learning is shared"),
                          how=how, how_other=_how(how, how_other),
                          audience=workflow.required(audience, "Say who it is shared with"),
                          **dates)


@workflow.atomic()
def plan_sharing(*, plan: ActionPlan, actor: User, what: str, how: str, audience: str,
                 planned_for: date, how_other: str = "") -> LearningShared:
    """Learning to be shared by a date: followed on its clock until it is shared."""
    workflow.check(workflow.fresh(plan), "plan_learning", actor)
    if planned_for is None:
        raise ValidationError("Enter the date it is to be shared by")
    item = _item(plan, what=what, how=how, how_other=how_other, audience=audience,
                 planned_for=planned_for, planned_on=today(), recorded_by=actor)
    words = f"{item.how_label}, by {long_date(planned_for)}"
    workflow.perform(plan, "plan_learning", actor=actor, reason=words)
    workflow.create(item, "plan_sharing", actor=actor, reason=words)
    return item


@workflow.atomic()
def record_shared_now(*, plan: ActionPlan, actor: User, what: str, how: str, audience: str,
                      shared_on: date, how_other: str = "",
                      upload: UploadedFile | None = None) -> LearningShared:
    """Learning already shared, recorded in one step, with its material if there is one."""
    workflow.check(workflow.fresh(plan), "record_learning_shared", actor)
    not_in_future(shared_on, "The date it was shared")
    item = _item(plan, what=what, how=how, how_other=how_other, audience=audience,
                 shared_on=shared_on, recorded_by=actor)
    item.document = _material(plan, actor, upload)
    words = f"{item.how_label}, on {long_date(shared_on)}"
    workflow.perform(plan, "record_learning_shared", actor=actor, reason=words)
    workflow.create(item, "record_shared_now", actor=actor, reason=words)
    return item


@workflow.atomic()
def record_shared(*, item: LearningShared, actor: User, shared_on: date,
                  upload: UploadedFile | None = None) -> LearningShared:
    """A planned item shared: its clock is met."""
    workflow.check(item, "record_shared", actor)
    not_in_future(shared_on, "The date it was shared")
    not_before(shared_on, item.planned_on, "The date it was shared", "it was planned")
    document = _material(item.plan, actor, upload) or item.document
    workflow.perform(item, "record_shared", actor=actor,
                     reason=f"{item.how_label}, on {long_date(shared_on)}",
                     shared_on=shared_on, document=document, recorded_by=actor)
    return item


def _plan_when_no_review(plan: ActionPlan, what: str, planned_for: date | None,
                         actor: User | None, reason: str) -> LearningShared:
    item = LearningShared(plan=plan, what=what, how=How.OTHER, how_other="As the partners set "
                          "out", audience="Across the partnership", planned_for=planned_for,
                          planned_on=today(), recorded_by=actor)
    workflow.create(item, "plan_when_no_review", actor=actor, reason=reason)
    return item


@workflow.atomic()
def plan_after_rapid_review(*, review: Any, actor: User, what: str,
                            planned_for: date | None) -> LearningShared:
    """The rapid review concluded with no review: how the learning already identified will
    be disseminated and acted on, by when (001), on the review's plan."""
    words = workflow.required(what, "Say how the learning will be shared and acted on")
    if planned_for is None:
        raise ValidationError("Enter the date the learning is to be shared by")
    return _plan_when_no_review(rapid_review_plan(review=review, actor=actor), words,
                                planned_for, actor,
                                f"Concluded with no review: to be shared by "
                                f"{long_date(planned_for)}")


def plan_after_route_approval(*, case: Case, actor: User) -> None:
    """The partners approved the group's decision that no review is held, saying how the
    learning will be shared (001; 004 section 10.7): a planned item of the route's plan, due
    by the clock's default as the partners set no date."""
    if not case.learning_holds_no_review or not case.learning_sharing.strip():
        return
    plan = route_plan(case=case, actor=actor)
    _plan_when_no_review(plan, case.learning_sharing.strip(), None, actor,
                         "The partners approved the decision: no review is held")


cases.when_learning_approved(plan_after_route_approval)


# Learning captured while a review is in progress (004 sections 9.3, 15.6).

@workflow.atomic()
def capture_learning(*, plan: ActionPlan, actor: User, text: str, captured_on: date,
                     is_key_finding: bool = False) -> LearningPoint:
    workflow.check(workflow.fresh(plan), "capture_learning", actor)
    words = workflow.required(text, "Say what the learning is")
    not_in_future(captured_on, "The date it was captured")
    point = LearningPoint(plan=plan, text=words, captured_on=captured_on, captured_by=actor,
                          is_key_finding=is_key_finding)
    workflow.perform(plan, "capture_learning", actor=actor,
                     reason=f"Captured on {long_date(captured_on)}"
                            + (": a key finding" if is_key_finding else ""))
    changed_by(point, actor).save()
    return point


@workflow.atomic()
def send_key_findings(*, plan: ActionPlan, actor: User, sent_on: date) -> int:
    """The key findings not sent yet, to the Learning and Development group, which
    disseminates them across the partnership (003)."""
    workflow.check(workflow.fresh(plan), "send_key_findings", actor)
    not_in_future(sent_on, "The date they were sent")
    points = unsent_key_findings(plan)
    for point in points:
        not_before(sent_on, point.captured_on, "The date they were sent",
                   "a key finding was captured")
    workflow.perform(plan, "send_key_findings", actor=actor,
                     reason=f"{len(points)} key finding{'s' if len(points) != 1 else ''} "
                            f"sent on {long_date(sent_on)}")
    for point in points:
        point.sent_to_group_on = sent_on
        changed_by(point, actor).save(update_fields=["sent_to_group_on"])
    logger.info("Key findings of plan %s sent to the group", plan.pk)
    return len(points)
