"""The one way any record changes state.

Each stateful record type declares its transitions as data (a ``Workflow`` of
``Transition``s): a name, the words a person reads on a link and in the log, the states it
may start from, the state it leads to, the permission rule, and guards that say why it
cannot be done yet. ``perform`` makes one: it checks who may act and from which state,
claims the record (a row lock and a guarded UPDATE, so that of two people acting at once one
wins), saves the changes through the model (so simple-history records them), writes one row
to the decision log, and brings the record's deadlines up to date once, at the end of the
outermost ``atomic`` block. ``steps`` answers, for every page, what a person can do next and,
when they cannot, why and who can.

The core depends on no app: apps declare their workflows here, and a later stage adds its
transitions to an earlier record's workflow (``Workflow.add``) instead of reaching into it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from . import figures_cache
from .history import changed_by
from .models import Decision, User


class TransitionNotAllowed(Exception):
    """The record is not (or no longer) in a state this change can start from, or a guard
    says it cannot be done yet. The message is written for the person who tried."""


class Guard(Protocol):
    def __call__(self, record: Any, user: User | None, /) -> str: ...


@dataclass(frozen=True)
class Transition:
    """One change a person (or the service, when ``automatic``) can make to a record.

    ``label`` is what a person reads on a link ("Record the partners' decision"); ``done``
    is what the decision log says afterwards ("Partners decided to notify"). ``target`` None
    means the record stays in its state (a decision recorded without moving it on).
    ``who`` names, in words, the people the permission lets do it. ``page`` gives the address
    where it is done, if it has a page of its own."""

    name: str
    label: str
    done: str
    sources: frozenset[str]
    target: str | None
    permission: str | None
    who: str
    guards: tuple[Guard, ...] = ()
    page: Callable[[Any], str] | None = None
    automatic: bool = False


def transition(name: str, label: str, *, done: str, sources: Iterable[str],
               target: str | None = None, permission: str | None = None, who: str = "",
               guards: Iterable[Guard] = (), page: Callable[[Any], str] | None = None,
               automatic: bool = False) -> Transition:
    return Transition(name, label, done, frozenset(sources), target, permission, who,
                      tuple(guards), page, automatic)


@dataclass(frozen=True)
class Task:
    """One line of a record's task list: done once any of ``done_by`` has been made (and not
    undone since by one of ``undone_by``, such as a decision sent back); moved on by
    ``act_by`` (by default the first of ``done_by``); shown only when ``applies``."""

    title: str
    done_by: tuple[str, ...]
    act_by: str | None = None
    applies: Callable[[Any], bool] = lambda record: True
    anchor: str = ""
    undone_by: tuple[str, ...] = ()


@dataclass
class Workflow:
    """The transitions of one record type, and how its decisions reach the case's log.

    ``noun`` names the kind of record in messages ("rapid review"). ``case_id`` returns the
    id of the case the record belongs to (the log is read case by case); ``describe`` names
    the record in the log without naming any person in it; ``after`` brings the record's
    derived data (its deadlines) up to date; ``finished`` says the record has reached its
    end, so that what was never done is not needed any more."""

    model: type[models.Model]
    noun: str
    states: type[models.TextChoices]
    case_id: Callable[[Any], int | None]
    describe: Callable[[Any], str]
    after: Callable[[Any], None] = lambda record: None
    field: str = "status"
    finished: Callable[[Any], bool] = lambda record: False
    colours: dict[str, str] = dataclasses.field(default_factory=dict)  # state: tag colour
    transitions: dict[str, Transition] = dataclasses.field(default_factory=dict)
    tasks: list[Task] = dataclasses.field(default_factory=list)

    def add_tasks(self, *tasks: Task) -> None:
        """The record's task list, in order; a later stage adds its own."""
        for task in tasks:
            for name in (*task.done_by, *task.undone_by,
                         *([task.act_by] if task.act_by else [])):
                if name not in self.transitions:
                    raise ValueError(f"{task.title}: {name} is not a transition")
        self.tasks.extend(tasks)

    def add(self, *transitions: Transition) -> None:
        for declared in transitions:
            if declared.name in self.transitions:
                raise ValueError(f"{self.model.__name__} already has {declared.name}")
            for state in (*declared.sources, *([declared.target] if declared.target else [])):
                if state not in self.states.values:
                    raise ValueError(f"{declared.name}: {state} is not a state")
            self.transitions[declared.name] = declared

    def state_label(self, state: str) -> str:
        return str(dict(self.states.choices).get(state, ""))


