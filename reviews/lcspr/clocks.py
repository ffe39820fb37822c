"""The clocks of LCSPRs, declared beside their rules (deadlines.registry): the statutory six
months from the partners' decision to initiate the review to its publication (004 section
15.5; 002 section 9), and the National Panel, Ofsted and DfE told of the decision and,
separately, of the reviewer once commissioned (002 section 8: "as soon as", a local default
of 5 working days). Telling them of the decision runs on the case, from the partners'
decision signed off in the rapid review, before the LCSPR's record is made when the rapid
review concludes; the others run on the LCSPR.

The copy of the final report to the National Panel, the Secretary of State and Ofsted at
least 7 working days before the planned publication date (004 section 14.7) is counted
backwards from that date: moving the date moves it, and a copy sent after it is met late.
The report is kept online at least a year from publication (004 section 14.4), a statutory
minimum a local policy may lengthen, never shorten (Kirklees' 6 months, seed 003, is
refused). The reason publication will miss the six months, as told to the Panel and the
Secretary of State (004 section 15.5), is the review's own reason for that clock's delay."""

from datetime import date

from cases.models import Case
from deadlines import calendar
from deadlines.models import Clock, DelayReason
from deadlines.registry import (
    BUSINESS_UNIT,
    SAFEGUARDING_PARTNERS,
    WORKING_TOGETHER_2023,
    ClockPolicy,
    ClockRule,
    KeptReason,
    KeptReasons,
    declare,
    keeps_delay_reasons,
    register,
)
from reviews.rapid_review.models import RapidReview
from safeguarding.dates import long_date, today

from .models import Lcspr, LcsprNotice, Milestone
from .workflow import current_commission, told

WORKING_DAYS, MONTHS = Clock.Unit.WORKING_DAYS, Clock.Unit.MONTHS
Answers = Clock.Responsible
CASE_CLOSED = (Case.Status.WITHDRAWN, Case.Status.MERGED)
S = Lcspr.Status
DECISION, REVIEWER = LcsprNotice.About.DECISION, LcsprNotice.About.REVIEWER
PUBLISHING = (Lcspr.Publication.FULL, Lcspr.Publication.LEARNING)
KEPT_ONLINE = "report_kept_online"


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
    """Once the review is open, where who was told and when is recorded."""
    lcspr = _lcspr(case)
    return _all_told(lcspr, DECISION) if lcspr is not None else None


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
                                           and lcspr.published_on is None
                                           and lcspr.not_published_justification):
        return ("The partners decided not to publish: the justification was set out to the "
                "National Panel and the Secretary of State")
    return _waived(lcspr)


# Publication (004 sections 14.4, 14.7, 15.5).

def planned_publication(lcspr: Lcspr) -> date | None:
    """The planned publication date, once the partners decided to publish the report or its
    learning (the date it was published, once it was): the copy to the Panel, the Secretary
    of State and Ofsted is due 7 working days before it (004 section 14.7)."""
    if lcspr.publication_decision in PUBLISHING:
        return lcspr.published_on or lcspr.planned_publication_on
    return None


def online_until(lcspr: Lcspr) -> date | None:
    """The first day the published report may be taken down: a year from publication (004
    section 14.4), or longer if the local policy says so."""
    if lcspr.published_on is None:
        return None
    amount = (Clock.objects.filter(code=KEPT_ONLINE).values_list("amount", flat=True).first()
              or 12)
    return calendar.add_months(lcspr.published_on, amount)


def _kept_online(lcspr: Lcspr) -> date | None:
    """Met on the day the minimum ends, once that day has come (until then the report must
    stay online: the clock runs), unless the report was taken down before it. Nothing is
    recorded that day: the deadline sweep derives it again (deadlines.services)."""
    until = online_until(lcspr)
    if until is None or until > today() or (lcspr.removed_on and lcspr.removed_on < until):
        return None
    return until


def _kept_online_waived(lcspr: Lcspr) -> str:
    until = online_until(lcspr)
    if until and lcspr.removed_on and lcspr.removed_on < until:
        return (f"Taken down on {long_date(lcspr.removed_on)}, before a year online (until "
                f"{long_date(until)}): {lcspr.removed_reason}")
    return ""


