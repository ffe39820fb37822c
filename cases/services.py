"""Every change to a case: one function per transition or record, each checking who may act
and from which state, recording the decision with its actor, in one transaction."""

import logging
from collections.abc import Callable, Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from safeguarding import workflow
from safeguarding.dates import checked_correction, long_date, not_in_future
from safeguarding.history import changed_by
from safeguarding.models import Role, User
from safeguarding.permissions import document_kinds

from .dates import acknowledged_key, case_timeline, notified_key
from .models import Case, CaseAccess, Document, Notification, ReferenceCounter
from .uploads import check_upload

logger = logging.getLogger(__name__)


def _require(actor: User, permission: str, record: Case | Document | None = None) -> None:
    if not actor.has_perm(permission, record):
        raise PermissionDenied(f"{permission} refused")


def _next_reference(received_on: date) -> str:
    """SI-2026-0007: sequential within the year, one number per case even when many
    referrals are submitted at once (the counter row is locked until the case is saved)."""
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
        year=received_on.year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"SI-{received_on.year}-{counter.last_number:04d}"


@workflow.atomic()
def open_case(*, received_on: date, actor: User | None, note: str = "Referral received",
              local_authority_aware_on: date | None = None) -> Case:
    """The referral's date the local authority was told, if it gave one, starts the 5 working
    day notification clock at once; the business unit confirms or corrects it."""
    case = Case(reference=_next_reference(received_on), received_on=received_on,
                local_authority_aware_on=local_authority_aware_on)
    workflow.create(case, "receive_referral", actor=actor, reason=note)
    transaction.on_commit(lambda: _queue_business_unit_email(case.pk))
    return case


def _queue_business_unit_email(case_id: int) -> None:
    from .tasks import email_business_unit_about_referral

    email_business_unit_about_referral.delay(case_id)


def email_business_unit_about_referral(*, case: Case) -> None:
    """The email names the case reference only: never a child's or family member's name."""
    recipients = list(
        User.objects.filter(role=Role.BUSINESS_UNIT, is_active=True).values_list("email",
                                                                                 flat=True)
    )
    link = settings.SITE_URL.rstrip("/") + reverse("cases:case", args=[case.reference])
    send_mail(
        subject=f"New referral {case.reference}",
        message=(
            f"A new serious incident referral, {case.reference}, is waiting for triage.\n\n"
            f"Sign in to see it: {link}\n"
        ),
        from_email=None,
        recipient_list=recipients,
    )
    logger.info("Told %d business unit users of referral %s", len(recipients), case.reference)


@workflow.atomic()
def inform_partners(*, case: Case, actor: User, informed_on: date) -> None:
    workflow.check(case, "inform_partners", actor)
    not_in_future(informed_on, "The date the partners were informed")
    case_timeline(case, {"partners_informed_on": informed_on}).check("partners_informed_on")
    workflow.perform(case, "inform_partners", actor=actor,
                     reason=f"Safeguarding partners informed on {informed_on:%-d %B %Y}",
                     partners_informed_on=informed_on)


DECISION_TRANSITIONS = {
    Case.ScreeningDecision.NOTIFY: "decide_notify",
    Case.ScreeningDecision.LEARNING: "decide_learning",
    Case.ScreeningDecision.NO_FURTHER_ACTION: "decide_no_further_action",
}


@workflow.atomic()
def record_screening_decision(*, case: Case, actor: User, decision: str, rationale: str,
                              decided_on: date) -> None:
    name = DECISION_TRANSITIONS[Case.ScreeningDecision(decision)]
    workflow.check(case, name, actor)
    not_in_future(decided_on, "The date of the decision")
    case_timeline(case, {"screening_decided_on": decided_on}).check("screening_decided_on")
    if not rationale.strip():
        raise ValidationError("Enter the rationale for the decision")
    workflow.perform(
        case, name, actor=actor, reason=rationale,
        screening_decision=decision, screening_rationale=rationale,
        screening_decided_on=decided_on, screening_decided_by=actor,
    )
    _complete_notifications(case, actor)


def _complete_notifications(case: Case, actor: User) -> None:
    """Notifications may be made before the partners decide: once everyone required has been
    told, the case moves on."""
    if workflow.can(case, "complete_notifications", actor):
        workflow.perform(case, "complete_notifications", actor=actor,
                         reason="Every required recipient has been notified")
    if workflow.can(case, "complete_death_notifications", actor):
        workflow.perform(case, "complete_death_notifications", actor=actor,
                         reason="Every notification the death requires has been made")


