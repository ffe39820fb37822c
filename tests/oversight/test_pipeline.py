"""The pipeline (issue 15 item 1): records at each stage now, how long they have been there,
what came in and went out in a period; the list of the records at a stage; the manager's
"The pipeline now" on their home page."""

import datetime
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseAccess
from oversight.periods import reporting_year
from oversight.pipeline import selectors
from reviews.models import Action, ActionPlan, Lcspr, RapidReview
from safeguarding.models import Decision, Role
from safeguarding.selectors import HOME_WORK_LISTS
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date
C, R, A = Case.Status, RapidReview.Status, Action.Status
TODAY = D(2025, 12, 29)  # the Monday after Christmas
YEAR = reporting_year(2025)  # 1 April 2025 to 31 March 2026


def at(*args) -> datetime.datetime:
    """A moment in Europe/London."""
    return timezone.make_aware(datetime.datetime(*args))


NOVEMBER_3, NOVEMBER_10, OCTOBER_1 = D(2025, 11, 3), D(2025, 11, 10), D(2025, 10, 1)


def case(status=C.REFERRED, received_on=NOVEMBER_3) -> Case:
    number = Case.objects.count() + 1
    return Case.objects.create(reference=f"SI-2025-{number:04d}", status=status,
                               received_on=received_on)


def rapid_review(status, decided_on=NOVEMBER_10) -> RapidReview:
    return RapidReview.objects.create(case=case(C.RAPID_REVIEW), status=status,
                                      decided_on=decided_on, decided_by=UserFactory(),
                                      decision_note="Decided by the chair")


def lcspr(status) -> Lcspr:
    return Lcspr.objects.create(case=case(C.LCSPR), status=status, decided_on=D(2025, 9, 1))


def action(status, of_case: Case | None = None, agreed_on=OCTOBER_1) -> Action:
    plan = ActionPlan.objects.create(
        source="thematic" if of_case is None else "multi_agency_learning",
        title="Neglect of a baby", case=of_case, created_on=D(2025, 9, 1))
    return Action.objects.create(plan=plan, status=status, action="Audit",
                                 owner_agency=AgencyFactory(), due_on=D(2026, 3, 31),
                                 agreed_on=agreed_on)


def decide(record, from_state: str, to_state: str, when: datetime.datetime) -> Decision:
    return Decision.objects.create(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk,
        case_id=getattr(record, "case_id", record.pk), record="Record", transition="step",
        what="Moved on", from_state=from_state, to_state=to_state, to_label=to_state, at=when)


def stages(kind: str, today=TODAY, period=YEAR) -> dict[str, selectors.StageCount]:
    found = {record.kind.slug: record for record in
             selectors.pipeline(period=period, today=today)}[kind]
    return {stage.state: stage for stage in found.stages}


def test_each_record_is_counted_at_its_stage_now():
    for status in (C.REFERRED, C.REFERRED, C.NOTIFIED, C.LEARNING, C.WITHDRAWN):
        case(status)
    rapid_review(R.GATHERING), rapid_review(R.MEETING_HELD)
    lcspr(Lcspr.Status.IN_PROGRESS)
    action(A.AGREED), action(A.EVIDENCE_ACCEPTED)

    cases = stages("cases")
    # The rapid reviews' and the LCSPR's cases are at their own stage too.
    assert {state: stage.now for state, stage in cases.items() if stage.now} == {
        C.REFERRED: 2, C.NOTIFIED: 1, C.RAPID_REVIEW: 2, C.LCSPR: 1, C.WITHDRAWN: 1}
    assert C.LEARNING not in cases and stages("learning-route")[C.LEARNING].now == 1
    assert cases[C.WITHDRAWN].ended and not cases[C.REFERRED].ended
    assert stages("rapid-reviews")[R.MEETING_HELD].now == 1
    assert stages("lcsprs")[Lcspr.Status.IN_PROGRESS].now == 1
    actions = stages("actions")
    assert (actions[A.AGREED].now, actions[A.EVIDENCE_ACCEPTED].now) == (1, 1)
    assert actions[A.EVIDENCE_ACCEPTED].ended


