"""Every change to a rapid review and its information returns."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cases.models import Case
from deadlines import calendar
from deadlines.models import Clock
from deadlines.services import record_removed, sync
from safeguarding import workflow
from safeguarding.dates import checked_correction, not_before, not_in_future, today
from safeguarding.history import changed_by
from safeguarding.models import Agency, User
from safeguarding.rows import RowChange, only_fields, save_rows
from safeguarding.sections import editable_fields, fields_of
from safeguarding.versions import check_version
from safeguarding.workflow import TransitionNotAllowed

from .dates import REVIEW_DATES, review_timeline, signed_key
from .forms import AttendanceForm, ImmediateActionForm, OutcomeForm
from .models import InformationReturn, KnownAgency, RapidReview, SignOff
from .sections import SECTIONS
from .workflow import current_sign_offs

# What the pages may change, as their forms declare it: the services take plain data, and
# refuse a value for any other field (the state, and what the workflow's transitions set).
RETURN_FIELDS, RETURN_ROW_FIELDS = editable_fields(SECTIONS)
ATTENDANCE_FIELDS = frozenset(fields_of(AttendanceForm))
OUTCOME_FIELDS = fields_of(OutcomeForm)
ACTION_FIELDS = frozenset(fields_of(ImmediateActionForm))


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
    review.save()
    return review


# Information requests and returns.

def default_return_due(requested_on: date) -> date:
    """5 working days by default: the timescale policy's clock for agency returns."""
    clock = Clock.objects.get(code="agency_information_return")
    return calendar.add_working_days(requested_on, clock.amount)


def _prefill(information_return: InformationReturn, case: Case) -> None:
    """The child and incident facts the referral already holds; the agency may correct them."""
    referral = getattr(case, "referral", None)
    if referral is None:
        return
    child = referral.children.first()
    if child is not None:
        information_return.child_name = child.full_name
        information_return.child_date_of_birth = child.date_of_birth
        information_return.child_address = child.address
        information_return.child_ethnic_origin = child.ethnicity
        information_return.child_faith = child.faith
        information_return.child_disability = child.disability
        information_return.carer_at_incident = child.carer_at_incident
    information_return.incident_date = referral.incident_date


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
    asked = set(review.returns.values_list("agency_id", flat=True))
    made = []
    for agency in agencies:
        if agency.pk in asked or not agency.is_active:
            continue
        information_return = InformationReturn(review=review, agency=agency,
                                               requested_on=requested_on, requested_by=actor,
                                               due_on=due_on)
        _prefill(information_return, review.case)
        changed_by(information_return, actor)
        information_return.save()
        workflow.bring_up_to_date(information_return)
        made.append(information_return)
    if not made:
        raise ValidationError("Choose at least one agency that has not been asked yet")
    workflow.perform(review, "send_information_requests", actor=actor, reason=(
        f"{', '.join(r.agency.name for r in made)} asked for a return by "
        f"{due_on:%d %B %Y}"))
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


@workflow.atomic()
def save_information_return(*, information_return: InformationReturn, actor: User,
                            answers: Mapping[str, Any], version: int | None,
                            rows: Mapping[str, Iterable[RowChange]] | None = None) -> None:
    """Save a page of the return: its ``answers``, over the ``version`` of the return the page
    was loaded at, and the changes to its repeatable rows (``rows``, by the name of the
    return's rows: "family", "known_agencies", "chronology"). The first save starts the
    return. A submitted return is locked."""
    if not actor.has_perm("reviews.change_information_return", information_return):
        raise PermissionDenied
    locked = InformationReturn.objects.select_for_update().values_list(
        "status", flat=True).get(pk=information_return.pk)
    if locked == InformationReturn.Status.SUBMITTED:
        raise TransitionNotAllowed("This return has been submitted, so it is locked.")
    only_fields(answers, RETURN_FIELDS, "An information return")
    only_fields(rows or {}, RETURN_ROW_FIELDS, "An information return's rows")
    fields = list(answers)
    check_version(information_return, version, fields)
    for name, value in answers.items():
        setattr(information_return, name, value)
    changed_by(information_return, actor).save(update_fields=fields)
    for relation, changes in (rows or {}).items():
        save_rows(getattr(information_return, relation), changes, actor=actor,
                  fields=RETURN_ROW_FIELDS[relation])
    if locked == InformationReturn.Status.REQUESTED:
        workflow.perform(information_return, "start_return", actor=actor)


@dataclass(frozen=True)
class Problem:
    section: str
    message: str


