"""The rapid review's panel, outcome, the partners' sign-off, the report and the National
Panel's answer."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from cases.models import Case
from deadlines.models import Deadline
from reviews.models import (
    Action,
    ChronologyEntry,
    InformationReturn,
    PanelAttendance,
    RapidReview,
)
from reviews.rapid_review import selectors, services
from safeguarding import workflow
from safeguarding.models import Agency, Role
from safeguarding.workflow import TransitionNotAllowed
from tests.factories import UserFactory
from tests.pdfs import needs_pdftotext, pdf_text
from tests.rapid_review import (
    OUTCOME,
    attend,
    decide,
    partner,
    record_outcome,
    sign,
    submitted_return,
)

pytestmark = pytest.mark.django_db
D = datetime.date
K = Agency.Kind


# The panel.

def test_the_page_warns_of_each_missing_representative(review, agencies, business_unit):
    assert services.representation_warnings(review) == []  # no panel yet
    member = UserFactory(role=Role.PANEL_MEMBER, agency=agencies[K.HEALTH_PROVIDER])
    services.choose_panel(review=review, actor=business_unit, members=[member])
    assert services.representation_warnings(review) == [
        "No one from the local authority attends the panel",
        "No one from the police attends the panel",
        "No one from education attends the panel",
        "There is no legal representative to advise the panel",
    ]
    attend(review, agencies[K.EDUCATION])  # who attended replaces who was chosen
    assert services.representation_warnings(review) == [
        "No one from the local authority attends the panel",
        "No one from health attends the panel",
        "No one from the police attends the panel",
        "There is no legal representative to advise the panel",
    ]
    attend(review, agencies[K.LOCAL_AUTHORITY])
    attend(review, agencies[K.HEALTH_PROVIDER])
    attend(review, agencies[K.POLICE], direct_involvement=True, name="DI Sam Cole")
    attend(review, agencies[K.LOCAL_AUTHORITY], PanelAttendance.PanelRole.LEGAL_ADVISER)
    assert services.representation_warnings(review) == [
        "DI Sam Cole (Northmoor Police) has had direct involvement in the case"]


def test_the_review_page_shows_the_warnings(review, business_unit, agencies):
    attend(review, agencies[K.HEALTH_PROVIDER])
    client = Client()
    client.force_login(business_unit)
    page = client.get(f"/rapid-reviews/{review.pk}/").content.decode()
    assert "No one from the police attends the panel" in page


def test_the_pack_needs_a_submitted_return_and_the_meeting_needs_attendance(
        review, business_unit, agencies):
    with pytest.raises(TransitionNotAllowed, match="No agency has submitted"):
        services.circulate_panel_pack(review=review, actor=business_unit,
                                      circulated_on=D(2026, 11, 16))
    submitted_return(review, agencies[K.EDUCATION], business_unit)
    services.circulate_panel_pack(review=review, actor=business_unit,
                                  circulated_on=D(2026, 11, 16))
    with pytest.raises(TransitionNotAllowed, match="who attended"):
        services.record_meeting_held(review=review, actor=business_unit,
                                     held_on=D(2026, 11, 18))
    clock = Deadline.objects.get(case=review.case, clock__code="panel_pack_circulated")
    assert clock.met_on == D(2026, 11, 16) and clock.state == Deadline.State.MET


def test_the_chronology_merges_every_agency_in_date_order(review, agencies, business_unit):
    school = submitted_return(review, agencies[K.EDUCATION], business_unit, events=[
        (D(2026, 10, 19), datetime.time(8, 50), "Arrived at school hungry"),
        (D(2026, 9, 2), None, "Started in reception class")])
    police = submitted_return(review, agencies[K.POLICE], business_unit, events=[
        (D(2026, 10, 19), datetime.time(7, 15), "Domestic incident reported at the home"),
        (D(2026, 10, 19), None, "Welfare check requested")])
    draft = services.send_information_requests(review=review, actor=business_unit,
                                               agencies=[agencies[K.HEALTH_PROVIDER]])[0]
    ChronologyEntry.objects.create(information_return=draft, happened_on=D(2026, 10, 1),
                                   event="A draft's event is not in the pack")
    merged = [(entry.information_return.agency.name, entry.event)
              for entry in selectors.merged_chronology(review=review)
              if entry.event != "Child arrived at school hungry and unkempt"]  # complete()'s
    assert merged == [
        ("Northmoor Academy", "Started in reception class"),
        ("Northmoor Police", "Welfare check requested"),
        ("Northmoor Police", "Domestic incident reported at the home"),
        ("Northmoor Academy", "Arrived at school hungry"),
    ]
    assert "A draft's event is not in the pack" not in [event for _agency, event in merged]
    assert {school.pk, police.pk} == set(
        InformationReturn.objects.filter(status="submitted").values_list("pk", flat=True))


# The outcome and the partners' sign-off.

def test_only_the_chair_on_this_panel_records_the_outcome(met, agencies):
    other_chair = UserFactory(role=Role.PANEL_CHAIR)
    with pytest.raises(PermissionDenied):
        record_outcome(met, other_chair, agencies)
    with pytest.raises(PermissionDenied):
        record_outcome(met, UserFactory(role=Role.BUSINESS_UNIT), agencies)


def test_a_review_recommended_needs_its_key_lines_of_enquiry(met, chair, agencies):
    with pytest.raises(ValidationError, match="key lines of enquiry"):
        record_outcome(met, chair, agencies, key_lines_of_enquiry="")
    record_outcome(met, chair, agencies, key_lines_of_enquiry="",
                   recommendation=RapidReview.Recommendation.NO_REVIEW)
    met.refresh_from_db()
    assert met.status == RapidReview.Status.RECOMMENDED


def test_the_decision_stands_only_when_all_three_partners_have_signed(met, chair, agencies,
                                                                       decision_maker):
    record_outcome(met, chair, agencies)
    action = Action.objects.get()
    assert Deadline.objects.get(record_type="reviews.action", record_id=action.pk,
                                clock__code="immediate_safety_action").due_on == D(2026, 12, 4)
    services.record_partners_decision(review=met, actor=decision_maker, agrees=True)
    sign(met, partner(agencies[K.LOCAL_AUTHORITY]), D(2026, 11, 19))
    sign(met, partner(agencies[K.POLICE]), D(2026, 11, 20))
    met.refresh_from_db()
    assert met.status == RapidReview.Status.DECIDED and met.signed_off_on is None
    with pytest.raises(TransitionNotAllowed, match="already signed"):
        sign(met, partner(agencies[K.POLICE]), D(2026, 11, 20))
    with pytest.raises(PermissionDenied):
        sign(met, chair, D(2026, 11, 20))
    with pytest.raises(TransitionNotAllowed, match="no longer be done"):
        record_outcome(met, chair, agencies, rationale="Changed after a partner signed")
    sign(met, partner(agencies[K.INTEGRATED_CARE_BOARD]), D(2026, 11, 23))
    met.refresh_from_db()
    assert met.status == RapidReview.Status.SIGNED_OFF
    assert met.signed_off_on == D(2026, 11, 23)
    assert Deadline.objects.get(case=met.case, clock__code="lcspr_decision").met_on == D(
        2026, 11, 23)


def test_sign_off_waits_for_the_partners_decision(met, chair, agencies):
    with pytest.raises(TransitionNotAllowed):
        sign(met, partner(agencies[K.POLICE]), D(2026, 11, 20))
    record_outcome(met, chair, agencies)
    with pytest.raises(TransitionNotAllowed, match="Recommendation made"):
        sign(met, partner(agencies[K.POLICE]), D(2026, 11, 20))


# Submission and the Panel's answer.

def test_the_submission_meets_the_fifteen_working_day_clock(signed, business_unit):
    with pytest.raises(ValidationError, match="The date the rapid review was sent cannot be "
                                              "before the integrated care board signed off, "
                                              "on 23 November 2026"):
        services.record_submission(review=signed, actor=business_unit,
                                   submitted_on=D(2026, 11, 20))
    services.record_submission(review=signed, actor=business_unit, submitted_on=D(2026, 11, 24))
    clock = Deadline.objects.get(case=signed.case, clock__code="rapid_review_to_panel")
    assert (clock.due_on, clock.met_on, clock.state) == (D(2026, 11, 27), D(2026, 11, 24),
                                                          Deadline.State.MET)


def test_a_late_review_records_its_extension_notice(review, business_unit):
    with pytest.raises(ValidationError, match="reason"):
        services.record_extension_notice(review=review, actor=business_unit,
                                         notified_on=D(2026, 11, 20), reason=" ")
    services.record_extension_notice(
        review=review, actor=business_unit, notified_on=D(2026, 11, 20),
        reason="The police return waits on the criminal investigation")
    review.refresh_from_db()
    assert review.extension_notified_on == D(2026, 11, 20)
    assert review.case.decisions.filter(transition="record_extension_notice").exists()


def test_the_panel_asks_for_more_then_agrees_and_the_case_moves_on(signed, business_unit):
    services.record_submission(review=signed, actor=business_unit, submitted_on=D(2026, 11, 24))
    with pytest.raises(ValidationError, match="questions"):
        services.record_panel_response(review=signed, actor=business_unit,
                                       responded_on=D(2026, 11, 24),
                                       response="further_information")
    services.record_panel_response(review=signed, actor=business_unit,
                                   responded_on=D(2026, 11, 24),
                                   response="further_information",
                                   questions="Was the father known to adult services?")
    with pytest.raises(TransitionNotAllowed):
        services.conclude_rapid_review(review=signed, actor=business_unit, next_step="lcspr")
    services.record_answers_sent(review=signed, actor=business_unit, sent_on=D(2026, 11, 24),
                                 answers="He was not known to adult social care.")
    services.record_panel_response(review=signed, actor=business_unit,
                                   responded_on=D(2026, 11, 24), response="agrees")
    services.conclude_rapid_review(review=signed, actor=business_unit, next_step="lcspr")
    signed.refresh_from_db()
    assert signed.status == RapidReview.Status.CONCLUDED
    assert Case.objects.get(pk=signed.case.pk).status == Case.Status.LCSPR_TO_COMMISSION


# The documents.

@needs_pdftotext
def test_the_panel_pack_and_report_read_as_the_panel_expects(signed, agencies, business_unit,
                                                            tmp_path):
    submitted_return(signed, agencies[K.POLICE], business_unit, events=[
        (D(2026, 10, 19), datetime.time(7, 15), "Domestic incident reported at the home")])
    client = Client()
    client.force_login(business_unit)
    pack = pdf_text(client.get(f"/rapid-reviews/{signed.pk}/panel-pack.pdf").content, tmp_path)
    assert "Rapid review panel pack" in pack and signed.case.reference in pack
    assert "Chronology of key events, all agencies" in pack
    assert pack.index("Domestic incident reported") < pack.index("Information return: ")
    assert "Information return: Northmoor Academy" in pack
    assert "Information return: Northmoor Police" in pack
    report = pdf_text(client.get(f"/rapid-reviews/{signed.pk}/rapid-review-report.pdf").content,
                      tmp_path)
    for heading in ("1. Case summary", "2. Agency involvement", "3. Analysis of agency",
                    "4. Learning already identified", "5. Immediate safety actions",
                    "6. Decision and rationale", "7. Key lines of enquiry",
                    "8. Sign-off of the partners' decision by the safeguarding partners"):
        assert heading in report
    assert "A Local Safeguarding Practice Review to be undertaken" in report
    assert "Refer the sibling for a child protection medical" in report
    assert "How did agencies assess the risk the father posed?" in report
    assert report.count("Not yet signed") == 0


def test_another_agency_cannot_open_the_pack(signed, agencies):
    client = Client()
    client.force_login(UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=agencies[K.POLICE]))
    assert client.get(f"/rapid-reviews/{signed.pk}/panel-pack.pdf").status_code == 403
    assert client.get(f"/rapid-reviews/{signed.pk}/").status_code == 403


# The pages.

def test_the_business_unit_walks_the_review_in_pages(review, agencies, business_unit, chair):
    client = Client()
    client.force_login(business_unit)
    url = f"/rapid-reviews/{review.pk}/"
    submitted_return(review, agencies[K.EDUCATION], business_unit)
    page = client.get(url).content.decode()
    for step in ("Choose the panel", "Record that the panel pack was circulated",
                 "Schedule the panel meeting", "Record who attended the panel"):
        assert step in page
    assert client.get(url + "panel/").status_code == 200
    response = client.post(url + "panel/", {"members": [chair.pk]})
    assert response.status_code == 302 and list(review.panel.all()) == [chair]
    assert client.post(url + "meeting/", {"on_0": "20", "on_1": "11", "on_2": "2026"}
                       ).status_code == 302
    assert client.post(url + "pack/", {"on_0": "16", "on_1": "11", "on_2": "2026"}
                       ).status_code == 302
    refused = client.post(url + "held/", {"on_0": "18", "on_1": "11", "on_2": "2026"},
                          follow=True)
    assert "Record who attended before recording the meeting" in refused.content.decode()
    assert client.get(url + "attendance/").status_code == 200
    response = client.post(url + "attendance/", {
        "attendance-TOTAL_FORMS": "1", "attendance-INITIAL_FORMS": "0",
        "attendance-MIN_NUM_FORMS": "0", "attendance-MAX_NUM_FORMS": "60",
        f"member-{chair.pk}-presence": "attended",
        "attendance-0-name": "Ms Priya Shah", "attendance-0-job_title": "Solicitor",
        "attendance-0-agency": str(agencies[K.LEGAL].pk),
        "attendance-0-panel_role": "legal_adviser",
    })
    assert response.status_code == 302
    assert client.post(url + "held/", {"on_0": "18", "on_1": "11", "on_2": "2026"}
                       ).status_code == 302
    review.refresh_from_db()
    assert review.status == RapidReview.Status.MEETING_HELD
    assert "No one from the police attends the panel" in client.get(url).content.decode()
    assert client.get(url + "outcome/").status_code == 403  # the chair's, not the unit's
    assert client.get(url + "no-such-step/").status_code == 404


def test_the_chair_records_the_outcome_in_the_browser(met, chair, agencies):
    client = Client()
    client.force_login(chair)
    url = f"/rapid-reviews/{met.pk}/outcome/"
    assert client.get(url).status_code == 200
    empty = {"actions-TOTAL_FORMS": "0", "actions-INITIAL_FORMS": "0",
             "actions-MIN_NUM_FORMS": "0", "actions-MAX_NUM_FORMS": "60"}
    refused = client.post(url, {**empty, "recommendation": "lcspr", "rationale": "Criteria met"})
    assert "Set out the key lines of enquiry" in refused.content.decode()
    response = client.post(url, {**empty, **OUTCOME})
    assert response.status_code == 302
    met.refresh_from_db()
    assert met.recommendation == "lcspr" and met.recommended_by == chair


def test_telling_the_panel_of_the_lcspr_waits_for_the_lcspr(signed, business_unit):
    """002 section 8: the clock to tell the Panel, Ofsted and DfE of the LCSPR starts with
    the partners' decision signed off; who was told is recorded on the LCSPR once it opens
    (reviews/lcspr), not on the rapid review, which offers no such step."""
    told = Deadline.objects.get(case=signed.case, clock__code="lcspr_panel_informed")
    assert (told.starts_on, told.due_on, told.met_on) == (
        D(2026, 11, 23), D(2026, 11, 30), None)
    assert "record_lcspr_told" not in workflow.workflow_of(signed).transitions
    services.record_submission(review=signed, actor=business_unit, submitted_on=D(2026, 11, 24))
    response = Deadline.objects.get(case=signed.case, clock__code="panel_response")
    assert response.due_on == D(2026, 12, 15) and response.state == Deadline.State.OPEN


def test_home_pages_list_the_panels_and_the_sign_offs_waiting(met, chair, agencies):
    client = Client()
    client.force_login(chair)
    assert f"Rapid review {met.case.reference}" in client.get("/").content.decode()
    record_outcome(met, chair, agencies)
    decide(met)
    la_partner, police_partner = partner(agencies[K.LOCAL_AUTHORITY]), partner(agencies[K.POLICE])
    sign(met, la_partner, D(2026, 11, 19))
    client.force_login(la_partner)
    assert met.case.reference not in client.get("/").content.decode()
    client.force_login(police_partner)
    assert f"Rapid review {met.case.reference}" in client.get("/").content.decode()
