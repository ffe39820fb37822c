"""The LCSPR's clocks (issue 13, item 11), declared beside their rules in
reviews/lcspr/clocks.py: the statutory six months from the partners' decision to initiate
the review to its publication (004 section 15.5; 002 section 9; 003), and the National
Panel, Ofsted and DfE told of the decision and of the reviewer (002 section 8, a local
default of 5 working days). Counted on real dates: calendar months clipped to the end of
the month, working days without weekends and England's bank holidays."""

import datetime

import pytest

from deadlines import registry
from deadlines import services as deadlines
from deadlines.checks import clocks_declared_beside_their_rules
from deadlines.models import Clock, Deadline, DelayReason
from reviews.lcspr import services
from tests.safeguarding import workflow_journeys as j

from . import journey

pytestmark = pytest.mark.django_db
D = datetime.date


def deadline(record_case, code: str) -> Deadline:
    return Deadline.objects.select_related("clock").get(case=record_case, clock__code=code)


def test_six_months_from_a_decision_on_31_august_is_29_february():
    """004 section 15.5: "no later than six months from the date of the decision to initiate
    a review". The partners signed off the decision on Thursday 31 August 2023: six calendar
    months on is 31 February, which does not exist, so the last day of February: 2024 is a
    leap year, 29 February (deadlines.calendar.add_months clips to the month's end)."""
    p = j.people()
    lcspr = journey.concluded(p, received=D(2023, 8, 14), decided=D(2023, 8, 31))
    published = deadline(lcspr.case, "lcspr_published")
    assert published.clock.statutory and published.clock.amount == 6
    assert (published.record_type, published.record_id) == ("reviews.lcspr", lcspr.pk)
    assert (published.starts_on, published.due_on) == (D(2023, 8, 31), D(2024, 2, 29))
    assert published.state == Deadline.State.OVERDUE  # it is November 2026 now
    # 004 section 15.5: the partners tell the Panel and the Secretary of State why it is
    # late (the deadlines' own reasons, as for every statutory clock).
    reason = deadlines.record_delay_reason(deadline=published, actor=p.business_unit,
                                           kind=DelayReason.Kind.CRIMINAL_PROCEEDINGS)
    assert (reason.clock_id, reason.record_id) == (published.clock_id, lcspr.pk)


def test_told_of_the_decision_across_christmas():
    """002 section 8: "as soon as" the partners decide; the local default is 5 working
    days. A decision on Friday 22 December 2023: Christmas Day, Boxing Day and New Year's
    Day are bank holidays, so the fifth working day is Wednesday 3 January 2024. The six
    months run over Christmas to 22 June 2024."""
    p = j.people()
    lcspr = journey.concluded(p, received=D(2023, 12, 4), decided=D(2023, 12, 22))
    told = deadline(lcspr.case, "lcspr_panel_informed")
    assert (told.starts_on, told.due_on) == (D(2023, 12, 22), D(2024, 1, 3))
    assert deadline(lcspr.case, "lcspr_published").due_on == D(2024, 6, 22)
    services.record_decision_told(lcspr=lcspr, actor=p.business_unit,
                                  recipients=list(journey.EVERYONE), told_on=D(2024, 1, 3))
    told.refresh_from_db()
    assert (told.met_on, told.state) == (D(2024, 1, 3), Deadline.State.MET)


def test_told_of_the_reviewer_across_christmas():
    """002 section 8 (the name of any reviewer commissioned): the reviewer commissioned on
    Friday 22 December 2023, the National Panel, Ofsted and DfE are told of them by
    Wednesday 3 January 2024; told on Thursday 4 January, it is met late."""
    p = j.people()
    lcspr = journey.concluded(p, received=D(2023, 11, 6), decided=D(2023, 11, 17))
    lcspr = journey.commissioned(p, lcspr, journey.reviewer(), D(2023, 12, 22))
    told = deadline(lcspr.case, "lcspr_reviewer_told")
    assert (told.starts_on, told.due_on) == (D(2023, 12, 22), D(2024, 1, 3))
    services.record_reviewer_told(lcspr=lcspr, actor=p.business_unit,
                                  recipients=list(journey.EVERYONE), told_on=D(2024, 1, 4))
    told.refresh_from_db()
    assert (told.met_on, told.state) == (D(2024, 1, 4), Deadline.State.MET_LATE)


