"""The rapid review: starting it, information requests, agencies' returns and who may see
them."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from cases.models import Case, Notification
from deadlines.models import Deadline
from reviews.models import ChronologyEntry, InformationReturn, KnownAgency, RapidReview
from reviews.rapid_review import services
from safeguarding.models import Agency, Role
from safeguarding.workflow import TransitionNotAllowed
from tests.factories import AgencyFactory, UserFactory, submitted_case
from tests.rapid_review import DECISION, complete, notified_case

pytestmark = pytest.mark.django_db
D = datetime.date
R = Notification.Recipient


@pytest.fixture
def police():
    return AgencyFactory(kind=Agency.Kind.POLICE, name="Northmoor Police")


def contributor(agency):
    return UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=agency)


# Starting.

def test_the_business_unit_starts_a_rapid_review_of_a_notified_case(review):
    assert review.case.status == Case.Status.RAPID_REVIEW
    assert review.status == RapidReview.Status.GATHERING
    assert review.decided_on == D(2026, 11, 9)
    decision = review.case.decisions.get(transition="start_rapid_review")
    assert decision.reason == DECISION and decision.actor == review.decided_by


def test_a_rapid_review_needs_a_notified_case_the_business_unit_and_a_decision(business_unit):
    with pytest.raises(TransitionNotAllowed):
        services.start_rapid_review(case=submitted_case(), actor=business_unit,
                                    decided_on=D(2026, 11, 9), decision_note=DECISION)
    case = notified_case()
    with pytest.raises(PermissionDenied):
        services.start_rapid_review(case=case, actor=UserFactory(role=Role.MANAGER),
                                    decided_on=D(2026, 11, 9), decision_note=DECISION)
    with pytest.raises(ValidationError, match="Enter the decision"):
        services.start_rapid_review(case=case, actor=business_unit,
                                    decided_on=D(2026, 11, 9), decision_note="  ")
    assert not RapidReview.objects.exists()
    assert Case.objects.get(pk=case.pk).status == Case.Status.NOTIFIED


def test_the_rapid_review_clocks_run_from_the_notification(review):
    clocks = {d.clock.code: d for d in Deadline.objects.filter(case=review.case)
              .select_related("clock")}
    # Notified Friday 6 November 2026: 15 working days is Friday 27 November.
    assert clocks["rapid_review_to_panel"].starts_on == D(2026, 11, 6)
    assert clocks["rapid_review_to_panel"].due_on == D(2026, 11, 27)
    assert clocks["panel_pack_circulated"].due_on == D(2026, 11, 18)
    assert clocks["lcspr_decision"].due_on == D(2026, 12, 6)


def test_the_panels_acknowledgement_is_a_local_target_beside_the_statutory_clock(review):
    """Seed 004 §6.2 counts from the Panel's acknowledgement: a local target, never instead
    of the statutory 15 working days from the notification (more in
    test_rapid_review_clocks.py)."""
    from deadlines.services import sync
    from safeguarding.models import LocalPolicy

    LocalPolicy.objects.update_or_create(pk=1, defaults={"acknowledgement_targets": True})
    sync(Case.objects.get(pk=review.case.pk))
    clocks = {d.clock.code: d for d in Deadline.objects.filter(case=review.case)}
    statutory = clocks["rapid_review_to_panel"]
    local = clocks["rapid_review_to_panel_from_acknowledgement"]
    assert (statutory.starts_on, statutory.due_on) == (D(2026, 11, 6), D(2026, 11, 27))
    assert (local.starts_on, local.due_on) == (D(2026, 11, 9), D(2026, 11, 30))


# Requests.

def test_requests_go_to_each_agency_once_prefilled(review, business_unit, school, police):
    made = services.send_information_requests(review=review, actor=business_unit,
                                              agencies=[school, police])
    assert [r.agency for r in made] == [school, police]
    school_return = made[0]
    assert school_return.status == InformationReturn.Status.REQUESTED
    # The children the referral names are the return's subject children (rows).
    assert [child.name for child in school_return.children.all()] == [
        child.full_name for child in review.case.referral.children.all()]
    assert school_return.completed_by_organisation == school.name
    assert school_return.incident_date == review.case.referral.incident_date
    deadline = Deadline.objects.get(record_type="reviews.informationreturn",
                                    record_id=school_return.pk)
    assert deadline.due_on == school_return.due_on and deadline.owner_agency == school
    with pytest.raises(ValidationError, match="not been asked yet"):
        services.send_information_requests(review=review, actor=business_unit,
                                           agencies=[school])
    assert InformationReturn.objects.count() == 2


def test_the_request_email_names_the_reference_never_the_child(
        review, business_unit, school, django_capture_on_commit_callbacks):
    teacher = contributor(school)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_information_requests(review=review, actor=business_unit,
                                           agencies=[school], due_on=D(2030, 12, 3))
    [message] = mail.outbox
    assert message.to == [teacher.email]
    assert review.case.reference in message.subject
    assert "Tuesday 3 December 2030" in message.body
    child = review.case.referral.children.first().full_name
    assert child not in message.subject and child not in message.body


def test_returns_are_due_in_five_working_days_by_default():
    # Asked on Wednesday 23 December 2026: Christmas Day, the Boxing Day substitute (Monday
    # 28 December) and New Year's Day do not count.
    assert services.default_return_due(D(2026, 12, 23)) == D(2027, 1, 4)


def test_the_contributor_sees_the_request_on_their_home_page(review, business_unit, school,
                                                            police):
    services.send_information_requests(review=review, actor=business_unit, agencies=[school])
    client = Client()
    client.force_login(contributor(school))
    page = client.get("/").content.decode()
    assert f"Rapid review {review.case.reference}" in page
    other = Client()
    other.force_login(contributor(police))
    assert review.case.reference not in other.get("/").content.decode()


# The return.

def test_a_return_is_submitted_then_locked(school_return, school):
    teacher = contributor(school)
    with pytest.raises(ValidationError) as missing:
        services.submit_information_return(information_return=school_return, actor=teacher)
    assert "Add at least one key event to the chronology" in missing.value.messages
    complete(school_return)
    services.submit_information_return(information_return=school_return, actor=teacher)
    school_return.refresh_from_db()
    assert school_return.status == InformationReturn.Status.SUBMITTED
    assert school_return.submitted_by == teacher
    assert not teacher.has_perm("reviews.change_information_return", school_return)
    with pytest.raises(PermissionDenied):
        services.submit_information_return(information_return=school_return, actor=teacher)
    deadline = Deadline.objects.get(record_type="reviews.informationreturn",
                                    record_id=school_return.pk)
    assert deadline.met_on == school_return.submitted_on


def test_a_locked_return_refuses_a_change_posted_to_it(school_return, school):
    teacher = contributor(school)
    complete(school_return)
    services.submit_information_return(information_return=school_return, actor=teacher)
    client = Client()
    client.force_login(teacher)
    response = client.post(f"/rapid-reviews/returns/{school_return.pk}/synopsis/",
                           {"initial_information": "Changed after submission"})
    assert response.status_code == 403
    school_return.refresh_from_db()
    assert school_return.initial_information != "Changed after submission"


def test_the_business_unit_reopens_a_return_with_a_reason(school_return, school,
                                                         business_unit):
    teacher = contributor(school)
    complete(school_return)
    services.submit_information_return(information_return=school_return, actor=teacher)
    with pytest.raises(ValidationError):
        services.reopen_information_return(information_return=school_return,
                                           actor=business_unit, reason="")
    with pytest.raises(PermissionDenied):
        services.reopen_information_return(information_return=school_return, actor=teacher,
                                           reason="I want to change it")
    services.reopen_information_return(information_return=school_return, actor=business_unit,
                                       reason="Please add the attendance record for October")
    school_return.refresh_from_db()
    assert school_return.status == InformationReturn.Status.DRAFT
    assert school_return.reopened_reason == "Please add the attendance record for October"
    assert teacher.has_perm("reviews.change_information_return", school_return)


def test_a_contributor_fills_a_section_and_the_chronology_in_the_browser(school_return,
                                                                        school):
    client = Client()
    client.force_login(contributor(school))
    url = f"/rapid-reviews/returns/{school_return.pk}/chronology/"
    response = client.post(url, {
        "chronology-TOTAL_FORMS": "1", "chronology-INITIAL_FORMS": "0",
        "chronology-MIN_NUM_FORMS": "0", "chronology-MAX_NUM_FORMS": "500",
        "chronology-0-happened_on_0": "19", "chronology-0-happened_on_1": "10",
        "chronology-0-happened_on_2": "2026", "chronology-0-happened_at": "08:50",
        "chronology-0-event": "Child arrived at school hungry", "chronology-0-child_seen": "yes",
    })
    assert response.status_code == 302
    entry = ChronologyEntry.objects.get()
    assert (entry.happened_on, entry.happened_at) == (D(2026, 10, 19), datetime.time(8, 50))
    school_return.refresh_from_db()
    assert school_return.status == InformationReturn.Status.DRAFT
    bad = client.post(url, {
        "chronology-TOTAL_FORMS": "1", "chronology-INITIAL_FORMS": "0",
        "chronology-MIN_NUM_FORMS": "0", "chronology-MAX_NUM_FORMS": "500",
        "chronology-0-happened_on_0": "31", "chronology-0-happened_on_1": "2",
        "chronology-0-happened_on_2": "2026", "chronology-0-happened_at": "25:99",
        "chronology-0-event": "",
    })
    html = bad.content.decode()
    assert bad.status_code == 200 and "There is a problem" in html
    assert "must be a real date" in html and "like 14:30" in html
    assert ChronologyEntry.objects.count() == 1


# Who sees a return.

@pytest.mark.parametrize("role,allowed", [
    (Role.BUSINESS_UNIT, True), (Role.SAFEGUARDING_PARTNER, True), (Role.SCRUTINEER, True),
    (Role.MANAGER, False), (Role.REVIEWER, False), (Role.ADMINISTRATOR, False),
    (Role.PANEL_MEMBER, False), (Role.PANEL_CHAIR, False),
])
def test_who_reads_a_return(school_return, role, allowed):
    client = Client()
    client.force_login(UserFactory(role=role))
    status = client.get(f"/rapid-reviews/returns/{school_return.pk}/").status_code
    assert status == (200 if allowed else 403)


def test_the_panel_of_that_review_reads_its_returns_once_submitted(school_return, review,
                                                                    school):
    """Not the agency's draft (issue 17 point 11)."""
    member = UserFactory(role=Role.PANEL_MEMBER)
    review.panel.add(member)
    client = Client()
    client.force_login(member)
    assert client.get(f"/rapid-reviews/returns/{school_return.pk}/").status_code == 403
    complete(school_return)
    services.submit_information_return(information_return=school_return,
                                       actor=contributor(school))
    assert client.get(f"/rapid-reviews/returns/{school_return.pk}/").status_code == 200


