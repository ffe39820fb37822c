"""Withdrawing or merging a case ends its LCSPR with it (issue 13 item 1: "withdrawn or merged
with a reason"; DESIGN: any record can be withdrawn or merged with a duplicate, with the
reason). While the review is active, the case's withdrawal withdraws it, and a merge merges
it, with the same reason, through the review's own workflow: its decision log, its
reviewer's commission ended, its clocks waived. The case registers nothing of reviews: the
LCSPR registers what follows the case's withdrawal (cases.services.when_withdrawn_or_merged),
as it registers what follows a rapid review's conclusion."""

import datetime

import pytest

from cases import services as cases
from cases.models import Case
from deadlines.models import Deadline
from reviews.lcspr import services
from reviews.models import Lcspr
from safeguarding.dates import today
from safeguarding.models import Decision

from . import journey

pytestmark = pytest.mark.django_db
D = datetime.date
S = Lcspr.Status
WHY = "A duplicate of the referral the hospital made the same day"


def _log(transition: str) -> list[tuple[str, str]]:
    return list(Decision.objects.filter(transition=transition).order_by("pk")
                .values_list("record", "reason"))


def test_withdrawing_the_case_withdraws_its_lcspr_with_the_same_reason(p, in_progress,
                                                                       reviewer):
    """The case withdrawn by the business unit, with its reason: the LCSPR in progress is
    withdrawn through its own workflow with that reason; the reviewer's commission ends (they
    see nothing of it any more); its six months are waived."""
    cases.withdraw_case(case=in_progress.case, actor=p.business_unit, reason=WHY)
    lcspr = journey.refreshed(in_progress)
    assert (lcspr.status, lcspr.ended_reason, lcspr.case.status) == (
        S.WITHDRAWN, WHY, Case.Status.WITHDRAWN)
    assert [reason for _record, reason in _log("withdraw")] == [WHY, WHY]
    assert Decision.objects.filter(transition="withdraw", record="LCSPR").exists()
    commission = lcspr.commissions.get()
    assert (commission.ended_on, commission.ended_reason) == (
        today(), "The LCSPR was withdrawn")
    assert not reviewer.has_perm("reviews.view_lcspr", lcspr)
    six_months = Deadline.objects.get(record_type="reviews.lcspr", record_id=lcspr.pk,
                                      clock__code="lcspr_published")
    assert six_months.state == Deadline.State.WAIVED


def test_merging_the_case_merges_its_lcspr(p, lcspr):
    """Merged as a duplicate of another case with an LCSPR: the review is merged with that
    case's LCSPR, with the same reason."""
    other = journey.concluded(p, received=D(2026, 10, 13), decided=D(2026, 10, 23))
    cases.merge_case(case=lcspr.case, into=other.case, actor=p.business_unit, reason=WHY)
    merged = journey.refreshed(lcspr)
    assert (merged.status, merged.merged_with, merged.ended_reason) == (
        S.MERGED, f"the LCSPR of {other.case.reference}", WHY)
    assert _log("merge")[-1] == ("LCSPR", f"Merged with the LCSPR of {other.case.reference}: "
                                          f"{WHY}")
    assert journey.refreshed(other).status == S.DECIDED  # the other goes on


def test_a_review_no_longer_active_is_left_as_it_ended(p, lcspr):
    """Once the review is withdrawn (or published, or closed), the case's withdrawal leaves
    it as it is: no second step in its log."""
    services.withdraw_lcspr(lcspr=lcspr, actor=p.business_unit,
                            reason="The National Panel will undertake a national review")
    case = Case.objects.get(pk=lcspr.case_id)
    cases.withdraw_case(case=case, actor=p.business_unit, reason=WHY)
    ended = journey.refreshed(lcspr)
    assert (ended.status, ended.ended_reason) == (
        S.WITHDRAWN, "The National Panel will undertake a national review")
    assert [record for record, _reason in _log("withdraw")] == ["LCSPR", "Case"]


def test_a_case_without_an_lcspr_is_withdrawn_alone(p):
    """Most cases have no LCSPR: withdrawing one changes nothing else."""
    from tests.safeguarding import workflow_journeys as j

    case = j.referred_case()
    cases.withdraw_case(case=case, actor=p.business_unit, reason="Referred in error")
    assert [record for record, _reason in _log("withdraw")] == ["Case"]
    assert not Lcspr.objects.exists()
