"""Sending for real: sweeps at the same time on PostgreSQL, and a Celery worker that sweeps and
emails through the configured broker (Redis in CI's second run)."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, connections

from cases.models import Case
from config.celery import app
from deadlines import services, tasks
from deadlines.models import Clock, Deadline, Notice
from safeguarding.models import Role
from tests.deadlines.workers import counting_tasks, purge, route_deadline_tasks_to, worker
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _overdue_deadlines(count: int) -> None:
    notify = Clock.objects.get(code="notify_national_panel")
    for number in range(count):
        case = Case.objects.create(reference=f"SI-2022-{number + 1:04d}",
                                   received_on=datetime.date(2022, 12, 21))
        Deadline.objects.create(clock=notify, case=case, record_type="cases.case",
                                record_id=case.pk, starts_on=datetime.date(2022, 12, 21),
                                due_on=datetime.date(2022, 12, 30))


def _at_once(work, times: int) -> list:
    """Run ``work`` in ``times`` threads released together; each has its own connection."""
    start, results, errors = threading.Barrier(times), [], []

    def run():
        try:
            start.wait()
            results.append(work())
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrency")
def test_sweeps_running_at_the_same_time_make_each_notice_once():
    for _ in range(3):
        UserFactory(role=Role.BUSINESS_UNIT)
    _overdue_deadlines(40)
    _at_once(lambda: services.sweep_deadlines(today=datetime.date(2023, 1, 9)), times=4)
    assert Notice.objects.count() == 40 * 3
    assert Notice.objects.filter(stage="overdue").values("deadline", "user").distinct().count() \
        == 40 * 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrency")
def test_workers_emailing_the_same_notices_at_once_send_each_once():
    UserFactory(role=Role.BUSINESS_UNIT)
    _overdue_deadlines(20)
    services.sweep_deadlines(today=datetime.date(2023, 1, 9))
    ids = services.unsent_notice_ids()
    mail.outbox.clear()
    _at_once(lambda: [services.email_notice(notice_id=pk) for pk in ids], times=3)
    assert len(mail.outbox) == 20
    assert Notice.objects.filter(emailed_at=None).count() == 0


@pytest.mark.slow
def test_a_celery_worker_sweeps_and_emails_each_notice_once():
    """Through the configured broker: the embedded file-system broker, or Redis in CI."""
    for _ in range(2):
        UserFactory(role=Role.BUSINESS_UNIT)
    _overdue_deadlines(5)
    app.conf.task_always_eager = False
    # A worker that `make run` started consumes the default queue: use a queue of our own.
    queue = "tests-deadlines"
    route_deadline_tasks_to(queue)
    purge(app, queue)
    mail.outbox.clear()
    try:
        # While the worker works the test leaves the database alone (tests/deadlines/workers.py).
        with counting_tasks(queue) as sent, worker(app, queue):
            tasks.sweep_deadlines.delay()
            sent.wait()
            assert len(mail.outbox) == 10
            tasks.sweep_deadlines.delay()  # a second sweep finds nothing more to send
            sent.wait()
    finally:
        route_deadline_tasks_to(None)
    assert len(mail.outbox) == 10
    assert Notice.objects.filter(emailed_at=None).count() == 0
    assert Notice.objects.count() == 10
