"""The one workflow mechanism (safeguarding.workflow), tested through the records that use it:

- a transition refused (from a wrong state, by a wrong person, by a guard) changes nothing
  and writes no decision;
- every transition writes exactly one decision-log row, saying who, what, about which record
  and from which state to which, in plain English;
- ``steps``/``available``/``can``/``why_not`` and ``task_list`` say what can be done next and,
  when it cannot, why and who can.

Every record is brought to its stage through the services (tests/safeguarding/
workflow_journeys.py), never by setting its status."""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cases import services as cases
from cases.models import Case, Document, Notification
from deadlines.models import Deadline, DelayReason
from forms import services as referrals
from reviews.models import InformationReturn, KnownAgency, RapidReview, SignOff
from reviews.rapid_review import services as reviews
from safeguarding import workflow
from safeguarding.models import Decision
from safeguarding.rows import RowChange
from safeguarding.workflow import TASK_STATUSES, TransitionNotAllowed
from tests.factories import pdf_upload

from . import workflow_journeys as j

N = Notification.Recipient

pytestmark = pytest.mark.django_db
D = datetime.date
K = j.K
C = Case.Status
R = RapidReview.Status


def snapshot(record: Any) -> tuple[dict, int]:
    """The record's row as the database holds it, and how many history rows it has."""
    model = type(record)
    return (model.objects.filter(pk=record.pk).values().get(),
            model.history.filter(id=record.pk).count())


@contextlib.contextmanager
def nothing_changes(*records: Any):
    """The records, their history and the decision log are the same after the block."""
    before = [snapshot(record) for record in records]
    decisions = Decision.objects.count()
    yield
    assert [snapshot(record) for record in records] == before
    assert Decision.objects.count() == decisions


@pytest.fixture
def p() -> j.People:
    return j.people()


# 1. Refusals change nothing.

WITHDRAWN = "This case is now 'Withdrawn', so this can no longer be done."


def test_a_transition_from_a_state_it_does_not_start_from_is_refused(p):
    case = j.referred_case()
    stale = Case.objects.get(pk=case.pk)  # loaded before the case was withdrawn
    cases.withdraw_case(case=case, actor=p.business_unit, reason="Referred in error")
    with nothing_changes(case):
        with pytest.raises(TransitionNotAllowed) as refused:
            cases.inform_partners(case=case, actor=p.business_unit, informed_on=D(2026, 11, 2))
        assert str(refused.value) == WITHDRAWN
        with pytest.raises(TransitionNotAllowed) as refused:
            workflow.perform(case, "inform_partners", actor=p.business_unit)
        assert str(refused.value) == WITHDRAWN
        # perform reads the state from the database, under a lock, not from the object.
        assert stale.status == C.REFERRED
        with pytest.raises(TransitionNotAllowed) as refused:
            workflow.perform(stale, "inform_partners", actor=p.business_unit,
                             partners_informed_on=D(2026, 11, 2))
        assert str(refused.value) == WITHDRAWN
    case.refresh_from_db()
    assert case.status == C.WITHDRAWN and case.partners_informed_on is None


def test_a_transition_by_someone_it_is_not_for_is_refused(p):
    case = j.referred_case()
    with nothing_changes(case):
        with pytest.raises(PermissionDenied) as refused:
            workflow.perform(case, "inform_partners", actor=p.scrutineer)
        assert str(refused.value) == "Only the business unit can do this."
        with pytest.raises(PermissionDenied, match="Only the business unit can do this."):
            workflow.check(case, "inform_partners", p.scrutineer)
        with pytest.raises(PermissionDenied):
            cases.inform_partners(case=case, actor=p.scrutineer, informed_on=D(2026, 11, 2))
        with pytest.raises(PermissionDenied, match="Only the business unit can do this."):
            workflow.perform(case, "inform_partners", actor=None)
    assert Case.objects.get(pk=case.pk).status == C.REFERRED


def test_the_panel_chair_cannot_sign_off_for_a_partner(p):
    review = j.decided(p)
    with nothing_changes(review):
        with pytest.raises(PermissionDenied) as refused:
            j.sign(review, p.chair)
        assert str(refused.value) == ("Only the local authority, police and integrated care "
                                      "board partners can do this.")
    assert not SignOff.objects.exists()


def test_the_pack_is_not_circulated_before_any_return_is_submitted(p):
    review = j.started_review(p)
    requested = j.ask(review, p)  # asked, not answered
    message = "No agency has submitted its return yet: the pack would be empty"
    with nothing_changes(review, requested):
        with pytest.raises(TransitionNotAllowed) as refused:
            reviews.circulate_panel_pack(review=review, actor=p.business_unit,
                                         circulated_on=D(2026, 11, 16))
        assert str(refused.value) == message
        with pytest.raises(TransitionNotAllowed) as refused:
            workflow.perform(review, "circulate_panel_pack", actor=p.business_unit,
                             pack_circulated_on=D(2026, 11, 16))
        assert str(refused.value) == message
    review.refresh_from_db()
    assert review.status == R.GATHERING and review.pack_circulated_on is None


def test_a_partner_signs_off_once(p):
    review = j.decided(p)
    j.sign(review, p.police_partner)
    with nothing_changes(review):
        with pytest.raises(TransitionNotAllowed) as refused:
            j.sign(review, p.police_partner, 20)
        assert str(refused.value) == "Police has already signed this off"
        another_officer = j.UserFactory(role=j.Role.SAFEGUARDING_PARTNER,
                                        agency=p.agencies[K.POLICE])
        with pytest.raises(TransitionNotAllowed, match="^Police has already signed this off$"):
            workflow.perform(review, "sign_off", actor=another_officer)
        # Nor can the service complete the sign-off with two partners of three.
        with pytest.raises(TransitionNotAllowed) as refused:
            workflow.perform(review, "complete_sign_off", actor=p.partner)
        assert str(refused.value) == ("Waiting for the sign-off of: Local authority, "
                                      "Integrated care board")
    assert list(review.sign_offs.values_list("partner", flat=True)) == [K.POLICE]
    assert review.case.decisions.filter(transition="sign_off").count() == 1


def test_the_review_is_not_concluded_before_the_panel_responds(p):
    review = j.sent_to_the_panel(p)
    case = review.case
    with nothing_changes(review, case):
        with pytest.raises(TransitionNotAllowed) as refused:
            reviews.conclude_rapid_review(review=review, actor=p.business_unit,
                                          next_step=RapidReview.NextStep.LCSPR)
        assert str(refused.value) == "Record the National Panel's response first."
        with pytest.raises(TransitionNotAllowed, match="Record the National Panel's response"):
            workflow.perform(review, "conclude", actor=p.business_unit,
                             next_step=RapidReview.NextStep.LCSPR)
    assert Case.objects.get(pk=case.pk).status == C.RAPID_REVIEW
    assert RapidReview.objects.get(pk=review.pk).status == R.SUBMITTED


@pytest.mark.parametrize("stage,name,message", [
    ("withdrawn", "record_referrer_feedback",
     "The referrer is told the outcome once the partners decide."),
    ("decided", "record_notification", "Record the date the local authority became aware first"),
    ("notification_due", "complete_notifications",
     "Still to be notified: National Panel, Ofsted and DfE (online notification)"),
])
def test_the_case_guards_say_why_and_change_nothing(p, stage, name, message):
    case = {"withdrawn": withdrawn, "decided": j.decided_case,
            "notification_due": j.notification_due_case}[stage](p)
    with nothing_changes(case):
        with pytest.raises(TransitionNotAllowed) as refused:
            workflow.perform(case, name, actor=p.business_unit)
        assert str(refused.value) == message
        assert workflow.why_not(case, name, p.business_unit) == message


