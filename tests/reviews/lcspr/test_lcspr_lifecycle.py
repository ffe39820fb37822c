"""The LCSPR record and its lifecycle (issue 13, item 1): opened from the partners' decision
to initiate it when the rapid review concludes with an LCSPR, then decided → commissioning →
in progress → draft report → final report signed off → sent to the National Panel, the
Secretary of State and Ofsted → published, or decided not to publish → closed; or withdrawn
or merged with a reason. Every step through the workflow and in the decision log."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import Case
from reviews.lcspr import services
from reviews.lcspr import workflow as lcspr_workflow
from reviews.models import Lcspr, RapidReview
from reviews.rapid_review import services as reviews
from safeguarding import workflow
from safeguarding.models import Decision
from safeguarding.workflow import TransitionNotAllowed
from tests.safeguarding import workflow_journeys as j

from . import journey

pytestmark = pytest.mark.django_db
D = datetime.date
S = Lcspr.Status


def log_of(record) -> list[tuple[str, str, str]]:
    return list(Decision.objects.filter(object_id=record.pk, record=workflow.workflow_of(
        record).describe(record)).order_by("pk").values_list("transition", "to_state",
                                                             "reason"))


def test_concluding_the_rapid_review_with_an_lcspr_opens_it_from_the_partners_decision(p):
    """004 section 15.5: the six months run "from the date of the decision to initiate a
    review": the partners' decision on an LCSPR, signed off by the three partners (001),
    not the day the rapid review concludes after the Panel's answer."""
    lcspr = journey.concluded(p, received=D(2026, 10, 12), decided=D(2026, 10, 23))
    assert (lcspr.status, lcspr.decided_on) == (S.DECIDED, D(2026, 10, 23))
    assert lcspr.case.status == Case.Status.LCSPR_TO_COMMISSION
    assert log_of(lcspr) == [("decide", S.DECIDED, "The partners' decision to initiate the "
                              "review: 23 October 2026. Signed off by the three safeguarding "
                              "partners in the rapid review")]
    decision = Decision.objects.get(transition="decide")
    assert (decision.case_id, decision.actor) == (lcspr.case_id, p.business_unit)


def test_what_the_rapid_review_recorded_carries_over(p):
    """004 section 6.8: the reviewer the chair recommended carries over. 002 section 8: who
    was told of the decision, and when, is recorded on the LCSPR itself (the rapid review
    keeps no copy of it), so nobody is told yet when it opens."""
    review = journey.rapid_review_signed(p, received=D(2026, 10, 12), decided=D(2026, 10, 23),
                                         recommended_reviewer="independent")
    reviews.record_submission(review=review, actor=p.business_unit, submitted_on=D(2026, 10, 26))
    reviews.record_panel_response(review=review, actor=p.business_unit,
                                  responded_on=D(2026, 10, 27),
                                  response=RapidReview.PanelResponse.AGREES)
    reviews.conclude_rapid_review(review=review, actor=p.business_unit, next_step="lcspr")
    lcspr = Lcspr.objects.get(case=review.case)
    assert lcspr.reviewer_kind == Lcspr.ReviewerKind.INDEPENDENT
    assert not lcspr.notices.exists()
    assert [row[0] for row in log_of(lcspr)] == ["decide"]
    assert workflow.can(lcspr, "tell_of_decision", p.business_unit)


def test_another_next_step_opens_no_lcspr(p):
    """000 stage 7: only a conclusion with an LCSPR opens one."""
    review = journey.rapid_review_signed(p, received=D(2026, 10, 12), decided=D(2026, 10, 23))
    reviews.record_submission(review=review, actor=p.business_unit, submitted_on=D(2026, 10, 23))
    reviews.record_panel_response(review=review, actor=p.business_unit,
                                  responded_on=D(2026, 10, 26),
                                  response=RapidReview.PanelResponse.NATIONAL_REVIEW)
    reviews.conclude_rapid_review(review=review, actor=p.business_unit,
                                  next_step="national_review")
    assert not Lcspr.objects.exists()


