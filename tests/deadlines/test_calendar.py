import random
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from deadlines import calendar
from deadlines.calendar import add_months, add_working_days, is_working_day, working_days_between
from deadlines.calendar_days import add_calendar_day, change_calendar_day, remove_calendar_day
from deadlines.models import CalendarDay
from safeguarding.models import Role

pytestmark = pytest.mark.django_db

D = date


@pytest.fixture(autouse=True)
def fresh_calendar():
    """The cache is local memory in tests and this module keeps a per-process copy built
    from the rows: start and end each test without it."""
    calendar.forget()
    yield
    calendar.forget()


@pytest.fixture
def administrator(make_user):
    return make_user(Role.ADMINISTRATOR)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (calendar_changed) of what the block does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# GOV.UK's England-and-Wales bank holidays, with the coronation of 8 May 2023 (which only the
# data migration adds) and the later years by the same rules.
BANK_HOLIDAYS = {
    2018: ["01-01", "03-30", "04-02", "05-07", "05-28", "08-27", "12-25", "12-26"],
    2019: ["01-01", "04-19", "04-22", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2020: ["01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"],
    2021: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
    2022: ["01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26",
           "12-27"],
    2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
    2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
    2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
    2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
    2028: ["01-03", "04-14", "04-17", "05-01", "05-29", "08-28", "12-25", "12-26"],
    2029: ["01-01", "03-30", "04-02", "05-07", "05-28", "08-27", "12-25", "12-26"],
    2030: ["01-01", "04-19", "04-22", "05-06", "05-27", "08-26", "12-25", "12-26"],
}


@pytest.mark.parametrize("year", sorted(BANK_HOLIDAYS))
def test_the_weekdays_off_are_the_england_and_wales_bank_holidays(year):
    days = (D(year, 1, 1) + timedelta(days=i) for i in range(366))
    off = sorted(f"{d:%m-%d}" for d in days
                 if d.year == year and d.weekday() < 5 and not is_working_day(d))
    assert off == BANK_HOLIDAYS[year]


def test_weekends_are_not_working_days():
    assert not is_working_day(D(2024, 6, 8))  # Saturday
    assert not is_working_day(D(2024, 6, 9))  # Sunday
    assert is_working_day(D(2024, 6, 10))


@pytest.mark.parametrize(("start", "n", "expected"), [
    # Christmas and New Year 2022: Christmas Day and Boxing Day on a weekend, so 26 and
    # 27 December are the substitutes; New Year's Day on a Sunday, so 2 January 2023.
    (D(2022, 12, 23), 1, D(2022, 12, 28)),
    (D(2022, 12, 23), 5, D(2023, 1, 4)),
    (D(2022, 12, 30), 1, D(2023, 1, 3)),
    # 2020: Boxing Day on a Saturday, substitute Monday 28 December.
    (D(2020, 12, 24), 1, D(2020, 12, 29)),
    (D(2020, 12, 31), 1, D(2021, 1, 4)),
    # 2021: both on a weekend, substitutes 27 and 28 December; New Year's Day on a Friday.
    (D(2021, 12, 24), 1, D(2021, 12, 29)),
    (D(2021, 12, 31), 1, D(2022, 1, 4)),
    # Easter: Good Friday and Easter Monday.
    (D(2023, 4, 6), 1, D(2023, 4, 11)),
    (D(2024, 3, 28), 1, D(2024, 4, 2)),
    (D(2025, 4, 17), 1, D(2025, 4, 22)),
    (D(2025, 4, 17), 5, D(2025, 4, 28)),
    # Early May, spring and August bank holidays.
    (D(2024, 5, 3), 1, D(2024, 5, 7)),
    (D(2025, 5, 23), 1, D(2025, 5, 27)),
    (D(2024, 8, 23), 1, D(2024, 8, 27)),
    # The State Funeral of Queen Elizabeth II.
    (D(2022, 9, 16), 1, D(2022, 9, 20)),
    # The coronation (the data migration's row): 1 and 8 May 2023 are both Mondays off.
    (D(2023, 4, 28), 1, D(2023, 5, 2)),
    (D(2023, 5, 5), 1, D(2023, 5, 9)),
    (D(2023, 5, 2), 5, D(2023, 5, 10)),
])
def test_add_working_days_over_bank_holidays(start, n, expected):
    assert add_working_days(start, n) == expected


@pytest.mark.parametrize(("start", "n", "expected"), [
    (D(2024, 6, 8), 1, D(2024, 6, 10)),   # Saturday: Monday is the first working day after
    (D(2024, 6, 9), 1, D(2024, 6, 10)),   # Sunday
    (D(2024, 6, 8), 5, D(2024, 6, 14)),
    (D(2024, 6, 10), 5, D(2024, 6, 17)),  # Monday itself does not count
    (D(2023, 5, 8), 1, D(2023, 5, 9)),    # a bank holiday start
    (D(2023, 5, 8), -1, D(2023, 5, 5)),
    (D(2024, 6, 8), -1, D(2024, 6, 7)),
    (D(2024, 6, 9), -5, D(2024, 6, 3)),
])
def test_the_start_never_counts(start, n, expected):
    assert add_working_days(start, n) == expected


@pytest.mark.parametrize("start", [D(2024, 6, 8), D(2024, 6, 10), D(2023, 5, 8)])
def test_no_working_days_is_the_start_itself(start):
    assert add_working_days(start, 0) == start


@pytest.mark.parametrize(("publication", "expected"), [
    (D(2024, 6, 20), D(2024, 6, 11)),   # Thursday: 7 working days back is the Tuesday before
    (D(2025, 4, 25), D(2025, 4, 14)),   # over Easter Monday and Good Friday
    (D(2023, 1, 10), D(2022, 12, 29)),  # over 2 January and the Christmas substitutes
])
def test_seven_working_days_before_publication(publication, expected):
    assert add_working_days(publication, -7) == expected


@pytest.mark.parametrize(("start", "end", "expected"), [
    (D(2022, 12, 23), D(2023, 1, 4), 5),
    (D(2024, 6, 10), D(2024, 6, 10), 0),
    (D(2024, 6, 7), D(2024, 6, 9), 0),    # Friday to Sunday: nothing after Friday
    (D(2024, 6, 7), D(2024, 6, 10), 1),
    (D(2024, 6, 10), D(2024, 6, 7), -1),  # the other way round is negated
    (D(2024, 6, 9), D(2024, 6, 7), 0),    # Sunday back to Friday: no working day in between
    (D(2023, 1, 4), D(2022, 12, 23), -5),
])
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


def test_working_days_between_is_the_inverse_of_add_working_days():
    rng = random.Random(20260101)  # noqa: S311 (a repeatable sample, not a secret)
    for _ in range(2000):
        start = D(2018, 1, 1) + timedelta(days=rng.randrange(13 * 365))
        end = start + timedelta(days=rng.randrange(-90, 91))
        between = working_days_between(start, end)
        assert between == -working_days_between(end, start)
        if end >= start:
            assert add_working_days(start, between) <= end
        if is_working_day(end) and (end >= start or is_working_day(start)):
            assert add_working_days(start, between) == end
    for n in range(-40, 41):
        start = D(2022, 12, 20)
        assert working_days_between(start, add_working_days(start, n)) == n


def test_dates_outside_the_precomputed_years():
    assert add_working_days(D(1990, 12, 24), 1) == D(1990, 12, 27)
    assert add_working_days(D(2070, 12, 24), 1) == D(2070, 12, 29)  # Christmas on a Thursday
    assert working_days_between(D(1995, 1, 1), D(2075, 1, 1)) > 80 * 250
    assert add_working_days(D(2059, 12, 31), 600) > D(2062, 1, 1)


@pytest.mark.parametrize(("start", "n", "expected"), [
    (D(2024, 1, 31), 1, D(2024, 2, 29)),
    (D(2023, 1, 31), 1, D(2023, 2, 28)),
    (D(2023, 8, 31), 6, D(2024, 2, 29)),
    (D(2023, 11, 30), -1, D(2023, 10, 30)),
    (D(2024, 3, 31), -1, D(2024, 2, 29)),
    (D(2024, 1, 15), -13, D(2022, 12, 15)),
    (D(2024, 1, 15), 0, D(2024, 1, 15)),
    (D(2023, 12, 31), 12, D(2024, 12, 31)),
])
def test_add_months_clips_to_the_end_of_the_month(start, n, expected):
    assert add_months(start, n) == expected


# Corrections and closures.

def test_the_coronation_is_a_bank_holiday_only_because_of_the_data_migration(
        administrator, on_commit):
    assert not is_working_day(D(2023, 5, 8))
    coronation = CalendarDay.objects.get(date=D(2023, 5, 8))
    assert coronation.kind == CalendarDay.Kind.BANK_HOLIDAY
    with on_commit():
        remove_calendar_day(actor=administrator, calendar_day=coronation)
    assert is_working_day(D(2023, 5, 8))
    assert add_working_days(D(2023, 5, 5), 1) == D(2023, 5, 8)
    removed = CalendarDay.history.filter(date=D(2023, 5, 8)).latest()
    assert (removed.history_type, removed.history_user) == ("-", administrator)


def test_a_closure_day_moves_a_due_date(administrator, on_commit):
    assert add_working_days(D(2027, 12, 22), 3) == D(2027, 12, 29)
    with on_commit():
        closure = add_calendar_day(actor=administrator, day=D(2027, 12, 29), kind="closure",
                                   reason="Office closed between Christmas and New Year")
    assert add_working_days(D(2027, 12, 22), 3) == D(2027, 12, 30)
    assert working_days_between(D(2027, 12, 22), D(2027, 12, 31)) == 4  # 23, 24, 30, 31
    assert closure.history.get().history_user == administrator


def test_a_working_day_correction_undoes_a_library_holiday(administrator, on_commit):
    assert not is_working_day(D(2026, 12, 28))
    with on_commit():
        add_calendar_day(actor=administrator, day=D(2026, 12, 28), kind="working_day",
                         reason="Test: suppose the substitute day were moved")
    assert is_working_day(D(2026, 12, 28))
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 28)


