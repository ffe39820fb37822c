"""Reads for the case pages. Each runs a fixed number of queries, however many cases,
notifications, decisions or history records there are."""

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

from safeguarding import workflow
from safeguarding.models import Decision, User
from safeguarding.times import govuk_date_time, govuk_time
from safeguarding.workflow import TaskRow

from . import receipts
from .models import Case, CaseAccess, Document, Notification

NOT_ANSWERED = "Not answered"
REFERRAL_ROWS = ("children", "family", "plans", "involved_agencies")


def case_list(*, reference: str = "", name: str = "", status: str = "",
              receipt_codes: bool = False) -> QuerySet[Case]:
    """Cases newest first, each with its referral's children, found by (part of) the
    reference, (part of) a child's full name and the status; with ``receipt_codes`` (the
    business unit's list), the reference given may also be a public referral's receipt code,
    whole, as the member of the public quotes it."""
    cases = Case.objects.select_related("referral").prefetch_related("referral__children")
    if status:
        cases = cases.filter(status=status)
    if reference:
        found = Q(reference__icontains=reference)
        if receipt_codes and (code := receipts.as_stored(reference)):
            found |= Q(referral__receipt_code=code)
        cases = cases.filter(found)
    if name:
        cases = cases.filter(pk__in=Case.objects.filter(
            referral__children__full_name__icontains=name).values("pk"))
    return cases


# The notifications whose date the case list's download gives: the online notification,
# which reaches the National Panel, Ofsted and DfE, or one to any of them.
TO_THE_PANEL = (Notification.Recipient.NATIONAL_PANEL, Notification.Recipient.OFSTED,
                Notification.Recipient.DFE)


def cases_to_download(*, reference: str = "", name: str = "", status: str = "",
                      with_names: bool, receipt_codes: bool = False) -> QuerySet[Case]:
    """The case list as a file: each case with the first date it was notified to the
    National Panel, Ofsted or DfE, and its children only ``with_names``. Two queries."""
    # A query with an aggregate is not put in the model's order: it is said again.
    cases = case_list(reference=reference, name=name, status=status,
                      receipt_codes=receipt_codes).annotate(notified_on=Min(
        "notifications__notified_on", filter=Q(notifications__recipient__in=TO_THE_PANEL))
    ).order_by(*Case._meta.ordering or [])
    return cases if with_names else cases.prefetch_related(None)


