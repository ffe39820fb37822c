"""Timeliness of every clock for a period (issue 15 item 2, and the timeliness parts of items
3 and 7): met on time, met late, overdue, the share on time, the median and worst working
days late and the reasons for delay; per agency for the clocks agencies answer for; the
statutory clocks first. Every figure below is counted by hand from the deadlines made here,
over Christmas 2022, Easter 2023, the coronation and the spring bank holiday of 2023."""

import csv
import datetime
import io
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cases.models import CaseAccess
from deadlines import calendar
from deadlines.models import Clock, Deadline, DelayReason
from oversight.periods import Period
from oversight.timeliness import selectors
from reviews.rapid_review.models import RapidReview
from safeguarding import figures_cache
from safeguarding.models import Role
from tests.factories import AgencyFactory, UserFactory, submitted_case

pytestmark = pytest.mark.django_db
D = datetime.date
S = Deadline.State
K = DelayReason.Kind
NOTIFY, RETURNS = "notify_national_panel", "agency_information_return"
# Tuesday 30 May 2023, the day after the spring bank holiday.
TODAY = D(2023, 5, 30)
PERIOD = Period(D(2022, 12, 1), D(2023, 5, 31), "December 2022 to May 2023")
_record_ids = count(1000)


@pytest.fixture
def case():
    """A case with no deadline but those the tests make."""
    made = submitted_case(received_on=D(2022, 11, 1))
    Deadline.objects.all().delete()
    return made


@pytest.fixture
def on(monkeypatch):
    """The day the service thinks it is (timezone.localdate with no argument)."""
    original = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs:
                        original(*args, **kwargs) if args or kwargs else TODAY)


def deadline(case, code: str, due_on: D, state: str = S.MET, met_on: D | None = None,
             agency=None, record_type: str = "cases.case") -> Deadline:
    return Deadline.objects.create(
        clock=Clock.objects.get(code=code), case=case, record_type=record_type,
        record_id=next(_record_ids), owner_agency=agency, starts_on=due_on - datetime.timedelta(10),
        due_on=due_on, met_on=met_on, state=state)


def reason(late: Deadline, kind: str, text: str = "") -> DelayReason:
    return DelayReason.objects.create(clock=late.clock, case=late.case,
                                      record_type=late.record_type, record_id=late.record_id,
                                      kind=kind, text=text,
                                      recorded_by=UserFactory(role=Role.BUSINESS_UNIT))


