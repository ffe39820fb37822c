"""How the deadlines app knows other apps' records without importing them: each app
registers, for a model, the clocks that run for its records and how to read their dates
(``register``, ``ClockRule``), and declares, beside those rules, each clock's row of the
timescale table and who is told of its deadlines (``declare``, ``ClockPolicy``,
``Recipient``). The deadlines app writes the declared rows to the Clock table after every
migrate (services.write_clock_policy), and a system check (checks.py) fails when a rule has
no declaration or a declaration no rule."""

from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from safeguarding.models import Agency, Role


def _never(record) -> str:
    return ""


@dataclass(frozen=True)
class ClockRule:
    """One clock for one kind of record. ``starts_on`` returning None means the clock has not
    started (or does not apply); ``waived`` returning a reason stops it with that reason;
    ``due_on`` returning a date replaces the policy's (a due date someone chose)."""

    clock: str
    case: Callable[[models.Model], models.Model]
    starts_on: Callable[[models.Model], date | None]
    met_on: Callable[[models.Model], date | None]
    waived: Callable[[models.Model], str] = _never
    owner_agency: Callable[[models.Model], models.Model | None] = lambda record: None
    due_on: Callable[[models.Model], date | None] = lambda record: None  # a date set by hand


@dataclass(frozen=True)
class Place:
    """Where a deadline is followed: its case's reference and page, or, for a record of no
    case (an action of a national review's plan), words naming the record by numbers only
    ("Action 2 of action plan 7", never a name) and its page ("" when it has none)."""

    label: str
    url: str = ""


_rules: dict[str, list[ClockRule]] = {}
_related: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
_places: dict[str, Callable[[models.Model], Place]] = {}


def label(model_or_record) -> str:
    return model_or_record._meta.label_lower


def register(model: type[models.Model], *rules: ClockRule, select_related: tuple = (),
             prefetch_related: tuple = (),
             place: Callable[[models.Model], Place] | None = None) -> None:
    """``select_related`` and ``prefetch_related`` name what the rules read, so that
    recomputing every record does not query once per record for it. ``place`` says where a
    record's deadlines are followed when the record has no case."""
    _rules.setdefault(label(model), []).extend(rules)
    if place is not None:
        _places[label(model)] = place
    select, prefetch = _related.get(label(model), ((), ()))
    _related[label(model)] = (select + tuple(select_related), prefetch + tuple(prefetch_related))


def records(model: type[models.Model]) -> models.QuerySet:
    """Every record of a registered model, with what its rules read."""
    select, prefetch = _related.get(label(model), ((), ()))
    return model._default_manager.select_related(*select).prefetch_related(*prefetch)


def place_of(record: models.Model) -> Place:
    """Where the deadlines of a record of no case are followed, as its app says."""
    place = _places.get(label(record))
    return place(record) if place else Place(record._meta.verbose_name.capitalize())


def rules_for(record: models.Model) -> list[ClockRule]:
    return _rules.get(label(record), [])


def registered_models() -> list[str]:
    return list(_rules)


def ruled_clocks() -> dict[str, list[str]]:
    """Every clock a rule runs, with the models whose rules run it."""
    clocks: dict[str, list[str]] = {}
    for model, rules in _rules.items():
        for rule in rules:
            clocks.setdefault(rule.clock, []).append(model)
    return clocks


# Who is told of a clock's deadlines, and the clocks' rows of the timescale table.

@dataclass(frozen=True)
class Recipient:
    """People told of every deadline of a clock, at every stage (reminder, due today,
    overdue): the active users of ``role``; with ``of_owning_agency``, only those of the
    agency the deadline belongs to (its ClockRule's ``owner_agency``); with ``agency_kind``,
    only those of an agency of that kind. Or, with no role, one named person: the one the
    owning agency names in its field ``named_by_agency`` (its head of service), or the
    chair of the Learning and Development group (``learning_group_chair``)."""

    role: str = ""
    of_owning_agency: bool = False
    agency_kind: str = ""
    named_by_agency: str = ""
    learning_group_chair: bool = False

    def __str__(self) -> str:
        """"Safeguarding partner of the owning agency"."""
        if self.named_by_agency:
            field = Agency._meta.get_field(self.named_by_agency)
            return f"The owning agency's {field.verbose_name}"
        if self.learning_group_chair:
            return "The Learning and Development group's chair"
        people = dict(Role.choices).get(self.role, self.role)
        if self.agency_kind:
            kind = dict(Agency.Kind.choices).get(self.agency_kind, self.agency_kind)
            people += f" of a {kind.lower()}"
        if self.of_owning_agency:
            people += " of the owning agency"
        return people


BUSINESS_UNIT = Recipient(Role.BUSINESS_UNIT)
SAFEGUARDING_PARTNERS = Recipient(Role.SAFEGUARDING_PARTNER)
LOCAL_AUTHORITY_PARTNER = Recipient(Role.SAFEGUARDING_PARTNER,
                                    agency_kind=Agency.Kind.LOCAL_AUTHORITY)