def test_calendar_changed_is_seen_at_once_in_this_process(administrator):
    assert is_working_day(D(2025, 7, 1))
    CalendarDay.objects.create(date=D(2025, 7, 1), kind="closure", reason="Move to new office")
    assert is_working_day(D(2025, 7, 1))  # the copy is kept for a few seconds...
    calendar.calendar_changed()
    assert not is_working_day(D(2025, 7, 1))  # ...unless the calendar is said to change


def test_another_process_change_is_seen_at_its_next_check(monkeypatch):
    is_working_day(D(2025, 7, 1))
    CalendarDay.objects.create(date=D(2025, 7, 1), kind="closure", reason="Move to new office")
    cache.set(calendar.VERSION_KEY, "bumped by another process", timeout=None)
    assert is_working_day(D(2025, 7, 1))
    monkeypatch.setattr(calendar, "CHECK_EVERY", 0)
    assert not is_working_day(D(2025, 7, 1))


def test_a_hot_loop_does_not_ask_the_cache_every_time(monkeypatch):
    is_working_day(D(2025, 7, 1))
    asked = []
    monkeypatch.setattr(calendar.django_cache, "get", lambda *args: asked.append(args))
    for n in range(1000):
        add_working_days(D(2025, 7, 1), n)
    assert asked == []