@workflow.atomic()
def decide_no_rapid_review(*, case: Case, actor: User, reason: str) -> None:
    """After the notification, a rapid review follows unless the partners decide, with a
    reason, that the case does not meet the criteria (the National Panel's rule)."""
    workflow.check(case, "decide_no_rapid_review", actor)
    if not reason.strip():
        raise ValidationError("Enter why the case does not meet the criteria")
    workflow.perform(case, "decide_no_rapid_review", actor=actor, reason=reason.strip())


@workflow.atomic()
def record_learning_decision(*, case: Case, actor: User, decision: str, rationale: str,
                             decided_on: date) -> None:
    """The Learning and Development group's decision, one of its five options (004 section
    10.6), goes to the safeguarding partners for approval (10.7)."""
    workflow.check(case, "record_learning_decision", actor)
    not_in_future(decided_on, "The date of the Learning and Development group's decision")
    case_timeline(case, {"learning_decided_on": decided_on}).check("learning_decided_on")
    if not rationale.strip():
        raise ValidationError("Enter the rationale for the decision")
    workflow.perform(
        case, "record_learning_decision", actor=actor,
        reason=f"{Case.LearningDecision(decision).label}. {rationale}",
        learning_decision=decision, learning_rationale=rationale,
        learning_decided_on=decided_on,
    )


SHARING_REQUIRED = ("Enter how the learning will be shared and acted on, or how the learning "
                    "outcomes have been achieved")


@workflow.atomic()
def approve_learning_decision(*, case: Case, actor: User, approved_on: date,
                              sharing: str = "") -> None:
    """A safeguarding partner approves the group's decision (004 section 10.7). When no review
    of the case is held, the approval says how the learning will be shared and acted on, or
    how the learning outcomes have been achieved (001)."""
    workflow.check(case, "approve_learning_decision", actor)
    not_in_future(approved_on, "The date the partners approved the decision")
    case_timeline(case, {"learning_approved_on": approved_on}).check("learning_approved_on")
    sharing = sharing.strip()
    if case.learning_holds_no_review and not sharing:
        raise ValidationError(SHARING_REQUIRED)
    reason = f"Approved on {long_date(approved_on)}: " \
             f"{Case.LearningDecision(case.learning_decision).label}."
    if sharing:
        reason += f" How the learning will be shared: {sharing}"
    workflow.perform(case, "approve_learning_decision", actor=actor, reason=reason,
                     learning_approved_on=approved_on, learning_approved_by=actor,
                     learning_sharing=sharing)
    for follow in _when_learning_approved:
        follow(case=case, actor=actor)


@workflow.atomic()
def return_learning_decision(*, case: Case, actor: User, reason: str) -> None:
    """A safeguarding partner sends the group's decision back with a reason: the group
    decides again (004 section 10.7)."""
    workflow.check(case, "return_learning_decision", actor)
    if not reason.strip():
        raise ValidationError("Enter why the decision is sent back")
    workflow.perform(case, "return_learning_decision", actor=actor, reason=reason.strip())


@workflow.atomic()
def record_local_authority_awareness(*, case: Case, actor: User, aware_on: date) -> None:
    workflow.check(case, "record_local_authority_awareness", actor)
    not_in_future(aware_on, "The date the local authority became aware")
    # A later date would put notifications already recorded before the awareness; an
    # earlier one than the referral is usual (000 stage 1: the local authority reports it).
    case_timeline(case, {"local_authority_aware_on": aware_on}).check(
        "local_authority_aware_on")
    workflow.perform(case, "record_local_authority_awareness", actor=actor,
                     reason=f"The local authority became aware on {aware_on:%-d %B %Y}",
                     local_authority_aware_on=aware_on)


