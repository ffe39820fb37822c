"""Learning themes (issue 15 item 4): the taxonomy seeded from 004 appendix 1 section 5 and
the practice themes, applied by the business unit to a case and its records, counted by case
over a period and the reporting years, recurring from two cases (Regulation 11)."""

import datetime
import importlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case, CaseAccess
from oversight.models import LearningTheme, ThemeTag
from oversight.periods import Period, reporting_year
from oversight.themes import selectors, services
from reviews.lcspr import services as lcspr_services
from reviews.models import ReportRecommendation
from safeguarding.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR_2025 = reporting_year(2025)  # 1 April 2025 to 31 March 2026


def theme(name: str) -> LearningTheme:
    return LearningTheme.objects.get(name=name)


def case_received(on: datetime.date, reference: str) -> Case:
    return Case.objects.create(reference=reference, received_on=on)


def tag(case: Case, *names: str, actor=None, record: str = "case", record_id=None) -> None:
    services.apply_themes(case_id=case.pk, record=record, record_id=record_id,
                          theme_ids=[theme(name).pk for name in names],
                          actor=actor or UserFactory(role=Role.BUSINESS_UNIT),
                          today=D(2026, 12, 29))


def themes_of(case: Case, **record) -> set[str]:
    return set(ThemeTag.objects.filter(case=case, **record).values_list("theme__name", flat=True))


@pytest.fixture
def with_lcspr(review, business_unit):
    """The rapid review's case, its rapid review concluded with an LCSPR that has two
    recommendations in its report."""
    case = review.case
    Case.objects.filter(pk=case.pk).update(status=Case.Status.LCSPR_TO_COMMISSION)
    case.refresh_from_db()
    lcspr = lcspr_services.open_lcspr(case=case, actor=business_unit, decided_on=D(2026, 12, 1))
    for number in (1, 2):
        ReportRecommendation.objects.create(
            lcspr=lcspr, number=number, what=f"Recommendation text {number}",
            due_on=D(2027, 6, 30), recorded_by=business_unit)
    return case


# The taxonomy.

def test_the_seeded_themes_are_the_referral_forms_factors_and_the_practice_themes():
    kinds = dict(LearningTheme.objects.values_list("name", "kind"))
    assert kinds["Sudden infant death syndrome"] == kinds["Non-accidental injury"] == "cause"
    assert kinds["Parental mental health"] == kinds["Long standing neglect"] == "characteristic"
    assert kinds["Domestic violence"] == kinds["Fabricated illness"] == "characteristic"
    assert kinds["Voice of the child"] == kinds["Sudden unexpected death in infancy"] == "practice"
    assert {"Information sharing", "Multi-agency working", "Extra-familial harm",
            "Online harm", "Domestic abuse", "Substance misuse"} <= kinds.keys()
    assert "Not yet known" not in kinds and "Other" not in kinds
    assert all(LearningTheme.objects.values_list("is_active", flat=True))


def test_seeding_again_keeps_what_the_administrator_changed():
    from django.apps import apps

    seeding = importlib.import_module("oversight.migrations.0002_seed_learning_themes")
    LearningTheme.objects.filter(name="Online harm").update(is_active=False, order=99)
    before = LearningTheme.objects.count()
    seeding.seed_themes(apps, None)
    assert LearningTheme.objects.count() == before
    assert not theme("Online harm").is_active and theme("Online harm").order == 99


# Applying themes.

