"""Every date recorded on a rapid review keeps its order with the events it follows, and the
business unit corrects a recorded date with a reason (issue 12, item 6). The order is 000
stages 3-7 (decision, case summaries, pack day 8, panel day 10, decision maker day 12) and
001's timeline (signed by the three partners, sent on day 15, the Panel's response days
16-30). Fixtures: tests/conftest.py (review, met, signed)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from deadlines.models import Deadline
from reviews.models import RapidReview
from reviews.rapid_review import services
from safeguarding.models import Agency, Decision, Role
from tests import rapid_review
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
K = Agency.Kind


def test_the_decision_to_hold_a_rapid_review_follows_the_referral(business_unit):
    """000 stage 3: the decision follows the triage of the referral (received 2 November)."""
    case = rapid_review.notified_case()
    with pytest.raises(ValidationError) as refused:
        services.start_rapid_review(case=case, actor=business_unit, decided_on=D(2026, 10, 30),
                                    decision_note=rapid_review.DECISION)
    assert refused.value.messages == [
        "The date of the decision to hold the rapid review cannot be before the referral was "
        "received, on 2 November 2026"]
    assert not RapidReview.objects.exists()


def test_the_pack_follows_the_decision_and_the_meeting_the_pack(review, agencies,
                                                                business_unit):
    """000 stage 5 (pack, day 8) and stage 6 (panel, day 10), after the decision (stage 3)."""
    rapid_review.submitted_return(review, agencies[K.EDUCATION], business_unit)
    with pytest.raises(ValidationError) as refused:
        services.circulate_panel_pack(review=review, actor=business_unit,
                                      circulated_on=D(2026, 11, 6))
    assert refused.value.messages == [
        "The date the pack was circulated cannot be before the decision to hold the rapid "
        "review, on 9 November 2026"]
    services.circulate_panel_pack(review=review, actor=business_unit,
                                  circulated_on=D(2026, 11, 16))
    rapid_review.attend(review, agencies[K.POLICE])
    with pytest.raises(ValidationError) as refused:
        services.record_meeting_held(review=review, actor=business_unit,
                                     held_on=D(2026, 11, 13))
    assert refused.value.messages == [
        "The date the panel met cannot be before the pack was circulated, on 16 November 2026"]
    review.refresh_from_db()
    assert (review.status, review.meeting_held_on) == (RapidReview.Status.PACK_CIRCULATED, None)


def test_a_sign_off_dated_before_the_panel_met_is_refused(met, chair, agencies):
    """Issue 12: "a sign-off dated the day before the panel met was accepted and printed in
    the report sent to the National Panel". 001: the three partners sign off the rapid review
    the panel (000 stage 6) has made."""
    rapid_review.record_outcome(met, chair, agencies)
    rapid_review.decide(met)
    police = rapid_review.partner(agencies[K.POLICE])
    with pytest.raises(ValidationError) as refused:
        rapid_review.sign(met, police, D(2026, 11, 17))
    assert refused.value.messages == [
        "The date the police signed off cannot be before the panel met, on 18 November 2026"]
    assert not met.sign_offs.exists()


def test_the_answers_follow_the_questions_and_the_next_response_the_answers(signed,
                                                                           business_unit):
    """001, days 16-30: the Panel's response, with any follow-up questions, then answered."""
    services.record_submission(review=signed, actor=business_unit, submitted_on=D(2026, 11, 24))
    services.record_panel_response(review=signed, actor=business_unit,
                                   responded_on=D(2026, 11, 26), response="further_information",
                                   questions="Was the father known to the police?")
    with pytest.raises(ValidationError) as refused:
        services.record_answers_sent(review=signed, actor=business_unit,
                                     sent_on=D(2026, 11, 25), answers="Yes")
    assert refused.value.messages == [
        "The date the answers were sent cannot be before the Panel responded, on 26 November "
        "2026"]
    services.record_answers_sent(review=signed, actor=business_unit, sent_on=D(2026, 11, 27),
                                 answers="Yes")
    with pytest.raises(ValidationError) as refused:
        services.record_panel_response(review=signed, actor=business_unit,
                                       responded_on=D(2026, 11, 26), response="agreed")
    assert refused.value.messages == [
        "The date of the Panel's response cannot be before the answers were sent to the Panel, "
        "on 27 November 2026"]


def test_the_extension_notice_follows_the_decision(review, business_unit):
    """001: the Secretariat is told when the review cannot be completed in 15 working days."""
    with pytest.raises(ValidationError, match="cannot be before the decision to hold the rapid "
                                              "review, on 9 November 2026"):
        services.record_extension_notice(review=review, actor=business_unit,
                                         notified_on=D(2026, 11, 6), reason="Police return late")


# Corrections.

