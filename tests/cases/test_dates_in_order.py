"""Every date recorded on a case keeps its order with the events it follows, and the business
unit corrects a recorded date with a reason (issue 12, item 6). The order is 004 section
4.6 (the business manager informs the partners on receipt of the referral, and they meet to
decide), 5.2 (notification within 5 working days of the local authority becoming aware) and
5.7 (the referrer told within 5 working days of the decision)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from cases import services
from cases.models import Case, Notification
from deadlines.models import Deadline
from safeguarding.models import Decision, Role
from tests import factories
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
S = Case.Status
R = Notification.Recipient
RECEIVED = D(2026, 11, 19)  # a Thursday
DECIDED = D(2026, 11, 20)


def received() -> Case:
    return factories.submitted_case(received_on=RECEIVED)


def business_unit():
    return UserFactory(role=Role.BUSINESS_UNIT)


def partner():
    return UserFactory(role=Role.SAFEGUARDING_PARTNER)


def inform(case: Case, on: D = RECEIVED) -> None:
    services.inform_partners(case=case, actor=business_unit(), informed_on=on)


def decide(case: Case, on: D = DECIDED) -> None:
    services.record_screening_decision(case=case, actor=partner(), decision="notify",
                                       rationale="Criteria met", decided_on=on)


def notify(case: Case, recipient: str, on: D, **fields) -> Notification:
    return services.record_notification(case=case, actor=business_unit(), recipient=recipient,
                                        notified_on=on, channel="secure_email",
                                        sent_by="Head of Safeguarding", **fields)


def notified() -> Case:
    case = received()
    inform(case)
    decide(case)
    services.record_local_authority_awareness(case=case, actor=business_unit(),
                                              aware_on=D(2026, 11, 18))
    # One online notification reaches the Panel, Ofsted and DfE (004 s. 5.3).
    notify(case, R.NATIONAL_PANEL, D(2026, 11, 23), acknowledged_on=D(2026, 11, 24))
    case.refresh_from_db()
    return case


def unchanged(case: Case, decisions: int) -> Case:
    assert Decision.objects.filter(case_id=case.pk).count() == decisions
    return Case.objects.get(pk=case.pk)


# 1. Dates in order.

def test_a_decision_dated_a_year_before_the_referral_is_refused():
    """Issue 12: "a partners' decision dated a year before the referral was accepted ('248
    working days overdue')". 004 s. 4.6: the partners meet on receipt of the referral."""
    case = received()
    inform(case)
    before = Decision.objects.filter(case_id=case.pk).count()
    with pytest.raises(ValidationError) as refused:
        decide(case, D(2025, 11, 20))
    assert refused.value.messages == [
        "The date of the decision cannot be before the referral was received, on 19 November "
        "2026"]
    case = unchanged(case, before)
    assert (case.status, case.screening_decided_on, case.screening_decision) == (
        S.SCREENING, None, "")


@pytest.mark.parametrize("record,message", [
    (lambda case: inform(case, D(2026, 11, 18)),
     "The date the partners were informed cannot be before the referral was received, on 19 "
     "November 2026"),
    (lambda case: (inform(case, D(2026, 11, 20)), decide(case, D(2026, 11, 19))),
     "The date of the decision cannot be before the partners were informed, on 20 November "
     "2026"),
])
def test_the_partners_are_informed_and_decide_after_the_referral(record, message):
    """004 s. 4.6: the business manager informs the partners on receipt; they then decide."""
    case = received()
    with pytest.raises(ValidationError) as refused:
        record(case)
    assert refused.value.messages == [message]
    assert Case.objects.get(pk=case.pk).screening_decided_on is None


def test_the_referrer_is_told_after_the_decision():
    """004 s. 5.7: feedback to the referrer within 5 working days of the decision."""
    case = received()
    inform(case)
    decide(case)
    with pytest.raises(ValidationError) as refused:
        services.record_referrer_feedback(case=case, actor=business_unit(),
                                          told_on=D(2026, 11, 19))
    assert refused.value.messages == [
        "The date the referrer was told cannot be before the partners decided, on 20 November "
        "2026"]
    assert Case.objects.get(pk=case.pk).referrer_told_on is None


def test_the_local_authority_may_become_aware_before_the_referral_but_not_after_notifying():
    """000 stage 1 and 004 s. 5.2: the local authority notifies within 5 working days of
    becoming aware, which may be before the partnership's referral arrives."""
    case = notified()
    assert case.local_authority_aware_on == D(2026, 11, 18) < case.received_on
    with pytest.raises(ValidationError) as refused:
        services.correct_case_date(case=case, actor=business_unit(),
                                   field="local_authority_aware_on", new_date=D(2026, 11, 24),
                                   reason="The email was dated the 24th")
    assert refused.value.messages == [
        "The date the local authority became aware cannot be after the notification to the "
        "National Panel, Ofsted and DfE, on 23 November 2026"]
    assert Case.objects.get(pk=case.pk).local_authority_aware_on == D(2026, 11, 18)