def test_themes_are_set_exactly_on_each_record(with_lcspr):
    case = with_lcspr
    recommendation = ReportRecommendation.objects.get(lcspr__case=case, number=2)
    tag(case, "Neglect", "Parental mental health")
    tag(case, "Information sharing", record="rapid_review", record_id=case.rapid_review.pk)
    tag(case, "Voice of the child", record="recommendation", record_id=recommendation.pk)
    tag(case, "Parental mental health", "Domestic violence")  # Neglect unticked

    assert themes_of(case, rapid_review=None, lcspr=None, recommendation=None) == {
        "Parental mental health", "Domestic violence"}
    assert themes_of(case, rapid_review=case.rapid_review) == {"Information sharing"}
    assert themes_of(case, recommendation=recommendation) == {"Voice of the child"}
    kept = ThemeTag.objects.get(case=case, theme__name="Domestic violence")
    assert kept.tagged_on == D(2026, 12, 29) and kept.tagged_by.role == Role.BUSINESS_UNIT

    tag(case, record="recommendation", record_id=recommendation.pk)
    assert not themes_of(case, recommendation=recommendation)
    assert themes_of(case, rapid_review=case.rapid_review) == {"Information sharing"}


def test_the_same_theme_on_two_records_of_a_case_is_two_tags(with_lcspr):
    case = with_lcspr
    tag(case, "Neglect")
    tag(case, "Neglect", record="lcspr", record_id=case.lcspr.pk)
    assert ThemeTag.objects.filter(case=case, theme__name="Neglect").count() == 2


def test_a_record_of_another_case_is_refused_and_nothing_changes(with_lcspr):
    case, other = with_lcspr, case_received(D(2026, 11, 2), "OTHER-1")
    tag(other, "Suicide")
    recommendation = ReportRecommendation.objects.filter(lcspr__case=case).first()
    for record, record_id in (("recommendation", recommendation.pk),
                              ("rapid_review", case.rapid_review.pk),
                              ("lcspr", case.lcspr.pk), ("case", case.pk)):
        with pytest.raises(ValidationError, match="only be applied to this case"):
            tag(other, "Neglect", record=record, record_id=record_id)
    assert themes_of(other) == {"Suicide"}
    assert not ThemeTag.objects.filter(case=case).exists()


def test_a_retired_theme_cannot_be_added_but_is_kept_where_it_was(business_unit):
    case = case_received(D(2026, 11, 2), "RET-1")
    tag(case, "Online harm", "Neglect")
    LearningTheme.objects.filter(name="Online harm").update(is_active=False)

    tag(case, "Online harm", "Suicide")  # kept; Neglect unticked
    assert themes_of(case) == {"Online harm", "Suicide"}

    other = case_received(D(2026, 11, 2), "RET-2")
    tag(other, "Neglect")
    with pytest.raises(ValidationError, match="Online harm can no longer be applied"):
        tag(other, "Online harm", "Suicide")
    assert themes_of(other) == {"Neglect"}


def test_only_the_business_unit_applies_themes():
    case = case_received(D(2026, 11, 2), "PERM-1")
    with pytest.raises(PermissionDenied):
        tag(case, "Neglect", actor=UserFactory(role=Role.MANAGER))
    assert not ThemeTag.objects.exists()


# Counting.

def test_cases_are_counted_once_per_theme_within_the_period_and_by_reporting_year(with_lcspr):
    rr_case = with_lcspr  # received on 2 November 2026 (tests/rapid_review.py)
    last_day = case_received(D(2026, 3, 31), "IN-1")  # the last day of reporting year 2025
    first_day = case_received(D(2026, 4, 1), "OUT-1")  # the first day of 2026
    christmas = case_received(D(2025, 12, 25), "IN-2")
    tag(last_day, "Neglect", "Voice of the child")
    tag(christmas, "Neglect")
    tag(first_day, "Neglect", "Suicide")
    tag(rr_case, "Neglect")
    tag(rr_case, "Neglect", record="rapid_review", record_id=rr_case.rapid_review.pk)

    counts = {count.theme.name: count for count in selectors.theme_counts(period=YEAR_2025)}
    assert list(counts) == ["Neglect", "Voice of the child"]  # most cases first; Suicide: none
    neglect = counts["Neglect"]
    assert (neglect.cases, neglect.references, neglect.recurring) == (2, ["IN-1", "IN-2"], True)
    assert counts["Voice of the child"].recurring is False
    # Columns 2023-24, 2024-25, 2025-26 by default.
    assert neglect.by_year == [0, 0, 2]

    wider = selectors.theme_counts(period=Period(D(2025, 4, 1), D(2027, 3, 31), "Two years"))
    neglect = next(count for count in wider if count.theme.name == "Neglect")
    # The rapid review's case has Neglect twice (case and review): it counts once.
    assert neglect.cases == 4 and neglect.by_year == [0, 2, 2]
    assert neglect.references == sorted(["IN-1", "IN-2", "OUT-1", rr_case.reference])


