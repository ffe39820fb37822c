"""django-simple-history, which has no type information, in typed calls: who makes the next
change to a record (and why), for its history row; and any record's history rows."""

from typing import Any, TypeVar

from django.db import models

from .models import User

Record = TypeVar("Record", bound=models.Model)


def changed_by(record: Record, actor: User | None, reason: str = "") -> Record:
    """The next save or delete of ``record`` is recorded as ``actor``'s, with ``reason``."""
    record._history_user = actor  # type: ignore[attr-defined]
    if reason:
        record._change_reason = reason  # type: ignore[attr-defined]
    return record


def history_of(record: models.Model) -> Any:
    """The record's history manager (``history = HistoricalRecords()`` on its model)."""
    return record.history  # type: ignore[attr-defined]
