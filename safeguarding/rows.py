"""Repeatable rows as plain data: what a page asks to change in each of a record's rows (a
``RowChange``), read from a validated formset by ``changes_from``; and ``save_rows``, which
applies the changes, refusing them all when someone else changed one of the rows since the
page was loaded, and records who changed each row in its history. A page whose rows have
errors saves the others (``changes_without_errors``) and is shown again as ``posted_again``."""

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.formsets import DELETION_FIELD_NAME, INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.http import QueryDict

from .history import changed_by
from .models import User
from .versions import StaleEdit, check_version, current_version


@dataclass(frozen=True)
class RowChange:
    """One row of a page: a new row (``pk`` None), a change to a saved one, or its removal.
    ``version`` is the version of the row the page was loaded at; ``values`` are the row's
    fields as the person left them (a model instance for a foreign key); a removed row has
    none."""

    pk: int | None = None
    version: int | None = None
    values: Mapping[str, Any] = field(default_factory=dict)
    delete: bool = False


def answers_from(form: forms.BaseModelForm) -> dict[str, Any]:
    """A validated model form's answers: each of its model's fields on the form with the value
    the form's own save would give it (its cleaned value; a field with a default that the post
    left out keeps the value it has, as in Django's ``construct_instance``)."""
    instance = form.instance
    answers = {}
    for model_field in instance._meta.fields:
        name = model_field.name
        if (not model_field.editable or isinstance(model_field, models.AutoField)
                or name not in form.cleaned_data or name not in (form._meta.fields or ())):
            continue
        answers[name] = (getattr(instance, name) if _left_out(form, model_field)
                         else form.cleaned_data[name])
    return answers


def _left_out(form: forms.BaseModelForm, model_field: models.Field) -> bool:
    name = model_field.name
    return (model_field.has_default()
            and form[name].field.widget.value_omitted_from_data(form.data, form.files,
                                                                form.add_prefix(name))
            and form.cleaned_data.get(name) in form[name].field.empty_values)


def changes_from(formset: forms.BaseModelFormSet) -> list[RowChange]:
    """The rows of a validated formset that the person added, changed or removed, in the
    order its own save would make them. A row whose only change is the version it carries is
    not a change."""
    deleted = set(formset.deleted_forms) if formset.can_delete else set()
    return [change for _, change in _row_changes(formset, deleted)]


def changes_without_errors(formset: forms.BaseModelFormSet
                           ) -> list[tuple[forms.BaseForm, RowChange]]:
    """Of a formset with errors in some of its rows, the rows without errors that the person
    added, changed or removed (each with its form), in the order ``changes_from`` gives them:
    what can be saved all the same. A row marked for removal is removed whatever its errors
    (as the formset itself ignores them)."""
    formset.is_valid()  # cleans every row
    deleted = {form for form in formset.forms if _marked_removed(formset, form)}
    return [(form, change) for form, change in _row_changes(formset, deleted)
            if change.delete or not form.errors]


def _marked_removed(formset: forms.BaseModelFormSet, form: forms.BaseForm) -> bool:
    return bool(formset.can_delete and form.cleaned_data.get(DELETION_FIELD_NAME))


def _row_changes(formset: forms.BaseModelFormSet, deleted: set
                 ) -> list[tuple[forms.BaseForm, RowChange]]:
    fk: Any = getattr(formset, "fk", None)  # an inline formset's: the rows' record

    def values(form: forms.BaseModelForm) -> dict[str, Any]:
        answers = answers_from(form)
        if fk is not None:
            answers.pop(fk.name, None)
        return answers

    changed, added, removed = [], [], []
    for form in formset.initial_forms:
        if form.instance.pk is None or form.instance._state.adding:
            continue
        version = form.cleaned_data.get("version")
        if form in deleted:
            removed.append((form, RowChange(form.instance.pk, version, delete=True)))
        elif set(form.changed_data) - {"version"}:
            changed.append((form, RowChange(form.instance.pk, version,
                                            values(form) if not form.errors else {})))
    for form in formset.extra_forms:
        if form.has_changed() and form not in deleted:
            added.append((form, RowChange(values=values(form) if not form.errors else {})))
    return changed + added + removed