_workflows: dict[type[models.Model], Workflow] = {}


def declare(workflow: Workflow, *transitions: Transition) -> Workflow:
    _workflows[workflow.model] = workflow
    workflow.add(*transitions)
    return workflow


def workflow_of(record_or_model: Any) -> Workflow:
    model = record_or_model if isinstance(record_or_model, type) else type(record_or_model)
    return _workflows[model]


def workflows() -> list[Workflow]:
    return list(_workflows.values())


def state_of(record: Any) -> str:
    return getattr(record, workflow_of(record).field)


# Bringing derived data up to date once per transaction.

_local = threading.local()


@contextlib.contextmanager
def atomic() -> Iterator[None]:
    """A transaction in which every record a transition touched is brought up to date once,
    as its last step: if that fails, the whole change is rolled back with it."""
    pending = getattr(_local, "pending", None)
    outermost = pending is None
    if outermost:
        _local.pending = pending = {}
    try:
        with transaction.atomic():
            yield
            if outermost:
                while pending:
                    (_key, (after, record)) = pending.popitem()
                    after(record)
    finally:
        if outermost:
            _local.pending = None


def bring_up_to_date(record: Any, after: Callable[[Any], None] | None = None) -> None:
    """Ask for ``after(record)`` (by default the record's workflow's) at the end of the
    current ``atomic`` block, once however often it is asked for."""
    after = after or workflow_of(record).after
    pending = getattr(_local, "pending", None)
    if pending is None:
        after(record)
        return
    pending[(after, type(record), record.pk)] = (after, record)


def lock(record: Any) -> None:
    """Hold the record's row until the end of the transaction: whoever acts on it meanwhile
    waits, then reads what this one wrote."""
    type(record)._default_manager.select_for_update().filter(pk=record.pk).exists()


# Making a transition.

def _refuse_unless_permitted(declared: Transition, record: Any, actor: User | None) -> None:
    if declared.automatic or declared.permission is None:
        return
    if actor is None or not actor.has_perm(declared.permission, record):
        raise PermissionDenied(f"Only {declared.who} can do this.")


def _guard_reason(declared: Transition, record: Any, actor: User | None) -> str:
    return next((reason for guard in declared.guards if (reason := guard(record, actor))), "")


Fetched = TypeVar("Fetched")


def fresh(record: Fetched) -> Fetched:
    """Forget the rows a page prefetched: the guards read them as they are now."""
    getattr(record, "_prefetched_objects_cache", {}).clear()
    return record


def required(value: str | None, message: str) -> str:
    """The words a service needs, stripped; none given: the message, and nothing changes."""
    if not (value or "").strip():
        raise ValidationError(message)
    return (value or "").strip()


def check(record: Any, name: str, actor: User | None) -> None:
    """Refuse now, before any input is read, what ``perform`` would refuse: the person
    (PermissionDenied), then the state or a guard (TransitionNotAllowed)."""
    workflow = workflow_of(record)
    declared = workflow.transitions[name]
    _refuse_unless_permitted(declared, record, actor)
    _refuse_unless_open(workflow, declared, record, actor)


def _refuse_unless_open(workflow: Workflow, declared: Transition, record: Any,
                        actor: User | None) -> None:
    current = getattr(record, workflow.field)
    if current not in declared.sources:
        raise TransitionNotAllowed(f"This {workflow.noun} is now "
                                   f"'{workflow.state_label(current)}', so this can no longer "
                                   "be done.")
    if refusal := _guard_reason(declared, record, actor):
        raise TransitionNotAllowed(refusal)


# What the loser of two people acting on one record at the same moment is told.
SOMEONE_ELSE_CHANGED_IT = "Someone else changed this at the same moment: look at it again."


