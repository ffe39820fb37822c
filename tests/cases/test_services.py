"""The rules of a case (004 sections 4 and 5; 002 section 3), through cases.services."""

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services
from cases.models import CLOSED_STATUSES, Case, Notification
from cases.notifying import required_recipients
from cases.workflow import CASE
from forms.models import Referral
from safeguarding.dates import today
from safeguarding.models import Agency, Decision, Role
from safeguarding.workflow import TransitionNotAllowed
from tests import factories
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

# The day these tests' cases are received: the incident's day (the referral factory's), on
# or before every date the tests record on a case, which may not precede it (004 s. 4.6).
RECEIVED = datetime.date(2026, 11, 19)


def submitted_case(**referral_fields) -> Case:
    return factories.submitted_case(received_on=RECEIVED, **referral_fields)

S = Case.Status
R = Notification.Recipient
DECIDED = datetime.date(2026, 11, 23)
AWARE = datetime.date(2026, 11, 20)
LOOKED_AFTER_CHILD_DIED = {
    "outcome": Referral.Outcome.DIED, "abuse_or_neglect": Referral.AbuseOrNeglect.NEITHER,
    "looked_after": "yes", "regulated_setting": "no", "care_leaver": "no",
    "child__date_of_death": datetime.date(2026, 11, 19),
}


def user(role: Role, **fields):
    return UserFactory(role=role, **fields)


def police_partner():
    police = AgencyFactory(name="Northmoor Police", kind=Agency.Kind.POLICE)
    return user(Role.SAFEGUARDING_PARTNER, agency=police)


def in_state(case: Case, status: str, **fields) -> Case:
    """Put a case in a state directly, to test the guards of the next step."""
    Case.objects.filter(pk=case.pk).update(status=status, **fields)
    case.refresh_from_db()
    return case


def notification_due(**referral_fields) -> Case:
    return in_state(submitted_case(**referral_fields), S.NOTIFICATION_DUE,
                    screening_decision=Case.ScreeningDecision.NOTIFY,
                    screening_decided_on=DECIDED, local_authority_aware_on=AWARE)


def notify(case: Case, recipient: str, actor=None, **fields) -> Notification:
    values = {"notified_on": DECIDED, "channel": Notification.Channel.ONLINE_SYSTEM,
              "sent_by": "Head of Safeguarding, Northmoor Council", **fields}
    return services.record_notification(case=case, actor=actor or user(Role.BUSINESS_UNIT),
                                        recipient=recipient, **values)


# Each change: the state it is tried from, the fields it needs, and the call.
CHANGES: dict[str, tuple[str, dict, Callable]] = {
    "inform_partners": (S.REFERRED, {}, lambda case, actor: services.inform_partners(
        case=case, actor=actor, informed_on=DECIDED)),
    "record_screening_decision": (S.SCREENING, {}, lambda case, actor:
                                  services.record_screening_decision(
        case=case, actor=actor, decision=Case.ScreeningDecision.NOTIFY,
        rationale="A potentially life-threatening injury; abuse is suspected.",
        decided_on=DECIDED)),
    "record_local_authority_awareness": (S.NOTIFICATION_DUE, {}, lambda case, actor:
                                         services.record_local_authority_awareness(
        case=case, actor=actor, aware_on=AWARE)),
    "record_notification": (S.NOTIFICATION_DUE, {"local_authority_aware_on": AWARE},
                            lambda case, actor: notify(case, R.OFSTED, actor)),
    "record_learning_decision": (S.LEARNING, {}, lambda case, actor:
                                 services.record_learning_decision(
        case=case, actor=actor, decision=Case.LearningDecision.MULTI_AGENCY_AUDIT,
        rationale="Similar cases of bruising in non-mobile babies", decided_on=DECIDED)),
    "record_referrer_feedback": (S.NOTIFICATION_DUE, {"screening_decision": "notify",
                                               "screening_decided_on": DECIDED},
                                 lambda case, actor: services.record_referrer_feedback(
        case=case, actor=actor, told_on=DECIDED)),
    "withdraw_case": (S.REFERRED, {}, lambda case, actor: services.withdraw_case(
        case=case, actor=actor, reason="Referred in error: the child lives in another area")),
    "merge_case": (S.REFERRED, {}, lambda case, actor: services.merge_case(
        case=case, into=submitted_case(), actor=actor,
        reason="The school and the hospital referred the same incident")),
}
PERMITTED = {
    "inform_partners": {Role.BUSINESS_UNIT},
    "record_screening_decision": {Role.SAFEGUARDING_PARTNER},
    "record_local_authority_awareness": {Role.BUSINESS_UNIT, Role.SAFEGUARDING_PARTNER},
    "record_notification": {Role.BUSINESS_UNIT, Role.SAFEGUARDING_PARTNER},
    "record_learning_decision": {Role.BUSINESS_UNIT, Role.MANAGER},
    "record_referrer_feedback": {Role.BUSINESS_UNIT},
    "withdraw_case": {Role.BUSINESS_UNIT},
    "merge_case": {Role.BUSINESS_UNIT},
}


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("change", list(CHANGES))
def test_each_change_is_made_only_by_the_permitted_roles(change, role):
    status, fields, call = CHANGES[change]
    case = in_state(submitted_case(), status, **fields)
    if role in PERMITTED[change]:
        call(case, user(role))
        assert case.decisions.filter(actor__role=role).exists()
    else:
        with pytest.raises(PermissionDenied):
            call(case, user(role))
        assert not case.decisions.exclude(
            transition__in=["receive_referral", "submit_referral"]).exists()