def test_only_an_administrator_changes_the_calendar(make_user, administrator):
    business_unit = make_user(Role.BUSINESS_UNIT)
    with pytest.raises(PermissionDenied):
        add_calendar_day(actor=business_unit, day=D(2027, 12, 29), kind="closure",
                         reason="Office closed")
    with pytest.raises(PermissionDenied):
        remove_calendar_day(actor=business_unit,
                            calendar_day=CalendarDay.objects.get(date=D(2023, 5, 8)))
    assert CalendarDay.objects.count() == 1


def test_a_date_already_in_the_calendar_is_refused(administrator):
    with pytest.raises(ValidationError) as refused:
        add_calendar_day(actor=administrator, day=D(2023, 5, 8), kind="closure",
                         reason="Office closed")
    assert "8 May 2023 is already in the calendar" in refused.value.message_dict["date"][0]
    assert CalendarDay.objects.get(date=D(2023, 5, 8)).kind == "bank_holiday"


@pytest.mark.parametrize(("day", "kind", "reason", "field"), [
    (D(2027, 12, 29), "closure", "  ", "reason"),
    (D(2027, 12, 25), "closure", "Office closed", "date"),      # a Saturday
    (D(2027, 12, 27), "closure", "Office closed", "date"),      # already a bank holiday
    (D(2027, 12, 29), "working_day", "Open", "date"),           # already a working day
    (D(2027, 12, 29), "holiday", "Office closed", "kind"),
])
def test_a_day_that_would_change_nothing_is_refused(administrator, day, kind, reason, field):
    with pytest.raises(ValidationError) as refused:
        add_calendar_day(actor=administrator, day=day, kind=kind, reason=reason)
    assert field in refused.value.message_dict