def test_publication_meets_the_six_months(p, in_progress):
    """004 section 14.4 and 15.5: the report published within the six months meets the
    clock."""
    bu = p.business_unit
    journey.report_signed_off(p, in_progress, received_on=D(2026, 11, 16),
                              signed_off_on=D(2026, 11, 18))
    journey.publication_decided(p, in_progress, on=D(2026, 11, 18), planned=D(2026, 11, 30))
    services.record_report_sent(lcspr=in_progress, actor=bu, sent_on=D(2026, 11, 19))
    published = deadline(in_progress.case, "lcspr_published")
    assert (published.due_on, published.state) == (D(2027, 4, 23), Deadline.State.OPEN)
    services.record_publication(lcspr=in_progress, actor=bu, published_on=D(2026, 11, 30),
                                url="https://www.example.org/lcspr")
    published.refresh_from_db()
    assert (published.met_on, published.state) == (D(2026, 11, 30), Deadline.State.MET)


def test_moving_the_decision_moves_the_six_months(p, lcspr):
    """004 section 15.5: the six months run from the decision to initiate the review, so
    correcting that date moves them, and the 5 working days to tell the Panel (002 section
    8)."""
    services.correct_lcspr_date(lcspr=lcspr, actor=p.business_unit, field="decided_on",
                                new_date=D(2026, 10, 20), reason="The last signature was "
                                                                 "on the Tuesday")
    assert deadline(lcspr.case, "lcspr_published").due_on == D(2027, 4, 20)
    assert deadline(lcspr.case, "lcspr_panel_informed").starts_on == D(2026, 10, 20)


def test_withdrawn_or_not_published_stops_the_six_months_with_the_reason(p, in_progress):
    """A review withdrawn is not published; a decision not to publish is justified to the
    Panel and the Secretary of State (004 section 15.3): the clock stops, saying why."""
    bu = p.business_unit
    services.withdraw_lcspr(lcspr=in_progress, actor=bu,
                            reason="The National Panel will undertake a national review")
    published = deadline(in_progress.case, "lcspr_published")
    assert (published.state, published.waived_reason) == (Deadline.State.WAIVED,
                                                           "The LCSPR was withdrawn")
    other = journey.commissioned(p, journey.concluded(p), journey.reviewer("Dr Chidi Obi"),
                                 D(2026, 11, 2))
    journey.report_signed_off(p, other, received_on=D(2026, 11, 16),
                              signed_off_on=D(2026, 11, 18))
    journey.publication_decided(p, other, on=D(2026, 11, 18), planned=None, decision="none")
    services.record_report_sent(lcspr=other, actor=bu, sent_on=D(2026, 11, 19))
    services.record_not_published(lcspr=other, actor=bu, sent_on=D(2026, 11, 20),
                                  justification="It would identify the surviving children")
    published = deadline(other.case, "lcspr_published")
    assert published.state == Deadline.State.WAIVED
    assert published.waived_reason.startswith("The partners decided not to publish")


def test_the_lcsprs_clocks_are_declared_beside_their_rules():
    """Every LCSPR clock has its rule (004 section 15.5; 002 section 8), the seven working
    days before the planned publication (004 section 14.7) and the report kept online (004
    section 14.4; 003) among them."""
    ruled = registry.ruled_clocks()
    assert ruled["lcspr_published"] == ["reviews.lcspr"]
    assert ruled["lcspr_reviewer_told"] == ["reviews.lcspr"]
    assert ruled["lcspr_panel_informed"] == ["cases.case"]
    for code in ("final_report_to_panel", "report_kept_online"):
        assert ruled[code] == ["reviews.lcspr"]
        assert registry.declaration(code).awaiting_rule == ""
    told = Clock.objects.get(code="lcspr_reviewer_told")
    assert (told.amount, told.unit, told.statutory) == (5, Clock.Unit.WORKING_DAYS, False)
    assert clocks_declared_beside_their_rules() == []