@workflow.atomic()
def record_notification(*, case: Case, actor: User, recipient: str, notified_on: date,
                        channel: str, sent_by: str, panel_reference: str = "",
                        acknowledged_on: date | None = None, area: str = "") -> Notification:
    """One notification: the online one reaches the National Panel, Ofsted and DfE at once.
    Recording a recipient again corrects it, except another area's partners: several areas
    may be told."""
    workflow.check(case, "record_notification", actor)
    other_area = recipient == Notification.Recipient.OTHER_AREA
    if other_area and not area.strip():
        raise ValidationError("Enter the area whose safeguarding partners were told")
    not_in_future(notified_on, "The date of the notification")
    not_in_future(acknowledged_on, "The date the Panel acknowledged the notification")
    # The notification follows the awareness; the Panel's acknowledgement, the notification.
    case_timeline(case, {notified_key(recipient): notified_on,
                         acknowledged_key(recipient): acknowledged_on}).check_all(
        [acknowledged_key(recipient), notified_key(recipient)])
    # The case is locked first, so that of two people recording the same recipient at once
    # the second sees the first's notification and says it corrected it.
    workflow.lock(case)
    earlier = None if other_area else case.notifications.filter(recipient=recipient).first()
    corrected = earlier is not None
    _refuse_another_date(earlier, notified_on)
    # The case is claimed first: two notifications recorded at once are made one after the
    # other, so the second sees the first and completes the notification.
    workflow.perform(case, "record_notification", actor=actor, reason=(
        f"{Notification.Recipient(recipient).label}{f' ({area.strip()})' if other_area else ''} "
        f"{'notification corrected' if corrected else 'notified'}: {notified_on:%-d %B %Y}, "
        f"{Notification.Channel(channel).label}, by {sent_by}"))
    notification = (None if other_area else Notification.objects.filter(
        case=case, recipient=recipient).first()) or Notification(case=case, recipient=recipient)
    for name, value in {"notified_on": notified_on, "channel": channel, "sent_by": sent_by,
                        "panel_reference": panel_reference, "acknowledged_on": acknowledged_on,
                        "recorded_by": actor, "area": area.strip()}.items():
        setattr(notification, name, value)
    changed_by(notification, actor)
    try:
        # A savepoint: should another recording of this recipient have been saved since the
        # case was locked (PostgreSQL), the second is refused in words, never a server error.
        with transaction.atomic():
            notification.save()
    except IntegrityError as error:
        _refuse_another_date(case.notifications.filter(recipient=recipient).first(),
                             notified_on)
        raise workflow.TransitionNotAllowed(workflow.SOMEONE_ELSE_CHANGED_IT) from error
    _complete_notifications(case, actor)
    return notification


def _refuse_another_date(earlier: Notification | None, notified_on: date) -> None:
    if earlier is not None and earlier.notified_on != notified_on:
        raise ValidationError(
            f"The notification was recorded as sent on {long_date(earlier.notified_on)}: to "
            "change that date, correct a recorded date, giving the reason")


@workflow.atomic()
def record_referrer_feedback(*, case: Case, actor: User, told_on: date) -> None:
    workflow.check(case, "record_referrer_feedback", actor)
    not_in_future(told_on, "The date the referrer was told")
    case_timeline(case, {"referrer_told_on": told_on}).check("referrer_told_on")
    workflow.perform(case, "record_referrer_feedback", actor=actor,
                     reason=f"Referrer told the outcome on {told_on:%-d %B %Y}",
                     referrer_told_on=told_on)


@workflow.atomic()
def correct_case_date(*, case: Case, actor: User, field: str, new_date: date,
                      reason: str) -> None:
    """The business unit corrects a date recorded on the case (``field``: a key of
    ``cases.dates.case_timeline(case).correctable()``, a notification's included), giving a
    reason. The corrected date must keep its order with the dates before and after it; the
    correction is logged with the reason, and the clocks are recomputed."""
    workflow.check(case, "correct_date", actor)
    # Locked first: the neighbours the corrected date is checked against cannot move meanwhile.
    workflow.lock(case)
    event, logged = checked_correction(case_timeline, case, field, new_date, reason)
    own = event.row is case
    workflow.perform(case, "correct_date", actor=actor, reason=logged,
                     **({event.field: new_date} if own else {}))
    if not own:  # a notification's date
        setattr(event.row, event.field, new_date)
        changed_by(event.row, actor).save(update_fields=[event.field])


# What a later stage does when a case is withdrawn or merged: the LCSPR registers the service
# that withdraws (merges) the review with the case (reviews.lcspr.services), so that cases,
# below it, never imports it. Called in the case's transaction: if the review cannot end
# with it, the case is not withdrawn.
Following = Callable[..., object]
_when_ended: list[Following] = []


