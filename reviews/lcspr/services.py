"""Every change to an LCSPR, each through the workflow (reviews/lcspr/workflow.py), each
taking plain data."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator

from cases import services as cases
from cases.models import Case
from deadlines.models import Clock, DelayReason
from deadlines.services import record_removed, sync
from reviews.rapid_review import services as rapid_review
from reviews.rapid_review.models import ParallelProcess, RapidReview
from safeguarding import workflow
from safeguarding.choices import YesNo
from safeguarding.dates import checked_correction, long_date, not_before, not_in_future, today
from safeguarding.history import changed_by
from safeguarding.models import Role, User
from safeguarding.rows import RowChange, save_rows
from safeguarding.workflow import TransitionNotAllowed

from .dates import COMMISSIONED, LCSPR_DATES, current_commission, lcspr_timeline, told_key
from .models import (
    DisclosureRequest,
    GovernanceMeeting,
    GovernanceMember,
    Lcspr,
    LcsprNotice,
    LcsprParallelProcess,
    ProgressReport,
    ProgressRequest,
    ReviewerCommission,
    TermsOfReference,
)
from .reports.services import latest_sign_off
from .reports.workflow import current_version
from .workflow import ACTIVE, LCSPR, not_told

S = Lcspr.Status
About = LcsprNotice.About
Recipient = LcsprNotice.Recipient




# The partners' decision to initiate the review.

@workflow.atomic()
def open_lcspr(*, case: Case, actor: User, decided_on: date, note: str = "") -> Lcspr:
    """The LCSPR of a case whose rapid review concluded with an LCSPR, from the date of the
    partners' decision to initiate it (004 section 15.5: the six months to publication run
    from it). What the rapid review recorded carries over: the reviewer it recommended, its
    key lines of enquiry and parallel processes, and the chair of its panel."""
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
    _carry_over(lcspr, review, actor)  # terms of reference and parallel processes
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


def _tell(lcspr: Lcspr, actor: User, about: str, recipients: Iterable[str],
          told_on: date) -> list[LcsprNotice]:
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
    name = "tell_of_decision" if about == About.DECISION else "tell_of_reviewer"
    workflow.perform(workflow.fresh(lcspr), name, actor=actor, reason=words)
    made = []
    for recipient in chosen:
        notice = LcsprNotice(lcspr=lcspr, about=about, commission=commission,
                             recipient=recipient, told_on=told_on, recorded_by=actor)
        changed_by(notice, actor).save()
        made.append(notice)
    complete = "all_told_of_decision" if about == About.DECISION else "all_told_of_reviewer"
    if workflow.can(workflow.fresh(lcspr), complete, actor):
        workflow.perform(lcspr, complete, actor=actor, reason=words)
    return made


@workflow.atomic()
def record_decision_told(*, lcspr: Lcspr, actor: User, recipients: Iterable[str],
                         told_on: date) -> list[LcsprNotice]:
    """The recipients told, on ``told_on``, of the decision to hold the review (each of the
    National Panel, Ofsted and DfE once)."""
    workflow.check(workflow.fresh(lcspr), "tell_of_decision", actor)
    workflow.lock(lcspr)
    return _tell(workflow.fresh(lcspr), actor, About.DECISION, recipients, told_on)


@workflow.atomic()
def record_reviewer_told(*, lcspr: Lcspr, actor: User, recipients: Iterable[str],
                         told_on: date) -> list[LcsprNotice]:
    """The recipients told, on ``told_on``, of the reviewer commissioned now."""
    workflow.check(workflow.fresh(lcspr), "tell_of_reviewer", actor)
    workflow.lock(lcspr)
    return _tell(workflow.fresh(lcspr), actor, About.REVIEWER, recipients, told_on)


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
        workflow.required(procurement_details, "Say how the reviewer is commissioned")
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
    notes = workflow.required(assessment_notes, "Enter the evidence considered")
    what = "The date of the assessment"
    not_in_future(assessed_on, what)
    not_before(assessed_on, lcspr.decided_on, what, LCSPR_DATES["decided_on"][1])
    declared = ReviewerCommission.Conflict(conflict)
    if declared == ReviewerCommission.Conflict.NONE:
        conflict_details = conflict_decision = conflict_reason = ""
    else:
        workflow.required(conflict_details,
                          "Describe the conflict of interest the reviewer declared")
        if not conflict_decision:
            raise ValidationError("Record the partners' decision on the conflict of interest")
        ReviewerCommission.ConflictDecision(conflict_decision)
        workflow.required(conflict_reason, "Give the reason for the partners' decision on the "
                                   "conflict of interest, and how it is managed")
    commission = ReviewerCommission(
        lcspr=lcspr, reviewer=reviewer, assessed_on=assessed_on, assessed_by=actor,
        assessment_notes=notes, conflict=declared, conflict_details=conflict_details.strip(),
        conflict_decision=conflict_decision, conflict_reason=conflict_reason.strip(),
        **answers)
    unmet = commission.unmet_criteria
    words = (f"{reviewer.full_name}: " + ("meets every criterion for a reviewer" if not unmet
                                          else f"does not meet: {'; '.join(unmet)}"))
    if declared != ReviewerCommission.Conflict.NONE:
        words += (f". {declared.label} declared; the partners decided: "
                  f"{commission.get_conflict_decision_display().lower()}")
    workflow.perform(lcspr, "assess_reviewer", actor=actor, reason=words)
    changed_by(commission, actor).save()
    return commission


def _end_commission(lcspr: Lcspr, actor: User, ended_on: date, why: str) -> None:
    commission = current_commission(workflow.fresh(lcspr))
    if commission is None:
        return
    commission.ended_on, commission.ended_reason = ended_on, why
    changed_by(commission, actor).save(update_fields=["ended_on", "ended_reason"])
    workflow.fresh(lcspr)


@workflow.atomic()
def commission_reviewer(*, lcspr: Lcspr, actor: User, commission: ReviewerCommission,
                        commissioned_on: date) -> None:
    """Commission a reviewer assessed for this review: from then until their commission ends,
    they read this review and its case (and nothing else)."""
    workflow.check(workflow.fresh(lcspr), "commission_reviewer", actor)
    workflow.lock(lcspr)
    commission = ReviewerCommission.objects.select_related("reviewer").get(pk=commission.pk)
    if commission.lcspr_id != lcspr.pk or not commission.may_be_commissioned:
        raise ValidationError("Choose a reviewer assessed as meeting the criteria, with no "
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
    workflow.fresh(lcspr)
    case = lcspr.case
    if workflow.can(case, "lcspr_under_way", actor):
        workflow.perform(case, "lcspr_under_way", actor=actor,
                         reason=f"The reviewer was commissioned on {long_date(commissioned_on)}")


@workflow.atomic()
def end_commission(*, lcspr: Lcspr, actor: User, ended_on: date, reason: str) -> None:
    """The partners end the reviewer's commission (they step down, or a conflict comes to
    light): from then the reviewer sees nothing of the review, and another is commissioned."""
    workflow.check(workflow.fresh(lcspr), "end_commission", actor)
    why = workflow.required(reason, "Enter why the commission ends")
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


# A draft report is a version uploaded: reviews.lcspr.reports.services.upload_report_version.


@workflow.atomic()
def record_final_sign_off(*, lcspr: Lcspr, actor: User, signed_off_on: date) -> None:
    """The business unit records the final report signed off (004 section 16.1), once the
    three safeguarding partners and the independent scrutineer have each signed off its
    current version and none declines it (reviews/lcspr/reports: the step requires it): on
    a day no earlier than the last of their signatures, and not in the future."""
    workflow.check(workflow.fresh(lcspr), "sign_off_final_report", actor)
    workflow.lock(lcspr)
    what = "The date the final report was signed off"
    not_in_future(signed_off_on, what)
    lcspr_timeline(lcspr, {"final_signed_off_on": signed_off_on}).check("final_signed_off_on")
    version = current_version(lcspr)
    number = version.number if version else 0
    not_before(signed_off_on, latest_sign_off(lcspr), what,
               f"the last signature on version {number} was given")
    workflow.perform(workflow.fresh(lcspr), "sign_off_final_report", actor=actor,
                     reason=f"Final report (version {number}) signed off on "
                            f"{long_date(signed_off_on)}", final_signed_off_on=signed_off_on)


# Publication (004 sections 14.4, 14.6-14.7, 15.2-15.5).

PUBLICATION_WORDS = {Lcspr.Publication.FULL: "publish the report in full",
                     Lcspr.Publication.LEARNING: "publish the learning and improvements only",
                     Lcspr.Publication.NONE: "not publish"}


@workflow.atomic()
def decide_publication(*, lcspr: Lcspr, actor: User, decision: str, decided_on: date,
                       planned_on: date | None = None, justification: str = "") -> None:
    """The partners' and independent scrutineer's decision to publish the report in full,
    its learning and improvements only, or not at all (004 section 15.2), with the planned
    publication date when they publish: the copy to the National Panel, the Secretary of
    State and Ofsted is due 7 working days before it (004 section 14.7). Anything short of
    the full report needs the justification set out to the Panel and the Secretary of State
    (004 sections 14.4 and 15.3). Made again to move the planned date: the copy's clock
    moves with it."""
    workflow.check(workflow.fresh(lcspr), "decide_publication", actor)
    chosen = Lcspr.Publication(decision)
    not_in_future(decided_on, "The date of the decision on publication")
    not_before(decided_on, lcspr.decided_on, "The date of the decision on publication",
               LCSPR_DATES["decided_on"][1])
    why = justification.strip()
    if chosen == Lcspr.Publication.FULL:
        why = ""
    elif not why:
        raise ValidationError("Enter the justification for not publishing the full report, "
                              "set out to the National Panel and the Secretary of State")
    if chosen == Lcspr.Publication.NONE:
        planned_on = None
    elif planned_on is None:
        raise ValidationError("Enter the planned publication date")
    else:
        not_before(planned_on, decided_on, "The planned publication date",
                   "the decision on publication")
        not_before(planned_on, lcspr.sent_on, "The planned publication date",
                   LCSPR_DATES["sent_on"][1])
    words = f"The partners decided to {PUBLICATION_WORDS[chosen]}"
    if planned_on:
        words += f", planned for {long_date(planned_on)}"
        before = lcspr.planned_publication_on
        if before and before != planned_on and lcspr.publication_decision in (
                Lcspr.Publication.FULL, Lcspr.Publication.LEARNING):
            words += f" (moved from {long_date(before)})"
    if why:
        words += f". Justification: {why}"
    workflow.perform(lcspr, "decide_publication", actor=actor, reason=words,
                     publication_decision=chosen, publication_decided_on=decided_on,
                     planned_publication_on=planned_on, not_published_justification=why)


@workflow.atomic()
def record_report_sent(*, lcspr: Lcspr, actor: User, sent_on: date) -> None:
    """The final report (or, when only the learning is published, that) sent to the
    National Panel, the Secretary of State and Ofsted (004 section 14.7): no later than 7
    working days before the planned publication date. A copy sent later is recorded, and
    its clock shows it met late."""
    from deadlines.services import due_date

    from .clocks import planned_publication

    words = (f"Final report sent to the National Panel, the Secretary of State and Ofsted "
             f"on {long_date(sent_on)}")
    planned = planned_publication(lcspr)
    clock = Clock.objects.filter(code="final_report_to_panel").first()
    if planned and clock:
        due = due_date(clock, planned)
        words += (f", for publication on {long_date(planned)}: due by {long_date(due)}"
                  + (", sent late" if sent_on > due else ""))
    _dated_step(lcspr, actor, "record_report_sent", "sent_on", sent_on,
                "The date the final report was sent", words)


def _checked_url(url: str) -> str:
    url = workflow.required(url, "Enter the web address where it is published")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise ValidationError("Enter the web address in the right format, like "
                              "https://www.example.org") from error
    return url


@workflow.atomic()
def record_publication(*, lcspr: Lcspr, actor: User, published_on: date, url: str,
                       reviewer_name: str = "") -> None:
    """The report (or its learning and improvements) published on the partnership's
    website (004 section 14.4): when, where, and the reviewer's name, which is published
    (by default the reviewer commissioned). It stays online at least a year."""
    address = _checked_url(url)
    name = reviewer_name.strip()
    if not name:
        commission = current_commission(workflow.fresh(lcspr))
        name = commission.reviewer.full_name if commission else ""
    name = workflow.required(name, "Enter the reviewer's name as published")
    what = ("Learning and improvements published" if lcspr.publication_decision
            == Lcspr.Publication.LEARNING else "Report published")
    _dated_step(lcspr, actor, "record_publication", "published_on", published_on,
                "The date the report was published",
                f"{what} on {long_date(published_on)} at {address}, naming the reviewer, "
                f"{name}", published_url=address, published_reviewer_name=name)


@workflow.atomic()
def record_not_published(*, lcspr: Lcspr, actor: User, sent_on: date,
                         justification: str = "") -> None:
    """The partners' decision not to publish the report, nor information about the
    improvements (004 section 15.3): the date its justification (as decided, or as given
    here) was set out to the National Panel and the Secretary of State."""
    workflow.check(lcspr, "decide_not_to_publish", actor)
    why = workflow.required(justification or lcspr.not_published_justification,
                    "Enter the justification for not publishing")
    _dated_step(lcspr, actor, "decide_not_to_publish", "justification_sent_on", sent_on,
                "The date the justification was set out",
                f"Not published. Justification set out to the National Panel and the "
                f"Secretary of State on {long_date(sent_on)}: {why}",
                not_published_justification=why)


@workflow.atomic()
def record_publication_delay(*, lcspr: Lcspr, actor: User, kind: str, told_on: date,
                             text: str = "") -> None:
    """The reason publication will miss the six months from the decision to initiate the
    review (criminal proceedings, an inquest, or another reason in words), and when the
    National Panel and the Secretary of State were told of it (004 section 15.5). It is
    the review's reason for the delay of its six-month clock."""
    workflow.check(lcspr, "record_publication_delay", actor)
    if kind not in DelayReason.Kind.values:
        raise ValidationError("Choose why publication is delayed")
    words = text.strip()
    if kind == DelayReason.Kind.OTHER and not words:
        raise ValidationError("Enter the reason for the delay")
    what = "The date the Panel and the Secretary of State were told"
    not_in_future(told_on, what)
    not_before(told_on, lcspr.decided_on, what, LCSPR_DATES["decided_on"][1])
    summary = DelayReason(kind=kind, text=words).summary
    workflow.perform(lcspr, "record_publication_delay", actor=actor,
                     reason=f"Told on {long_date(told_on)}: {summary}", delay_kind=kind,
                     delay_text=words, delay_told_on=told_on)


