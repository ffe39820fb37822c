"""Benchmark: the rapid review panel pack for 10 agencies and 300 chronology rows.

Run with `make bench`. It builds an SQLite database in a temporary folder, makes a rapid
review whose 10 agencies have each submitted a return with 30 chronology rows, renders the
pack with WeasyPrint three times (as the panel pack page does, on demand) and prints the time
of each and the page count. It exits 1
only if the pack is wrong: fewer than 300 rows in its chronology, or out of date order.
"""

import random
import sys
import tempfile
import time
from datetime import date, timedelta
from datetime import time as clock_time
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AGENCIES, ROWS_EACH = 10, 30


def main() -> int:
    sys.path[0] = str(ROOT)  # this folder holds calendar.py, which would shadow the stdlib's
    from bench.calendar import set_up_django

    with tempfile.TemporaryDirectory() as var_dir:
        set_up_django(var_dir)
        return run()


def make_review():
    from cases.models import Case
    from reviews.models import ChronologyEntry, InformationReturn, RapidReview
    from safeguarding.models import Agency, Role, User

    officer = User.objects.create_user(email="bench@example.org", full_name="Bench Officer",
                                       role=Role.BUSINESS_UNIT, agency=Agency.objects.create(
                                           name="Bench Council", kind="local_authority"))
    case = Case.objects.create(reference="SI-2026-9999", received_on=date(2026, 11, 2),
                               status=Case.Status.RAPID_REVIEW)
    review = RapidReview.objects.create(case=case, decided_on=date(2026, 11, 9),
                                        decided_by=officer, decision_note="Bench review")
    rng = random.Random(20261124)  # noqa: S311  made-up dates, not secrets
    for number in range(AGENCIES):
        agency = Agency.objects.create(name=f"Agency {number + 1:02d}", kind="other")
        item = InformationReturn.objects.create(
            review=review, agency=agency, status="submitted", requested_on=date(2026, 11, 9),
            requested_by=officer, due_on=date(2026, 11, 16), submitted_on=date(2026, 11, 13),
            completed_by_name=f"Author {number}", recommended_review="local",
            **{field: "A paragraph of the agency's account. " * 12 for field in (
                "initial_information", "involvement_with_incident", "previous_involvement",
                "practice_analysis", "immediate_action", "working_together_concerns",
                "voice_of_child")})
        ChronologyEntry.objects.bulk_create(ChronologyEntry(
            information_return=item,
            happened_on=date(2024, 1, 1) + timedelta(days=rng.randrange(1000)),
            happened_at=clock_time(rng.randrange(24), rng.randrange(60)),
            event="A significant event recorded in the agency's notes. " * 2,
            decisions="Decision and outcome.", child_seen="yes") for _ in range(ROWS_EACH))
    return review


def run() -> int:
    from reviews.rapid_review import printing, selectors

    review = make_review()
    merged = list(selectors.merged_chronology(review=review))
    in_order = all((a.happened_on, a.happened_at) <= (b.happened_on, b.happened_at)
                   for a, b in pairwise(merged))
    seconds, pdf, document = [], b"", None
    for _ in range(3):
        started = time.perf_counter()
        document = printing.panel_pack_document(review=review, partnership="Bench Partnership")
        pdf = document.write_pdf()
        seconds.append(time.perf_counter() - started)
    pages = len(document.pages)
    print(f"panel pack: {AGENCIES} agencies, {len(merged)} chronology rows, {pages} pages, "
          f"{len(pdf) / 1024:,.0f} KB: " + ", ".join(f"{s:.2f} s" for s in seconds)
          + f" (best {min(seconds):.2f} s)")
    if len(merged) != AGENCIES * ROWS_EACH or not in_order:
        print("the merged chronology is wrong")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