def test_the_outcome_cannot_change_once_the_partners_have_decided(p):
    review = j.decided(p)
    j.sign(review, p.partner)
    with nothing_changes(review):
        with pytest.raises(TransitionNotAllowed) as refused:
            j.record_outcome(review, p, rationale="Changed after the local authority signed")
        assert str(refused.value) == ("This rapid review is now 'Partners' decision made', so "
                                      "this can no longer be done.")


def test_a_refused_step_in_a_service_rolls_back_the_steps_before_it(p):
    """Of a service making two transitions, the second refused leaves neither."""
    review = j.sent_to_the_panel(p)
    j.panel_agrees(review, p)
    case = review.case
    # The case leaves the rapid review in between (as if someone else had moved it on).
    cases.withdraw_case(case=Case.objects.get(pk=case.pk), actor=p.business_unit,
                        reason="Duplicate referral")
    with nothing_changes(review, case), pytest.raises(TransitionNotAllowed):
        reviews.conclude_rapid_review(review=review, actor=p.business_unit,
                                      next_step=RapidReview.NextStep.LCSPR)
    assert RapidReview.objects.get(pk=review.pk).status == R.SUBMITTED


# 2. Every transition writes exactly one decision-log row.

@dataclass
class Made:
    name: str
    record: Any
    actor: Any
    decision: Decision


class Recorder:
    """Wraps workflow.perform, workflow.create and the log writer: what was made (and not
    refused), and every row the log writer wrote."""

    def __init__(self, monkeypatch) -> None:
        self.made: list[Made] = []
        self.logged: list[Decision] = []
        perform, create, log = workflow.perform, workflow.create, workflow._log

        def recorded(make):
            def call(record, name, *, actor, reason="", **changes):
                decision = make(record, name, actor=actor, reason=reason, **changes)
                self.made.append(Made(name, record, actor, decision))
                return decision
            return call

        def logging(*args, **kwargs):
            decision = log(*args, **kwargs)
            self.logged.append(decision)
            return decision

        monkeypatch.setattr(workflow, "perform", recorded(perform))
        monkeypatch.setattr(workflow, "create", recorded(create))
        monkeypatch.setattr(workflow, "_log", logging)


def plain_english(label: str) -> bool:
    return bool(label) and "_" not in label and label[0].isupper()


MADE_BY_THE_SWEEP = {"escalate_to_head_of_service", "escalate_to_chief_officer"}


def check_row(row: Decision, made: Made, *, by_the_public: bool = False) -> None:
    flow = workflow.workflow_of(made.record)
    declared = flow.transitions[made.name]
    assert row.pk == made.decision.pk
    assert row.transition == made.name
    assert row.what == declared.done and plain_english(row.what)
    assert row.record and row.record == flow.describe(made.record)
    assert (row.content_type, row.object_id) == (
        ContentType.objects.get_for_model(made.record), made.record.pk)
    assert row.case_id is not None and row.case_id == flow.case_id(made.record)
    assert row.actor == made.actor
    # A referral from the public page is made by no account; an escalation by the sweep.
    if not by_the_public and made.name not in MADE_BY_THE_SWEEP:
        assert row.actor is not None, made.name
    assert row.to_state == (declared.target or row.from_state)
    assert row.to_label == flow.state_label(row.to_state) and plain_english(row.to_label)
    if declared.sources:
        assert row.from_state in declared.sources
        assert row.from_label == flow.state_label(row.from_state)
        assert plain_english(row.from_label)
    else:  # a record made in its first state
        assert (row.from_state, row.from_label) == ("", "")


def main_journey(p: j.People) -> Case:
    """A referral to a concluded rapid review, every step of the way through the services."""
    case = j.notified_case(p)
    cases.record_referrer_feedback(case=case, actor=p.business_unit, told_on=D(2026, 11, 4))
    cases.add_document(case=case, actor=p.business_unit, kind=Document.Kind.OTHER,
                       title="Police summary", upload=pdf_upload())
    review = reviews.start_rapid_review(case=case, actor=p.business_unit,
                                        decided_on=D(2026, 11, 9), decision_note=j.DECISION_NOTE)
    reviews.choose_panel(review=review, actor=p.business_unit, members=[p.chair])
    reviews.schedule_meeting(review=review, actor=p.business_unit, meeting_on=D(2026, 11, 18))
    school = j.ask(review, p)
    reviews.save_information_return(information_return=school, actor=p.teacher, answers={
        "completed_by_name": "Claire Dunn", "completed_by_role": "DSL",
        "completed_on": D(2026, 11, 11)}, version=None)
    j.answer(school)
    hospital = KnownAgency.objects.create(information_return=school, name="Northmoor Hospitals",
                                          agency=p.agencies[K.HEALTH_PROVIDER])
    youth_club = KnownAgency.objects.create(information_return=school,
                                            name="Northmoor Youth Club")
    reviews.submit_information_return(information_return=school, actor=p.teacher)
    reviews.reopen_information_return(information_return=school, actor=p.business_unit,
                                      reason="The chronology misses the October visit")
    reviews.submit_information_return(information_return=school, actor=p.teacher)
    reviews.decide_known_agency(known_agency=hospital, actor=p.business_unit, approve=True)
    reviews.decide_known_agency(known_agency=youth_club, actor=p.business_unit, approve=False)
    reviews.record_extension_notice(review=review, actor=p.business_unit,
                                    notified_on=D(2026, 11, 13),
                                    reason="The police return waits on the investigation")
    reviews.circulate_panel_pack(review=review, actor=p.business_unit,
                                 circulated_on=D(2026, 11, 16))
    reviews.record_attendance(review=review, actor=p.business_unit,
                              attendance=j.attendance_rows(p))
    reviews.record_parallel_processes(review=review, actor=p.business_unit, processes=[
        RowChange(values={"kind": "criminal_investigation", "other_kind": "",
                          "lead": "DI Sam Cole, Northmoor Police", "progress": "under_way",
                          "notes": ""})])
    reviews.record_meeting_held(review=review, actor=p.business_unit, held_on=D(2026, 11, 18))
    j.record_outcome(review, p)
    j.decide(review, p)
    for day, partner in zip((19, 20, 23), p.statutory_partners, strict=True):
        j.sign(review, partner, day)
    reviews.record_family_told(review=review, actor=p.business_unit, told=True,
                               told_on=D(2026, 11, 24), told_by="The allocated social worker")
    reviews.record_submission(review=review, actor=p.business_unit, submitted_on=D(2026, 11, 24))
    reviews.record_panel_response(review=review, actor=p.business_unit,
                                  responded_on=D(2026, 11, 24),
                                  response=RapidReview.PanelResponse.FURTHER_INFORMATION,
                                  questions="Was the father known to adult services?")
    reviews.record_answers_sent(review=review, actor=p.business_unit, sent_on=D(2026, 11, 24),
                                answers="He was not known to adult social care.")
    j.panel_agrees(review, p)
    reviews.record_publication(review=review, actor=p.business_unit, published=False,
                               reason="Published with the LCSPR, once it reports")
    reviews.conclude_rapid_review(review=review, actor=p.business_unit,
                                  next_step=RapidReview.NextStep.LCSPR)
    case.refresh_from_db()
    review.refresh_from_db()
    assert (case.status, review.status) == (C.LCSPR_TO_COMMISSION, R.CONCLUDED)
    return case


