"""The reads the action plans pages use, each in a bounded number of queries."""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from deadlines.calendar import add_months
from deadlines.models import Deadline
from safeguarding.models import Agency, Decision, User

from .models import (
    Action,
    ActionAudit,
    ActionEscalation,
    ActionPlan,
    ActionUpdate,
    ExtensionRequest,
)
from .workflow import FINISHED, RUNNING


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
    # The learning shared and captured (reviews.learning) are read on the plan's page
    # through the plan's relations: the action plans do not import that part.
    return ActionPlan.objects.select_related("case", "single_agency", "lcspr",
                                             "rapid_review").prefetch_related(
        "learning_shared", "learning_points").filter(pk=pk).first()


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
                    "requested_by", "decided_by")),
                Prefetch("audits", queryset=ActionAudit.objects.select_related(
                    "by_agency", "required_by", "recorded_by")))
            .filter(pk=pk).first())


def action_decisions(action: Action) -> QuerySet[Decision]:
    return Decision.objects.filter(content_type=ContentType.objects.get_for_model(Action),
                                   object_id=action.pk).select_related("actor")


def evidence_sent_back(action: Action, decisions: list[Decision]) -> Decision | None:
    """The group's sending back of the evidence the agency has not answered yet: the owning
    agency reads why here, since the decision log is not theirs to read."""
    if action.status != Action.Status.IN_PROGRESS:
        return None
    latest = None
    for decision in decisions:
        if decision.transition in ("send_back_evidence", "mark_completed"):
            latest = decision
    return latest if latest and latest.transition == "send_back_evidence" else None


def action_deadlines(action: Action) -> QuerySet[Deadline]:
    return Deadline.objects.filter(record_type="reviews.action", record_id=action.pk
                                   ).select_related("clock").order_by("due_on", "pk")


def days_overdue(action: Action, today: date) -> int:
    """Calendar days beyond the due date, for an action agreed, not finished and not
    completed (a proposed one is no one's to do yet)."""
    if (action.status in FINISHED or action.status == Action.Status.PROPOSED
            or action.completed_on or action.due_on >= today):
        return 0
    return (today - action.due_on).days


ESCALATION_CLOCKS = ("action_escalation_head_of_service", "action_escalation_chief_officer")


def awaiting_the_learning_group(*, today: date) -> QuerySet[Action]:
    """What waits for the Learning and Development group (004 section 16.2): actions proposed
    (to agree), completed (evidence to accept), an extension asked for and not decided, an
    escalation waiting for its response or falling due within a month; each annotated with
    what it waits for, in one query."""
    pending = ExtensionRequest.objects.filter(action=OuterRef("pk"), outcome="")
    unanswered = ActionEscalation.objects.filter(action=OuterRef("pk"), response=""
                                                 ).order_by("-escalated_on", "-pk")
    coming = Deadline.objects.filter(
        record_type="reviews.action", record_id=OuterRef("pk"), state=Deadline.State.OPEN,
        clock__code__in=ESCALATION_CLOCKS, due_on__gt=today,
        due_on__lte=add_months(today, 1)).order_by("due_on", "pk")
    running = Q(status__in=RUNNING)
    return (Action.objects.annotate(
        extension_to=Subquery(pending.values("new_due_on")[:1]),
        escalated_to=Subquery(unanswered.values("stage")[:1]),
        escalated_on=Subquery(unanswered.values("escalated_on")[:1]),
        escalation_due_on=Subquery(coming.values("due_on")[:1]),
        escalation_clock=Subquery(coming.values("clock__code")[:1]))
        .filter(Q(status=Action.Status.PROPOSED, plan__status=ActionPlan.Status.OPEN)
                | Q(status=Action.Status.COMPLETED)
                | running & Q(extension_to__isnull=False)
                | Q(escalated_on__isnull=False) & ~Q(status__in=FINISHED)
                | running & Q(escalation_due_on__isnull=False))
        .select_related("plan__case", "owner_agency").order_by("due_on", "pk"))