# 2. Corrections.

def test_a_corrected_date_is_logged_with_its_reason_and_the_clock_recomputed():
    """004 s. 4.6: the partners are informed within 1 working day of receipt. Received on
    Friday 5 May 2023, the clock falls due on Tuesday 9 May (Monday 8 May 2023 was the
    coronation bank holiday); typed as 10 May it was met late; corrected, it was met."""
    case = services.open_case(received_on=D(2023, 5, 5), actor=None)
    inform(case, D(2023, 5, 10))
    clock = Deadline.objects.get(case=case, clock__code="inform_partners")
    assert (clock.due_on, clock.met_on, clock.state) == (D(2023, 5, 9), D(2023, 5, 10),
                                                          Deadline.State.MET_LATE)
    unit = business_unit()
    services.correct_case_date(case=case, actor=unit, field="partners_informed_on",
                               new_date=D(2023, 5, 9), reason="typed wrongly")
    case.refresh_from_db()
    assert (case.partners_informed_on, case.status) == (D(2023, 5, 9), S.SCREENING)
    decision = Decision.objects.filter(case_id=case.pk).latest("pk")
    assert (decision.transition, decision.what, decision.actor, decision.reason) == (
        "correct_date", "Recorded date corrected", unit,
        "Date the partners were informed corrected from 10 May 2023 to 9 May 2023: typed "
        "wrongly")
    assert (decision.from_state, decision.to_state) == (S.SCREENING, S.SCREENING)
    latest = case.history.latest("history_id")
    assert (latest.partners_informed_on, latest.history_user) == (D(2023, 5, 9), unit)
    clock.refresh_from_db()
    assert (clock.met_on, clock.state) == (D(2023, 5, 9), Deadline.State.MET)


def test_the_decision_date_corrected_over_christmas_moves_the_referrers_clock():
    """004 s. 5.7: the referrer is told within 5 working days of the decision. A decision on
    Friday 22 December 2023 is due on Wednesday 3 January 2024 (Christmas, Boxing Day and New
    Year's Day are bank holidays); corrected to Thursday 21 December, on Tuesday 2 January."""
    case = services.open_case(received_on=D(2023, 12, 20), actor=None)
    inform(case, D(2023, 12, 20))
    decide(case, D(2023, 12, 22))
    clock = Deadline.objects.get(case=case, clock__code="referrer_feedback")
    assert clock.due_on == D(2024, 1, 3)
    services.correct_case_date(case=case, actor=business_unit(), field="screening_decided_on",
                               new_date=D(2023, 12, 21), reason="The minutes are dated 21st")
    clock.refresh_from_db()
    assert (clock.starts_on, clock.due_on) == (D(2023, 12, 21), D(2024, 1, 2))


@pytest.mark.parametrize("field,new_date,message", [
    ("partners_informed_on", D(2026, 11, 18),
     "The date the partners were informed cannot be before the referral was received, on 19 "
     "November 2026"),
    ("partners_informed_on", D(2026, 11, 23),
     "The date the partners were informed cannot be after the partners decided, on 20 "
     "November 2026"),
    ("screening_decided_on", D(2026, 11, 18),
     "The date of the decision cannot be before the referral was received, on 19 November "
     "2026"),
    ("local_authority_aware_on", D(2026, 11, 24),
     "The date the local authority became aware cannot be after the notification to the "
     "National Panel, Ofsted and DfE, on 23 November 2026"),
    ("notified_on:national_panel", D(2026, 11, 17),
     "The date of the notification to the National Panel, Ofsted and DfE cannot be before "
     "the local authority became aware, on 18 November 2026"),
    ("notified_on:national_panel", D(2026, 11, 25),
     "The date of the notification to the National Panel, Ofsted and DfE cannot be after the "
     "Panel acknowledged the notification, on 24 November 2026"),
    ("acknowledged_on:national_panel", D(2026, 11, 22),
     "The date the Panel acknowledged the notification cannot be before the notification to "
     "the National Panel, Ofsted and DfE, on 23 November 2026"),
    ("received_on", D(2026, 11, 18), "Select a date that has been recorded"),
    ("referrer_told_on", D(2026, 11, 20), "Select a date that has been recorded"),
])
def test_a_correction_that_would_break_the_order_is_refused(field, new_date, message):
    """The corrected date is checked against its neighbours before and after it, as when it
    was recorded (004 s. 4.6 and 5.2); the date received is not the business unit's to
    correct, and a date not recorded yet is recorded, not corrected."""
    case = notified()
    before = Decision.objects.filter(case_id=case.pk).count()
    with pytest.raises(ValidationError) as refused:
        services.correct_case_date(case=case, actor=business_unit(), field=field,
                                   new_date=new_date, reason="typed wrongly")
    assert refused.value.messages == [message]
    assert unchanged(case, before).partners_informed_on == RECEIVED
    assert list(case.notifications.values_list("notified_on", flat=True)) == [
        D(2026, 11, 23)]