@workflow.atomic()
def record_panel_comments(*, lcspr: Lcspr, actor: User, comments: str,
                          received_on: date) -> None:
    """The comments the National Panel or the Secretary of State made on publication, to
    which the partners have regard (004 section 15.3)."""
    workflow.check(lcspr, "record_panel_comments", actor)
    words = workflow.required(comments, "Enter their comments")
    what = "The date their comments were received"
    not_in_future(received_on, what)
    not_before(received_on, lcspr.sent_on, what, LCSPR_DATES["sent_on"][1])
    workflow.perform(lcspr, "record_panel_comments", actor=actor,
                     reason=f"Received on {long_date(received_on)}: {words}",
                     panel_comments=words, panel_comments_on=received_on)


@workflow.atomic()
def record_removal(*, lcspr: Lcspr, actor: User, removed_on: date, reason: str = "") -> None:
    """The published report taken down from the website. It is kept online at least a
    year from publication (004 section 14.4; the local policy may say longer, never
    less): taken down sooner, the reason is required and its clock shows it."""
    from .clocks import online_until

    workflow.check(lcspr, "record_removal", actor)
    what = "The date it was taken down"
    not_in_future(removed_on, what)
    not_before(removed_on, lcspr.published_on, what, LCSPR_DATES["published_on"][1])
    until = online_until(lcspr)
    why = reason.strip()
    if until and removed_on < until and not why:
        raise ValidationError(f"The report is kept online at least until {long_date(until)}: "
                              "enter why it was taken down sooner")
    workflow.perform(lcspr, "record_removal", actor=actor,
                     reason=f"Taken down on {long_date(removed_on)}"
                            + (f": {why}" if why else ""),
                     removed_on=removed_on, removed_reason=why)


