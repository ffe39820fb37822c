"""The clocks of a rapid review, declared to the deadlines app (each clock's row of the
timescale table beside the rules that run it): each agency's return and the review's own
clocks (its immediate safety actions are actions of its action plan, with their clocks in
action_plans/clocks.py), which run whether or not the review has started (so that they are
visible from the day the case is notified): the pack
and the meeting counted as 000 counts them from its day 1; the statutory 15 working days
from the notification, never later, with the local targets a policy counts from the
Panel's acknowledgement (004 section 6.2) beside it, never instead. The LCSPR's clocks
(the National Panel, Ofsted and DfE told of the decision among them) are in lcspr/clocks.py."""

from cases.models import Case, Notification
from deadlines.models import Clock
from deadlines.registry import (
    BUSINESS_UNIT,
    OWNING_AGENCY_CONTRIBUTORS,
    SAFEGUARDING_PARTNERS,
    WORKING_TOGETHER_2023,
    ClockPolicy,
    ClockRule,
    KeptReason,
    KeptReasons,
    declare,
    keeps_delay_reasons,
    register,
)
from safeguarding.models import LocalPolicy

from .models import InformationReturn, RapidReview

CLOSED = (Case.Status.WITHDRAWN, Case.Status.MERGED)
WORKING_DAYS, MONTHS = Clock.Unit.WORKING_DAYS, Clock.Unit.MONTHS
Answers = Clock.Responsible


def _review(case: Case) -> RapidReview | None:
    return getattr(case, "rapid_review", None)


def _national_panel(case: Case) -> Notification | None:
    return next((n for n in case.notifications.all()
                 if n.recipient == Notification.Recipient.NATIONAL_PANEL), None)


def _notified_on(case: Case):
    notification = _national_panel(case)
    return notification.notified_on if notification else None


def rapid_review_starts(case: Case):
    """The statutory start of the 15 working days: the notification (Working Together 2023;
    000 stage 7, "15 working days from notification"). A local policy may start them earlier
    (the local authority becoming aware), never later: a missing or later awareness date,
    or any other choice, leaves the notification, so the clock runs whenever the case is
    notified and never loosens."""
    notification = _national_panel(case)
    if notification is None:
        return None
    aware_on = case.local_authority_aware_on
    if aware_on and (LocalPolicy.current().rapid_review_clock_starts
                     == LocalPolicy.RapidReviewClock.AWARE):
        return min(aware_on, notification.notified_on)
    return notification.notified_on


def day_one(case: Case):
    """000's day 1: the triage, recorded as the decision to undertake the rapid review (000
    stage 3); until that is recorded, the notification, so that the pack and meeting clocks
    show from the day the case is notified. 000 counts from it: the pack on day 8 (7 working
    days after day 1), the panel on day 10 (9 after)."""
    review = _review(case)
    if review is not None:
        return review.decided_on
    return _notified_on(case)


def acknowledged_on(case: Case):
    """The start of Darlington's local targets (004 section 6.2): the National Panel's
    acknowledgement of the notification, when the local policy counts from it and it is
    recorded. The statutory clocks run beside them from their own starts."""
    notification = _national_panel(case)
    if notification is None or notification.acknowledged_on is None:
        return None
    if not LocalPolicy.current().acknowledgement_targets:
        return None
    return notification.acknowledged_on


def _review_date(field: str):
    def read(case: Case):
        review = _review(case)
        return getattr(review, field) if review else None
    return read


def _waived(case: Case) -> str:
    if case.status in CLOSED:
        return f"The case was {case.get_status_display().lower()}"
    if case.screening_decision and case.screening_decision != Case.ScreeningDecision.NOTIFY:
        return "The case was not notified"
    if case.status == Case.Status.NO_FURTHER_ACTION:
        return "The partners decided the case does not meet the criteria for a rapid review"
    return ""


def _case(case: Case) -> Case:
    return case


DAY_ONE = "The decision to undertake the rapid review (day 1, the triage)"
ACKNOWLEDGED = "The National Panel acknowledged the notification (local policy)"

