"""Saving repeatable rows (formsets) with who changed them in their history."""

from collections.abc import Callable

from django.forms import BaseFormSet

from .models import User


def save_rows(formset: BaseFormSet, *, actor: User,
              before_delete: Callable | None = None) -> None:
    for row in formset.save(commit=False):
        row._history_user = actor
        row.save()
    for row in formset.deleted_objects:
        if before_delete is not None:
            before_delete(row)
        row._history_user = actor
        row.delete()
