"""Every change to an LCSPR, each through the workflow (reviews/lcspr/workflow.py), each
taking plain data."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator

from cases.models import Case
from reviews.rapid_review import services as rapid_review
from reviews.rapid_review.models import RapidReview
from safeguarding import workflow
from safeguarding.choices import YesNo
from safeguarding.dates import checked_correction, long_date, not_before, not_in_future, today
from safeguarding.history import changed_by
from safeguarding.models import Role, User
from safeguarding.workflow import TransitionNotAllowed

from .dates import COMMISSIONED, LCSPR_DATES, current_commission, lcspr_timeline, told_key
from .models import Lcspr, LcsprNotice, ReviewerCommission
from .workflow import LCSPR, not_told

S = Lcspr.Status
About = LcsprNotice.About
Recipient = LcsprNotice.Recipient


def _fresh(lcspr: Lcspr) -> Lcspr:
    """Forget the rows a page prefetched: the guards read them as they are now."""
    getattr(lcspr, "_prefetched_objects_cache", {}).clear()
    return lcspr


def _required(value: str, message: str) -> str:
    if not value.strip():
        raise ValidationError(message)
    return value.strip()


# The partners' decision to initiate the review.

@workflow.atomic()
def open_lcspr(*, case: Case, actor: User, decided_on: date, note: str = "") -> Lcspr:
    """The LCSPR of a case whose rapid review concluded with an LCSPR, from the date of the
    partners' decision to initiate it (004 section 15.5: the six months to publication run
    from it). What the rapid review recorded carries over: the reviewer it recommended, and
    the date the National Panel, Ofsted and DfE were told of the LCSPR."""
    if not actor.has_perm("reviews.open_lcspr", case):
        raise PermissionDenied(f"Only {LCSPR.transitions['decide'].who} can do this.")
    workflow.lock(case)
    if Lcspr.objects.filter(case=case).exists():
        raise TransitionNotAllowed("This case's LCSPR has already been opened.")
    if case.status != Case.Status.LCSPR_TO_COMMISSION:
        raise TransitionNotAllowed("An LCSPR is opened once the rapid review has concluded "
                                   "with an LCSPR.")
    what = LCSPR_DATES["decided_on"][0]
    not_in_future(decided_on, what)
    not_before(decided_on, case.received_on, what, "the referral was received")
    lcspr = Lcspr(case=case, decided_on=decided_on, decision_note=note.strip())
    review: RapidReview | None = getattr(case, "rapid_review", None)
    if review is not None and review.partners_decision == RapidReview.Recommendation.LCSPR:
        lcspr.reviewer_kind = review.recommended_reviewer
    workflow.create(lcspr, "decide", actor=actor,
                    reason=f"The partners' decision to initiate the review: "
                           f"{long_date(decided_on)}" + (f". {note.strip()}"
                                                         if note.strip() else ""))
    if review is not None and review.lcspr_told_on:
        _tell(lcspr, actor, About.DECISION, Recipient.values, review.lcspr_told_on,
              carried=True)
    return lcspr


def open_lcspr_after_rapid_review(*, review: RapidReview, actor: User) -> Lcspr:
    """Called when a rapid review concludes with an LCSPR: the decision to initiate it is
    the partners' decision on an LCSPR, signed off by the three partners; when the partners
    decided otherwise and the next step was chosen with its reason, the conclusion."""
    if review.partners_decision == RapidReview.Recommendation.LCSPR and review.signed_off_on:
        return open_lcspr(case=review.case, actor=actor, decided_on=review.signed_off_on,
                          note="Signed off by the three safeguarding partners in the "
                               "rapid review")
    note = "The rapid review concluded with an LCSPR"
    if review.next_step_reason:
        note += f": {review.next_step_reason}"
    return open_lcspr(case=review.case, actor=actor, decided_on=today(), note=note)


rapid_review.when_concluded(RapidReview.NextStep.LCSPR, open_lcspr_after_rapid_review)


# Telling the National Panel, Ofsted and DfE (002 section 8).

def _listed(names: list[str]) -> str:
    """"The National Child Safeguarding Practice Review Panel, Ofsted and the Department for
    Education (DfE)"."""
    names = [names[0], *(f"t{name[1:]}" if name.startswith("The ") else name
                         for name in names[1:])]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _tell(lcspr: Lcspr, actor: User, about: str, recipients: Iterable[str], told_on: date,
          carried: bool = False) -> list[LcsprNotice]:
    commission = current_commission(lcspr) if about == About.REVIEWER else None
    waiting = not_told(lcspr, about)
    chosen = [Recipient(recipient) for recipient in dict.fromkeys(recipients)]
    if not chosen:
        raise ValidationError("Choose who was told")
    if already := [str(r.label) for r in chosen if r not in waiting]:
        raise ValidationError(f"Already recorded as told: {', '.join(already)}")
    not_in_future(told_on, "The date they were told")
    timeline = lcspr_timeline(lcspr, {told_key(about, r): told_on for r in chosen})
    timeline.check_all(told_key(about, r) for r in chosen)
    names = _listed([str(r.label) for r in chosen])
    what = "the decision" if about == About.DECISION else (
        f"the reviewer, {commission.reviewer.full_name}," if commission else "the reviewer")
    words = f"{names} told of {what} on {long_date(told_on)}"
    if carried:
        words += " (recorded in the rapid review)"
    name = "tell_of_decision" if about == About.DECISION else "tell_of_reviewer"
    workflow.perform(_fresh(lcspr), name, actor=actor, reason=words)
    made = []
    for recipient in chosen:
        notice = LcsprNotice(lcspr=lcspr, about=about, commission=commission,
                             recipient=recipient, told_on=told_on, recorded_by=actor)
        changed_by(notice, actor).save()
        made.append(notice)
    complete = "all_told_of_decision" if about == About.DECISION else "all_told_of_reviewer"
    if workflow.can(_fresh(lcspr), complete, actor):
        workflow.perform(lcspr, complete, actor=actor, reason=words)
    return made


