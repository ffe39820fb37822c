"""The oversight pages' aggregated figures are kept in the cache (issue 15 item 8) and
counted again as soon as a service writes what they count: a decision (the workflow), a
deadline (deadlines.services) or a learning theme (oversight.themes.services). Never
signals: a test that writes rows directly says so (figures_cache.changed())."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from deadlines import calendar
from deadlines import services as deadline_services
from oversight.models import LearningTheme
from oversight.periods import last_12_months
from oversight.themes import services as theme_services
from oversight.timeliness import selectors as timeliness
from safeguarding import figures_cache
from safeguarding.models import Role
from tests.factories import UserFactory, submitted_case

pytestmark = pytest.mark.django_db
PAGES = ("oversight:pipeline", "oversight:timeliness", "oversight:themes",
         "oversight:annual-report")


def test_a_figure_is_counted_once_until_what_it_counts_changes():
    counted = []

    def count() -> dict[str, int]:
        counted.append(1)
        return {"met": len(counted)}

    assert figures_cache.kept("test", (datetime.date(2026, 1, 1),), count) == {"met": 1}
    assert figures_cache.kept("test", (datetime.date(2026, 1, 1),), count) == {"met": 1}
    assert figures_cache.kept("test", (datetime.date(2026, 1, 2),), count) == {"met": 2}
    figures_cache.changed()
    assert figures_cache.kept("test", (datetime.date(2026, 1, 1),), count) == {"met": 3}
    assert len(counted) == 3


def test_the_version_moves_on_at_once_and_again_when_the_write_commits(
        django_capture_on_commit_callbacks):
    before = figures_cache.version()
    with django_capture_on_commit_callbacks(execute=True):
        figures_cache.changed()
        assert figures_cache.version() == before + 1  # the writer sees its own write
    assert figures_cache.version() == before + 2


@pytest.mark.parametrize("page", PAGES)
def test_a_page_seen_again_reads_its_figures_from_the_cache(client_as, page):
    client = client_as(Role.BUSINESS_UNIT)
    submitted_case()
    client.get(reverse("oversight:index"))  # the session and content types read once
    counts, pages = [], []
    for _ in range(2):
        calendar.forget()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(page))
        assert response.status_code == 200
        counts.append(len(captured))
        pages.append(re.sub(r'(value|nonce)="[^"]*"', "", response.content.decode()))
    assert counts[1] < counts[0]
    assert pages[1] == pages[0]


def _now(html: str, testid: str) -> str:
    row = html.split(f'data-testid="{testid}"', 1)[1].split("</tr>", 1)[0]
    return row.split('govuk-table__cell--numeric">', 1)[1].split("<", 1)[0]


def test_a_case_submitted_is_on_the_pipeline_at_once(client_as):
    client = client_as(Role.BUSINESS_UNIT)
    url = reverse("oversight:pipeline")
    assert _now(client.get(url).content.decode(), "cases-referred") == "0"
    submitted_case()  # the workflow's decision log
    html = client.get(url).content.decode()
    assert Case.objects.filter(status=Case.Status.REFERRED).count() == 1
    assert "1<span" in html.split('data-testid="cases-referred"', 1)[1].split("</tr>", 1)[0]


def test_a_case_submitted_is_in_the_timeliness_figures_at_once():
    today = timezone.localdate()
    period = last_12_months(today)

    def counted() -> int:
        return sum(row.met + row.met_late + row.overdue + row.waived + row.running
                   for row in timeliness.timeliness(period=period, today=today))

    before = counted()
    submitted_case()  # its clocks start
    assert counted() > before


def test_the_deadlines_move_the_version_on_only_when_they_change():
    case = submitted_case()
    before = figures_cache.version()
    deadline_services.sync(case)  # nothing new
    assert figures_cache.version() == before
    deadline_services.record_removed(case, "Entered in error")
    assert figures_cache.version() > before


def test_a_theme_applied_is_on_the_themes_page_at_once(client_as):
    client = client_as(Role.BUSINESS_UNIT)
    url = reverse("oversight:themes")
    case = submitted_case()
    assert 'data-testid="no-themes"' in client.get(url).content.decode()
    theme = LearningTheme.objects.get(name="Online harm")
    theme_services.apply_themes(case_id=case.pk, record="case", record_id=None,
                                theme_ids=[theme.pk],
                                actor=UserFactory(role=Role.BUSINESS_UNIT))
    html = client.get(url).content.decode()
    assert "Online harm" in html and case.reference in html
