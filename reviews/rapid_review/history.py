"""What the rapid review adds to its case's change history: the review (its panel's outcome,
sign-off and submission), its sign-offs, who attended the panel, its parallel processes, its
immediate actions, and the agencies' information returns with their rows."""

from cases.models import Case
from cases.selectors import HistorySource, adds_to_case_history
from safeguarding.models import Agency

from ..action_plans.models import Action
from .models import (
    ChronologyEntry,
    InformationReturn,
    KnownAgency,
    PanelAttendance,
    ParallelProcess,
    RapidReview,
    ReturnChild,
    ReturnFamilyMember,
    ReturnPractitioner,
    SignOff,
)

PARTNERS = dict(Agency.Kind.choices)


def _in_return(row, what: str) -> str:
    return f"Information return from {row.information_return.agency.name}: {what}"


@adds_to_case_history
def rapid_review_history(case: Case) -> list[HistorySource]:
    in_review = {"review__case_id": case.pk}
    in_returns = {"information_return__review__case_id": case.pk}
    return_agency = "information_return__agency"
    return [
        HistorySource(RapidReview.history.filter(case_id=case.pk), lambda row: "Rapid review"),
        HistorySource(SignOff.history.filter(**in_review),
                      lambda row: f"Sign-off for {PARTNERS.get(row.partner, 'a partner')}",
                      {"partner": Agency.Kind.choices}),
        HistorySource(PanelAttendance.history.filter(**in_review),
                      lambda row: f"Panel attendance: {row.name}"),
        HistorySource(ParallelProcess.history.filter(**in_review),
                      lambda row: "Parallel process: " + (
                          row.other_kind if row.kind == ParallelProcess.Kind.OTHER
                          and row.other_kind else row.get_kind_display())),
        HistorySource(Action.history.filter(**in_review),
                      lambda row: f"Immediate action: {row.action[:60]}"),
        HistorySource(InformationReturn.history.filter(**in_review).select_related("agency"),
                      lambda row: f"Information return from {row.agency.name}"),
        HistorySource(ReturnChild.history.filter(**in_returns).select_related(return_agency),
                      lambda row: _in_return(row, "subject child")),
        HistorySource(ReturnPractitioner.history.filter(**in_returns)
                      .select_related(return_agency),
                      lambda row: _in_return(row, f"practitioner ({row.role})"
                                             if row.role else "practitioner")),
        HistorySource(ReturnFamilyMember.history.filter(**in_returns)
                      .select_related(return_agency),
                      lambda row: _in_return(row, f"family member ({row.relationship})"
                                             if row.relationship else "family member")),
        HistorySource(KnownAgency.history.filter(**in_returns).select_related(return_agency),
                      lambda row: _in_return(row, f"other agency known: {row.name}")),
        HistorySource(ChronologyEntry.history.filter(**in_returns)
                      .select_related(return_agency),
                      lambda row: _in_return(row, "chronology entry of "
                                                  f"{row.happened_on:%-d %B %Y}")),
    ]