def test_a_notification_date_is_corrected_on_its_own_row():
    """004 s. 5.2: the notification clock is met on the date the Panel was notified."""
    case = notified()
    unit = business_unit()
    services.correct_case_date(case=case, actor=unit, field="notified_on:national_panel",
                               new_date=D(2026, 11, 20), reason="Sent on the Friday")
    online = case.notifications.get(recipient=R.NATIONAL_PANEL)
    assert online.notified_on == D(2026, 11, 20)
    assert online.history.latest("history_id").history_user == unit
    assert Decision.objects.filter(case_id=case.pk).latest("pk").reason == (
        "Date of the notification to the National Panel, Ofsted and DfE corrected from 23 "
        "November 2026 to 20 November 2026: Sent on the Friday")
    clock = Deadline.objects.get(case=case, clock__code="notify_national_panel")
    assert clock.met_on == D(2026, 11, 20)


def test_a_correction_needs_a_reason_a_new_date_and_the_business_unit():
    """004 s. 4.6: the business unit records the case; only it corrects what it recorded."""
    case = notified()
    with pytest.raises(ValidationError, match="Enter why the date is corrected"):
        services.correct_case_date(case=case, actor=business_unit(),
                                   field="partners_informed_on", new_date=D(2026, 11, 20),
                                   reason="  ")
    with pytest.raises(ValidationError, match="is already 19 November 2026"):
        services.correct_case_date(case=case, actor=business_unit(),
                                   field="partners_informed_on", new_date=RECEIVED,
                                   reason="typed wrongly")
    for role in (Role.SAFEGUARDING_PARTNER, Role.MANAGER, Role.SCRUTINEER):
        with pytest.raises(PermissionDenied):
            services.correct_case_date(case=case, actor=UserFactory(role=role),
                                       field="partners_informed_on",
                                       new_date=D(2026, 11, 20), reason="typed wrongly")
    assert Case.objects.get(pk=case.pk).partners_informed_on == RECEIVED


def test_a_referral_with_no_date_recorded_has_nothing_to_correct():
    case = received()
    unit = business_unit()
    client = Client()
    client.force_login(unit)
    page = client.get(f"/cases/{case.reference}/")
    assert "Correct a recorded date" not in page.content.decode()
    response = client.get(f"/cases/{case.reference}/correct-date/")
    assert response.status_code == 302


# The page.

def test_the_business_unit_corrects_a_date_on_its_page():
    """The case page's "What you can do" links to it; each recorded date is a choice with
    its current value (004 s. 4.6 and 5.2)."""
    case = notified()
    client = Client()
    client.force_login(business_unit())
    assert f"/cases/{case.reference}/correct-date/" in client.get(
        f"/cases/{case.reference}/").content.decode()
    page = client.get(f"/cases/{case.reference}/correct-date/").content.decode()
    for choice in ("Date the partners were informed: 19 November 2026",
                   "Date of the partners&#x27; decision: 20 November 2026",
                   "Date the local authority became aware: 18 November 2026",
                   "Date of the notification to the National Panel, Ofsted and DfE: 23 "
                   "November 2026",
                   "Date the Panel acknowledged the notification: 24 November 2026"):
        assert choice in page, choice
    wrong = client.post(f"/cases/{case.reference}/correct-date/", {
        "field": "screening_decided_on", "new_date_0": "18", "new_date_1": "11",
        "new_date_2": "2026", "reason": "typed wrongly"})
    assert wrong.status_code == 200
    assert wrong.content.decode().count(
        "The date of the decision cannot be before the referral was received, on 19 November "
        "2026") == 2
    done = client.post(f"/cases/{case.reference}/correct-date/", {
        "field": "screening_decided_on", "new_date_0": "19", "new_date_1": "11",
        "new_date_2": "2026", "reason": "typed wrongly"})
    assert done.status_code == 302
    assert Case.objects.get(pk=case.pk).screening_decided_on == RECEIVED


@pytest.mark.parametrize("role", [Role.SAFEGUARDING_PARTNER, Role.MANAGER, Role.SCRUTINEER,
                                  Role.PANEL_CHAIR, Role.AGENCY_CONTRIBUTOR])
def test_only_the_business_unit_opens_the_correction_page(role):
    case = notified()
    client = Client()
    client.force_login(UserFactory(role=role))
    assert client.get(f"/cases/{case.reference}/correct-date/").status_code in (403, 404)
    assert client.post(f"/cases/{case.reference}/correct-date/", {
        "field": "partners_informed_on", "new_date_0": "20", "new_date_1": "11",
        "new_date_2": "2026", "reason": "x"}).status_code in (403, 404)
    assert Case.objects.get(pk=case.pk).partners_informed_on == RECEIVED
