"""Telling the National Panel, Ofsted and DfE (issue 13, item 2: 002 section 8) of the
decision, each recipient and date, and separately of the reviewer once commissioned; and
commissioning the reviewer (item 3: 004 sections 8.1 and 8.7; 002 section 9): independent
or local, how (the regional framework, a local tender), the assessment against 004 section
8.1, any real or perceived conflict of interest declared and decided, and the reviewer's
account linked to this review."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from deadlines.models import Deadline
from reviews.lcspr import services
from reviews.models import Lcspr, LcsprNotice, ReviewerCommission
from safeguarding import workflow
from safeguarding.models import Decision, Role
from safeguarding.workflow import TransitionNotAllowed
from tests.factories import UserFactory

from . import journey

pytestmark = pytest.mark.django_db
D = datetime.date
S = Lcspr.Status
R = LcsprNotice.Recipient


def reasons(lcspr, transition) -> list[str]:
    return list(Decision.objects.filter(object_id=lcspr.pk, record="LCSPR",
                                        transition=transition).order_by("pk")
                .values_list("reason", flat=True))


# Telling them of the decision.

def test_each_recipient_is_told_of_the_decision_on_its_own_date(p, lcspr):
    """002 section 8: "they should inform the Panel, Ofsted and DfE": each told when they
    were, once; the task is done, and the case's clock met, when the last is told."""
    bu = p.business_unit
    services.record_decision_told(lcspr=lcspr, actor=bu, recipients=[R.NATIONAL_PANEL],
                                  told_on=D(2026, 10, 26))
    clock = Deadline.objects.get(case=lcspr.case, clock__code="lcspr_panel_informed")
    assert (clock.starts_on, clock.due_on, clock.met_on) == (
        D(2026, 10, 23), D(2026, 10, 30), None)
    assert not workflow.can(lcspr, "all_told_of_decision", bu)
    with pytest.raises(ValidationError, match="Already recorded as told: The National Child "
                                              "Safeguarding Practice Review Panel"):
        services.record_decision_told(lcspr=lcspr, actor=bu,
                                      recipients=[R.NATIONAL_PANEL, R.OFSTED],
                                      told_on=D(2026, 10, 27))
    services.record_decision_told(lcspr=lcspr, actor=bu, recipients=[R.OFSTED, R.DFE],
                                  told_on=D(2026, 10, 28))
    assert sorted(lcspr.notices.values_list("recipient", "told_on", "about")) == [
        ("dfe", D(2026, 10, 28), "decision"), ("national_panel", D(2026, 10, 26), "decision"),
        ("ofsted", D(2026, 10, 28), "decision")]
    assert reasons(lcspr, "tell_of_decision") == [
        "The National Child Safeguarding Practice Review Panel told of the decision on 26 "
        "October 2026",
        "Ofsted and the Department for Education (DfE) told of the decision on 28 October 2026"]
    assert len(reasons(lcspr, "all_told_of_decision")) == 1
    clock.refresh_from_db()
    assert (clock.met_on, clock.state) == (D(2026, 10, 28), Deadline.State.MET)
    with pytest.raises(TransitionNotAllowed, match="have all been told of the decision"):
        services.record_decision_told(lcspr=lcspr, actor=bu, recipients=[R.DFE],
                                      told_on=D(2026, 10, 28))


def test_no_one_is_told_before_the_decision(p, lcspr):
    """002 section 8: they are told once the partners have determined a local review will
    be carried out: not before, and someone must be chosen."""
    with pytest.raises(ValidationError, match="cannot be before the partners decided to "
                                              "initiate the review, on 23 October 2026"):
        services.record_decision_told(lcspr=lcspr, actor=p.business_unit,
                                      recipients=[R.OFSTED], told_on=D(2026, 10, 22))
    with pytest.raises(ValidationError, match="Choose who was told"):
        services.record_decision_told(lcspr=lcspr, actor=p.business_unit, recipients=[],
                                      told_on=D(2026, 10, 26))
    assert not lcspr.notices.exists()


# Telling them of the reviewer, once commissioned.

