"""Aggregated figures kept in Django's cache (issue 15 item 8): the oversight pages' counts
over every case, deadline and decision, read again only when what they count changes.

A figure is kept under a key with the figures' version in it. The services that write what
the figures count (the workflow's decision log, the deadlines, the learning themes) call
``changed()``, which moves the version on: every figure kept before is then never read again
(and drops out of the cache in its time). Never signals: a write that bypasses the services
(a data migration, a shell) leaves figures up to FIGURES_KEPT_FOR old.

``changed()`` moves the version on at once (a reader in the same transaction sees its own
write) and again once the transaction commits: a reader that read the rows before the commit
and kept what it counted under the version of that moment is never read after it. A reader
takes the version once, before it reads the rows, and keeps its figures under that one.

The figures are plain data (numbers, dates, codes and record ids: never a name).

Warmed up after a change: once a write that changed the figures commits, the warm-ups the
apps register (``queues_warm_up``: oversight queues a Celery task) count the pages' figures
again for their default periods, so that the next person to look finds them kept. A burst of
writes queues one warm-up: the first takes the WARMING_KEY, the others find it taken; the
warm-up gives it back (``warming_up()``) before it reads the version, so a write while it
counts queues the next. On when the FIGURES_WARM_UP setting is (never in the tests but those
of the warm-up itself)."""

import hashlib
import logging
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "figures:version"
FIGURES_KEPT_FOR = 60 * 60  # seconds: an hour at most, however the figures were written
WARMING_KEY = "figures:warming"
# Seconds: a warm-up queued but lost (a worker gone) holds the next back for this long at most.
WARMING_HELD_FOR = 5 * 60

Figures = TypeVar("Figures")
WarmUp = Callable[[], None]
_warm_ups: list[WarmUp] = []  # filled by the apps' ready(): this package imports no app


def queues_warm_up(queue: WarmUp) -> WarmUp:
    """Registers a function that queues the figures' warm-up (oversight's Celery task);
    called once the writes that changed the figures commit, and once for a burst of them."""
    if queue not in _warm_ups:
        _warm_ups.append(queue)
    return queue


def warming_up() -> None:
    """Called by the warm-up as it starts, before it counts: a write from now on queues
    another."""
    cache.delete(WARMING_KEY)


def _queue_warm_up() -> None:
    if not getattr(settings, "FIGURES_WARM_UP", False) or not _warm_ups:
        return
    if not cache.add(WARMING_KEY, 1, WARMING_HELD_FOR):
        return  # one is queued already and has not started: it will count this write too
    for queue in _warm_ups:
        try:
            queue()
        except Exception:  # the write has committed: the next view counts afresh instead
            logger.exception("Figures warm-up not queued")
            cache.delete(WARMING_KEY)


def version() -> int:
    """The figures' version now."""
    found = cache.get(VERSION_KEY)
    if found is None:
        cache.add(VERSION_KEY, _fresh_start(), None)
        found = cache.get(VERSION_KEY, 0)
    return int(found)


def _fresh_start() -> int:
    """A version no figure kept before can have: were the version evicted while figures
    stayed, starting again from 1 would read them."""
    return time.time_ns() // 1000


def _move_on() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (evicted, or a new cache)
        cache.add(VERSION_KEY, _fresh_start(), None)


def changed() -> None:
    """What the figures count has changed: every figure kept so far is out of date (and
    they are warmed up again once the write commits)."""
    _move_on()
    transaction.on_commit(_moved_on)


def _moved_on() -> None:
    _move_on()
    _queue_warm_up()


def kept(name: str, parts: tuple[Hashable, ...], count: Callable[[], Figures],
         *, at: int | None = None) -> Figures:
    """``count()``, or what it gave last for the same ``name`` and ``parts`` (the period,
    today: plain values whose str is stable) at the version ``at`` (default: now)."""
    parts_text = "|".join(str(part) for part in parts)
    key = (f"figures:{name}:{at if at is not None else version()}:"
           f"{hashlib.sha256(parts_text.encode()).hexdigest()[:32]}")
    found = cache.get(key)
    if found is None:
        found = count()
        cache.set(key, found, FIGURES_KEPT_FOR)
    return found
