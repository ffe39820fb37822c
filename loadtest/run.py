"""Load test: 50 people for 60 seconds against gunicorn on PostgreSQL, with the demo data
scaled to 20,000 cases.

Run with `make loadtest`. It makes a throwaway database on the PostgreSQL at 127.0.0.1:5432
(trust authentication, as in CI), loads the demo partnership and its sample cases, bulk-adds
cases up to 20,000 (loadtest/data.py) and runs the deadline sweep so that people have
notices. It then counts each page's queries once, starts gunicorn on a free loopback port and
runs locust headless (loadtest/locustfile.py): each person signs in once as a demo user of one
role and reads that role's pages. It prints requests per second, p50 and p95 latency and the
errors, overall, per page and after the last sign-in (fifty password hashes at once hold up
everything else for the first seconds), with each page's time and queries alone beforehand.
Aim: no errors, p95 under 300 ms. Exits 1 if any request failed; a p95 over the aim is
reported but does not fail. Skipped, with a line saying so, when PostgreSQL is not there.
The database is dropped at the end.
"""

import csv
import io
import json
import math
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "case_reviews_load"
REDIS = "redis://127.0.0.1:6379/12"
CASES, USERS, SECONDS = 20_000, 50, 60
# People arriving per second. Each sign-in hashes a password (PBKDF2, about 0.2 s of CPU by
# design), so 50 arriving in 5 s on 2 cores queue behind each other: LOADTEST_SPAWN_RATE=10
# shows that morning rush.
SPAWN_RATE = float(os.environ.get("LOADTEST_SPAWN_RATE", "2"))
WORKERS, THREADS = 3, 2
AIM_MS = 300
SIGN_IN = {"/sign-in/ (form)", "/sign-in/ (post)"}
# (locust's name for the page, who is signed in, the address) for the query counts.
PROFILED = [
    ("/ (BusinessUnit)", "bu@example.org", "/"),
    ("/ (Manager)", "manager@example.org", "/"),
    ("/ (Partner)", "partner@example.org", "/"),
    ("/ (AgencyContributor)", "school@example.org", "/"),
    ("/ (PanelChair)", "chair@example.org", "/"),
    ("/cases/", "bu@example.org", "/cases/"),
    ("/cases/?page=[n]", "bu@example.org", "/cases/?page={middle}"),
    ("/cases/[reference]/", "bu@example.org", "/cases/{reference}/"),
    ("/deadlines/", "bu@example.org", "/deadlines/"),
    ("/deadlines/notices/", "bu@example.org", "/deadlines/notices/"),
    ("/referrals/", "school@example.org", "/referrals/"),
]


def main() -> int:
    sys.path[0] = str(ROOT)
    from bench.throwaway import create_database, drop_database

    started = time.perf_counter()
    if not create_database(DATABASE):
        print("loadtest: skipped, no PostgreSQL on 127.0.0.1:5432")
        return 0
    workdir = Path(tempfile.mkdtemp(prefix="loadtest-"))
    try:
        set_up_django(workdir)
        targets = load(workdir)
        code = run_load(workdir, profile(targets))
    finally:
        drop_database(DATABASE)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"loadtest: the whole run took {time.perf_counter() - started:.0f} s")
    return code


def cache_url() -> str:
    """Redis, as in production, when it is there (emptied first); else each worker's memory."""
    import redis

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).flushdb()
    except redis.exceptions.ConnectionError:
        return "locmemcache://"
    return REDIS


def set_up_django(workdir: Path) -> None:
    os.environ.update({
        "SERVICE_MODE": "embedded", "DEBUG": "false", "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(workdir / "var"),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "CACHE_URL": cache_url(), "ALLOWED_HOSTS": "127.0.0.1,testserver",
    })
    import django

    django.setup()


def load(workdir: Path) -> dict:
    """The demo data at full size; returns what locust needs, also written for it to read."""
    from django.core.management import call_command
    from django.db import connection

    from cases.models import Case
    from deadlines.services import sweep_deadlines
    from demo.management.commands.load_demo import DEMO_PASSWORD
    from loadtest import data

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    for command in ("load_demo", "load_demo_cases"):
        call_command(command, stdout=io.StringIO())
    deadlines = data.fill(CASES)
    notices = sweep_deadlines()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum would soon do after the bulk inserts
    references = list(Case.objects.values_list("reference", flat=True))
    print(f"loadtest: {len(references):,} cases, {deadlines:,} deadlines, {notices:,} notices "
          f"loaded in {time.perf_counter() - started:.0f} s")
    rng = random.Random(2026)  # noqa: S311  a repeatable sample, not a secret
    targets = {"password": DEMO_PASSWORD, "references": rng.sample(references, 500),
               "case_list_pages": math.ceil(len(references) / 25)}
    (workdir / "targets.json").write_text(json.dumps(targets), encoding="utf-8")
    return targets


