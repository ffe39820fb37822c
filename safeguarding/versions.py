"""No lost updates: an edit form carries the version of the record it was loaded at (the
record's latest history row), and saving over a newer version is refused, saying what
changed and who changed it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


def current_version(record: models.Model) -> int:
    if record.pk is None:
        return 0
    latest = record.history.order_by("-history_id").values_list("history_id", flat=True)
    return latest.first() or 0


def check_version(record: models.Model, loaded: int | None,
                  fields: list[str] | None = None) -> None:
    """Raise StaleEdit naming the fields (of ``fields``, if given: the page's) changed since
    ``loaded``, and by whom. Call it with the record's row locked (select_for_update) so
    that the check holds."""
    if loaded is None:
        return
    newer = list(record.history.filter(history_id__gt=loaded).order_by("history_id")
                 .select_related("history_user"))
    if not newer:
        return
    changed: list[str] = []
    base = record.history.filter(history_id=loaded).first()
    if base is not None:
        for field in newer[-1].diff_against(base, included_fields=fields).changed_fields:
            label = str(record._meta.get_field(field).verbose_name)
            changed.append(label[0].upper() + label[1:])
    who = newer[-1].history_user.full_name if newer[-1].history_user else "Someone"
    when = timezone.localtime(newer[-1].history_date)
    what = f" ({'; '.join(changed)})" if changed else ""
    raise StaleEdit(
        f"{who} changed this page at {when:%H:%M on %-d %B %Y} while you were editing "
        f"it{what}. Nothing has been saved. Save again to replace their answers with yours, "
        "or go back to see theirs first.")


class StaleEdit(ValidationError):
    """Someone saved the record after this form was loaded."""


def show_stale(form, error: StaleEdit) -> None:
    """Put the refusal on the form and let a second save, made knowingly, go through."""
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = current_version(form.instance)
    form.add_error(None, error)