def test_a_case_concluded_before_lcsprs_were_kept_is_opened_by_the_business_unit(p, lcspr):
    """004 section 15.5: the business unit opens it with the date of the partners' decision
    to initiate it; once only, and only for a case whose rapid review concluded with an
    LCSPR (001)."""
    case = lcspr.case
    Lcspr.objects.filter(pk=lcspr.pk).delete()  # as if concluded before this was built
    case.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.open_lcspr(case=case, actor=p.partner, decided_on=D(2026, 10, 23))
    with pytest.raises(ValidationError, match="cannot be before the referral was received"):
        services.open_lcspr(case=case, actor=p.business_unit, decided_on=D(2026, 10, 1))
    opened = services.open_lcspr(case=case, actor=p.business_unit, decided_on=D(2026, 10, 23),
                                 note="Signed off by the three partners")
    assert (opened.status, opened.decided_on) == (S.DECIDED, D(2026, 10, 23))
    with pytest.raises(TransitionNotAllowed, match="already been opened"):
        services.open_lcspr(case=case, actor=p.business_unit, decided_on=D(2026, 10, 23))
    other = j.notified_case(p)
    with pytest.raises(TransitionNotAllowed, match="once the rapid review has concluded"):
        services.open_lcspr(case=other, actor=p.business_unit, decided_on=D(2026, 11, 9))


def test_the_lifecycle_to_publication_and_closure(p, in_progress, reviewer):
    """004 sections 16.1 (draft, sign-off by the partners and the independent scrutineer),
    14.7 (the copy to the Panel, the Secretary of State and Ofsted), 14.4 (published), 16
    (concluded): each step moves the review on, once, in the decision log; the case is under
    way once the reviewer is commissioned and ends with the review."""
    lcspr, bu = in_progress, p.business_unit
    assert (lcspr.status, lcspr.case.status) == (S.IN_PROGRESS, Case.Status.LCSPR)
    journey.draft(p, lcspr, D(2026, 11, 16), by=reviewer)
    journey.report_signed_off(p, lcspr, received_on=D(2026, 11, 20),
                              signed_off_on=D(2026, 11, 23))
    journey.publication_decided(p, lcspr, on=D(2026, 11, 23), planned=D(2026, 11, 27))
    services.record_report_sent(lcspr=lcspr, actor=bu, sent_on=D(2026, 11, 24))
    with pytest.raises(ValidationError, match="right format"):
        services.record_publication(lcspr=lcspr, actor=bu, published_on=D(2026, 11, 27),
                                    url="not a web address")
    services.record_publication(lcspr=lcspr, actor=bu, published_on=D(2026, 11, 27),
                                url="https://www.example.org/lcspr-child-a")
    services.close_lcspr(lcspr=lcspr, actor=bu, closed_on=D(2026, 11, 30))
    lcspr = journey.refreshed(lcspr)
    assert lcspr.status == S.CLOSED
    assert (lcspr.draft_received_on, lcspr.final_signed_off_on, lcspr.sent_on,
            lcspr.published_on, lcspr.closed_on) == (
        D(2026, 11, 20), D(2026, 11, 23), D(2026, 11, 24), D(2026, 11, 27), D(2026, 11, 30))
    assert [(name, state) for name, state, _reason in log_of(lcspr)] == [
        ("decide", S.DECIDED), ("start_commissioning", S.COMMISSIONING),
        ("assess_reviewer", S.COMMISSIONING), ("commission_reviewer", S.IN_PROGRESS),
        ("record_draft_report", S.DRAFT_REPORT), ("record_draft_report", S.DRAFT_REPORT),
        *[("sign_off_report", S.DRAFT_REPORT)] * 4, ("sign_off_final_report", S.SIGNED_OFF),
        ("decide_publication", S.SIGNED_OFF),
        ("record_report_sent", S.SENT), ("record_publication", S.PUBLISHED),
        ("close", S.CLOSED)]
    assert log_of(lcspr)[-2][2] == ("Report published on 27 November 2026 at "
                                    "https://www.example.org/lcspr-child-a, naming the "
                                    "reviewer, Margaret Osei")
    assert lcspr.case.status == Case.Status.LCSPR_ENDED
    assert [row[0] for row in log_of(lcspr.case)][-4:] == [
        "lcspr_under_way", "add_lcspr_report", "add_lcspr_report", "lcspr_ended"]
    # The reviewer's commission ended with the review.
    assert lcspr.commissions.get().ended_on == D(2026, 11, 30)