# Disclosure and media (004 sections 13, 15.1, 15.4).

@workflow.atomic()
def record_disclosure_request(*, lcspr: Lcspr, actor: User, requester: str,
                              received_on: date, documents: str,
                              requester_details: str = "") -> DisclosureRequest:
    """A request for the review's documents from the coroner (004 section 13.4: considered
    case by case, with legal advice on Public Interest Immunity), the police or another.
    Who asked is recorded by their office, never a family member's name."""
    workflow.check(lcspr, "record_disclosure_request", actor)
    who = DisclosureRequest.Requester(requester)
    details = requester_details.strip()
    if who == DisclosureRequest.Requester.OTHER:
        workflow.required(details, "Say who asked for the documents")
    asked = workflow.required(documents, "Enter the documents asked for")
    what = "The date the request was received"
    not_in_future(received_on, what)
    not_before(received_on, lcspr.decided_on, what, LCSPR_DATES["decided_on"][1])
    request = DisclosureRequest(lcspr=lcspr, requester=who, requester_details=details,
                                received_on=received_on, documents=asked, recorded_by=actor)
    workflow.perform(lcspr, "record_disclosure_request", actor=actor,
                     reason=f"{who.label}{f' ({details})' if details else ''} asked on "
                            f"{long_date(received_on)} for: {asked}")
    changed_by(request, actor).save()
    return request


