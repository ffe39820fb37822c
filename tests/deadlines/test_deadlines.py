"""The statutory clocks: the timescale policy, deadlines derived from cases, the sweep that
sends each reminder, due-today, overdue and escalation notice once, and the emails."""

import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from cases import services
from cases.models import Case, Notification
from deadlines import calendar_days, tasks
from deadlines import services as deadlines
from deadlines.models import CalendarDay, Clock, Deadline, Notice
from safeguarding.models import Agency, Role
from tests.factories import AgencyFactory, UserFactory, submitted_case

D = datetime.date
R = Notification.Recipient
RATIONALE = "A child died and neglect is suspected: the criteria in 003 are met."
STATUTORY = {"notify_national_panel": 5, "notify_ofsted": 5, "notify_dfe": 5,
             "notify_child_death_review": 5, "rapid_review_to_panel": 15,
             "lcspr_published": 6, "final_report_to_panel": 7,
             # A floor, not a limit: kept online at least 12 months (004 §14.4).
             "report_kept_online": 12}


def clock(code: str) -> Clock:
    return Clock.objects.get(code=code)


# The timescale policy.

@pytest.mark.django_db
def test_every_clock_of_the_timescale_table_is_a_row_with_its_source():
    # The table's 19, immediate actions, Panel response, the two local targets from the
    # Panel's acknowledgement (004 §6.2) beside the meeting and the submission, and
    # Kirklees' 24 hours beside the referral's working day (003), and the Panel, Ofsted
    # and DfE told of the LCSPR's reviewer apart from its decision (002 §8), and the LCSPR's
    # terms of reference agreed and each milestone of its timetable (issue 13 item 11), and
    # each action of an action plan due and its evidence decided, and each audit of an
    # action's implementation reported (issue 14 items 7 and 9), and each planned item of
    # learning shared by its date (issue 14 item 6).
    assert Clock.objects.count() == 31
    for row in Clock.objects.all():
        assert row.name and row.starts and row.met_by and row.source and row.responsible
    assert {row.code: row.amount for row in Clock.objects.filter(statutory=True)} == STATUTORY
    assert all(row.statutory_amount == row.amount for row in Clock.objects.filter(statutory=True))
    report = clock("final_report_to_panel")
    assert (report.unit, report.direction) == (Clock.Unit.WORKING_DAYS, Clock.Direction.BEFORE)
    assert clock("lcspr_published").unit == Clock.Unit.MONTHS
    assert clock("action_escalation_chief_officer").amount == 6


@pytest.mark.django_db
def test_an_administrator_may_tighten_a_statutory_clock_but_never_loosen_it(make_user):
    admin = make_user(Role.ADMINISTRATOR)
    notify = clock("notify_national_panel")
    deadlines.change_clock(clock=notify, actor=admin, amount=4, reminder_working_days=1)
    with pytest.raises(ValidationError, match="never loosened: the law allows at most 5"):
        deadlines.change_clock(clock=clock("notify_national_panel"), actor=admin, amount=6,
                               reminder_working_days=1)
    with pytest.raises(ValidationError, match="at least 7 working days before"):
        deadlines.change_clock(clock=clock("final_report_to_panel"), actor=admin, amount=6,
                               reminder_working_days=2)
    deadlines.change_clock(clock=clock("final_report_to_panel"), actor=admin, amount=10,
                           reminder_working_days=2)
    assert clock("notify_national_panel").amount == 4
    assert clock("final_report_to_panel").amount == 10


@pytest.mark.django_db
def test_local_clocks_may_be_loosened_and_only_administrators_change_the_policy(make_user):
    deadlines.change_clock(clock=clock("partners_consider"), actor=make_user(Role.ADMINISTRATOR),
                           amount=7, reminder_working_days=2)
    assert clock("partners_consider").amount == 7
    with pytest.raises(PermissionDenied):
        deadlines.change_clock(clock=clock("partners_consider"),
                               actor=make_user(Role.BUSINESS_UNIT), amount=3,
                               reminder_working_days=2)
    with pytest.raises(ValidationError, match="at least 1"):
        deadlines.change_clock(clock=clock("partners_consider"),
                               actor=make_user(Role.ADMINISTRATOR), amount=0,
                               reminder_working_days=2)