def test_a_corrected_submission_date_is_logged_and_moves_the_clock(signed, business_unit):
    """001, day 15: the rapid review is sent to the National Panel; the clock is met then."""
    services.record_submission(review=signed, actor=business_unit, submitted_on=D(2026, 11, 24))
    services.correct_review_date(review=signed, actor=business_unit, field="submitted_on",
                                 new_date=D(2026, 11, 25), reason="The email went on the 25th")
    signed.refresh_from_db()
    assert (signed.submitted_on, signed.status) == (D(2026, 11, 25), RapidReview.Status.SUBMITTED)
    decision = Decision.objects.filter(case_id=signed.case_id).latest("pk")
    assert (decision.transition, decision.record, decision.actor, decision.reason) == (
        "correct_date", "Rapid review", business_unit,
        "Date the rapid review was sent corrected from 24 November 2026 to 25 November 2026: "
        "The email went on the 25th")
    assert signed.history.latest("history_id").submitted_on == D(2026, 11, 25)
    clock = Deadline.objects.get(case=signed.case, clock__code="rapid_review_to_panel")
    assert clock.met_on == D(2026, 11, 25)


def test_a_corrected_sign_off_moves_the_date_the_partners_signed_off(signed, business_unit):
    """001: the decision stands once the three partners have signed: the last of their
    dates."""
    assert signed.signed_off_on == D(2026, 11, 23)
    services.correct_review_date(review=signed, actor=business_unit,
                                 field="signed_on:integrated_care_board",
                                 new_date=D(2026, 11, 19), reason="Signed at the meeting")
    signed.refresh_from_db()
    assert signed.signed_off_on == D(2026, 11, 20)
    icb = signed.sign_offs.get(partner=K.INTEGRATED_CARE_BOARD)
    assert icb.signed_on == D(2026, 11, 19)
    assert icb.history.latest("history_id").history_user == business_unit


@pytest.mark.parametrize("field,new_date,message", [
    ("meeting_held_on", D(2026, 11, 20),
     "The date the panel met cannot be after the local authority signed off, on 19 November "
     "2026"),
    ("signed_on:local_authority", D(2026, 11, 17),
     "The date the local authority signed off cannot be before the panel met, on 18 November "
     "2026"),
    ("signed_on:police", D(2026, 11, 25),
     "The date the police signed off cannot be after the rapid review was sent to the "
     "National Panel, on 24 November 2026"),
    ("decided_on", D(2026, 10, 30),
     "The date of the decision to hold the rapid review cannot be before the referral was "
     "received, on 2 November 2026"),
    ("pack_circulated_on", D(2026, 11, 19),
     "The date the pack was circulated cannot be after the panel met, on 18 November 2026"),
    ("answers_sent_on", D(2026, 11, 25), "Select a date that has been recorded"),
    ("meeting_on", D(2026, 11, 17), "Select a date that has been recorded"),
])
def test_a_correction_that_would_break_the_order_is_refused(signed, business_unit, field,
                                                            new_date, message):
    """The corrected date keeps its place among its neighbours (000 stages 3-6, 001)."""
    services.record_submission(review=signed, actor=business_unit, submitted_on=D(2026, 11, 24))
    before = Decision.objects.filter(case_id=signed.case_id).count()
    with pytest.raises(ValidationError) as refused:
        services.correct_review_date(review=signed, actor=business_unit, field=field,
                                     new_date=new_date, reason="typed wrongly")
    assert refused.value.messages == [message]
    assert Decision.objects.filter(case_id=signed.case_id).count() == before
    signed.refresh_from_db()
    assert (signed.meeting_held_on, signed.signed_off_on) == (D(2026, 11, 18), D(2026, 11, 23))


def test_only_the_business_unit_corrects_a_review_date(signed, chair, agencies):
    """000 stage 5: the business unit runs the review; the chair and partners do not correct
    its record."""
    for person in (chair, rapid_review.partner(agencies[K.POLICE]),
                   UserFactory(role=Role.SCRUTINEER)):
        with pytest.raises(PermissionDenied):
            services.correct_review_date(review=signed, actor=person, field="meeting_held_on",
                                         new_date=D(2026, 11, 17), reason="typed wrongly")
        client = Client()
        client.force_login(person)
        assert client.get(f"/rapid-reviews/{signed.pk}/correct-date/").status_code == 403
    signed.refresh_from_db()
    assert signed.meeting_held_on == D(2026, 11, 18)


def test_the_business_unit_corrects_a_date_on_the_review_page(signed, business_unit):
    """The rapid review page's steps link to it; each recorded date is a choice with its
    current value (000 stages 3-6; 001 sign-off)."""
    client = Client()
    client.force_login(business_unit)
    url = f"/rapid-reviews/{signed.pk}/correct-date/"
    assert url in client.get(f"/rapid-reviews/{signed.pk}/").content.decode()
    page = client.get(url).content.decode()
    for choice in ("Date of the decision to hold the rapid review: 9 November 2026",
                   "Date the pack was circulated: 16 November 2026",
                   "Date the panel met: 18 November 2026",
                   "Date the police signed off: 20 November 2026"):
        assert choice in page, choice
    refused = client.post(url, {"field": "meeting_held_on", "new_date_0": "15",
                                "new_date_1": "11", "new_date_2": "2026",
                                "reason": "typed wrongly"})
    assert "The date the panel met cannot be before the pack was circulated, on 16 November " \
           "2026" in refused.content.decode()
    done = client.post(url, {"field": "meeting_held_on", "new_date_0": "17", "new_date_1": "11",
                             "new_date_2": "2026", "reason": "typed wrongly"})
    assert done.status_code == 302
    signed.refresh_from_db()
    assert signed.meeting_held_on == D(2026, 11, 17)
