"""A Celery worker in a thread of the test process, on a queue of the tests' own, and how a
test knows that the worker has finished everything sent to it.

The test database is SQLite in memory with a shared cache (Django's test database for SQLite,
``file:memorydb_default?mode=memory&cache=shared``). Connections to one shared cache take
locks on whole tables, and when one connection meets another's lock SQLite fails at once with
"database table is locked": the busy ``timeout`` in the settings does not apply to these locks.
The worker's thread has a connection of its own; so while the worker may be working, the
test's thread must neither read nor write the database. It waits with ``SentTasks.wait()``,
which counts tasks in memory and never touches the database.
"""

import threading
import time
from collections import Counter
from contextlib import contextmanager

from celery.contrib.testing.worker import start_worker
from celery.signals import after_task_publish, task_postrun

from config.celery import app


def route_deadline_tasks_to(queue: str | None) -> None:
    """Send the deadline tasks to a queue of the tests' own (a worker that `make run` started
    consumes only the default queue), or back to the default. Celery keeps the routes and the
    router it first made, so both are made again."""
    app.conf.task_routes = {"deadlines.tasks.*": {"queue": queue}} if queue else {}
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)


def purge(celery_app, queue: str) -> None:
    """Drop what an interrupted earlier run left on the tests' queue."""
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_purge(queue)


class SentTasks:
    """The tasks this process sent to one queue, and how many times a worker of this process
    finished each. A task sends the tasks it queues before it finishes; a retry is sent again
    with the same id; a task that could not be sent is not counted."""

    def __init__(self, queue: str):
        self.queue = queue
        self._lock = threading.Lock()
        self._sent: Counter[str] = Counter()
        self._finished: Counter[str] = Counter()

    def _on_sent(self, sender=None, headers=None, routing_key=None, **kwargs):
        if routing_key == self.queue:
            with self._lock:
                self._sent[headers["id"]] += 1

    def _on_finished(self, sender=None, task_id=None, **kwargs):
        with self._lock:
            self._finished[task_id] += 1

    def all_finished(self) -> bool:
        with self._lock:
            return all(self._finished[task] >= times for task, times in self._sent.items())

    def wait(self, seconds: float = 60) -> None:
        """Until the worker has finished every task sent so far, and so every task those
        sent in turn."""
        deadline = time.monotonic() + seconds
        while not self.all_finished():
            assert time.monotonic() < deadline, "the worker did not finish its tasks in time"
            time.sleep(0.05)


@contextmanager
def counting_tasks(queue: str):
    sent = SentTasks(queue)
    after_task_publish.connect(sent._on_sent, weak=False)
    task_postrun.connect(sent._on_finished, weak=False)
    try:
        yield sent
    finally:
        after_task_publish.disconnect(sent._on_sent)
        task_postrun.disconnect(sent._on_finished)


@contextmanager
def worker(celery_app, queue: str):
    with start_worker(celery_app, pool="solo", queues=[queue], perform_ping_check=False,
                      shutdown_timeout=10):
        yield