# Due dates, with the real calendar.

@pytest.mark.django_db
@pytest.mark.parametrize("code,start,due", [
    # Christmas 2022: Boxing Day and the substitute for Christmas Day (26, 27 December).
    ("notify_national_panel", D(2022, 12, 21), D(2022, 12, 30)),
    # Easter 2023: Good Friday 7 April, Easter Monday 10 April.
    ("notify_ofsted", D(2023, 4, 6), D(2023, 4, 17)),
    # The coronation bank holiday, 8 May 2023, which workalendar 17 does not know.
    ("notify_dfe", D(2023, 5, 5), D(2023, 5, 15)),
    # The Queen's funeral, 19 September 2022.
    ("notify_national_panel", D(2022, 9, 16), D(2022, 9, 26)),
    # A start on a Saturday before the August bank holiday (26 August 2024) never counts.
    ("notify_national_panel", D(2024, 8, 24), D(2024, 9, 2)),
    # 15 working days over New Year 2023/24.
    ("rapid_review_to_panel", D(2023, 12, 15), D(2024, 1, 10)),
    # Seven working days before a publication planned for 4 January 2024.
    ("final_report_to_panel", D(2024, 1, 4), D(2023, 12, 21)),
    # Six calendar months, clipped to the end of February.
    ("lcspr_published", D(2026, 8, 31), D(2027, 2, 28)),
    ("lcspr_decision", D(2024, 1, 31), D(2024, 2, 29)),
])
def test_due_dates_count_working_days_months_and_days_before(code, start, due):
    assert deadlines.due_date(clock(code), start) == due


@pytest.mark.django_db
def test_a_clock_counted_in_hours_falls_due_the_next_day():
    row = clock("referral_to_business_unit")
    row.amount, row.unit = 24, Clock.Unit.HOURS  # Kirklees: within 24 hours
    assert deadlines.due_date(row, D(2023, 5, 5)) == D(2023, 5, 6)


# Deadlines derived from a case.

def _notified_case(*, aware_on: D, child_died: bool = False, looked_after: bool = False,
                   decision: str = Case.ScreeningDecision.NOTIFY) -> tuple[Case, object]:
    died = {"outcome": "died", "looked_after": "yes" if looked_after else "no",
            "regulated_setting": "no", "care_leaver": "no", "child__date_of_death": aware_on,
            **({"abuse_or_neglect": "neither"} if looked_after else {})}
    # Received the day the local authority became aware: the partners are informed that day.
    case = (submitted_case(received_on=aware_on, **died) if child_died or looked_after
            else submitted_case(received_on=aware_on))
    business_unit = UserFactory(role=Role.BUSINESS_UNIT)
    partner = UserFactory(role=Role.SAFEGUARDING_PARTNER)
    services.inform_partners(case=case, actor=business_unit, informed_on=aware_on)
    services.record_screening_decision(case=case, actor=partner, decision=decision,
                                       rationale=RATIONALE, decided_on=aware_on)
    services.record_local_authority_awareness(case=case, actor=business_unit, aware_on=aware_on)
    return case, business_unit


def _notify(case, actor, recipient, on):
    services.record_notification(case=case, actor=actor, recipient=recipient, notified_on=on,
                                 channel=Notification.Channel.SECURE_EMAIL,
                                 sent_by="Head of Safeguarding")


def _deadlines(case) -> dict[str, Deadline]:
    return {d.clock.code: d for d in Deadline.objects.filter(case=case).select_related("clock")}


@pytest.mark.django_db
def test_a_submitted_referral_starts_the_business_units_clocks():
    case = submitted_case()
    rows = _deadlines(case)
    assert set(rows) == {"referral_to_business_unit", "inform_partners", "partners_consider"}
    referral = rows["referral_to_business_unit"]
    assert referral.starts_on == case.referral.incident_date
    assert referral.met_on == case.received_on
    assert referral.owner_agency == case.referral.agency
    assert rows["inform_partners"].state == Deadline.State.OPEN
    assert rows["inform_partners"].starts_on == case.received_on


