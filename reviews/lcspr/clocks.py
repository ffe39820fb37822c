"""The clocks of LCSPRs, declared beside their rules (deadlines.registry): the statutory six
months from the partners' decision to initiate the review to its publication (004 section
15.5; 002 section 9), and the National Panel, Ofsted and DfE told of the decision and,
separately, of the reviewer once commissioned (002 section 8: "as soon as", a local default
of 5 working days). Telling them of the decision runs on the case, from the partners'
decision signed off in the rapid review, before the LCSPR's record is made when the rapid
review concludes; the others run on the LCSPR.

The copy of the final report at least 7 working days before the planned publication date
and the report kept online for at least a year are declared here too, awaiting the records
of a later slice (the planned publication date; the publication's details and removal)."""

from datetime import date

from cases.models import Case
from deadlines.models import Clock
from deadlines.registry import (
    BUSINESS_UNIT,
    SAFEGUARDING_PARTNERS,
    WORKING_TOGETHER_2023,
    ClockPolicy,
    ClockRule,
    declare,
    register,
)
from reviews.rapid_review.models import RapidReview

from .models import Lcspr, LcsprNotice
from .workflow import current_commission, told

WORKING_DAYS, MONTHS = Clock.Unit.WORKING_DAYS, Clock.Unit.MONTHS
Answers = Clock.Responsible
CASE_CLOSED = (Case.Status.WITHDRAWN, Case.Status.MERGED)
S = Lcspr.Status
DECISION, REVIEWER = LcsprNotice.About.DECISION, LcsprNotice.About.REVIEWER
NOT_BUILT = "its records (the planned publication date, the publication's details and " \
            "removal) come with a later part of the LCSPR"


def _lcspr(case: Case) -> Lcspr | None:
    return getattr(case, "lcspr", None)


def _all_told(lcspr: Lcspr, about: str) -> date | None:
    """When the last of the National Panel, Ofsted and DfE was told, once all three were."""
    notices = told(lcspr, about)
    if len(notices) < len(LcsprNotice.Recipient.values):
        return None
    return max(notice.told_on for notice in notices.values())


# Told of the decision: on the case, from the partners' decision.

def decision_to_initiate(case: Case) -> date | None:
    """The partners' decision to initiate the LCSPR: the review's decision date once it is
    opened; before, the rapid review's decision on an LCSPR, signed off by the three
    partners."""
    lcspr = _lcspr(case)
    if lcspr is not None:
        return lcspr.decided_on
    review: RapidReview | None = getattr(case, "rapid_review", None)
    if review and review.partners_decision == RapidReview.Recommendation.LCSPR:
        return review.signed_off_on
    return None


def told_of_decision(case: Case) -> date | None:
    lcspr = _lcspr(case)
    if lcspr is not None:
        return _all_told(lcspr, DECISION)
    review: RapidReview | None = getattr(case, "rapid_review", None)
    return review.lcspr_told_on if review else None


def _case_waived(case: Case) -> str:
    if case.status in CASE_CLOSED:
        return f"The case was {case.get_status_display().lower()}"
    lcspr = _lcspr(case)
    if lcspr is not None and lcspr.status in (S.WITHDRAWN, S.MERGED):
        return f"The LCSPR was {lcspr.get_status_display().lower()}"
    if lcspr is None and case.status not in (Case.Status.RAPID_REVIEW,
                                             Case.Status.LCSPR_TO_COMMISSION):
        return f"The rapid review concluded: {case.get_status_display().lower()}"
    return ""


# The review's own clocks.

def _waived(lcspr: Lcspr) -> str:
    if lcspr.case.status in CASE_CLOSED:
        return f"The case was {lcspr.case.get_status_display().lower()}"
    if lcspr.status in (S.WITHDRAWN, S.MERGED):
        return f"The LCSPR was {lcspr.get_status_display().lower()}"
    return ""


def _publication_waived(lcspr: Lcspr) -> str:
    if lcspr.status == S.NOT_PUBLISHED or (lcspr.status == S.CLOSED
                                           and lcspr.not_published_justification):
        return ("The partners decided not to publish: the justification was set out to the "
                "National Panel and the Secretary of State")
    return _waived(lcspr)


def reviewer_commissioned_on(lcspr: Lcspr) -> date | None:
    commission = current_commission(lcspr)
    return commission.commissioned_on if commission else None


declare(
    ClockPolicy("lcspr_panel_informed", "National Panel, Ofsted and DfE told of the LCSPR",
                starts="The partners decided to hold an LCSPR",
                met_by="Each of them was told of the decision", amount=5,
                unit=WORKING_DAYS, source="Seed 002 §8 (as soon as they have determined that "
                                          "a local review will be carried out)",
                responsible=Answers.BUSINESS_UNIT, told=(BUSINESS_UNIT,),
                reminder_working_days=2),
    ClockPolicy("lcspr_reviewer_told", "National Panel, Ofsted and DfE told of the reviewer",
                starts="The reviewer was commissioned",
                met_by="Each of them was told of the reviewer", amount=5, unit=WORKING_DAYS,
                source="Seed 002 §8 (including the name of any reviewer they have "
                       "commissioned)",
                responsible=Answers.BUSINESS_UNIT, told=(BUSINESS_UNIT,),
                reminder_working_days=2),
    ClockPolicy("lcspr_published", "Local review published",
                starts="The partners decided to initiate the review",
                met_by="The report was published", amount=6, unit=MONTHS, statutory=True,
                source=WORKING_TOGETHER_2023 + " (004 §15.5: no later than six months from "
                                               "the decision to initiate)",
                responsible=Answers.PARTNERS, told=(BUSINESS_UNIT, SAFEGUARDING_PARTNERS),
                reminder_working_days=20),
    ClockPolicy("final_report_to_panel",
                "Final report sent to the Panel, Secretary of State and Ofsted",
                starts="The planned publication date", met_by="The final report was sent",
                amount=7, unit=WORKING_DAYS, direction=Clock.Direction.BEFORE, statutory=True,
                source=WORKING_TOGETHER_2023, responsible=Answers.BUSINESS_UNIT,
                told=(BUSINESS_UNIT,), reminder_working_days=3, awaiting_rule=NOT_BUILT),
    ClockPolicy("report_kept_online", "Published report kept online",
                starts="The report was published", met_by="The report may be taken down",
                amount=12, unit=MONTHS,
                source="Seed 004 §14.4 (at least a year); seed 003 (Kirklees: 6 months)",
                responsible=Answers.BUSINESS_UNIT, told=(BUSINESS_UNIT,),
                reminder_working_days=0, awaiting_rule=NOT_BUILT),
)

register(
    Case,
    ClockRule("lcspr_panel_informed", case=lambda case: case, starts_on=decision_to_initiate,
              met_on=told_of_decision, waived=_case_waived),
    select_related=("rapid_review", "lcspr"), prefetch_related=("lcspr__notices",),
)

register(
    Lcspr,
    ClockRule("lcspr_published", case=lambda lcspr: lcspr.case,
              starts_on=lambda lcspr: lcspr.decided_on,
              met_on=lambda lcspr: lcspr.published_on, waived=_publication_waived),
    ClockRule("lcspr_reviewer_told", case=lambda lcspr: lcspr.case,
              starts_on=reviewer_commissioned_on,
              met_on=lambda lcspr: _all_told(lcspr, REVIEWER), waived=_waived),
    select_related=("case",), prefetch_related=("notices", "commissions"),
)