declare(
    ClockPolicy("panel_pack_circulated", "Panel pack circulated", starts=DAY_ONE,
                met_by="The pack was sent to the panel", amount=7, unit=WORKING_DAYS,
                source="Seed 000 stage 5 (day 8: 7 working days after day 1)",
                responsible=Answers.BUSINESS_UNIT, told=(BUSINESS_UNIT,),
                reminder_working_days=2),
    ClockPolicy("rapid_review_meeting", "Rapid review meeting held", starts=DAY_ONE,
                met_by="The meeting was held", amount=9, unit=WORKING_DAYS,
                source="Seed 000 stage 6 (day 10: 9 working days after day 1)",
                responsible=Answers.BUSINESS_UNIT, told=(BUSINESS_UNIT,),
                reminder_working_days=2),
    ClockPolicy("rapid_review_meeting_from_acknowledgement",
                "Rapid review meeting held, counted from the Panel's acknowledgement "
                "(local target)",
                starts=ACKNOWLEDGED, met_by="The meeting was held", amount=10,
                unit=WORKING_DAYS, source="Seed 004 §6.2 (every effort to meet within 7-10 "
                                          "working days of the Panel's acknowledgement)",
                responsible=Answers.BUSINESS_UNIT, told=(BUSINESS_UNIT,),
                reminder_working_days=0, beside="rapid_review_meeting"),
    ClockPolicy("rapid_review_to_panel", "Rapid review sent to the National Panel",
                starts="The National Panel was notified (a local policy may start it earlier, "
                       "never later)",
                met_by="The rapid review was submitted with the partners' decision",
                amount=15, unit=WORKING_DAYS, statutory=True, source=WORKING_TOGETHER_2023,
                responsible=Answers.PARTNERS, told=(BUSINESS_UNIT, SAFEGUARDING_PARTNERS),
                reminder_working_days=3),
    ClockPolicy("rapid_review_to_panel_from_acknowledgement",
                "Rapid review sent to the National Panel, counted from the Panel's "
                "acknowledgement (local target)",
                starts=ACKNOWLEDGED,
                met_by="The rapid review was submitted with the partners' decision",
                amount=15, unit=WORKING_DAYS,
                source="Seed 004 §6.2, §6.10 (15 working days of the Panel's acknowledgement)",
                responsible=Answers.PARTNERS, told=(BUSINESS_UNIT,), reminder_working_days=0,
                beside="rapid_review_to_panel"),
    ClockPolicy("lcspr_decision", "Decision on a local review",
                starts="The National Panel was notified",
                met_by="The partners decided whether to hold an LCSPR", amount=1, unit=MONTHS,
                source="Seed 002 §6", responsible=Answers.PARTNERS,
                told=(BUSINESS_UNIT, SAFEGUARDING_PARTNERS), reminder_working_days=5),
    ClockPolicy("panel_response", "National Panel's response to the rapid review",
                starts="The rapid review was sent to the National Panel",
                met_by="The Panel's response was recorded", amount=15, unit=WORKING_DAYS,
                source="Seed 001 (the Panel responds in days 16 to 30)",
                responsible=Answers.BUSINESS_UNIT, told=(BUSINESS_UNIT,),
                reminder_working_days=0),
)

register(
    Case,
    ClockRule("panel_pack_circulated", case=_case, starts_on=day_one,
              met_on=_review_date("pack_circulated_on"), waived=_waived),
    ClockRule("rapid_review_meeting", case=_case, starts_on=day_one,
              met_on=_review_date("meeting_held_on"), waived=_waived),
    ClockRule("rapid_review_meeting_from_acknowledgement", case=_case,
              starts_on=acknowledged_on, met_on=_review_date("meeting_held_on"),
              waived=_waived),
    ClockRule("rapid_review_to_panel", case=_case, starts_on=rapid_review_starts,
              met_on=_review_date("submitted_on"), waived=_waived),
    ClockRule("rapid_review_to_panel_from_acknowledgement", case=_case,
              starts_on=acknowledged_on, met_on=_review_date("submitted_on"), waived=_waived),
    ClockRule("lcspr_decision", case=_case, starts_on=_notified_on,
              met_on=_review_date("signed_off_on"), waived=_waived),
    ClockRule("panel_response", case=_case, starts_on=_review_date("submitted_on"),
              met_on=_review_date("panel_responded_on"), waived=_waived),
    select_related=("rapid_review",),
)


def _extension_notices(case_ids: list[int]) -> dict[int, KeptReason]:
    """The review's extension notice is its own reason for the delay of the 15 working days
    (001, day 15: "if there are extenuating reasons why the rapid review cannot be completed
    within 15 working days, please notify the Secretariat"), by case."""
    return {case_id: KeptReason("Extension notice to the Panel secretariat", notified_on,
                                reason)
            for case_id, notified_on, reason in RapidReview.objects.filter(
                case_id__in=case_ids, extension_notified_on__isnull=False).values_list(
                "case_id", "extension_notified_on", "extension_reason")}


keeps_delay_reasons(KeptReasons(
    "rapid_review_to_panel", reasons=_extension_notices,
    given=lambda: RapidReview.objects.filter(extension_notified_on__isnull=False).values(
        "case_id")))


def _return_waived(information_return: InformationReturn) -> str:
    if information_return.review.case.status in CLOSED:
        return "The case was closed"
    if information_return.status == InformationReturn.Status.CLOSED:
        return "The rapid review was sent to the National Panel before it was submitted"
    # A later LCSPR's request: its clock stops when the review ends (closed, withdrawn or
    # merged), which moves the case on.
    if information_return.lcspr_id and information_return.review.case.status == \
            Case.Status.LCSPR_ENDED:  # services.ended_before_submitted asks the same
        return "The LCSPR ended before it was submitted"
    return ""


declare(
    ClockPolicy("agency_information_return", "Agency information return",
                starts="The request was sent", met_by="The return was submitted", amount=5,
                unit=WORKING_DAYS, source="Seed 000 stage 4; seed 002 §7",
                responsible=Answers.AGENCY, told=(BUSINESS_UNIT, OWNING_AGENCY_CONTRIBUTORS),
                reminder_working_days=2),
)

register(
    InformationReturn,
    ClockRule("agency_information_return", case=lambda r: r.review.case,
              starts_on=lambda r: r.requested_on, met_on=lambda r: r.submitted_on,
              waived=_return_waived, owner_agency=lambda r: r.agency,
              due_on=lambda r: r.due_on),
    select_related=("review__case", "agency"),
)