REQUIRED = [
    ("about", "completed_by_name", "Enter your name"),
    ("about", "completed_on", "Enter the date the form was completed"),
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


REQUIRED_SECTIONS = {section for section, _field, _message in REQUIRED} | {"chronology"}


def return_problems(information_return: InformationReturn) -> list[Problem]:
    """What must be answered before the return is submitted."""
    problems = [Problem(section, message) for section, field, message in REQUIRED
                if not getattr(information_return, field)]
    if information_return.open_now == "yes" and not information_return.open_now_details:
        problems.append(Problem("involvement", "Say in what capacity the case is open to your "
                                               "agency, and the lead practitioner"))
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
    """The business unit opens a submitted return again, for the agency to correct."""
    workflow.check(information_return, "reopen_return", actor)
    if not reason.strip():
        raise ValidationError("Enter why the return is reopened")
    workflow.perform(information_return, "reopen_return", actor=actor, reason=reason.strip(),
                     submitted_on=None, submitted_by=None, reopened_reason=reason.strip())


@workflow.atomic()
def decide_known_agency(*, known_agency: KnownAgency, actor: User, approve: bool,
                        due_on: date | None = None) -> InformationReturn | None:
    """An agency named another it knows was involved: ask that agency too, or not."""
    name = "approve_known_agency" if approve else "decline_known_agency"
    workflow.check(known_agency, name, actor)
    review = known_agency.information_return.review
    made = None
    if approve:
        if known_agency.agency is None:
            raise ValidationError(f"{known_agency.name} does not use this service: choose the "
                                  "registered agency first, or contact it another way")
        made = review.returns.filter(agency=known_agency.agency).first() or \
            send_information_requests(review=review, actor=actor,
                                      agencies=[known_agency.agency], due_on=due_on)[0]
    workflow.perform(known_agency, name, actor=actor)
    return made


# The panel, the meeting, the recommendation, sign-off and submission.

@workflow.atomic()
def choose_panel(*, review: RapidReview, actor: User, members: Iterable[User]) -> None:
    """The panel members of this review: they read its pack and its returns."""
    from safeguarding.models import Role

    workflow.check(review, "choose_panel", actor)
    members = list(members)
    if any(member.role not in (Role.PANEL_CHAIR, Role.PANEL_MEMBER) for member in members):
        raise ValidationError("Choose panel chairs and panel members only")
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
                     reason=f"Panel pack circulated on {circulated_on:%d %B %Y}",
                     pack_circulated_on=circulated_on, pack_circulated_by=actor)


@workflow.atomic()
def schedule_meeting(*, review: RapidReview, actor: User, meeting_on: date) -> None:
    workflow.check(review, "schedule_meeting", actor)
    review_timeline(review, {"meeting_on": meeting_on}).check("meeting_on")
    workflow.perform(review, "schedule_meeting", actor=actor,
                     reason=f"Panel meeting planned for {meeting_on:%d %B %Y}",
                     meeting_on=meeting_on)


@workflow.atomic()
def record_attendance(*, review: RapidReview, actor: User,
                      attendance: Iterable[RowChange]) -> None:
    """Who attended the panel: the changes to its rows of attendance."""
    workflow.check(review, "record_attendance", actor)
    workflow.perform(review, "record_attendance", actor=actor)
    save_rows(review.attendance, attendance, actor=actor, fields=ATTENDANCE_FIELDS)


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
    attendance = list(review.attendance.all())
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
                     reason=f"Rapid review panel met on {held_on:%d %B %Y}",
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
    if not outcome.get("recommendation") or not outcome.get("rationale", "").strip():
        raise ValidationError("Choose the recommendation and give its rationale")
    if (outcome["recommendation"] in REVIEWS_NEEDING_LINES_OF_ENQUIRY
            and not outcome.get("key_lines_of_enquiry", "").strip()):
        raise ValidationError("Set out the key lines of enquiry the review is to answer")
    save_rows(review.immediate_actions, actions, actor=actor, fields=ACTION_FIELDS,
              before_delete=lambda row: record_removed(row, "The panel chair removed the action"))
    label = RapidReview.Recommendation(outcome["recommendation"]).label
    workflow.perform(review, "record_recommendation", actor=actor,
                     reason=f"Recommendation: {label}", recommended_on=today(),
                     recommended_by=actor,
                     **outcome)
    for action in review.immediate_actions.all():
        workflow.bring_up_to_date(action, sync)


# The partners' decision (000 stage 7, 004 section 6.10) and its sign-off (001).

class DecisionChanged(TransitionNotAllowed):
    """The decision changed after the page was loaded: the partner has not read it."""