def perform(record: Any, name: str, *, actor: User | None, reason: str = "",
            **changes: Any) -> Decision:
    """Make the named transition and record it; ``changes`` are saved with it."""
    workflow = workflow_of(record)
    declared = workflow.transitions[name]
    _refuse_unless_permitted(declared, record, actor)
    with atomic():
        manager = type(record)._default_manager
        current = manager.select_for_update().values_list(workflow.field, flat=True).get(
            pk=record.pk)
        setattr(record, workflow.field, current)
        _refuse_unless_open(workflow, declared, record, actor)
        target = declared.target or current
        # The claim: of two people acting at once only one finds the state it started from.
        if not manager.filter(pk=record.pk, **{workflow.field: current}).update(
                **{workflow.field: target}):
            raise TransitionNotAllowed(SOMEONE_ELSE_CHANGED_IT)
        setattr(record, workflow.field, target)
        for name_, value in changes.items():
            setattr(record, name_, value)
        changed_by(record, actor)
        record.save(update_fields=[workflow.field, *changes])
        decision = _log(workflow, declared, record, actor, current, target, reason)
        bring_up_to_date(record)
    return decision


def create(record: Any, name: str, *, actor: User | None, reason: str = "") -> Decision:
    """Save a new record in the state its first transition (with no sources) leads to."""
    workflow = workflow_of(record)
    declared = workflow.transitions[name]
    if declared.sources or declared.target is None:
        raise ValueError(f"{name} does not create a record")
    _refuse_unless_permitted(declared, record, actor)
    with atomic():
        setattr(record, workflow.field, declared.target)
        changed_by(record, actor)
        record.save()
        decision = _log(workflow, declared, record, actor, "", declared.target, reason)
        bring_up_to_date(record)
    return decision


def _log(workflow: Workflow, declared: Transition, record: Any, actor: User | None,
         from_state: str, to_state: str, reason: str) -> Decision:
    figures_cache.changed()  # the oversight figures count the log and the records' states
    return Decision.objects.create(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk,
        case_id=workflow.case_id(record), record=workflow.describe(record),
        transition=declared.name, what=declared.done, from_state=from_state,
        to_state=to_state, from_label=workflow.state_label(from_state) if from_state else "",
        to_label=workflow.state_label(to_state), actor=actor, reason=reason)


# What a person can do next.

@dataclass(frozen=True)
class Step:
    """A transition open from the record's state: ``allowed`` for this person now, or the
    reason it is not (a guard's, or who can do it)."""

    transition: Transition
    allowed: bool
    reason: str = ""
    url: str = ""

    @property
    def label(self) -> str:
        return self.transition.label


def steps(record: Any, user: User | None, *, include_automatic: bool = False) -> list[Step]:
    """Every transition the record's state offers, in declaration order, each saying whether
    this person may make it now and, if not, why. Transitions that share a label (the three
    outcomes of one decision) appear once."""
    workflow = workflow_of(record)
    current = getattr(record, workflow.field)
    found: dict[str, Step] = {}
    for declared in workflow.transitions.values():
        if current not in declared.sources or (declared.automatic and not include_automatic):
            continue
        if declared.label in found and found[declared.label].allowed:
            continue
        found[declared.label] = _step(declared, record, user)
    return list(found.values())


def _permitted(declared: Transition, record: Any, user: User | None) -> bool:
    return declared.automatic or (user is not None and declared.permission is not None
                                  and user.has_perm(declared.permission, record))


def _step(declared: Transition, record: Any, user: User | None) -> Step:
    if not _permitted(declared, record, user):
        return Step(declared, False, f"Only {declared.who} can do this." if declared.who else "")
    if refusal := _guard_reason(declared, record, user):
        return Step(declared, False, refusal)
    return Step(declared, True, url=declared.page(record) if declared.page else "")


def available(record: Any, user: User | None) -> list[Step]:
    """The transitions this person can make now."""
    return [step for step in steps(record, user) if step.allowed]


