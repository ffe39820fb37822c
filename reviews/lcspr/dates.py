"""The dates of an LCSPR, in the order they must keep (safeguarding.dates.Timeline).

The partners' decision to initiate the review follows the referral; the National Panel,
Ofsted and DfE are told of it once it is made, and of the reviewer once commissioned (002
section 8); commissioning starts after the decision and the reviewer is commissioned after
that; a draft report follows the commission, the final report's sign-off the draft (004
section 16.1), the copy to the Panel, the Secretary of State and Ofsted the sign-off (004
section 14.7), and publication, or the justification for not publishing (004 section 15.3),
the copy; the review closes after either."""

from collections.abc import Mapping
from typing import Any

from safeguarding.dates import Event, Timeline

from .models import Lcspr, LcsprNotice, ReviewerCommission

LCSPR_DATES = {  # field: (what, when)
    "decided_on": ("The date of the partners' decision to initiate the review",
                   "the partners decided to initiate the review"),
    "commissioning_started_on": ("The date commissioning started", "commissioning started"),
    "draft_received_on": ("The date the draft report was received",
                          "the draft report was received"),
    "final_signed_off_on": ("The date the final report was signed off",
                            "the final report was signed off"),
    "sent_on": ("The date the final report was sent",
                "the final report was sent to the National Panel, the Secretary of State and "
                "Ofsted"),
    "published_on": ("The date the report was published", "the report was published"),
    "justification_sent_on": (
        "The date the justification was set out",
        "the justification for not publishing was set out to the National Panel and the "
        "Secretary of State"),
    "closed_on": ("The date the review was closed", "the review was closed"),
}
COMMISSIONED = "commissioned_on"
RECIPIENTS = dict(LcsprNotice.Recipient.choices)


def told_key(about: str, recipient: str) -> str:
    return f"told:{about}:{recipient}"


def current_commission(lcspr: Lcspr) -> ReviewerCommission | None:
    """The reviewer's commission that runs now, if any (from the prefetched rows when the
    page prefetched them)."""
    return next((c for c in lcspr.commissions.all() if c.is_current), None)


def lcspr_timeline(lcspr: Lcspr, changes: Mapping[str, Any] | None = None) -> Timeline:
    """The review's dates as they would be with ``changes`` (by key: a field of the review,
    ``commissioned_on``, or ``told:<about>:<recipient>``)."""
    changes = changes or {}
    events = {"received_on": Event("The date the referral was received",
                                   "the referral was received", lcspr.case.received_on)}
    for field, (what, when) in LCSPR_DATES.items():
        events[field] = Event(what, when, changes.get(field, getattr(lcspr, field)),
                              row=lcspr, field=field)
    commission = current_commission(lcspr)
    events[COMMISSIONED] = Event(
        "The date the reviewer was commissioned", "the reviewer was commissioned",
        changes.get(COMMISSIONED, commission.commissioned_on if commission else None),
        row=commission, field="commissioned_on")
    order = [("received_on", "decided_on"), ("decided_on", "commissioning_started_on"),
             ("decided_on", COMMISSIONED), ("commissioning_started_on", COMMISSIONED),
             (COMMISSIONED, "draft_received_on"), ("decided_on", "draft_received_on"),
             ("draft_received_on", "final_signed_off_on"), ("final_signed_off_on", "sent_on"),
             ("sent_on", "published_on"), ("sent_on", "justification_sent_on"),
             ("published_on", "closed_on"), ("justification_sent_on", "closed_on"),
             ("decided_on", "closed_on")]
    # Each recipient told: of the decision after it, of the reviewer after the commission.
    notices = {told_key(n.about, n.recipient): n for n in lcspr.notices.all()
               if n.about == LcsprNotice.About.DECISION
               or (commission is not None and n.commission_id == commission.pk)}
    keys = set(notices) | {key for key in changes if key.startswith("told:")}
    for key in sorted(keys):
        _told, about, recipient = key.split(":", 2)
        notice = notices.get(key)
        name = RECIPIENTS.get(recipient, recipient)
        in_sentence = f"t{name[1:]}" if name.startswith("The ") else name
        subject = "decision" if about == LcsprNotice.About.DECISION else "reviewer"
        events[key] = Event(f"The date {in_sentence} was told of the {subject}",
                            f"{in_sentence} was told of the {subject}",
                            changes.get(key, notice.told_on if notice else None),
                            row=notice, field="told_on",
                            label=f"{name} told of the {subject}")
        order.append(("decided_on" if about == LcsprNotice.About.DECISION else COMMISSIONED,
                      key))
    return Timeline(events, order)