def test_changing_a_day_rebuilds_the_calendar(administrator, on_commit):
    with on_commit():
        closure = add_calendar_day(actor=administrator, day=D(2027, 12, 29), kind="closure",
                                   reason="Office closed")
    with on_commit():
        change_calendar_day(actor=administrator, calendar_day=closure, day=D(2027, 12, 30),
                            kind="closure", reason="Office closed")
    assert is_working_day(D(2027, 12, 29))
    assert not is_working_day(D(2027, 12, 30))


# The Django admin goes through the same functions.

@pytest.fixture
def admin_client(administrator):
    client = Client()
    client.force_login(administrator)
    return client


def test_the_admin_adds_changes_and_deletes_through_the_calendar(admin_client, on_commit):
    assert is_working_day(D(2027, 12, 29))
    with on_commit():
        response = admin_client.post(reverse("admin:deadlines_calendarday_add"), {
            "date": "2027-12-29", "kind": "closure", "reason": "Office closed"})
    assert response.status_code == 302
    assert not is_working_day(D(2027, 12, 29))
    closure = CalendarDay.objects.get(date=D(2027, 12, 29))

    with on_commit():
        admin_client.post(reverse("admin:deadlines_calendarday_change", args=[closure.pk]), {
            "date": "2027-12-30", "kind": "closure", "reason": "Office closed"})
    assert is_working_day(D(2027, 12, 29))
    assert not is_working_day(D(2027, 12, 30))

    with on_commit():
        admin_client.post(reverse("admin:deadlines_calendarday_delete", args=[closure.pk]),
                          {"post": "yes"})
    assert not CalendarDay.objects.filter(pk=closure.pk).exists()
    assert is_working_day(D(2027, 12, 30))
    assert CalendarDay.history.filter(id=closure.pk).latest().history_type == "-"


def test_the_admin_bulk_delete_rebuilds_the_calendar(admin_client, on_commit):
    coronation = CalendarDay.objects.get(date=D(2023, 5, 8))
    assert not is_working_day(D(2023, 5, 8))
    with on_commit():
        admin_client.post(reverse("admin:deadlines_calendarday_changelist"), {
            "action": "delete_selected", "_selected_action": [coronation.pk], "post": "yes"})
    assert not CalendarDay.objects.exists()
    assert is_working_day(D(2023, 5, 8))


def test_the_admin_shows_a_refused_day_as_an_error(admin_client):
    response = admin_client.post(reverse("admin:deadlines_calendarday_add"), {
        "date": "2023-05-08", "kind": "closure", "reason": "Office closed"})
    assert response.status_code == 200
    assert "already" in response.content.decode()
    assert CalendarDay.objects.count() == 1


def test_the_admin_lists_searches_and_filters(admin_client):
    changelist = reverse("admin:deadlines_calendarday_changelist")
    assert "Coronation" in admin_client.get(changelist, {"q": "coronation"}).content.decode()
    assert "Coronation" not in admin_client.get(changelist, {"kind__exact": "closure"}
                                                ).content.decode()
