"""Every change to a case: one function per transition or record, each checking who may act
and from which state, recording the decision with its actor, in one transaction."""

import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from deadlines.services import sync
from safeguarding.models import LocalPolicy, Role, User

from .models import (
    TRANSITIONS,
    Case,
    CaseAccess,
    DecisionRecord,
    Document,
    Notification,
    ReferenceCounter,
)
from .uploads import check_upload

logger = logging.getLogger(__name__)


class TransitionNotAllowed(Exception):
    """The case is no longer in a state this change can start from."""


def today() -> date:
    return timezone.localdate()


def _require(actor: User, permission: str, case: Case | None = None) -> None:
    if not actor.has_perm(permission, case):
        raise PermissionDenied(f"{permission} refused")


def _not_in_future(value: date | None, what: str) -> None:
    if value and value > today():
        raise ValidationError(f"{what} must be today or in the past")


def _transition(*, case: Case, action: str, actor: User | None, reason: str = "",
                **changes) -> None:
    """Claim the transition with a guarded UPDATE, so that of two people acting at once only
    one succeeds; then save the changes through the model so that the history records them."""
    sources, target = TRANSITIONS[action]
    claimed = Case.objects.filter(pk=case.pk, status__in=sources).update(status=target)
    if not claimed:
        current = Case.objects.values_list("status", flat=True).get(pk=case.pk)
        raise TransitionNotAllowed(
            f"This case is now '{Case.Status(current).label}', so this can no longer be done."
        )
    DecisionRecord.objects.create(
        case=case, action=action, from_status=case.status, to_status=target, actor=actor,
        reason=reason,
    )
    case.status = target
    for field, value in changes.items():
        setattr(case, field, value)
    case._history_user = actor
    case.save(update_fields=["status", *changes])
    sync(case)


def _record(*, case: Case, action: str, actor: User, reason: str, **changes) -> None:
    """A change to a case that leaves its status as it is, with its decision record."""
    if changes:
        for field, value in changes.items():
            setattr(case, field, value)
        case._history_user = actor
        case.save(update_fields=list(changes))
    DecisionRecord.objects.create(case=case, action=action, from_status=case.status,
                                  to_status=case.status, actor=actor, reason=reason)
    sync(case)


def _next_reference(received_on: date) -> str:
    """SI-2026-0007: sequential within the year, one number per case even when many
    referrals are submitted at once (the counter row is locked until the case is saved)."""
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
        year=received_on.year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"SI-{received_on.year}-{counter.last_number:04d}"


@transaction.atomic
def open_case(*, received_on: date, actor: User | None, note: str = "Referral received") -> Case:
    case = Case(reference=_next_reference(received_on), received_on=received_on)
    case._history_user = actor
    case.save()
    DecisionRecord.objects.create(
        case=case, action="receive_referral", to_status=case.status, actor=actor, reason=note
    )
    transaction.on_commit(lambda: _queue_business_unit_email(case.pk))
    sync(case)
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


@transaction.atomic
def inform_partners(*, case: Case, actor: User, informed_on: date) -> None:
    _require(actor, "cases.inform_partners", case)
    _not_in_future(informed_on, "The date the partners were informed")
    _transition(case=case, action="inform_partners", actor=actor,
                reason=f"Safeguarding partners informed on {informed_on:%d %B %Y}",
                partners_informed_on=informed_on)


DECISION_ACTIONS = {
    Case.ScreeningDecision.NOTIFY: "decide_notify",
    Case.ScreeningDecision.LEARNING: "decide_learning",
    Case.ScreeningDecision.NO_FURTHER_ACTION: "decide_no_further_action",
}


@transaction.atomic
def record_screening_decision(*, case: Case, actor: User, decision: str, rationale: str,
                              decided_on: date) -> None:
    _require(actor, "cases.record_screening_decision", case)
    _not_in_future(decided_on, "The date of the decision")
    if not rationale.strip():
        raise ValidationError("Enter the rationale for the decision")
    referral = getattr(case, "referral", None)
    ask = LocalPolicy.current().ask_about_care_leaver_deaths
    must_notify = (referral.criteria_requiring_notification(ask_about_care_leavers=ask)
                   if referral else [])
    if must_notify and decision != Case.ScreeningDecision.NOTIFY:
        raise ValidationError(
            f"The referral says: {must_notify[0].lower()}. This must be notified, even when "
            "abuse or neglect is not known or suspected."
        )
    _transition(
        case=case, action=DECISION_ACTIONS[decision], actor=actor, reason=rationale,
        screening_decision=decision, screening_rationale=rationale,
        screening_decided_on=decided_on, screening_decided_by=actor,
    )


@transaction.atomic
def record_learning_decision(*, case: Case, actor: User, decision: str, rationale: str) -> None:
    _require(actor, "cases.record_learning_decision", case)
    if not rationale.strip():
        raise ValidationError("Enter the rationale for the decision")
    _transition(
        case=case, action="record_learning_decision", actor=actor,
        reason=f"{Case.LearningDecision(decision).label}. {rationale}",
        learning_decision=decision, learning_rationale=rationale,
    )


def required_recipients(case: Case) -> list[str]:
    """The National Panel, Ofsted and DfE always; child death review partners when a child
    died (002 section 3)."""
    recipients = [Notification.Recipient.NATIONAL_PANEL, Notification.Recipient.OFSTED,
                  Notification.Recipient.DFE]
    referral = getattr(case, "referral", None)
    if referral is not None and referral.child_died:
        recipients.append(Notification.Recipient.CHILD_DEATH_REVIEW)
    return recipients