@workflow.atomic()
def record_decision_told(*, lcspr: Lcspr, actor: User, recipients: Iterable[str],
                         told_on: date) -> list[LcsprNotice]:
    """The recipients told, on ``told_on``, of the decision to hold the review (each of the
    National Panel, Ofsted and DfE once)."""
    workflow.check(_fresh(lcspr), "tell_of_decision", actor)
    workflow.lock(lcspr)
    return _tell(_fresh(lcspr), actor, About.DECISION, recipients, told_on)


@workflow.atomic()
def record_reviewer_told(*, lcspr: Lcspr, actor: User, recipients: Iterable[str],
                         told_on: date) -> list[LcsprNotice]:
    """The recipients told, on ``told_on``, of the reviewer commissioned now."""
    workflow.check(_fresh(lcspr), "tell_of_reviewer", actor)
    workflow.lock(lcspr)
    return _tell(_fresh(lcspr), actor, About.REVIEWER, recipients, told_on)


# Commissioning the reviewer (004 sections 8.1 and 8.7; 002 section 9).

@workflow.atomic()
def start_commissioning(*, lcspr: Lcspr, actor: User, reviewer_kind: str, procurement: str,
                        started_on: date, procurement_details: str = "") -> None:
    """The reviewer the partners commission (an independent author or a local reviewer) and
    how: the regionally agreed process (Darlington: NEPO, 004 section 8.7), the local
    authority's tendering procedures (Bradford, 002 section 9), a local reviewer appointed
    by the partners, or another way (said in ``procurement_details``)."""
    workflow.check(lcspr, "start_commissioning", actor)
    kind = Lcspr.ReviewerKind(reviewer_kind)
    route = Lcspr.Procurement(procurement)
    if route == Lcspr.Procurement.OTHER:
        _required(procurement_details, "Say how the reviewer is commissioned")
    not_in_future(started_on, "The date commissioning started")
    lcspr_timeline(lcspr, {"commissioning_started_on": started_on}).check(
        "commissioning_started_on")
    workflow.perform(lcspr, "start_commissioning", actor=actor,
                     reason=f"{kind.label}; {route.label[0].lower()}{route.label[1:]}"
                            + (f": {procurement_details.strip()}"
                               if procurement_details.strip() else ""),
                     reviewer_kind=kind, procurement=route,
                     procurement_details=procurement_details.strip(),
                     commissioning_started_on=started_on)


