"""Writes to referrals: start a draft, save a section of it, submit it (which opens a case)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cases import receipts
from cases.models import Case
from cases.services import open_case
from deadlines.services import sync
from safeguarding import workflow
from safeguarding.dates import today
from safeguarding.history import changed_by
from safeguarding.models import LocalPolicy, User
from safeguarding.rows import RowChange, only_fields, save_rows
from safeguarding.sections import editable_fields, fields_of
from safeguarding.versions import check_version

from .forms import AuthorisingOfficerForm
from .models import Child, Referral
from .sections import BY_SLUG, SECTIONS

# What the pages may change, as their forms declare it: the services take plain data, and
# refuse a value for any other field (the state, and what the workflow's transitions set).
REFERRAL_FIELDS, REFERRAL_ROW_FIELDS = editable_fields(SECTIONS)


@dataclass(frozen=True)
class Problem:
    """Something that must be answered before a referral can be submitted."""

    section: str
    message: str
    missing: str = ""  # what is missing, in a few words, for the task list
    field: str = ""  # the question's field on the section's page, to link to


def _require(actor: User, permission: str, referral: Referral | None = None) -> None:
    if not actor.has_perm(permission, referral):
        raise PermissionDenied(f"{permission} refused")


@transaction.atomic
def start_referral(*, actor: User) -> Referral:
    _require(actor, "case_forms.add_referral")
    referral = Referral(
        created_by=actor, agency=actor.agency, referrer_name=actor.full_name,
        referrer_job_title=actor.job_title, referrer_organisation=actor.agency.name,
        referrer_email=actor.email,
    )
    changed_by(referral, actor)
    referral.save()
    return referral


@transaction.atomic
def save_referral_section(*, referral: Referral, actor: User, answers: Mapping[str, Any],
                          version: int | None,
                          rows: Mapping[str, Iterable[RowChange]] | None = None,
                          section: str = "") -> None:
    """Save one page of a draft, all or nothing: its ``answers``, over the ``version`` of the
    referral the page was loaded at, and the changes to its repeatable rows (``rows``, by the
    name of the referral's rows: "children", "family", "plans", "involved_agencies").
    ``section`` is the slug of the page its author saved: the task list counts it as started
    (and as completed once nothing it requires is missing)."""
    _require(actor, "case_forms.change_referral", referral)
    workflow.lock(referral)
    only_fields(answers, REFERRAL_FIELDS, "A referral")
    only_fields(rows or {}, REFERRAL_ROW_FIELDS, "A referral's rows")
    check_version(referral, version, list(answers))
    for name, value in answers.items():
        setattr(referral, name, value)
    if section and section not in referral.sections_saved:
        if section not in BY_SLUG:
            raise ValidationError(f"A referral has no section {section!r}")
        referral.sections_saved = [*referral.sections_saved, section]
    changed_by(referral, actor)
    referral.save()
    for relation, changes in (rows or {}).items():
        save_rows(getattr(referral, relation), changes, actor=actor,
                  fields=REFERRAL_ROW_FIELDS[relation])


def submission_problems(referral: Referral, *, ask_about_care_leavers: bool | None = None
                        ) -> list[Problem]:
    """What is still missing before the referral can go to the business unit: each problem
    with the words the check answers page shows, the few words the task list shows and the
    question (field) it links to."""
    problems = []

    def need(section: str, value, message: str, missing: str, field: str = "") -> None:
        if value in (None, "", []):
            problems.append(Problem(section, message, missing, field))

    need("route", referral.route, "Say whether the case meets the criteria for notification",
         "route", "route")
    need("route", referral.abuse_or_neglect, "Say whether abuse or neglect is known or suspected",
         "abuse or neglect", "abuse_or_neglect")
    need("route", referral.outcome, "Say whether the child died or was seriously harmed",
         "whether the child died or was harmed", "outcome")
    need("route", referral.place, "Say where the child died or was harmed", "where", "place")
    if referral.child_died:
        need("route", referral.looked_after, "Say whether the child was looked after",
             "looked after", "looked_after")
        need("route", referral.regulated_setting,
             "Say whether the child was in a regulated setting or service", "regulated setting",
             "regulated_setting")
        if ask_about_care_leavers is None:
            ask_about_care_leavers = LocalPolicy.current().ask_about_care_leaver_deaths
        if ask_about_care_leavers:
            need("route", referral.care_leaver, "Say whether the young person was a care leaver",
                 "care leaver", "care_leaver")
    for field, message, missing in REFERRER_QUESTIONS:
        # the authorising officer may be added after submission (record_authorising_officer)
        need("referrer", getattr(referral, field), message, missing, field)
    children = list(referral.children.all())
    need("children", children, "Add at least one child", "a child")
    if referral.child_died and not any(child.date_of_death for child in children):
        problems.append(Problem("children", "Enter the date of death of the child who died",
                                "date of death"))
    need("incident", referral.incident_date, "Enter the date of the serious incident",
         "incident date", "incident_date")
    need("incident", referral.staff_conduct,
         "Say whether the incident involves the conduct of a staff member", "staff conduct",
         "staff_conduct")
    need("incident", referral.coroner_involved, "Say whether a coroner is involved", "coroner",
         "coroner_involved")
    need("incident", referral.criminal_investigation,
         "Say whether there is a criminal investigation", "criminal investigation",
         "criminal_investigation")
    need("incident", referral.main_cause, "Select the main cause of the incident", "main cause",
         "main_cause")
    if referral.main_cause == Referral.Cause.OTHER:
        need("incident", referral.cause_other.strip(), "Enter the other cause", "other cause",
             "cause_other")
    need("incident", referral.characteristics, "Select the characteristics of the case",
         "characteristics", "characteristics")
    if Referral.Characteristic.OTHER in referral.characteristics:
        need("incident", referral.characteristic_other.strip(),
             "Enter the other characteristic", "other characteristic", "characteristic_other")
    need("child_protection", referral.known_to_social_care,
         "Say whether the child was known to social care", "known to social care",
         "known_to_social_care")
    for field, missing in PLAN_QUESTIONS:
        need("child_protection", getattr(referral, field),
             f"Answer: {getattr(Referral._meta.get_field(field), 'verbose_name', field)}",
             missing, field)
    need("details", referral.incident_details, "Enter the details of the case or incident",
         "details of the incident", "incident_details")
    if referral.route == Referral.Route.NOTIFICATION:
        need("details", referral.why_meets_criteria,
             "Enter why you believe the case meets the criteria for notification",
             "why it meets the criteria", "why_meets_criteria")
    if referral.route == Referral.Route.LEARNING:
        need("details", referral.why_learning,
             "Enter why you believe there is learning to be explored",
             "why there is learning", "why_learning")
    need("other_reviews", referral.other_reviews,
         "Say which other reviews are pending or complete, or that none are known",
         "other reviews", "other_reviews")
    if Referral.OtherReview.OTHER in referral.other_reviews:
        need("other_reviews", referral.other_reviews_details.strip(),
             "Enter the details of the other review", "details of the other review",
             "other_reviews_details")
    return problems


# Every question submission_problems may ask for (some only with certain answers: their
# labels say when, "If ..."), and the rows' questions a page itself requires; any other
# question of the form is marked "(optional)".
NEEDED_TO_SUBMIT = frozenset({
    "route", "abuse_or_neglect", "outcome", "place", "looked_after", "regulated_setting",
    "care_leaver", "referrer_name", "referrer_job_title", "referrer_organisation",
    "referrer_email", "referrer_phone", "incident_date", "staff_conduct", "coroner_involved",
    "coroner_details", "criminal_investigation", "main_cause", "cause_other",
    "characteristics", "characteristic_other", "known_to_social_care", "child_on_cp_plan",
    "siblings_on_cp_plan", "child_on_cin_plan", "siblings_on_cin_plan", "incident_details",
    "why_meets_criteria", "why_learning", "other_reviews", "other_reviews_details",
    "date_of_death",
})


REFERRER_QUESTIONS = [
    ("referrer_name", "Enter your full name", "your name"),
    ("referrer_job_title", "Enter your job title", "job title"),
    ("referrer_organisation", "Enter your organisation", "organisation"),
    ("referrer_email", "Enter your email address", "email address"),
    ("referrer_phone", "Enter your telephone number", "telephone number"),
]
PLAN_QUESTIONS = [
    ("child_on_cp_plan", "child protection plan"),
    ("siblings_on_cp_plan", "siblings' child protection plans"),
    ("child_on_cin_plan", "child in need plan"),
    ("siblings_on_cin_plan", "siblings' child in need plans"),
]


@transaction.atomic
def delete_draft_referral(*, referral: Referral, actor: User) -> None:
    """Its author deletes a draft that was never submitted: the referral and its rows are
    removed, each removal kept in their history as the author's."""
    _require(actor, "case_forms.change_referral", referral)
    workflow.lock(referral)
    referral.refresh_from_db(fields=["status", "case"])
    _require(actor, "case_forms.change_referral", referral)  # not submitted meanwhile
    workflow.fresh(referral)
    for relation in ("children", "family", "plans", "involved_agencies"):
        for row in getattr(referral, relation).all():
            changed_by(row, actor, reason="Draft referral deleted by its author")
            row.delete()
    changed_by(referral, actor, reason="Draft referral deleted by its author")
    referral.delete()


AUTHORISING_OFFICER_FIELDS = frozenset(fields_of(AuthorisingOfficerForm))


def authorising_officer_missing(referral: Referral) -> bool:
    """Whether the authorising officer's agreement is still to be added to the referral."""
    return not (referral.authorising_officer and referral.agreement_date)


@transaction.atomic
def record_authorising_officer(*, referral: Referral, actor: User, answers: Mapping[str, Any],
                               version: int | None) -> None:
    """Add (or correct) the authorising officer's agreement on a submitted referral: its
    author's edit of those answers only, over the ``version`` the page was loaded at, kept in
    the referral's history. The referral's state does not change."""
    _require(actor, "case_forms.add_authorising_officer", referral)
    workflow.lock(referral)
    only_fields(answers, AUTHORISING_OFFICER_FIELDS, "The authorising officer's page")
    if not str(answers.get("authorising_officer") or "").strip() or not answers.get(
            "agreement_date"):
        raise ValidationError("Enter the authorising officer and the date your organisation "
                              "agreed the referral")
    check_version(referral, version, list(answers))
    for name, value in answers.items():
        setattr(referral, name, value)
    changed_by(referral, actor, reason="Authorising officer's agreement added")
    referral.save()


@workflow.atomic()
def submit_referral(*, referral: Referral, actor: User) -> Case:
    workflow.check(referral, "submit_referral", actor)
    if problems := submission_problems(referral):
        raise ValidationError([problem.message for problem in problems])
    submitted_on = today()
    case = open_case(received_on=submitted_on, actor=actor,
                     note=f"Referral received from {referral.referrer_organisation}",
                     local_authority_aware_on=referral.local_authority_told_on)
    # Of a double click, the second finds the referral submitted and opens no case: its
    # whole transaction is rolled back.
    workflow.perform(referral, "submit_referral", actor=actor, submitted_on=submitted_on,
                     case=case)
    workflow.bring_up_to_date(case, sync)  # the referral's clock starts when the agency knew
    return case


def _unused_receipt_code() -> str:
    """A random receipt code no referral has (a clash, about one in 10**14 a referral, is
    drawn again; the unique index keeps two at once apart)."""
    while Referral.objects.filter(receipt_code=(code := receipts.new_code())).exists():
        pass
    return code


@workflow.atomic()
def submit_public_referral(*, answers: dict) -> Case:
    """A referral from anyone, with no account: it goes straight to the triage queue. The
    member of the public is given the referral's receipt code (``case.referral.receipt``),
    never the case's sequential reference."""
    submitted_on = today()
    case = open_case(received_on=submitted_on, actor=None,
                     note="Referral received from the public referral page")
    referral = Referral(
        source=Referral.Source.PUBLIC, case=case, receipt_code=_unused_receipt_code(),
        submitted_on=submitted_on, referrer_name=answers["referrer_name"],
        referrer_relationship=answers["referrer_relationship"],
        referrer_email=answers["referrer_email"], referrer_phone=answers["referrer_phone"],
        incident_date=answers["incident_date"], incident_details=answers["incident_details"],
        why_meets_criteria=answers["why_worried"],
    )
    workflow.create(referral, "receive_public_referral", actor=None)
    Child.objects.create(referral=referral, full_name=answers["child_name"],
                         date_of_birth=answers["child_date_of_birth"],
                         address=answers["child_address"])
    return case