def _void_sign_offs(review: RapidReview, actor: User, why: str) -> int:
    """Void the signatures and declines that stand (nothing is deleted)."""
    voided = 0
    for signature in review.sign_offs.filter(voided_on__isnull=True):
        signature.voided_on = today()
        signature.voided_reason = why
        changed_by(signature, actor).save(update_fields=["voided_on", "voided_reason"])
        voided += 1
    return voided


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
                     reason=f"Signed off for {actor.agency.name} on {signed_on:%d %B %Y} "
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
                     reason=f"Panel secretariat told on {notified_on:%d %B %Y}: "
                            f"{reason.strip()}",
                     extension_notified_on=notified_on, extension_reason=reason.strip())


@workflow.atomic()
def record_submission(*, review: RapidReview, actor: User, submitted_on: date) -> None:
    workflow.check(review, "record_submission", actor)
    not_in_future(submitted_on, "The date the rapid review was sent")
    review_timeline(review, {"submitted_on": submitted_on}).check("submitted_on")
    workflow.perform(review, "record_submission", actor=actor,
                     reason=f"Rapid review sent to the National Panel on "
                            f"{submitted_on:%d %B %Y}",
                     submitted_on=submitted_on, submitted_by=actor)


@workflow.atomic()
def record_panel_response(*, review: RapidReview, actor: User, responded_on: date,
                          response: str, questions: str = "") -> None:
    asks = response == RapidReview.PanelResponse.FURTHER_INFORMATION
    name = "record_panel_questions" if asks else "record_panel_response"
    workflow.check(review, name, actor)
    not_in_future(responded_on, "The date of the Panel's response")
    review_timeline(review, {"panel_responded_on": responded_on,
                             "panel_response": response}).check("panel_responded_on")
    if asks and not questions.strip():
        raise ValidationError("Enter the Panel's questions")
    label = RapidReview.PanelResponse(response).label
    workflow.perform(review, name, actor=actor, reason=f"{label} ({responded_on:%d %B %Y})",
                     panel_responded_on=responded_on, panel_response=response,
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
                     reason=f"Answers to the Panel's questions sent on {sent_on:%d %B %Y}",
                     answers_sent_on=sent_on, answers=answers.strip(), panel_response="")


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
    national review when the Panel will undertake one, else what the partners decided."""
    if review.panel_response == RapidReview.PanelResponse.NATIONAL_REVIEW:
        return RapidReview.NextStep.NATIONAL_REVIEW
    if not review.partners_decision:
        return None
    return NEXT_STEP_FOR[RapidReview.Recommendation(review.partners_decision)]


@workflow.atomic()
def conclude_rapid_review(*, review: RapidReview, actor: User, next_step: str,
                          override_reason: str = "") -> None:
    """End the review by moving the case to its next step, once the Panel has answered. The
    next step follows the partners' decision and the Panel's response; another needs the
    reason it is overridden, which the decision log keeps."""
    workflow.check(review, "conclude", actor)
    step = RapidReview.NextStep(next_step)
    expected = expected_next_step(review)
    words = f"Next step: {step.label}"
    if expected is not None and step != expected:
        if not override_reason.strip():
            raise ValidationError(
                f"The partners' decision and the Panel's response lead to: {expected.label}. "
                "To choose another next step, give the reason")
        words += f" (not {expected.label}: {override_reason.strip()})"
    workflow.perform(review, "conclude", actor=actor, reason=words, next_step=step,
                     next_step_reason=override_reason.strip() if step != expected else "")
    workflow.perform(review.case, f"conclude_rapid_review_{step.value}", actor=actor,
                     reason=f"Rapid review concluded. {words}")


@workflow.atomic()
def record_lcspr_told(*, review: RapidReview, actor: User, told_on: date,
                      reviewer: str = "") -> None:
    """The Panel, Ofsted and DfE told of the LCSPR and the reviewer commissioned (002 s. 8)."""
    workflow.check(review, "record_lcspr_told", actor)
    not_in_future(told_on, "The date they were told")
    review_timeline(review, {"lcspr_told_on": told_on}).check("lcspr_told_on")
    workflow.perform(review, "record_lcspr_told", actor=actor,
                     reason=f"National Panel, Ofsted and DfE told of the LCSPR on "
                            f"{told_on:%d %B %Y}" + (f"; reviewer: {reviewer.strip()}"
                                                    if reviewer.strip() else ""),
                     lcspr_told_on=told_on, lcspr_reviewer=reviewer.strip())


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