@pytest.mark.django_db
def test_notification_clocks_run_over_christmas_and_record_met_late_and_overdue():
    """A looked-after child's death, no abuse or neglect suspected, and the partners decide
    not to notify the National Panel: Ofsted and DfE are still told within 5 working days
    (004 s. 5.3), each its own clock, over the Christmas bank holidays."""
    case, business_unit = _notified_case(aware_on=D(2022, 12, 21), looked_after=True,
                                         decision=Case.ScreeningDecision.NO_FURTHER_ACTION)
    _notify(case, business_unit, R.OFSTED, D(2023, 1, 3))
    rows = _deadlines(case)
    assert {code for code in rows if code.startswith("notify_")} == {
        "notify_national_panel", "notify_ofsted", "notify_dfe", "notify_child_death_review"}
    assert {rows[code].due_on for code in ("notify_national_panel", "notify_ofsted",
                                          "notify_dfe")} == {D(2022, 12, 30)}
    assert rows["notify_national_panel"].state == Deadline.State.WAIVED
    assert rows["notify_ofsted"].state == Deadline.State.MET_LATE
    assert rows["notify_ofsted"].met_on == D(2023, 1, 3)
    assert rows["notify_dfe"].state == Deadline.State.OVERDUE
    assert rows["partners_consider"].met_on == D(2022, 12, 21)
    assert rows["referrer_feedback"].starts_on == D(2022, 12, 21)


@pytest.mark.django_db
def test_child_death_review_partners_have_a_clock_when_the_child_died():
    case, _ = _notified_case(aware_on=D(2023, 5, 5), child_died=True)
    assert _deadlines(case)["notify_child_death_review"].due_on == D(2023, 5, 15)


@pytest.mark.django_db
def test_sync_is_idempotent():
    case, business_unit = _notified_case(aware_on=D(2023, 4, 6))
    _notify(case, business_unit, R.NATIONAL_PANEL, D(2023, 4, 12))
    before = list(Deadline.objects.order_by("pk").values())
    deadlines.sync(case)
    deadlines.sync(Case.objects.get(pk=case.pk))
    assert list(Deadline.objects.order_by("pk").values()) == before


@pytest.mark.django_db
def test_a_withdrawn_case_waives_its_running_clocks_and_keeps_the_met_ones():
    case, business_unit = _notified_case(aware_on=D(2023, 4, 6))
    _notify(case, business_unit, R.NATIONAL_PANEL, D(2023, 4, 12))
    services.withdraw_case(case=case, actor=business_unit, reason="Entered twice by mistake")
    rows = _deadlines(case)
    assert rows["referrer_feedback"].state == Deadline.State.WAIVED
    assert rows["referrer_feedback"].waived_reason == "The case was withdrawn"
    assert rows["notify_national_panel"].met_on == D(2023, 4, 12)


@pytest.mark.django_db
def test_a_correction_to_the_calendar_recomputes_the_deadlines(
        make_user, django_capture_on_commit_callbacks):
    case, _ = _notified_case(aware_on=D(2023, 5, 5))
    assert _deadlines(case)["notify_national_panel"].due_on == D(2023, 5, 15)
    # Were the coronation bank holiday not in the calendar, the clock would end a day earlier.
    coronation = CalendarDay.objects.get(date=D(2023, 5, 8))
    with django_capture_on_commit_callbacks(execute=True):
        calendar_days.remove_calendar_day(actor=make_user(Role.ADMINISTRATOR),
                                          calendar_day=coronation)
    assert _deadlines(case)["notify_national_panel"].due_on == D(2023, 5, 12)


@pytest.mark.django_db
def test_a_change_of_policy_recomputes_the_deadlines(make_user,
                                                     django_capture_on_commit_callbacks):
    case, _ = _notified_case(aware_on=D(2022, 9, 16))
    assert _deadlines(case)["notify_national_panel"].due_on == D(2022, 9, 26)
    with django_capture_on_commit_callbacks(execute=True):
        deadlines.change_clock(clock=clock("notify_national_panel"),
                               actor=make_user(Role.ADMINISTRATOR), amount=3,
                               reminder_working_days=1)
    assert _deadlines(case)["notify_national_panel"].due_on == D(2022, 9, 22)


