"""The Celery worker and the cache, through whatever broker and cache are configured: the
embedded file-system broker and local memory by default, Redis in CI's second run."""

import time
import uuid
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache

from config.celery import app


@app.task(name="tests.write_marker")
def write_marker(path: str, text: str) -> None:
    Path(path).write_text(text)


@pytest.mark.slow
def test_a_worker_runs_a_task_sent_through_the_configured_broker(tmp_path):
    app.conf.task_always_eager = False
    marker = tmp_path / "marker.txt"
    queue = "tests"  # a worker that `make run` started consumes only the default queue
    with start_worker(app, pool="solo", queues=[queue], perform_ping_check=False,
                      shutdown_timeout=10):
        write_marker.apply_async((str(marker), "done"), queue=queue)
        for _ in range(100):
            if marker.exists():
                break
            time.sleep(0.1)
    assert marker.read_text() == "done"


def test_the_cache_keeps_and_forgets_values():
    key = f"tests:{uuid.uuid4().hex}"
    cache.set(key, {"reference": "SI-2026-0007"}, timeout=30)
    assert cache.get(key) == {"reference": "SI-2026-0007"}
    cache.delete(key)
    assert cache.get(key) is None