def test_they_are_told_of_the_reviewer_separately_once_commissioned(p, lcspr, reviewer):
    """002 section 8: "including the name of any reviewer they have commissioned": a
    separate notice, after the commission, with its own clock (5 working days)."""
    bu = p.business_unit
    assert workflow.why_not(lcspr, "tell_of_reviewer", bu).startswith("Not while the LCSPR")
    lcspr = journey.commissioned(p, lcspr, reviewer, D(2026, 11, 2))
    clock = Deadline.objects.get(case=lcspr.case, clock__code="lcspr_reviewer_told")
    assert (clock.starts_on, clock.due_on, clock.state) == (
        D(2026, 11, 2), D(2026, 11, 9), Deadline.State.OVERDUE)
    with pytest.raises(ValidationError, match="cannot be before the reviewer was "
                                              "commissioned, on 2 November 2026"):
        services.record_reviewer_told(lcspr=lcspr, actor=bu, recipients=[R.OFSTED],
                                      told_on=D(2026, 10, 30))
    services.record_reviewer_told(lcspr=lcspr, actor=bu, recipients=list(journey.EVERYONE),
                                  told_on=D(2026, 11, 4))
    assert reasons(lcspr, "tell_of_reviewer") == [
        "The National Child Safeguarding Practice Review Panel, Ofsted and the Department for "
        "Education (DfE) told of the reviewer, Margaret Osei, on 4 November 2026"]
    clock.refresh_from_db()
    assert (clock.met_on, clock.state) == (D(2026, 11, 4), Deadline.State.MET)
    # Telling them of the reviewer is not telling them of the decision.
    assert Deadline.objects.get(case=lcspr.case,
                                clock__code="lcspr_panel_informed").met_on is None


def test_a_new_reviewer_is_told_of_again(p, in_progress):
    """002 section 8: the commission ended and another reviewer commissioned (004 section
    8.1), the Panel, Ofsted and DfE are told the new reviewer's name, on its own clock."""
    bu = p.business_unit
    services.record_reviewer_told(lcspr=in_progress, actor=bu,
                                  recipients=list(journey.EVERYONE), told_on=D(2026, 11, 3))
    services.end_commission(lcspr=in_progress, actor=bu, ended_on=D(2026, 11, 10),
                            reason="The reviewer stepped down for health reasons")
    other = journey.reviewer("Dr Chidi Obi")
    lcspr = journey.commissioned(p, journey.refreshed(in_progress), other, D(2026, 11, 16))
    assert workflow.can(lcspr, "tell_of_reviewer", bu)
    clock = Deadline.objects.get(case=lcspr.case, clock__code="lcspr_reviewer_told")
    assert (clock.starts_on, clock.met_on) == (D(2026, 11, 16), None)


# Commissioning the reviewer.

def test_commissioning_starts_with_the_kind_of_reviewer_and_how(p, lcspr):
    """004 section 8.7: an independent author through the regionally agreed process
    (NEPO); 002 section 9: advertised through the council's tendering procedures; another
    way needs saying."""
    bu = p.business_unit
    with pytest.raises(ValidationError, match="Say how the reviewer is commissioned"):
        services.start_commissioning(lcspr=lcspr, actor=bu, reviewer_kind="independent",
                                     procurement="other", started_on=D(2026, 10, 26))
    services.start_commissioning(lcspr=lcspr, actor=bu, reviewer_kind="independent",
                                 procurement="regional_framework", started_on=D(2026, 10, 26))
    lcspr = journey.refreshed(lcspr)
    assert (lcspr.status, lcspr.reviewer_kind, lcspr.procurement,
            lcspr.commissioning_started_on) == (S.COMMISSIONING, "independent",
                                                "regional_framework", D(2026, 10, 26))
    assert reasons(lcspr, "start_commissioning") == [
        "An independent reviewer (author); the regionally agreed process, for example through "
        "the North East Procurement Organisation (NEPO)"]


def test_the_assessment_against_each_point_of_8_1(p, lcspr, reviewer):
    """004 section 8.1: professional knowledge (engaging practitioners, children and
    families), research, complex practice, communicating findings: a reviewer found not to
    meet one is not commissioned; only a reviewer's account may be assessed."""
    bu = p.business_unit
    lcspr = journey.commissioning(p, lcspr, D(2026, 10, 26))
    assert workflow.why_not(lcspr, "commission_reviewer", bu) == (
        "Assess a reviewer against the criteria for a reviewer first")
    with pytest.raises(ValidationError, match="reviewer's account"):
        journey.assessed(p, lcspr, UserFactory(role=Role.AGENCY_CONTRIBUTOR))
    weak = journey.assessed(p, lcspr, reviewer, research_knowledge="no")
    assert weak.unmet_criteria == ["knowledge and understanding of research relevant to "
                                   "children's safeguarding issues"]
    assert reasons(lcspr, "assess_reviewer") == [
        "Margaret Osei: does not meet: knowledge and understanding of research relevant to "
        "children's safeguarding issues"]
    assert workflow.why_not(lcspr, "commission_reviewer", bu).startswith(
        "No reviewer assessed yet meets the criteria")
    with pytest.raises(TransitionNotAllowed, match="No reviewer assessed yet meets"):
        services.commission_reviewer(lcspr=lcspr, actor=bu, commission=weak,
                                     commissioned_on=D(2026, 11, 2))
    with pytest.raises(ValidationError, match="Enter the evidence considered"):
        journey.assessed(p, lcspr, reviewer, assessment_notes=" ")
    with pytest.raises(ValidationError, match="The date of the assessment cannot be before "
                                              "the partners decided to initiate the review"):
        journey.assessed(p, lcspr, reviewer, assessed_on=D(2026, 10, 22))
    # Once another meets every point, the one who does not is still not commissioned; the
    # one who does, not before they were assessed.
    strong = journey.assessed(p, lcspr, journey.reviewer("Dr Chidi Obi"),
                              assessed_on=D(2026, 10, 29))
    with pytest.raises(ValidationError, match="Choose a reviewer assessed as meeting"):
        services.commission_reviewer(lcspr=lcspr, actor=bu, commission=weak,
                                     commissioned_on=D(2026, 11, 2))
    with pytest.raises(ValidationError, match="cannot be before they were assessed, on 29 "
                                              "October 2026"):
        services.commission_reviewer(lcspr=lcspr, actor=bu, commission=strong,
                                     commissioned_on=D(2026, 10, 28))
    assert journey.refreshed(lcspr).status == S.COMMISSIONING


