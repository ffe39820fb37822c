"""After a write to what the oversight figures count, once it commits, a Celery task counts
the pages' figures again for their default periods (issue 15 item 8), so that the first view
after the write reads them from the cache; a burst of writes queues one warm-up. Off in the
other tests (tests/conftest.py): here it is turned on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deadlines import calendar
from oversight import tasks
from safeguarding import figures_cache
from safeguarding.models import Role
from tests.factories import submitted_case

pytestmark = pytest.mark.django_db
PAGES = ("oversight:pipeline", "oversight:timeliness", "oversight:themes",
         "oversight:annual-report")


@pytest.fixture
def warm_up_on(settings):
    settings.FIGURES_WARM_UP = True


@pytest.fixture
def queued(monkeypatch) -> list[int]:
    """The warm-ups queued, not run."""
    calls: list[int] = []
    monkeypatch.setattr(tasks.warm_up_figures, "apply_async",
                        lambda *args, **kwargs: calls.append(kwargs["countdown"]))
    return calls


def queries(client, page: str) -> tuple[int, str]:
    calendar.forget()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(page))
    assert response.status_code == 200
    return len(captured), response.content.decode()


def referred(html: str) -> str:
    return html.split('data-testid="cases-referred"', 1)[1].split("</tr>", 1)[0]


@pytest.mark.parametrize("warm", [True, False])
def test_after_a_decision_the_pipeline_runs_the_cached_number_of_queries(
        client_as, settings, django_capture_on_commit_callbacks, warm):
    settings.FIGURES_WARM_UP = warm
    client = client_as(Role.BUSINESS_UNIT)
    client.get(reverse("oversight:index"))  # the session and content types read once
    queries(client, "oversight:pipeline")
    with django_capture_on_commit_callbacks(execute=True):
        submitted_case()  # a decision in the workflow's log; the warm-up runs at commit
    after_the_write, html = queries(client, "oversight:pipeline")
    cached, _html = queries(client, "oversight:pipeline")
    assert "1<span" in referred(html)  # the new case counted
    if warm:
        assert after_the_write == cached
    else:  # counted afresh by the view itself
        assert after_the_write > cached


@pytest.mark.parametrize("page", PAGES)
def test_after_a_write_every_page_finds_its_figures_warm(
        client_as, warm_up_on, django_capture_on_commit_callbacks, page):
    client = client_as(Role.BUSINESS_UNIT)
    client.get(reverse("oversight:index"))
    with django_capture_on_commit_callbacks(execute=True):
        submitted_case()
    after_the_write, _html = queries(client, page)
    cached, _html = queries(client, page)
    assert after_the_write == cached


def test_a_burst_of_writes_queues_one_warm_up(warm_up_on, queued,
                                                django_capture_on_commit_callbacks):
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            figures_cache.changed()
    assert queued == [2]  # after a short wait, for the rest of the burst
    figures_cache.warming_up()  # the warm-up starts: a write from now on queues another
    with django_capture_on_commit_callbacks(execute=True):
        figures_cache.changed()
    assert len(queued) == 2


def test_no_warm_up_is_queued_before_the_write_commits_nor_when_it_is_off(
        settings, warm_up_on, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        figures_cache.changed()
    assert queued == []  # rolled back: nothing to count
    assert callbacks
    settings.FIGURES_WARM_UP = False
    with django_capture_on_commit_callbacks(execute=True):
        figures_cache.changed()
    assert queued == []


def test_a_warm_up_that_cannot_be_queued_leaves_the_write_done(
        warm_up_on, monkeypatch, django_capture_on_commit_callbacks, caplog):
    def broker_down(*args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr(tasks.warm_up_figures, "apply_async", broker_down)
    before = figures_cache.version()
    with django_capture_on_commit_callbacks(execute=True):
        figures_cache.changed()
    assert figures_cache.version() == before + 2
    assert "Figures warm-up not queued" in caplog.text
    calls: list[int] = []
    monkeypatch.setattr(tasks.warm_up_figures, "apply_async",
                        lambda *args, **kwargs: calls.append(1))
    with django_capture_on_commit_callbacks(execute=True):
        figures_cache.changed()
    assert calls == [1]  # the next write queues it: the failed one held nothing back
