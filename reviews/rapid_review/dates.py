"""The dates of a rapid review, in the order they must keep (safeguarding.dates.Timeline).

000 stages 3-7 and 001: the decision to hold the rapid review follows the referral; the
pack goes to the panel (day 8) before it meets (day 10); the three partners sign off after
the meeting (001: "signed by the three safeguarding partners"); the review is sent to the
National Panel (day 15) once all three have signed, and the Panel responds after that (days
16-30); answers to its questions follow its questions, and a later response follows the
answers; the Panel, Ofsted and DfE are told of an LCSPR once the partners have decided. The
family is told of the decision (004 section 7.5) once the three partners have signed it off;
the report is published (001) once it has been sent to the Panel."""

from collections.abc import Mapping
from typing import Any

from safeguarding.dates import Event, Timeline
from safeguarding.models import Agency

from .models import RapidReview

REVIEW_DATES = {  # field: (what, when)
    "decided_on": ("The date of the decision to hold the rapid review",
                   "the decision to hold the rapid review"),
    "pack_circulated_on": ("The date the pack was circulated", "the pack was circulated"),
    "meeting_on": ("The date of the meeting", "the planned panel meeting"),
    "meeting_held_on": ("The date the panel met", "the panel met"),
    "extension_notified_on": ("The date the Panel secretariat was told",
                              "the Panel secretariat was told the review would be late"),
    "submitted_on": ("The date the rapid review was sent",
                     "the rapid review was sent to the National Panel"),
    "panel_responded_on": ("The date of the Panel's response", "the Panel responded"),
    "answers_sent_on": ("The date the answers were sent", "the answers were sent to the Panel"),
    "family_told_on": ("The date the family was told", "the family was told of the decision"),
    "published_on": ("The date the report was published",
                     "the rapid review report was published"),
}
# The planned meeting is changed by planning it again; the rest the business unit corrects.
CORRECTABLE = set(REVIEW_DATES) - {"meeting_on"}
PARTNER_NAMES = {Agency.Kind.LOCAL_AUTHORITY: "the local authority",
                 Agency.Kind.POLICE: "the police",
                 Agency.Kind.INTEGRATED_CARE_BOARD: "the integrated care board"}


def signed_key(partner: str) -> str:
    return f"signed_on:{partner}"


def review_timeline(review: RapidReview, changes: Mapping[str, Any] | None = None) -> Timeline:
    """The review's dates as they would be with ``changes`` (by key: a field of the review,
    or ``signed_on:<partner>``; ``panel_response`` too, which says whether the response on
    record is the one the answers answer)."""
    changes = changes or {}
    events = {"received_on": Event("The date the referral was received",
                                   "the referral was received", review.case.received_on)}
    for field, (what, when) in REVIEW_DATES.items():
        events[field] = Event(what, when, changes.get(field, getattr(review, field)),
                              row=review if field in CORRECTABLE else None, field=field)
    order = [("received_on", "decided_on"), ("decided_on", "pack_circulated_on"),
             ("decided_on", "meeting_on"), ("decided_on", "meeting_held_on"),
             ("pack_circulated_on", "meeting_held_on"), ("decided_on", "extension_notified_on"),
             ("submitted_on", "panel_responded_on"), ("meeting_held_on", "family_told_on"),
             ("submitted_on", "published_on")]
    # The answers follow the questions they answer; once the Panel has responded to them,
    # its response follows the answers.
    if changes.get("panel_response", review.panel_response):
        order.append(("answers_sent_on", "panel_responded_on"))
    else:
        order.append(("panel_responded_on", "answers_sent_on"))
    # The signatures that stand: given on the current decision, not declined, not voided.
    sign_offs = {sign_off.partner: sign_off for sign_off in review.sign_offs.all()
                 if sign_off.voided_on is None and not sign_off.declined
                 and sign_off.decision_version == review.decision_version}
    partners = [*sign_offs, *(key.split(":", 1)[1] for key in changes
                              if key.startswith("signed_on:") and key.split(":", 1)[1]
                              not in sign_offs)]
    for partner in partners:
        sign_off = sign_offs.get(partner)
        name = PARTNER_NAMES.get(partner, partner)
        key = signed_key(partner)
        events[key] = Event(f"The date {name} signed off", f"{name} signed off",
                            changes.get(key, sign_off.signed_on if sign_off else None),
                            row=sign_off, field="signed_on")
        order += [("meeting_held_on", key), (key, "submitted_on"), (key, "family_told_on")]
    return Timeline(events, order)