@pytest.mark.parametrize("change", ["record_notification", "record_local_authority_awareness"])
def test_only_the_local_authority_partner_records_notifications(change):
    status, fields, call = CHANGES[change]
    case = in_state(submitted_case(), status, **fields)
    with pytest.raises(PermissionDenied):
        call(case, police_partner())


@pytest.mark.parametrize("action,role", [
    ("inform_partners", Role.BUSINESS_UNIT),
    ("decide_notify", Role.SAFEGUARDING_PARTNER),
    ("record_learning_decision", Role.MANAGER),
    ("withdraw", Role.BUSINESS_UNIT),
    ("merge", Role.BUSINESS_UNIT),
])
def test_each_transition_starts_only_from_its_states(action, role):
    sources = CASE.transitions[action].sources
    change = {"decide_notify": "record_screening_decision", "withdraw": "withdraw_case",
              "merge": "merge_case"}.get(action, action)
    call = CHANGES[change][2]
    for status in set(S) - set(sources):
        case = in_state(submitted_case(), status)
        with pytest.raises(TransitionNotAllowed):
            call(case, user(role))
        case.refresh_from_db()
        assert case.status == status


@pytest.mark.parametrize("status", [S.WITHDRAWN, S.MERGED])
def test_a_withdrawn_or_merged_case_records_no_notification(status):
    case = in_state(submitted_case(), status, local_authority_aware_on=AWARE)
    with pytest.raises(TransitionNotAllowed):
        notify(case, R.OFSTED)
    assert not case.notifications.exists()


@pytest.mark.parametrize("status", [S.REFERRED, S.SCREENING])
def test_the_local_authority_may_notify_before_the_partners_decide(status):
    """The duty is the local authority's, within 5 working days of becoming aware whatever
    the screening stage (Working Together 2023; 004 section 5.2): a notification made before
    the partners' decision is recorded, and the decision to notify then completes it."""
    case = in_state(submitted_case(), status, local_authority_aware_on=AWARE)
    notify(case, R.NATIONAL_PANEL)
    case.refresh_from_db()
    assert case.status == status and case.notifications.count() == 1


def test_a_case_moves_from_referral_to_notified():
    case = submitted_case()
    business_unit, partner = user(Role.BUSINESS_UNIT), user(Role.SAFEGUARDING_PARTNER)
    services.inform_partners(case=case, actor=business_unit, informed_on=DECIDED)
    services.record_screening_decision(
        case=case, actor=partner, decision=Case.ScreeningDecision.NOTIFY,
        rationale="A potentially life-threatening injury; abuse is suspected.",
        decided_on=DECIDED)
    assert case.status == S.NOTIFICATION_DUE
    services.record_local_authority_awareness(case=case, actor=business_unit, aware_on=AWARE)
    # One online notification reaches the National Panel, Ofsted and DfE (004 section 5.3).
    notify(case, R.NATIONAL_PANEL, business_unit)
    case.refresh_from_db()
    assert case.status == S.NOTIFIED
    assert list(case.decisions.values_list("transition", flat=True)) == [
        "receive_referral", "submit_referral", "inform_partners", "decide_notify",
        "record_local_authority_awareness", "record_notification", "complete_notifications"]


