"""Printable documents, made with WeasyPrint (safeguarding.pdf)."""

from cases.models import Case, Notification
from cases.notifying import required_recipients
from safeguarding import pdf
from safeguarding.models import LocalPolicy

from .answers import referral_answers


def notification_summary_pdf(*, case: Case, partnership: str) -> bytes:
    """The facts the National Panel's notification asks for, on A4, to copy from or attach."""
    referral = case.referral
    ask = LocalPolicy.current().ask_about_care_leaver_deaths
    return pdf.pdf("case_forms/notification_summary.html", {
        "case": case, "referral": referral, "partnership": partnership,
        "criteria": referral.criteria_met(ask_about_care_leavers=ask),
        "answers": referral_answers(referral, ask_about_care_leavers=ask),
        "notifications": list(case.notifications.all()),
        "required": _to_be_notified(case),
    })


def _to_be_notified(case: Case) -> list[str]:
    labels = dict(Notification.Recipient.choices)
    required = [labels[r] for r in required_recipients(case)]
    if not case.screening_decision:
        required.insert(0, f"{labels[Notification.Recipient.NATIONAL_PANEL]}, if the partners "
                           "decide to notify")
    return required