MAIN_JOURNEY = [
    ("Case", "receive_referral"), ("Referral", "submit_referral"),
    ("Case", "inform_partners"), ("Case", "decide_notify"),
    ("Case", "record_local_authority_awareness"),
    ("Case", "record_notification"), ("Case", "complete_notifications"),
    ("Case", "record_referrer_feedback"), ("Case", "add_document"),
    ("Case", "start_rapid_review"), ("RapidReview", "choose_panel"),
    ("RapidReview", "schedule_meeting"), ("RapidReview", "send_information_requests"),
    ("InformationReturn", "start_return"), ("InformationReturn", "submit_return"),
    ("InformationReturn", "reopen_return"), ("InformationReturn", "submit_return"),
    ("RapidReview", "send_information_requests"), ("KnownAgency", "approve_known_agency"),
    ("KnownAgency", "decline_known_agency"), ("RapidReview", "record_extension_notice"),
    # The pack is kept as a document of the case as it is circulated.
    ("RapidReview", "circulate_panel_pack"), ("Case", "add_document"),
    ("RapidReview", "record_attendance"),
    ("RapidReview", "record_parallel_processes"),
    ("RapidReview", "record_meeting_held"), ("RapidReview", "record_recommendation"),
    ("RapidReview", "record_partners_decision"),
    ("RapidReview", "sign_off"), ("RapidReview", "sign_off"), ("RapidReview", "sign_off"),
    ("RapidReview", "complete_sign_off"), ("RapidReview", "record_family_told"),
    # The hospital's return, asked for and never submitted, is closed once sent.
    ("RapidReview", "record_submission"), ("InformationReturn", "close_return"),
    ("RapidReview", "record_panel_questions"), ("RapidReview", "record_answers_sent"),
    ("RapidReview", "record_panel_response"), ("RapidReview", "record_publication"),
    ("RapidReview", "conclude"), ("Case", "conclude_rapid_review_lcspr"),
    # Concluded with an LCSPR: it opens (the LCSPR records who is told of its decision).
    ("Lcspr", "decide"),
]


def concluded_with(next_step: str):
    def journey(p: j.People) -> Case:
        review = j.sent_to_the_panel(p)
        j.panel_agrees(review, p)
        # The partners decided on an LCSPR: another next step is an override, with a reason.
        # With no review, how the learning will be shared (001): a planned item.
        reviews.conclude_rapid_review(review=review, actor=p.business_unit, next_step=next_step,
                                      override_reason="The family moved abroad",
                                      learning_sharing="A 7-minute briefing",
                                      learning_shared_by=D(2027, 1, 29))
        return Case.objects.get(pk=review.case_id)
    return journey


def decision_sent_back(p: j.People) -> RapidReview:
    """The decision maker decides otherwise; one partner signs, another declines, which sends
    it back; deciding again voids the signature; the decision maker sends the recommendation
    back to the panel; the chair records it again, it is decided and all three sign off."""
    review = j.recommended(p)
    j.decide(review, p, agrees=False,
             decision=RapidReview.Recommendation.MULTI_AGENCY_LEARNING,
             reason="A local learning review will report sooner")
    j.sign(review, p.partner, 19)
    reviews.decline_sign_off(review=review, actor=p.police_partner,
                             decision_version=review.decision_version,
                             reason="The criteria for an LCSPR are met")
    j.decide(review, p)
    reviews.return_to_panel(review=review, actor=p.scrutineer,
                            reason="The panel should set out the key lines of enquiry again")
    review.refresh_from_db()
    j.record_outcome(review, p)
    review.refresh_from_db()
    j.decide(review, p)
    for day, partner in zip((19, 20, 23), p.statutory_partners, strict=True):
        j.sign(review, partner, day)
    review.refresh_from_db()
    assert review.status == R.SIGNED_OFF
    return review


def learning_route(p: j.People) -> Case:
    """The group decides, the partners send the decision back, the group decides again and
    the partners approve it, saying how the learning will be shared (004 s. 10.7, 001)."""
    case = j.decided_case(p, Case.ScreeningDecision.LEARNING)
    cases.record_learning_decision(case=case, actor=p.manager,
                                   decision=Case.LearningDecision.NO_FURTHER_ACTION,
                                   rationale="Practice was good", decided_on=D(2026, 11, 10))
    cases.return_learning_decision(case=case, actor=p.police_partner,
                                   reason="Similar cases have been seen: consider an audit")
    cases.record_learning_decision(case=case, actor=p.manager,
                                   decision=Case.LearningDecision.MULTI_AGENCY_AUDIT,
                                   rationale="Similar cases of bruising in non-mobile babies",
                                   decided_on=D(2026, 11, 17))
    cases.approve_learning_decision(case=case, actor=p.partner, approved_on=D(2026, 11, 18),
                                    sharing="A 7-minute briefing to the Learning and "
                                            "Development group; the partnership newsletter")
    return case


def withdrawn(p: j.People) -> Case:
    case = j.referred_case()
    cases.withdraw_case(case=case, actor=p.business_unit, reason="Referred in error")
    return case


def merged(p: j.People) -> Case:
    case, into = j.referred_case(), j.referred_case()
    cases.merge_case(case=case, into=into, actor=p.business_unit,
                     reason="The school and the hospital referred the same incident")
    return case


def from_the_public(p: j.People) -> Case:
    return referrals.submit_public_referral(answers={
        "referrer_name": "A neighbour", "referrer_relationship": "Neighbour",
        "referrer_email": "neighbour@example.org", "referrer_phone": "01632 960 002",
        "incident_date": D(2026, 11, 19), "incident_details": "I heard a baby screaming.",
        "why_worried": "The baby has bruises.", "child_name": "Baby Test",
        "child_date_of_birth": D(2026, 7, 14), "child_address": "1 Test Street"})


def dates_corrected(p: j.People) -> RapidReview:
    """The business unit corrects a date of a case and one of a rapid review (issue 12)."""
    case = j.screening_case(p)
    cases.correct_case_date(case=case, actor=p.business_unit, field="partners_informed_on",
                            new_date=D(2026, 11, 3), reason="Typed wrongly")
    review = j.meeting_held(p)
    reviews.correct_review_date(review=review, actor=p.business_unit, field="meeting_held_on",
                                new_date=D(2026, 11, 17), reason="The minutes say Tuesday")
    return review


def criteria_not_met(p: j.People) -> Case:
    """Once notified, a rapid review follows unless the partners decide, with a reason, that
    the case does not meet the criteria (the National Panel's rule; issue 12)."""
    case = j.notified_case(p)
    cases.decide_no_rapid_review(case=case, actor=p.partner,
                                 reason="The police found the injury was accidental.")
    return case


def looked_after_death(p: j.People) -> Case:
    """A looked-after child died, no abuse or neglect suspected: the partners decide not to
    notify the National Panel; Ofsted, DfE and the child death review partners are told
    (004 s. 5.3; 002 s. 3)."""
    case = j.referred_case(outcome="died", abuse_or_neglect="neither", looked_after="yes",
                           regulated_setting="no", care_leaver="no",
                           child__date_of_death=D(2026, 11, 1))
    cases.inform_partners(case=case, actor=p.business_unit, informed_on=D(2026, 11, 2))
    cases.record_screening_decision(
        case=case, actor=p.partner, decision=Case.ScreeningDecision.NO_FURTHER_ACTION,
        rationale="Natural causes; no concerns about the care given.", decided_on=D(2026, 11, 2))
    cases.record_local_authority_awareness(case=case, actor=p.business_unit,
                                           aware_on=D(2026, 11, 2))
    for recipient in (N.OFSTED, N.DFE, N.CHILD_DEATH_REVIEW):
        j.notify(case, p.business_unit, recipient)
    return case