def posted_again(formset: forms.BaseModelFormSet,
                 saved: list[tuple[forms.BaseForm, RowChange]],
                 created: list[models.Model]) -> QueryDict:
    """The post of a formset some of whose rows (``saved``: ``changes_without_errors``) were
    just saved, as the page is to be posted again: the rows removed are gone, a new row saved
    is a saved row (with its id: ``created``, the rows the new ones made, in order), each row
    saved carries its new version, and the rows with errors are as the person typed them
    (with the versions they were loaded at)."""
    old: Any = formset.data  # a QueryDict: a field may have several values
    removed = {form for form, change in saved if change.delete}
    added = [form for form, change in saved if change.pk is None]
    rows_saved = {form for form, change in saved if not change.delete}
    new_rows = dict(zip(added, created, strict=True))
    kept = [form for form in formset.initial_forms if form not in removed]
    order = kept + added + [form for form in formset.extra_forms
                            if form not in rows_saved and form.has_changed()
                            and not _marked_removed(formset, form)]
    row_key = re.compile(rf"^{re.escape(str(formset.prefix))}-\d+-")
    data = QueryDict(mutable=True)
    for key, values in old.lists():
        if not row_key.match(key):
            data.setlist(key, values)
    pk_name = formset.model._meta.pk.name
    for number, form in enumerate(order):
        was, now = f"{form.prefix}-", f"{formset.add_prefix(number)}-"
        for key, values in old.lists():
            if key.startswith(was):
                data.setlist(now + key[len(was):], values)
        row = new_rows.get(form, form.instance if form in rows_saved else None)
        if row is not None:
            data[f"{now}{pk_name}"] = str(row.pk)
            data[f"{now}version"] = str(current_version(row))
    data[formset.management_form.add_prefix(TOTAL_FORM_COUNT)] = str(len(order))
    data[formset.management_form.add_prefix(INITIAL_FORM_COUNT)] = str(len(kept) + len(added))
    return data


def relation_of(formset: forms.BaseInlineFormSet | type[forms.BaseInlineFormSet]) -> str:
    """The name of the record's rows that an inline formset edits (``review.attendance``)."""
    fk: Any = formset.fk  # the ForeignKey (django-stubs reads the class attribute oddly)
    return fk.remote_field.get_accessor_name()


def save_rows(rows: Any, changes: Iterable[RowChange], *, actor: User,
              fields: Collection[str], before_delete: Callable[[Any], object] | None = None,
              refuse: Callable[[Any], str] | None = None) -> list[Any]:
    """Apply ``changes`` to ``rows``, a record's rows (its related manager: ``review.attendance``).
    ``fields`` are the fields of a row the page may change (another is refused). The saved
    rows changed or removed are locked, in one query, and compared with the versions they
    were loaded at: a row someone else changed since is refused (StaleEdit) before anything
    is saved, and so is one that ``refuse(row)`` says may not be changed or removed (a
    ValidationError with its message: a row someone else has decided on). Then the changed
    rows are saved, the new ones added and the removed ones deleted (each through
    ``before_delete`` first), each in the actor's name. Returns the new rows, in order."""
    parent, fk = rows.instance, rows.field.name
    fields = [name for name in fields if name != fk]  # a row stays with its record
    changes = list(changes)
    for change in changes:
        only_fields(change.values, fields, f"A row of {rows.model.__name__}")
    saved = [change for change in changes if change.pk is not None]
    locked = {row.pk: row for row in
              rows.select_for_update().filter(pk__in=[change.pk for change in saved])}
    for change in saved:
        row = locked.get(change.pk)
        if row is None:
            raise StaleEdit("Someone removed a row of this page while you were editing it. "
                            "Nothing has been saved. Go back to see the rows as they are now.")
        check_version(row, change.version, fields)
        if refuse is not None and (why := refuse(row)):
            raise ValidationError(why)
    for change in saved:
        if not change.delete:
            _set(locked[change.pk], change.values, actor).save()
    created = []
    for change in changes:
        if change.pk is None:
            row = _set(rows.model(**{fk: parent}), change.values, actor)
            row.save()
            created.append(row)
    for change in saved:
        if change.delete:
            row = locked[change.pk]
            if before_delete is not None:
                before_delete(row)
            changed_by(row, actor).delete()
    return created


def _set(row: models.Model, values: Mapping[str, Any], actor: User) -> models.Model:
    for name, value in values.items():
        setattr(row, name, value)
    return changed_by(row, actor)


def only_fields(values: Mapping[str, Any], fields: Collection[str], what: str) -> None:
    """Refuse values for any field but ``fields``, the ones the page may change (the state
    and the fields set by the workflow's transitions are changed only through them)."""
    if unknown := set(values) - set(fields):
        raise ValueError(f"{what}: nothing to change named {', '.join(sorted(unknown))}")
