"""The rapid review's documents, made with WeasyPrint (safeguarding.pdf): the panel pack and
the report to the National Panel."""

from cases.models import Notification
from deadlines.selectors import late_statutory_clocks
from safeguarding import pdf
from safeguarding.models import LocalPolicy

from . import selectors
from .answers import return_answers
from .models import RapidReview


def _notified_on(review: RapidReview):
    return (review.case.notifications.filter(recipient=Notification.Recipient.NATIONAL_PANEL)
            .values_list("notified_on", flat=True).first())


def panel_pack_pdf(*, review: RapidReview, partnership: str) -> bytes:
    return panel_pack_document(review=review, partnership=partnership).write_pdf()


def panel_pack_document(*, review: RapidReview, partnership: str) -> pdf.Document:
    """The case summary, each agency's submitted return, and one chronology merged across
    agencies in date order with the agency on each row (000 stage 5)."""
    case = review.case
    referral = getattr(case, "referral", None)
    ask = LocalPolicy.current().ask_about_care_leaver_deaths
    return pdf.document("reviews/panel_pack.html", {
        "review": review, "case": case, "partnership": partnership,
        "notified_on": _notified_on(review),
        "criteria": referral.criteria_met(ask_about_care_leavers=ask) if referral else [],
        "chronology": selectors.merged_chronology(review=review),
        # Each return without its chronology, which the merged one above already holds.
        "returns": [(item, [answered for answered in return_answers(item)
                            if answered.section.slug != "chronology"])
                    for item in selectors.submitted_returns(review=review)],
    })


def rapid_review_pdf(*, review: RapidReview, partnership: str) -> bytes:
    """In the shape of the Panel's rapid review template."""
    return pdf.pdf("reviews/report.html", {
        "review": review, "case": review.case, "partnership": partnership,
        "notified_on": _notified_on(review), "sign_offs": selectors.sign_off_rows(review),
        # Each statutory clock met late or overdue, with its reason (issue 12).
        "late_clocks": late_statutory_clocks(case_id=review.case_id),
    })