def delay_explained(p: j.People) -> DelayReason:
    """The local authority became aware on 2 November 2026 and has not notified the Panel:
    the statutory 5 working days ran out on 9 November. The business unit gives the reason
    for the delay, then changes it (issue 12; 004 section 15.5)."""
    from deadlines import services as deadlines

    case = j.notification_due_case(p)
    late = Deadline.objects.get(case=case, clock__code="notify_national_panel")
    deadlines.record_delay_reason(deadline=late, actor=p.business_unit,
                                  kind=DelayReason.Kind.INQUEST)
    return deadlines.record_delay_reason(
        deadline=late, actor=p.business_unit, kind=DelayReason.Kind.OTHER,
        text="The online notification system was unavailable")


# LCSPRs (issue 13): opened when the rapid review concludes with one, then each of their
# steps, through the services.

def lcspr_opened(p: j.People):
    from reviews.models import Lcspr

    review = j.sent_to_the_panel(p)
    j.panel_agrees(review, p)
    reviews.conclude_rapid_review(review=review, actor=p.business_unit,
                                  next_step=RapidReview.NextStep.LCSPR)
    return Lcspr.objects.select_related("case").get(case_id=review.case_id)


def _commission(p: j.People, lcspr, name: str, on: datetime.date) -> None:
    from reviews.lcspr import services as lcspr_services
    from tests.reviews.lcspr import journey as lcspr_journey

    commission = lcspr_journey.assessed(p, lcspr, lcspr_journey.reviewer(name))
    lcspr_services.commission_reviewer(lcspr=lcspr, actor=p.business_unit,
                                       commission=commission, commissioned_on=on)


def lcspr_published(p: j.People):
    from reviews.lcspr import services as lcspr_services
    from tests.reviews.lcspr import journey as lcspr_journey
    from tests.reviews.lcspr.journey import EVERYONE

    lcspr, bu = lcspr_opened(p), p.business_unit
    lcspr_services.record_decision_told(lcspr=lcspr, actor=bu, recipients=EVERYONE,
                                        told_on=D(2026, 11, 24))
    lcspr_services.start_commissioning(lcspr=lcspr, actor=bu, reviewer_kind="independent",
                                       procurement="regional_framework",
                                       started_on=D(2026, 11, 25))
    _commission(p, lcspr, "Margaret Osei", D(2026, 11, 26))
    lcspr_services.record_reviewer_told(lcspr=lcspr, actor=bu, recipients=EVERYONE,
                                        told_on=D(2026, 11, 26))
    # Disclosure and media (004 sections 13.4 and 15.1).
    lcspr_services.agree_media_strategy(lcspr=lcspr, actor=bu, strategy="One statement",
                                        agreed_on=D(2026, 11, 26), approved_on=D(2026, 11, 26))
    request = lcspr_services.record_disclosure_request(
        lcspr=lcspr, actor=bu, requester="coroner", received_on=D(2026, 11, 26),
        documents="The agencies' chronologies")
    lcspr_services.decide_disclosure_request(
        lcspr=lcspr, actor=bu, request=request, outcome="in_part", decided_on=D(2026, 11, 27),
        reason="The chronologies only", legal_advice="No Public Interest Immunity claim",
        legal_advice_on=D(2026, 11, 27))
    lcspr_services.record_publication_delay(lcspr=lcspr, actor=bu, kind="inquest",
                                            told_on=D(2026, 11, 27))
    lcspr_journey.report_signed_off(p, lcspr, received_on=D(2026, 11, 27),
                                    signed_off_on=D(2026, 11, 27))
    lcspr_services.decide_publication(lcspr=lcspr, actor=bu, decision="full",
                                      decided_on=D(2026, 11, 27), planned_on=D(2026, 12, 9))
    lcspr_services.record_report_sent(lcspr=lcspr, actor=bu, sent_on=D(2026, 11, 27))
    lcspr_services.record_publication(lcspr=lcspr, actor=bu, published_on=D(2026, 11, 30),
                                      url="https://www.example.org/lcspr")
    lcspr_services.record_press_statement(lcspr=lcspr, actor=bu, statement="The findings",
                                          released_on=D(2026, 11, 30))
    lcspr_services.record_panel_comments(lcspr=lcspr, actor=bu, comments="None",
                                         received_on=D(2026, 11, 30))
    lcspr_services.close_lcspr(lcspr=lcspr, actor=bu, closed_on=D(2026, 11, 30))
    lcspr_services.record_removal(lcspr=lcspr, actor=bu, removed_on=D(2026, 11, 30),
                                  reason="A court order")
    lcspr_services.correct_lcspr_date(lcspr=lcspr, actor=bu, field="published_on",
                                      new_date=D(2026, 11, 27), reason="Went live on Friday")
    return lcspr


def lcspr_not_published(p: j.People):
    """The first reviewer steps down and another is commissioned; the partners decide not
    to publish (004 section 15.3)."""
    from reviews.lcspr import services as lcspr_services
    from tests.reviews.lcspr import journey as lcspr_journey

    lcspr, bu = lcspr_opened(p), p.business_unit
    lcspr_services.start_commissioning(lcspr=lcspr, actor=bu, reviewer_kind="local",
                                       procurement="local_appointment",
                                       started_on=D(2026, 11, 24))
    _commission(p, lcspr, "Margaret Osei", D(2026, 11, 24))
    lcspr_services.end_commission(lcspr=lcspr, actor=bu, ended_on=D(2026, 11, 25),
                                  reason="Stepped down")
    _commission(p, lcspr, "Dr Chidi Obi", D(2026, 11, 25))
    lcspr_journey.report_signed_off(p, lcspr, received_on=D(2026, 11, 26),
                                    signed_off_on=D(2026, 11, 26))
    lcspr_services.decide_publication(lcspr=lcspr, actor=bu, decision="none",
                                      decided_on=D(2026, 11, 26),
                                      justification="It would identify the siblings")
    lcspr_services.record_report_sent(lcspr=lcspr, actor=bu, sent_on=D(2026, 11, 26))
    lcspr_services.record_not_published(lcspr=lcspr, actor=bu, sent_on=D(2026, 11, 27),
                                        justification="It would identify the siblings")
    return lcspr


def lcspr_report_checked(p: j.People):
    """The reviewer's draft names the child: the business unit keeps it with the reason;
    the governance group comments; a recommendation is recorded (issue 13 items 8, 10)."""
    from reviews.lcspr import services as lcspr_services
    from reviews.lcspr.reports import services as reports
    from tests.reviews.lcspr import journey as lcspr_journey

    lcspr, bu = lcspr_opened(p), p.business_unit
    lcspr_services.start_commissioning(lcspr=lcspr, actor=bu, reviewer_kind="local",
                                       procurement="local_appointment",
                                       started_on=D(2026, 11, 24))
    reviewer = lcspr_journey.reviewer()
    commission = lcspr_journey.assessed(p, lcspr, reviewer)
    lcspr_services.commission_reviewer(lcspr=lcspr, actor=bu, commission=commission,
                                       commissioned_on=D(2026, 11, 24))
    version = lcspr_journey.draft(p, lcspr, D(2026, 11, 25), by=reviewer, upload=(
        lcspr_journey.docx_report(f"The review of {lcspr.case.reference}")))
    lcspr = lcspr_journey.refreshed(lcspr)
    reports.comment_on_report(lcspr=lcspr, actor=p.partner, group="governance",
                              text="Clear and balanced", commented_on=D(2026, 11, 26))
    recommendation = reports.record_recommendation(
        lcspr=lcspr, actor=bu, what="Share chronologies sooner", agencies=[p.partner.agency],
        due_on=D(2027, 3, 31))
    reports.change_recommendation(lcspr=lcspr, actor=bu, recommendation=recommendation,
                                  what="Share chronologies sooner",
                                  agencies=[p.partner.agency], due_on=D(2027, 4, 30),
                                  reason="The agencies asked for a month more")
    reports.keep_redaction_hit(lcspr=lcspr, actor=bu, hit=version.redaction_hits.get(),
                               reason="The case reference is not the family's")
    reports.decline_report_sign_off(lcspr=lcspr, actor=p.police_partner,
                                    version_number=version.number, reason="Not balanced",
                                    declined_on=D(2026, 11, 26))
    request = lcspr_services.record_disclosure_request(
        lcspr=lcspr, actor=bu, requester="police", received_on=D(2026, 11, 26),
        documents="The practitioners' interview notes")
    lcspr_services.decide_disclosure_request(
        lcspr=lcspr, actor=bu, request=request, outcome="refused", decided_on=D(2026, 11, 26),
        reason="Not held")
    lcspr_services.change_disclosure_decision(
        lcspr=lcspr_journey.refreshed(lcspr), actor=bu, request=request, outcome="in_part",
        decided_on=D(2026, 11, 27), reason="The notes found since",
        change_reason="The notes were found")
    return lcspr


