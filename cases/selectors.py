"""Reads for the case pages. Each runs a fixed number of queries, however many cases,
notifications, decisions or history records there are."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import pairwise

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

from safeguarding import workflow
from safeguarding.models import Decision, User
from safeguarding.workflow import TaskRow

from .models import Case, CaseAccess, Document, Notification

NOT_ANSWERED = "Not answered"
REFERRAL_ROWS = ("children", "family", "plans", "involved_agencies")


def case_list(*, q: str = "", status: str = "") -> QuerySet[Case]:
    """Cases newest first, each with its referral's children, found by reference or by a
    child's full name."""
    cases = Case.objects.select_related("referral").prefetch_related("referral__children")
    if status:
        cases = cases.filter(status=status)
    if q:
        matching = Case.objects.filter(
            Q(reference__icontains=q) | Q(referral__children__full_name__icontains=q)
        ).values("pk")
        cases = cases.filter(pk__in=matching)
    return cases


def case_for_page(*, reference: str) -> Case | None:
    """A case with everything its page shows."""
    return (
        Case.objects.select_related("referral", "screening_decided_by", "merged_into")
        .prefetch_related(
            *(f"referral__{rows}" for rows in REFERRAL_ROWS),
            Prefetch("notifications",
                     queryset=Notification.objects.select_related("recorded_by")),
            Prefetch("duplicates", queryset=Case.objects.order_by("reference")),
        )
        .filter(reference=reference)
        .first()
    )


def case_decisions(case: Case) -> QuerySet[Decision]:
    """Every transition of the case and of every record under it, oldest first, with who
    made it."""
    return Decision.objects.filter(case_id=case.pk).select_related("actor__agency")


def own_decisions(record: models.Model, decisions: Iterable[Decision]) -> list[Decision]:
    """Of a case's decisions, those about this record itself."""
    kind = ContentType.objects.get_for_model(record)
    return [d for d in decisions if d.content_type_id == kind.pk and d.object_id == record.pk]


def case_tasks(case: Case, user: User, decisions: Iterable[Decision]) -> list[TaskRow]:
    return workflow.task_list(case, user, own_decisions(case, decisions))


def case_by_reference(*, reference: str) -> Case | None:
    return Case.objects.select_related("referral").filter(reference=reference).first()


def access_log(*, reference: str = "", email: str = "") -> QuerySet[CaseAccess]:
    accesses = CaseAccess.objects.select_related("case", "user__agency")
    if reference:
        accesses = accesses.filter(case__reference__iexact=reference.strip())
    if email:
        accesses = accesses.filter(user__email__iexact=email.strip())
    return accesses


# The case page: other apps add their panels (the referral form adds its answers), so that
# this app never imports them.

CasePanel = Callable[[Case], tuple[str, dict]]
_case_panels: list[CasePanel] = []


def shows_on_case_page(panel: CasePanel) -> CasePanel:
    _case_panels.append(panel)
    return panel


def case_panels(case: Case) -> list[tuple[str, dict]]:
    """(template, context) of each registered panel, in the order the apps registered them."""
    return [panel(case) for panel in _case_panels]


# The change history.

@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    user: User | None
    record: str
    what: str
    changes: list[Change] = field(default_factory=list)


def _value(model: type[models.Model], name: str, value) -> str:
    choices = getattr(model._meta.get_field(name), "flatchoices", None)
    if value in (None, "", []):
        return "(blank)"
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return str(value)


def _entries(records: list, describe) -> list[HistoryEntry]:
    """Entries for one model's history records, each diffed against the record before it
    of the same object."""
    entries = []
    by_object: dict[int, list] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        by_object.setdefault(record.id, []).append(record)
    for versions in by_object.values():
        entries.append(_entry(versions[0], None, describe))
        entries += [_entry(new, old, describe) for old, new in pairwise(versions)]
    return entries


def _entry(record, previous, describe) -> HistoryEntry:
    model = record.instance_type
    changes = []
    what = {"+": "Created", "-": "Deleted"}.get(record.history_type, "Changed")
    if previous is not None and record.history_type == "~":
        delta = record.diff_against(previous)
        changes = [Change(capfirst(model._meta.get_field(c.field).verbose_name),
                          _value(model, c.field, c.old), _value(model, c.field, c.new))
                   for c in delta.changes]
    return HistoryEntry(at=record.history_date, user=record.history_user,
                        record=describe(record), what=what, changes=changes)


def case_history(case: Case) -> list[HistoryEntry]:
    """Every recorded version of the case, its notifications, its referral and the
    referral's rows, newest first."""
    entries = _entries(list(case.history.select_related("history_user")), lambda r: "Case")
    entries += _entries(
        list(Notification.history.filter(case_id=case.pk).select_related("history_user")),
        lambda r: f"Notification to {Notification.Recipient(r.recipient).label}")
    referral = getattr(case, "referral", None)
    if referral is not None:
        entries += _entries(
            list(type(referral).history.filter(id=referral.pk).select_related("history_user")),
            lambda r: "Referral")
        for rows in REFERRAL_ROWS:
            model = getattr(referral, rows).model
            noun = capfirst(model._meta.verbose_name)
            entries += _entries(
                list(model.history.filter(referral_id=referral.pk)
                     .select_related("history_user")),
                lambda r, noun=noun: f"{noun} (row {r.id})")
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def cases_past_retention(*, years: int, today: date) -> list[tuple[Case, date]]:
    """Closed cases whose closing decision is more than ``years`` years old, oldest first,
    with the date they closed."""
    from django.db.models import OuterRef, Subquery

    from deadlines.calendar import add_months

    from .models import CLOSED_STATUSES

    cutoff = timezone.make_aware(datetime.combine(add_months(today, -12 * years), time.min))
    closing = (Decision.objects.filter(case_id=OuterRef("pk"), object_id=OuterRef("pk"),
                                       content_type__model="case",
                                       content_type__app_label="cases",
                                       to_state__in=CLOSED_STATUSES)
               .order_by("-at").values("at")[:1])
    closed = (Case.objects.filter(status__in=CLOSED_STATUSES)
              .annotate(closed_at=Subquery(closing))
              .filter(closed_at__lt=cutoff).order_by("closed_at", "reference"))
    return [(case, timezone.localtime(case.closed_at).date()) for case in closed]


def case_documents(*, case: Case, uploaded_by: User | None = None) -> QuerySet[Document]:
    """The case's documents, newest first: all of them, or those one person added."""
    documents = case.documents.select_related("uploaded_by__agency")
    if uploaded_by is not None:
        documents = documents.filter(uploaded_by=uploaded_by)
    return documents


def document_for_download(*, reference: str, pk: int) -> Document | None:
    return Document.objects.filter(pk=pk, case__reference=reference).first()
