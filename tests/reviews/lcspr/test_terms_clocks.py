"""The clocks of the terms of reference and the timetable (issue 13 item 11), declared beside
their rules in reviews/lcspr/clocks.py: the terms of reference agreed within a local 20
working days of the reviewer's commission (the seeds set none: 004 sections 8.2 and 9.1, 002
section 9 say who agrees, not when), and each milestone of the timetable due on its own
date (004 section 8.6: the partners supervise the review's progress). Counted on real
dates across Christmas 2023 and Easter 2024."""

import datetime

import pytest

from deadlines import registry
from deadlines.models import Clock, Deadline
from reviews.lcspr import services
from reviews.models import Milestone
from safeguarding.rows import RowChange
from safeguarding.versions import current_version

from . import journey
from . import terms_journey as t

pytestmark = pytest.mark.django_db
D = datetime.date
S = Deadline.State


def terms_clock(lcspr) -> Deadline:
    return Deadline.objects.get(record_type="reviews.lcspr", record_id=lcspr.pk,
                                clock__code="lcspr_terms_agreed")


def milestone_clocks(lcspr) -> dict[str, Deadline]:
    names = dict(Milestone.objects.filter(lcspr=lcspr).values_list("pk", "name"))
    return {names[d.record_id]: d for d in Deadline.objects.filter(
        record_type="reviews.milestone", record_id__in=names)}


@pytest.fixture
def lcspr(p):
    return t.commissioned(p, journey.reviewer())


def test_the_clocks_are_declared_with_their_source():
    """Each clock's row of the timescale table, declared beside its rule: a local default
    for the terms of reference, with its source; the milestones answered by the reviewer."""
    terms = registry.declaration("lcspr_terms_agreed")
    assert (terms.amount, terms.unit, terms.statutory) == (20, Clock.Unit.WORKING_DAYS, False)
    assert "004 §8.2, §9.1" in terms.source and "Local default" in terms.source
    milestone = registry.declaration("lcspr_milestone")
    assert milestone.responsible == Clock.Responsible.REVIEWER
    assert Clock.objects.get(code="lcspr_terms_agreed").amount == 20


def test_terms_of_reference_agreed_within_20_working_days_across_christmas(p, lcspr):
    """The reviewer commissioned on Wednesday 20 December 2023: 20 working days without the
    weekends, Christmas Day, Boxing Day and New Year's Day 2024 is Monday 22 January 2024.
    Agreed on 10 January: met."""
    clock = terms_clock(lcspr)
    assert (clock.starts_on, clock.due_on, clock.state) == (
        D(2023, 12, 20), D(2024, 1, 22), S.OVERDUE)  # today is long after
    lcspr = t.ready_to_agree(p, lcspr)
    services.agree_terms_of_reference(lcspr=lcspr, actor=p.business_unit,
                                      agreed_on=D(2024, 1, 10),
                                      agreed_by="The governance group")
    clock = terms_clock(lcspr)
    assert (clock.met_on, clock.state) == (D(2024, 1, 10), S.MET)


def test_terms_agreed_late_are_met_late(p, lcspr):
    lcspr = t.ready_to_agree(p, lcspr)
    services.agree_terms_of_reference(lcspr=lcspr, actor=p.business_unit,
                                      agreed_on=D(2024, 1, 23),
                                      agreed_by="The governance group")
    assert terms_clock(lcspr).state == S.MET_LATE


def test_each_milestone_is_due_on_its_date_across_easter(p, lcspr):
    """The timetable's milestones, each its own clock due on its date: done on time, done
    late (the learning event due on Maundy Thursday, 28 March 2024, done on Tuesday 2 April
    after Good Friday and Easter Monday), and not done (overdue). Moving a date moves its
    clock; removing a milestone not done waives its clock, kept with the reason."""
    lcspr = t.ready_to_agree(p, lcspr)
    rows = {m.name: m for m in lcspr.milestones.all()}
    chronologies = rows["Chronologies from the agencies"]
    event = rows["Practitioners' learning event"]
    draft = rows["First draft to the governance group"]

    def change(row, **values) -> RowChange:
        return RowChange(pk=row.pk, version=current_version(row), values={
            "name": row.name, "due_on": row.due_on, "done_on": row.done_on, **values})

    services.record_timetable(lcspr=journey.refreshed(lcspr), actor=p.business_unit,
                              milestones=[change(chronologies, done_on=D(2024, 2, 14)),
                                          change(event, done_on=D(2024, 4, 2))])
    clocks = milestone_clocks(lcspr)
    assert {name: (d.starts_on, d.due_on, d.state) for name, d in clocks.items()} == {
        "Chronologies from the agencies": (t.DECIDED, D(2024, 2, 15), S.MET),
        "Practitioners' learning event": (t.DECIDED, D(2024, 3, 28), S.MET_LATE),
        "First draft to the governance group": (t.DECIDED, D(2024, 4, 30), S.OVERDUE)}
    draft.refresh_from_db()
    services.record_timetable(lcspr=journey.refreshed(lcspr), actor=p.business_unit,
                              milestones=[change(draft, due_on=D(2024, 5, 31))])
    assert milestone_clocks(lcspr)["First draft to the governance group"].due_on == D(
        2024, 5, 31)
    draft.refresh_from_db()
    services.record_timetable(lcspr=journey.refreshed(lcspr), actor=p.business_unit,
                              milestones=[RowChange(pk=draft.pk, version=current_version(draft),
                                                    delete=True)])
    kept = Deadline.objects.get(record_type="reviews.milestone", record_id=draft.pk)
    assert (kept.state, kept.waived_reason) == (S.WAIVED, "Removed from the timetable")


def test_a_milestone_cannot_be_due_before_the_decision(p, lcspr):
    """Dates in order: a milestone falls after the partners' decision to initiate the review,
    and one cannot be done in the future."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="cannot be before the partners decided"):
        services.record_timetable(lcspr=lcspr, actor=p.business_unit, milestones=[
            t.milestone("Scoping", D(2023, 12, 1))])
    with pytest.raises(ValidationError, match="today or in the past|future"):
        services.record_timetable(lcspr=lcspr, actor=p.business_unit, milestones=[
            t.milestone("Scoping", D(2024, 1, 5), done_on=D(2099, 1, 1))])


def test_withdrawing_the_review_waives_its_milestones(p, lcspr):
    lcspr = t.ready_to_agree(p, lcspr)
    services.withdraw_lcspr(lcspr=lcspr, actor=p.business_unit,
                            reason="The National Panel will undertake a national review")
    assert {d.state for d in milestone_clocks(lcspr).values()} == {S.WAIVED}
    assert terms_clock(lcspr).state == S.WAIVED