def lcspr_ended(how: str):
    def journey(p: j.People):
        from reviews.lcspr import services as lcspr_services

        lcspr = lcspr_opened(p)
        if how == "withdraw":
            lcspr_services.withdraw_lcspr(lcspr=lcspr, actor=p.business_unit,
                                          reason="The National Panel will review it")
        else:
            lcspr_services.merge_lcspr(lcspr=lcspr, actor=p.business_unit,
                                       merged_with="the Domestic Homicide Review",
                                       reason="One joint review")
        return lcspr
    return journey


def lcspr_terms_of_reference(p: j.People):
    """Issue 13 item 4 and 6: the governance group (its chair carried over from the rapid
    review), the terms of reference, the timetable and the parallel processes, a meeting,
    the terms agreed, and the reviewer asked in writing and reporting progress (004
    sections 8.2-8.6, 9.1, 11)."""
    from reviews.lcspr import services as lcspr_services
    from reviews.lcspr.dates import current_commission
    from safeguarding.rows import RowChange

    lcspr, bu = lcspr_opened(p), p.business_unit
    lcspr_services.start_commissioning(lcspr=lcspr, actor=bu, reviewer_kind="independent",
                                       procurement="regional_framework",
                                       started_on=D(2026, 11, 25))
    _commission(p, lcspr, "Margaret Osei", D(2026, 11, 26))
    lcspr_services.record_governance_group(lcspr=lcspr, actor=bu, members=[RowChange(values={
        "user": p.partner, "name": "", "agency": None, "job_title": "", "role": "member"})])
    lcspr_services.set_terms_of_reference(
        lcspr=lcspr, actor=bu, scope="Practice with the baby and family",
        period_from=D(2026, 1, 1), period_to=D(2026, 10, 31),
        key_lines_of_enquiry="How did agencies assess the risk the father posed?",
        methodology="systems", methodology_reason="The best opportunity to learn")
    lcspr_services.record_timetable(lcspr=lcspr, actor=bu, milestones=[RowChange(values={
        "name": "Learning event", "due_on": D(2027, 1, 20), "done_on": None})])
    lcspr_services.record_lcspr_parallel_processes(lcspr=lcspr, actor=bu, processes=[
        RowChange(values={"kind": "inquest", "other_kind": "", "lead": "Coroner's officer",
                          "chair": "", "chair_contacted_on": None, "progress": "under_way",
                          "coordination": "separate", "reports": "different",
                          "coordination_notes": "", "timescales_effect": "",
                          "disclosure_effect": "", "notes": ""})])
    lcspr_services.record_governance_meeting(
        lcspr=lcspr, actor=bu, held_on=D(2026, 11, 27),
        attended=list(lcspr.governance_members.all()), notes="Terms of reference agreed")
    lcspr_services.agree_terms_of_reference(lcspr=lcspr, actor=bu, agreed_on=D(2026, 11, 27),
                                            agreed_by="The governance group")
    request = lcspr_services.ask_reviewer_for_information(
        lcspr=lcspr, actor=bu, requested_on=D(2026, 11, 27), request="How far?")
    reviewer = current_commission(lcspr).reviewer
    lcspr_services.record_progress_report(lcspr=lcspr, actor=reviewer,
                                          reported_on=D(2026, 11, 30), report="On track",
                                          in_reply_to=request)
    lcspr_services.revise_terms_of_reference(lcspr=lcspr, actor=bu, revised_on=D(2026, 11, 30),
                                             reason="The inquest widened the scope")
    return lcspr


def lcspr_information_requests(p: j.People):
    """Issue 13 item 12 (004 section 8.6): the business unit asks an agency for information
    for the LCSPR, and the agency submits its return."""
    from deadlines import calendar
    from reviews.lcspr.information_requests import services as requests
    from safeguarding.dates import today
    from tests.rapid_review import complete

    lcspr = lcspr_opened(p)
    [asked] = requests.send_lcspr_information_requests(
        lcspr=lcspr, actor=p.business_unit, agencies=[p.agencies["education"]],
        due_on=calendar.add_working_days(today(), 10), asked_for="A chronology")
    complete(asked)
    reviews.submit_information_return(information_return=asked, actor=p.teacher)
    return lcspr


def lcspr_practitioners_and_family(p: j.People):
    """Issue 13 items 5 and 12 (004 sections 8.5, 12.1): the partners let the reviewer see
    the practitioner and family records; a practitioner and a family member recorded, and
    the reviewer's contact with the family member."""
    from reviews.lcspr import services as lcspr_services
    from reviews.lcspr.dates import current_commission
    from reviews.lcspr.engagement import services as engagement

    lcspr, bu = lcspr_opened(p), p.business_unit
    lcspr_services.start_commissioning(lcspr=lcspr, actor=bu, reviewer_kind="independent",
                                       procurement="regional_framework",
                                       started_on=D(2026, 11, 25))
    _commission(p, lcspr, "Margaret Osei", D(2026, 11, 26))
    engagement.decide_reviewer_engagement_access(lcspr=lcspr, actor=bu, allowed=True,
                                                 decided_on=D(2026, 11, 26))
    engagement.record_practitioner(lcspr=lcspr, actor=bu, user=p.teacher,
                                   role="Class teacher", engagement="interview")
    mother = engagement.record_family_member(lcspr=lcspr, actor=bu, name="Kayleigh Brennan",
                                             relationship="mother", engaged_by="reviewer")
    engagement.record_engagement_contact(
        lcspr=lcspr, actor=current_commission(lcspr).reviewer, family_member=mother,
        contacted_on=D(2026, 11, 27), how="visit", made_by="The reviewer",
        notes="Explained the review")
    return lcspr


# Action plans (issue 14): the rapid review panel's immediate safety actions, and an LCSPR's
# plan from its report's recommendations, each action through to its end.

def immediate_safety_actions(p: j.People) -> RapidReview:
    review = j.meeting_held(p)
    reviews.record_recommendation(
        review=review, actor=p.chair, outcome=j.OUTCOME, version=None,
        actions=[RowChange(values={"action": "Child protection medical",
                                   "owner_agency": p.agencies[K.HEALTH_PROVIDER],
                                   "due_on": D(2026, 12, 4)})])
    return review