def case_for_page(*, reference: str) -> Case | None:
    """A case with everything its page shows."""
    return (
        Case.objects.select_related("referral", "screening_decided_by", "learning_approved_by",
                                    "merged_into")
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


def decision_log(*, reference: str = "", record: str = "", actor: int | None = None,
                 date_from: date | None = None, date_to: date | None = None
                 ) -> QuerySet[Decision]:
    """Every decision about a case or a record under it, newest first, with who made it;
    narrowed to one case (by its reference), one kind of record ("app_label.model"), one
    person, and the days (in Europe/London) from and to."""
    decisions = (Decision.objects.filter(case_id__isnull=False)
                 .select_related("actor__agency").order_by("-at", "-pk"))
    if reference.strip():
        decisions = decisions.filter(case_id__in=Case.objects.filter(
            reference__iexact=reference.strip()).values("pk"))
    if record:
        app_label, _dot, model = record.partition(".")
        decisions = decisions.filter(content_type__app_label=app_label,
                                     content_type__model=model)
    if actor is not None:
        decisions = decisions.filter(actor_id=actor)
    if date_from:
        decisions = decisions.filter(at__date__gte=date_from)
    if date_to:
        decisions = decisions.filter(at__date__lte=date_to)
    return decisions


def decision_record_kinds() -> list[tuple[str, str]]:
    """("app_label.model", "Rapid review") of every kind of record the workflow declares,
    by name: the decision log's record filter. No query."""
    kinds = {f"{w.model._meta.app_label}.{w.model._meta.model_name}": capfirst(w.noun)
             for w in workflow.workflows()}
    return sorted(kinds.items(), key=lambda kind: kind[1].lower())


def decision_makers() -> list[tuple[int, str]]:
    """(id, "Name, agency") of everyone who has made a decision about a case. One query."""
    users = User.objects.filter(pk__in=Decision.objects.filter(
        case_id__isnull=False, actor__isnull=False).values("actor_id")
    ).select_related("agency").order_by("full_name", "pk")
    return [(user.pk, f"{user.full_name}, {user.agency.name}" if user.agency_id
             else user.full_name) for user in users]


def with_their_cases(decisions: Iterable[Decision]) -> list[tuple[Decision, Case | None]]:
    """Each decision with its case, the cases fetched in one query (the log keeps the case's
    id, not a foreign key)."""
    decisions = list(decisions)
    cases = Case.objects.in_bulk({decision.case_id for decision in decisions})
    return [(decision, cases.get(decision.case_id)) for decision in decisions]


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


# The case's overview, for those who read one review of the case and no more of it (the
# reviewer commissioned on its LCSPR, the review's governance group): the reviews add what
# of them it shows.
_overview_panels: list[CasePanel] = []


def shows_on_case_overview(panel: CasePanel) -> CasePanel:
    _overview_panels.append(panel)
    return panel


def case_overview_panels(case: Case) -> list[tuple[str, dict]]:
    return [panel(case) for panel in _overview_panels]


# The change history: every saved version of the case and of the records under it, each
# with the decision that made it, in words. Other apps add their records (the referral, the
# rapid review...), so that this app never imports them.

class HistorySource(NamedTuple):
    """One model's history rows for a case's history. ``describe`` names the record of a row
    (a historical record, with its fields as they were; select what it reads); ``choices``
    gives the answers of fields that keep a list of them (a JSON list) without declaring
    them on the model field."""

    records: QuerySet
    describe: Callable[[Any], str]
    choices: Mapping[str, Iterable[tuple[Any, Any]]] = {}


CaseHistorySources = Callable[[Case], Iterable[HistorySource | tuple]]
_history_sources: list[CaseHistorySources] = []


def adds_to_case_history(sources: CaseHistorySources) -> CaseHistorySources:
    """Register a function that gives, for a case, the history rows of records under it."""
    _history_sources.append(sources)
    return sources


@adds_to_case_history
def _the_cases_own_records(case: Case) -> list[HistorySource]:
    return [
        HistorySource(Case.history.filter(id=case.pk), lambda r: "Case"),
        HistorySource(Notification.history.filter(case_id=case.pk),
                      lambda r: f"Notification to {Notification.Recipient(r.recipient).label}"),
        HistorySource(Document.history.filter(case_id=case.pk), lambda r: f"Document: {r.title}"),
    ]


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
    reason: str = ""
    # The record's model and id, to find the decision that made this version.
    key: tuple = field(default=(), compare=False, repr=False)


NOT_KEPT = "(no longer kept)"


def _value(model: type[models.Model], name: str, value: Any,
           names: Mapping[tuple[type[models.Model], Any], str] | None = None,
           choices: Mapping[str, Iterable[tuple[Any, Any]]] | None = None) -> str:
    """A field's value in words: a related record by its name, a choice (or a list of them)
    by its label, yes or no, a date as a date."""
    if value in (None, "") or value == []:
        return "(blank)"
    if (related := _points_to(model, name)) is not None:
        return (names or {}).get((related, value), NOT_KEPT)
    model_field = model._meta.get_field(name)
    labels = dict((choices or {}).get(name) or getattr(model_field, "flatchoices", None) or [])
    if isinstance(value, list | tuple):
        return ", ".join(_label(labels, item) for item in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    if labels:
        return _label(labels, value)
    if isinstance(value, datetime):
        return govuk_date_time(value)
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if isinstance(value, time):
        return govuk_time(value)
    return str(value)


def _points_to(model: type[models.Model], name: str) -> type[models.Model] | None:
    """The model a foreign key points to (None for any other field)."""
    model_field = model._meta.get_field(name)
    related = model_field.related_model if model_field.is_relation else None
    return related if isinstance(related, type) else None


def _field_name(model: type[models.Model], name: str) -> str:
    return capfirst(str(getattr(model._meta.get_field(name), "verbose_name", name)))


def _label(labels: dict, value: Any) -> str:
    try:
        return str(labels.get(value, value))
    except TypeError:  # unhashable: a nested list or dict
        return str(value)


@dataclass
class _Version:
    """A history row, the row before it of the same record, and what changed between them
    (model, field name, old value, new value), before the values are put into words."""

    record: Any
    previous: Any
    source: HistorySource
    delta: list[tuple[type[models.Model], str, Any, Any]]


def _versions(records: list, source: HistorySource) -> list[_Version]:
    """One model's history rows, each diffed against the row before it of the same object."""
    by_object: dict[Any, list] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        by_object.setdefault(record.id, []).append(record)
    versions = []
    for rows in by_object.values():
        for previous, record in zip([None, *rows], rows, strict=False):
            delta = []
            if previous is not None and record.history_type == "~":
                model = record.instance_type
                order = {model_field.name: index
                         for index, model_field in enumerate(model._meta.fields)}
                delta = [(model, c.field, c.old, c.new) for c in sorted(
                    record.diff_against(previous).changes,
                    key=lambda c: order.get(c.field, len(order)))]
            versions.append(_Version(record, previous, source, delta))
    return versions


def _entry(version: _Version, names: Mapping) -> HistoryEntry:
    record = version.record
    what = {"+": "Created", "-": "Deleted"}.get(record.history_type, "Changed")
    changes = [Change(_field_name(model, name),
                      _value(model, name, old, names, version.source.choices),
                      _value(model, name, new, names, version.source.choices))
               for model, name, old, new in version.delta]
    return HistoryEntry(at=record.history_date, user=record.history_user,
                        record=version.source.describe(record), what=what, changes=changes,
                        key=(record.instance_type, record.id))


def _related_names(versions: Iterable[_Version]) -> dict[tuple[type[models.Model], Any], str]:
    """The name of every record the changes point to (a person, an agency, a case): one
    query for each kind of record, however many changes there are."""
    wanted: dict[type[models.Model], set] = {}
    for version in versions:
        for model, name, old, new in version.delta:
            if (related := _points_to(model, name)) is not None:
                wanted.setdefault(related, set()).update(
                    value for value in (old, new) if value not in (None, ""))
    names = {}
    for related, ids in wanted.items():
        for pk, found in related._default_manager.in_bulk(ids).items():
            names[(related, pk)] = str(found)
    return names


SAME_CHANGE = 5  # seconds between a version and the decision that saved it, at most


def _user_id(entry: HistoryEntry) -> int | None:
    return entry.user.pk if entry.user is not None else None


def _with_decisions(entries: list[HistoryEntry], case: Case) -> list[HistoryEntry]:
    """Each version a decision made (the workflow saves the record, then logs the decision,
    in one transaction) told in the decision's words and with its reason; a decision that
    saved no version (its record keeps no history) is an entry of its own; a save that
    changed nothing and was no decision is left out."""
    by_key: dict[tuple, list[int]] = {}
    for index, entry in enumerate(entries):
        by_key.setdefault(entry.key, []).append(index)
    told: dict[int, HistoryEntry] = {}
    extra = []
    decisions = Decision.objects.filter(case_id=case.pk).select_related("actor__agency")
    for decision in decisions:
        model = ContentType.objects.get_for_id(decision.content_type_id).model_class()
        candidates = [index for index in by_key.get((model, decision.object_id), [])
                      if index not in told and _user_id(entries[index]) == decision.actor_id
                      and abs((decision.at - entries[index].at).total_seconds()) < SAME_CHANGE]
        reason = "" if decision.reason == decision.what else decision.reason
        if candidates:
            # The version saved just before the decision was logged.
            index = min(candidates, key=lambda i: (entries[i].at > decision.at,
                                                   abs(decision.at - entries[i].at)))
            told[index] = dataclasses.replace(entries[index], what=decision.what,
                                              reason=reason)
        else:
            extra.append(HistoryEntry(at=decision.at, user=decision.actor,
                                      record=decision.record, what=decision.what,
                                      reason=reason))
    kept = [told.get(index, entry) for index, entry in enumerate(entries)
            if index in told or entry.changes or entry.what != "Changed"]
    return kept + extra


def case_history(case: Case) -> list[HistoryEntry]:
    """Every recorded version of the case and of the records under it (its notifications,
    and those other apps add: the referral and its rows, the rapid review...), in words,
    newest first. A fixed number of queries: one for each kind of record, one for the
    decisions and one for each kind of record the changes point to."""
    versions = []
    for sources in _history_sources:
        for source in sources(case):
            source = HistorySource(*source)
            records = source.records.select_related("history_user__agency")
            versions += _versions(list(records), source)
    names = _related_names(versions)
    entries = [_entry(version, names) for version in versions]
    return sorted(_with_decisions(entries, case), key=lambda entry: entry.at, reverse=True)


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


def notification_clock_lead(case: Case) -> str:
    """What the partners deciding about notification need to see: the 5 working days to
    notify the National Panel, running from the local authority's awareness (Working
    Together 2023), and any death Ofsted and DfE must be told of whatever they decide."""
    from deadlines import selectors as deadline_selectors

    from . import notifying

    lines = []
    clock = next((line for line in deadline_selectors.case_clocks(case_id=case.pk)
                  if line.deadline.clock.code == "notify_national_panel"), None)
    if case.local_authority_aware_on is None:
        lines.append("The date the local authority became aware is not recorded yet: the 5 "
                     "working days to notify the National Panel start on that date.")
    elif clock and clock.working_days_left is not None:
        due = date_format(clock.deadline.due_on, "j F Y")
        if clock.working_days_left < 0:
            lines.append(f"The National Panel should have been notified by {due}: "
                         f"{-clock.working_days_left} working days overdue.")
        else:
            lines.append(f"The local authority became aware on "
                         f"{date_format(case.local_authority_aware_on, 'j F Y')}: notify the "
                         f"National Panel by {due} ({clock.working_days_left} working days "
                         "left).")
    if notifying.death_notifications(case):
        lines.append(f"Whatever the partners decide, this death must be notified: "
                     f"{notifying.why_required(case).lower()}.")
    return "\n".join(lines)
