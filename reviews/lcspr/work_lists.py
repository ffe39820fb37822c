"""What LCSPRs add to home pages and the case page."""

from cases.models import Case
from cases.selectors import shows_on_case_overview, shows_on_case_page
from reviews.rapid_review import selectors as rapid_review_selectors
from safeguarding.models import Role, User
from safeguarding.selectors import WorkItem, provides_work_list

from . import selectors
from .information_requests import selectors as request_selectors

# The case states in which a case may have an LCSPR: its panel reads it only then.
MAY_HAVE_ONE = {Case.Status.LCSPR_TO_COMMISSION, Case.Status.LCSPR, Case.Status.LCSPR_ENDED,
                Case.Status.WITHDRAWN, Case.Status.MERGED}


@provides_work_list(Role.REVIEWER, "Reviews you are commissioned on")
def reviews_commissioned_on(user: User) -> list[WorkItem]:
    return [WorkItem(text=f"LCSPR {lcspr.case.reference}", url=lcspr.get_absolute_url(),
                     detail=lcspr.get_status_display(), case_id=lcspr.case_id)
            for lcspr in selectors.commissioned_on(user=user)]


def reviews_governed(user: User) -> list[WorkItem]:
    """004 section 9.1: the members of a review's governance group find their review here,
    whatever their role."""
    return [WorkItem(text=f"LCSPR {lcspr.case.reference}", url=lcspr.get_absolute_url(),
                     detail=lcspr.get_status_display(), case_id=lcspr.case_id)
            for lcspr in selectors.governed_by(user=user)]


for _role in (Role.PANEL_CHAIR, Role.PANEL_MEMBER, Role.AGENCY_CONTRIBUTOR, Role.MANAGER):
    provides_work_list(_role, "Reviews whose governance group you sit on")(reviews_governed)


@shows_on_case_page
def lcspr_panel(case: Case) -> tuple[str, dict]:
    lcspr = selectors.lcspr_for_case(case_id=case.pk) if case.status in MAY_HAVE_ONE else None
    return "reviews/lcspr/_case_panel.html", {
        "case": case, "lcspr": lcspr,
        "may_open": lcspr is None and case.status == Case.Status.LCSPR_TO_COMMISSION,
        "reviewer": next((c.reviewer for c in lcspr.commissions.all() if c.is_current), None)
        if lcspr else None,
    }


@shows_on_case_overview
def reviews_overview(case: Case) -> tuple[str, dict]:
    """The case's reviews as the reviewer and the governance group read them: the rapid
    review with its panel packs and returns, and the LCSPR with the returns it asked for."""
    lcspr = selectors.lcspr_for_case(case_id=case.pk)
    review = rapid_review_selectors.review_for_case(case_id=case.pk)
    return "reviews/lcspr/_case_overview.html", {
        "lcspr": lcspr, "review": review,
        "kept_packs": list(rapid_review_selectors.kept_panel_packs(review=review))
        if review else [],
        "returns": review.agency_returns if review else [],
        "lcspr_returns": request_selectors.requests_of(lcspr) if lcspr else [],
    }
