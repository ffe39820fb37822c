"""The published report kept online (issue 13 items 9 and 11; 004 section 14.4: "published
reports ... must be publicly available for at least one year"). Its clock is a minimum:
it runs from publication while the report must stay online, and is met on the day the year
ends, although nobody records anything that day: the deadline sweep (every 15 minutes, and
so every night) derives it again, so that it is never shown met before its time, nor due
today or overdue once the year has passed."""

import datetime

import pytest
from django.utils import timezone

from deadlines import services as deadlines
from deadlines.models import Deadline, Notice
from reviews.lcspr import services
from reviews.models import Lcspr
from safeguarding.models import Decision

from . import journey

pytestmark = pytest.mark.django_db
D = datetime.date
ONLINE = "report_kept_online"


def _on(monkeypatch, day: datetime.date) -> None:
    """Time passes: today is ``day`` (Europe/London) for the service and the sweep."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def _online(lcspr: Lcspr) -> Deadline:
    return Deadline.objects.get(record_type="reviews.lcspr", record_id=lcspr.pk,
                                clock__code=ONLINE)


@pytest.fixture
def sent(p) -> Lcspr:
    """Decided on 19 January 2024, signed off on 4 March, planned for 9 April and sent on 27
    March 2024."""
    lcspr = journey.commissioned(p, journey.concluded(p, received=D(2024, 1, 8),
                                                      decided=D(2024, 1, 19)),
                                 journey.reviewer(), D(2024, 1, 29))
    journey.report_signed_off(p, lcspr, received_on=D(2024, 3, 4),
                              signed_off_on=D(2024, 3, 4))
    lcspr = journey.publication_decided(p, lcspr, on=D(2024, 3, 4), planned=D(2024, 4, 9))
    services.record_report_sent(lcspr=lcspr, actor=p.business_unit, sent_on=D(2024, 3, 27))
    return journey.refreshed(lcspr)


def test_the_year_online_is_met_by_the_sweep_on_its_day(p, sent, monkeypatch):
    """004 section 14.4: published on 9 April 2024, the report stays online until 9 April
    2025. The clock runs all year (not met in advance); the night before it ends the sweep
    leaves it running; on 9 April 2025 the sweep meets it, with nobody touching the review,
    and nobody is told it is due today or overdue."""
    _on(monkeypatch, D(2024, 4, 9))
    services.record_publication(lcspr=sent, actor=p.business_unit, published_on=D(2024, 4, 9),
                                url="https://www.example.org/lcspr")
    online = _online(sent)
    assert (online.starts_on, online.due_on, online.met_on, online.state) == (
        D(2024, 4, 9), D(2025, 4, 9), None, Deadline.State.OPEN)
    decisions = Decision.objects.count()
    reviews_history = Lcspr.history.filter(id=sent.pk).count()

    _on(monkeypatch, D(2025, 4, 8))
    deadlines.sweep_deadlines()
    online.refresh_from_db()
    assert (online.met_on, online.state) == (None, Deadline.State.OPEN)

    _on(monkeypatch, D(2025, 4, 9))
    deadlines.sweep_deadlines()
    online.refresh_from_db()
    assert (online.met_on, online.state) == (D(2025, 4, 9), Deadline.State.MET)

    _on(monkeypatch, D(2025, 4, 10))
    deadlines.sweep_deadlines()
    online.refresh_from_db()
    assert online.state == Deadline.State.MET
    assert not Notice.objects.filter(deadline=online).exists()
    # Nobody touched the review: no step was made, no change saved.
    assert Decision.objects.count() == decisions
    assert Lcspr.history.filter(id=sent.pk).count() == reviews_history


def test_a_sweep_that_missed_the_day_catches_up(p, sent, monkeypatch):
    """A sweep that did not run on the day (the worker down) catches up the next: the clock
    is met on the day the year ended, never overdue."""
    _on(monkeypatch, D(2024, 4, 9))
    services.record_publication(lcspr=sent, actor=p.business_unit, published_on=D(2024, 4, 9),
                                url="https://www.example.org/lcspr")
    _on(monkeypatch, D(2025, 4, 14))
    deadlines.sweep_deadlines()
    online = _online(sent)
    assert (online.met_on, online.state) == (D(2025, 4, 9), Deadline.State.MET)
    assert not Notice.objects.filter(deadline=online).exists()


def test_taken_down_before_the_year_the_sweep_leaves_it_waived(p, sent, monkeypatch):
    """004 section 14.4: taken down before a year online, with the reason, the clock is
    waived with it, and the sweep a year on does not call it met."""
    _on(monkeypatch, D(2024, 4, 9))
    services.record_publication(lcspr=sent, actor=p.business_unit, published_on=D(2024, 4, 9),
                                url="https://www.example.org/lcspr")
    _on(monkeypatch, D(2024, 10, 9))
    services.record_removal(lcspr=journey.refreshed(sent), actor=p.business_unit,
                            removed_on=D(2024, 10, 9), reason="A court order")
    _on(monkeypatch, D(2025, 4, 10))
    deadlines.sweep_deadlines()
    online = _online(sent)
    assert (online.met_on, online.state) == (None, Deadline.State.WAIVED)