@workflow.atomic()
def decide_disclosure_request(*, lcspr: Lcspr, actor: User, request: DisclosureRequest,
                              outcome: str, decided_on: date, reason: str,
                              legal_advice: str = "",
                              legal_advice_on: date | None = None) -> None:
    """The partners' decision on a request for documents, with the legal advice they
    sought (004 section 13.4: required for the coroner's requests)."""
    workflow.check(workflow.fresh(lcspr), "decide_disclosure_request", actor)
    request = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
    if request.lcspr_id != lcspr.pk or request.outcome:
        raise ValidationError("Choose a request of this review still waiting for a decision")
    decision = _checked_disclosure_decision(request, outcome, decided_on, reason,
                                            legal_advice, legal_advice_on)
    workflow.perform(lcspr, "decide_disclosure_request", actor=actor,
                     reason=f"{request.get_requester_display()}'s request of "
                            f"{long_date(request.received_on)}: {_decided(decision)}")
    _save_disclosure_decision(request, decision, actor)
    workflow.fresh(lcspr)


def _checked_disclosure_decision(request: DisclosureRequest, outcome: str, decided_on: date,
                                 reason: str, legal_advice: str,
                                 legal_advice_on: date | None) -> dict[str, Any]:
    """The decision on a request as it will be kept, once every rule is met (004 section
    13.4: legal advice on the coroner's requests)."""
    decided = DisclosureRequest.Outcome(outcome)
    why = workflow.required(reason, "Enter the reason for the decision")
    advice = legal_advice.strip()
    if request.requester == DisclosureRequest.Requester.CORONER and not advice:
        raise ValidationError("Enter the legal advice sought on the coroner's request")
    if advice and legal_advice_on is None:
        raise ValidationError("Enter the date of the legal advice")
    received = "the request was received"
    not_in_future(legal_advice_on, "The date of the legal advice")
    not_before(legal_advice_on, request.received_on, "The date of the legal advice", received)
    not_in_future(decided_on, "The date of the decision")
    not_before(decided_on, request.received_on, "The date of the decision", received)
    not_before(decided_on, legal_advice_on, "The date of the decision",
               "the legal advice was given")
    return {"outcome": decided, "decided_on": decided_on, "decision_reason": why,
            "legal_advice": advice, "legal_advice_on": legal_advice_on if advice else None}


def _decided(decision: dict[str, Any], *, with_reason: bool = True) -> str:
    """"not disclosed on 10 June 2024. The reason"."""
    outcome = DisclosureRequest.Outcome(decision["outcome"]).label.lower()
    words = f"{outcome} on {long_date(decision['decided_on'])}"
    return f"{words}. {decision['decision_reason']}" if with_reason else words


def _save_disclosure_decision(request: DisclosureRequest, decision: dict[str, Any],
                              actor: User) -> None:
    for name, value in decision.items():
        setattr(request, name, value)
    changed_by(request, actor).save()


@workflow.atomic()
def change_disclosure_decision(*, lcspr: Lcspr, actor: User, request: DisclosureRequest,
                               outcome: str, decided_on: date, reason: str, change_reason: str,
                               legal_advice: str = "",
                               legal_advice_on: date | None = None) -> None:
    """A decision on a request for documents is changed until the report is sent (new legal
    advice, a court's direction), with the reason for the change: the decision log says
    what it was and why it changed; the request's history keeps it."""
    workflow.check(workflow.fresh(lcspr), "change_disclosure_decision", actor)
    request = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
    if request.lcspr_id != lcspr.pk or not request.outcome:
        raise ValidationError("Choose a request of this review with a decision recorded")
    why = workflow.required(change_reason, "Enter why the decision is changed")
    decision = _checked_disclosure_decision(request, outcome, decided_on, reason,
                                            legal_advice, legal_advice_on)
    if all(getattr(request, name) == value for name, value in decision.items()):
        raise ValidationError("Nothing was changed: change the decision, its date, its reason "
                              "or the legal advice")
    was = {"outcome": request.outcome, "decided_on": request.decided_on}
    workflow.perform(lcspr, "change_disclosure_decision", actor=actor,
                     reason=f"{request.get_requester_display()}'s request of "
                            f"{long_date(request.received_on)}: the decision changed from "
                            f"{_decided(was, with_reason=False)} to "
                            f"{_decided(decision).rstrip('.')}. Why it changed: {why}")
    _save_disclosure_decision(request, decision, actor)
    workflow.fresh(lcspr)