def test_stages_come_in_lifecycle_order_the_ended_ones_apart():
    pipelines = selectors.pipeline(period=YEAR, today=TODAY)
    assert [record.kind.title for record in pipelines] == [
        "Cases", "Rapid reviews", "LCSPRs", "Learning route", "Actions"]
    reviews = pipelines[1]
    assert [stage.state for stage in reviews.under_way] == RapidReview.Status.values[:-1]
    assert [stage.state for stage in reviews.ended] == [R.CONCLUDED]


def test_came_in_and_went_out_count_the_decisions_of_the_period_only():
    referred = case(C.NOTIFICATION_DUE)
    decide(referred, "", C.REFERRED, at(2025, 3, 31, 23, 59))  # the day before the year
    decide(referred, C.REFERRED, C.SCREENING, at(2025, 4, 1, 0, 10))  # first minutes (BST)
    decide(referred, C.SCREENING, C.SCREENING, at(2025, 6, 2, 9))  # a document added
    decide(referred, C.SCREENING, C.NOTIFICATION_DUE, at(2026, 3, 31, 23, 30))  # last minutes
    other = case(C.NOTIFIED)
    decide(other, C.NOTIFICATION_DUE, C.NOTIFIED, at(2026, 4, 1, 0, 30))  # 23:30 UTC: after
    review = rapid_review(R.PACK_CIRCULATED)
    decide(review, "", R.GATHERING, at(2025, 11, 10, 12))
    decide(review, R.GATHERING, R.PACK_CIRCULATED, at(2025, 11, 18, 12))

    cases = stages("cases")
    flows = {state: (stage.came_in, stage.went_out) for state, stage in cases.items()
             if stage.came_in or stage.went_out}
    assert flows == {C.REFERRED: (0, 1), C.SCREENING: (1, 1), C.NOTIFICATION_DUE: (1, 0)}
    reviews = stages("rapid-reviews")
    assert (reviews[R.GATHERING].came_in, reviews[R.GATHERING].went_out) == (1, 1)
    assert (reviews[R.PACK_CIRCULATED].came_in, reviews[R.PACK_CIRCULATED].went_out) == (1, 0)
    # The next year has the notification of the other case.
    assert stages("cases", period=reporting_year(2026))[C.NOTIFIED].came_in == 1


def test_days_at_stage_run_from_the_latest_decision_that_moved_it_there():
    moved_on_1_december = case(C.SCREENING)
    decide(moved_on_1_december, C.REFERRED, C.SCREENING, at(2025, 12, 1, 0, 30))
    decide(moved_on_1_december, C.SCREENING, C.SCREENING, at(2025, 12, 20, 9))  # stays there
    back_again = case(C.SCREENING)
    decide(back_again, C.REFERRED, C.SCREENING, at(2025, 10, 1, 9))
    decide(back_again, C.SCREENING, C.REFERRED, at(2025, 10, 2, 9))
    decide(back_again, C.REFERRED, C.SCREENING, at(2025, 12, 15, 9))
    case(C.SCREENING, received_on=D(2025, 12, 24))  # no decision: since it was received

    screening = stages("cases")[C.SCREENING]
    # Calendar days, Christmas Day and Boxing Day included: 28, 14 and 5.
    assert (screening.longest_days, screening.median_days) == (28, 14)
    assert stages("cases")[C.REFERRED].longest_days is None


def test_records_that_entered_on_the_same_day_count_once_each_for_the_median():
    # Counted by day entered (one row a day): 2, 2, 2 and 14 days, the median the lower
    # middle one.
    for _ in range(3):
        case(C.SCREENING, received_on=D(2025, 12, 27))
    case(C.SCREENING, received_on=D(2025, 12, 15))
    screening = stages("cases")[C.SCREENING]
    assert (screening.now, screening.median_days, screening.longest_days) == (4, 2, 14)