MANAGERS = Recipient(Role.MANAGER)  # heads of service, the L&D group chair
OWNING_AGENCY_CONTRIBUTORS = Recipient(Role.AGENCY_CONTRIBUTOR, of_owning_agency=True)
OWNING_AGENCY_PARTNER = Recipient(Role.SAFEGUARDING_PARTNER, of_owning_agency=True)
# 004 section 16.2: the escalations of an overdue action, to named people.
OWNING_AGENCY_HEAD_OF_SERVICE = Recipient(named_by_agency="head_of_service")
OWNING_AGENCY_CHIEF_OFFICER = Recipient(named_by_agency="chief_officer")
LEARNING_GROUP_CHAIR = Recipient(learning_group_chair=True)


WORKING_TOGETHER_2023 = "Working Together to Safeguard Children 2023; seeds 000-004"


@dataclass(frozen=True)
class ClockPolicy:
    """One clock's row of the timescale table (deadlines.models.Clock), declared by the app
    whose rule runs the clock. Values are the Clock model's: ``unit`` a Clock.Unit,
    ``direction`` a Clock.Direction, ``responsible`` (who answers for it) a
    Clock.Responsible. ``amount`` and ``reminder_working_days`` are defaults an
    administrator may change; a statutory clock's ``statutory_amount`` (the amount when not
    given) is the limit they may tighten, never loosen. ``told`` is who is told of each
    deadline. ``awaiting_rule`` says why a declared clock has no rule yet (the records that
    start it are not built): without it, a declaration with no rule fails the checks.
    ``beside`` makes the clock a local target beside another clock (its code): the same
    event counted from another start a local policy chooses (Darlington counts the rapid
    review from the Panel's acknowledgement). It never replaces that clock; the case page
    shows it next to it. ``at_least`` makes a statutory amount a minimum rather than a
    limit: a report kept online at least a year (004 section 14.4) may be kept longer,
    never less, whatever a local policy says (Kirklees' 6 months is refused)."""

    code: str
    name: str
    _: KW_ONLY
    starts: str
    met_by: str
    amount: int
    unit: str
    source: str
    responsible: str
    told: tuple[Recipient, ...]
    direction: str = "after"
    statutory: bool = False
    statutory_amount: int | None = None
    reminder_working_days: int = 2
    awaiting_rule: str = ""
    beside: str = ""
    at_least: bool = False

    def __post_init__(self) -> None:
        if self.statutory and self.statutory_amount is None:
            object.__setattr__(self, "statutory_amount", self.amount)


_declarations: dict[str, ClockPolicy] = {}


def declare(*policies: ClockPolicy) -> None:
    """Declare clocks' rows of the timescale table, beside the rules that run them."""
    for policy in policies:
        if _declarations.get(policy.code, policy) != policy:
            raise ImproperlyConfigured(f"The clock {policy.code!r} is declared twice, "
                                       "differently.")
        _declarations[policy.code] = policy


def declarations() -> list[ClockPolicy]:
    return list(_declarations.values())


def declaration(code: str) -> ClockPolicy | None:
    return _declarations.get(code)


# Reasons for a delay kept by the record's own app (the rapid review's extension notice to
# the Panel secretariat, 001 day 15): the deadlines app reads them beside the reasons given
# in its own DelayReason, without importing that app.

@dataclass(frozen=True)
class KeptReason:
    """A reason for a clock's delay that another record keeps: ``what`` it is ("Extension
    notice to the Panel secretariat"), when it was given, and its words."""

    what: str
    given_on: date | None
    text: str

    @property
    def summary(self) -> str:
        when = f" on {self.given_on.day} {self.given_on:%B %Y}" if self.given_on else ""
        return f"{self.what}{when}: {self.text}" if self.text else f"{self.what}{when}"


@dataclass(frozen=True)
class KeptReasons:
    """Where the reasons of one clock are kept. ``reasons(record_ids)`` reads those of the
    given records in one query (by record id); ``given()`` is a query of the ids of the
    records that have one, which the deadlines' own queries use as a subquery."""

    clock: str
    reasons: Callable[[list[int]], dict[int, KeptReason]]
    given: Callable[[], models.QuerySet]


_kept_reasons: dict[str, KeptReasons] = {}


def keeps_delay_reasons(source: KeptReasons) -> None:
    """An app says where it keeps the reasons for a delay of one of its clocks."""
    if _kept_reasons.get(source.clock, source) != source:
        raise ImproperlyConfigured(f"The reasons for the delay of {source.clock!r} are kept "
                                   "in two places.")
    _kept_reasons[source.clock] = source


def kept_reasons() -> dict[str, KeptReasons]:
    return dict(_kept_reasons)


# What an app does after each sweep, for the clocks it declares (the action plans record each
# escalation the sweep has sent in the action's decision log).

_after_sweep: list[Callable[[date], object]] = []


def after_sweep(hook: Callable[[date], object]) -> Callable[[date], object]:
    """Run ``hook(today)`` at the end of every sweep, once the notices are made."""
    if hook not in _after_sweep:
        _after_sweep.append(hook)
    return hook


def after_sweep_hooks() -> list[Callable[[date], object]]:
    return list(_after_sweep)