def learning_shared(p: j.People) -> Case:
    """The route's planned learning shared; more recorded with its material, another
    planned and shared, and a key finding captured and sent to the group (issue 14 item 6)."""
    from reviews.learning import services as learning
    from safeguarding.dates import today

    case, bu, now = learning_route(p), p.business_unit, today()
    plan = case.action_plans.get()
    learning.record_shared(item=plan.learning_shared.get(), actor=bu, shared_on=now)
    learning.record_shared_now(plan=plan, actor=bu, what="Neglect", how="training",
                               audience="Health visitors", shared_on=now,
                               upload=pdf_upload("slides.pdf"))
    item = learning.plan_sharing(plan=plan, actor=bu, what="Neglect", how="newsletter",
                                 audience="Every agency", planned_for=D(2027, 1, 29))
    learning.record_shared(item=item, actor=bu, shared_on=now)
    learning.capture_learning(plan=plan, actor=bu, text="Late conferences", captured_on=now,
                              is_key_finding=True)
    learning.send_key_findings(plan=plan, actor=bu, sent_on=now)
    return case


def action_plan_of_an_lcspr(p: j.People):
    from reviews.action_plans import services as plans
    from reviews.lcspr.reports.models import ReportRecommendation
    from safeguarding.dates import today
    from safeguarding.models import LearningGroup, Role
    from tests.factories import UserFactory

    school, police = p.agencies[K.EDUCATION], p.agencies[K.POLICE]
    school.head_of_service = UserFactory(role=Role.MANAGER, agency=school)
    school.chief_officer = UserFactory(role=Role.MANAGER, agency=school)
    school.save()
    chair = LearningGroup.objects.create(chair=p.manager).chair
    lcspr, bu, now = lcspr_opened(p), p.business_unit, today()
    for number, agency in ((1, school), (2, police)):
        ReportRecommendation.objects.create(
            lcspr=lcspr, number=number, what=f"Recommendation {number}",
            due_on=D(2027, 3, 31), recorded_by=bu).agencies.set([agency])
    plan = plans.plan_from_recommendations(lcspr=lcspr, actor=bu)
    first, second = plan.actions.order_by("number")
    overdue = plans.propose_action(plan=plan, actor=bu, action="Audit the referrals",
                                   owner_agency=school, due_on=D(2026, 1, 15))
    for action in (first, second, overdue):
        plans.agree_action(action=action, actor=chair, agreed_on=now)
    plans.record_update(action=first, actor=p.teacher, written_on=now, text="Started",
                        upload=pdf_upload("audit.pdf"))
    plans.mark_completed(action=first, actor=p.teacher, completed_on=now, evidence="Done")
    plans.send_back_evidence(action=first, actor=chair, reason="Not the audit asked for")
    plans.mark_completed(action=first, actor=p.teacher, completed_on=now, evidence="Audit")
    plans.accept_evidence(action=first, actor=chair, accepted_on=now)
    later = now + datetime.timedelta(days=60)
    for outcome in ("not_assured", "assured"):  # 004 §17.1: the audit can reopen it
        plans.require_audit(action=first, actor=chair, what="Referrals name the risk",
                            due_on=later, by_whom="Quality assurance team", required_on=now)
        plans.record_audit_finding(action=first, actor=bu, found_on=now, outcome=outcome,
                                   finding="Half the referrals name it", new_due_on=later)
        if outcome == "not_assured":
            plans.mark_completed(action=first, actor=p.teacher, completed_on=now,
                                 evidence="Re-audited")
            plans.accept_evidence(action=first, actor=chair, accepted_on=now)
    plans.not_to_be_implemented(action=second, actor=chair, reason="Done nationally")
    plans.record_escalations(now)
    overdue.refresh_from_db()
    plans.record_escalation_response(action=overdue, actor=bu,
                                     escalation=overdue.escalations.order_by("pk").first(),
                                     response="A new lead named", responded_on=now)
    plans.request_extension(action=overdue, actor=bu, requested_on=now,
                            reason="The lead was ill", new_due_on=D(2027, 1, 31))
    plans.decide_extension(action=overdue, actor=chair, agree=True, reason="",
                           decided_on=now)
    plans.not_to_be_implemented(action=overdue, actor=chair, reason="Overtaken")
    plans.close_plan(plan=plan, actor=chair, reason="Every action finished")
    return plan


NOTIFIED = MAIN_JOURNEY[:7]
REACHED_TO_THE_PANEL = NOTIFIED + [
    ("Case", "start_rapid_review"), ("RapidReview", "send_information_requests"),
    ("InformationReturn", "submit_return"), ("RapidReview", "circulate_panel_pack"),
    ("Case", "add_document"),
    ("RapidReview", "choose_panel"), ("RapidReview", "record_attendance"),
    ("RapidReview", "record_meeting_held"), ("RapidReview", "record_recommendation"),
    ("RapidReview", "record_partners_decision"),
    ("RapidReview", "sign_off"), ("RapidReview", "sign_off"), ("RapidReview", "sign_off"),
    ("RapidReview", "complete_sign_off"), ("RapidReview", "record_submission"),
    ("RapidReview", "record_panel_response"), ("RapidReview", "conclude")]
SCREENED = [("Case", "receive_referral"), ("Referral", "submit_referral"),
            ("Case", "inform_partners")]

LCSPR_OPENED = [*REACHED_TO_THE_PANEL, ("Case", "conclude_rapid_review_lcspr"),
                ("Lcspr", "decide")]
COMMISSIONED = [("Lcspr", "assess_reviewer"), ("Lcspr", "commission_reviewer")]
REPORT_SENT = [("Lcspr", "record_draft_report"), ("Case", "add_lcspr_report"),
               *[("Lcspr", "sign_off_report")] * 4, ("Lcspr", "sign_off_final_report"),
               ("Lcspr", "decide_publication"), ("Lcspr", "record_report_sent")]

