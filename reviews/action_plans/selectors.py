"""The reads the action plans pages use, each in a bounded number of queries."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet

from deadlines.models import Deadline
from safeguarding.models import Decision, User

from .models import Action, ActionEscalation, ActionPlan, ActionUpdate, ExtensionRequest
from .workflow import FINISHED


def actions_for(user: User) -> Q:
    """The actions this person sees in lists: every action, or their own agency's."""
    if user.has_perm("reviews.view_every_action"):
        return Q()
    return Q(owner_agency_id=user.agency_id)


def plans_for(*, user: User) -> QuerySet[ActionPlan]:
    """The plans this person sees, with how many of their actions each has and how many of
    those are still to finish: one query."""
    every = user.has_perm("reviews.view_every_action")
    mine = None if every else Q(actions__owner_agency_id=user.agency_id)
    still_open = ~Q(actions__status__in=FINISHED)
    plans = ActionPlan.objects.select_related("case").annotate(
        action_count=Count("actions", filter=mine),
        open_count=Count("actions", filter=still_open & mine if mine else still_open))
    if not every:
        plans = plans.filter(pk__in=Action.objects.filter(
            owner_agency_id=user.agency_id).values("plan_id"))
    return plans


def plan_for_page(*, pk: int) -> ActionPlan | None:
    return ActionPlan.objects.select_related("case", "single_agency", "lcspr",
                                             "rapid_review").filter(pk=pk).first()


def plan_actions(plan: ActionPlan, user: User) -> list[Action]:
    """The plan's actions this person sees, with their owners: one query."""
    return list(plan.actions.filter(actions_for(user)).select_related("owner_agency"))


def action_for_page(*, pk: int) -> Action | None:
    return (Action.objects
            .select_related("plan__case", "owner_agency__head_of_service",
                            "owner_agency__chief_officer", "report_recommendation")
            .prefetch_related(
                Prefetch("updates", queryset=ActionUpdate.objects.select_related(
                    "written_by", "document")),
                Prefetch("escalations", queryset=ActionEscalation.objects.select_related(
                    "to", "response_recorded_by")),
                Prefetch("extensions", queryset=ExtensionRequest.objects.select_related(
                    "requested_by", "decided_by")))
            .filter(pk=pk).first())


def action_decisions(action: Action) -> QuerySet[Decision]:
    return Decision.objects.filter(content_type=ContentType.objects.get_for_model(Action),
                                   object_id=action.pk).select_related("actor")


def action_deadlines(action: Action) -> QuerySet[Deadline]:
    return Deadline.objects.filter(record_type="reviews.action", record_id=action.pk
                                   ).select_related("clock").order_by("due_on", "pk")


def days_overdue(action: Action, today: date) -> int:
    """Calendar days beyond the due date, for an action not finished and not completed."""
    if action.status in FINISHED or action.completed_on or action.due_on >= today:
        return 0
    return (today - action.due_on).days


def due_between(*, start: date, end: date) -> QuerySet[Action]:
    """Actions not finished nor completed that fall due between two dates, with their
    plans and owners."""
    return (Action.objects.filter(due_on__range=(start, end), completed_on__isnull=True)
            .exclude(status__in=[*FINISHED, Action.Status.PROPOSED])
            .select_related("plan__case", "owner_agency").order_by("due_on", "pk"))