def profile(targets: dict) -> dict[str, tuple[int, int, float]]:
    """Each page once, before the load: its status, how many queries it ran and how many
    milliseconds it took (the second time, so that templates are loaded)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from safeguarding.models import User

    found = {}
    for name, email, path in PROFILED:
        client = Client()
        client.force_login(User.objects.get(email=email))
        path = path.format(middle=targets["case_list_pages"] // 2,
                           reference=targets["references"][0])
        client.get(path)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        found[name] = (response.status_code, len(queries),
                       (time.perf_counter() - started) * 1000)
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workdir: Path) -> subprocess.Popen:
    log = (workdir / "gunicorn.log").open("w")
    return subprocess.Popen(  # noqa: S603  our own interpreter, fixed arguments
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(WORKERS), "--threads", str(THREADS), "--log-level", "warning"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def wait_until_up(port: int, gunicorn: subprocess.Popen) -> bool:
    for _ in range(60):
        if gunicorn.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as page:  # noqa: S310
                if page.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False


def run_locust(port: int, workdir: Path) -> None:
    with (workdir / "locust.log").open("w") as log, suppress(subprocess.TimeoutExpired):
        subprocess.run(  # noqa: S603  our own interpreter, fixed arguments
            [sys.executable, "-m", "locust", "-f", str(ROOT / "loadtest" / "locustfile.py"),
             "--headless", "-u", str(USERS), "-r", str(SPAWN_RATE), "-t", f"{SECONDS}s",
             "--host", f"http://127.0.0.1:{port}", "--csv", str(workdir / "stats"),
             "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, timeout=SECONDS + 120,
            env={**os.environ, "LOADTEST_TARGETS": str(workdir / "targets.json"),
                 "LOADTEST_REQUESTS": str(workdir / "requests.json")},
            check=False)


def run_load(workdir: Path, alone: dict[str, tuple[int, int, float]]) -> int:
    port = free_port()
    gunicorn = start_gunicorn(port, workdir)
    try:
        if not wait_until_up(port, gunicorn):
            print("loadtest: gunicorn did not answer on /health/")
            print(tail(workdir / "gunicorn.log"))
            return 1
        print(f"loadtest: {USERS} people ({SPAWN_RATE:g} arriving a second) for {SECONDS} s "
              f"against gunicorn ({WORKERS} workers "
              f"x {THREADS} threads) on 127.0.0.1:{port}")
        run_locust(port, workdir)
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(timeout=15)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
    return report(workdir, alone)


def tail(path: Path, lines: int = 20) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def percentile(times: list[float], share: float) -> float:
    """Nearest rank: the time within which ``share`` of the requests were answered."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0


Request = tuple[str, float, float, bool]  # page, start (epoch s), milliseconds, failed


def figures(requests: list[Request]) -> str:
    times = [row[2] for row in requests]
    return (f"{len(requests):>9,}{sum(row[3] for row in requests):>8}"
            f"{percentile(times, 0.5):>8.0f}{percentile(times, 0.95):>8.0f}")


def table(requests: list[Request], alone: dict[str, tuple[int, int, float]]) -> None:
    """Per page: requests, errors, p50 and p95 under load, and one request alone before it."""
    print(f"  {'page':<24}{'requests':>9}{'errors':>8}{'p50 ms':>8}{'p95 ms':>8}"
          f"{'alone ms':>10}{'queries':>9}")
    for name in sorted({row[0] for row in requests}):
        status, queries, ms = alone.get(name, (0, 0, 0.0))
        before = (f"{ms:>10.0f}{queries:>9}" if status == 200
                  else f"{'HTTP ' + str(status):>10}{queries:>9}" if status else "")
        print(f"  {name:<24}{figures([row for row in requests if row[0] == name])}{before}")
    print(f"  {'all':<24}{figures(requests)}")


def report(workdir: Path, alone: dict[str, tuple[int, int, float]]) -> int:
    log = workdir / "requests.json"
    if not log.exists():
        print("loadtest: locust recorded no requests")
        print(tail(workdir / "locust.log"))
        return 1
    requests: list[Request] = [tuple(row) for row in json.loads(log.read_text())]
    if not requests:
        print("loadtest: locust made no requests")
        print(tail(workdir / "locust.log"))
        return 1
    table(requests, alone)
    times = [row[2] for row in requests]
    errors, p95 = sum(row[3] for row in requests), percentile(times, 0.95)
    span = max(row[1] + row[2] / 1000 for row in requests) - min(row[1] for row in requests)
    print(f"loadtest: {len(requests):,} requests, {len(requests) / span:.1f} per second, "
          f"p50 {percentile(times, 0.5):.0f} ms, p95 {p95:.0f} ms, {errors} errors "
          f"(aim: no errors, p95 under {AIM_MS} ms)")
    steady(requests)
    if p95 >= AIM_MS:
        print(f"loadtest: p95 {p95:.0f} ms is over the {AIM_MS} ms aim")
    return failures(workdir) if errors else 0


def steady(requests: list[Request]) -> None:
    """The pages after everybody has signed in: 50 password hashes at once on two cores
    hold up everything else for the first seconds."""
    first = min(row[1] for row in requests)
    signed_in = max((row[1] + row[2] / 1000 for row in requests if row[0] in SIGN_IN),
                    default=first)
    after = [row for row in requests if row[1] >= signed_in]
    if after:
        times = [row[2] for row in after]
        print(f"loadtest: after the last sign-in ({signed_in - first:.0f} s in): "
              f"{len(after):,} requests, p50 {percentile(times, 0.5):.0f} ms, "
              f"p95 {percentile(times, 0.95):.0f} ms")
    after = after or requests
    p95s = {name: percentile([row[2] for row in after if row[0] == name], 0.95)
            for name in {row[0] for row in after} - SIGN_IN}
    worst = max(p95s, key=p95s.get)
    print(f"loadtest: slowest page after the last sign-in: {worst} (p95 {p95s[worst]:.0f} ms)")


def failures(workdir: Path) -> int:
    """Says what failed, with the end of gunicorn's log when a page crashed."""
    rows = list(csv.DictReader((workdir / "stats_failures.csv").open()))
    for row in rows[:10]:
        print(f"  failed: {row['Method']} {row['Name']}: {row['Error']} x{row['Occurrences']}")
    if any("HTTP 5" in row["Error"] for row in rows):
        print(tail(workdir / "gunicorn.log", 40))
    return 1


if __name__ == "__main__":
    sys.exit(main())
