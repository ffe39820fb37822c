"""What the LCSPR adds to its case's change history: the review, the reviewers assessed and
commissioned on it, and who was told of the decision and of the reviewer."""

from cases.models import Case
from cases.selectors import HistorySource, adds_to_case_history

from .models import (
    DisclosureRequest,
    GovernanceMeeting,
    GovernanceMember,
    Lcspr,
    LcsprNotice,
    LcsprParallelProcess,
    Milestone,
    ProgressReport,
    ProgressRequest,
    ReviewerCommission,
    TermsOfReference,
)
from .reports.models import ReportRecommendation

RECIPIENTS = dict(LcsprNotice.Recipient.choices)


def _notice(row) -> str:
    about = "decision" if row.about == LcsprNotice.About.DECISION else "reviewer"
    return f"LCSPR: {RECIPIENTS.get(row.recipient, 'a recipient')} told of the {about}"


@adds_to_case_history
def lcspr_history(case: Case) -> list[HistorySource]:
    in_lcspr = {"lcspr__case_id": case.pk}
    return [
        HistorySource(Lcspr.history.filter(case_id=case.pk), lambda row: "LCSPR"),
        HistorySource(ReviewerCommission.history.filter(**in_lcspr).select_related("reviewer"),
                      lambda row: f"LCSPR reviewer: {row.reviewer.full_name}"),
        HistorySource(LcsprNotice.history.filter(**in_lcspr), _notice),
        # Terms of reference and governance, and the parallel processes (issue 13, 4 and 6).
        HistorySource(TermsOfReference.history.filter(**in_lcspr),
                      lambda row: "LCSPR terms of reference"),
        HistorySource(GovernanceMember.history.filter(**in_lcspr),
                      lambda row: "LCSPR governance group member"),
        HistorySource(GovernanceMeeting.history.filter(**in_lcspr),
                      lambda row: "LCSPR governance group meeting"),
        HistorySource(Milestone.history.filter(**in_lcspr),
                      lambda row: f"LCSPR milestone: {row.name}"),
        HistorySource(ProgressRequest.history.filter(**in_lcspr),
                      lambda row: "LCSPR request to the reviewer"),
        HistorySource(ProgressReport.history.filter(**in_lcspr),
                      lambda row: "LCSPR progress report"),
        HistorySource(LcsprParallelProcess.history.filter(**in_lcspr),
                      lambda row: "LCSPR parallel process"),
        # Changed with a reason until the report is sent: what each was stays here.
        HistorySource(ReportRecommendation.history.filter(**in_lcspr),
                      lambda row: f"LCSPR recommendation {row.number}"),
        HistorySource(DisclosureRequest.history.filter(**in_lcspr),
                      lambda row: "LCSPR request for documents"),
    ]
