"""The reads the learning pages use, each in a bounded number of queries."""

from reviews.action_plans.models import ActionPlan

from .models import LearningShared


def plan_for_page(*, pk: int) -> ActionPlan | None:
    return ActionPlan.objects.select_related("case").filter(pk=pk).first()


def item_for_page(*, pk: int) -> LearningShared | None:
    return LearningShared.objects.select_related("plan__case").filter(pk=pk).first()