def due_between(*, start: date, end: date) -> QuerySet[Action]:
    """Actions not finished nor completed that fall due between two dates, with their
    plans and owners."""
    return (Action.objects.filter(due_on__range=(start, end), completed_on__isnull=True)
            .exclude(status__in=[*FINISHED, Action.Status.PROPOSED])
            .select_related("plan__case", "owner_agency").order_by("due_on", "pk"))


# The action log and the exception report (004 section 9.2): the group's view of every action
# it may see, and of what is late or escalated.

LATENESS = {"": "All", "overdue": "Overdue", "escalated": "Escalated",
            "due_soon": "Due in the next month"}
E = ActionEscalation.Stage
STAGE_RANK = {E.HEAD_OF_SERVICE: 1, E.CHIEF_OFFICER: 2}


@dataclass(frozen=True)
class LogFilters:
    plan: int | None = None
    agency: int | None = None
    status: str = ""
    lateness: str = ""


def overdue_on(today: date) -> Q:
    """Not finished nor completed, and the due date passed (as days_overdue counts)."""
    return (Q(completed_on__isnull=True, due_on__lt=today)
            & ~Q(status__in=[*FINISHED, Action.Status.COMPLETED, Action.Status.PROPOSED]))


def _escalations_now() -> QuerySet[ActionEscalation]:
    """An action's escalations counted from its current due date (an agreed extension
    starts the count again)."""
    return ActionEscalation.objects.filter(action=OuterRef("pk"),
                                           counted_from=OuterRef("due_on"))


def _with_latest(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Each action with its latest update and the furthest stage it was escalated to, as
    subqueries of the one query: the count stays the same whatever the number of rows."""
    updates = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-written_on", "-pk")
    rank = Case(*(When(stage=stage, then=Value(n)) for stage, n in STAGE_RANK.items()),
                output_field=IntegerField())
    return actions.annotate(
        latest_update_on=Subquery(updates.values("written_on")[:1]),
        latest_update_text=Subquery(updates.values("text")[:1]),
        latest_update_is_evidence=Subquery(updates.values("is_evidence")[:1]),
        stage_rank=Coalesce(Subquery(
            _escalations_now().annotate(rank=rank).order_by("-rank").values("rank")[:1]),
            Value(0)))


def action_log(*, user: User, today: date, filters: LogFilters = LogFilters()
               ) -> QuerySet[Action]:
    """The actions this person sees, filtered, with their plans, cases, owners, latest update
    and escalation stage: one query."""
    actions = Action.objects.filter(actions_for(user))
    if filters.plan:
        actions = actions.filter(plan_id=filters.plan)
    if filters.agency:
        actions = actions.filter(owner_agency_id=filters.agency)
    if filters.status:
        actions = actions.filter(status=filters.status)
    actions = _with_latest(actions.select_related("plan__case", "owner_agency"))
    if filters.lateness == "overdue":
        actions = actions.filter(overdue_on(today))
    elif filters.lateness == "escalated":
        actions = actions.filter(Exists(_escalations_now()))
    elif filters.lateness == "due_soon":
        actions = actions.filter(due_on__range=(today, add_months(today, 1)),
                                 completed_on__isnull=True).exclude(status__in=FINISHED)
    return actions.order_by("plan__created_on", "plan_id", "number", "pk")


def exception_report(*, user: User, today: date, filters: LogFilters = LogFilters()
                     ) -> list[Action]:
    """Only what is overdue or escalated, by owning agency, the longest overdue first:
    one query."""
    actions = action_log(user=user, today=today, filters=filters).filter(
        overdue_on(today) | (Q(Exists(_escalations_now())) & ~Q(status__in=FINISHED)))
    return sorted(actions, key=lambda action: (action.owner_agency.name,
                                               -days_overdue(action, today), action.pk))


def log_choices(*, user: User) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The plans and the owning agencies this person may filter by: two queries."""
    seen = Action.objects.filter(actions_for(user))
    plans = ActionPlan.objects.filter(pk__in=seen.values("plan_id")).order_by("title", "pk")
    agencies = Agency.objects.filter(pk__in=seen.values("owner_agency_id")).order_by("name")
    return (list(plans.values_list("pk", "title")), list(agencies.values_list("pk", "name")))