@workflow.atomic()
def agree_media_strategy(*, lcspr: Lcspr, actor: User, strategy: str, agreed_on: date,
                         approved_on: date) -> None:
    """The media strategy considered by the governance group at the start, once the review
    is commissioned, and approved by the safeguarding partners (004 section 15.1). Made
    again when it changes."""
    workflow.check(lcspr, "agree_media_strategy", actor)
    words = workflow.required(strategy, "Enter the media strategy")
    agreed, approved = "The date the strategy was considered", "The date it was approved"
    not_in_future(agreed_on, agreed)
    not_before(agreed_on, lcspr.decided_on, agreed, LCSPR_DATES["decided_on"][1])
    not_in_future(approved_on, approved)
    not_before(approved_on, agreed_on, approved, "the strategy was considered")
    workflow.perform(lcspr, "agree_media_strategy", actor=actor,
                     reason=f"Considered on {long_date(agreed_on)}, approved by the "
                            f"safeguarding partners on {long_date(approved_on)}",
                     media_strategy=words, media_strategy_agreed_on=agreed_on,
                     media_strategy_approved_on=approved_on)


@workflow.atomic()
def record_press_statement(*, lcspr: Lcspr, actor: User, statement: str,
                           released_on: date) -> None:
    """The press statement released at publication through the communications team: the
    reason for the review, the key findings and the required actions (004 section 15.4)."""
    workflow.check(lcspr, "record_press_statement", actor)
    words = workflow.required(statement, "Enter the press statement")
    what = "The date the press statement was released"
    not_in_future(released_on, what)
    not_before(released_on, lcspr.sent_on, what, LCSPR_DATES["sent_on"][1])
    workflow.perform(lcspr, "record_press_statement", actor=actor,
                     reason=f"Released on {long_date(released_on)}",
                     press_statement=words, press_statement_on=released_on)


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
    why = workflow.required(reason, "Enter why the LCSPR is withdrawn")
    workflow.perform(lcspr, "withdraw", actor=actor, reason=why, ended_reason=why)
    _end_commission(lcspr, actor, today(), "The LCSPR was withdrawn")
    _ended(lcspr, actor, f"LCSPR withdrawn: {why}")


@workflow.atomic()
def merge_lcspr(*, lcspr: Lcspr, actor: User, merged_with: str, reason: str) -> None:
    """Merge the review with another (004 sections 11.3-11.4: a joint review with a
    safeguarding adult review or a domestic homicide review, one body leading; or a
    thematic review of several cases), with the reason: the reviewer's commission ends."""
    workflow.check(lcspr, "merge", actor)
    other = workflow.required(merged_with, "Say which review it is merged with")
    why = workflow.required(reason, "Enter why the LCSPR is merged")
    workflow.perform(lcspr, "merge", actor=actor, reason=f"Merged with {other}: {why}",
                     merged_with=other, ended_reason=why)
    _end_commission(lcspr, actor, today(), f"The LCSPR was merged with {other}")
    _ended(lcspr, actor, f"LCSPR merged with {other}: {why}")


def end_with_the_case(*, case: Case, actor: User, reason: str,
                      merged_into: Case | None = None) -> None:
    """Called when the case is withdrawn, or merged as a duplicate of another: its LCSPR,
    while it is active, is withdrawn (merged) with it, with the same reason, through its own
    workflow (its reviewer's commission and its clocks end with it)."""
    lcspr = Lcspr.objects.select_related("case").filter(case=case).first()
    if lcspr is None or lcspr.status not in ACTIVE:
        return
    if merged_into is None:
        withdraw_lcspr(lcspr=lcspr, actor=actor, reason=reason)
        return
    other = getattr(merged_into, "lcspr", None)
    merge_lcspr(lcspr=lcspr, actor=actor, reason=reason,
                merged_with=f"the LCSPR of {merged_into.reference}" if other is not None
                else f"the case {merged_into.reference}")


cases.when_withdrawn_or_merged(end_with_the_case)


@workflow.atomic()
def correct_lcspr_date(*, lcspr: Lcspr, actor: User, field: str, new_date: date,
                       reason: str) -> None:
    """The business unit corrects a date recorded on the review (``field``: a key of
    ``lcspr_timeline(lcspr).correctable()``: the decision, the commission, each recipient
    told...), giving a reason; the date keeps its order with its neighbours, the log keeps
    the reason, and the clocks are recomputed (the six months move with the decision)."""
    workflow.check(workflow.fresh(lcspr), "correct_date", actor)
    workflow.lock(lcspr)
    event, logged = checked_correction(lcspr_timeline, lcspr, field, new_date, reason)
    changes = {event.field: new_date} if event.row is lcspr else {}
    workflow.perform(lcspr, "correct_date", actor=actor, reason=logged, **changes)
    if event.row is not lcspr:
        setattr(event.row, event.field, new_date)
        changed_by(event.row, actor).save(update_fields=[event.field])
        workflow.fresh(lcspr)  # the clocks, brought up to date last, read the corrected row


# Terms of reference and governance (004 sections 8.2-8.6, 9.1; 001) and the parallel
# processes (004 section 11): issue 13 items 4 and 6.

