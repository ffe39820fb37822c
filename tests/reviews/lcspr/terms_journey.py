"""An LCSPR brought to its terms of reference through the services (issue 13 items 4 and
6): a rapid review with parallel processes and a recommended methodology concluded with an
LCSPR around Christmas 2023, its reviewer commissioned, the governance group, the terms of
reference and the timetable set out. Used by the tests beside it."""

from __future__ import annotations

import datetime

from reviews.lcspr import services
from reviews.models import Lcspr, RapidReview
from reviews.rapid_review import services as reviews
from safeguarding.models import User
from safeguarding.rows import RowChange
from tests.safeguarding import workflow_journeys as j

from . import journey

D = datetime.date
DAY = datetime.timedelta(days=1)
# Monday 4 December 2023; the partners' decision signed off on Friday 15 December.
RECEIVED, DECIDED = D(2023, 12, 4), D(2023, 12, 15)
COMMISSIONED = D(2023, 12, 20)  # a Wednesday, before Christmas
METHODOLOGY = "A systems review with a learning event for the practitioners"
PROCESSES = [
    {"kind": "inquest", "other_kind": "", "progress": "under_way",
     "lead": "Coroner's officer, Northmoor Coroner's Court",
     "notes": "Inquest opened and adjourned on 11 December 2023"},
    {"kind": "criminal_investigation", "other_kind": "", "progress": "under_way",
     "lead": "DI Sarah Pike, Northmoor Police Major Crime", "notes": ""},
]
TERMS = {
    "scope": "Multi-agency practice with the baby and family from the booking appointment "
             "to the admission to hospital.",
    "period_from": D(2023, 3, 1), "period_to": D(2023, 11, 30),
    "key_lines_of_enquiry": "How did agencies assess the risk the father posed?\nWas the "
                            "baby seen with the father present?",
    "methodology": "systems",
    "methodology_reason": "The best opportunity to learn about the system (004 section 8.2).",
}


def rapid_review_with_processes(p: j.People, *, received: datetime.date = RECEIVED,
                                decided: datetime.date = DECIDED) -> RapidReview:
    review = journey.rapid_review_signed(p, received=received, decided=decided,
                                         recommended_methodology=METHODOLOGY)
    reviews.record_parallel_processes(review=review, actor=p.business_unit, processes=[
        RowChange(values=values) for values in PROCESSES])
    return review


def opened(p: j.People, **dates) -> Lcspr:
    """The rapid review (with its parallel processes) sent to the National Panel, agreed and
    concluded with an LCSPR: it opens."""
    review = rapid_review_with_processes(p, **dates)
    decided = dates.get("decided", DECIDED)
    bu = p.business_unit
    reviews.record_submission(review=review, actor=bu, submitted_on=decided)
    reviews.record_panel_response(review=review, actor=bu, responded_on=decided + 3 * DAY,
                                  response=RapidReview.PanelResponse.AGREES)
    reviews.conclude_rapid_review(review=review, actor=bu,
                                  next_step=RapidReview.NextStep.LCSPR)
    return Lcspr.objects.select_related("case").get(case=review.case)


def commissioned(p: j.People, reviewer: User, on: datetime.date = COMMISSIONED) -> Lcspr:
    lcspr = opened(p)
    return journey.commissioned(p, lcspr, reviewer, on)


def member(p: j.People, **values) -> RowChange:
    return RowChange(values={"user": None, "name": "", "agency": None, "job_title": "",
                             "role": "member", **values})


def milestone(name: str, due_on: datetime.date,
              done_on: datetime.date | None = None) -> RowChange:
    return RowChange(values={"name": name, "due_on": due_on, "done_on": done_on})


def ready_to_agree(p: j.People, lcspr: Lcspr) -> Lcspr:
    """The governance group (its chair carried over; two members added), the terms of
    reference set out and a timetable of three milestones."""
    bu = p.business_unit
    services.record_governance_group(lcspr=lcspr, actor=bu, members=[
        member(p, user=p.partner),
        member(p, name="Dr Amir Khan", agency=p.agencies["health_provider"],
               job_title="Designated doctor for safeguarding")])
    services.set_terms_of_reference(lcspr=journey.refreshed(lcspr), actor=bu, **TERMS)
    services.record_timetable(lcspr=journey.refreshed(lcspr), actor=bu, milestones=[
        milestone("Chronologies from the agencies", D(2024, 2, 15)),
        milestone("Practitioners' learning event", D(2024, 3, 28)),
        milestone("First draft to the governance group", D(2024, 4, 30))])
    return journey.refreshed(lcspr)