@workflow.atomic()
def assess_reviewer(*, lcspr: Lcspr, actor: User, reviewer: User, assessed_on: date,
                    practice_knowledge: str, research_knowledge: str, recognises_complexity: str,
                    communicates_findings: str, assessment_notes: str, conflict: str,
                    conflict_details: str = "", conflict_decision: str = "",
                    conflict_reason: str = "") -> ReviewerCommission:
    """A reviewer considered for the review (an account of the reviewer role), assessed
    against each point of 004 section 8.1, with the evidence; any real or perceived conflict
    of interest they declared, and the partners' decision on it with the reason and how it is
    managed. Only a reviewer found to meet every point, with no conflict that prevents it,
    may then be commissioned."""
    workflow.check(lcspr, "assess_reviewer", actor)
    if reviewer.role != Role.REVIEWER or not reviewer.is_active:
        raise ValidationError("Choose a person with a reviewer's account")
    answers = {name: YesNo(value) for name, value in (
        ("practice_knowledge", practice_knowledge), ("research_knowledge", research_knowledge),
        ("recognises_complexity", recognises_complexity),
        ("communicates_findings", communicates_findings))}
    notes = _required(assessment_notes, "Enter the evidence considered")
    what = "The date of the assessment"
    not_in_future(assessed_on, what)
    not_before(assessed_on, lcspr.decided_on, what, LCSPR_DATES["decided_on"][1])
    declared = ReviewerCommission.Conflict(conflict)
    if declared == ReviewerCommission.Conflict.NONE:
        conflict_details = conflict_decision = conflict_reason = ""
    else:
        _required(conflict_details, "Describe the conflict of interest the reviewer declared")
        if not conflict_decision:
            raise ValidationError("Record the partners' decision on the conflict of interest")
        ReviewerCommission.ConflictDecision(conflict_decision)
        _required(conflict_reason, "Give the reason for the partners' decision on the "
                                   "conflict of interest, and how it is managed")
    commission = ReviewerCommission(
        lcspr=lcspr, reviewer=reviewer, assessed_on=assessed_on, assessed_by=actor,
        assessment_notes=notes, conflict=declared, conflict_details=conflict_details.strip(),
        conflict_decision=conflict_decision, conflict_reason=conflict_reason.strip(),
        **answers)
    unmet = commission.unmet_criteria
    words = (f"{reviewer.full_name}: " + ("meets every point of 004 section 8.1" if not unmet
                                          else f"does not meet: {'; '.join(unmet)}"))
    if declared != ReviewerCommission.Conflict.NONE:
        words += (f". {declared.label} declared; the partners decided: "
                  f"{commission.get_conflict_decision_display().lower()}")
    workflow.perform(lcspr, "assess_reviewer", actor=actor, reason=words)
    changed_by(commission, actor).save()
    return commission


def _end_commission(lcspr: Lcspr, actor: User, ended_on: date, why: str) -> None:
    commission = current_commission(_fresh(lcspr))
    if commission is None:
        return
    commission.ended_on, commission.ended_reason = ended_on, why
    changed_by(commission, actor).save(update_fields=["ended_on", "ended_reason"])
    _fresh(lcspr)


