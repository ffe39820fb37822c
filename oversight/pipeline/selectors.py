"""The pipeline: how many cases, rapid reviews, LCSPRs, cases on the learning route and
actions are at each stage now, how long they have been there, and how many came into and
went out of each stage in a period. A fixed number of queries whatever the number of records.

A record entered its stage on the day of the latest decision that moved it there (the decision
log; a decision that left the state as it was does not count), or on its own start date when
the log has none (records made before the log, or moved by a data correction)."""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Count, DateField, F, Model, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from cases.models import CLOSED_STATUSES, Case
from oversight.periods import Period
from reviews.action_plans.workflow import FINISHED as FINISHED_ACTIONS
from reviews.lcspr.workflow import ENDED as ENDED_LCSPRS
from reviews.models import Action, Lcspr, RapidReview
from safeguarding import figures_cache
from safeguarding.models import Decision

PER_PAGE = 50
C = Case.Status
# The cases with the Learning and Development group, or in a learning review after their
# rapid review: counted on the learning route, not among the other cases.
LEARNING_ROUTE = {C.LEARNING_REVIEW, C.LEARNING, C.LEARNING_DECISION_TO_APPROVE,
                  C.LEARNING_DECIDED}


@dataclass(frozen=True)
class Kind:
    """One kind of record the pipeline counts: its states in lifecycle order, those that
    have ended, and how to read a record of it."""

    slug: str
    title: str
    model: type[Model]
    states: list[tuple[str, str]]
    ended: frozenset[str]
    started: Any  # the record's own start date (a field, or an expression)
    case: str  # the path to its case ("" for a case)
    what: Callable[[Any], str]
    meaning: str
    under_way: str  # "Rapid reviews under way", on the manager's home page

    def label(self, state: str) -> str:
        return dict(self.states)[state]


def _case_states(learning: bool) -> list[tuple[str, str]]:
    return [(value, label) for value, label in C.choices if (value in LEARNING_ROUTE) == learning]


KINDS: dict[str, Kind] = {kind.slug: kind for kind in (
    Kind("cases", "Cases", Case, _case_states(False), frozenset(CLOSED_STATUSES | {C.LCSPR_ENDED}),
         F("received_on"), "", lambda case: "Case",
         "Each case counted once, at its own stage. Cases on the learning route are counted "
         "under Learning route below, not here; a case's rapid review and LCSPR have their "
         "own stages too.", "Cases under way"),
    Kind("rapid-reviews", "Rapid reviews", RapidReview, list(RapidReview.Status.choices),
         frozenset({RapidReview.Status.CONCLUDED}), F("decided_on"), "case",
         lambda review: "Rapid review",
         "Each rapid review at its stage, from the decision to hold it to the National "
         "Panel's response.", "Rapid reviews under way"),
    Kind("lcsprs", "LCSPRs", Lcspr, list(Lcspr.Status.choices), frozenset(ENDED_LCSPRS),
         F("decided_on"), "case", lambda lcspr: "LCSPR",
         "Each Local Child Safeguarding Practice Review at its stage, from the partners' "
         "decision to hold it to its closure.", "LCSPRs under way"),
    Kind("learning-route", "Learning route", Case, _case_states(True),
         frozenset({C.LEARNING_DECIDED}), F("received_on"), "", lambda case: "Case",
         "Cases with the Learning and Development group (below the threshold for "
         "notification), waiting for the partners' approval of the group's decision, or in a "
         "multi-agency or single-agency learning review after their rapid review.",
         "Cases on the learning route"),
    Kind("actions", "Actions", Action, list(Action.Status.choices),
         frozenset(FINISHED_ACTIONS), Coalesce("agreed_on", "plan__created_on"), "plan__case",
         lambda action: f"Action {action.number} of action plan {action.plan_id}",
         "Each action of every action plan at its stage, from proposed to its evidence "
         "accepted.", "Actions open"),
)}


@dataclass(frozen=True)
class StageCount:
    kind: str
    state: str
    label: str
    now: int
    came_in: int
    went_out: int
    median_days: int | None
    longest_days: int | None
    ended: bool

    @property
    def url(self) -> str:
        return reverse("oversight:pipeline-stage", args=[self.kind, self.state])


@dataclass(frozen=True)
class RecordPipeline:
    kind: Kind
    stages: list[StageCount]

    @property
    def under_way(self) -> list[StageCount]:
        return [stage for stage in self.stages if not stage.ended]

    @property
    def ended(self) -> list[StageCount]:
        return [stage for stage in self.stages if stage.ended]

    @property
    def open_count(self) -> int:
        return sum(stage.now for stage in self.under_way)


def _model_name(model: type[Model]) -> tuple[str, str]:
    return model._meta.app_label, str(model._meta.model_name)


def _entered(kind: Kind) -> Coalesce:
    """The day the record entered its present state, in Europe/London (the decision's day,
    kept on it, so that no time zone is worked out a record)."""
    # Read from the log's index alone; two moves at the same moment share their day.
    latest = (Decision.objects
              .filter(content_type=ContentType.objects.get_for_model(kind.model),
                      object_id=OuterRef("pk"), to_state=OuterRef("status"))
              .exclude(from_state=F("to_state"))
              .order_by("-at").values("day")[:1])
    return Coalesce(Subquery(latest, output_field=DateField()), kind.started,
                    output_field=DateField())


def _counts() -> dict[tuple[str, str], int]:
    """How many records of each model are in each state: one query."""
    parts = [model.objects.order_by().annotate(model=Value(model._meta.model_name))
             .values("model", "status").annotate(n=Count("pk")).values_list("model", "status", "n")
             for model in (Case, RapidReview, Lcspr, Action)]
    union = parts[0].union(*parts[1:], all=True)
    return {(model, state): n for model, state, n in union}