def test_a_theme_recurs_at_two_cases_not_at_one():
    first = case_received(D(2025, 6, 2), "A-1")
    tag(first, "Online harm")
    assert [count.recurring for count in selectors.theme_counts(period=YEAR_2025)] == [False]
    tag(case_received(D(2025, 6, 3), "A-2"), "Online harm")
    assert [count.recurring for count in selectors.theme_counts(period=YEAR_2025)] == [True]


def test_merged_cases_are_not_counted_twice():
    tag(case_received(D(2025, 6, 2), "M-1"), "Neglect")
    duplicate = case_received(D(2025, 6, 3), "M-2")
    tag(duplicate, "Neglect")
    Case.objects.filter(pk=duplicate.pk).update(status=Case.Status.MERGED)
    assert [count.references for count in selectors.theme_counts(period=YEAR_2025)] == [["M-1"]]


# The pages.

@pytest.fixture
def in_year_2025(monkeypatch):
    monkeypatch.setattr("oversight.themes.views.today", lambda: D(2026, 5, 5))


def themes_page(client, period: str = "year-2025"):
    return client.get(reverse("oversight:themes"), {"period": period})


def test_the_themes_page_lists_recurring_themes_first_with_their_cases(client_as, in_year_2025):
    for number, day in enumerate((D(2025, 4, 1), D(2026, 3, 31)), start=1):
        tag(case_received(day, f"P-{number}"), "Long standing neglect", "Voice of the child")
    tag(case_received(D(2025, 8, 26), "P-3"), "Online harm", "Voice of the child")

    response = themes_page(client_as(Role.MANAGER))
    assert response.status_code == 200
    html = response.content.decode()
    summary = html.split('data-testid="recurring"')[1].split("</div>")[0]
    assert "Recurring themes:" in summary
    assert "Voice of the child (3 cases)" in summary and "Long standing neglect (2" in summary
    assert "Online harm" not in summary
    table = html.split('data-testid="themes"')[1]
    assert table.index("Voice of the child") < table.index("Long standing neglect") \
        < table.index("Online harm")
    assert table.count("govuk-tag--orange\">Recurring") == 2
    assert f'href="{reverse("cases:case", args=["P-3"])}"' in table
    assert "2025 to 2026" in table


def test_the_themes_page_says_when_no_theme_is_applied(client_as, in_year_2025):
    response = themes_page(client_as(Role.SCRUTINEER))
    assert 'data-testid="no-themes"' in response.content.decode()


def test_an_unknown_period_is_an_error_and_the_default_is_shown(client_as, in_year_2025):
    response = themes_page(client_as(Role.BUSINESS_UNIT), period="year-1990")
    html = response.content.decode()
    assert response.status_code == 200 and "Select a period from the list" in html
    assert "The last 12 months" in html


def test_the_themes_page_runs_the_same_queries_for_3_and_30_cases(client_as, in_year_2025,
                                                                  django_assert_max_num_queries):
    client = client_as(Role.MANAGER)
    names = ["Neglect", "Domestic violence", "Information sharing"]

    def queries_with(count: int) -> int:
        for number in range(ThemeTag.objects.values("case").distinct().count(), count):
            tag(case_received(D(2025, 5, 1) + datetime.timedelta(days=number), f"Q-{number}"),
                *names[: number % 3 + 1])
        with CaptureQueriesContext(connection) as queries:
            assert themes_page(client).status_code == 200
        return len(queries)

    assert queries_with(3) == queries_with(30)
    with django_assert_max_num_queries(8):
        themes_page(client)