@workflow.atomic()
def commission_reviewer(*, lcspr: Lcspr, actor: User, commission: ReviewerCommission,
                        commissioned_on: date) -> None:
    """Commission a reviewer assessed for this review: from then until their commission ends,
    they read this review and its case (and nothing else)."""
    workflow.check(_fresh(lcspr), "commission_reviewer", actor)
    workflow.lock(lcspr)
    commission = ReviewerCommission.objects.select_related("reviewer").get(pk=commission.pk)
    if commission.lcspr_id != lcspr.pk or not commission.may_be_commissioned:
        raise ValidationError("Choose a reviewer assessed as meeting 004 section 8.1, with no "
                              "conflict of interest that prevents the commission")
    not_in_future(commissioned_on, "The date the reviewer was commissioned")
    not_before(commissioned_on, commission.assessed_on, "The date the reviewer was "
               "commissioned", "they were assessed")
    checked = lcspr_timeline(lcspr, {COMMISSIONED: commissioned_on})
    checked.check(COMMISSIONED)
    workflow.perform(lcspr, "commission_reviewer", actor=actor,
                     reason=f"{commission.reviewer.full_name} commissioned on "
                            f"{long_date(commissioned_on)}")
    commission.commissioned_on = commissioned_on
    changed_by(commission, actor).save(update_fields=["commissioned_on"])
    _fresh(lcspr)
    case = lcspr.case
    if workflow.can(case, "lcspr_under_way", actor):
        workflow.perform(case, "lcspr_under_way", actor=actor,
                         reason=f"The reviewer was commissioned on {long_date(commissioned_on)}")


@workflow.atomic()
def end_commission(*, lcspr: Lcspr, actor: User, ended_on: date, reason: str) -> None:
    """The partners end the reviewer's commission (they step down, or a conflict comes to
    light): from then the reviewer sees nothing of the review, and another is commissioned."""
    workflow.check(_fresh(lcspr), "end_commission", actor)
    why = _required(reason, "Enter why the commission ends")
    commission = current_commission(lcspr)
    not_in_future(ended_on, "The date the commission ended")
    if commission is not None and commission.commissioned_on \
            and ended_on < commission.commissioned_on:
        raise ValidationError("The date the commission ended cannot be before the reviewer "
                              f"was commissioned, on {long_date(commission.commissioned_on)}")
    name = commission.reviewer.full_name if commission else "The reviewer"
    workflow.perform(lcspr, "end_commission", actor=actor,
                     reason=f"{name}'s commission ended on {long_date(ended_on)}: {why}")
    _end_commission(lcspr, actor, ended_on, why)


# The report: simple records for now (a later slice binds them to versions of the report).

def _dated_step(lcspr: Lcspr, actor: User, name: str, field: str, on: date, what: str,
                words: str, **changes: Any) -> None:
    workflow.check(lcspr, name, actor)
    not_in_future(on, what)
    lcspr_timeline(lcspr, {field: on}).check(field)
    workflow.perform(lcspr, name, actor=actor, reason=words, **{field: on}, **changes)


@workflow.atomic()
def record_draft_report(*, lcspr: Lcspr, actor: User, received_on: date) -> None:
    """A draft report received from the reviewer (004 section 16.1): the date, for now."""
    _dated_step(lcspr, actor, "record_draft_report", "draft_received_on", received_on,
                "The date the draft was received",
                f"Draft report received on {long_date(received_on)}")


@workflow.atomic()
def record_final_sign_off(*, lcspr: Lcspr, actor: User, signed_off_on: date) -> None:
    """The final report signed off by the three safeguarding partners and the independent
    scrutineer (004 section 16.1): the date, for now."""
    _dated_step(lcspr, actor, "sign_off_final_report", "final_signed_off_on", signed_off_on,
                "The date the final report was signed off",
                f"Final report signed off on {long_date(signed_off_on)}")


@workflow.atomic()
def record_report_sent(*, lcspr: Lcspr, actor: User, sent_on: date) -> None:
    """The final report sent to the National Panel, the Secretary of State and Ofsted (004
    section 14.7): the date, for now."""
    _dated_step(lcspr, actor, "record_report_sent", "sent_on", sent_on,
                "The date the final report was sent",
                f"Final report sent to the National Panel, the Secretary of State and Ofsted "
                f"on {long_date(sent_on)}")


def _checked_url(url: str) -> str:
    url = _required(url, "Enter the web address where it is published")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise ValidationError("Enter the web address in the right format, like "
                              "https://www.example.org") from error
    return url


@workflow.atomic()
def record_publication(*, lcspr: Lcspr, actor: User, published_on: date, url: str) -> None:
    """The report published on the partnership's website (004 section 14.4): when and
    where, for now."""
    address = _checked_url(url)
    _dated_step(lcspr, actor, "record_publication", "published_on", published_on,
                "The date the report was published",
                f"Report published on {long_date(published_on)} at {address}",
                published_url=address)


