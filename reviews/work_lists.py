"""What rapid reviews add to home pages and the case page."""

from django.utils.formats import date_format

from cases.models import Case
from cases.selectors import shows_on_case_page
from safeguarding.models import Role, User
from safeguarding.selectors import WorkItem, provides_work_list

from . import selectors
from .models import InformationReturn


@provides_work_list(Role.AGENCY_CONTRIBUTOR, "Information requests for your agency")
def requests_for_agency(user: User) -> list[WorkItem]:
    return [WorkItem(text=f"Rapid review {item.review.case.reference}",
                     url=item.get_absolute_url(),
                     detail=f"{item.get_status_display()}, due "
                            f"{date_format(item.due_on, 'j F Y')}")
            for item in selectors.open_requests_for(agency_id=user.agency_id)]


@provides_work_list(Role.BUSINESS_UNIT, "Information returns awaited")
def returns_awaited(user: User) -> list[WorkItem]:
    return [WorkItem(text=f"{item.review.case.reference}: {item.agency.name}",
                     url=item.review.case.get_absolute_url() + "#rapid-review",
                     detail=f"{item.get_status_display()}, due "
                            f"{date_format(item.due_on, 'j F Y')}")
            for item in selectors.returns_awaited()]


@shows_on_case_page
def rapid_review_panel(case: Case) -> tuple[str, dict]:
    review = selectors.review_for_case(case_id=case.pk)
    return "reviews/_case_panel.html", {
        "case": case, "review": review,
        "returns": list(review.returns.all()) if review else [],
        "may_start": case.status == Case.Status.NOTIFIED,
        "statuses": InformationReturn.Status,
    }
