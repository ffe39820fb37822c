"""Who is notified, and from when the 5 working days run (issue 12, items 1 to 3): the
clock starts when the local authority became aware, whatever the screening stage; one online
notification reaches the National Panel, Ofsted and DfE; deaths that must be notified
whether or not abuse or neglect is suspected go to Ofsted and DfE without the National
Panel's rapid review clocks."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services
from cases.models import Case, Notification
from cases.notifying import required_recipients
from deadlines.models import Deadline
from forms.models import Referral
from safeguarding.models import LocalPolicy, Role
from safeguarding.workflow import TransitionNotAllowed
from tests import factories
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

S, R = Case.Status, Notification.Recipient
# Friday 5 May 2023, before the coronation bank holiday of Monday 8 May 2023.
FRIDAY_BEFORE_THE_CORONATION = datetime.date(2023, 5, 5)
RECEIVED = datetime.date(2023, 5, 9)
DIED_LOOKED_AFTER = {
    "outcome": Referral.Outcome.DIED, "abuse_or_neglect": Referral.AbuseOrNeglect.NEITHER,
    "looked_after": "yes", "regulated_setting": "no", "care_leaver": "no",
    "incident_date": datetime.date(2023, 5, 4),
    "child__date_of_death": datetime.date(2023, 5, 4),
}


def submitted_case(**referral_fields) -> Case:
    fields = {"incident_date": datetime.date(2023, 5, 4),
              "agency_aware_on": datetime.date(2023, 5, 4),
              "local_authority_told_on": FRIDAY_BEFORE_THE_CORONATION, **referral_fields}
    return factories.submitted_case(received_on=RECEIVED, **fields)


def clock(case: Case, code: str) -> Deadline:
    return Deadline.objects.get(case=case, clock__code=code)


def codes(case: Case) -> set[str]:
    return set(Deadline.objects.filter(case=case).exclude(state=Deadline.State.WAIVED)
               .values_list("clock__code", flat=True))


def decide(case: Case, decision: str) -> None:
    business_unit = UserFactory(role=Role.BUSINESS_UNIT)
    services.inform_partners(case=case, actor=business_unit, informed_on=RECEIVED)
    services.record_screening_decision(
        case=case, actor=UserFactory(role=Role.SAFEGUARDING_PARTNER), decision=decision,
        rationale="Considered at the partners' meeting", decided_on=datetime.date(2023, 5, 10))
    case.refresh_from_db()


def notify(case: Case, recipient: str, **fields) -> Notification:
    values = {"notified_on": datetime.date(2023, 5, 11),
              "channel": Notification.Channel.ONLINE_SYSTEM, "sent_by": "Priya Shah", **fields}
    return services.record_notification(case=case, actor=UserFactory(role=Role.BUSINESS_UNIT),
                                         recipient=recipient, **values)


# 1. The clock starts at awareness.

def test_the_notification_clock_runs_from_the_date_the_referral_says_the_local_authority_was_told():
    """Working Together 2023, 004 section 5.2: notify "within 5 working days of becoming
    aware". The referral asks when children's social care or the local authority was told;
    the clock runs from it at once, before the partners have even been informed. Aware on
    Friday 5 May 2023, the coronation bank holiday on Monday 8 May: due Monday 15 May."""
    case = submitted_case()
    assert case.status == S.REFERRED
    assert case.local_authority_aware_on == FRIDAY_BEFORE_THE_CORONATION
    deadline = clock(case, "notify_national_panel")
    assert (deadline.starts_on, deadline.due_on) == (FRIDAY_BEFORE_THE_CORONATION,
                                                     datetime.date(2023, 5, 15))


def test_over_christmas_the_five_working_days_skip_the_bank_holidays():
    """Aware on Friday 23 December 2022: Christmas Day and Boxing Day (Monday and Tuesday 26
    and 27 December) and the New Year substitute (Monday 2 January 2023) are not working
    days, so the 5th working day is Wednesday 4 January 2023."""
    case = factories.submitted_case(
        received_on=datetime.date(2022, 12, 23), incident_date=datetime.date(2022, 12, 22),
        local_authority_told_on=datetime.date(2022, 12, 23))
    assert clock(case, "notify_national_panel").due_on == datetime.date(2023, 1, 4)


def test_with_no_awareness_date_on_the_referral_the_business_unit_records_it():
    """The referral does not block on it ("If information is unavailable do not delay", 002
    appendix 2): the business unit records or corrects the date at intake, and the clock
    starts then; the task to confirm it stays to do until it does."""
    case = submitted_case(local_authority_told_on=None)
    assert "notify_national_panel" not in codes(case)
    services.record_local_authority_awareness(
        case=case, actor=UserFactory(role=Role.BUSINESS_UNIT),
        aware_on=FRIDAY_BEFORE_THE_CORONATION)
    assert clock(case, "notify_national_panel").due_on == datetime.date(2023, 5, 15)


def test_a_decision_not_to_notify_stops_the_clock_with_the_reason():
    """004 sections 5.5 and 5.6: the partners decide the case does not meet the criteria;
    the 5 working days stop, saying why."""
    case = submitted_case()
    decide(case, Case.ScreeningDecision.NO_FURTHER_ACTION)
    deadline = clock(case, "notify_national_panel")
    assert deadline.state == Deadline.State.WAIVED
    assert deadline.waived_reason == ("The partners decided not to notify the National Panel "
                                      "on 10 May 2023")


def test_the_referral_clock_runs_from_when_the_agency_became_aware():
    """004 section 4.5: the referral is submitted within 1 working day, counted from when the
    agency knew (here Thursday 4 May 2023: due Friday 5 May), not from the incident."""
    case = submitted_case(incident_date=datetime.date(2023, 5, 2),
                          agency_aware_on=datetime.date(2023, 5, 4))
    deadline = clock(case, "referral_to_business_unit")
    assert (deadline.starts_on, deadline.due_on) == (datetime.date(2023, 5, 4),
                                                     datetime.date(2023, 5, 5))


def test_the_decision_page_shows_the_working_days_left(client, monkeypatch):
    """The partners deciding see how long the local authority has left to notify."""
    case = submitted_case()
    services.inform_partners(case=case, actor=UserFactory(role=Role.BUSINESS_UNIT),
                             informed_on=RECEIVED)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2023, 5, 10))
    client.force_login(UserFactory(role=Role.SAFEGUARDING_PARTNER))
    page = client.get(f"/cases/{case.reference}/screening-decision/")
    assert "notify the National Panel by 15 May 2023 (3 working days left)" in \
        page.content.decode()


# 2. One notification record per submission.

def test_one_online_notification_covers_the_national_panel_ofsted_and_dfe():
    """004 section 5.3: online notifications to the Panel are shared with Ofsted and DfE: one
    record, one statutory clock, and the case is notified."""
    case = submitted_case()
    decide(case, Case.ScreeningDecision.NOTIFY)
    assert required_recipients(case) == [R.NATIONAL_PANEL]
    notify(case, R.NATIONAL_PANEL, panel_reference="CSPR-2023-0112")
    case.refresh_from_db()
    assert case.status == S.NOTIFIED
    assert codes(case) & {"notify_ofsted", "notify_dfe"} == set()
    assert clock(case, "notify_national_panel").state == Deadline.State.MET


def test_the_child_death_review_partners_are_told_separately_when_a_child_died():
    """002 section 3: the relevant child death review partners within 5 working days."""
    case = submitted_case(outcome=Referral.Outcome.DIED, looked_after="no",
                          regulated_setting="no", care_leaver="no",
                          child__date_of_death=datetime.date(2023, 5, 4))
    decide(case, Case.ScreeningDecision.NOTIFY)
    assert required_recipients(case) == [R.NATIONAL_PANEL, R.CHILD_DEATH_REVIEW]
    notify(case, R.NATIONAL_PANEL)
    case.refresh_from_db()
    assert case.status == S.NOTIFICATION_DUE
    notify(case, R.CHILD_DEATH_REVIEW)
    case.refresh_from_db()
    assert case.status == S.NOTIFIED


def test_the_safeguarding_partners_of_other_areas_can_be_recorded():
    """002 section 3: "the relevant safeguarding partners": where the child lives elsewhere,
    each other area told is its own record, and the area is required."""
    case = submitted_case()
    decide(case, Case.ScreeningDecision.NOTIFY)
    notify(case, R.OTHER_AREA, area="Calderbrook")
    notify(case, R.OTHER_AREA, area="Westvale")
    assert [n.told for n in case.notifications.filter(recipient=R.OTHER_AREA)] == [
        "Safeguarding partners of Calderbrook", "Safeguarding partners of Westvale"]
    with pytest.raises(ValidationError, match="Enter the area"):
        notify(case, R.OTHER_AREA, area=" ")


def test_once_notified_a_rapid_review_follows_unless_the_partners_decide_otherwise():
    """The National Panel's rule: once a serious incident notification is sent, a rapid
    review follows unless the partners decide, with a recorded reason, that the case does not
    meet the criteria; the rapid review's clocks then stop."""
    case = submitted_case()
    decide(case, Case.ScreeningDecision.NOTIFY)
    notify(case, R.NATIONAL_PANEL)
    assert clock(case, "rapid_review_to_panel").state != Deadline.State.WAIVED
    partner = UserFactory(role=Role.SAFEGUARDING_PARTNER)
    with pytest.raises(ValidationError, match="Enter why"):
        services.decide_no_rapid_review(case=case, actor=partner, reason="  ")
    services.decide_no_rapid_review(
        case=case, actor=partner,
        reason="The police confirmed the injury was accidental: no abuse or neglect.")
    case.refresh_from_db()
    assert case.status == S.NO_FURTHER_ACTION
    assert clock(case, "rapid_review_to_panel").state == Deadline.State.WAIVED
    assert case.decisions.last().reason.startswith("The police confirmed")


