"""The statutory and local clocks that run for a case, declared to the deadlines app, and
the case page's list of them."""

from deadlines import selectors as deadline_selectors
from deadlines.registry import ClockRule, register

from .models import Case, Notification
from .selectors import shows_on_case_page

RECIPIENT_CLOCKS = {
    Notification.Recipient.NATIONAL_PANEL: "notify_national_panel",
    Notification.Recipient.OFSTED: "notify_ofsted",
    Notification.Recipient.DFE: "notify_dfe",
    Notification.Recipient.CHILD_DEATH_REVIEW: "notify_child_death_review",
}


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