GOVERNANCE_MEMBER_FIELDS = ("user", "name", "agency", "job_title", "role")
MILESTONE_FIELDS = ("name", "due_on", "done_on")
LCSPR_PROCESS_FIELDS = ("kind", "other_kind", "lead", "chair", "chair_contacted_on",
                        "progress", "coordination", "reports", "coordination_notes",
                        "timescales_effect", "disclosure_effect", "notes")
CARRIED_PROCESS_FIELDS = ("kind", "other_kind", "lead", "progress", "notes")
DECIDED = LCSPR_DATES["decided_on"][1]


def _carry_over(lcspr: Lcspr, review: RapidReview | None, actor: User) -> TermsOfReference:
    """What the rapid review set out carries over when the review opens: the key lines of
    enquiry (001: "set out in the conclusion to the rapid review"), the methodology the
    panel recommended (004 section 6.8) as the first words of why, and its parallel
    processes, copied to the review's own rows with a link back (the rapid review keeps
    what it sent to the National Panel; the review's rows go on from there)."""
    reason = ""
    if review is not None and review.recommended_methodology.strip():
        reason = f"The rapid review panel recommended: {review.recommended_methodology.strip()}"
    terms = TermsOfReference(lcspr=lcspr, methodology_reason=reason,
                             key_lines_of_enquiry=review.key_lines_of_enquiry
                             if review is not None else "")
    changed_by(terms, actor).save()
    if review is not None:
        chair = _rapid_review_chair(review)
        if chair is not None:
            changed_by(GovernanceMember(lcspr=lcspr, role=GovernanceMember.Role.CHAIR,
                                        **chair), actor).save()
        for process in review.parallel_processes.all():
            changed_by(LcsprParallelProcess(
                lcspr=lcspr, carried_from=process,
                **{name: getattr(process, name) for name in CARRIED_PROCESS_FIELDS}),
                actor).save()
    return terms


def _rapid_review_chair(review: RapidReview) -> dict[str, Any] | None:
    """The chair of the rapid review panel, who chairs the governance group (004 section
    9.1): the chair who recorded the panel's recommendation, else the panel chair chosen
    for its panel, else the chair in its record of attendance (by name)."""
    recorded_by = review.recommended_by
    if recorded_by is not None and recorded_by.role == Role.PANEL_CHAIR:
        return {"user": recorded_by}
    chair = next((user for user in review.panel.all() if user.role == Role.PANEL_CHAIR), None)
    if chair is not None:
        return {"user": chair}
    row = review.attendance.filter(panel_role="chair").first()
    if row is not None:
        return {"name": row.name, "agency": row.agency, "job_title": row.job_title}
    return None


def _terms(lcspr: Lcspr, actor: User) -> TermsOfReference:
    """The review's terms of reference (made, with what carries over, for a review opened
    before they were kept and not yet given them by the migration)."""
    terms = TermsOfReference.objects.filter(lcspr=lcspr).first()
    if terms is None:
        terms = _carry_over(lcspr, getattr(lcspr.case, "rapid_review", None), actor)
    lcspr.terms = terms
    return terms


@workflow.atomic()
def set_terms_of_reference(*, lcspr: Lcspr, actor: User, scope: str, period_from: date,
                           period_to: date, key_lines_of_enquiry: str, methodology: str,
                           methodology_reason: str,
                           other_methodology: str = "") -> TermsOfReference:
    """The scope and the period the review looks at, its key lines of enquiry (carried over
    from the rapid review, changed here), and the methodology and why (004 section 8.2; 003:
    a case-authored review, a thematic review, a multi-agency audit, a learning event).
    Changed until the terms of reference are agreed."""
    workflow.check(workflow.fresh(lcspr), "set_terms_of_reference", actor)
    workflow.lock(lcspr)
    values = {
        "scope": workflow.required(scope, "Enter the scope of the review"),
        "key_lines_of_enquiry": workflow.required(key_lines_of_enquiry,
                                          "Enter the key lines of enquiry"),
        "methodology_reason": workflow.required(methodology_reason,
                                        "Say why this methodology was chosen"),
    }
    chosen = TermsOfReference.Methodology(methodology)
    other = ""
    if chosen == TermsOfReference.Methodology.OTHER:
        other = workflow.required(other_methodology, "Say which other methodology")
    not_in_future(period_to, "The date the period under review ends")
    not_before(period_to, period_from, "The date the period under review ends",
               "it starts")
    terms = _terms(lcspr, actor)
    for name, value in {**values, "period_from": period_from, "period_to": period_to,
                        "methodology": chosen, "other_methodology": other}.items():
        setattr(terms, name, value)
    workflow.perform(lcspr, "set_terms_of_reference", actor=actor,
                     reason=f"Period under review {long_date(period_from)} to "
                            f"{long_date(period_to)}; methodology: {terms.methodology_name}")
    changed_by(terms, actor).save()
    return terms


def _check_member(values: dict[str, Any]) -> None:
    if "role" in values:
        GovernanceMember.Role(values["role"])
    user = values.get("user")
    if user is not None:
        if not user.is_active:
            raise ValidationError("Choose a person whose account is active")
    elif "user" in values or "name" in values:
        if not str(values.get("name", "")).strip():
            raise ValidationError("Choose a person with an account, or enter their name")
        if values.get("agency") is None:
            raise ValidationError("Choose the agency of a person without an account")


