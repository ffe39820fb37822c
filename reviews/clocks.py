"""The clocks of a rapid review, declared to the deadlines app: each agency's return, and
the review's own clocks, which run from the notification whether or not the review has
started (so that they are visible from the day the case is notified)."""

from cases.models import Case, Notification
from deadlines.registry import ClockRule, register
from safeguarding.models import LocalPolicy

from .models import ImmediateAction, InformationReturn, RapidReview

CLOSED = (Case.Status.WITHDRAWN, Case.Status.MERGED)


def _review(case: Case) -> RapidReview | None:
    return getattr(case, "rapid_review", None)


def _national_panel(case: Case) -> Notification | None:
    return next((n for n in case.notifications.all()
                 if n.recipient == Notification.Recipient.NATIONAL_PANEL), None)


def _notified_on(case: Case):
    notification = _national_panel(case)
    return notification.notified_on if notification else None


def rapid_review_starts(case: Case):
    """From the notification (current Panel guidance), the local authority becoming aware,
    or the Panel's acknowledgement (004), as the local policy says."""
    notification = _national_panel(case)
    if notification is None:
        return None
    starts = LocalPolicy.current().rapid_review_clock_starts
    if starts == LocalPolicy.RapidReviewClock.AWARE:
        return case.local_authority_aware_on
    if starts == LocalPolicy.RapidReviewClock.ACKNOWLEDGED:
        return notification.acknowledged_on
    return notification.notified_on


def _review_date(field: str):
    def read(case: Case):
        review = _review(case)
        return getattr(review, field) if review else None
    return read


def _lcspr_decided_on(case: Case):
    review = _review(case)
    if review and review.recommendation == RapidReview.Recommendation.LCSPR:
        return review.signed_off_on
    return None


def _waived(case: Case) -> str:
    if case.status in CLOSED:
        return f"The case was {case.get_status_display().lower()}"
    if case.screening_decision and case.screening_decision != Case.ScreeningDecision.NOTIFY:
        return "The case was not notified"
    return ""


def _case(case: Case) -> Case:
    return case


register(
    Case,
    ClockRule("panel_pack_circulated", case=_case, starts_on=_notified_on,
              met_on=_review_date("pack_circulated_on"), waived=_waived),
    ClockRule("rapid_review_meeting", case=_case, starts_on=rapid_review_starts,
              met_on=_review_date("meeting_held_on"), waived=_waived),
    ClockRule("rapid_review_to_panel", case=_case, starts_on=rapid_review_starts,
              met_on=_review_date("submitted_on"), waived=_waived),
    ClockRule("lcspr_decision", case=_case, starts_on=_notified_on,
              met_on=_review_date("signed_off_on"), waived=_waived),
    ClockRule("panel_response", case=_case, starts_on=_review_date("submitted_on"),
              met_on=_review_date("panel_responded_on"), waived=_waived),
    ClockRule("lcspr_panel_informed", case=_case, starts_on=_lcspr_decided_on,
              met_on=_review_date("lcspr_told_on"), waived=_waived),
    select_related=("rapid_review",),
)


def _return_waived(information_return: InformationReturn) -> str:
    if information_return.review.case.status in CLOSED:
        return "The case was closed"
    return ""


register(
    InformationReturn,
    ClockRule("agency_information_return", case=lambda r: r.review.case,
              starts_on=lambda r: r.requested_on, met_on=lambda r: r.submitted_on,
              waived=_return_waived, owner_agency=lambda r: r.agency,
              due_on=lambda r: r.due_on),
    select_related=("review__case", "agency"),
)


def _action_waived(action: ImmediateAction) -> str:
    return "The case was closed" if action.review.case.status in CLOSED else ""


def _action_rule(clock: str, starts_on) -> ClockRule:
    return ClockRule(clock, case=lambda action: action.review.case, starts_on=starts_on,
                     met_on=lambda action: action.completed_on, waived=_action_waived,
                     owner_agency=lambda action: action.owner_agency)


register(
    ImmediateAction,
    ClockRule("immediate_safety_action", case=lambda action: action.review.case,
              starts_on=lambda action: action.review.recommended_on,
              met_on=lambda action: action.completed_on, waived=_action_waived,
              owner_agency=lambda action: action.owner_agency,
              due_on=lambda action: action.due_on),
    # 004 section 9.2: the Head of Service at 3 months beyond the deadline, the Chief
    # Officer at 6.
    _action_rule("action_escalation_head_of_service", lambda action: action.due_on),
    _action_rule("action_escalation_chief_officer", lambda action: action.due_on),
    select_related=("review__case", "owner_agency"),
)
