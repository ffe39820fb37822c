"""How the deadlines app knows other apps' records without importing them: each app
registers, for a model, the clocks that run for its records and how to read their dates."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import models


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


_rules: dict[str, list[ClockRule]] = {}
_related: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def label(model_or_record) -> str:
    return model_or_record._meta.label_lower


def register(model: type[models.Model], *rules: ClockRule, select_related: tuple = (),
             prefetch_related: tuple = ()) -> None:
    """``select_related`` and ``prefetch_related`` name what the rules read, so that
    recomputing every record does not query once per record for it."""
    _rules.setdefault(label(model), []).extend(rules)
    select, prefetch = _related.get(label(model), ((), ()))
    _related[label(model)] = (select + tuple(select_related), prefetch + tuple(prefetch_related))


def records(model: type[models.Model]) -> models.QuerySet:
    """Every record of a registered model, with what its rules read."""
    select, prefetch = _related.get(label(model), ((), ()))
    return model._default_manager.select_related(*select).prefetch_related(*prefetch)


def rules_for(record: models.Model) -> list[ClockRule]:
    return _rules.get(label(record), [])


def registered_models() -> list[str]:
    return list(_rules)