@workflow.atomic()
def record_governance_group(*, lcspr: Lcspr, actor: User,
                            members: Iterable[RowChange]) -> None:
    """The governance group's members (004 section 9.1: chaired by the chair of the rapid
    review panel, who is its first member when the review opens): the changes to its rows,
    each a person with an account or someone named with their agency. One chair at most."""
    workflow.check(workflow.fresh(lcspr), "record_governance_group", actor)
    workflow.lock(lcspr)
    members = list(members)
    for change in members:
        if not change.delete:
            _check_member(dict(change.values))
    removed = {change.pk for change in members if change.delete}

    def attended_a_meeting(row: GovernanceMember) -> str:
        if row.pk in removed and row.meetings.exists():
            return f"{row.display_name} attended a meeting of the group: they stay on it"
        return ""

    save_rows(lcspr.governance_members, members, actor=actor,
              fields=GOVERNANCE_MEMBER_FIELDS, refuse=attended_a_meeting)
    now = list(lcspr.governance_members.select_related("user__agency", "agency"))
    chairs = [member for member in now if member.role == GovernanceMember.Role.CHAIR]
    if len(chairs) > 1:
        raise ValidationError("The governance group has one chair: choose one")
    words = f"Governance group of {len(now)}" + (
        f", chaired by {chairs[0].display_name}" if chairs else ", with no chair yet")
    workflow.perform(workflow.fresh(lcspr), "record_governance_group", actor=actor, reason=words)


@workflow.atomic()
def record_governance_meeting(*, lcspr: Lcspr, actor: User, held_on: date,
                              attended: Iterable[GovernanceMember], notes: str,
                              others_present: str = "") -> GovernanceMeeting:
    """A meeting of the governance group: when, which of its members attended (and anyone
    else present, such as the reviewer), and its notes and decisions."""
    workflow.check(workflow.fresh(lcspr), "record_governance_meeting", actor)
    members = {member.pk: member for member in lcspr.governance_members.all()}
    chosen = list(attended)
    if not chosen:
        raise ValidationError("Choose who attended")
    if any(member.pk not in members for member in chosen):
        raise ValidationError("Choose members of this review's governance group")
    present = [members[member.pk] for member in chosen]
    what = "The date of the meeting"
    not_in_future(held_on, what)
    not_before(held_on, lcspr.decided_on, what, DECIDED)
    text = workflow.required(notes, "Enter the notes and decisions of the meeting")
    workflow.perform(lcspr, "record_governance_meeting", actor=actor,
                     reason=f"Governance group met on {long_date(held_on)}; "
                            f"{len(present)} of {len(members)} members attended")
    meeting = GovernanceMeeting(lcspr=lcspr, held_on=held_on, notes=text,
                                others_present=others_present.strip(), recorded_by=actor)
    changed_by(meeting, actor).save()
    meeting.attended.set(present)
    return meeting


@workflow.atomic()
def record_timetable(*, lcspr: Lcspr, actor: User, milestones: Iterable[RowChange]) -> None:
    """The timetable: the changes to its milestones (a name, the date due, the date done).
    Each milestone is its own clock, due on its date; one removed keeps its history."""
    workflow.check(workflow.fresh(lcspr), "record_timetable", actor)
    workflow.lock(lcspr)
    milestones = list(milestones)
    for change in milestones:
        values = change.values
        if "name" in values:
            workflow.required(str(values["name"] or ""), "Enter the milestone")
        if values.get("due_on") is not None:
            not_before(values["due_on"], lcspr.decided_on, "The date a milestone is due",
                       DECIDED)
        if values.get("done_on") is not None:
            not_in_future(values["done_on"], "The date a milestone was done")
            not_before(values["done_on"], lcspr.decided_on, "The date a milestone was done",
                       DECIDED)
    save_rows(lcspr.milestones, milestones, actor=actor, fields=MILESTONE_FIELDS,
              before_delete=lambda row: record_removed(row, "Removed from the timetable"))
    now = list(lcspr.milestones.all())
    for milestone in now:
        workflow.bring_up_to_date(milestone, sync)
    done = sum(1 for milestone in now if milestone.done_on)
    workflow.perform(workflow.fresh(lcspr), "record_timetable", actor=actor,
                     reason=f"Timetable of {len(now)} milestones, {done} done")


@workflow.atomic()
def agree_terms_of_reference(*, lcspr: Lcspr, actor: User, agreed_on: date,
                             agreed_by: str) -> None:
    """The terms of reference agreed: by the governance group (004 section 9.1), the method
    with the reviewer (004 section 8.2), on ``agreed_on``. They are complete first (the
    workflow says what is missing); once agreed they are fixed until they are revised
    (revise_terms_of_reference), then agreed again no earlier than the revision."""
    workflow.check(workflow.fresh(lcspr), "agree_terms_of_reference", actor)
    workflow.lock(lcspr)
    who = workflow.required(agreed_by, "Say who agreed the terms of reference")
    what = "The date the terms of reference were agreed"
    not_in_future(agreed_on, what)
    not_before(agreed_on, lcspr.decided_on, what, DECIDED)
    commission = current_commission(lcspr)
    if commission is not None:
        not_before(agreed_on, commission.commissioned_on, what,
                   "the reviewer was commissioned (the method is agreed with the reviewer)")
    terms = _terms(lcspr, actor)
    not_before(agreed_on, terms.revised_on, what, "they were revised")
    workflow.perform(lcspr, "agree_terms_of_reference", actor=actor,
                     reason=f"Agreed on {long_date(agreed_on)} by {who}")
    terms.agreed_on, terms.agreed_by = agreed_on, who
    changed_by(terms, actor).save(update_fields=["agreed_on", "agreed_by"])


