"""What the practitioners and family add to their case's change history (read by the
business unit and the scrutineer): each row named by its kind, never by the person."""

from cases.models import Case
from cases.selectors import HistorySource, adds_to_case_history

from .models import EngagementContact, LcsprFamilyMember, LcsprPractitioner


@adds_to_case_history
def engagement_history(case: Case) -> list[HistorySource]:
    in_lcspr = {"lcspr__case_id": case.pk}
    return [
        HistorySource(LcsprPractitioner.history.filter(**in_lcspr),
                      lambda row: "LCSPR practitioner"),
        HistorySource(LcsprFamilyMember.history.filter(**in_lcspr),
                      lambda row: "LCSPR family member"),
        HistorySource(EngagementContact.history.filter(**in_lcspr),
                      lambda row: "LCSPR contact with a family member or practitioner"),
    ]