@pytest.fixture
def notifications(case):
    """The National Panel's notifications, by hand:
    in the period (1 December 2022 to 31 May 2023, by due date), on 30 May 2023 -
      met on time: due 1 December 2022 (the first day; met the day before) and due 10 January
        2023 (met that day): 2;
      met late: due Friday 23 December 2022, met Wednesday 28 December (Christmas: Monday 26
        and Tuesday 27 are bank holidays): 1 working day; due Thursday 6 April 2023, met
        Wednesday 12 April (Good Friday 7 and Easter Monday 10): 2; due Friday 5 May 2023,
        met Thursday 11 May (the coronation, Monday 8 May): 3; due Monday 13 February 2023,
        met Friday 17 February: 4. So 4 met late;
      overdue: due Thursday 25 May 2023, still open (the sweep has not marked it): Friday 26
        and Tuesday 30 May (Monday 29 the spring bank holiday): 2; due Friday 19 May 2023,
        marked overdue: 22 to 26 May and 30 May: 6. So 2 overdue;
      waived: due 10 January 2023: 1; not yet due: due 31 May 2023 (the last day): 1.
    Days late 1, 2, 2, 3, 4, 6: median (2 + 3) / 2 = 2.5, worst 6. On time 2 of 8: 25%.
    Reasons: criminal proceedings twice (Christmas, the one marked overdue), an inquest once
    (Easter).
    Out of the period: due 30 November 2022 (met) and due 29 November 2022 (met late, with an
    inquest given), due 1 June 2023 (open)."""
    made = {
        "first_day": deadline(case, NOTIFY, D(2022, 12, 1), met_on=D(2022, 11, 30)),
        "on_the_day": deadline(case, NOTIFY, D(2023, 1, 10), met_on=D(2023, 1, 10)),
        "christmas": deadline(case, NOTIFY, D(2022, 12, 23), S.MET_LATE, D(2022, 12, 28)),
        "easter": deadline(case, NOTIFY, D(2023, 4, 6), S.MET_LATE, D(2023, 4, 12)),
        "coronation": deadline(case, NOTIFY, D(2023, 5, 5), S.MET_LATE, D(2023, 5, 11)),
        "february": deadline(case, NOTIFY, D(2023, 2, 13), S.MET_LATE, D(2023, 2, 17)),
        "open_overdue": deadline(case, NOTIFY, D(2023, 5, 25), S.OPEN),
        "marked_overdue": deadline(case, NOTIFY, D(2023, 5, 19), S.OVERDUE),
        "waived": deadline(case, NOTIFY, D(2023, 1, 10), S.WAIVED),
        "last_day": deadline(case, NOTIFY, D(2023, 5, 31), S.OPEN),
        "day_before": deadline(case, NOTIFY, D(2022, 11, 30), met_on=D(2022, 11, 30)),
        "late_before": deadline(case, NOTIFY, D(2022, 11, 29), S.MET_LATE, D(2022, 12, 1)),
        "day_after": deadline(case, NOTIFY, D(2023, 6, 1), S.OPEN),
    }
    reason(made["christmas"], K.CRIMINAL_PROCEEDINGS, "A trial listed for March")
    reason(made["easter"], K.INQUEST)
    reason(made["marked_overdue"], K.CRIMINAL_PROCEEDINGS)
    reason(made["late_before"], K.INQUEST)
    return made


@pytest.fixture
def returns(case):
    """Information returns of two agencies, by hand: Northmoor Academy met one on time (due
    1 February 2023) and one late (due Friday 23 December 2022, submitted Tuesday 3 January
    2023: 26 and 27 December and 2 January are bank holidays, so 28, 29, 30 December and 3
    January: 4 working days); Northmoor Police met one on time (due 1 March 2023) and has one
    overdue (due Thursday 25 May 2023: 2 working days on 30 May)."""
    school = AgencyFactory(name="Northmoor Academy")
    police = AgencyFactory(name="Northmoor Police")
    kind = "reviews.informationreturn"
    deadline(case, RETURNS, D(2023, 2, 1), agency=school, record_type=kind)
    deadline(case, RETURNS, D(2022, 12, 23), S.MET_LATE, D(2023, 1, 3), school, kind)
    deadline(case, RETURNS, D(2023, 3, 1), agency=police, record_type=kind)
    deadline(case, RETURNS, D(2023, 5, 25), S.OPEN, agency=police, record_type=kind)
    return school, police


def clock_row(code: str) -> selectors.ClockTimeliness:
    return next(row for row in selectors.timeliness(period=PERIOD, today=TODAY)
                if row.clock.code == code)


# The figures.

def test_each_outcome_is_counted_by_its_due_date_in_the_period(notifications):
    row = clock_row(NOTIFY)
    assert (row.met, row.met_late, row.overdue, row.waived, row.running) == (2, 4, 2, 1, 1)
    assert row.decided == 8
    assert row.on_time_share == 0.25 and row.share_text == "25%"


def test_days_late_are_working_days_across_christmas_easter_and_the_coronation(
        notifications):
    row = clock_row(NOTIFY)
    assert row.median_days_late == 2.5  # 1, 2, 2, 3, 4, 6: an even count
    assert row.worst_days_late == 6


def test_an_odd_count_has_the_middle_one_as_median(notifications):
    notifications["february"].delete()  # 1, 2, 2, 3, 6
    row = clock_row(NOTIFY)
    assert (row.median_days_late, row.worst_days_late, row.met_late) == (2, 6, 3)