@workflow.atomic()
def revise_terms_of_reference(*, lcspr: Lcspr, actor: User, revised_on: date,
                              reason: str) -> TermsOfReference:
    """The business unit revises the terms of reference agreed, with the reason (004
    sections 8.2-8.4: the scope may change as the review goes on): they are set out again
    and need agreeing again. The version agreed stays in their history and in the decision
    log."""
    workflow.check(workflow.fresh(lcspr), "revise_terms_of_reference", actor)
    workflow.lock(lcspr)
    why = workflow.required(reason, "Enter why the terms of reference are revised")
    terms = _terms(lcspr, actor)
    what = "The date the terms of reference were revised"
    not_in_future(revised_on, what)
    not_before(revised_on, terms.agreed_on, what, "they were agreed")
    agreed = f"agreed on {long_date(terms.agreed_on)} by {terms.agreed_by}" if (
        terms.agreed_on) else "agreed"
    workflow.perform(lcspr, "revise_terms_of_reference", actor=actor,
                     reason=f"Revised on {long_date(revised_on)} (they were {agreed}): {why}")
    terms.agreed_on, terms.agreed_by = None, ""
    terms.revised_on, terms.revised_reason = revised_on, why
    changed_by(terms, actor).save(update_fields=["agreed_on", "agreed_by", "revised_on",
                                                 "revised_reason"])
    return terms


def _after_commission(lcspr: Lcspr, on: date, what: str) -> None:
    not_in_future(on, what)
    commission = current_commission(lcspr)
    if commission is not None:
        not_before(on, commission.commissioned_on, what, "the reviewer was commissioned")


@workflow.atomic()
def ask_reviewer_for_information(*, lcspr: Lcspr, actor: User, requested_on: date,
                                 request: str, reply_by: date | None = None
                                 ) -> ProgressRequest:
    """The partners' written request to the reviewer for information, to assess the
    review's progress and quality (004 section 8.6)."""
    workflow.check(workflow.fresh(lcspr), "ask_reviewer_for_information", actor)
    text = workflow.required(request, "Enter what the reviewer was asked")
    _after_commission(lcspr, requested_on, "The date the reviewer was asked")
    not_before(reply_by, requested_on, "The date a reply is asked for by",
               "the reviewer was asked")
    workflow.perform(lcspr, "ask_reviewer_for_information", actor=actor,
                     reason=f"Reviewer asked in writing on {long_date(requested_on)}"
                            + (f", reply by {long_date(reply_by)}" if reply_by else ""))
    row = ProgressRequest(lcspr=lcspr, requested_on=requested_on, request=text,
                          reply_by=reply_by, recorded_by=actor)
    changed_by(row, actor).save()
    return row


@workflow.atomic()
def record_progress_report(*, lcspr: Lcspr, actor: User, reported_on: date, report: str,
                           in_reply_to: ProgressRequest | None = None) -> ProgressReport:
    """The reviewer's progress report on the review they are commissioned on (004 section
    8.6), in reply to one of the partners' written requests or of their own accord."""
    workflow.check(workflow.fresh(lcspr), "record_progress_report", actor)
    text = workflow.required(report, "Enter the progress report")
    what = "The date of the progress report"
    _after_commission(lcspr, reported_on, what)
    if in_reply_to is not None:
        if in_reply_to.lcspr_id != lcspr.pk:
            raise ValidationError("Choose a request made on this review")
        not_before(reported_on, in_reply_to.requested_on, what, "the reviewer was asked")
    workflow.perform(lcspr, "record_progress_report", actor=actor,
                     reason=f"Progress report of {long_date(reported_on)}"
                            + (f", in reply to the request of "
                               f"{long_date(in_reply_to.requested_on)}" if in_reply_to
                               else ""))
    row = ProgressReport(lcspr=lcspr, reported_on=reported_on, report=text,
                         in_reply_to=in_reply_to, reported_by=actor)
    changed_by(row, actor).save()
    return row


@workflow.atomic()
def record_lcspr_parallel_processes(*, lcspr: Lcspr, actor: User,
                                    processes: Iterable[RowChange]) -> None:
    """The other reviews and investigations beside the LCSPR (004 section 11.1), carried
    over from the rapid review and added to: each with its lead, its chair and when the
    chair of the review contacted them (section 11.1), how the reviews are coordinated and
    with which reports (sections 11.3-11.4), and its effect on timescales and disclosure
    (section 11.5)."""
    workflow.check(workflow.fresh(lcspr), "record_lcspr_parallel_processes", actor)
    workflow.lock(lcspr)
    processes = list(processes)
    for change in processes:
        values = change.values
        if "kind" in values:
            kind = ParallelProcess.Kind(values["kind"])
            if kind == ParallelProcess.Kind.OTHER and not str(
                    values.get("other_kind", "")).strip():
                raise ValidationError("Say what the other review or investigation is")
        if values.get("progress"):
            ParallelProcess.Progress(values["progress"])
        if values.get("coordination"):
            LcsprParallelProcess.Coordination(values["coordination"])
        if values.get("reports"):
            LcsprParallelProcess.Reports(values["reports"])
        not_in_future(values.get("chair_contacted_on"), "The date its chair was contacted")
    save_rows(lcspr.parallel_processes, processes, actor=actor, fields=LCSPR_PROCESS_FIELDS)
    now = [f"{row.name} ({row.get_progress_display().lower()})"
           for row in lcspr.parallel_processes.all()]
    workflow.perform(workflow.fresh(lcspr), "record_lcspr_parallel_processes", actor=actor,
                     reason=f"Parallel processes: {'; '.join(now)}" if now
                     else "No parallel process known")