def test_an_even_count_has_the_lower_middle_one_as_median():
    for received_on in (D(2025, 12, 27), D(2025, 12, 19), D(2025, 12, 15)):
        case(C.SCREENING, received_on=received_on)
    case(C.SCREENING, received_on=D(2025, 12, 15))
    assert stages("cases")[C.SCREENING].median_days == 10  # 2, 10, 14, 14


def test_a_decision_late_on_a_summer_evening_counts_on_the_next_day_in_london():
    review = rapid_review(R.MEETING_HELD)
    decide(review, R.PACK_CIRCULATED, R.MEETING_HELD, at(2025, 7, 1, 0, 30))  # 30 June UTC
    assert stages("rapid-reviews", today=D(2025, 7, 11))[R.MEETING_HELD].longest_days == 10


def test_an_action_without_a_decision_counts_from_its_agreement():
    action(A.AGREED, agreed_on=D(2025, 12, 19))
    assert stages("actions")[A.AGREED].longest_days == 10


# The records at a stage.

def test_the_stage_list_shows_the_longest_there_first_with_links_and_no_names(client_as):
    newer = case(C.SCREENING, received_on=D(2025, 12, 22))
    older = case(C.SCREENING, received_on=D(2025, 12, 1))
    case(C.REFERRED)
    client = client_as(Role.MANAGER)
    with mock.patch("oversight.pipeline.views.today", return_value=TODAY):
        response = client.get(reverse("oversight:pipeline-stage", args=["cases", "screening"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(older.reference) < html.index(newer.reference)
    assert f'href="{older.get_absolute_url()}"' in html
    assert ">28<" in html and ">7<" in html
    assert "2 at this stage now" in html
    assert set(CaseAccess.objects.values_list("case__reference", flat=True)) == {
        older.reference, newer.reference}


def test_an_action_is_named_by_its_number_and_plan_and_links_to_its_page(client_as):
    of_case = case(C.LEARNING_REVIEW)
    with_case, without = action(A.IN_PROGRESS, of_case), action(A.IN_PROGRESS)
    response = client_as(Role.SCRUTINEER).get(
        reverse("oversight:pipeline-stage", args=["actions", "in_progress"]))
    html = response.content.decode()
    assert f'href="{with_case.get_absolute_url()}"' in html
    assert f"Action 1 of action plan {with_case.plan_id}" in html
    assert f"Action 1 of action plan {without.plan_id}" in html
    assert "No case" in html and of_case.reference in html
    assert "Neglect of a baby" not in html  # a plan's title is never shown
    assert list(CaseAccess.objects.values_list("case", flat=True)) == [of_case.pk]


def test_the_stage_list_has_50_to_a_page():
    Case.objects.bulk_create(Case(reference=f"SI-2024-{n:04d}", status=C.REFERRED,
                                  received_on=D(2025, 1, 1) + datetime.timedelta(days=n))
                             for n in range(51))
    first = selectors.at_stage(kind="cases", state="referred", today=TODAY)
    second = selectors.at_stage(kind="cases", state="referred", today=TODAY, page=2)
    assert len(first.rows) == 50 and [row.case.reference for row in second.rows] == [
        "SI-2024-0050"]
    assert first.rows[0].case.reference == "SI-2024-0000"


@pytest.mark.parametrize("kind, state", [("children", "referred"), ("cases", "nothing"),
                                         ("cases", "learning"),  # on the learning route
                                         ("learning-route", "referred")])
def test_an_unknown_stage_is_not_found(client_as, kind, state):
    url = reverse("oversight:pipeline-stage", args=[kind, state])
    assert client_as(Role.MANAGER).get(url).status_code == 404


# The page.

def test_the_page_links_each_count_to_its_list_and_shows_the_period(client_as):
    case(C.REFERRED)
    html = client_as(Role.MANAGER).get(
        reverse("oversight:pipeline"), {"period": "year-2025"}).content.decode()
    assert reverse("oversight:pipeline-stage", args=["cases", "referred"]) in html
    assert reverse("oversight:pipeline-stage", args=["cases", "screening"]) not in html
    assert "1 April 2025 to 31 March 2026" in html


def test_an_unknown_period_is_an_error_and_the_default_is_shown(client_as):
    html = client_as(Role.MANAGER).get(reverse("oversight:pipeline"),
                                       {"period": "forever"}).content.decode()
    assert "Select a period from the list" in html and "The last 12 months" in html


def _records(n: int) -> None:
    """n cases at each of several stages, with their rapid reviews, LCSPRs and actions."""
    for _ in range(n):
        review = rapid_review(R.GATHERING)
        decide(review, "", R.GATHERING, at(2025, 11, 10, 12))
        decide(review.case, C.NOTIFIED, C.RAPID_REVIEW, at(2025, 11, 10, 12))
        action(A.AGREED, review.case)
    for _ in range(n // 3):
        lcspr(Lcspr.Status.DRAFT_REPORT)
        case(C.LEARNING)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_page_runs_the_same_queries_for_3_records_and_30(client_as,
                                                             django_assert_max_num_queries):
    client = client_as(Role.BUSINESS_UNIT)
    page = reverse("oversight:pipeline")
    stage = reverse("oversight:pipeline-stage", args=["rapid-reviews", "gathering"])
    _records(3)
    client.get(page)  # the session and content types read once
    few = _queries(client, page), _queries(client, stage)
    _records(27)
    assert (_queries(client, page), _queries(client, stage)) == few
    # Session and user (and the session saved again, 3), then: the counts, the flows, the
    # days at stage of each model (cases, rapid reviews, LCSPRs, actions).
    with django_assert_max_num_queries(5 + 6):
        client.get(page)
    # Session and user, the count and the page of the stage list, the access log.
    with django_assert_max_num_queries(5 + 3):
        client.get(stage)


@pytest.mark.parametrize("role, status", [
    (Role.AGENCY_CONTRIBUTOR, 403), (Role.REVIEWER, 403), (Role.PANEL_CHAIR, 403),
    (Role.MANAGER, 200), (Role.SCRUTINEER, 200), (Role.BUSINESS_UNIT, 200),
    (Role.SAFEGUARDING_PARTNER, 200)])
def test_who_may_see_the_pipeline(client_as, role, status):
    client = client_as(role)
    assert client.get(reverse("oversight:pipeline")).status_code == status
    url = reverse("oversight:pipeline-stage", args=["cases", "referred"])
    assert client.get(url).status_code == status


# The manager's home page.

def test_the_manager_sees_the_pipeline_now_on_their_home_page(client_as,
                                                               django_assert_max_num_queries):
    for status in (R.GATHERING, R.GATHERING, R.MEETING_HELD, R.SUBMITTED, R.CONCLUDED):
        rapid_review(status)
    lcspr(Lcspr.Status.DRAFT_REPORT)
    client = client_as(Role.MANAGER)
    with django_assert_max_num_queries(6 + len(HOME_WORK_LISTS[Role.MANAGER])):
        html = client.get("/").content.decode()
    assert "Rapid reviews under way: 4" in html
    assert "2 gathering information, 1 panel met, 1 sent to the National Panel" in html
    assert "LCSPRs under way: 1" in html and "1 draft report received" in html
    assert "Cases under way: 6" in html and "5 rapid review, 1 LCSPR under way" in html
    assert "Actions open" not in html  # none
    assert f'href="{reverse("oversight:pipeline")}#rapid-reviews"' in html


def test_the_pipeline_now_is_empty_when_nothing_is_under_way(client_as):
    case(C.WITHDRAWN)
    assert "Nothing is under way." in client_as(Role.MANAGER).get("/").content.decode()