def test_reasons_for_delay_are_counted_by_kind_in_the_period_only(notifications):
    assert clock_row(NOTIFY).reasons == [("Criminal proceedings", 2), ("An inquest", 1)]


def test_the_reason_a_rapid_review_keeps_is_counted_too(review):
    """The rapid review's extension notice to the Panel secretariat is its own reason."""
    Deadline.objects.all().delete()
    late = deadline(review.case, "rapid_review_to_panel", D(2023, 3, 1), S.MET_LATE,
                    D(2023, 3, 3))
    Deadline.objects.filter(pk=late.pk).update(record_id=review.case_id)
    RapidReview.objects.filter(pk=review.pk).update(extension_notified_on=D(2023, 2, 28),
                                                   extension_reason="Police disclosure")
    row = clock_row("rapid_review_to_panel")
    assert row.reasons == [("Extension notice to the Panel secretariat", 1)]
    assert (row.met_late, row.worst_days_late) == (1, 2)


def test_overdue_is_judged_on_the_day_whatever_the_sweep_marked(notifications):
    """On 25 May 2023 neither overdue one is overdue yet: the open one is due that day and
    the one marked overdue (19 May) is 4 working days late."""
    row = next(row for row in selectors.timeliness(period=PERIOD, today=D(2023, 5, 25))
               if row.clock.code == NOTIFY)
    assert (row.overdue, row.running) == (1, 2)


def test_a_clock_with_no_deadline_is_shown_with_noughts(notifications):
    row = clock_row("lcspr_published")
    assert (row.met, row.met_late, row.overdue, row.waived, row.running) == (0, 0, 0, 0, 0)
    assert row.on_time_share is None and row.share_text == "No clocks due"
    assert row.median_days_late is None and row.worst_days_late is None
    assert row.reasons == [] and row.by_agency == []


def test_agency_clocks_have_the_same_figures_per_agency(returns):
    row = clock_row(RETURNS)
    assert (row.met, row.met_late, row.overdue) == (2, 1, 1)
    assert [(by.agency.name, by.met, by.met_late, by.overdue, by.share_text,
             by.median_days_late, by.worst_days_late) for by in row.by_agency] == [
        ("Northmoor Academy", 1, 1, 0, "50%", 4, 4),
        ("Northmoor Police", 1, 0, 1, "50%", 2, 2)]
    assert clock_row(NOTIFY).by_agency == []  # no agency owns a notification


def test_statutory_clocks_come_first_in_the_panels_order_then_local_then_escalations(db):
    rows = selectors.timeliness(period=PERIOD, today=TODAY)
    codes = [row.clock.code for row in rows]
    assert codes[:7] == ["notify_national_panel", "notify_ofsted", "notify_dfe",
                         "notify_child_death_review", "rapid_review_to_panel",
                         "lcspr_published", "final_report_to_panel"]
    kinds = [0 if row.clock.statutory else 2 if row.clock.is_escalation else 1
             for row in rows]
    assert kinds == sorted(kinds) and kinds[-1] == 2
    assert set(codes) == set(Clock.objects.values_list("code", flat=True))
    local = [row.clock.pk for row in rows if kinds[rows.index(row)] == 1]
    assert local == sorted(local)


def test_the_clocks_behind_each_figure(notifications, returns):
    school, _police = returns
    behind = {outcome: {d.pk for d in selectors.clocks_behind(
        clock=Clock.objects.get(code=NOTIFY), period=PERIOD, outcome=outcome, agency_id=None,
        today=TODAY)} for outcome in selectors.OUTCOMES}
    pk = {name: made.pk for name, made in notifications.items()}
    assert behind["met"] == {pk["first_day"], pk["on_the_day"]}
    assert behind["overdue"] == {pk["open_overdue"], pk["marked_overdue"]}
    assert behind["running"] == {pk["last_day"]} and behind["waived"] == {pk["waived"]}
    assert len(behind["met_late"]) == 4 and len(behind["late"]) == 6
    assert len(behind[""]) == 10
    returned = selectors.clocks_behind(clock=Clock.objects.get(code=RETURNS), period=PERIOD,
                                       outcome="met_late", agency_id=school.pk, today=TODAY)
    assert [d.due_on for d in returned] == [D(2022, 12, 23)]


