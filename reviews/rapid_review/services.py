"""Every change to a rapid review and its information returns."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction

from cases.models import Case, Document
from deadlines import calendar
from deadlines.models import Clock
from safeguarding import workflow
from safeguarding.dates import checked_correction, not_before, not_in_future, today
from safeguarding.history import changed_by
from safeguarding.models import Agency, Role, User
from safeguarding.rows import RowChange, only_fields, save_rows
from safeguarding.sections import editable_fields, fields_of
from safeguarding.versions import check_version
from safeguarding.workflow import TransitionNotAllowed

from ..action_plans.services import save_immediate_actions
from ..learning.services import plan_after_rapid_review
from .dates import REVIEW_DATES, review_timeline, signed_key
from .forms import AttendanceForm, OutcomeForm, ParallelProcessForm
from .models import (
    BaseSignOff,
    InformationReturn,
    KnownAgency,
    PanelAttendance,
    ParallelProcess,
    RapidReview,
    ReturnChild,
    SignOff,
)
from .sections import SECTIONS
from .selectors import PANEL_ROLES
from .workflow import current_sign_offs

# What the pages may change, as their forms declare it: the services take plain data, and
# refuse a value for any other field (the state, and what the workflow's transitions set).
RETURN_FIELDS, RETURN_ROW_FIELDS = editable_fields(SECTIONS)
ATTENDANCE_FIELDS = frozenset(fields_of(AttendanceForm))
OUTCOME_FIELDS = fields_of(OutcomeForm)
PARALLEL_PROCESS_FIELDS = frozenset(fields_of(ParallelProcessForm))
# 004 section 6.8: recommended with an LCSPR only.
LCSPR_RECOMMENDATION_FIELDS = ("recommended_methodology", "recommended_reviewer",
                               "recommended_independent_chair")


@workflow.atomic()
def start_rapid_review(*, case: Case, actor: User, decided_on: date,
                       decision_note: str) -> RapidReview:
    """Record the decision to undertake a rapid review of a notified case (000 stage 3)."""
    workflow.check(case, "start_rapid_review", actor)
    not_in_future(decided_on, "The date of the decision")
    not_before(decided_on, case.received_on, REVIEW_DATES["decided_on"][0],
               "the referral was received")
    if not decision_note.strip():
        raise ValidationError("Enter the decision and who made it")
    workflow.perform(case, "start_rapid_review", actor=actor, reason=decision_note.strip())
    review = RapidReview(case=case, decided_on=decided_on, decided_by=actor,
                         decision_note=decision_note.strip())
    changed_by(review, actor)
    try:
        # A savepoint: a review of the case saved meanwhile by someone else (PostgreSQL) is
        # refused in the words SQLite's serialised writes give, never a server error.
        with transaction.atomic():
            review.save()
    except IntegrityError as error:
        raise TransitionNotAllowed(f"This case is now '{Case.Status.RAPID_REVIEW.label}', so "
                                   "this can no longer be done.") from error
    return review


# Information requests and returns.

def default_return_due(requested_on: date) -> date:
    """5 working days by default: the timescale policy's clock for agency returns."""
    clock = Clock.objects.get(code="agency_information_return")
    return calendar.add_working_days(requested_on, clock.amount)


def _prefill(information_return: InformationReturn, case: Case) -> None:
    """The incident facts the referral already holds; the agency may correct them."""
    information_return.completed_by_organisation = information_return.agency.name
    referral = getattr(case, "referral", None)
    if referral is None:
        return
    child = referral.children.first()
    if child is not None:
        information_return.carer_at_incident = child.carer_at_incident
    information_return.incident_date = referral.incident_date


def _prefill_children(information_return: InformationReturn, case: Case, actor: User) -> None:
    """Each child the referral names, as a subject child of the return (the agency corrects
    them, and adds any other)."""
    referral = getattr(case, "referral", None)
    if referral is None:
        return
    for child in referral.children.all():
        row = ReturnChild(information_return=information_return, name=child.full_name,
                          date_of_birth=child.date_of_birth, address=child.address,
                          ethnic_origin=child.ethnicity, faith=child.faith,
                          disability=child.disability)
        changed_by(row, actor).save()


def make_return(*, review: RapidReview, agency: Agency, actor: User, requested_on: date,
                due_on: date, **asked: Any) -> InformationReturn:
    """A new return of ``agency`` about the review's case, prefilled from the referral, its
    clock started; ``asked`` says for what else it is asked (a later review of the case)."""
    information_return = InformationReturn(review=review, agency=agency,
                                           requested_on=requested_on, requested_by=actor,
                                           due_on=due_on, **asked)
    _prefill(information_return, review.case)
    changed_by(information_return, actor)
    information_return.save()
    _prefill_children(information_return, review.case, actor)
    workflow.bring_up_to_date(information_return)
    return information_return


@workflow.atomic()
def send_information_requests(*, review: RapidReview, actor: User, agencies: Iterable[Agency],
                              due_on: date | None = None) -> list[InformationReturn]:
    """Ask each agency for an Information Gathering Tool return; an agency already asked is
    not asked twice. Returns the new requests."""
    workflow.check(review, "send_information_requests", actor)
    requested_on = today()
    due_on = due_on or default_return_due(requested_on)
    if due_on <= requested_on:
        raise ValidationError("The date the return is due must be after today")
    asked = set(review.returns.filter(lcspr=None).values_list("agency_id", flat=True))
    made = []
    for agency in agencies:
        if agency.pk in asked or not agency.is_active:
            continue
        made.append(make_return(review=review, agency=agency, actor=actor,
                                requested_on=requested_on, due_on=due_on))
    if not made:
        raise ValidationError("Choose at least one agency that has not been asked yet")
    workflow.perform(review, "send_information_requests", actor=actor, reason=(
        f"{', '.join(r.agency.name for r in made)} asked for a return by "
        f"{due_on:%-d %B %Y}"))
    transaction.on_commit(lambda: _queue_request_emails([r.pk for r in made]))
    return made


def _queue_request_emails(return_ids: list[int]) -> None:
    from . import tasks

    for pk in return_ids:
        tasks.email_information_request.delay(pk)


