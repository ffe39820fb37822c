"""No lost updates: an edit form carries the version of the record it was loaded at (the
record's latest history row), and saving over a newer version is refused, saying what
changed and who changed it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max
from django.forms import BaseInlineFormSet
from django.utils import timezone

from .history import history_of
from .times import govuk_time


def current_version(record: models.Model) -> int:
    if record.pk is None:
        return 0
    latest = history_of(record).order_by("-history_id").values_list("history_id", flat=True)
    return latest.first() or 0


def check_version(record: models.Model, loaded: int | None,
                  fields: list[str] | None = None) -> None:
    """Raise StaleEdit naming the fields (of ``fields``, if given: the page's) changed since
    ``loaded``, and by whom. Call it with the record's row locked (select_for_update) so
    that the check holds."""
    if loaded is None:
        return
    newer = list(history_of(record).filter(history_id__gt=loaded).order_by("history_id")
                 .select_related("history_user"))
    if not newer:
        return
    changed: list[str] = []
    base = history_of(record).filter(history_id=loaded).first()
    if base is not None:
        for field in newer[-1].diff_against(base, included_fields=fields).changed_fields:
            label = str(getattr(record._meta.get_field(field), "verbose_name", field))
            changed.append(label[0].upper() + label[1:])
        if fields and not changed:
            return  # what changed is on another page: nothing of this page is overwritten
    who = newer[-1].history_user.full_name if newer[-1].history_user else "Someone"
    when = timezone.localtime(newer[-1].history_date)
    what = f" ({'; '.join(changed)})" if changed else ""
    raise StaleEdit(
        f"{who} changed this page at {govuk_time(when)} on {when:%-d %B %Y} while you were editing "
        f"it{what}. Nothing has been saved. Save again to replace their answers with yours, "
        "or go back to see theirs first.")


class StaleEdit(ValidationError):
    """Someone saved the record after this form was loaded."""


def show_stale(form, error: StaleEdit, rows: "VersionedRows | None" = None) -> None:
    """Put the refusal on the form and let a second save, made knowingly, go through."""
    form.data = form.data.copy()
    if form.instance.pk:
        form.data[form.add_prefix("version")] = current_version(form.instance)
    if rows is not None:
        rows.take_current_versions(form.data)
    form.add_error(None, error)


class VersionedRows(BaseInlineFormSet):
    """Repeatable rows, each carrying the version of its record (read for all rows in one
    query); safeguarding.rows.save_rows refuses a row someone else changed since."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)  # type: ignore[misc]  # private: no stub
        if form.instance.pk:
            form.fields["version"].initial = self._versions().get(form.instance.pk, 0)
        return form

    def _versions(self) -> dict:
        if not hasattr(self, "_latest_versions"):
            pk = self.model._meta.pk.attname
            ids = [row.pk for row in self.get_queryset()]
            self._latest_versions = dict(
                self.model.history.model.objects.filter(**{f"{pk}__in": ids})
                .values(pk).annotate(version=Max("history_id")).values_list(pk, "version")
            ) if ids else {}
        return self._latest_versions

    def take_current_versions(self, data) -> None:
        """After a refusal, the rows are posted again at today's versions."""
        for form in self.initial_forms:
            data[form.add_prefix("version")] = form.fields["version"].initial
            form.data = data
        self.data = data