def test_the_figures_take_the_same_queries_for_3_or_30_deadlines(case, returns):
    def queries() -> int:
        calendar.forget()
        figures_cache.changed()  # counted afresh, not read from the cache
        with CaptureQueriesContext(connection) as captured:
            selectors.timeliness(period=PERIOD, today=TODAY)
        return len(captured)

    few = queries()
    for day in range(1, 27):
        late = deadline(case, NOTIFY, D(2023, 3, day), S.MET_LATE, D(2023, 3, 31))
        reason(late, K.INQUEST)
    assert queries() == few <= 7


# The pages.

@pytest.fixture
def manager(client_as, on):
    return client_as(Role.MANAGER)


def test_the_page_shows_the_statutory_clocks_first_with_links_to_the_clocks_behind(
        manager, notifications, returns):
    response = manager.get(reverse("oversight:timeliness"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Statutory clocks") < html.index("Local clocks") < html.index(
        "By agency")
    behind = reverse("oversight:timeliness-clocks", args=[NOTIFY])
    # The last 12 months, 31 May 2022 to 30 May 2023: the National Panel's of the period
    # less the one due 31 May, with the two due 29 and 30 November 2022: 5 met late (the one
    # due Tuesday 29 November met on Thursday 1 December: 2 working days), days late 1, 2, 2,
    # 2, 3, 4, 6: median 2.
    assert f'href="{behind}?period=last-12-months&amp;outcome=met_late">5<' in html
    assert f'href="{behind}?period=last-12-months&amp;outcome=late">2<' in html
    assert ">Criminal proceedings: <a" in html
    school, _police = returns
    assert (f'?period=last-12-months&amp;outcome=met_late&amp;agency={school.pk}">1<'
            in html)


def test_the_page_takes_the_same_queries_for_3_or_30_deadlines(manager, case, returns,
                                                               django_assert_max_num_queries):
    def queries() -> int:
        calendar.forget()
        figures_cache.changed()  # counted afresh, not read from the cache
        with CaptureQueriesContext(connection) as captured:
            assert manager.get(reverse("oversight:timeliness")).status_code == 200
        return len(captured)

    few = queries()
    for day in range(1, 27):
        deadline(case, NOTIFY, D(2023, 3, day), S.MET_LATE, D(2023, 3, 31))
    assert queries() == few
    with django_assert_max_num_queries(few):
        calendar.forget()
        manager.get(reverse("oversight:timeliness"))


def test_a_period_not_offered_is_an_error_and_the_default_is_shown(manager, notifications):
    response = manager.get(reverse("oversight:timeliness"), {"period": "year-1066"})
    assert response.status_code == 200
    assert "Select a period from the list" in response.content.decode()
    assert response.context["period"].label == "The last 12 months"


def test_the_clocks_behind_list_case_references_days_late_and_reasons(manager, case,
                                                                     notifications):
    response = manager.get(reverse("oversight:timeliness-clocks", args=[NOTIFY]),
                           {"period": "last-12-months", "outcome": "late"})
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["lines"]) == 7
    christmas = next(line for line in response.context["lines"]
                     if line.deadline.pk == notifications["christmas"].pk)
    assert christmas.days_late == 1
    assert [line.days_late for line in response.context["lines"]] == [2, 1, 4, 2, 3, 6, 2]
    assert f'<a class="govuk-link" href="{case.get_absolute_url()}">{case.reference}</a>' \
        in html
    assert "Criminal proceedings: A trial listed for March" in html
    assert "Baby Amelia" not in html  # the child's name never shows