def test_only_a_partner_decides_the_criteria_are_not_met():
    case = submitted_case()
    decide(case, Case.ScreeningDecision.NOTIFY)
    notify(case, R.NATIONAL_PANEL)
    with pytest.raises(PermissionDenied):
        services.decide_no_rapid_review(
            case=case, actor=UserFactory(role=Role.AGENCY_CONTRIBUTOR), reason="Not for us")


# 3. Deaths without abuse or neglect.

def test_a_looked_after_childs_death_goes_to_ofsted_and_dfe_without_the_rapid_review_clocks():
    """004 section 5.3; 000 stage 1; 002 section 3: a looked-after child's death is notified
    to Ofsted and DfE (and the child death review partners) whether or not abuse or neglect
    is known or suspected; with none suspected, the partners may decide not to notify the
    National Panel, and no rapid review clock runs."""
    case = submitted_case(**DIED_LOOKED_AFTER)
    decide(case, Case.ScreeningDecision.NO_FURTHER_ACTION)
    assert required_recipients(case) == [R.OFSTED, R.DFE, R.CHILD_DEATH_REVIEW]
    running = codes(case)
    assert {"notify_ofsted", "notify_dfe", "notify_child_death_review"} <= running
    assert not running & {"notify_national_panel", "rapid_review_to_panel"}
    assert clock(case, "notify_ofsted").due_on == datetime.date(2023, 5, 15)
    for recipient in (R.OFSTED, R.DFE, R.CHILD_DEATH_REVIEW):
        notify(case, recipient)
    assert {clock(case, code).state for code in ("notify_ofsted", "notify_dfe")} == {
        Deadline.State.MET}