def test_one_agency_never_reads_or_changes_anothers_return(school_return, police, school):
    officer = contributor(police)
    client = Client()
    client.force_login(officer)
    base = f"/rapid-reviews/returns/{school_return.pk}/"
    for url in (base, base + "synopsis/", base + "chronology/", base + "submit/",
                base + "reopen/"):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"initial_information": "x"}).status_code == 403, url
    with pytest.raises(PermissionDenied):
        services.submit_information_return(information_return=school_return, actor=officer)
    # Even once the police are asked for their own return on the same review.
    services.send_information_requests(review=school_return.review,
                                       actor=UserFactory(role=Role.BUSINESS_UNIT),
                                       agencies=[police])
    assert client.get(base).status_code == 403


def test_an_agency_not_asked_cannot_open_a_return_of_that_review(school_return):
    stranger = contributor(AgencyFactory(kind=Agency.Kind.HEALTH_PROVIDER))
    assert not stranger.has_perm("reviews.view_information_return", school_return)
    client = Client()
    client.force_login(stranger)
    assert client.get(f"/rapid-reviews/returns/{school_return.pk}/").status_code == 403


# Agencies an agency names.

def test_the_business_unit_asks_an_agency_another_named(school_return, business_unit):
    charity = AgencyFactory(kind=Agency.Kind.THIRD_SECTOR, name="Northmoor Young Carers")
    named = KnownAgency.objects.create(information_return=school_return, agency=charity,
                                       name="Northmoor Young Carers",
                                       reason="Supported the older sibling, current")
    unknown = KnownAgency.objects.create(information_return=school_return,
                                         name="A private nursery")
    made = services.decide_known_agency(known_agency=named, actor=business_unit, approve=True)
    assert made.agency == charity and made.review == school_return.review
    named.refresh_from_db()
    assert named.decision == KnownAgency.Decision.APPROVED
    with pytest.raises(ValidationError, match="does not use this service"):
        services.decide_known_agency(known_agency=unknown, actor=business_unit, approve=True)
    services.decide_known_agency(known_agency=unknown, actor=business_unit, approve=False)
    unknown.refresh_from_db()
    assert unknown.decision == KnownAgency.Decision.DECLINED
    with pytest.raises(PermissionDenied):
        services.decide_known_agency(known_agency=named,
                                     actor=contributor(school_return.agency), approve=True)