@pytest.mark.parametrize("decision", [Case.ScreeningDecision.LEARNING,
                                      Case.ScreeningDecision.NO_FURTHER_ACTION])
def test_a_looked_after_childs_death_is_notified_to_ofsted_and_dfe_whatever_is_decided(decision):
    """004 section 5.3: the local authority must notify DfE and Ofsted where a child looked
    after has died, whether or not abuse or neglect is known or suspected; 002 section 3:
    and the child death review partners. It is not forced down the National Panel's route:
    the partners may decide not to notify the Panel."""
    case = in_state(submitted_case(**LOOKED_AFTER_CHILD_DIED), S.SCREENING,
                    local_authority_aware_on=AWARE)
    services.record_screening_decision(
        case=case, actor=user(Role.SAFEGUARDING_PARTNER), decision=decision,
        rationale="Natural causes; no concerns about care", decided_on=DECIDED)
    case.refresh_from_db()
    assert case.screening_decision == decision
    assert required_recipients(case) == [R.OFSTED, R.DFE, R.CHILD_DEATH_REVIEW]
    for recipient in required_recipients(case):
        notify(case, recipient)
    assert case.decisions.filter(transition="complete_death_notifications").count() == 1


def test_a_looked_after_childs_death_may_be_notified():
    case = in_state(submitted_case(**LOOKED_AFTER_CHILD_DIED), S.SCREENING)
    services.record_screening_decision(
        case=case, actor=user(Role.SAFEGUARDING_PARTNER),
        decision=Case.ScreeningDecision.NOTIFY, rationale="A looked after child has died",
        decided_on=DECIDED)
    assert case.status == S.NOTIFICATION_DUE


def test_a_screening_decision_needs_a_rationale():
    case = in_state(submitted_case(), S.SCREENING)
    with pytest.raises(ValidationError):
        services.record_screening_decision(
            case=case, actor=user(Role.SAFEGUARDING_PARTNER),
            decision=Case.ScreeningDecision.NO_FURTHER_ACTION, rationale="  ",
            decided_on=DECIDED)


def test_child_death_review_partners_are_told_when_the_child_died():
    """002 section 3: the online notification, and the child death review partners when a
    child died."""
    died = notification_due(**LOOKED_AFTER_CHILD_DIED)
    harmed = notification_due()
    assert required_recipients(died) == [R.NATIONAL_PANEL, R.CHILD_DEATH_REVIEW]
    assert required_recipients(harmed) == [R.NATIONAL_PANEL]


def test_the_case_is_notified_only_when_every_required_recipient_is_recorded():
    case = notification_due(**LOOKED_AFTER_CHILD_DIED)
    notify(case, R.NATIONAL_PANEL)
    case.refresh_from_db()
    assert case.status == S.NOTIFICATION_DUE
    notify(case, R.CHILD_DEATH_REVIEW)
    case.refresh_from_db()
    assert case.status == S.NOTIFIED


def test_a_notification_may_be_corrected_once_notified():
    case = notification_due()
    notify(case, R.NATIONAL_PANEL)
    notify(case, R.NATIONAL_PANEL, panel_reference="CSPR-2026-0412",
           acknowledged_on=DECIDED)
    assert case.notifications.get(recipient=R.NATIONAL_PANEL).panel_reference == \
        "CSPR-2026-0412"
    assert case.notifications.count() == 1


def test_notifications_need_the_date_the_local_authority_became_aware():
    case = in_state(submitted_case(), S.NOTIFICATION_DUE)
    with pytest.raises(TransitionNotAllowed,
                       match="Record the date the local authority became aware first"):
        notify(case, R.OFSTED)


@pytest.mark.parametrize("fields,message", [
    ({"notified_on": datetime.date(2026, 11, 19)},
     "cannot be before the local authority became aware, on 20 November 2026"),
    ({"acknowledged_on": datetime.date(2026, 11, 22)},
     "The date the Panel acknowledged the notification cannot be before the notification to "
     "the National Panel, Ofsted and DfE, on 23 November 2026"),
    ({"notified_on": today() + datetime.timedelta(days=1)}, "today or in the past"),
    ({"acknowledged_on": today() + datetime.timedelta(days=1)},
     "today or in the past"),
])
def test_impossible_notification_dates_are_refused(fields, message):
    case = notification_due()
    with pytest.raises(ValidationError) as refused:
        notify(case, R.NATIONAL_PANEL, **fields)
    assert message in refused.value.messages[0]
    assert not case.notifications.exists()