def test_a_death_in_a_regulated_setting_goes_to_ofsted():
    """000 stage 1: a child in a regulated setting or service has died."""
    case = submitted_case(**{**DIED_LOOKED_AFTER, "looked_after": "no",
                             "regulated_setting": "yes"})
    decide(case, Case.ScreeningDecision.LEARNING)
    assert required_recipients(case) == [R.OFSTED, R.CHILD_DEATH_REVIEW]


def test_a_care_leavers_death_goes_to_dfe_and_ofsted_never_to_child_death_review():
    """Working Together 2023 as updated in December 2023: the death of a care leaver up to
    and including age 24 is notified to the Secretary of State and Ofsted within 5 working
    days; child death review partners cover children only."""
    case = submitted_case(**{**DIED_LOOKED_AFTER, "looked_after": "no", "care_leaver": "yes"})
    decide(case, Case.ScreeningDecision.NO_FURTHER_ACTION)
    assert required_recipients(case) == [R.OFSTED, R.DFE]
    assert "notify_child_death_review" not in codes(case)


def test_with_the_care_leaver_rule_off_a_care_leavers_death_needs_no_notification():
    policy = LocalPolicy.current()
    policy.ask_about_care_leaver_deaths = False
    policy.save()
    case = submitted_case(**{**DIED_LOOKED_AFTER, "looked_after": "no", "care_leaver": "yes"})
    decide(case, Case.ScreeningDecision.NO_FURTHER_ACTION)
    assert required_recipients(case) == []