def email_information_request(*, information_return: InformationReturn) -> None:
    """Tell the agency's contributors that a return is asked for: the case reference and the
    due date only."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse

    from safeguarding.models import Role

    people = User.objects.filter(agency=information_return.agency, is_active=True,
                                 role=Role.AGENCY_CONTRIBUTOR)
    if not people:
        return
    reference = information_return.review.case.reference
    link = settings.SITE_URL.rstrip("/") + reverse("reviews:return",
                                                   args=[information_return.pk])
    send_mail(
        subject=f"Information requested for rapid review {reference}",
        message=(f"The safeguarding partnership asks {information_return.agency.name} for an "
                 f"information return for the rapid review of case {reference}.\n\n"
                 f"Due: {information_return.due_on:%A %-d %B %Y}\n\n"
                 f"Complete it here: {link}\n"),
        from_email=None, recipient_list=[person.email for person in people],
    )


OPEN_RETURN = (InformationReturn.Status.REQUESTED, InformationReturn.Status.DRAFT)
LOCKED_BECAUSE: dict[str, str] = {
    InformationReturn.Status.SUBMITTED: "This return has been submitted, so it is locked.",
    InformationReturn.Status.CLOSED: "The rapid review was sent to the National Panel before "
                                     "this return was submitted, so it is closed.",
}


def lock_reason(information_return: InformationReturn) -> str:
    """Why the agency can no longer change its return ("" while it can)."""
    if information_return.status in OPEN_RETURN and ended_before_submitted(information_return):
        return "The LCSPR that asked for this return ended before it was submitted."
    return LOCKED_BECAUSE.get(information_return.status, "")


def ended_before_submitted(information_return: InformationReturn) -> bool:
    """Asked for by a later LCSPR of the case that has ended (closed, withdrawn or merged),
    which moved the case on: nothing more is asked of the agency."""
    return bool(information_return.lcspr_id) and \
        information_return.review.case.status == Case.Status.LCSPR_ENDED


def _decided_on(known: KnownAgency) -> str:
    """A row the business unit has decided on stays as it was decided."""
    if known.decision == KnownAgency.Decision.PROPOSED:
        return ""
    return (f"The business unit has decided on {known.name} "
            f"({known.get_decision_display().lower()}), so it can no longer be changed or "
            "removed. Nothing has been saved.")


# The rows of a return that someone else decides on: why one may not be changed or removed.
FIXED_ROWS = {"known_agencies": _decided_on}


@workflow.atomic()
def save_information_return(*, information_return: InformationReturn, actor: User,
                            answers: Mapping[str, Any], version: int | None,
                            rows: Mapping[str, Iterable[RowChange]] | None = None,
                            section: str = "", completed: bool = False) -> None:
    """Save a page of the return: its ``answers``, over the ``version`` of the return the page
    was loaded at, and the changes to its repeatable rows (``rows``, by the name of the
    return's rows: "children", "family", "known_agencies", "practitioners", "chronology").
    The first save starts the return. A submitted return is locked, and so is one closed
    when the review was sent; an agency the business unit has decided on stays as decided.
    The page is its ``section``: in progress once saved, completed when the agency says it
    has ``completed`` it; that is refused, and nothing saved, while it misses an answer."""
    if not actor.has_perm("reviews.change_information_return", information_return):
        raise PermissionDenied
    locked = InformationReturn.objects.select_for_update().values_list(
        "status", flat=True).get(pk=information_return.pk)
    if locked not in OPEN_RETURN:
        raise TransitionNotAllowed(LOCKED_BECAUSE[locked])
    only_fields(answers, RETURN_FIELDS, "An information return")
    only_fields(rows or {}, RETURN_ROW_FIELDS, "An information return's rows")
    fields = list(answers)
    check_version(information_return, version, fields)
    for name, value in answers.items():
        setattr(information_return, name, value)
    for relation, changes in (rows or {}).items():
        save_rows(getattr(information_return, relation), changes, actor=actor,
                  fields=RETURN_ROW_FIELDS[relation], refuse=FIXED_ROWS.get(relation))
    if section:
        _record_progress(information_return, section, completed)
        fields.append("section_progress")
    changed_by(information_return, actor).save(update_fields=fields)
    if locked == InformationReturn.Status.REQUESTED:
        workflow.perform(information_return, "start_return", actor=actor)


@workflow.atomic()
def import_chronology(*, information_return: InformationReturn, actor: User,
                      events: list[Mapping[str, Any]]) -> int:
    """Add the ``events`` read from a spreadsheet (each a chronology row's fields) to the
    return's chronology, all or none; the number added."""
    if not events:
        raise ValidationError("There are no events to add")
    if information_return.chronology.count() + len(events) > MAX_CHRONOLOGY:
        raise ValidationError(f"A chronology can have up to {MAX_CHRONOLOGY} events: "
                              "remove some before adding these")
    started = (information_return.section_progress or {}).get("chronology")
    save_information_return(
        information_return=information_return, actor=actor, answers={}, version=None,
        rows={"chronology": [RowChange(values=dict(event)) for event in events]},
        section="" if started else "chronology")
    return len(events)


MAX_CHRONOLOGY = 500


@dataclass(frozen=True)
class Problem:
    section: str
    message: str


COMPLETED, IN_PROGRESS = "completed", "in_progress"


class SectionIncomplete(ValidationError):
    """A section said to be completed misses an answer."""


def _record_progress(information_return: InformationReturn, section: str,
                     completed: bool) -> None:
    """A section said to be completed must miss nothing (ValidationError naming what)."""
    if section not in {page.slug for page in SECTIONS}:
        raise ValueError(f"An information return has no section {section}")
    if completed and (missing := [problem.message for problem
                                  in return_problems(information_return)
                                  if problem.section == section]):
        raise SectionIncomplete(["You cannot say this section is completed yet.", *missing])
    information_return.section_progress = {
        **(information_return.section_progress or {}),
        section: COMPLETED if completed else IN_PROGRESS}


@dataclass(frozen=True)
class SectionState:
    section: Any  # safeguarding.sections.Section
    state: str  # "completed", "in_progress", "not_started", "optional" or "not_needed"
    missing: tuple[str, ...] = ()


def section_states(information_return: InformationReturn) -> list[SectionState]:
    """Each section of the return for its task list: completed only once the agency said so
    (and nothing is missing), in progress once saved, with what is still missing."""
    missing: dict[str, list[str]] = {}
    for problem in return_problems(information_return):
        missing.setdefault(problem.section, []).append(problem.message)
    required = required_sections(information_return)
    progress = information_return.section_progress or {}
    states = []
    for section in SECTIONS:
        said = progress.get(section.slug)
        gaps = tuple(missing.get(section.slug, ()))
        if said == COMPLETED and not gaps:
            state = COMPLETED
        elif said:
            state = IN_PROGRESS
            gaps = gaps or ("Say you have completed this section",)
        elif section.slug not in required:
            state, gaps = ("not_needed" if information_return.is_nil_return
                           else "optional"), ()
        else:
            state = "not_started"
        states.append(SectionState(section, state, gaps))
    return states


# Asked of every return, a nil return included.
REQUIRED_OF_EVERY_RETURN = [
    ("about", "completed_by_name", "Enter your name"),
    ("about", "completed_on", "Enter the date the form was completed"),
    ("about", "had_involvement",
     "Say whether your agency has had any involvement with the child or family"),
]
# Asked of a return from an agency that has been involved (not a nil return).
REQUIRED = [
    ("synopsis", "initial_information", "Answer question 1: the initial information"),
    ("synopsis", "involvement_with_incident",
     "Answer question 2: your agency's involvement with the incident"),
    ("synopsis", "previous_involvement", "Answer question 3: your agency's previous involvement"),
    ("synopsis", "practice_analysis", "Answer question 4: the analysis of practice"),
    ("synopsis", "immediate_action", "Answer question 5: immediate action needed"),
    ("synopsis", "working_together_concerns",
     "Answer question 6: concerns about how partners worked together"),
    ("synopsis", "voice_of_child", "Answer question 8: the voice of the child"),
    ("recommendation", "recommended_review", "Say what type of review you think this should be"),
]


NIL_RETURN_SECTIONS = {"about"}
REQUIRED_SECTIONS = ({section for section, _field, _message in
                      REQUIRED_OF_EVERY_RETURN + REQUIRED} | {"children", "chronology"})
# Once an LCSPR is decided, the agencies it asks are not asked which review they recommend.
DECIDED_ALREADY = {"recommendation"}


def required_sections(information_return: InformationReturn) -> set[str]:
    """The sections that must be answered: of a nil return, only the first; of a return
    asked for by a later LCSPR, all but the type of review recommended."""
    if information_return.is_nil_return:
        return NIL_RETURN_SECTIONS
    return REQUIRED_SECTIONS - DECIDED_ALREADY if information_return.lcspr_id \
        else REQUIRED_SECTIONS


def required_fields(information_return: InformationReturn, section: str) -> set[str]:
    """The questions of a section that the return must answer, to mark them on its page."""
    asked = REQUIRED_OF_EVERY_RETURN + (
        REQUIRED if section in required_sections(information_return) else [])
    return {field for page, field, _message in asked if page == section}


def return_problems(information_return: InformationReturn) -> list[Problem]:
    """What must be answered before the return is submitted. A nil return (no involvement
    with the child or family) needs only its reason: no other section, no chronology."""
    problems = [Problem(section, message) for section, field, message
                in REQUIRED_OF_EVERY_RETURN if not getattr(information_return, field)]
    if information_return.is_nil_return:
        if not information_return.nil_return_reason.strip():
            problems.append(Problem("about", "Give the reason this is a nil return"))
        return problems
    required = required_sections(information_return)
    problems += [Problem(section, message) for section, field, message in REQUIRED
                 if section in required and not getattr(information_return, field)]
    if not information_return.children.exists():
        problems.append(Problem("children", "Add the child or children the review is about"))
    if information_return.open_now == "yes" and not information_return.open_now_details:
        problems.append(Problem("involvement", "Say in what capacity the case is open to your "
                                               "agency, and the lead practitioner"))
    if information_return.open_before == "yes" and not information_return.open_before_details:
        problems.append(Problem("involvement", "Say in what capacity the case was open to your "
                                               "agency before, and the lead practitioner"))
    if not information_return.chronology.exists():
        problems.append(Problem("chronology", "Add at least one key event to the chronology"))
    return problems


@workflow.atomic()
def submit_information_return(*, information_return: InformationReturn,
                              actor: User) -> None:
    if not actor.has_perm("reviews.change_information_return", information_return):
        raise PermissionDenied
    if problems := return_problems(information_return):
        raise ValidationError([problem.message for problem in problems])
    workflow.perform(information_return, "submit_return", actor=actor,
                     submitted_on=today(), submitted_by=actor)


@workflow.atomic()
def reopen_information_return(*, information_return: InformationReturn, actor: User,
                              reason: str) -> None:
    """The business unit opens a submitted return again, for the agency to correct; or one
    closed when the review was sent to the National Panel (once sent, fixed: reopening it
    is the one way to change it then, and the decision log says so). The panel pack kept
    when it was circulated does not change."""
    workflow.check(information_return, "reopen_return", actor)
    if not reason.strip():
        raise ValidationError("Enter why the return is reopened")
    review = information_return.review
    words = reason.strip()
    if review.submitted_on and information_return.lcspr_id is None:
        words = (f"Reopened after the rapid review was sent to the National Panel on "
                 f"{review.submitted_on:%-d %B %Y}: {words}")
    workflow.perform(information_return, "reopen_return", actor=actor, reason=words,
                     submitted_on=None, submitted_by=None, reopened_reason=reason.strip())


def _close_open_returns(review: RapidReview, actor: User, sent_on: date) -> None:
    """Once sent, fixed: each return still open when the review goes to the National Panel
    is closed, so the agency can neither change nor submit it (the business unit may reopen
    it, with the reason)."""
    # A later LCSPR's requests are not the rapid review's to close.
    for information_return in (review.returns.filter(status__in=OPEN_RETURN, lcspr=None)
                               .select_related("agency", "review")):
        workflow.perform(information_return, "close_return", actor=actor,
                         reason=f"The rapid review was sent to the National Panel on "
                                f"{sent_on:%-d %B %Y} before this return was submitted")


@workflow.atomic()
def decide_known_agency(*, known_agency: KnownAgency, actor: User, approve: bool,
                        due_on: date | None = None) -> InformationReturn | None:
    """An agency named another it knows was involved: ask that agency too, or not."""
    name = "approve_known_agency" if approve else "decline_known_agency"
    workflow.check(known_agency, name, actor)
    made = None
    if approve:
        if known_agency.agency is None:
            raise ValidationError(f"{known_agency.name} does not use this service: choose the "
                                  "registered agency first, or contact it another way")
        made = _ask_named_agency(known_agency.information_return, known_agency.agency, actor,
                                 due_on)
    workflow.perform(known_agency, name, actor=actor)
    return made


# How an agency another agency's return names is asked for a return of its own: for what
# the naming return was asked. A later stage that asks agencies (the LCSPR) registers its own
# service, which answers None for a return it did not ask for; the rapid review's is the rest.
AskNamed = Callable[..., InformationReturn | None]
_named_agency_askers: list[AskNamed] = []


def asks_named_agencies(service: AskNamed) -> None:
    """``service(naming=..., agency=..., actor=..., due_on=...)``: the return made (or found)
    for ``agency``, or None when ``naming`` was not asked for by that stage."""
    if service not in _named_agency_askers:
        _named_agency_askers.append(service)


def _ask_named_agency(naming: InformationReturn, agency: Agency, actor: User,
                      due_on: date | None) -> InformationReturn:
    for ask in _named_agency_askers:
        if (made := ask(naming=naming, agency=agency, actor=actor, due_on=due_on)) is not None:
            return made
    review = naming.review
    return review.returns.filter(agency=agency, lcspr=None).first() or \
        send_information_requests(review=review, actor=actor, agencies=[agency],
                                  due_on=due_on)[0]


# The panel, the meeting, the recommendation, sign-off and submission.

@workflow.atomic()
def choose_panel(*, review: RapidReview, actor: User, members: Iterable[User]) -> None:
    """The panel members of this review: they read its pack and its returns."""
    workflow.check(review, "choose_panel", actor)
    members = list(members)
    if any(member.role not in PANEL_ROLES or not member.is_active for member in members):
        raise ValidationError("Choose panel chairs, panel members and the safeguarding "
                              "partners' representatives only")
    workflow.perform(review, "choose_panel", actor=actor, reason=(
        f"Panel: {', '.join(member.full_name for member in members)}" if members
        else "No panel members"))
    review.panel.set(members)


@workflow.atomic()
def circulate_panel_pack(*, review: RapidReview, actor: User, circulated_on: date) -> None:
    """Record that the pack went to the panel (000 stage 5, day 8)."""
    workflow.check(review, "circulate_panel_pack", actor)
    not_in_future(circulated_on, "The date the pack was circulated")
    review_timeline(review, {"pack_circulated_on": circulated_on}).check("pack_circulated_on")
    workflow.perform(review, "circulate_panel_pack", actor=actor,
                     reason=f"Panel pack circulated on {circulated_on:%-d %B %Y}",
                     pack_circulated_on=circulated_on, pack_circulated_by=actor)
    _keep_panel_pack(review, actor, circulated_on)


def _keep_panel_pack(review: RapidReview, actor: User, circulated_on: date) -> Document:
    """The pack as the panel read it, kept with the case as a document: a return reopened
    and changed later does not change it. Made last, once the circulation is recorded: the
    returns are held meanwhile, so that the pack shows them as they stood at one moment."""
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases.services import add_document

    from .printing import panel_pack_pdf

    list(review.returns.select_for_update().values_list("pk", flat=True))
    content = panel_pack_pdf(review=review, partnership=settings.PARTNERSHIP_NAME)
    name = f"{review.case.reference}-panel-pack-{circulated_on:%Y-%m-%d}.pdf"
    return add_document(case=review.case, actor=actor, kind=Document.Kind.PANEL_PACK,
                        title=f"Panel pack as circulated on {circulated_on:%-d %B %Y}",
                        upload=SimpleUploadedFile(name, content,
                                                  content_type="application/pdf"))


@workflow.atomic()
def schedule_meeting(*, review: RapidReview, actor: User, meeting_on: date) -> None:
    workflow.check(review, "schedule_meeting", actor)
    review_timeline(review, {"meeting_on": meeting_on}).check("meeting_on")
    workflow.perform(review, "schedule_meeting", actor=actor,
                     reason=f"Panel meeting planned for {meeting_on:%-d %B %Y}",
                     meeting_on=meeting_on)


@dataclass(frozen=True)
class MemberPresence:
    """A member of the review's panel at its meeting: came, sent a deputy or gave apologies."""

    member_id: int
    presence: str
    deputy_name: str = ""
    direct_involvement: bool = False
    version: int | None = None  # of the member's row as the page was loaded (0: none yet)


@workflow.atomic()
def record_attendance(*, review: RapidReview, actor: User,
                      members: Iterable[MemberPresence] = (),
                      attendance: Iterable[RowChange] = ()) -> None:
    """Who attended the panel: each panel member's presence (``members``) and the changes to
    the rows of the others who attended (``attendance``). Each row is saved in the actor's
    name, so its history says who recorded it. A member's answers that someone else changed
    since the page was loaded (their row's ``version``) are refused, and nothing is saved
    (StaleEdit), as are the other rows' (safeguarding.rows.save_rows)."""
    workflow.check(review, "record_attendance", actor)
    panel = {user.pk: user for user in review.panel.select_related("agency")}
    members, attendance = list(members), list(attendance)
    for presence in members:
        _check_presence(presence, panel)
    member_rows = {row.member_id: row for row in
                   review.attendance.select_for_update().exclude(member=None)}
    for presence in members:
        row = member_rows.get(presence.member_id)
        if row is not None and _presence_values(panel[presence.member_id], presence) != {
                name: getattr(row, name) for name in _PRESENCE_FIELDS}:
            check_version(row, presence.version, ["presence", "deputy_name",
                                                  "direct_involvement"])
    if {change.pk for change in attendance} & {row.pk for row in member_rows.values()}:
        raise ValidationError("A panel member's attendance is recorded in their own row")
    workflow.perform(review, "record_attendance", actor=actor)
    save_rows(review.attendance, attendance, actor=actor, fields=ATTENDANCE_FIELDS)
    for presence in members:
        _save_presence(review, panel[presence.member_id], member_rows.get(presence.member_id),
                       presence, actor)


def _check_presence(presence: MemberPresence, panel: Mapping[int, User]) -> None:
    if presence.member_id not in panel:
        raise ValidationError("Record attendance for the members of this review's panel only")
    kind = PanelAttendance.Presence(presence.presence)  # refuses an unknown answer
    if kind == PanelAttendance.Presence.DEPUTY and not presence.deputy_name.strip():
        raise ValidationError(f"Enter the name of {panel[presence.member_id].full_name}'s "
                              "deputy")


_PRESENCE_FIELDS = ("name", "agency", "panel_role", "presence", "direct_involvement",
                    "deputy_name")


def _presence_values(member: User, presence: MemberPresence) -> dict[str, Any]:
    """A panel member's row of attendance as ``presence`` would leave it."""
    return {"name": member.full_name, "agency": member.agency,
            "panel_role": PanelAttendance.PanelRole.CHAIR if member.role == Role.PANEL_CHAIR
            else PanelAttendance.PanelRole.MEMBER,
            "presence": presence.presence, "direct_involvement": presence.direct_involvement,
            "deputy_name": presence.deputy_name.strip()
            if presence.presence == PanelAttendance.Presence.DEPUTY else ""}


def _save_presence(review: RapidReview, member: User, row: PanelAttendance | None,
                   presence: MemberPresence, actor: User) -> None:
    values = _presence_values(member, presence)
    if row is None:
        row = PanelAttendance(review=review, member=member)
    elif all(getattr(row, name) == value for name, value in values.items()):
        return
    for name, value in values.items():
        setattr(row, name, value)
    changed_by(row, actor).save()


@workflow.atomic()
def record_parallel_processes(*, review: RapidReview, actor: User,
                              processes: Iterable[RowChange]) -> None:
    """The other reviews and investigations running beside the case or being considered (004
    section 11.1): the changes to the review's rows of them, one row each so that an LCSPR
    takes them over. Saving with none records that none is known."""
    workflow.check(review, "record_parallel_processes", actor)
    processes = list(processes)
    for change in processes:
        if "kind" in change.values:
            kind = ParallelProcess.Kind(change.values["kind"])  # refuses an unknown kind
            if kind == ParallelProcess.Kind.OTHER and not str(
                    change.values.get("other_kind", "")).strip():
                raise ValidationError("Say what the other review or investigation is")
        if "progress" in change.values:
            ParallelProcess.Progress(change.values["progress"])
    save_rows(review.parallel_processes, processes, actor=actor,
              fields=PARALLEL_PROCESS_FIELDS)
    now = [f"{row.name} ({row.get_progress_display().lower()})"
           for row in review.parallel_processes.all()]
    workflow.perform(review, "record_parallel_processes", actor=actor,
                     reason=f"Parallel processes: {'; '.join(now)}" if now
                     else "No parallel process known")


REQUIRED_REPRESENTATION = [
    ("the local authority", {Agency.Kind.LOCAL_AUTHORITY}),
    ("health", {Agency.Kind.INTEGRATED_CARE_BOARD, Agency.Kind.HEALTH_PROVIDER}),
    ("the police", {Agency.Kind.POLICE}),
    ("education", {Agency.Kind.EDUCATION}),
]


def representation_warnings(review: RapidReview) -> list[str]:
    """000 stage 6: the panel must include the local authority, health, police and education,
    with legal representation, drawn from senior managers with no direct involvement. Read
    from who attended once that is recorded, from the members chosen before; with neither
    there is no panel yet, and nothing to warn of."""
    attendance = [row for row in review.attendance.all() if row.present]
    members = [(row.agency.kind, row.panel_role == row.PanelRole.LEGAL_ADVISER)
               for row in attendance] or [(member.agency.kind, False)
                                          for member in review.panel.all()]
    if not members:
        return []
    kinds = {kind for kind, _legal in members}
    warnings = [f"No one from {who} attends the panel" for who, wanted in REQUIRED_REPRESENTATION
                if not kinds & wanted]
    if not any(kind == Agency.Kind.LEGAL or legal for kind, legal in members):
        warnings.append("There is no legal representative to advise the panel")
    warnings += [f"{row.name} ({row.agency.name}) has had direct involvement in the case"
                 for row in attendance if row.direct_involvement]
    return warnings


@workflow.atomic()
def record_meeting_held(*, review: RapidReview, actor: User, held_on: date) -> None:
    workflow.check(review, "record_meeting_held", actor)
    not_in_future(held_on, "The date of the meeting")
    review_timeline(review, {"meeting_held_on": held_on}).check("meeting_held_on")
    workflow.perform(review, "record_meeting_held", actor=actor,
                     reason=f"Rapid review panel met on {held_on:%-d %B %Y}",
                     meeting_held_on=held_on, meeting_on=review.meeting_on or held_on)


REVIEWS_NEEDING_LINES_OF_ENQUIRY = (
    RapidReview.Recommendation.NATIONAL_REVIEW, RapidReview.Recommendation.LCSPR,
    RapidReview.Recommendation.MULTI_AGENCY_LEARNING)


@workflow.atomic()
def record_recommendation(*, review: RapidReview, actor: User, outcome: Mapping[str, Any],
                          version: int | None, actions: Iterable[RowChange]) -> None:
    """The chair records the panel's outcome (``outcome``: the fields of the outcome page,
    over the ``version`` of the review the page was loaded at) and the changes to its
    immediate safety actions; the partners' decision maker then decides on it. Changing it
    once the decision is recorded is refused, unless the decision maker sends it back."""
    workflow.check(review, "record_recommendation", actor)
    workflow.lock(review)
    only_fields(outcome, OUTCOME_FIELDS, "The outcome of a rapid review")
    check_version(review, version, OUTCOME_FIELDS)
    missing = {"recommendation": "Choose the panel's recommendation",
               "rationale": "Enter the rationale for the recommendation"}
    missing = {field: message for field, message in missing.items()
               if not str(outcome.get(field) or "").strip()}
    if missing:  # at each question, which the error summary links to
        raise ValidationError(missing)
    if (outcome["recommendation"] in REVIEWS_NEEDING_LINES_OF_ENQUIRY
            and not outcome.get("key_lines_of_enquiry", "").strip()):
        raise ValidationError({"key_lines_of_enquiry":
                               "Set out the key lines of enquiry the review is to answer"})
    if outcome["recommendation"] != RapidReview.Recommendation.LCSPR:
        # The methodology and the reviewer are recommended with an LCSPR (004 section 6.8).
        outcome = {**outcome, **{field: "" for field in LCSPR_RECOMMENDATION_FIELDS
                                 if field in outcome or getattr(review, field)}}
    save_immediate_actions(review=review, actor=actor, actions=actions)
    label = RapidReview.Recommendation(outcome["recommendation"]).label
    words = f"Recommendation: {label}"
    if outcome.get("recommended_reviewer"):
        words += (f"; reviewer recommended: "
                  f"{RapidReview.ReviewerKind(outcome['recommended_reviewer']).label.lower()}")
    workflow.perform(review, "record_recommendation", actor=actor, reason=words,
                     recommended_on=today(), recommended_by=actor, **outcome)


# The partners' decision (000 stage 7, 004 section 6.10) and its sign-off (001).

class DecisionChanged(TransitionNotAllowed):
    """The decision changed after the page was loaded: the partner has not read it."""


def void_sign_offs(sign_offs: Iterable[BaseSignOff], *, actor: User, why: str) -> int:
    """Void the signatures and declines given (any kind of sign-off: the rapid review's, the
    LCSPR report's) that stand, kept with why: nothing is deleted."""
    voided = 0
    for signature in sign_offs:
        if not signature.standing:
            continue
        signature.voided_on, signature.voided_reason = today(), why
        changed_by(signature, actor).save(update_fields=["voided_on", "voided_reason"])
        voided += 1
    return voided


def _void_sign_offs(review: RapidReview, actor: User, why: str) -> int:
    return void_sign_offs(review.sign_offs.filter(voided_on__isnull=True), actor=actor,
                          why=why)


@workflow.atomic()
def record_partners_decision(*, review: RapidReview, actor: User, agrees: bool,
                             decision: str = "", reason: str = "") -> None:
    """The decision maker the local policy names (000 stage 7: the partnership chair; 004
    section 6.10: the three partners with the independent scrutineer) decides on the panel's
    recommendation: agrees with it, or decides otherwise (``decision``, one of the five
    Recommendation choices) with the ``reason``. Each decision is a new version; deciding
    again voids the signatures given on the one before, and the partners are asked again."""
    from safeguarding.models import LocalPolicy

    workflow.check(review, "record_partners_decision", actor)
    workflow.lock(review)
    review.refresh_from_db()
    if agrees:
        chosen = RapidReview.Recommendation(review.recommendation)
    else:
        if not decision:
            raise ValidationError("Choose the partners' decision")
        chosen = RapidReview.Recommendation(decision)
        if chosen == review.recommendation:
            raise ValidationError("That is the panel's recommendation: say the partners agree "
                                  "with it, or choose another decision")
        if not reason.strip():
            raise ValidationError("Give the reason the partners decided otherwise than the "
                                  "panel recommended")
    version = review.decision_version + 1
    voided = _void_sign_offs(review, actor, f"The decision was changed (version {version})")
    words = (f"Agrees with the recommendation: {chosen.label}" if agrees
             else f"Decided otherwise: {chosen.label}. Reason: {reason.strip()}")
    words += f" (version {version})"
    if voided:
        words += f". {voided} earlier sign-off(s) voided: the partners are asked again"
    workflow.perform(review, "record_partners_decision", actor=actor, reason=words,
                     partners_decision=chosen, partners_agree=agrees,
                     partners_decision_reason="" if agrees else reason.strip(),
                     partners_decision_maker=LocalPolicy.current().rapid_review_decision_by,
                     partners_decided_on=today(), partners_decision_by=actor,
                     decision_version=version)


@workflow.atomic()
def return_to_panel(*, review: RapidReview, actor: User, reason: str) -> None:
    """The decision maker sends the recommendation back to the panel's chair, with the
    reason: any decision and its signatures are voided; the chair records it again."""
    workflow.check(review, "return_to_panel", actor)
    if not reason.strip():
        raise ValidationError("Give the reason the recommendation goes back to the panel")
    workflow.lock(review)
    _void_sign_offs(review, actor, "The recommendation was sent back to the panel")
    workflow.perform(review, "return_to_panel", actor=actor, reason=reason.strip(),
                     partners_decision="", partners_agree=None, partners_decision_reason="",
                     decision_version=review.decision_version + 1)


def _check_decision_version(review: RapidReview, decision_version: int | None) -> None:
    """Refuse a sign-off given on a page that showed another version of the decision."""
    current = RapidReview.objects.select_for_update().values_list(
        "decision_version", flat=True).get(pk=review.pk)
    if decision_version != current:
        raise DecisionChanged("The partners' decision has changed since you opened the page: "
                              "read it again before you sign it off. Nothing was signed.")
    review.decision_version = current


@workflow.atomic()
def sign_off(*, review: RapidReview, actor: User, signed_on: date,
             decision_version: int | None) -> SignOff:
    """A senior representative of one statutory partner signs off the partners' decision in
    their own name (001), the ``decision_version`` they read: a sign-off of a decision that
    has changed since is refused. The decision stands once the local authority, police and
    integrated care board have signed the current version. Each sign-off claims the review
    first, so of three partners signing at once the last one in sees the other two and
    completes it, exactly once."""
    workflow.check(review, "sign_off", actor)
    _check_decision_version(review, decision_version)
    not_in_future(signed_on, "The date of the sign-off")
    partner = signed_key(actor.agency.kind)
    review_timeline(review, {partner: signed_on}).check(partner)
    workflow.perform(review, "sign_off", actor=actor,
                     reason=f"Signed off for {actor.agency.name} on {signed_on:%-d %B %Y} "
                            f"(decision version {review.decision_version})")
    signature = SignOff(review=review, partner=actor.agency.kind, signed_by=actor,
                        signed_on=signed_on, decision_version=review.decision_version)
    changed_by(signature, actor)
    signature.save()
    if workflow.can(review, "complete_sign_off", actor):
        signed = current_sign_offs(review).filter(declined=False)
        workflow.perform(review, "complete_sign_off", actor=actor,
                         reason="Signed off by the local authority, police and integrated "
                                "care board",
                         signed_off_on=max(signed.values_list("signed_on", flat=True)))
    return signature


@workflow.atomic()
def decline_sign_off(*, review: RapidReview, actor: User, decision_version: int | None,
                     reason: str) -> SignOff:
    """A partner declines to sign off the decision, with the reason: the decision goes back to
    the decision maker, who decides again (which voids every signature given so far)."""
    workflow.check(review, "decline_sign_off", actor)
    _check_decision_version(review, decision_version)
    if not reason.strip():
        raise ValidationError("Give the reason you decline to sign off the decision")
    workflow.perform(review, "decline_sign_off", actor=actor,
                     reason=f"{actor.agency.name} declined: {reason.strip()}")
    signature = SignOff(review=review, partner=actor.agency.kind, signed_by=actor,
                        signed_on=today(), decision_version=review.decision_version,
                        declined=True, reason=reason.strip())
    changed_by(signature, actor)
    signature.save()
    return signature


@workflow.atomic()
def record_extension_notice(*, review: RapidReview, actor: User, notified_on: date,
                            reason: str) -> None:
    """The Panel secretariat told that the review will be late, and why (001)."""
    workflow.check(review, "record_extension_notice", actor)
    not_in_future(notified_on, "The date the secretariat was told")
    review_timeline(review, {"extension_notified_on": notified_on}).check(
        "extension_notified_on")
    if not reason.strip():
        raise ValidationError("Enter the reason the rapid review will be late")
    workflow.perform(review, "record_extension_notice", actor=actor,
                     reason=f"Panel secretariat told on {notified_on:%-d %B %Y}: "
                            f"{reason.strip()}",
                     extension_notified_on=notified_on, extension_reason=reason.strip())


@workflow.atomic()
def record_submission(*, review: RapidReview, actor: User, submitted_on: date) -> None:
    workflow.check(review, "record_submission", actor)
    not_in_future(submitted_on, "The date the rapid review was sent")
    review_timeline(review, {"submitted_on": submitted_on}).check("submitted_on")
    workflow.perform(review, "record_submission", actor=actor,
                     reason=f"Rapid review sent to the National Panel on "
                            f"{submitted_on:%-d %B %Y}",
                     submitted_on=submitted_on, submitted_by=actor)
    _close_open_returns(review, actor, submitted_on)


@workflow.atomic()
def record_panel_response(*, review: RapidReview, actor: User, responded_on: date,
                          response: str, questions: str = "", rationale: str = "",
                          scope: str = "") -> None:
    """The National Panel's response (004 section 6.11) and its ``rationale``: it agrees,
    disagrees with the partners' decision (the rationale is then required: the partners
    must answer it), will undertake a national review (with the ``scope`` and methodology
    agreed with the partners once they are, 6.12: recording the response again adds it), or
    asks for further information (its ``questions``)."""
    asks = response == RapidReview.PanelResponse.FURTHER_INFORMATION
    name = "record_panel_questions" if asks else "record_panel_response"
    workflow.check(review, name, actor)
    not_in_future(responded_on, "The date of the Panel's response")
    review_timeline(review, {"panel_responded_on": responded_on,
                             "panel_response": response}).check("panel_responded_on")
    chosen = RapidReview.PanelResponse(response)
    if asks and not questions.strip():
        raise ValidationError("Enter the Panel's questions")
    if chosen == RapidReview.PanelResponse.DISAGREES and not rationale.strip():
        raise ValidationError("Enter the Panel's rationale for disagreeing with the partners' "
                              "decision")
    if scope.strip() and chosen != RapidReview.PanelResponse.NATIONAL_REVIEW:
        raise ValidationError("A scope is agreed only for a national review: clear it, or "
                              "choose that the Panel will undertake a national review")
    words = f"{chosen.label} ({responded_on:%-d %B %Y})"
    if rationale.strip():
        words += f". Rationale: {rationale.strip()}"
    if scope.strip():
        words += f". Scope agreed: {scope.strip()}"
    workflow.perform(review, name, actor=actor, reason=words,
                     panel_responded_on=responded_on, panel_response=response,
                     panel_rationale=rationale.strip(), national_review_scope=scope.strip(),
                     **({"panel_questions": questions.strip()} if asks else {}))


@workflow.atomic()
def record_answers_sent(*, review: RapidReview, actor: User, sent_on: date,
                        answers: str) -> None:
    workflow.check(review, "record_answers_sent", actor)
    not_in_future(sent_on, "The date the answers were sent")
    review_timeline(review, {"answers_sent_on": sent_on, "panel_response": ""}).check(
        "answers_sent_on")
    if not answers.strip():
        raise ValidationError("Enter the answers sent to the Panel")
    workflow.perform(review, "record_answers_sent", actor=actor,
                     reason=f"Answers to the Panel's questions sent on {sent_on:%-d %B %Y}",
                     answers_sent_on=sent_on, answers=answers.strip(), panel_response="")
    _close_open_returns(review, actor, sent_on)


# The next step that follows the partners' decision (000 stage 7).
NEXT_STEP_FOR = {
    RapidReview.Recommendation.NATIONAL_REVIEW: RapidReview.NextStep.NATIONAL_REVIEW,
    RapidReview.Recommendation.LCSPR: RapidReview.NextStep.LCSPR,
    RapidReview.Recommendation.MULTI_AGENCY_LEARNING: RapidReview.NextStep.LEARNING_REVIEW,
    RapidReview.Recommendation.SINGLE_AGENCY_LEARNING: RapidReview.NextStep.LEARNING_REVIEW,
    RapidReview.Recommendation.NO_REVIEW: RapidReview.NextStep.NO_REVIEW,
}


def expected_next_step(review: RapidReview) -> RapidReview.NextStep | None:
    """The next step that follows the partners' decision and the Panel's response: a
    national review when the Panel will undertake one, else what the partners decided (also
    when the Panel disagrees: the decision on a local review stays the partners', but
    concluding then needs the reason, ``panel_disagreed``)."""
    if review.panel_response == RapidReview.PanelResponse.NATIONAL_REVIEW:
        return RapidReview.NextStep.NATIONAL_REVIEW
    if not review.partners_decision:
        return None
    return NEXT_STEP_FOR[RapidReview.Recommendation(review.partners_decision)]


def panel_disagreed(review: RapidReview) -> bool:
    """The National Panel disagrees with the partners' decision."""
    return review.panel_response == RapidReview.PanelResponse.DISAGREES


# What a later stage starts when a rapid review concludes with its next step: the LCSPR
# registers the service that opens the review (reviews.lcspr.services), so that the rapid
# review, below it, never imports it. Called by conclude_rapid_review, in its transaction:
# if the LCSPR cannot be opened, the rapid review does not conclude.
Following = Callable[..., object]
_following: dict[str, list[Following]] = {}
NO_REVIEW_SHARING = ("With no review, say how the learning already identified will be "
                     "disseminated and acted on, or how the learning outcomes have been "
                     "achieved")


def when_concluded(next_step: str, service: Following) -> None:
    """``service(review=..., actor=...)`` is called when a rapid review concludes with
    ``next_step`` (a RapidReview.NextStep)."""
    services = _following.setdefault(RapidReview.NextStep(next_step), [])
    if service not in services:
        services.append(service)


@workflow.atomic()
def conclude_rapid_review(*, review: RapidReview, actor: User, next_step: str,
                          override_reason: str = "", learning_sharing: str = "",
                          learning_shared_by: date | None = None) -> None:
    """End the review by moving the case to its next step, once the Panel has answered. The
    next step follows the partners' decision and the Panel's response; another needs the
    reason it is overridden, which the decision log keeps. When the Panel disagreed with the
    partners' decision, any next step needs the reason: how the disagreement was resolved
    (the partners kept their decision, or changed it). With no review, how the learning
    already identified will be disseminated and acted on, and by when (001): a planned item
    of learning to share, followed on its clock."""
    workflow.check(review, "conclude", actor)
    step = RapidReview.NextStep(next_step)
    expected = expected_next_step(review)
    reason = override_reason.strip()
    words = f"Next step: {step.label}"
    if panel_disagreed(review):
        if not reason:
            raise ValidationError(
                "The National Panel disagreed with the partners' decision: say how that was "
                "resolved and why this is the next step")
        words += f" (the Panel disagreed with the partners' decision: {reason})"
    elif expected is not None and step != expected:
        if not reason:
            raise ValidationError(
                f"The partners' decision and the Panel's response lead to: {expected.label}. "
                "To choose another next step, give the reason")
        words += f" (not {expected.label}: {reason})"
    elif step == expected:
        reason = ""
    if step == RapidReview.NextStep.NO_REVIEW and not learning_sharing.strip():
        raise ValidationError(NO_REVIEW_SHARING)
    if step == RapidReview.NextStep.NO_REVIEW and learning_shared_by is None:
        raise ValidationError("Enter the date the learning is to be shared by")
    workflow.perform(review, "conclude", actor=actor, reason=words, next_step=step,
                     next_step_reason=reason)
    workflow.perform(review.case, f"conclude_rapid_review_{step.value}", actor=actor,
                     reason=f"Rapid review concluded. {words}")
    for follow in _following.get(step, []):
        follow(review=review, actor=actor)
    if step == RapidReview.NextStep.NO_REVIEW:
        plan_after_rapid_review(review=review, actor=actor, what=learning_sharing,
                                planned_for=learning_shared_by)


@workflow.atomic()
def record_family_told(*, review: RapidReview, actor: User, told: bool,
                       told_on: date | None = None, told_by: str = "",
                       reason: str = "") -> None:
    """Whether the family was told of the partners' decision and its rationale (004 section
    7.5): when and by whom, or why not. Recording it again replaces it; the history keeps
    what it was."""
    workflow.check(review, "record_family_told", actor)
    workflow.lock(review)
    if told:
        if told_on is None:
            raise ValidationError("Enter the date the family was told")
        if not told_by.strip():
            raise ValidationError("Enter who told the family")
        not_in_future(told_on, "The date the family was told")
        review_timeline(review, {"family_told_on": told_on}).check("family_told_on")
        changes = {"family_told": "yes", "family_told_on": told_on,
                   "family_told_by": told_by.strip(), "family_not_told_reason": ""}
        words = f"The family was told of the decision on {told_on:%-d %B %Y} by {told_by.strip()}"
    else:
        if not reason.strip():
            raise ValidationError("Give the reason the family has not been told")
        changes = {"family_told": "no", "family_told_on": None, "family_told_by": "",
                   "family_not_told_reason": reason.strip()}
        # The reason may speak of the family: it stays on the review (and its history).
        words = "The family has not been told of the decision: the reason is on the review"
    workflow.perform(review, "record_family_told", actor=actor, reason=words, **changes)


def _checked_url(url: str) -> str:
    url = url.strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise ValidationError("Enter the web address in the right format, like "
                              "https://www.example.org") from error
    return url


@workflow.atomic()
def record_publication(*, review: RapidReview, actor: User, published: bool,
                       published_on: date | None = None, url: str = "",
                       reason: str = "") -> None:
    """Whether the completed rapid review is published on the partnership's website (001):
    when and where, or why not. Recording it again replaces it (not published at first,
    published later); the history keeps what it was."""
    workflow.check(review, "record_publication", actor)
    workflow.lock(review)
    if published:
        if published_on is None:
            raise ValidationError("Enter the date the report was published")
        if not url.strip():
            raise ValidationError("Enter the web address where it is published")
        not_in_future(published_on, "The date the report was published")
        review_timeline(review, {"published_on": published_on}).check("published_on")
        changes = {"published": "yes", "published_on": published_on,
                   "published_url": _checked_url(url), "not_published_reason": ""}
        words = (f"Rapid review report published on {published_on:%-d %B %Y} at "
                 f"{changes['published_url']}")
    else:
        if not reason.strip():
            raise ValidationError("Give the reason the report is not published")
        changes = {"published": "no", "published_on": None, "published_url": "",
                   "not_published_reason": reason.strip()}
        words = f"Rapid review report not published: {reason.strip()}"
    workflow.perform(review, "record_publication", actor=actor, reason=words, **changes)


@workflow.atomic()
def correct_review_date(*, review: RapidReview, actor: User, field: str, new_date: date,
                        reason: str) -> None:
    """The business unit corrects a date recorded on the rapid review (``field``: a key of
    ``review_timeline(review).correctable()``, a partner's sign-off included), giving a
    reason. The corrected date must keep its order with the dates before and after it; the
    correction is logged with the reason, and the clocks are recomputed."""
    workflow.check(review, "correct_date", actor)
    # Locked first: the neighbours the corrected date is checked against cannot move meanwhile.
    workflow.lock(review)
    event, logged = checked_correction(review_timeline, review, field, new_date, reason)
    changes: dict[str, Any] = {}
    if event.row is review:
        changes[event.field] = new_date
    elif review.signed_off_on:  # a sign-off: the decision stands from the last of the three
        signed = dict(current_sign_offs(review).filter(declined=False)
                      .values_list("pk", "signed_on"))
        signed[event.row.pk] = new_date
        changes["signed_off_on"] = max(signed.values())
    workflow.perform(review, "correct_date", actor=actor, reason=logged, **changes)
    if event.row is not review:
        setattr(event.row, event.field, new_date)
        changed_by(event.row, actor).save(update_fields=[event.field])