def test_steps_are_refused_out_of_order_and_change_nothing(p, lcspr):
    """Nothing is skipped (004 sections 14.7 and 16.1): a draft comes after a reviewer is
    commissioned, the report is not sent before it is signed off, and the review is not
    closed before publication; a refusal changes nothing."""
    bu = p.business_unit
    for attempt in (
            lambda: journey.draft(p, lcspr, D(2026, 11, 2)),
            lambda: services.record_report_sent(lcspr=lcspr, actor=bu, sent_on=D(2026, 11, 2)),
            lambda: services.close_lcspr(lcspr=lcspr, actor=bu, closed_on=D(2026, 11, 2))):
        with pytest.raises(TransitionNotAllowed, match="can no longer be done"):
            attempt()
    assert journey.refreshed(lcspr).status == S.DECIDED
    assert [row[0] for row in log_of(lcspr)] == ["decide"]


def test_dates_keep_their_order(p, in_progress):
    """Each date follows the one before it (004 section 16.1: the draft, then the final
    report's sign-off), and a refusal says which, with its date."""
    bu = p.business_unit
    with pytest.raises(ValidationError, match="cannot be before the reviewer was "
                                              "commissioned, on 2 November 2026"):
        journey.draft(p, in_progress, D(2026, 11, 1))
    journey.draft(p, in_progress, D(2026, 11, 16))
    journey.signed_by_all(p, in_progress, D(2026, 11, 16))
    in_progress = journey.refreshed(in_progress)
    with pytest.raises(ValidationError, match="cannot be before the draft report was "
                                              "received, on 16 November 2026"):
        services.record_final_sign_off(lcspr=in_progress, actor=bu, signed_off_on=D(2026, 11, 13))
    with pytest.raises(ValidationError, match="must be today or in the past"):
        services.record_final_sign_off(lcspr=in_progress, actor=bu, signed_off_on=D(2027, 1, 4))


def test_not_published_with_the_justification(p, in_progress):
    """004 section 15.3: the justification for not publishing is set out to the National
    Panel and the Secretary of State; the review then closes."""
    lcspr, bu = in_progress, p.business_unit
    lcspr = journey.report_signed_off(p, lcspr, received_on=D(2026, 11, 16),
                                      signed_off_on=D(2026, 11, 20))
    with pytest.raises(ValidationError, match="Enter the justification"):
        services.decide_publication(lcspr=lcspr, actor=bu, decision="none",
                                    decided_on=D(2026, 11, 20), justification=" ")
    journey.publication_decided(p, lcspr, on=D(2026, 11, 20), planned=None, decision="none")
    services.record_report_sent(lcspr=lcspr, actor=bu, sent_on=D(2026, 11, 23))
    services.record_not_published(lcspr=lcspr, actor=bu, sent_on=D(2026, 11, 24),
                                  justification="Publication would identify the surviving "
                                                "siblings; the learning is published instead.")
    services.close_lcspr(lcspr=lcspr, actor=bu, closed_on=D(2026, 11, 25))
    lcspr = journey.refreshed(lcspr)
    assert lcspr.status == S.CLOSED and lcspr.justification_sent_on == D(2026, 11, 24)
    assert [row[0] for row in log_of(lcspr)][-2:] == ["decide_not_to_publish", "close"]


@pytest.mark.parametrize("end", ["withdraw", "merge"])
def test_withdrawn_or_merged_with_a_reason(p, in_progress, end):
    """004 sections 11.3-11.4: a review may be merged with another (a joint review, one
    body leading); or withdrawn. Either needs the reason, ends the reviewer's commission and
    the case's LCSPR."""
    lcspr, bu = in_progress, p.business_unit
    if end == "withdraw":
        with pytest.raises(ValidationError, match="Enter why the LCSPR is withdrawn"):
            services.withdraw_lcspr(lcspr=lcspr, actor=bu, reason="")
        services.withdraw_lcspr(lcspr=lcspr, actor=bu,
                                reason="The National Panel will undertake a national review")
    else:
        with pytest.raises(ValidationError, match="Say which review"):
            services.merge_lcspr(lcspr=lcspr, actor=bu, merged_with="", reason="Joint review")
        services.merge_lcspr(lcspr=lcspr, actor=bu,
                             merged_with="the Domestic Homicide Review of the same family",
                             reason="One joint review, the DHR chair leading")
    lcspr = journey.refreshed(lcspr)
    assert lcspr.status == (S.WITHDRAWN if end == "withdraw" else S.MERGED)
    assert lcspr.ended_reason
    assert lcspr.case.status == Case.Status.LCSPR_ENDED
    assert lcspr.commissions.get().ended_on is not None
    with pytest.raises(TransitionNotAllowed):
        services.withdraw_lcspr(lcspr=lcspr, actor=bu, reason="Again")


