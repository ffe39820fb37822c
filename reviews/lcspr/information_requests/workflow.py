"""The LCSPR's step that asks agencies for information, declared beside its lifecycle
(reviews/lcspr/workflow.py): the business unit asks, while the review runs and before its
report is signed off."""

from safeguarding.models import User

from ..models import Lcspr
from ..workflow import BEFORE_THE_REPORT, LCSPR, _run

ASK = "ask_agencies_for_information"


def _a_rapid_review_kept_here(lcspr: Lcspr, user: User | None) -> str:
    """A return belongs to the case's rapid review, which holds the case's returns."""
    if getattr(lcspr.case, "rapid_review", None) is not None:
        return ""
    return ("This case's rapid review is not kept in this service, so its agencies cannot be "
            "asked here: ask them another way")


LCSPR.add(
    _run(ASK, "Ask agencies for information",
         done="Agencies asked for information for the review", sources=BEFORE_THE_REPORT,
         slug="information-requests", guards=[_a_rapid_review_kept_here]),
)