def test_a_saved_time_comes_back_as_hours_and_minutes_and_saves_again(school_return, school):
    from reviews.rapid_review.forms import ChronologyFormSet

    entry = ChronologyEntry.objects.create(information_return=school_return,
                                           happened_on=D(2026, 10, 19),
                                           happened_at=datetime.time(8, 50), event="Arrived")
    rows = ChronologyFormSet(instance=school_return, prefix="chronology")
    assert 'value="08:50"' in str(rows.forms[0]["happened_at"])
    assert entry.pk


def test_changing_the_local_policy_in_the_admin_recomputes_the_clock(
        review, django_capture_on_commit_callbacks):
    from django.urls import reverse

    from safeguarding.models import LocalPolicy

    policy = LocalPolicy.current()
    client = Client()
    client.force_login(UserFactory(role=Role.ADMINISTRATOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:safeguarding_localpolicy_change",
                                       args=[policy.pk]),
                               {"ask_about_care_leaver_deaths": "on",
                                "rapid_review_clock_starts": "aware",
                                "rapid_review_decision_by": "partnership_chair"})
    assert response.status_code == 302
    clock = Deadline.objects.get(case=review.case, clock__code="rapid_review_to_panel")
    assert (clock.starts_on, clock.due_on) == (D(2026, 11, 2), D(2026, 11, 23))