def test_only_the_business_unit_makes_the_steps(p, in_progress, reviewer):
    """The partners commission and supervise the review (004 section 8.1, 8.6); the
    business unit records each step: not the reviewer (who uploads the report's versions
    only), not a partner."""
    with pytest.raises(PermissionDenied):
        journey.draft(p, in_progress, D(2026, 11, 16), by=p.partner)
    with pytest.raises(PermissionDenied):
        services.withdraw_lcspr(lcspr=in_progress, actor=p.partner, reason="No")


def test_the_task_list_says_what_is_done_and_what_comes_next(p, in_progress):
    """The LCSPR's page asks the workflow what is done (by whom), what the business unit
    can do now (002 section 8: tell the Panel, Ofsted and DfE of the decision; 004 section
    16.1: the draft), and what cannot start yet."""
    bu = p.business_unit
    tasks = {row.title: row for row in workflow.task_list(
        in_progress, bu, Decision.objects.filter(object_id=in_progress.pk, record="LCSPR"))}
    assert tasks["Start commissioning the reviewer"].status == "completed"
    assert "Recorded by Priya Shah" in tasks["Commission the reviewer"].hint
    told = tasks["Tell the National Panel, Ofsted and DfE of the decision"]
    assert (told.status, told.url) == ("to_do", f"/lcsprs/{in_progress.pk}/tell-decision/")
    assert tasks["Upload a version of the report"].status == "to_do"
    assert tasks["Record the sign-off of the final report"].status == "cannot_start"
    steps = [step.label for step in workflow.available(in_progress, bu)]
    assert "Upload a version of the report" in steps and "Close the review" not in steps
    assert workflow.available(in_progress, p.partner) == []


def test_later_slices_add_conditions_to_the_simple_steps(p, in_progress, monkeypatch):
    """The simple steps leave a hook: a later slice adds what must be true first (004
    sections 14.5 and 16.1: the drafts and the sign-offs bound to a version; 004 section
    14.1: the redaction check), and the step waits for it."""
    monkeypatch.setattr(lcspr_workflow, "_required", {})
    lcspr_workflow.requires("record_draft_report",
                            lambda lcspr, user: "Upload the draft as a new version first")
    assert workflow.why_not(in_progress, "record_draft_report", p.business_unit) == (
        "Upload the draft as a new version first")
    with pytest.raises(TransitionNotAllowed, match="Upload the draft"):
        journey.draft(p, in_progress, D(2026, 11, 16))
    with pytest.raises(ValueError):
        lcspr_workflow.requires("no_such_step", lambda lcspr, user: "")


def test_a_recorded_date_is_corrected_with_the_reason(p, in_progress):
    """The business unit corrects the date of the decision to initiate the review (004
    section 15.5: the six months move with it) or of the commission; the log keeps both
    dates and the reason, and the order still holds."""
    bu = p.business_unit
    services.correct_lcspr_date(lcspr=in_progress, actor=bu, field="decided_on",
                                new_date=D(2026, 10, 22), reason="The last partner signed on "
                                                                 "the Thursday")
    services.correct_lcspr_date(lcspr=in_progress, actor=bu, field="commissioned_on",
                                new_date=D(2026, 11, 3), reason="Contract signed on Tuesday")
    lcspr = journey.refreshed(in_progress)
    assert lcspr.decided_on == D(2026, 10, 22)
    assert lcspr.commissions.get().commissioned_on == D(2026, 11, 3)
    assert log_of(lcspr)[-2][2] == ("Date of the partners' decision to initiate the review "
                                    "corrected from 23 October 2026 to 22 October 2026: The "
                                    "last partner signed on the Thursday")
    with pytest.raises(ValidationError, match="cannot be after commissioning started, on 2 "
                                              "November 2026"):
        services.correct_lcspr_date(lcspr=lcspr, actor=bu, field="decided_on",
                                    new_date=D(2026, 11, 4), reason="Typed wrongly")