# Each journey, and the transitions it makes, in order.
JOURNEYS = {
    "referral to a concluded rapid review": (main_journey, MAIN_JOURNEY),
    "LCSPR published": (lcspr_published, [
        *LCSPR_OPENED, ("Lcspr", "tell_of_decision"), ("Lcspr", "all_told_of_decision"),
        ("Lcspr", "start_commissioning"), *COMMISSIONED, ("Case", "lcspr_under_way"),
        ("Lcspr", "tell_of_reviewer"), ("Lcspr", "all_told_of_reviewer"),
        ("Lcspr", "agree_media_strategy"), ("Lcspr", "record_disclosure_request"),
        ("Lcspr", "decide_disclosure_request"), ("Lcspr", "record_publication_delay"),
        *REPORT_SENT, ("Lcspr", "record_publication"), ("Lcspr", "record_press_statement"),
        ("Lcspr", "record_panel_comments"), ("Lcspr", "close"), ("Case", "lcspr_ended"),
        ("Lcspr", "record_removal"), ("Lcspr", "correct_date")]),
    "LCSPR not published": (lcspr_not_published, [
        *LCSPR_OPENED, ("Lcspr", "start_commissioning"), *COMMISSIONED,
        ("Case", "lcspr_under_way"), ("Lcspr", "end_commission"), *COMMISSIONED,
        *REPORT_SENT, ("Lcspr", "decide_not_to_publish")]),
    "LCSPR report checked": (lcspr_report_checked, [
        *LCSPR_OPENED, ("Lcspr", "start_commissioning"), *COMMISSIONED,
        ("Case", "lcspr_under_way"), ("Lcspr", "record_draft_report"),
        ("Case", "add_lcspr_report"), ("Lcspr", "comment_on_report"),
        ("Lcspr", "record_recommendation"), ("Lcspr", "change_recommendation"),
        ("Lcspr", "keep_redaction_hit"), ("Lcspr", "decline_report_sign_off"),
        ("Lcspr", "record_disclosure_request"), ("Lcspr", "decide_disclosure_request"),
        ("Lcspr", "change_disclosure_decision")]),
    "LCSPR withdrawn": (lcspr_ended("withdraw"), [*LCSPR_OPENED, ("Lcspr", "withdraw"),
                                                  ("Case", "lcspr_ended")]),
    "LCSPR terms of reference": (lcspr_terms_of_reference, [
        *LCSPR_OPENED, ("Lcspr", "start_commissioning"), *COMMISSIONED,
        ("Case", "lcspr_under_way"), ("Lcspr", "record_governance_group"),
        ("Lcspr", "set_terms_of_reference"), ("Lcspr", "record_timetable"),
        ("Lcspr", "record_lcspr_parallel_processes"), ("Lcspr", "record_governance_meeting"),
        ("Lcspr", "agree_terms_of_reference"), ("Lcspr", "ask_reviewer_for_information"),
        ("Lcspr", "record_progress_report"), ("Lcspr", "revise_terms_of_reference")]),
    "LCSPR merged": (lcspr_ended("merge"), [*LCSPR_OPENED, ("Lcspr", "merge"),
                                            ("Case", "lcspr_ended")]),
    "LCSPR information requests": (lcspr_information_requests, [
        *LCSPR_OPENED, ("Lcspr", "ask_agencies_for_information"),
        ("InformationReturn", "submit_return")]),
    "LCSPR practitioners and family": (lcspr_practitioners_and_family, [
        *LCSPR_OPENED, ("Lcspr", "start_commissioning"), *COMMISSIONED,
        ("Case", "lcspr_under_way"), ("Lcspr", "decide_reviewer_engagement_access"),
        ("Lcspr", "record_practitioner"), ("Lcspr", "record_family_member"),
        ("Lcspr", "record_engagement_contact")]),
    **{f"concluded: {step.label}": (concluded_with(step), [
        *REACHED_TO_THE_PANEL, ("Case", f"conclude_rapid_review_{step.value}"),
        *([("ActionPlan", "open_for_rapid_review"), ("LearningShared", "plan_when_no_review")]
          if step == RapidReview.NextStep.NO_REVIEW else [])])
       for step in RapidReview.NextStep if step != RapidReview.NextStep.LCSPR},
    "decision sent back": (decision_sent_back, [
        *REACHED_TO_THE_PANEL[:16], ("RapidReview", "record_partners_decision"),
        ("RapidReview", "sign_off"), ("RapidReview", "decline_sign_off"),
        ("RapidReview", "record_partners_decision"), ("RapidReview", "return_to_panel"),
        ("RapidReview", "record_recommendation"), ("RapidReview", "record_partners_decision"),
        ("RapidReview", "sign_off"), ("RapidReview", "sign_off"), ("RapidReview", "sign_off"),
        ("RapidReview", "complete_sign_off")]),
    "learning route": (learning_route, [*SCREENED, ("Case", "decide_learning"),
                                        ("Case", "record_learning_decision"),
                                        ("Case", "return_learning_decision"),
                                        ("Case", "record_learning_decision"),
                                        ("Case", "approve_learning_decision"),
                                        # No review held: the sharing is a planned item.
                                        ("ActionPlan", "open_for_learning"),
                                        ("LearningShared", "plan_when_no_review")]),
    "learning shared": (learning_shared, [
        *SCREENED, ("Case", "decide_learning"), ("Case", "record_learning_decision"),
        ("Case", "return_learning_decision"), ("Case", "record_learning_decision"),
        ("Case", "approve_learning_decision"), ("ActionPlan", "open_for_learning"),
        ("LearningShared", "plan_when_no_review"), ("LearningShared", "record_shared"),
        ("Case", "add_learning_material"), ("ActionPlan", "record_learning_shared"),
        ("LearningShared", "record_shared_now"), ("ActionPlan", "plan_learning"),
        ("LearningShared", "plan_sharing"), ("LearningShared", "record_shared"),
        ("ActionPlan", "capture_learning"), ("ActionPlan", "send_key_findings")]),
    "no further action": (lambda p: j.decided_case(p, Case.ScreeningDecision.NO_FURTHER_ACTION),
                          [*SCREENED, ("Case", "decide_no_further_action")]),
    "withdrawn": (withdrawn, [*SCREENED[:2], ("Case", "withdraw")]),
    "merged": (merged, [*SCREENED[:2], *SCREENED[:2], ("Case", "merge")]),
    "dates corrected": (dates_corrected, [*SCREENED, ("Case", "correct_date"),
                                          *REACHED_TO_THE_PANEL[:15],
                                          ("RapidReview", "correct_date")]),
    "reason for a delay": (delay_explained, [
        *SCREENED, ("Case", "decide_notify"), ("Case", "record_local_authority_awareness"),
        ("DelayReason", "give_delay_reason"), ("DelayReason", "change_delay_reason")]),
    "criteria not met once notified": (criteria_not_met, [
        *NOTIFIED, ("Case", "decide_no_rapid_review")]),
    "a looked-after child's death, the Panel not notified": (looked_after_death, [
        *SCREENED, ("Case", "decide_no_further_action"),
        ("Case", "record_local_authority_awareness"), ("Case", "record_notification"),
        ("Case", "record_notification"), ("Case", "record_notification"),
        ("Case", "complete_death_notifications")]),  # Ofsted, DfE, child death review
    "immediate safety actions": (immediate_safety_actions, [
        *REACHED_TO_THE_PANEL[:15], ("ActionPlan", "open_for_rapid_review"),
        ("Action", "set_by_panel"), ("RapidReview", "record_recommendation")]),
    "action plan of an LCSPR": (action_plan_of_an_lcspr, [
        *LCSPR_OPENED, ("ActionPlan", "open_plan"),
        *[("ActionPlan", "add_action"), ("Action", "propose")] * 2,
        ("ActionPlan", "propose_from_recommendations"), ("ActionPlan", "add_action"),
        ("Action", "propose"), *[("Action", "agree")] * 3, ("Case", "add_action_evidence"),
        ("Action", "record_update"), ("Action", "mark_completed"),
        ("Action", "send_back_evidence"), ("Action", "mark_completed"),
        ("Action", "accept_evidence"), ("Action", "require_audit"),
        ("Action", "reopen_after_audit"), ("Action", "mark_completed"),
        ("Action", "accept_evidence"), ("Action", "require_audit"),
        ("Action", "record_audit_finding"), ("Action", "not_to_be_implemented"),
        ("Action", "escalate_to_head_of_service"), ("Action", "escalate_to_chief_officer"),
        ("Action", "record_escalation_response"), ("Action", "request_extension"),
        ("Action", "decide_extension"), ("Action", "not_to_be_implemented"),
        ("ActionPlan", "close_plan")]),
    "from the public": (from_the_public, [("Case", "receive_referral"),
                                          ("Referral", "receive_public_referral")]),
}


@pytest.mark.parametrize("journey", list(JOURNEYS))
def test_every_transition_writes_exactly_one_decision_row(journey, monkeypatch):
    recorder = Recorder(monkeypatch)
    run, expected = JOURNEYS[journey]
    run(j.people())
    rows = list(Decision.objects.order_by("pk"))
    assert len(rows) == len(recorder.made) == len(recorder.logged)
    assert [(type(made.record).__name__, made.name) for made in recorder.made] == expected
    for row, made in zip(rows, recorder.made, strict=True):
        check_row(row, made, by_the_public=journey == "from the public")


def test_the_journeys_make_every_declared_transition():
    declared = {(flow.model.__name__, name) for flow in workflow.workflows()
                for name in flow.transitions}
    made = {step for _run, steps in JOURNEYS.values() for step in steps}
    assert declared - made == set(), "add a journey making these transitions"
    assert made - declared == set()


