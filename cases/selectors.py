"""Reads for the case pages. Each runs a fixed number of queries, however many cases,
notifications, decisions or history records there are."""

from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise

from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.utils.formats import date_format
from django.utils.text import capfirst

from safeguarding.models import User

from .models import Case, CaseAccess, DecisionRecord, Notification

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
            Prefetch("decisions",
                     queryset=DecisionRecord.objects.select_related("actor__agency")),
            Prefetch("duplicates", queryset=Case.objects.order_by("reference")),
        )
        .filter(reference=reference)
        .first()
    )


def case_by_reference(*, reference: str) -> Case | None:
    return Case.objects.select_related("referral").filter(reference=reference).first()


def access_log(*, reference: str = "", email: str = "") -> QuerySet[CaseAccess]:
    accesses = CaseAccess.objects.select_related("case", "user__agency")
    if reference:
        accesses = accesses.filter(case__reference__iexact=reference.strip())
    if email:
        accesses = accesses.filter(user__email__iexact=email.strip())
    return accesses


# The case page: the referral's answers as label and value pairs.

def display(instance: models.Model, name: str) -> str:
    """A field's value as people read it: choice labels, dates in words."""
    model_field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if value in (None, "", []):
        return NOT_ANSWERED
    choices = dict(model_field.flatchoices or LIST_CHOICES.get(name, lambda i: [])(instance))
    if isinstance(value, list):
        return ", ".join(str(choices.get(item, item)) for item in value)
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return str(choices.get(value, value))


LIST_CHOICES = {
    # The lists of the referral, kept as JSON, with the labels of the referral form.
    "causes": lambda referral: referral.Cause.choices,
    "characteristics": lambda referral: referral.Characteristic.choices,
    "other_reviews": lambda referral: referral.OtherReview.choices,
}


def answers(instance: models.Model, names: list[str],
            labels: dict[str, str] | None = None) -> list[tuple[str, str]]:
    labels = labels or {}
    return [(labels.get(name) or capfirst(instance._meta.get_field(name).verbose_name),
             display(instance, name)) for name in names]


ROUTE_LABELS = {
    "route": "Route asked for",
    "abuse_or_neglect": "Is it known or suspected that the child has been abused or neglected?",
    "outcome": "Did the child die or was the child seriously harmed?",
    "place": "Where did the child die or come to serious harm?",
    "looked_after": "If the child died: was the child looked after by a local authority?",
    "regulated_setting": "If the child died: was the child in a regulated setting or service?",
    "care_leaver": "If the young person died: were they a care leaver aged 24 or under?",
}

# The sections of the Notifiable (Serious) Incident Referral Form.
REFERRAL_SECTIONS: dict[str, list[str]] = {
    "referrer": ["referrer_name", "referrer_job_title", "referrer_organisation",
                 "referrer_email", "referrer_phone", "referrer_relationship",
                 "authorising_officer", "authorising_officer_job_title", "agreement_date"],
    "route": list(ROUTE_LABELS),
    "incident": ["incident_date", "causes", "cause_other", "characteristics",
                 "characteristic_other", "coroner_involved", "coroner_details", "staff_conduct",
                 "criminal_investigation", "criminal_investigation_details"],
    "child_protection": ["known_to_social_care", "child_on_cp_plan", "siblings_on_cp_plan",
                         "child_on_cin_plan", "siblings_on_cin_plan"],
    "details": ["incident_details", "case_history", "actions_taken", "why_meets_criteria",
                "why_learning"],
    "comment": ["authorising_officer_comment"],
    "other_reviews": ["other_reviews", "other_reviews_details", "early_learning"],
}

CHILD_FIELDS = ["date_of_birth", "date_of_death", "cause_of_death", "gender", "ethnicity",
                "nationality", "faith", "disability", "address", "postcode",
                "whereabouts_at_incident", "carer_at_incident"]
FAMILY_FIELDS = ["relationship_to_child", "date_of_birth", "gender", "ethnicity",
                 "nationality", "address", "legal_status"]


def referral_sections(referral, *, ask_about_care_leavers: bool) -> dict[
        str, list[tuple[str, str]]]:
    """Each section's answers, by section."""
    skip = set() if ask_about_care_leavers else {"care_leaver"}
    return {section: answers(referral, [name for name in names if name not in skip],
                             ROUTE_LABELS)
            for section, names in REFERRAL_SECTIONS.items()}


def children_answers(referral) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each child's answers; the date and cause of death only for a child who died."""
    children = []
    for child in referral.children.all():
        names = [name for name in CHILD_FIELDS
                 if child.date_of_death or name not in ("date_of_death", "cause_of_death")]
        children.append((child.full_name, answers(child, names)))
    return children


def family_by_kind(referral) -> list[tuple[str, list[tuple[str, list[tuple[str, str]]]]]]:
    """Parents or guardians, siblings and other significant people, each with their answers."""
    groups: dict[str, list] = {}
    for member in referral.family.all():
        name = f"{member.first_name} {member.last_name}".strip()
        groups.setdefault(member.get_kind_display(), []).append(
            (name, answers(member, FAMILY_FIELDS)))
    return list(groups.items())


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
    model_field = model._meta.get_field(name)
    if value in (None, "", []):
        return "(blank)"
    if model_field.flatchoices:
        return str(dict(model_field.flatchoices).get(value, value))
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
