"""What LCSPRs add to home pages and the case page."""

from cases.models import Case
from cases.selectors import shows_on_case_page
from safeguarding.models import Role, User
from safeguarding.selectors import WorkItem, provides_work_list

from . import selectors

# The case states in which a case may have an LCSPR: its panel reads it only then.
MAY_HAVE_ONE = {Case.Status.LCSPR_TO_COMMISSION, Case.Status.LCSPR, Case.Status.LCSPR_ENDED,
                Case.Status.WITHDRAWN, Case.Status.MERGED}


@provides_work_list(Role.REVIEWER, "Reviews you are commissioned on")
def reviews_commissioned_on(user: User) -> list[WorkItem]:
    return [WorkItem(text=f"LCSPR {lcspr.case.reference}", url=lcspr.get_absolute_url(),
                     detail=lcspr.get_status_display())
            for lcspr in selectors.commissioned_on(user=user)]


@shows_on_case_page
def lcspr_panel(case: Case) -> tuple[str, dict]:
    lcspr = selectors.lcspr_for_case(case_id=case.pk) if case.status in MAY_HAVE_ONE else None
    return "reviews/lcspr/_case_panel.html", {
        "case": case, "lcspr": lcspr,
        "may_open": lcspr is None and case.status == Case.Status.LCSPR_TO_COMMISSION,
        "reviewer": next((c.reviewer for c in lcspr.commissions.all() if c.is_current), None)
        if lcspr else None,
    }