def test_a_conflict_of_interest_is_declared_and_decided(p, lcspr, reviewer):
    """004 section 8.1: "whether the reviewer has any real or perceived conflict of
    interest": what it is, the partners' decision and why; one that prevents the commission
    prevents it."""
    bu = p.business_unit
    lcspr = journey.commissioning(p, lcspr, D(2026, 10, 26))
    with pytest.raises(ValidationError, match="Describe the conflict"):
        journey.assessed(p, lcspr, reviewer, conflict="perceived")
    with pytest.raises(ValidationError, match="Record the partners' decision"):
        journey.assessed(p, lcspr, reviewer, conflict="perceived",
                         conflict_details="Was a manager in the council's children's services")
    refused = journey.assessed(p, lcspr, reviewer, conflict="real",
                               conflict_details="Supervised the family's social worker",
                               conflict_decision="refused",
                               conflict_reason="Directly involved in the practice reviewed")
    assert not refused.may_be_commissioned
    accepted = journey.assessed(p, lcspr, journey.reviewer("Dr Chidi Obi"),
                                conflict="perceived",
                                conflict_details="Worked for the council until 2019",
                                conflict_decision="accepted",
                                conflict_reason="Left before the period reviewed; the "
                                                "governance group is told")
    assert accepted.may_be_commissioned
    assert reasons(lcspr, "assess_reviewer")[-1] == (
        "Dr Chidi Obi: meets every criterion for a reviewer. A perceived conflict of interest "
        "declared; the partners decided: it does not prevent the commission")
    services.commission_reviewer(lcspr=lcspr, actor=bu, commission=accepted,
                                 commissioned_on=D(2026, 11, 2))
    assert ReviewerCommission.objects.get(pk=accepted.pk).is_current
    assert not ReviewerCommission.objects.get(pk=refused.pk).is_current


def test_the_reviewer_is_linked_to_this_review_only(p, in_progress, reviewer):
    """004 section 8.1: the partners commission the reviewer; their reviewer's account is
    commissioned on this LCSPR, not on another."""
    commission = in_progress.commissions.get()
    assert (commission.reviewer, commission.commissioned_on) == (reviewer, D(2026, 11, 2))
    assert reasons(in_progress, "commission_reviewer") == [
        "Margaret Osei commissioned on 2 November 2026"]
    other = journey.concluded(p)
    assert not other.commissions.exists()


def test_ending_the_commission_sends_the_review_back_to_commissioning(p, in_progress):
    """004 section 8.6: the partners supervise the reviewer; ending the commission needs
    the reason and a date after the commission, and another reviewer is commissioned."""
    bu = p.business_unit
    with pytest.raises(ValidationError, match="Enter why the commission ends"):
        services.end_commission(lcspr=in_progress, actor=bu, ended_on=D(2026, 11, 10),
                                reason="")
    with pytest.raises(ValidationError, match="cannot be before the reviewer was "
                                              "commissioned"):
        services.end_commission(lcspr=in_progress, actor=bu, ended_on=D(2026, 11, 1),
                                reason="Stepped down")
    services.end_commission(lcspr=in_progress, actor=bu, ended_on=D(2026, 11, 10),
                            reason="The reviewer stepped down")
    lcspr = journey.refreshed(in_progress)
    assert lcspr.status == S.COMMISSIONING
    commission = lcspr.commissions.get()
    assert (commission.ended_on, commission.ended_reason) == (
        D(2026, 11, 10), "The reviewer stepped down")
    assert reasons(lcspr, "end_commission") == [
        "Margaret Osei's commission ended on 10 November 2026: The reviewer stepped down"]