@workflow.atomic()
def record_not_published(*, lcspr: Lcspr, actor: User, justification: str,
                         sent_on: date) -> None:
    """The partners decided not to publish the report (004 section 15.3): the justification,
    and the date it was set out to the National Panel and the Secretary of State."""
    why = _required(justification, "Enter the justification for not publishing")
    _dated_step(lcspr, actor, "decide_not_to_publish", "justification_sent_on", sent_on,
                "The date the justification was set out",
                f"Not published. Justification set out to the National Panel and the "
                f"Secretary of State on {long_date(sent_on)}: {why}",
                not_published_justification=why)


# The end: closed, withdrawn or merged. The reviewer's commission ends with it.

def _ended(lcspr: Lcspr, actor: User, words: str) -> None:
    case = lcspr.case
    if workflow.can(case, "lcspr_ended", actor):
        workflow.perform(case, "lcspr_ended", actor=actor, reason=words)


@workflow.atomic()
def close_lcspr(*, lcspr: Lcspr, actor: User, closed_on: date) -> None:
    """Close the review once its report is published or the decision not to publish is
    recorded (004 section 16): the reviewer's commission ends."""
    _dated_step(lcspr, actor, "close", "closed_on", closed_on,
                "The date the review was closed", f"LCSPR closed on {long_date(closed_on)}")
    _end_commission(lcspr, actor, closed_on, "The LCSPR was closed")
    _ended(lcspr, actor, f"LCSPR closed on {long_date(closed_on)}")


@workflow.atomic()
def withdraw_lcspr(*, lcspr: Lcspr, actor: User, reason: str) -> None:
    """Withdraw the review, with the reason (for example, the National Panel will undertake
    a national review): the reviewer's commission ends."""
    workflow.check(lcspr, "withdraw", actor)
    why = _required(reason, "Enter why the LCSPR is withdrawn")
    workflow.perform(lcspr, "withdraw", actor=actor, reason=why, ended_reason=why)
    _end_commission(lcspr, actor, today(), "The LCSPR was withdrawn")
    _ended(lcspr, actor, f"LCSPR withdrawn: {why}")


@workflow.atomic()
def merge_lcspr(*, lcspr: Lcspr, actor: User, merged_with: str, reason: str) -> None:
    """Merge the review with another (004 sections 11.3-11.4: a joint review with a
    safeguarding adult review or a domestic homicide review, one body leading; or a
    thematic review of several cases), with the reason: the reviewer's commission ends."""
    workflow.check(lcspr, "merge", actor)
    other = _required(merged_with, "Say which review it is merged with")
    why = _required(reason, "Enter why the LCSPR is merged")
    workflow.perform(lcspr, "merge", actor=actor, reason=f"Merged with {other}: {why}",
                     merged_with=other, ended_reason=why)
    _end_commission(lcspr, actor, today(), f"The LCSPR was merged with {other}")
    _ended(lcspr, actor, f"LCSPR merged with {other}: {why}")


@workflow.atomic()
def correct_lcspr_date(*, lcspr: Lcspr, actor: User, field: str, new_date: date,
                       reason: str) -> None:
    """The business unit corrects a date recorded on the review (``field``: a key of
    ``lcspr_timeline(lcspr).correctable()``: the decision, the commission, each recipient
    told...), giving a reason; the date keeps its order with its neighbours, the log keeps
    the reason, and the clocks are recomputed (the six months move with the decision)."""
    workflow.check(_fresh(lcspr), "correct_date", actor)
    workflow.lock(lcspr)
    event, logged = checked_correction(lcspr_timeline, lcspr, field, new_date, reason)
    changes = {event.field: new_date} if event.row is lcspr else {}
    workflow.perform(lcspr, "correct_date", actor=actor, reason=logged, **changes)
    if event.row is not lcspr:
        setattr(event.row, event.field, new_date)
        changed_by(event.row, actor).save(update_fields=[event.field])
        _fresh(lcspr)  # the clocks, brought up to date last, read the corrected row
