"""What the referral adds to its case's change history: the referral and its rows, each
named as a person reads it, with the labels of the answers it keeps as lists."""

from cases.models import Case
from cases.selectors import HistorySource, adds_to_case_history

from .models import Child, FamilyMember, InvolvedAgency, Plan, Referral

# The questions answered by ticking boxes keep a list of the answers' codes.
LIST_ANSWERS = {"must_notify": Referral.MustNotify.choices,
                "consider_referring": Referral.ConsiderReferring.choices,
                "characteristics": Referral.Characteristic.choices,
                "other_reviews": Referral.OtherReview.choices}


def _family_member(row) -> str:
    return f"Family member: {row.first_name} {row.last_name}".strip()


@adds_to_case_history
def referral_history(case: Case) -> list[HistorySource]:
    referral = Referral.objects.filter(case_id=case.pk).values("pk")
    return [
        HistorySource(Referral.history.filter(id__in=referral), lambda row: "Referral",
                      LIST_ANSWERS),
        HistorySource(Child.history.filter(referral_id__in=referral),
                      lambda row: f"Child: {row.full_name}"),
        HistorySource(FamilyMember.history.filter(referral_id__in=referral), _family_member),
        HistorySource(Plan.history.filter(referral_id__in=referral),
                      lambda row: f"{row.get_kind_display()}: {row.person_name}"),
        HistorySource(InvolvedAgency.history.filter(referral_id__in=referral),
                      lambda row: f"Agency involved: {row.organisation}"),
    ]
