"""Benchmark: the deadline sweep and the overdue dashboard with 20,000 cases and 200,000
deadlines on PostgreSQL.

Run with `make bench`. It makes a throwaway database on the PostgreSQL at 127.0.0.1:5432
(trust authentication, as in CI), fills it with bulk inserts, times the sweep twice (the
second must make nothing), and times the dashboard and counts its queries at a tenth of the
size and at full size. It exits 1 only if an answer is wrong: a second sweep that offers
notices, or a dashboard whose query count grows with the rows. Skipped, with a line saying
so, when PostgreSQL is not there.
"""

import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "case_reviews_bench"
CASES, PER_CASE = 20_000, 10
TODAY = date(2026, 11, 24)


def main() -> int:
    sys.path[0] = str(ROOT)  # this folder holds calendar.py, which would shadow the stdlib's
    from bench.throwaway import create_database, drop_database

    if not create_database(DATABASE):
        print("sweep: skipped, no PostgreSQL on 127.0.0.1:5432")
        return 0
    try:
        set_up_django()
        return run()
    finally:
        drop_database(DATABASE)


def set_up_django() -> None:
    import tempfile

    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "VAR_DIR": tempfile.mkdtemp(prefix="bench-"),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "CACHE_URL": "locmemcache://", "ALLOWED_HOSTS": "testserver",
    })
    os.environ.pop("SERVICE_MODE", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def people():
    from safeguarding.models import Agency, Role, User

    kinds = [("Bench Council", "local_authority"), ("Bench Police", "police"),
             ("Bench ICB", "integrated_care_board")] + [
        (f"Bench School {n}", "education") for n in range(1, 8)]
    agencies = [Agency.objects.create(name=name, kind=kind) for name, kind in kinds]
    roles = [(Role.BUSINESS_UNIT, 0)] * 3 + [(Role.SAFEGUARDING_PARTNER, i) for i in range(3)] \
        + [(Role.MANAGER, 0)] * 2 + [(Role.AGENCY_CONTRIBUTOR, i) for i in range(3, 10)]
    users = [User.objects.create_user(f"bench{n}@example.org", None, full_name=f"Person {n}",
                                      role=role, agency=agencies[agency])
             for n, (role, agency) in enumerate(roles)]
    return agencies, users


def fill(cases: int, agencies, start: int = 0) -> None:
    from cases.models import Case
    from deadlines.models import Clock, Deadline

    rng = random.Random(start)  # noqa: S311  a repeatable sample, not a secret
    clocks = list(Clock.objects.order_by("pk")[:PER_CASE])
    batch = Case.objects.bulk_create(
        Case(reference=f"SI-2026-{start + n:05d}", received_on=TODAY - timedelta(days=90))
        for n in range(cases))
    rows = []
    for case in batch:
        for clock in clocks:
            due = TODAY + timedelta(days=rng.randint(-60, 60))
            met = due - timedelta(days=1) if rng.random() < 0.4 else None
            rows.append(Deadline(
                clock=clock, case=case, record_type="cases.case", record_id=case.pk,
                owner_agency=rng.choice(agencies) if clock.code.startswith("agency") else None,
                starts_on=due - timedelta(days=7), due_on=due, met_on=met,
                state=(Deadline.State.MET if met else Deadline.State.OVERDUE if due < TODAY
                       else Deadline.State.OPEN)))
    Deadline.objects.bulk_create(rows, batch_size=5000)


def dashboard(client) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(5):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/deadlines/")
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings), len(queries)


def run() -> int:
    from django.test import Client

    from deadlines import services
    from deadlines.models import Deadline, Notice

    agencies, users = people()
    client = Client()
    client.force_login(users[0])

    fill(CASES // 10, agencies)
    small_time, small_queries = dashboard(client)
    fill(CASES - CASES // 10, agencies, start=CASES // 10)
    large_time, large_queries = dashboard(client)

    started = time.perf_counter()
    offered = services.sweep_deadlines(today=TODAY)
    first = time.perf_counter() - started
    notices = Notice.objects.count()
    started = time.perf_counter()
    again = services.sweep_deadlines(today=TODAY)
    second = time.perf_counter() - started

    print(f"sweep: {Deadline.objects.count():,} deadlines, {CASES:,} cases, "
          f"{len(users)} people: first sweep {first:.1f} s ({offered:,} notices made), "
          f"second sweep {second:.1f} s ({again} made); aim under 10 s")
    print(f"dashboard: {CASES // 10:,} cases {small_time * 1000:.0f} ms / {small_queries} "
          f"queries; {CASES:,} cases {large_time * 1000:.0f} ms / {large_queries} queries")
    if again or offered != notices:
        print("a second sweep made notices again, or the count is wrong")
        return 1
    if large_queries > small_queries:
        print("the dashboard's query count grows with the rows")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