def test_when_the_panel_is_notified_the_online_notification_meets_ofsted_and_dfe():
    """The partners may still choose the National Panel's route for a looked-after child's
    death; then the online notification reaches Ofsted and DfE (004 section 5.3)."""
    case = submitted_case(**DIED_LOOKED_AFTER)
    decide(case, Case.ScreeningDecision.NOTIFY)
    assert required_recipients(case) == [R.NATIONAL_PANEL, R.CHILD_DEATH_REVIEW]
    notify(case, R.NATIONAL_PANEL)
    assert clock(case, "notify_dfe").state == Deadline.State.MET


def test_a_withdrawn_case_cannot_be_notified():
    case = submitted_case()
    services.withdraw_case(case=case, actor=UserFactory(role=Role.BUSINESS_UNIT),
                           reason="Sent to the wrong partnership")
    with pytest.raises(TransitionNotAllowed):
        notify(case, R.NATIONAL_PANEL)


def test_kirklees_24_hours_is_a_local_target_beside_the_working_day():
    """Seed 003 (Kirklees): refer within 24 hours; 004 section 4.5: within 1 working day.
    With the local policy on, both show: aware on Friday 5 May 2023, the 24 hours end on
    Saturday 6 May, the working day on Tuesday 9 May (after the coronation bank holiday)."""
    LocalPolicy.objects.update_or_create(pk=1, defaults={"referral_within_24_hours": True})
    case = submitted_case(agency_aware_on=FRIDAY_BEFORE_THE_CORONATION)
    assert clock(case, "referral_within_24_hours").due_on == datetime.date(2023, 5, 6)
    assert clock(case, "referral_to_business_unit").due_on == datetime.date(2023, 5, 9)
    assert clock(case, "referral_within_24_hours").clock.timescale == "24 hours after the start"


def test_without_the_local_policy_there_is_no_24_hour_target():
    case = submitted_case()
    assert "referral_within_24_hours" not in codes(case)


def test_the_business_unit_confirms_the_date_the_referral_gave(client):
    """The date the referral gives starts the clock at once; the business unit's task is to
    confirm or correct it at intake."""
    case = submitted_case()
    client.force_login(UserFactory(role=Role.BUSINESS_UNIT))
    page = client.get(f"/cases/{case.reference}/").content.decode()
    tasks = page[page.index('data-testid="case-tasks"'):]
    task = tasks[tasks.index("Confirm when the local authority became aware"):][:600]
    assert "Completed" not in task
    services.record_local_authority_awareness(
        case=case, actor=UserFactory(role=Role.BUSINESS_UNIT),
        aware_on=FRIDAY_BEFORE_THE_CORONATION)
    page = client.get(f"/cases/{case.reference}/").content.decode()
    tasks = page[page.index('data-testid="case-tasks"'):]
    task = tasks[tasks.index("Confirm when the local authority became aware"):][:600]
    assert "Date the local authority became aware confirmed" in task


def test_once_confirmed_the_awareness_date_is_corrected_with_a_reason():
    """The 5 working days run from this date (Working Together 2023): once the business unit
    has confirmed it, moving it is a correction, with a reason in the decision log."""
    case = submitted_case()
    unit = UserFactory(role=Role.BUSINESS_UNIT)
    services.record_local_authority_awareness(case=case, actor=unit,
                                              aware_on=FRIDAY_BEFORE_THE_CORONATION)
    with pytest.raises(TransitionNotAllowed, match="correct a recorded date"):
        services.record_local_authority_awareness(case=case, actor=unit,
                                                  aware_on=datetime.date(2023, 5, 4))


def test_a_notification_date_is_not_changed_without_a_reason():
    """A notification recorded again may add its reference or acknowledgement; its date is
    corrected with a reason, like every recorded date."""
    case = submitted_case()
    decide(case, Case.ScreeningDecision.NOTIFY)
    notify(case, R.NATIONAL_PANEL)
    notify(case, R.NATIONAL_PANEL, panel_reference="CSPR-2023-0112")
    with pytest.raises(ValidationError, match="correct a recorded date"):
        notify(case, R.NATIONAL_PANEL, notified_on=datetime.date(2023, 5, 10))
    assert case.notifications.get().notified_on == datetime.date(2023, 5, 11)


def test_the_confirm_page_starts_with_the_referrals_date(client):
    case = submitted_case()
    client.force_login(UserFactory(role=Role.BUSINESS_UNIT))
    page = client.get(f"/cases/{case.reference}/local-authority-aware/").content.decode()
    assert "The referral says children&#x27;s social care or the local authority was told on " \
           "5 May 2023" in page
    assert 'value="5"' in page and 'value="2023"' in page