def test_the_local_authority_cannot_become_aware_in_the_future_or_after_notifying():
    case = notification_due()
    business_unit = user(Role.BUSINESS_UNIT)
    with pytest.raises(ValidationError):
        services.record_local_authority_awareness(
            case=case, actor=business_unit, aware_on=today() + datetime.timedelta(1))
    notify(case, R.OFSTED, notified_on=datetime.date(2026, 11, 21))
    with pytest.raises(ValidationError):
        services.record_local_authority_awareness(
            case=case, actor=business_unit, aware_on=datetime.date(2026, 11, 22))
    case.refresh_from_db()
    assert case.local_authority_aware_on == AWARE


def test_the_referrer_is_told_only_after_the_decision():
    case = in_state(submitted_case(), S.NOTIFICATION_DUE, screening_decision="notify",
                    screening_decided_on=DECIDED)
    with pytest.raises(ValidationError):
        services.record_referrer_feedback(case=case, actor=user(Role.BUSINESS_UNIT),
                                          told_on=datetime.date(2026, 11, 20))
    undecided = in_state(submitted_case(), S.SCREENING)
    with pytest.raises(TransitionNotAllowed):
        services.record_referrer_feedback(case=undecided, actor=user(Role.BUSINESS_UNIT),
                                          told_on=DECIDED)


def test_withdrawing_needs_a_reason():
    case = submitted_case()
    with pytest.raises(ValidationError):
        services.withdraw_case(case=case, actor=user(Role.BUSINESS_UNIT), reason=" ")
    case.refresh_from_db()
    assert case.status == S.REFERRED


def test_merging_needs_a_reason():
    case, other = submitted_case(), submitted_case()
    with pytest.raises(ValidationError):
        services.merge_case(case=case, into=other, actor=user(Role.BUSINESS_UNIT), reason="")


def test_a_case_cannot_be_merged_into_itself():
    case = submitted_case()
    with pytest.raises(ValidationError):
        services.merge_case(case=case, into=case, actor=user(Role.BUSINESS_UNIT),
                            reason="The same incident")


@pytest.mark.parametrize("closed", sorted(CLOSED_STATUSES))
def test_a_case_cannot_be_merged_into_a_closed_case(closed):
    case, other = submitted_case(), in_state(submitted_case(), closed)
    with pytest.raises(ValidationError) as refused:
        services.merge_case(case=case, into=other, actor=user(Role.BUSINESS_UNIT),
                            reason="The same incident")
    assert f"{other.reference} is closed" in refused.value.messages[0]
    case.refresh_from_db()
    assert case.status == S.REFERRED and case.merged_into is None


def test_a_merged_case_names_the_case_it_duplicates():
    case, other = submitted_case(), submitted_case()
    services.merge_case(case=case, into=other, actor=user(Role.BUSINESS_UNIT),
                        reason="The school and the hospital referred the same incident")
    case.refresh_from_db()
    assert case.status == S.MERGED and case.merged_into == other
    assert Decision.objects.get(case_id=case.pk, transition="merge").reason.startswith(
        f"Duplicate of {other.reference}.")


def test_references_are_sequential_within_a_year_and_restart_in_a_new_year():
    def opened(day: datetime.date) -> str:
        return services.open_case(received_on=day, actor=None).reference

    assert [opened(datetime.date(2025, 12, 30)), opened(datetime.date(2025, 12, 31))] == [
        "SI-2025-0001", "SI-2025-0002"]
    assert [opened(datetime.date(2026, 1, 2)), opened(datetime.date(2026, 1, 5))] == [
        "SI-2026-0001", "SI-2026-0002"]
    assert opened(datetime.date(2025, 12, 31)) == "SI-2025-0003"


def test_every_change_is_kept_in_the_history_with_who_made_it():
    case = submitted_case()
    business_unit = user(Role.BUSINESS_UNIT)
    services.inform_partners(case=case, actor=business_unit, informed_on=DECIDED)
    latest = case.history.first()
    assert latest.status == S.SCREENING and latest.history_user == business_unit
