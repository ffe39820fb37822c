"""The dates of a case, in the order they must keep (safeguarding.dates.Timeline).

004 sections 4.6 and 5: the referral is received, the business unit informs the partners,
the partners decide (and the referrer is told within 5 working days of the decision, 5.7);
the local authority notifies within 5 working days of becoming aware (5.2, 000 stage 1).
The local authority may have become aware before the referral reached the partnership, so
awareness is only required to come before the notifications. On the learning route the
Learning and Development group decides after the partners' decision, and the partners approve
the group's decision after it (004 sections 10.5 to 10.7)."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from safeguarding.dates import Event, Timeline

from .models import Case, Notification

R = Notification.Recipient
# The recipients as the middle of a sentence names them.
RECIPIENT_NAMES = {R.NATIONAL_PANEL: "the National Panel, Ofsted and DfE", R.OFSTED: "Ofsted",
                   R.DFE: "the DfE", R.CHILD_DEATH_REVIEW: "the child death review partners",
                   R.OTHER_AREA: "another area's safeguarding partners"}


def _key(notification: Notification) -> str:
    """Every recipient is told once, except other areas, each its own row."""
    if notification.recipient == R.OTHER_AREA:
        return f"{R.OTHER_AREA}-{notification.pk}"
    return notification.recipient


def _name(key: str, notification: Notification | None) -> str:
    if notification is not None and notification.recipient == R.OTHER_AREA:
        return f"the safeguarding partners of {notification.area}"
    return RECIPIENT_NAMES.get(key, key)

CASE_DATES = {  # field: (what, when, label)
    "received_on": ("The date the referral was received", "the referral was received", ""),
    "partners_informed_on": ("The date the partners were informed",
                             "the partners were informed", ""),
    "screening_decided_on": ("The date of the decision", "the partners decided",
                             "Date of the partners' decision"),
    "local_authority_aware_on": ("The date the local authority became aware",
                                 "the local authority became aware", ""),
    "referrer_told_on": ("The date the referrer was told", "the referrer was told the outcome",
                         ""),
    "learning_decided_on": ("The date of the Learning and Development group's decision",
                            "the Learning and Development group decided",
                            "Date of the Learning and Development group's decision"),
    "learning_approved_on": ("The date the partners approved the decision",
                             "the partners approved the Learning and Development group's "
                             "decision", "Date the partners approved the group's decision"),
}
# The business unit may correct every date of the case but the date it was received.
CORRECTABLE = {"partners_informed_on", "screening_decided_on", "local_authority_aware_on",
               "referrer_told_on", "learning_decided_on", "learning_approved_on"}
ORDER = [("received_on", "partners_informed_on"), ("received_on", "screening_decided_on"),
         ("partners_informed_on", "screening_decided_on"),
         ("screening_decided_on", "referrer_told_on"),
         # The group decides after the partners refer the case to it, and the partners
         # approve the group's decision after it is made (004 sections 5.5, 10.5 to 10.7).
         ("screening_decided_on", "learning_decided_on"),
         ("learning_decided_on", "learning_approved_on")]


def notified_key(recipient: str) -> str:
    return f"notified_on:{recipient}"


def acknowledged_key(recipient: str) -> str:
    return f"acknowledged_on:{recipient}"


def case_timeline(case: Case, changes: Mapping[str, Any] | None = None) -> Timeline:
    """The case's dates as they would be with ``changes`` (by key: a field of the case,
    ``notified_on:<recipient>`` or ``acknowledged_on:<recipient>``)."""
    changes = changes or {}
    events = {}
    for field, (what, when, label) in CASE_DATES.items():
        events[field] = Event(what, when, changes.get(field, getattr(case, field)),
                              row=case if field in CORRECTABLE else None, field=field,
                              label=label)
    order = list(ORDER)
    notifications: dict[str, Notification | None] = {
        _key(notification): notification for notification in case.notifications.all()}
    for key in changes:
        if key.startswith("notified_on:"):
            notifications.setdefault(key.split(":", 1)[1], None)

    def notified_on(recipient: str) -> date | None:
        notification = notifications[recipient]
        return changes.get(notified_key(recipient),
                           notification.notified_on if notification else None)

    # The earliest first, so that a refusal names the first notification it conflicts with.
    declared = list(R.values)
    for recipient in sorted(notifications, key=lambda r: (
            notified_on(r) or date.max, declared.index(r) if r in declared else len(declared))):
        notification = notifications[recipient]
        name = _name(recipient, notification)
        notified, acknowledged = notified_key(recipient), acknowledged_key(recipient)
        events[notified] = Event(f"The date of the notification to {name}",
                                 f"the notification to {name}", notified_on(recipient),
                                 row=notification, field="notified_on")
        events[acknowledged] = Event(
            "The date the Panel acknowledged the notification",
            "the Panel acknowledged the notification",
            changes.get(acknowledged, notification.acknowledged_on if notification else None),
            row=notification, field="acknowledged_on")
        order += [("local_authority_aware_on", notified), (notified, acknowledged)]
    return Timeline(events, order)
