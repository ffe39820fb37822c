"""The statutory and local clocks that run for a case, declared to the deadlines app (each
clock's row of the timescale table, then the rules that run them), and the case page's list
of them."""

from deadlines import selectors as deadline_selectors
from deadlines.models import Clock
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


def _notification_policy(code: str, name: str, met_by: str) -> ClockPolicy:
    return ClockPolicy(code, name, starts="The local authority became aware", met_by=met_by,
                       amount=5, unit=WORKING_DAYS, statutory=True, source=WORKING_TOGETHER_2023,
                       responsible=Answers.LOCAL_AUTHORITY,
                       told=(BUSINESS_UNIT, LOCAL_AUTHORITY_PARTNER), reminder_working_days=2)


declare(
    ClockPolicy("referral_to_business_unit", "Referral to the business unit",
                starts="The referring agency knew of the incident",
                met_by="The referral was received", amount=1, unit=WORKING_DAYS,
                source="Seed 004 §4.5; seed 003 (Kirklees: 24 hours)",
                responsible=Answers.REFERRER, told=(BUSINESS_UNIT, OWNING_AGENCY_CONTRIBUTORS),
                reminder_working_days=0),
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
    _notification_policy("notify_national_panel", "Notify the National Panel",
                         "The National Panel was notified"),
    _notification_policy("notify_ofsted", "Notify Ofsted", "Ofsted was notified"),
    _notification_policy("notify_dfe", "Notify the Department for Education",
                         "The DfE was notified"),
    _notification_policy("notify_child_death_review", "Notify the child death review partners",
                         "The child death review partners were notified"),
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


def _notification_rule(recipient: str) -> ClockRule:
    def starts_on(case: Case):
        if case.screening_decision != Case.ScreeningDecision.NOTIFY:
            return None
        referral = _referral(case)
        if recipient == Notification.Recipient.CHILD_DEATH_REVIEW and not (
                referral and referral.child_died):
            return None
        return case.local_authority_aware_on

    def met_on(case: Case):
        return next((n.notified_on for n in case.notifications.all()
                     if n.recipient == recipient), None)

    return ClockRule(RECIPIENT_CLOCKS[recipient], case=lambda case: case, starts_on=starts_on,
                     met_on=met_on, waived=_closed_reason)


def _referral_started(case: Case):
    referral = _referral(case)
    return referral.incident_date if referral and referral.source == "agency" else None


register(
    Case,
    ClockRule("referral_to_business_unit", case=lambda case: case,
              starts_on=_referral_started, met_on=lambda case: case.received_on,
              owner_agency=lambda case: _referral(case).agency if _referral(case) else None),
    ClockRule("inform_partners", case=lambda case: case, starts_on=lambda case: case.received_on,
              met_on=lambda case: case.partners_informed_on, waived=_closed_reason),
    ClockRule("partners_consider", case=lambda case: case,
              starts_on=lambda case: case.received_on,
              met_on=lambda case: case.screening_decided_on, waived=_closed_reason),
    ClockRule("referrer_feedback", case=lambda case: case,
              starts_on=lambda case: case.screening_decided_on,
              met_on=lambda case: case.referrer_told_on, waived=_closed_reason),
    *(_notification_rule(recipient) for recipient in RECIPIENT_CLOCKS),
    select_related=("referral",), prefetch_related=("notifications",),
)


@shows_on_case_page
def clocks_panel(case: Case) -> tuple[str, dict]:
    return "deadlines/_case_clocks.html", {
        "lines": deadline_selectors.case_clocks(case_id=case.pk)}