@pytest.mark.parametrize("flow", workflow.workflows(), ids=lambda flow: flow.model.__name__)
def test_every_state_and_transition_reads_as_plain_english(flow):
    for _value, label in flow.states.choices:
        assert plain_english(str(label)), label
    for declared in flow.transitions.values():
        assert plain_english(declared.label), declared.name
        assert plain_english(declared.done), declared.name
        if not declared.automatic:  # someone makes it: the rule, and who, in words
            assert declared.permission and declared.who, declared.name
            assert not declared.who[0].isupper() and "_" not in declared.who


# 5. What can be done next, and why not.

INFORM = "Record that the safeguarding partners were informed"


def test_a_partner_is_told_who_informs_the_partners(p):
    case = j.referred_case()
    step = next(step for step in workflow.steps(case, p.partner) if step.label == INFORM)
    assert (step.allowed, step.reason, step.url) == (
        False, "Only the business unit can do this.", "")
    assert INFORM not in [step.label for step in workflow.available(case, p.partner)]
    assert not workflow.can(case, "inform_partners", p.partner)
    assert workflow.why_not(case, "inform_partners", p.partner) == (
        "Only the business unit can do this.")
    mine = next(step for step in workflow.available(case, p.business_unit)
                if step.label == INFORM)
    assert mine.url == reverse("cases:action", args=[case.reference, "inform-partners"])
    assert workflow.can(case, "inform_partners", p.business_unit)
    assert workflow.why_not(case, "inform_partners", p.business_unit) == ""


def test_steps_follow_the_state_and_hide_the_automatic_ones(p):
    case = j.screening_case(p)
    labels = [step.label for step in workflow.steps(case, p.partner)]
    # The three outcomes of the partners' decision are one step.
    assert labels.count("Record the safeguarding partners' decision") == 1
    assert INFORM not in labels
    assert "Receive a referral" not in labels
    automatic = [step.label for step in workflow.steps(case, p.partner, include_automatic=True)]
    assert "Every required recipient notified" not in automatic  # not from this state
    cases.withdraw_case(case=case, actor=p.business_unit, reason="Referred in error")
    assert workflow.why_not(case, "inform_partners", p.business_unit) == (
        "Not while the case is 'Withdrawn'.")
    assert workflow.available(case, p.partner) == []


def test_guards_say_why_only_to_the_people_who_could_act(p):
    review = j.started_review(p)
    assert workflow.why_not(review, "circulate_panel_pack", p.business_unit) == (
        "No agency has submitted its return yet: the pack would be empty")
    assert workflow.why_not(review, "circulate_panel_pack", p.teacher) == (
        "Only the business unit can do this.")


def test_the_case_task_list_says_what_is_done_by_whom_and_who_is_awaited(p):
    case = j.screening_case(p)
    informed = case.decisions.get(transition="inform_partners")
    rows = workflow.task_list(case, p.business_unit, case.decisions)
    by_title = {row.title: row for row in rows}
    done = by_title["Record that the safeguarding partners were informed"]
    assert TASK_STATUSES[done.status] == "Completed"
    assert done.hint == ("Safeguarding partners informed. Recorded by Priya Shah on "
                         f"{timezone.localtime(informed.at):%-d %B %Y}")
    decision = by_title["Record the safeguarding partners' decision"]
    assert (decision.status, decision.hint) == ("waiting", "Waiting for a safeguarding partner")
    assert TASK_STATUSES["waiting"] == "Waiting"
    told = by_title["Record that the referrer was told the outcome"]
    assert (told.status, told.hint) == ("cannot_start", "")
    # The local authority may notify before the partners decide (its 5 working days run from
    # its awareness), once that date is recorded.
    notify = by_title["Notify the National Panel, Ofsted and DfE"]
    assert (notify.status, notify.hint) == (
        "waiting", "Record the date the local authority became aware first")
    assert by_title["Start the rapid review"].status == "cannot_start"
    # The partner is the one to act.
    mine = {row.title: row for row in workflow.task_list(case, p.partner, case.decisions)}
    assert mine["Record the safeguarding partners' decision"].status == "to_do"
    assert mine["Record the safeguarding partners' decision"].url == reverse(
        "cases:action", args=[case.reference, "screening-decision"])
    # Withdrawn, what was never done is not needed any more.
    cases.withdraw_case(case=case, actor=p.business_unit, reason="Referred in error")
    after = {row.title: row.status
             for row in workflow.task_list(case, p.business_unit, case.decisions)}
    assert after["Record that the safeguarding partners were informed"] == "completed"
    assert after["Record the safeguarding partners' decision"] == "not_needed"


def test_the_case_page_shows_the_task_list(p, client):
    case = j.screening_case(p)
    informed = case.decisions.get(transition="inform_partners")
    client.force_login(p.business_unit)
    page = client.get(reverse("cases:case", args=[case.reference])).content.decode()
    assert "Completed" in page
    assert ("Safeguarding partners informed. Recorded by Priya Shah on "
            f"{timezone.localtime(informed.at):%-d %B %Y}") in page
    assert "Waiting for a safeguarding partner" in page


def test_the_sign_off_task_waits_for_each_partner_by_name(p):
    review = j.decided(p)
    j.sign(review, p.police_partner)
    decisions = Decision.objects.filter(
        content_type=ContentType.objects.get_for_model(RapidReview), object_id=review.pk)
    title = "Sign-off by the local authority, police and integrated care board"

    def row(user):
        return next(row for row in workflow.task_list(review, user, decisions)
                    if row.title == title)

    # What the task waits for (the partners still to sign) says more than who may act.
    waiting = "Waiting for the sign-off of: Local authority, Integrated care board"
    assert (row(p.business_unit).status, row(p.business_unit).hint) == ("waiting", waiting)
    assert (row(p.police_partner).status, row(p.police_partner).hint) == ("waiting", waiting)
    assert workflow.why_not(review, "sign_off", p.police_partner) == (
        "Police has already signed this off")
    assert workflow.why_not(review, "sign_off", p.business_unit) == (
        "Only the local authority, police and integrated care board partners can do this.")
    assert row(p.icb_partner).status == "to_do"
    outcome = next(row for row in workflow.task_list(review, p.business_unit, decisions)
                   if row.title == "Record the panel's outcome and recommendation")
    recorded = decisions.get(transition="record_recommendation")
    assert outcome.status == "completed"
    assert outcome.hint == ("Panel's recommendation recorded by Dr Ruth Okoye on "
                            f"{timezone.localtime(recorded.at):%-d %B %Y}")


def test_a_task_no_one_here_can_do_names_who_can(p):
    review = j.meeting_held(p)
    decisions = Decision.objects.filter(
        content_type=ContentType.objects.get_for_model(RapidReview), object_id=review.pk)
    rows = {row.title: row for row in workflow.task_list(review, p.business_unit, decisions)}
    assert (rows["Record the panel's outcome and recommendation"].status,
            rows["Record the panel's outcome and recommendation"].hint) == (
        "waiting", "Waiting for the panel's chair")
    assert rows["Record that the panel met"].status == "completed"
    chair = {row.title: row for row in workflow.task_list(review, p.chair, decisions)}
    assert chair["Record the panel's outcome and recommendation"].status == "to_do"


def test_an_information_return_is_its_own_record_in_the_log(p):
    review = j.started_review(p)
    information_return = j.submitted_return(review, p)
    row = review.case.decisions.get(transition="submit_return")
    assert row.record == "Information return from Northmoor Academy"
    assert (row.from_label, row.to_label) == ("Not started", "Submitted")
    assert row.actor == p.teacher
    assert information_return.status == InformationReturn.Status.SUBMITTED
