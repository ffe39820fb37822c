"""The statutory and local clocks that run for a case, declared to the deadlines app (each
clock's row of the timescale table, then the rules that run them), and the case page's list
of them."""

from dataclasses import dataclass

from deadlines import calendar
from deadlines import selectors as deadline_selectors
from deadlines.models import Clock, Deadline
from deadlines.registry import (
    BUSINESS_UNIT,
    LOCAL_AUTHORITY_PARTNER,
    OWNING_AGENCY_CONTRIBUTORS,
    SAFEGUARDING_PARTNERS,
    WORKING_TOGETHER_2023,
    ClockPolicy,
    ClockRule,
    declare,
    register,
)
from safeguarding.models import LocalPolicy

from . import notifying
from .models import Case, Notification
from .selectors import shows_on_case_page

WORKING_DAYS = Clock.Unit.WORKING_DAYS
Answers = Clock.Responsible

RECIPIENT_CLOCKS = {
    Notification.Recipient.NATIONAL_PANEL: "notify_national_panel",
    Notification.Recipient.OFSTED: "notify_ofsted",
    Notification.Recipient.DFE: "notify_dfe",
    Notification.Recipient.CHILD_DEATH_REVIEW: "notify_child_death_review",
}
DEATHS = ("004 §5.3; 000 stage 1; Working Together 2023 (care leavers, as updated in "
          "December 2023)")


def _notification_policy(code: str, name: str, met_by: str,
                         source: str = WORKING_TOGETHER_2023) -> ClockPolicy:
    return ClockPolicy(code, name, starts="The local authority became aware", met_by=met_by,
                       amount=5, unit=WORKING_DAYS, statutory=True, source=source,
                       responsible=Answers.LOCAL_AUTHORITY,
                       told=(BUSINESS_UNIT, LOCAL_AUTHORITY_PARTNER), reminder_working_days=2)


declare(
    ClockPolicy("referral_to_business_unit", "Referral to the business unit",
                starts="The referring agency knew of the incident",
                met_by="The referral was received", amount=1, unit=WORKING_DAYS,
                source="Seed 004 §4.5; seed 003 (Kirklees: 24 hours)",
                responsible=Answers.REFERRER, told=(BUSINESS_UNIT, OWNING_AGENCY_CONTRIBUTORS),
                reminder_working_days=0),
    ClockPolicy("referral_within_24_hours", "Referral to the business unit within 24 hours",
                starts="The referring agency knew of the incident",
                met_by="The referral was received", amount=24, unit=Clock.Unit.HOURS,
                source="Seed 003 (Kirklees: 24 hours), when the local policy asks for it",
                responsible=Answers.REFERRER, told=(BUSINESS_UNIT, OWNING_AGENCY_CONTRIBUTORS),
                reminder_working_days=0, beside="referral_to_business_unit"),
    ClockPolicy("inform_partners", "Business unit informs the partners",
                starts="The referral was received", met_by="The partners were informed",
                amount=1, unit=WORKING_DAYS, source="Seed 004 §4.6, §5.1",
                responsible=Answers.BUSINESS_UNIT, told=(BUSINESS_UNIT,),
                reminder_working_days=0),
    ClockPolicy("partners_consider", "Partners consider the case",
                starts="The referral was received",
                met_by="The partners recorded their decision", amount=5, unit=WORKING_DAYS,
                source="Seed 004 §4.6", responsible=Answers.PARTNERS,
                told=(BUSINESS_UNIT, SAFEGUARDING_PARTNERS), reminder_working_days=2),
    _notification_policy("notify_national_panel", "Notify the National Panel, Ofsted and DfE",
                         "The online notification was sent"),
    _notification_policy("notify_ofsted", "Notify Ofsted of the death",
                         "Ofsted was notified", DEATHS),
    _notification_policy("notify_dfe", "Notify the Department for Education of the death",
                         "The DfE was notified", DEATHS),
    _notification_policy("notify_child_death_review", "Notify the child death review partners",
                         "The child death review partners were notified",
                         "Seed 002 section 3; Working Together 2023"),
    ClockPolicy("referrer_feedback", "Feedback to the referrer",
                starts="The partners recorded their decision",
                met_by="The referrer was told the outcome", amount=5, unit=WORKING_DAYS,
                source="Seed 004 §5.7", responsible=Answers.BUSINESS_UNIT,
                told=(BUSINESS_UNIT,), reminder_working_days=2),
)


def _referral(case: Case):
    return getattr(case, "referral", None)


def _closed_reason(case: Case) -> str:
    if case.status == Case.Status.WITHDRAWN:
        return "The case was withdrawn"
    if case.status == Case.Status.MERGED:
        return "The case was merged with a duplicate"
    return ""


def _notified_on(case: Case, *recipients: str):
    return min((n.notified_on for n in case.notifications.all() if n.recipient in recipients),
               default=None)