def _delay_told(lcspr_ids: list[int]) -> dict[int, KeptReason]:
    """The reason the six months will be missed, as told to the National Panel and the
    Secretary of State (004 section 15.5), by review."""
    kinds = dict(DelayReason.Kind.choices)
    return {pk: KeptReason("Told to the National Panel and the Secretary of State", told_on,
                           f"{kinds.get(kind, kind)}: {text}" if text and kind != "other"
                           else text or kinds.get(kind, kind))
            for pk, told_on, kind, text in Lcspr.objects.filter(
                pk__in=lcspr_ids, delay_told_on__isnull=False).values_list(
                "pk", "delay_told_on", "delay_kind", "delay_text")}


keeps_delay_reasons(KeptReasons(
    "lcspr_published", reasons=_delay_told,
    given=lambda: Lcspr.objects.filter(delay_told_on__isnull=False).values("pk")))


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
                told=(BUSINESS_UNIT,), reminder_working_days=3),
    ClockPolicy(KEPT_ONLINE, "Published report kept online",
                starts="The report was published", met_by="The report may be taken down",
                amount=12, unit=MONTHS, statutory=True, at_least=True,
                source="Seed 004 §14.4 (at least a year: a local policy may not set less, "
                       "such as Kirklees' 6 months in seed 003)",
                responsible=Answers.BUSINESS_UNIT, told=(BUSINESS_UNIT,),
                reminder_working_days=0),
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
    ClockRule("final_report_to_panel", case=lambda lcspr: lcspr.case,
              starts_on=planned_publication, met_on=lambda lcspr: lcspr.sent_on,
              waived=_waived),
    ClockRule(KEPT_ONLINE, case=lambda lcspr: lcspr.case,
              starts_on=lambda lcspr: lcspr.published_on, met_on=_kept_online,
              waived=_kept_online_waived),
    select_related=("case",), prefetch_related=("notices", "commissions"),
)


# Terms of reference and the timetable (issue 13 items 4 and 11).

def terms_agreed_on(lcspr: Lcspr) -> date | None:
    terms = getattr(lcspr, "terms", None)
    return terms.agreed_on if terms is not None else None


def terms_to_agree_from(lcspr: Lcspr) -> date | None:
    """From the reviewer's commission; once revised (004 sections 8.2-8.4), from the
    revision: the revised terms are agreed again."""
    commissioned = reviewer_commissioned_on(lcspr)
    terms = getattr(lcspr, "terms", None)
    revised = terms.revised_on if terms is not None else None
    return max(commissioned, revised) if commissioned and revised else commissioned


def _milestone_waived(milestone: Milestone) -> str:
    return _waived(milestone.lcspr)


declare(
    # The seeds set no timescale: 004 section 8.2 (the partners agree the method with the
    # reviewer) and 9.1 (the governance group agrees the scope and the terms of reference)
    # and 002 section 9 say who, not when. A local default of 20 working days (about four
    # weeks) from the reviewer's commission leaves most of the statutory six months from
    # the decision (004 section 15.5) for the review itself.
    ClockPolicy("lcspr_terms_agreed", "LCSPR terms of reference agreed",
                starts="The reviewer was commissioned, or the terms of reference were revised",
                met_by="The terms of reference were agreed", amount=20, unit=WORKING_DAYS,
                source="Local default; seed 004 §8.2, §9.1 and seed 002 §9 set none (who "
                       "agrees, not when), within the six months of 004 §15.5",
                responsible=Answers.BUSINESS_UNIT, told=(BUSINESS_UNIT,),
                reminder_working_days=3),
    # Each milestone of the timetable is due on the date the terms of reference set for it
    # (the amount is used only for a milestone with no date of its own, which the timetable
    # does not allow).
    ClockPolicy("lcspr_milestone", "LCSPR milestone due per the timetable",
                starts="The partners decided to initiate the review",
                met_by="The milestone was done", amount=20, unit=WORKING_DAYS,
                source="The review's timetable in its terms of reference (seed 004 §8.6: the "
                       "partners supervise the review's progress)",
                responsible=Answers.REVIEWER, told=(BUSINESS_UNIT,), reminder_working_days=3),
)

register(
    Lcspr,
    ClockRule("lcspr_terms_agreed", case=lambda lcspr: lcspr.case,
              starts_on=terms_to_agree_from, met_on=terms_agreed_on, waived=_waived),
    select_related=("terms",),
)

register(
    Milestone,
    ClockRule("lcspr_milestone", case=lambda milestone: milestone.lcspr.case,
              starts_on=lambda milestone: milestone.lcspr.decided_on,
              met_on=lambda milestone: milestone.done_on, waived=_milestone_waived,
              due_on=lambda milestone: milestone.due_on),
    select_related=("lcspr__case",),
)
