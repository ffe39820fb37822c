"""Faults in the background work: the worker stopped, Redis stopped. When they come back the
deadline sweep catches up: every notice that fell due meanwhile is made and emailed, and none
twice."""

import datetime
import shutil
import socket
import subprocess
import time

import pytest
from celery import Celery
from django.core import mail
from kombu.exceptions import OperationalError

from cases.models import Case
from config.celery import app
from deadlines import services
from deadlines.models import Clock, Deadline, Notice
from safeguarding.models import Role
from tests.deadlines.workers import counting_tasks, purge, route_deadline_tasks_to, worker
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
QUEUE = "tests-faults"  # a worker that `make run` started consumes only the default queue
SWEEP, EMAIL = "deadlines.tasks.sweep_deadlines", "deadlines.tasks.email_notice"


def overdue_deadlines(first: int, count: int) -> None:
    notify = Clock.objects.get(code="notify_national_panel")
    for number in range(first, first + count):
        case = Case.objects.create(reference=f"SI-2022-{number:04d}",
                                   received_on=datetime.date(2022, 12, 21))
        Deadline.objects.create(clock=notify, case=case, record_type="cases.case",
                                record_id=case.pk, starts_on=datetime.date(2022, 12, 21),
                                due_on=datetime.date(2022, 12, 30))


def everything_emailed_once(expected: int) -> None:
    """Asked once the worker has finished every task sent to it: a duplicate would show."""
    assert Notice.objects.filter(emailed_at=None).count() == 0
    assert Notice.objects.count() == expected
    assert Notice.objects.values("deadline", "user", "stage").distinct().count() == expected
    assert len(mail.outbox) == expected
    subjects = [(message.to[0], message.subject) for message in mail.outbox]
    assert len(set(subjects)) == expected, "an email was sent twice"


@pytest.fixture
def sent():
    """The tasks sent to the tests' queue: the test reads and writes the database only when
    the worker has finished them all (tests/deadlines/workers.py says why)."""
    with counting_tasks(QUEUE) as tasks:
        yield tasks


@pytest.fixture
def routed_to_a_test_queue():
    app.conf.task_always_eager = False
    route_deadline_tasks_to(QUEUE)
    purge(app, QUEUE)
    mail.outbox.clear()
    yield
    route_deadline_tasks_to(None)


def test_the_sweep_catches_up_after_the_worker_was_stopped(routed_to_a_test_queue, sent):
    """Through the configured broker: the embedded file-system broker, or Redis in CI."""
    for _ in range(2):
        UserFactory(role=Role.BUSINESS_UNIT)
    overdue_deadlines(1, 5)
    with worker(app, QUEUE):
        app.tasks[SWEEP].delay()
        sent.wait()
    assert len(mail.outbox) == 10
    # The worker is down. More clocks run out; beat goes on queueing sweeps; and a worker
    # that died holding a claim left one notice unsent.
    overdue_deadlines(6, 3)
    app.tasks[SWEEP].delay()
    app.tasks[SWEEP].delay()
    dead_claim = Notice.objects.order_by("pk").first()
    Notice.objects.filter(pk=dead_claim.pk).update(
        emailed_at=None, email_claimed_at=datetime.datetime(2026, 11, 24, 6, 0,
                                                            tzinfo=datetime.UTC))
    mail.outbox.remove(next(message for message in mail.outbox
                            if message.to[0] == dead_claim.user.email
                            and dead_claim.deadline.case.reference in message.subject))
    with worker(app, QUEUE):
        sent.wait()
    everything_emailed_once(16)


# Redis itself stopped and started again: a Redis server of the test's own, so that the one
# the rest of the suite uses is never touched.

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


@pytest.fixture
def own_redis():
    port = free_port()
    server = start_redis(port)
    holder = {"server": server, "port": port}
    yield holder
    holder["server"].terminate()
    holder["server"].wait(10)


@pytest.fixture
def app_on_own_redis(own_redis, monkeypatch):
    """The service's Celery configuration, on the test's Redis, made the current app so that
    the tasks it runs queue their emails there too."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery prefers it to its config
    celery_app = Celery("faults", set_as_current=False)
    celery_app.config_from_object("django.conf:settings", namespace="CELERY")
    celery_app.conf.update(
        broker_url=f"redis://127.0.0.1:{own_redis['port']}/0", broker_transport_options={},
        task_always_eager=False, task_routes={"deadlines.tasks.*": {"queue": QUEUE}},
        broker_connection_retry_on_startup=True)
    celery_app.set_current()
    celery_app.set_default()
    mail.outbox.clear()
    yield celery_app
    app.set_current()
    app.set_default()


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")
def test_the_sweep_catches_up_after_redis_was_stopped(own_redis, app_on_own_redis, sent):
    celery_app = app_on_own_redis
    assert celery_app.connection_for_write().as_uri().endswith(f":{own_redis['port']}/0")
    for _ in range(2):
        UserFactory(role=Role.BUSINESS_UNIT)
    overdue_deadlines(1, 5)
    with worker(celery_app, QUEUE):
        celery_app.tasks[SWEEP].delay()
        sent.wait()
        assert len(mail.outbox) == 10

        own_redis["server"].terminate()
        own_redis["server"].wait(10)
        # Redis is down: beat's sweep cannot be queued, and a sweep that ran in a worker
        # made its notices but the emails it queued were lost with Redis's memory.
        overdue_deadlines(6, 2)
        with pytest.raises(OperationalError):
            celery_app.tasks[SWEEP].apply_async(retry=False)
        overdue_deadlines(8, 1)
        services.sweep_deadlines()
        assert Notice.objects.filter(emailed_at=None).count() == 6

        own_redis["server"] = start_redis(own_redis["port"])
        # The next sweep beat sends, once the worker has reconnected, catches up.
        celery_app.tasks[SWEEP].delay()
        sent.wait()
    everything_emailed_once(16)
