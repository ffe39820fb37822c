"""The LCSPR's printed documents, made with WeasyPrint (safeguarding.pdf): the terms of
reference (issue 13 item 13's first output). They name the case by its reference only."""

from safeguarding import pdf

from .models import Lcspr
from .workflow import current_commission, terms_of


def terms_of_reference_pdf(*, lcspr: Lcspr, partnership: str) -> bytes:
    """The terms of reference as agreed (or as drafted, marked so): scope and period, key
    lines of enquiry, methodology and why, the governance group, the timetable, and the
    parallel processes with how the review is coordinated with each (004 sections 8.2,
    9.1, 11). ``lcspr`` as selectors.lcspr_for_terms reads it."""
    return pdf.pdf("reviews/lcspr/terms_of_reference_print.html", {
        "lcspr": lcspr, "case": lcspr.case, "terms": terms_of(lcspr),
        "commission": current_commission(lcspr), "partnership": partnership,
    })