def test_the_business_unit_applies_themes_on_one_page(client_as, with_lcspr, in_year_2025):
    case = with_lcspr
    recommendation = ReportRecommendation.objects.get(lcspr__case=case, number=1)
    client = client_as(Role.BUSINESS_UNIT)
    url = reverse("oversight:case-themes", args=[case.reference])

    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "The rapid review" in html and "LCSPR recommendation 2" in html
    assert "Cause of the incident" in html and "Practice theme" in html
    assert CaseAccess.objects.filter(case=case, what="learning themes").exists()

    response = client.post(url, {
        "case-characteristic": [theme("Parental mental health").pk,
                                theme("Domestic violence").pk],
        f"rapid_review-{case.rapid_review.pk}-practice": [theme("Information sharing").pk],
        f"recommendation-{recommendation.pk}-practice": [theme("Voice of the child").pk],
    })
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert themes_of(case, rapid_review=None, lcspr=None, recommendation=None) == {
        "Parental mental health", "Domestic violence"}
    assert themes_of(case, recommendation=recommendation) == {"Voice of the child"}

    case_page = client.get(case.get_absolute_url()).content.decode()
    panel = case_page.split('<h2 class="govuk-heading-l" id="learning-themes"', 1)[1]
    assert "Domestic violence, Parental mental health" in panel  # in the taxonomy's order
    assert "Recommendation 1" in panel and "Information sharing" in panel
    assert f'href="{url}"' in panel and "learning themes saved" in case_page
    history = client.get(reverse("cases:history", args=[case.reference])).content.decode()
    assert "Learning theme: Voice of the child" in history


def test_a_retired_theme_posted_is_refused_on_the_form(client_as, in_year_2025):
    case = case_received(D(2026, 1, 5), "FORM-1")
    LearningTheme.objects.filter(name="Online harm").update(is_active=False)
    response = client_as(Role.BUSINESS_UNIT).post(
        reverse("oversight:case-themes", args=[case.reference]),
        {"case-practice": [theme("Online harm").pk]})
    assert response.status_code == 200
    assert "Select learning themes from the list" in response.content.decode()
    assert not ThemeTag.objects.exists()


def test_who_may_see_and_apply_themes(client_as, review, in_year_2025):
    case = review.case
    tag(case, "Neglect")
    url = reverse("oversight:case-themes", args=[case.reference])
    manager = client_as(Role.MANAGER)
    assert themes_page(manager).status_code == 200
    assert manager.get(url).status_code == 403
    assert manager.post(url, {"case-cause": []}).status_code == 403
    assert themes_of(case) == {"Neglect"}
    assert "Change learning themes" not in manager.get(case.get_absolute_url()).content.decode()
    contributor = client_as(Role.AGENCY_CONTRIBUTOR)
    assert themes_page(contributor).status_code == 403
    assert contributor.get(url).status_code == 403
    assert client_as(Role.BUSINESS_UNIT).get(
        reverse("oversight:case-themes", args=["NO-SUCH-CASE"])).status_code == 404


def test_the_administrator_keeps_the_taxonomy_in_the_admin_and_retires_rather_than_deletes(
        client_as):
    admin = client_as(Role.ADMINISTRATOR)
    changelist = admin.get("/admin/oversight/learningtheme/")
    assert changelist.status_code == 200 and "Voice of the child" in changelist.content.decode()
    response = admin.post("/admin/oversight/learningtheme/add/", {
        "name": "Bruising in non-mobile babies", "kind": "practice", "description": "",
        "order": 20, "is_active": "on"})
    assert response.status_code == 302
    added = theme("Bruising in non-mobile babies")
    assert admin.get(f"/admin/oversight/learningtheme/{added.pk}/delete/").status_code == 403
    assert client_as(Role.BUSINESS_UNIT).get("/admin/oversight/learningtheme/").status_code \
        != 200
