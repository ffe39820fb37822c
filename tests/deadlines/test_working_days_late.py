"""A deadline met late keeps its working days late (issue 15: the timeliness figures count
them in the database), kept by sync and remade when the calendar changes."""

import datetime

import pytest

from cases.models import Notification
from deadlines import calendar_days
from deadlines.models import CalendarDay, Deadline
from safeguarding.models import Role
from tests.deadlines.test_deadlines import _deadlines, _notified_case, _notify

D = datetime.date
R = Notification.Recipient


@pytest.mark.django_db
def test_a_clock_met_late_keeps_its_working_days_late():
    # Aware Friday 5 May 2023: due Monday 15 May (the coronation, Monday 8 May, is a bank
    # holiday); notified Thursday 18 May: Tuesday 16 to Thursday 18, 3 working days late.
    case, business_unit = _notified_case(aware_on=D(2023, 5, 5))
    _notify(case, business_unit, R.NATIONAL_PANEL, D(2023, 5, 18))
    rows = _deadlines(case)
    assert rows["notify_national_panel"].state == Deadline.State.MET_LATE
    assert rows["notify_national_panel"].working_days_late == 3


@pytest.mark.django_db
def test_a_clock_met_on_time_or_still_running_keeps_none():
    case, business_unit = _notified_case(aware_on=D(2023, 5, 5))
    _notify(case, business_unit, R.NATIONAL_PANEL, D(2023, 5, 15))
    rows = _deadlines(case)
    assert rows["notify_national_panel"].state == Deadline.State.MET
    assert rows["notify_national_panel"].working_days_late is None


@pytest.mark.django_db
def test_a_correction_to_the_calendar_recounts_the_days_late(
        make_user, django_capture_on_commit_callbacks):
    case, business_unit = _notified_case(aware_on=D(2023, 5, 5))
    _notify(case, business_unit, R.NATIONAL_PANEL, D(2023, 5, 18))
    # Without the coronation the clock ends Friday 12 May: 4 working days late.
    with django_capture_on_commit_callbacks(execute=True):
        calendar_days.remove_calendar_day(actor=make_user(Role.ADMINISTRATOR),
                                          calendar_day=CalendarDay.objects.get(
                                              date=D(2023, 5, 8)))
    assert _deadlines(case)["notify_national_panel"].working_days_late == 4