def _not_notifying(case: Case) -> str:
    if reason := _closed_reason(case):
        return reason
    if not notifying.the_panel_may_be_notified(case):
        return ("The partners decided not to notify the National Panel on "
                f"{case.screening_decided_on:%-d %B %Y}")
    return ""


def _online_notification_rule() -> ClockRule:
    """The 5 working days run from the local authority's awareness whatever the screening
    stage; a decision not to notify stops them, with the reason."""
    return ClockRule(
        "notify_national_panel", case=lambda case: case,
        starts_on=lambda case: case.local_authority_aware_on,
        met_on=lambda case: _notified_on(case, Notification.Recipient.NATIONAL_PANEL),
        waived=_not_notifying)


def _death_rule(recipient: str) -> ClockRule:
    """Ofsted and DfE of a death that requires it whatever the partners decide; the online
    notification, which they receive too, meets it."""
    def starts_on(case: Case):
        if recipient not in notifying.death_notifications(case):
            return None
        return case.local_authority_aware_on

    return ClockRule(
        RECIPIENT_CLOCKS[recipient], case=lambda case: case, starts_on=starts_on,
        met_on=lambda case: _notified_on(case, recipient, Notification.Recipient.NATIONAL_PANEL),
        waived=_closed_reason)


def _child_death_review_rule() -> ClockRule:
    def starts_on(case: Case):
        return case.local_authority_aware_on if notifying.a_child_died(case) else None

    def waived(case: Case) -> str:
        if notifying.death_notifications(case):
            return _closed_reason(case)
        return _not_notifying(case)

    return ClockRule(
        "notify_child_death_review", case=lambda case: case, starts_on=starts_on,
        met_on=lambda case: _notified_on(case, Notification.Recipient.CHILD_DEATH_REVIEW),
        waived=waived)


def _referral_started(case: Case):
    """From when the referring agency became aware (004 section 4.5); when it did not say,
    the incident."""
    referral = _referral(case)
    if referral is None or referral.source != "agency":
        return None
    return referral.agency_aware_on or referral.incident_date


def _referral_started_locally(case: Case):
    return _referral_started(case) if LocalPolicy.current().referral_within_24_hours else None


def _referring_agency(case: Case):
    referral = _referral(case)
    return referral.agency if referral else None


register(
    Case,
    ClockRule("referral_to_business_unit", case=lambda case: case,
              starts_on=_referral_started, met_on=lambda case: case.received_on,
              owner_agency=_referring_agency),
    ClockRule("referral_within_24_hours", case=lambda case: case,
              starts_on=_referral_started_locally, met_on=lambda case: case.received_on,
              owner_agency=_referring_agency),
    ClockRule("inform_partners", case=lambda case: case, starts_on=lambda case: case.received_on,
              met_on=lambda case: case.partners_informed_on, waived=_closed_reason),
    ClockRule("partners_consider", case=lambda case: case,
              starts_on=lambda case: case.received_on,
              met_on=lambda case: case.screening_decided_on, waived=_closed_reason),
    ClockRule("referrer_feedback", case=lambda case: case,
              starts_on=lambda case: case.screening_decided_on,
              met_on=lambda case: case.referrer_told_on, waived=_closed_reason),
    _online_notification_rule(), _death_rule(Notification.Recipient.OFSTED),
    _death_rule(Notification.Recipient.DFE), _child_death_review_rule(),
    select_related=("referral",), prefetch_related=("notifications",),
)


@dataclass(frozen=True)
class ClockBar:
    """How a clock's progress bar looks and what it says in words (colour is never the only
    signal): ``fill`` in per cent, in steps of 5; ``tone``, its colour."""

    fill: int
    tone: str
    text: str


def _days(count: int) -> str:
    return f"{count} working day{'' if count == 1 else 's'}"


def clock_bar(line: deadline_selectors.ClockLine) -> ClockBar:
    """Full red when overdue, full orange when met late, full green when met on time, full
    grey when waived; else as far as today is from the start to the due date, in blue."""
    deadline, state = line.deadline, line.deadline.state
    if state == Deadline.State.MET:
        return ClockBar(100, "green", "Met on time")
    if state == Deadline.State.MET_LATE:
        late = calendar.working_days_between(deadline.due_on, deadline.met_on)
        return ClockBar(100, "orange", f"Met late, by {_days(late)}" if late > 0 else "Met late")
    if state == Deadline.State.WAIVED:
        return ClockBar(100, "grey", "Waived")
    left = line.working_days_left
    if state == Deadline.State.OVERDUE or (left is not None and left < 0):
        return ClockBar(100, "red", f"Overdue by {_days(-left)}" if left else "Overdue")
    text = ("Due today" if left == 0 else f"Not yet due: {_days(left)} left"
            if left is not None else "Not yet due")
    return ClockBar(5 * round(line.position / 5), "blue", text)


@shows_on_case_page
def clocks_panel(case: Case) -> tuple[str, dict]:
    lines = deadline_selectors.case_clocks(case_id=case.pk)
    return "deadlines/_case_clocks.html", {
        "lines": lines, "rows": [(line, clock_bar(line)) for line in lines]}
