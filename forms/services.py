"""Writes to referrals: start a draft, save a section of it, submit it (which opens a case)."""

from collections.abc import Callable, Iterable, Mapping
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
                          section: str = "") -> dict[str, list[Any]]:
    """Save one page of a draft, all or nothing: its ``answers``, over the ``version`` of the
    referral the page was loaded at, and the changes to its repeatable rows (``rows``, by the
    name of the referral's rows: "children", "family", "plans", "involved_agencies").
    ``section`` is the slug of the page its author saved: the task list counts it as started
    (and as completed once nothing it requires is missing). Returns the rows added, by the
    name of the referral's rows, in the order of their changes."""
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
    return {relation: save_rows(getattr(referral, relation), changes, actor=actor,
                                fields=REFERRAL_ROW_FIELDS[relation])
            for relation, changes in (rows or {}).items()}


@dataclass(frozen=True)
class Question:
    """A question a referral must answer before it is submitted: the section it is on, its
    field, the words the check answers page shows when it is not answered and the few words
    the task list shows. ``asked``, if given, says whether it is asked of this referral
    (some are asked only with certain answers), given whether to ask about care leavers."""

    section: str
    field: str
    message: str
    missing: str
    asked: Callable[[Referral, Callable[[], bool]], bool] | None = None


def _child_died(referral: Referral, ask_about_care_leavers: Callable[[], bool]) -> bool:
    return referral.child_died


def _plan(field: str, missing: str) -> Question:
    verbose_name = getattr(Referral._meta.get_field(field), "verbose_name", field)
    return Question("child_protection", field, f"Answer: {verbose_name}", missing)


# In the order the check answers page lists what is missing: these, then the children, then
# QUESTIONS_AFTER_CHILDREN.
QUESTIONS_BEFORE_CHILDREN = [
    Question("route", "route", "Say whether the case meets the criteria for notification",
             "route"),
    Question("route", "abuse_or_neglect", "Say whether abuse or neglect is known or suspected",
             "abuse or neglect"),
    Question("route", "outcome", "Say whether the child died or was seriously harmed",
             "whether the child died or was harmed"),
    Question("route", "place", "Say where the child died or was harmed", "where"),
    Question("route", "looked_after", "Say whether the child was looked after", "looked after",
             _child_died),
    Question("route", "regulated_setting",
             "Say whether the child was in a regulated setting or service", "regulated setting",
             _child_died),
    Question("route", "care_leaver", "Say whether the young person was a care leaver",
             "care leaver", lambda referral, ask: referral.child_died and ask()),
    # the authorising officer may be added after submission (record_authorising_officer)
    Question("referrer", "referrer_name", "Enter your full name", "your name"),
    Question("referrer", "referrer_job_title", "Enter your job title", "job title"),
    Question("referrer", "referrer_organisation", "Enter your organisation", "organisation"),
    Question("referrer", "referrer_email", "Enter your email address", "email address"),
    Question("referrer", "referrer_phone", "Enter your telephone number", "telephone number"),
]
QUESTIONS_AFTER_CHILDREN = [
    Question("incident", "incident_date", "Enter the date of the serious incident",
             "incident date"),
    Question("incident", "staff_conduct",
             "Say whether the incident involves the conduct of a staff member", "staff conduct"),
    Question("incident", "coroner_involved", "Say whether a coroner is involved", "coroner"),
    Question("incident", "criminal_investigation",
             "Say whether there is a criminal investigation", "criminal investigation"),
    Question("incident", "main_cause", "Select the main cause of the incident", "main cause"),
    Question("incident", "cause_other", "Enter the other cause", "other cause",
             lambda referral, ask: referral.main_cause == Referral.Cause.OTHER),
    Question("incident", "characteristics", "Select the characteristics of the case",
             "characteristics"),
    Question("incident", "characteristic_other", "Enter the other characteristic",
             "other characteristic",
             lambda referral, ask: Referral.Characteristic.OTHER in referral.characteristics),
    Question("child_protection", "known_to_social_care",
             "Say whether the child was known to social care", "known to social care"),
    _plan("child_on_cp_plan", "child protection plan"),
    _plan("siblings_on_cp_plan", "siblings' child protection plans"),
    _plan("child_on_cin_plan", "child in need plan"),
    _plan("siblings_on_cin_plan", "siblings' child in need plans"),
    Question("details", "incident_details", "Enter the details of the case or incident",
             "details of the incident"),
    Question("details", "why_meets_criteria",
             "Enter why you believe the case meets the criteria for notification",
             "why it meets the criteria",
             lambda referral, ask: referral.route == Referral.Route.NOTIFICATION),
    Question("details", "why_learning", "Enter why you believe there is learning to be explored",
             "why there is learning",
             lambda referral, ask: referral.route == Referral.Route.LEARNING),
    Question("other_reviews", "other_reviews",
             "Say which other reviews are pending or complete, or that none are known",
             "other reviews"),
    Question("other_reviews", "other_reviews_details", "Enter the details of the other review",
             "details of the other review",
             lambda referral, ask: Referral.OtherReview.OTHER in referral.other_reviews),
]

# Every question submission_problems may ask for (some only with certain answers: their
# labels say when, "If ..."), and the questions a page itself requires (the coroner's
# details when a coroner is involved; a child's date of death when the child died); any
# other question of the form is marked "(optional)".
NEEDED_TO_SUBMIT = frozenset(
    {question.field for question in (*QUESTIONS_BEFORE_CHILDREN, *QUESTIONS_AFTER_CHILDREN)}
    | {"coroner_details", "date_of_death"})


def submission_problems(referral: Referral, *, ask_about_care_leavers: bool | None = None
                        ) -> list[Problem]:
    """What is still missing before the referral can go to the business unit: each problem
    with the words the check answers page shows, the few words the task list shows and the
    question (field) it links to."""
    def ask() -> bool:  # the local policy is read only when the question arises
        nonlocal ask_about_care_leavers
        if ask_about_care_leavers is None:
            ask_about_care_leavers = LocalPolicy.current().ask_about_care_leaver_deaths
        return ask_about_care_leavers

    def unanswered(questions: list[Question]) -> list[Problem]:
        return [Problem(question.section, question.message, question.missing, question.field)
                for question in questions
                if (question.asked is None or question.asked(referral, ask))
                and _blank(getattr(referral, question.field))]

    problems = unanswered(QUESTIONS_BEFORE_CHILDREN)
    children = list(referral.children.all())
    if not children:
        problems.append(Problem("children", "Add at least one child", "a child"))
    if referral.child_died and not any(child.date_of_death for child in children):
        problems.append(Problem("children", "Enter the date of death of the child who died",
                                "date of death"))
    return problems + unanswered(QUESTIONS_AFTER_CHILDREN)


def _blank(value: Any) -> bool:
    return value in (None, "", []) or (isinstance(value, str) and not value.strip())


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
