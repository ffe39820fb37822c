"""The LCSPR's printed documents, made with WeasyPrint (safeguarding.pdf): the terms of
reference and the status summary for the partners (issue 13 item 13). They name the case by
its reference only."""

from typing import Any

from deadlines.selectors import with_delays
from safeguarding import pdf

from . import selectors
from .models import Lcspr, LcsprNotice
from .reports.selectors import report_of
from .workflow import current_commission, terms_of, told


def terms_of_reference_pdf(*, lcspr: Lcspr, partnership: str) -> bytes:
    """The terms of reference as agreed (or as drafted, marked so): scope and period, key
    lines of enquiry, methodology and why, the governance group, the timetable, and the
    parallel processes with how the review is coordinated with each (004 sections 8.2,
    9.1, 11). ``lcspr`` as selectors.lcspr_for_terms reads it."""
    return pdf.pdf("reviews/lcspr/terms_of_reference_print.html", {
        "lcspr": lcspr, "case": lcspr.case, "terms": terms_of(lcspr),
        "commission": current_commission(lcspr), "partnership": partnership,
    })


# The status summary for the partners (issue 13 item 13): where the review stands, its
# clocks, decisions, notices, reviewer, report and publication, from the same reads as the
# review's page.

def notice_rows(lcspr: Lcspr) -> list[tuple[str, LcsprNotice | None, LcsprNotice | None]]:
    """Each recipient, with when they were told of the decision and of the reviewer
    commissioned now."""
    decision = told(lcspr, LcsprNotice.About.DECISION)
    reviewer = told(lcspr, LcsprNotice.About.REVIEWER)
    return [(label, decision.get(recipient), reviewer.get(recipient))
            for recipient, label in LcsprNotice.Recipient.choices]


def status_summary(lcspr: Lcspr) -> dict[str, Any]:
    """What the summary shows. ``lcspr`` as selectors.lcspr_for_page reads it: a fixed
    number of queries more (the decision log, the clocks and their reasons for delay)."""
    report = report_of(lcspr)
    current = report.current
    deadlines = with_delays(selectors.lcspr_deadlines(lcspr))
    by_clock = {line.deadline.clock.code: line.deadline for line in deadlines}
    return {
        "lcspr": lcspr, "case": lcspr.case, "terms": terms_of(lcspr),
        "commission": current_commission(lcspr), "clocks": deadlines,
        "copy_deadline": by_clock.get("final_report_to_panel"),
        "online_deadline": by_clock.get("report_kept_online"),
        "decisions": list(selectors.lcspr_decisions(lcspr)),
        "notices": notice_rows(lcspr), "report": report, "current": current,
        "current_sign_offs": [
            sign_off for sign_off in report.sign_offs
            if current is not None and sign_off.version_id == current.version.pk],
    }


def status_summary_pdf(*, lcspr: Lcspr, partnership: str) -> bytes:
    """The status summary as a PDF for the partners (004 sections 8.6 and 15.5: they
    supervise the review and answer for its timescales)."""
    return pdf.pdf("reviews/lcspr/status_summary_print.html",
                   {**status_summary(lcspr), "partnership": partnership})
