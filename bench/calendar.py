"""Benchmark: deadlines.calendar.add_working_days against workalendar's own.

Run with `make bench`. It builds an SQLite database in a temporary folder, adds two closure
days, then times both over the same 100,000 random (start, n) pairs, checks that every answer
is the same, and prints calls per second and the speed-up. It exits 1 only if an answer
differs. It is not a test: the numbers depend on the machine.
"""

import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIRS = 100_000
SEED = 20260101
FIRST, LAST = date(2018, 1, 1), date(2030, 12, 31)
# 27 and 28 December 2027 are already the Christmas substitute bank holidays, which the
# calendar refuses as closures (they would change nothing); the days after them are not.
CLOSURES = (date(2027, 12, 29), date(2027, 12, 30))

Add = Callable[[date, int], date]


def main() -> int:
    # Python put this folder first on the path, where this file would shadow the standard
    # library's calendar module (which Django imports); the project root goes there instead.
    sys.path[0] = str(ROOT)
    with tempfile.TemporaryDirectory() as var_dir:
        set_up_django(var_dir)
        return run()


def set_up_django(var_dir: str) -> None:
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "VAR_DIR": var_dir,
        "DATABASE_URL": f"sqlite:///{var_dir}/bench.sqlite3",
        "CACHE_URL": "locmemcache://",
    })
    os.environ.pop("SERVICE_MODE", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def run() -> int:
    from deadlines import calendar
    from deadlines.models import CalendarDay

    add_closures()
    corrections = CalendarDay.objects.values_list("date", "kind")
    holidays = tuple(d for d, kind in corrections if kind != CalendarDay.Kind.WORKING_DAY)
    working = tuple(d for d, kind in corrections if kind == CalendarDay.Kind.WORKING_DAY)
    pairs = random_pairs()
    calendar.add_working_days(FIRST, 1)  # build this process's copy before timing

    ours, our_seconds = timed(calendar.add_working_days, pairs)
    theirs, their_seconds = timed(workalendar_add(holidays, working), pairs)

    same = sum(a == b for a, b in zip(ours, theirs, strict=True))
    print(f"Corrections given to workalendar as extra holidays: "
          f"{', '.join(f'{d:%-d %b %Y}' for d in holidays)}")
    print(f"{PAIRS:,} pairs, seed {SEED}: start {FIRST} to {LAST}, n from -40 to 40")
    print(f"identical answers: {same:,} of {PAIRS:,}")
    print(f"deadlines.calendar.add_working_days: {PAIRS / our_seconds:12,.0f} calls/s")
    print(f"workalendar UnitedKingdom():         {PAIRS / their_seconds:12,.0f} calls/s")
    print(f"speed-up: {their_seconds / our_seconds:,.0f} times")
    if same != PAIRS:
        for (start, n), a, b in zip(pairs, ours, theirs, strict=True):
            if a != b:
                print(f"  differs: {start} {n:+d}: ours {a}, workalendar {b}")
                break
        return 1
    return 0


def add_closures() -> None:
    from deadlines.calendar_days import add_calendar_day
    from safeguarding.models import Agency, Role, User

    agency = Agency.objects.create(name="Benchmark", kind=Agency.Kind.OTHER)
    actor = User.objects.create_user("bench@example.org", full_name="Benchmark",
                                     agency=agency, role=Role.ADMINISTRATOR)
    for day in CLOSURES:
        add_calendar_day(actor=actor, day=day, kind="closure", reason="Benchmark closure")


def random_pairs() -> list[tuple[date, int]]:
    rng = random.Random(SEED)  # noqa: S311 (a repeatable sample, not a secret)
    span = (LAST - FIRST).days + 1
    return [(FIRST + timedelta(days=rng.randrange(span)), rng.randint(-40, 40))
            for _ in range(PAIRS)]


def workalendar_add(holidays: tuple[date, ...], working: tuple[date, ...]) -> Add:
    from workalendar.europe import UnitedKingdom

    library = UnitedKingdom()

    # No adaptation is needed: workalendar 17 steps one day at a time from the start, forward
    # for n > 0 and backward for n < 0 (the same as sub_working_days(start, -n)), counting
    # only working days, so the start never counts and n = 0 returns the start: our
    # definition. The check of all 100,000 answers below is what shows it.
    def add(start: date, n: int) -> date:
        return library.add_working_days(start, n, extra_working_days=working,
                                        extra_holidays=holidays)

    return add


def timed(add: Add, pairs: list[tuple[date, int]]) -> tuple[list[date], float]:
    began = time.perf_counter()
    answers = [add(start, n) for start, n in pairs]
    return answers, time.perf_counter() - began


if __name__ == "__main__":
    sys.exit(main())