@pytest.mark.django_db
def test_recompute_deadlines_rederives_everything_with_a_progress_bar(capsys):
    case, _ = _notified_case(aware_on=D(2022, 12, 21))
    Deadline.objects.filter(case=case).update(due_on=D(2030, 1, 1))
    call_command("recompute_deadlines")
    assert "Deadlines recomputed." in capsys.readouterr().out
    assert _deadlines(case)["notify_national_panel"].due_on == D(2022, 12, 30)


# The sweep.

TODAY = D(2026, 12, 23)  # a Wednesday; 25 and 28 December 2026 are bank holidays


def _deadline(code: str, due_on: D, *, agency=None, state=Deadline.State.OPEN) -> Deadline:
    case = Case.objects.create(reference=f"SI-2026-{Case.objects.count() + 9000}",
                               received_on=D(2026, 12, 1))
    return Deadline.objects.create(clock=clock(code), case=case, record_type="cases.case",
                                   record_id=case.pk, starts_on=D(2026, 12, 1), due_on=due_on,
                                   owner_agency=agency, state=state)


@pytest.fixture
def people(db):
    local_authority = AgencyFactory(kind=Agency.Kind.LOCAL_AUTHORITY)
    police = AgencyFactory(kind=Agency.Kind.POLICE)
    school = AgencyFactory(kind=Agency.Kind.EDUCATION)
    return {
        "business_unit": UserFactory(role=Role.BUSINESS_UNIT),
        "la_partner": UserFactory(role=Role.SAFEGUARDING_PARTNER, agency=local_authority),
        "police_partner": UserFactory(role=Role.SAFEGUARDING_PARTNER, agency=police),
        "manager": UserFactory(role=Role.MANAGER),
        "school": UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=school),
        "other_agency": UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=police),
        "left": UserFactory(role=Role.BUSINESS_UNIT, is_active=False),
    }


def _sent(deadline: Deadline) -> set[tuple[str, int]]:
    return set(Notice.objects.filter(deadline=deadline).values_list("stage", "user_id"))


def test_each_stage_goes_to_the_responsible_people_and_the_business_unit(people):
    p = {name: user.pk for name, user in people.items()}
    # Reminder window: 2 working days from Wednesday 23 December 2026 is Tuesday the 29th.
    reminder = _deadline("notify_national_panel", D(2026, 12, 29))
    too_early = _deadline("notify_national_panel", D(2026, 12, 30))
    due_today = _deadline("partners_consider", TODAY)
    overdue = _deadline("agency_information_return", D(2026, 12, 22),
                        agency=people["school"].agency)
    deadlines.sweep_deadlines(today=TODAY)
    assert _sent(reminder) == {("reminder", p["business_unit"]), ("reminder", p["la_partner"])}
    assert _sent(too_early) == set()
    assert _sent(due_today) == {("due_today", p["business_unit"]), ("due_today", p["la_partner"]),
                                ("due_today", p["police_partner"])}
    assert _sent(overdue) == {("overdue", p["business_unit"]), ("overdue", p["school"])}
    overdue.refresh_from_db()
    assert overdue.state == Deadline.State.OVERDUE


def test_escalations_tell_the_owning_agencys_named_people_not_every_manager(people):
    """004 §16.2: the owning agency's head of service, then its chief officer (named by the
    administrator), and the Learning and Development group's chair who asks them."""
    from safeguarding.models import LearningGroup

    police = people["police_partner"].agency
    head, chief = UserFactory(role=Role.MANAGER, agency=police), UserFactory(
        role=Role.MANAGER, agency=police)
    police.head_of_service, police.chief_officer = head, chief
    police.save()
    chair = LearningGroup.objects.create(chair=UserFactory(role=Role.MANAGER)).chair
    p = {name: user.pk for name, user in people.items()}
    head_of_service = _deadline("action_escalation_head_of_service", TODAY, agency=police)
    chief_officer = _deadline("action_escalation_chief_officer", TODAY, agency=police)
    deadlines.sweep_deadlines(today=TODAY)
    assert _sent(head_of_service) == {("due_today", p["business_unit"]),
                                      ("due_today", chair.pk), ("due_today", head.pk)}
    assert _sent(chief_officer) == {("due_today", p["business_unit"]), ("due_today", chair.pk),
                                    ("due_today", chief.pk)}
    notice = Notice.objects.filter(deadline=chief_officer).first()
    assert deadlines.notice_email(notice)[0].startswith(
        "Escalation: Overdue action: tell the Chief Officer, SI-2026-")