def can(record: Any, name: str, user: User | None) -> bool:
    """Whether this person can make the named transition now."""
    workflow = workflow_of(record)
    declared = workflow.transitions[name]
    return getattr(record, workflow.field) in declared.sources and _step(
        declared, record, user).allowed


def why_not(record: Any, name: str, user: User | None) -> str:
    """Why this person cannot make the named transition now ("" when they can)."""
    workflow = workflow_of(record)
    declared = workflow.transitions[name]
    current = getattr(record, workflow.field)
    if current not in declared.sources:
        return f"Not while the {workflow.noun} is " \
               f"'{workflow.state_label(current)}'."
    return _step(declared, record, user).reason


# The task list: what is done (when, by whom), what can be done now and by whom, what comes
# after.

@dataclass(frozen=True)
class TaskRow:
    title: str
    status: str  # one of TASK_STATUSES
    hint: str = ""
    url: str = ""

    @property
    def status_label(self) -> str:
        return TASK_STATUSES[self.status]

    @property
    def tag(self) -> str:
        """The GOV.UK tag colour of a status that needs a person, or "" for plain text."""
        return {"to_do": "blue", "waiting": "grey"}.get(self.status, "")

    @property
    def cannot_start(self) -> bool:
        return self.status in ("cannot_start", "not_needed")


TASK_STATUSES = {"completed": "Completed", "to_do": "To do", "waiting": "Waiting",
                 "cannot_start": "Cannot start yet", "not_needed": "Not needed"}


def task_list(record: Any, user: User | None, decisions: Iterable[Decision]) -> list[TaskRow]:
    """The record's task list for this person. ``decisions`` are the record's own decision
    log rows (any order); the newest row of a task's transitions says when it was done."""
    workflow = workflow_of(record)
    latest: dict[str, Decision] = {}
    for decision in sorted(decisions, key=lambda d: (d.at, d.pk)):
        latest[decision.transition] = decision
    tasks = [task for task in workflow.tasks if task.applies(record)]
    rows = []
    for index, task in enumerate(tasks):
        done = [latest[name] for name in task.done_by if name in latest]
        undone = [latest[name] for name in task.undone_by if name in latest]
        if done and undone and max((d.at, d.pk) for d in undone) > max(
                (d.at, d.pk) for d in done):
            done = []
        later_done = any(name in latest for later in tasks[index + 1:] for name in later.done_by)
        rows.append(_task_row(workflow, record, user, task, done, later_done))
    return rows


def _recorded(decision: Decision) -> str:
    """"Partners decided to notify. Recorded by Daniel Okafor on 24 November 2026": the date
    it was recorded, which may be later than the date it happened (shown on the page)."""
    by = f" by {decision.actor.full_name}" if decision.actor else ""
    when = f"{timezone.localtime(decision.at):%-d %B %Y}"
    if decision.what.endswith(" recorded"):
        return f"{decision.what}{by} on {when}"
    return f"{decision.what}. Recorded{by} on {when}"


def _task_row(workflow: Workflow, record: Any, user: User | None, task: Task,
              done: list[Decision], later_done: bool) -> TaskRow:
    if done:
        decision = max(done, key=lambda d: (d.at, d.pk))
        return TaskRow(task.title, "completed", _recorded(decision))
    declared = workflow.transitions[task.act_by or task.done_by[0]]
    if getattr(record, workflow.field) not in declared.sources:
        if later_done or workflow.finished(record):
            return TaskRow(task.title, "not_needed")
        return TaskRow(task.title, "cannot_start")
    refusal = _guard_reason(declared, record, user)
    if not refusal and not declared.automatic and _permitted(declared, record, user):
        url = (declared.page(record) if declared.page else "") + task.anchor
        return TaskRow(task.title, "to_do", url=url)
    # What the task still waits for says more than why this person cannot act on it.
    completing = workflow.transitions[task.done_by[0]]
    waiting = (_guard_reason(completing, record, user) if completing is not declared else "")
    if not waiting and _permitted(declared, record, user):
        waiting = refusal
    return TaskRow(task.title, "waiting", waiting or f"Waiting for {declared.who}")
