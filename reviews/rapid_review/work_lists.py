"""What rapid reviews add to home pages and the case page."""

from django.db.models import Exists, OuterRef
from django.utils.formats import date_format

from cases.models import Case
from cases.selectors import shows_on_case_page
from cases.workflow import CASE
from safeguarding.models import Role, User
from safeguarding.selectors import WorkItem, provides_work_list

from . import selectors
from .models import RapidReview, SignOff
from .workflow import RAPID_REVIEW

# Before the panel meets: the states the meeting can be scheduled in.
COMING_UP = RAPID_REVIEW.transitions["schedule_meeting"].sources


@provides_work_list(Role.AGENCY_CONTRIBUTOR, "Information requests for your agency")
def requests_for_agency(user: User) -> list[WorkItem]:
    return [WorkItem(text=f"{'LCSPR' if item.lcspr_id else 'Rapid review'} "
                          f"{item.review.case.reference}",
                     url=item.get_absolute_url(),
                     detail=f"{item.get_status_display()}, due "
                            f"{date_format(item.due_on, 'j F Y')}",
                     case_id=item.review.case_id)
            for item in selectors.open_requests_for(agency_id=user.agency_id)]


@provides_work_list(Role.BUSINESS_UNIT, "Information returns awaited")
def returns_awaited(user: User) -> list[WorkItem]:
    return [WorkItem(text=f"{item.review.case.reference}: {item.agency.name}"
                          + (" (LCSPR)" if item.lcspr_id else ""),
                     # A later LCSPR's request is followed on the return itself.
                     url=item.get_absolute_url() if item.lcspr_id
                     else item.review.case.get_absolute_url() + "#rapid-review",
                     detail=f"{item.get_status_display()}, due "
                            f"{date_format(item.due_on, 'j F Y')}",
                     case_id=item.review.case_id)
            for item in selectors.returns_awaited()]


def _reviews(reviews, detail) -> list[WorkItem]:
    return [WorkItem(text=f"Rapid review {review.case.reference}", url=review.get_absolute_url(),
                     detail=detail(review), case_id=review.case_id)
            for review in reviews.select_related("case").order_by("pk")[:50]]


def _meeting(review: RapidReview) -> str:
    return (f"Panel meets {date_format(review.meeting_on, 'j F Y')}" if review.meeting_on
            else "Meeting not yet scheduled")


@provides_work_list(Role.SAFEGUARDING_PARTNER, "Rapid reviews to sign off")
def to_sign_off(user: User) -> list[WorkItem]:
    given = SignOff.objects.filter(review=OuterRef("pk"), partner=user.agency.kind,
                                   voided_on__isnull=True,
                                   decision_version=OuterRef("decision_version"))
    return _reviews(RapidReview.objects.filter(
        status__in=RAPID_REVIEW.transitions["sign_off"].sources).exclude(Exists(given)),
        lambda review: review.get_partners_decision_display())


@provides_work_list(Role.SCRUTINEER, "Rapid review decisions to record")
def decisions_to_record(user: User) -> list[WorkItem]:
    if not user.has_perm("reviews.record_partners_decision"):
        return []
    waiting = RAPID_REVIEW.transitions["record_partners_decision"].sources - {
        RapidReview.Status.DECIDED}
    return _reviews(RapidReview.objects.filter(status__in=waiting),
                    lambda review: "Recommended: " + review.get_recommendation_display())



@provides_work_list(Role.PANEL_CHAIR, "Panels you chair")
def panels_chaired(user: User) -> list[WorkItem]:
    return _reviews(user.rapid_review_panels.filter(status__in=COMING_UP), _meeting)


@provides_work_list(Role.PANEL_CHAIR, "Recommendations to record")
def recommendations_to_record(user: User) -> list[WorkItem]:
    # Met, and not yet recommended: the states the recommendation starts from, but its own.
    waiting = RAPID_REVIEW.transitions["record_recommendation"].sources - {
        RapidReview.Status.RECOMMENDED}
    return _reviews(user.rapid_review_panels.filter(status__in=waiting),
                    lambda review: "The panel met on "
                                   + date_format(review.meeting_held_on, "j F Y"))


@provides_work_list(Role.PANEL_MEMBER, "Panels you sit on")
def panels_sat_on(user: User) -> list[WorkItem]:
    return _reviews(user.rapid_review_panels.filter(status__in=COMING_UP), _meeting)


@shows_on_case_page
def rapid_review_panel(case: Case) -> tuple[str, dict]:
    review = selectors.review_for_case(case_id=case.pk)
    return "reviews/_case_panel.html", {
        "case": case, "review": review,
        "returns": review.agency_returns if review else [],
        "may_start": case.status in CASE.transitions["start_rapid_review"].sources,
    }