def test_the_sweep_run_twice_or_late_sends_each_stage_once(people):
    deadline = _deadline("notify_ofsted", D(2026, 12, 29))
    assert deadlines.sweep_deadlines(today=TODAY) == 2
    assert deadlines.sweep_deadlines(today=TODAY) == 0
    # The sweeps of the next days never ran (worker down); the first that runs catches up.
    assert deadlines.sweep_deadlines(today=D(2027, 1, 4)) == 2
    assert deadlines.sweep_deadlines(today=D(2027, 1, 5)) == 0
    assert sorted(stage for stage, _ in _sent(deadline)) == [
        "overdue", "overdue", "reminder", "reminder"]
    # The due-today stage was missed while nothing ran: overdue says more, and says it once.


def test_met_and_waived_deadlines_send_nothing(people):
    _deadline("notify_dfe", TODAY, state=Deadline.State.MET)
    _deadline("notify_dfe", D(2026, 12, 1), state=Deadline.State.WAIVED)
    assert deadlines.sweep_deadlines(today=TODAY) == 0


def test_a_clock_with_no_reminder_sends_none(people):
    _deadline("inform_partners", D(2026, 12, 24))  # reminder_working_days is 0
    assert deadlines.sweep_deadlines(today=TODAY) == 0


# Emails.

def test_the_email_names_the_case_and_the_clock_never_the_child(
        people, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://case-reviews.example.gov.uk"
    case, business_unit = _notified_case(aware_on=D(2022, 12, 21), looked_after=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sweep_deadlines.delay()  # queues one email per notice; eager in tests
    subjects = sorted(message.subject for message in mail.outbox)
    assert f"Overdue: Notify the National Panel, Ofsted and DfE, {case.reference}" in subjects
    message = next(m for m in mail.outbox if m.subject.startswith("Overdue: Notify Ofsted"))
    assert "Due: Friday 30 December 2022" in message.body
    assert f"https://case-reviews.example.gov.uk/cases/{case.reference}/" in message.body
    names = [case.referral.children.first().full_name, case.referral.referrer_name]
    for sent in mail.outbox:
        for name in names:
            assert name not in sent.subject and name not in sent.body
    count = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sweep_deadlines.delay()
    assert len(mail.outbox) == count  # every notice was emailed once


def test_an_email_that_fails_is_released_for_the_retry(people):
    deadline = _deadline("notify_ofsted", D(2026, 12, 29))
    deadlines.sweep_deadlines(today=TODAY)
    notice = Notice.objects.filter(deadline=deadline).first()
    with (mock.patch("django.core.mail.send_mail", side_effect=smtplib.SMTPServerDisconnected),
          pytest.raises(smtplib.SMTPServerDisconnected)):
        deadlines.email_notice(notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.email_claimed_at is None and notice.emailed_at is None
    assert deadlines.email_notice(notice_id=notice.pk) is True
    assert deadlines.email_notice(notice_id=notice.pk) is False
    assert len(mail.outbox) == 1


def test_a_claim_left_by_a_worker_that_died_is_taken_over(people):
    deadline = _deadline("notify_ofsted", D(2026, 12, 29))
    deadlines.sweep_deadlines(today=TODAY)
    notice = Notice.objects.filter(deadline=deadline).first()
    stale = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    Notice.objects.filter(pk=notice.pk).update(email_claimed_at=stale)
    assert notice.pk in deadlines.unsent_notice_ids()
    assert deadlines.email_notice(notice_id=notice.pk) is True
    assert notice.pk not in deadlines.unsent_notice_ids()


def test_the_email_task_retries_on_smtp_failure():
    assert smtplib.SMTPException in tasks.email_notice.autoretry_for
    assert tasks.email_notice.retry_backoff


@pytest.mark.django_db
def test_a_timescale_reads_as_english():
    assert clock("inform_partners").timescale == "1 working day after the start"
    assert clock("lcspr_decision").timescale == "1 month after the start"
    assert clock("final_report_to_panel").timescale == "7 working days before the start"
