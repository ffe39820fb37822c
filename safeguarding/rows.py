"""Saving repeatable rows (formsets) with who changed them in their history."""

from collections.abc import Callable

from django.forms import BaseModelFormSet

from .history import changed_by
from .models import User
from .versions import VersionedRows


def save_rows(formset: BaseModelFormSet, *, actor: User,
              before_delete: Callable | None = None) -> None:
    """Save the rows; a row someone else changed since the page was loaded is refused
    (StaleEdit) before anything is saved."""
    if isinstance(formset, VersionedRows):
        formset.check_versions()
    for row in formset.save(commit=False):
        changed_by(row, actor).save()
    for row in formset.deleted_objects:
        if before_delete is not None:
            before_delete(row)
        changed_by(row, actor).delete()