# What follows the partners' approval of the Learning and Development group's decision: the
# learning part plans the sharing of the learning when no review is held (reviews.learning).
_when_learning_approved: list[Following] = []


def when_learning_approved(service: Following) -> None:
    """``service(case=..., actor=...)`` is called, in the approval's transaction, when the
    partners approve the group's decision."""
    if service not in _when_learning_approved:
        _when_learning_approved.append(service)


def when_withdrawn_or_merged(service: Following) -> None:
    """``service(case=..., actor=..., reason=..., merged_into=...)`` is called when a case is
    withdrawn (``merged_into`` None) or merged as a duplicate of ``merged_into``."""
    if service not in _when_ended:
        _when_ended.append(service)


@workflow.atomic()
def withdraw_case(*, case: Case, actor: User, reason: str) -> None:
    workflow.check(case, "withdraw", actor)
    if not reason.strip():
        raise ValidationError("Enter why the case is withdrawn")
    workflow.perform(case, "withdraw", actor=actor, reason=reason)
    for follow in _when_ended:
        follow(case=case, actor=actor, reason=reason.strip(), merged_into=None)


@workflow.atomic()
def merge_case(*, case: Case, into: Case, actor: User, reason: str) -> None:
    workflow.check(case, "merge", actor)
    if not reason.strip():
        raise ValidationError("Enter why this case is a duplicate")
    if into.pk == case.pk:
        raise ValidationError("A case cannot be merged with itself")
    if not into.is_open:
        raise ValidationError(f"{into.reference} is closed: merge into an open case")
    workflow.perform(case, "merge", actor=actor,
                     reason=f"Duplicate of {into.reference}. {reason}", merged_into=into)
    for follow in _when_ended:
        follow(case=case, actor=actor, reason=reason.strip(), merged_into=into)


def _what(what: str) -> str:
    """What was seen, cut to the log's column (a page's title may be longer)."""
    limit = CaseAccess._meta.get_field("what").max_length or len(what)
    return what if len(what) <= limit else what[:limit - 1] + "…"


def record_case_access(*, case: Case, user: User, what: str) -> None:
    CaseAccess.objects.create(case=case, user=user, what=_what(what))


def record_cases_access(*, case_ids: Iterable[int], user: User, what: str) -> None:
    """One view of several cases' data (a report listing them): a row for each, one query."""
    CaseAccess.objects.bulk_create(CaseAccess(case_id=case_id, user=user, what=_what(what))
                                   for case_id in sorted(set(case_ids)))


def add_document(*, case: Case, actor: User, kind: str, title: str,
                 upload: UploadedFile, transition: str = "add_document") -> Document:
    """Keep a file with the case, once its content is a type we accept. The file is written
    before the rows; if the rows cannot be saved the file is removed again. ``transition``:
    the case's transition that adds it, when a later stage declares its own (the reviewer
    uploading a version of an LCSPR report), fixes the kind in its own service; on the
    case's own transition the kinds the actor may add are safeguarding.permissions'
    DOCUMENT_KINDS (the referrer: referral attachments only)."""
    workflow.check(case, transition, actor)
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": "Select what kind of document this is"})
    if transition == "add_document" and kind not in document_kinds(actor, case):
        raise ValidationError({"kind": "You cannot add a document of this kind to this case"})
    if not title.strip():
        raise ValidationError({"title": "Enter what the document is"})
    try:
        checked = check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    document = Document(case=case, kind=kind, title=title.strip(), uploaded_by=actor,
                        original_name=checked.name, content_type=checked.content_type,
                        size=checked.size, sha256=checked.sha256)
    document.file.save(checked.name, upload, save=False)
    try:
        with workflow.atomic():
            changed_by(document, actor)
            document.save()
            workflow.perform(case, transition, actor=actor,
                             reason=f"{document.get_kind_display()}: {document.title}")
    except Exception:
        document.file.delete(save=False)
        raise
    logger.info("document %s added to case %s by user %s", document.pk, case.pk, actor.pk)
    return document


def record_document_download(*, document: Document, user: User) -> None:
    _require(user, "cases.view_document", document)
    CaseAccess.objects.create(case_id=document.case_id, user=user,
                              what=f"document {document.pk} downloaded")
    logger.info("document %s of case %s downloaded by user %s", document.pk,
                document.case_id, user.pk)