@transaction.atomic
def record_local_authority_awareness(*, case: Case, actor: User, aware_on: date) -> None:
    _require(actor, "cases.record_notification", case)
    if not case.is_open:
        raise TransitionNotAllowed("This case is closed, so its dates can no longer be changed.")
    _not_in_future(aware_on, "The date the local authority became aware")
    # A later date would put notifications already recorded before the awareness.
    first_notified = min(case.notifications.values_list("notified_on", flat=True), default=None)
    if first_notified and aware_on > first_notified:
        raise ValidationError(
            "The local authority cannot have become aware after the first notification, on "
            f"{first_notified:%d %B %Y}"
        )
    _record(case=case, action="record_local_authority_awareness", actor=actor,
            reason=f"The local authority became aware on {aware_on:%d %B %Y}",
            local_authority_aware_on=aware_on)


@transaction.atomic
def record_notification(*, case: Case, actor: User, recipient: str, notified_on: date,
                        channel: str, sent_by: str, panel_reference: str = "",
                        acknowledged_on: date | None = None) -> Notification:
    _require(actor, "cases.record_notification", case)
    if case.status not in (Case.Status.NOTIFICATION_DUE, Case.Status.NOTIFIED):
        raise TransitionNotAllowed("Notifications are recorded once the partners decide to notify.")
    if not case.local_authority_aware_on:
        raise ValidationError("Record the date the local authority became aware first")
    _not_in_future(notified_on, "The date of the notification")
    _not_in_future(acknowledged_on, "The date the Panel acknowledged the notification")
    if notified_on < case.local_authority_aware_on:
        raise ValidationError(
            "The notification cannot be before the local authority became aware"
        )
    if acknowledged_on and acknowledged_on < notified_on:
        raise ValidationError("The acknowledgement cannot be before the notification")
    notification, created = Notification.objects.update_or_create(
        case=case, recipient=recipient,
        defaults={"notified_on": notified_on, "channel": channel, "sent_by": sent_by,
                  "panel_reference": panel_reference, "acknowledged_on": acknowledged_on,
                  "recorded_by": actor},
    )
    label = Notification.Recipient(recipient).label
    _record(case=case, action="record_notification", actor=actor,
            reason=f"{label} {'notified' if created else 'notification corrected'}: "
                   f"{notified_on:%d %B %Y}, {Notification.Channel(channel).label}, by {sent_by}")
    notified = set(case.notifications.values_list("recipient", flat=True))
    if case.status == Case.Status.NOTIFICATION_DUE and notified >= set(required_recipients(case)):
        _transition(case=case, action="complete_notifications", actor=actor,
                    reason="Every required recipient has been notified")
    return notification


@transaction.atomic
def record_referrer_feedback(*, case: Case, actor: User, told_on: date) -> None:
    _require(actor, "cases.record_referrer_feedback", case)
    if not case.screening_decision:
        raise TransitionNotAllowed("The referrer is told the outcome once the partners decide.")
    _not_in_future(told_on, "The date the referrer was told")
    if told_on < case.screening_decided_on:
        raise ValidationError("The referrer cannot be told before the decision was made")
    _record(case=case, action="record_referrer_feedback", actor=actor,
            reason=f"Referrer told the outcome on {told_on:%d %B %Y}", referrer_told_on=told_on)


def note_decision(*, case: Case, actor: User, action: str, reason: str) -> None:
    """For other apps' services: a decision about the case that leaves its status as it is,
    in the case's decision record (the scrutineer reads it)."""
    _record(case=case, action=action, actor=actor, reason=reason)


def move_case_for_rapid_review(*, case: Case, actor: User, action: str, reason: str) -> None:
    """For the reviews app, whose services check who may act: start the rapid review
    (``start_rapid_review``) or end it with the case's next step
    (``conclude_rapid_review_<next step>``)."""
    if not action.startswith(("start_rapid_review", "conclude_rapid_review_")):
        raise ValueError(action)
    _transition(case=case, action=action, actor=actor, reason=reason)


@transaction.atomic
def withdraw_case(*, case: Case, actor: User, reason: str) -> None:
    _require(actor, "cases.withdraw_case", case)
    if not reason.strip():
        raise ValidationError("Enter why the case is withdrawn")
    _transition(case=case, action="withdraw", actor=actor, reason=reason)


@transaction.atomic
def merge_case(*, case: Case, into: Case, actor: User, reason: str) -> None:
    _require(actor, "cases.merge_case", case)
    if not reason.strip():
        raise ValidationError("Enter why this case is a duplicate")
    if into.pk == case.pk:
        raise ValidationError("A case cannot be merged with itself")
    if not into.is_open:
        raise ValidationError(f"{into.reference} is closed: merge into an open case")
    _transition(case=case, action="merge", actor=actor,
                reason=f"Duplicate of {into.reference}. {reason}", merged_into=into)


def record_case_access(*, case: Case, user: User, what: str) -> None:
    CaseAccess.objects.create(case=case, user=user, what=what)


def add_document(*, case: Case, actor: User, kind: str, title: str,
                 upload: UploadedFile) -> Document:
    """Keep a file with the case, once its content is a type we accept. The file is written
    before the rows; if the rows cannot be saved the file is removed again."""
    _require(actor, "cases.add_document", case)
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": "Select what kind of document this is"})
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
        with transaction.atomic():
            document._history_user = actor
            document.save()
            DecisionRecord.objects.create(
                case=case, action="add_document", from_status=case.status,
                to_status=case.status, actor=actor,
                reason=f"{document.get_kind_display()} ({document.pk})")
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