@pytest.mark.parametrize("query", [{"agency": "²"}, {"agency": "1" * 30},
                                   {"outcome": "everything"}, {"period": "<script>"}])
def test_bad_values_are_an_error_on_the_form_not_a_failure(manager, notifications, query):
    response = manager.get(reverse("oversight:timeliness-clocks", args=[NOTIFY]), query)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "from the list" in html
    assert len(response.context["lines"]) == 11  # every one due in the last 12 months


def test_a_bad_agency_keeps_the_period_chosen(manager, notifications):
    response = manager.get(reverse("oversight:timeliness-clocks", args=[NOTIFY]),
                           {"period": "calendar-2022", "agency": "²"})
    assert response.context["period"].label == "Calendar year 2022"


def test_an_unknown_clock_is_not_found(manager):
    assert manager.get(reverse("oversight:timeliness-clocks", args=["no-such-clock"])
                       ).status_code == 404


def test_the_clocks_behind_are_50_a_page(manager, case):
    for day in range(55):
        deadline(case, NOTIFY, D(2023, 1, 1) + datetime.timedelta(day))
    first = manager.get(reverse("oversight:timeliness-clocks", args=[NOTIFY]))
    second = manager.get(reverse("oversight:timeliness-clocks", args=[NOTIFY]), {"page": 2})
    assert (len(first.context["lines"]), len(second.context["lines"])) == (50, 5)


def test_a_contributor_may_not_open_any_of_them(client_as, notifications):
    contributor = client_as(Role.AGENCY_CONTRIBUTOR)
    for url in (reverse("oversight:timeliness"),
                reverse("oversight:timeliness-clocks", args=[NOTIFY]),
                reverse("oversight:timeliness-download", args=["csv"])):
        assert contributor.get(url).status_code == 403


def test_the_figures_download_as_csv(manager, notifications, returns):
    response = manager.get(reverse("oversight:timeliness-download", args=["csv"]),
                           {"period": "last-12-months"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Clock", "Statutory", "Agency", "Timescale", "Met on time"]
    assert rows[1] == ["Notify the National Panel, Ofsted and DfE", "Yes", "All agencies",
                       "5 working days after the start", "3", "5", "2", "1", "0", "30%",
                       "2", "6", "An inquest: 2; Criminal proceedings: 2"]
    assert ["Agency information return", "No", "Northmoor Police"] in [row[:3] for row in rows]


def test_the_figures_download_as_excel(manager, notifications):
    response = manager.get(reverse("oversight:timeliness-download", args=["xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Clock" and sheet["A2"].value.startswith("Notify the National")
    assert (sheet["E2"].value, sheet["F2"].value, sheet["J2"].value) == (3, 5, "30%")


def test_another_format_is_not_found(manager):
    assert manager.get(reverse("oversight:timeliness-download", args=["pdf"])
                       ).status_code == 404


def test_the_managers_home_page_lists_the_statutory_clocks(manager, notifications):
    """In the last 12 months to 30 May 2023: the National Panel's notifications, 3 of 10 on
    time; no other statutory clock fell due."""
    html = manager.get("/").content.decode()
    assert "Notify the National Panel, Ofsted and DfE: 3 of 10 on time (30%)" in html
    assert "5 met late, 2 overdue" in html
    assert reverse("oversight:timeliness-clocks", args=[NOTIFY]) in html
    assert "Notify Ofsted of the death:" not in html


def test_the_clocks_behind_are_in_the_access_log_of_their_cases(manager, case,
                                                                notifications):
    response = manager.get(reverse("oversight:timeliness-clocks", args=[NOTIFY]),
                           {"period": "last-12-months", "outcome": "late"})
    assert response.status_code == 200
    logged = set(CaseAccess.objects.values_list("case_id", "what"))
    what = "timeliness: Notify the National Panel, Ofsted and DfE"  # the clock's name, no code
    assert (case.pk, what) in logged
    assert {seen for _case, seen in logged} == {what}