def _flows(period: Period) -> dict[tuple[str, str], list[int]]:
    """(model, state): [came in, went out] in the period, from the decision log: one query."""
    start = timezone.make_aware(datetime.combine(period.start, time.min))
    end = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min))
    # Every kind of record's moves, read from the log's index of time alone (its rows one a
    # kind of record and move); the others' are left out here.
    model_of = {content_type.pk: _model_name(model)[1] for model, content_type in
                ContentType.objects.get_for_models(Case, RapidReview, Lcspr, Action).items()}
    rows = (Decision.objects.order_by().filter(at__gte=start, at__lt=end)
            .exclude(from_state=F("to_state"))
            .values_list("content_type", "from_state", "to_state")
            .annotate(n=Count("pk")))
    flows: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for content_type, from_state, to_state, n in rows:
        model = model_of.get(content_type)
        if model is None:
            continue
        flows[(model, to_state)][0] += n
        if from_state:
            flows[(model, from_state)][1] += n
    return flows


def _days_at_stage(kinds: list[Kind], today: date) -> dict[str, Counter]:
    """For each open state of the kinds (of one model), the days each of its records has been
    there: one query, its rows one a state and day entered, however many records."""
    open_states = [state for kind in kinds for state, _label in kind.states
                   if state not in kind.ended]
    rows = (kinds[0].model._default_manager.order_by().filter(status__in=open_states)
            .annotate(entered=_entered(kinds[0])).values_list("status", "entered")
            .annotate(n=Count("pk")))
    days: dict[str, Counter] = defaultdict(Counter)
    for state, entered, n in rows:
        days[state][(today - entered).days] += n
    return days


def pipeline(*, period: Period, today: date) -> list[RecordPipeline]:
    counts, flows, days = figures_cache.kept("pipeline", (period.start, period.end, today),
                                             lambda: _figures(period, today))
    return [RecordPipeline(kind, [
        _stage(kind, state, label, counts, flows,
               days[_model_name(kind.model)[1]].get(state, Counter()))
        for state, label in kind.states]) for kind in KINDS.values()]


def _figures(period: Period, today: date) -> tuple[dict, dict, dict[str, dict[str, Counter]]]:
    """The counts, the flows and the days at stage by model, as plain data (kept in the
    cache: safeguarding.figures_cache)."""
    by_model: dict[type[Model], list[Kind]] = defaultdict(list)
    for kind in KINDS.values():
        by_model[kind.model].append(kind)  # the two kinds of case: one query
    return (_counts(), dict(_flows(period)),
            {_model_name(model)[1]: dict(_days_at_stage(kinds, today))
             for model, kinds in by_model.items()})


def _stage(kind: Kind, state: str, label: str, counts, flows, days: Counter) -> StageCount:
    model = _model_name(kind.model)[1]
    came_in, went_out = flows.get((model, state), (0, 0))
    return StageCount(kind=kind.slug, state=state, label=label,
                      now=counts.get((model, state), 0), came_in=came_in, went_out=went_out,
                      median_days=_median_low(days) if days else None,
                      longest_days=max(days) if days else None, ended=state in kind.ended)


def _median_low(days: Counter) -> int:
    """statistics.median_low of the days counted."""
    middle, seen = (sum(days.values()) - 1) // 2, 0
    for value in sorted(days):
        seen += days[value]
        if seen > middle:
            return value
    raise ValueError("no days")


def under_way_now() -> list[tuple[Kind, list[tuple[str, int]]]]:
    """For the manager's home page: each kind's open records by stage, one query."""
    counts = _counts()
    return [(kind, [(label, counts.get((_model_name(kind.model)[1], state), 0))
                    for state, label in kind.states if state not in kind.ended])
            for kind in KINDS.values()]


# The records at one stage.

@dataclass(frozen=True)
class AtStage:
    case: Case | None
    what: str
    url: str  # the action's page; "" for the others (their case is the link)
    entered: date
    days: int


@dataclass(frozen=True)
class StageList:
    kind: Kind
    state: str
    label: str
    ended: bool
    page: Page
    rows: list[AtStage]


def stage(kind: str, state: str) -> tuple[Kind, str] | None:
    """The kind and state named in an address, or None when there is no such stage."""
    found = KINDS.get(kind)
    if found is None or state not in dict(found.states):
        return None
    return found, state


def _records(kind: Kind, state: str) -> QuerySet:
    records = kind.model._default_manager.filter(status=state).annotate(entered=_entered(kind))
    if kind.case:
        records = records.select_related(kind.case)
    return records.order_by("entered", "pk")


def at_stage(*, kind: str, state: str, today: date, page: int | str = 1) -> StageList:
    """The records at the stage, longest there first, PER_PAGE to a page: two queries."""
    found = KINDS[kind]
    chosen = Paginator(_records(found, state), PER_PAGE).get_page(page)
    rows = [_row(found, record, today) for record in chosen.object_list]
    return StageList(kind=found, state=state, label=found.label(state),
                     ended=state in found.ended, page=chosen, rows=rows)


def _row(kind: Kind, record: Any, today: date) -> AtStage:
    case = record
    for step in kind.case.split("__") if kind.case else []:
        case = getattr(case, step)
    url = record.get_absolute_url() if isinstance(record, Action) else ""
    return AtStage(case=case, what=kind.what(record), url=url, entered=record.entered,
                   days=(today - record.entered).days)
