"""Benchmark: the oversight pages at 20,000 cases against the plain case list (issue 15
item 8).

Run with `make bench`. It builds an SQLite database in a temporary folder and fills 2,000
cases received over the last three years, at every stage of the lifecycle, each with its
referral and child, its decision log, seven to nine deadlines of the case's clocks (met, met
late, overdue, waived or running, some with a reason for delay), a rapid review, an LCSPR and
the agencies' information returns where its stage has them, action plans of ten actions, and
learning themes on about one case in five. Signed in as a business unit officer it times each
page (the median of three after one warm-up, the aggregated figures read from the cache) and
counts its queries, then again with the figures counted afresh each time (as after a write:
safeguarding.figures_cache), and again after a write once the warm-up the worker runs then
(oversight.tasks.warm_up_figures) has counted them again; then it adds cases up
to 20,000 (about 200,000 deadlines and 20,000 actions) and does the same. One line a page:
its time and queries at each size and its time as a multiple of the case list's (the aim is
3 times at most; printed, not enforced). It exits 1 only if a page's queries differ between
the two sizes: a page's query count must not grow with the records.
"""

import logging
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES, SMALL = 20_000, 2_000
BATCH = 2_000
PER_PLAN = 10
TAGGED = 0.2  # the share of cases with learning themes
AIM = 3  # a page's time as a multiple of the case list's
PAGES = ("/cases/", "/oversight/pipeline/", "/oversight/timeliness/", "/oversight/themes/",
         "/oversight/annual-report/")
CASE_CLOCKS = ("referral_to_business_unit", "inform_partners", "partners_consider",
               "notify_national_panel", "notify_ofsted", "notify_dfe", "referrer_feedback")
REVIEW_CLOCKS = ("panel_pack_circulated", "rapid_review_meeting", "rapid_review_to_panel",
                 "lcspr_decision", "panel_response")
LCSPR_CLOCKS = ("lcspr_panel_informed", "lcspr_reviewer_told", "lcspr_terms_agreed",
                "lcspr_published", "final_report_to_panel")


def main() -> int:
    sys.path[0] = str(ROOT)  # this folder holds calendar.py, which would shadow the stdlib's
    with tempfile.TemporaryDirectory() as var_dir:
        set_up(var_dir)
        return run()


def set_up(var_dir: str) -> None:
    from bench.calendar import set_up_django

    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["TWO_FACTOR_REQUIRED"] = "false"
    set_up_django(var_dir)
    for name in ("axes", "axes.handlers.database"):  # their sign-in lines
        logging.getLogger(name).setLevel(logging.WARNING)


@dataclass
class World:
    """What every batch of cases draws on."""

    today: date
    rng: random.Random
    officer: object
    agencies: list
    referrers: list
    clocks: dict
    themes: list
    types: dict
    numbers: dict = field(default_factory=dict)
    record_ids: list = field(default_factory=lambda: [0])  # information returns' numbers


def world():
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from cases.models import Case
    from deadlines.models import Clock
    from loadtest import data
    from oversight.models import LearningTheme
    from reviews.models import Action, Lcspr, RapidReview
    from safeguarding.models import Agency, Role, User

    agencies = Agency.objects.bulk_create(
        Agency(name=f"Bench agency {n:02d}", kind=Agency.Kind.OTHER) for n in range(12))
    officer = User.objects.create_user("bench-unit@example.org", full_name="Bench Officer",
                                       role=Role.BUSINESS_UNIT, agency=agencies[0])
    return World(today=timezone.localdate(), rng=random.Random(2026),  # noqa: S311
                 officer=officer, agencies=agencies, referrers=data._referrers(),
                 clocks={clock.code: clock for clock in Clock.objects.all()},
                 themes=list(LearningTheme.objects.all()),
                 types={model: ContentType.objects.get_for_model(model)
                        for model in (Case, RapidReview, Lcspr, Action)})


# The cases and their records.

def fill(w: World, total: int) -> None:
    from django.db import transaction

    from cases.models import Case
    from safeguarding import figures_cache

    wanted = total - Case.objects.count()
    while wanted > 0:
        size = min(BATCH, wanted)
        with transaction.atomic():
            add_batch(w, size)
        wanted -= size
    figures_cache.changed()  # written directly, not through the services that say so


def add_batch(w: World, size: int) -> None:
    from cases.models import Case
    from deadlines.models import Deadline, DelayReason
    from forms.models import Child, Referral
    from loadtest import data
    from safeguarding.models import Decision

    cases = Case.objects.bulk_create(new_case(w) for _ in range(size))
    referrals = Referral.objects.bulk_create(data._referral(w.rng, case, w.referrers)
                                             for case in cases)
    Child.objects.bulk_create(
        Child(referral=referral, full_name=f"{w.rng.choice(data.FIRST)} "
                                           f"{w.rng.choice(data.LAST)}",
              date_of_birth=referral.submitted_on - timedelta(days=w.rng.randint(60, 6000)),
              gender=Child.Gender.NOT_KNOWN, address="Northmoor")
        for referral in referrals)
    agency_of = {referral.case_id: referral.agency for referral in referrals}
    reviews, lcsprs = add_reviews(w, cases)
    actions = add_actions(w, cases, reviews, lcsprs)
    decisions = [*case_decisions(w, cases), *record_decisions(w, reviews, "gathering"),
                 *record_decisions(w, lcsprs, "decided"), *record_decisions(w, actions, "agreed")]
    Decision.objects.bulk_create(decisions, batch_size=5_000)
    deadlines = [*case_deadlines(w, cases, agency_of), *review_deadlines(w, reviews),
                 *lcspr_deadlines(w, lcsprs), *action_deadlines(w, actions)]
    Deadline.objects.bulk_create(deadlines, batch_size=5_000)
    DelayReason.objects.bulk_create(delay_reasons(w, deadlines), batch_size=5_000)
    add_themes(w, cases, reviews)


def new_case(w: World):
    from cases.models import Case

    days_ago = w.rng.randint(1, 3 * 365)
    received = w.today - timedelta(days=days_ago)
    w.numbers[received.year] = number = w.numbers.get(received.year, 0) + 1
    status = case_status(w.rng, days_ago)
    decision = screening(status)
    return Case(reference=f"SI-{received.year}-{number:05d}", status=status,
                received_on=received,
                partners_informed_on=None if status == "referred" else received + timedelta(1),
                screening_decision=decision,
                screening_rationale="Agreed by the partners." if decision else "",
                screening_decided_on=received + timedelta(days=3) if decision else None)


def case_status(rng: random.Random, days_ago: int) -> str:
    if days_ago < 10:
        return rng.choice(["referred", "screening", "notification_due"])
    if days_ago < 90:
        return rng.choices(["notified", "rapid_review", "learning", "learning_to_approve",
                            "no_further_action", "withdrawn"], weights=[5, 40, 15, 5, 30, 5])[0]
    if days_ago < 365:
        return rng.choices(["lcspr_to_commission", "lcspr", "national_review", "learning_review",
                            "no_review", "learning_decided", "no_further_action", "merged"],
                           weights=[5, 15, 2, 10, 25, 15, 25, 3])[0]
    return rng.choices(["lcspr", "lcspr_ended", "learning_review", "no_review",
                        "learning_decided", "no_further_action", "withdrawn"],
                       weights=[5, 10, 3, 30, 20, 27, 5])[0]


def screening(status: str) -> str:
    if status in ("referred", "screening", "withdrawn", "merged"):
        return ""
    if status.startswith("learning_") and status != "learning_review" or status == "learning":
        return "learning"
    return "no_further_action" if status == "no_further_action" else "notify"


WITH_REVIEW = {"rapid_review", "lcspr_to_commission", "lcspr", "lcspr_ended", "national_review",
               "learning_review", "no_review"}
OPEN_REVIEW = ["gathering", "pack_circulated", "meeting_held", "recommended", "decided",
               "signed_off", "submitted", "further_information"]
OPEN_LCSPR = ["decided", "commissioning", "in_progress", "draft_report", "signed_off", "sent"]
ENDED_LCSPR = ["published", "published", "not_published", "closed", "withdrawn"]


def add_reviews(w: World, cases: list) -> tuple[list, list]:
    from reviews.models import Lcspr, RapidReview

    reviews = RapidReview.objects.bulk_create(
        RapidReview(case=case, decided_on=case.received_on + timedelta(days=6),
                    decided_by=w.officer, decision_note="Decided by the chair",
                    status=w.rng.choice(OPEN_REVIEW) if case.status == "rapid_review"
                    else "concluded", **extension(w.rng, case.received_on))
        for case in cases if case.status in WITH_REVIEW)
    lcsprs = Lcspr.objects.bulk_create(
        Lcspr(case=case, decided_on=case.received_on + timedelta(days=30),
              status=w.rng.choice(OPEN_LCSPR if case.status == "lcspr" else ENDED_LCSPR),
              **delay_told(w.rng, case.received_on))
        for case in cases if case.status in ("lcspr", "lcspr_ended"))
    return reviews, lcsprs


def extension(rng: random.Random, received: date) -> dict:
    if rng.random() > 0.1:
        return {}
    return {"extension_notified_on": received + timedelta(days=20),
            "extension_reason": "The police investigation holds the chronologies"}


def delay_told(rng: random.Random, received: date) -> dict:
    if rng.random() > 0.3:
        return {}
    return {"delay_told_on": received + timedelta(days=150), "delay_kind": "criminal_proceedings",
            "delay_text": "The trial is listed for next spring"}


ACTION_STATUSES = ["proposed", "agreed", "in_progress", "completed", "evidence_accepted",
                   "not_implemented"]


def add_actions(w: World, cases: list, reviews: list, lcsprs: list) -> list:
    """Ten actions to a plan: plans for some of the rapid reviews and LCSPRs, and a thematic
    plan for one case in a hundred."""
    from reviews.models import Action, ActionPlan

    sources = [(review.case, "rapid_review", review.decided_on) for review in reviews
               if w.rng.random() < 0.11]
    sources += [(lcspr.case, "lcspr", lcspr.decided_on + timedelta(days=180))
                for lcspr in lcsprs if w.rng.random() < 0.3]
    sources += [(None, "thematic", w.today - timedelta(days=w.rng.randint(30, 900)))
                for _ in range(len(cases) // 100)]
    plans = ActionPlan.objects.bulk_create(
        ActionPlan(source=source, title="Strategy discussions", case=case,
                   created_on=min(made, w.today)) for case, source, made in sources)
    return Action.objects.bulk_create((new_action(w, plan, number)
                                       for plan in plans for number in range(1, PER_PLAN + 1)),
                                      batch_size=2_000)


def new_action(w: World, plan, number: int):
    from reviews.models import Action

    status = w.rng.choice(ACTION_STATUSES)
    agreed = None if status == "proposed" else plan.created_on + timedelta(days=14)
    due = plan.created_on + timedelta(days=w.rng.randint(60, 400))
    done = status in ("completed", "evidence_accepted")
    return Action(plan=plan, number=number, status=status, owner_agency=w.rng.choice(w.agencies),
                  action="Audit the strategy discussions held within three working days.",
                  lead="Named lead", due_on=due, original_due_on=due, agreed_on=agreed,
                  completed_on=min(due + timedelta(days=w.rng.randint(-40, 30)), w.today)
                  if done else None,
                  not_implemented_reason="Superseded by the national review"
                  if status == "not_implemented" else "")


# The decision log: each record's way to its present state.

def at(day: date) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, clock_time(10, 30)))


def decision(w: World, record, model, from_state: str, to_state: str, day: date, case_id):
    from safeguarding.models import Decision

    return Decision(content_type=w.types[model], object_id=record.pk, case_id=case_id,
                    record=model.__name__, transition="bench", what="Moved on",
                    from_state=from_state, to_state=to_state, to_label=to_state,
                    actor=w.officer, at=at(min(day, w.today)), day=min(day, w.today),
                    reason="")


def case_decisions(w: World, cases: list):
    """Referred, with the partners, then the stage reached (through the rapid review when
    there was one)."""
    from cases.models import Case

    for case in cases:
        steps = ["", "referred", "screening"]
        if case.status in WITH_REVIEW and case.status != "rapid_review":
            steps.append("rapid_review")
        if case.status not in steps:
            steps.append(case.status)
        day = case.received_on
        for before, after in zip(steps, steps[1:], strict=False):
            yield decision(w, case, Case, before, after, day, case.pk)
            day += timedelta(days=w.rng.randint(1, 20))


def record_decisions(w: World, records: list, first: str):
    for record in records:
        model = type(record)
        case_id = getattr(record, "case_id", None) or getattr(record.plan, "case_id", None)
        started = getattr(record, "decided_on", None) or record.agreed_on or record.due_on
        if getattr(record, "status", "") == "proposed":
            yield decision(w, record, model, "", "proposed", record.plan.created_on, case_id)
            continue
        yield decision(w, record, model, "", first, started, case_id)
        if record.status != first:
            yield decision(w, record, model, first, record.status,
                           started + timedelta(days=w.rng.randint(5, 120)), case_id)


# The deadlines.

def deadline(w: World, code: str, case, record_type: str, record_id: int, starts: date,
             days: int, agency=None, running: bool = True):
    """A deadline of ``days`` days from ``starts``, its outcome drawn: met most often, met
    late, waived or (while its record runs) overdue."""
    from deadlines.models import Deadline, late_by

    due = starts + timedelta(days=days)
    met, state = None, "open"
    roll = w.rng.random()
    if due < w.today:
        if roll < 0.62:
            met, state = due - timedelta(days=w.rng.randint(0, min(days, 4))), "met"
        elif roll < 0.85 or not running:
            met, state = min(due + timedelta(days=w.rng.randint(1, 40)), w.today), "met_late"
        elif roll < 0.9:
            state = "waived"
        else:
            state = "overdue"
    elif roll < 0.4:
        met, state = min(starts + timedelta(days=1), w.today), "met"
    return Deadline(clock=w.clocks[code], case=case, record_type=record_type,
                    record_id=record_id, owner_agency=agency, starts_on=starts, due_on=due,
                    met_on=met, state=state, working_days_late=late_by(state, due, met),
                    waived_reason="The case was closed" if state == "waived" else "")


def case_deadlines(w: World, cases: list, agency_of: dict):
    for case in cases:
        for number, code in enumerate(CASE_CLOCKS):
            if code == "referrer_feedback" and not case.screening_decision:
                continue
            yield deadline(w, code, case, "cases.case", case.pk, case.received_on,
                           3 + 2 * number, agency_of[case.pk] if number == 0 else None,
                           running=case.is_open)


def review_deadlines(w: World, reviews: list):
    for review in reviews:
        running = review.status != "concluded"
        for number, code in enumerate(REVIEW_CLOCKS):
            yield deadline(w, code, review.case, "cases.case", review.case_id,
                           review.decided_on, 7 + 5 * number, running=running)
        for agency in w.rng.sample(w.agencies, w.rng.randint(1, 3)):
            w.record_ids[0] += 1
            yield deadline(w, "agency_information_return", review.case,
                           "reviews.informationreturn", w.record_ids[0], review.decided_on, 7,
                           agency, running=running)


def lcspr_deadlines(w: World, lcsprs: list):
    for lcspr in lcsprs:
        running = lcspr.status in OPEN_LCSPR
        for number, code in enumerate(LCSPR_CLOCKS):
            yield deadline(w, code, lcspr.case, "reviews.lcspr", lcspr.pk, lcspr.decided_on,
                           7 + 45 * number, running=running)


def action_deadlines(w: World, actions: list):
    for action in actions:
        if action.status != "proposed":
            yield deadline(w, "action_due", action.plan.case, "reviews.action", action.pk,
                           action.agreed_on, (action.due_on - action.agreed_on).days,
                           action.owner_agency,
                           running=action.status in ("agreed", "in_progress"))


def delay_reasons(w: World, deadlines: list):
    from deadlines.models import DelayReason

    kinds = list(DelayReason.Kind)
    for late in deadlines:
        if late.state in ("met_late", "overdue") and late.case and w.rng.random() < 0.3:
            yield DelayReason(clock=late.clock, case=late.case, record_type=late.record_type,
                              record_id=late.record_id, kind=w.rng.choice(kinds),
                              text="Waiting for the inquest", recorded_by=w.officer)


def add_themes(w: World, cases: list, reviews: list) -> None:
    from oversight.models import ThemeTag

    review_of = {review.case_id: review for review in reviews}
    tags = []
    for case in cases:
        if w.rng.random() >= TAGGED:
            continue
        on = min(case.received_on + timedelta(days=30), w.today)
        tags += [ThemeTag(theme=theme, case=case, tagged_by=w.officer, tagged_on=on)
                 for theme in w.rng.sample(w.themes, w.rng.randint(1, 3))]
        if case.pk in review_of:
            tags.append(ThemeTag(theme=w.rng.choice(w.themes), case=case,
                                 rapid_review=review_of[case.pk], tagged_by=w.officer,
                                 tagged_on=on))
    ThemeTag.objects.bulk_create(tags, batch_size=5_000)


# The pages.

@dataclass(frozen=True)
class Measure:
    ms: float
    queries: int
    cold_ms: float  # the figures counted afresh (safeguarding.figures_cache), as after a write
    cold_queries: int
    warmed_ms: float  # after a write and the warm-up the worker runs then (oversight.warm_up)
    warmed_queries: int


def warmed_up() -> float:
    """After a write, what the worker runs once it commits: its time in ms."""
    from oversight.warm_up import warm_up_figures
    from safeguarding import figures_cache

    figures_cache.changed()
    started = time.perf_counter()
    warm_up_figures()
    return (time.perf_counter() - started) * 1000


def measure(officer) -> dict[str, Measure]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from safeguarding import figures_cache

    client = Client()
    client.force_login(officer)
    found = {}
    for page in PAGES:
        assert client.get(page).status_code == 200, page  # the warm-up
        timed = {}
        for mode in ("cached", "afresh", "warmed"):
            times, counts = [], []
            for _ in range(3):
                if mode == "afresh":
                    figures_cache.changed()
                elif mode == "warmed":
                    warmed_up()
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(page)
                    times.append(time.perf_counter() - started)
                assert response.status_code == 200, (page, response.status_code)
                counts.append(len(queries))
            timed[mode] = (statistics.median(times) * 1000, max(counts))
        found[page] = Measure(*timed["cached"], *timed["afresh"], *timed["warmed"])
    return found


def counts() -> str:
    from cases.models import Case
    from deadlines.models import Deadline, DelayReason
    from oversight.models import ThemeTag
    from reviews.models import Action, Lcspr, RapidReview
    from safeguarding.models import Decision

    return ", ".join(f"{model.objects.count():,} {name}" for model, name in (
        (Case, "cases"), (Deadline, "deadlines"), (DelayReason, "reasons for delay"),
        (RapidReview, "rapid reviews"), (Lcspr, "LCSPRs"), (Action, "actions"),
        (Decision, "decisions"), (ThemeTag, "theme tags")))


def run() -> int:
    w = world()
    started = time.perf_counter()
    fill(w, SMALL)
    small_fill = time.perf_counter() - started
    print(f"oversight at {SMALL:,} cases ({small_fill:.0f} s to fill): {counts()}")
    small = measure(w.officer)
    small_warm_up = statistics.median(warmed_up() for _ in range(3))
    started = time.perf_counter()
    fill(w, CASES)
    print(f"oversight at {CASES:,} cases ({time.perf_counter() - started:.0f} s to fill): "
          f"{counts()}")
    large = measure(w.officer)
    warm_up = statistics.median(warmed_up() for _ in range(3))
    base_small, base = small[PAGES[0]].ms, large[PAGES[0]].ms
    wrong = []
    for page in PAGES:
        few, many = small[page], large[page]
        ratio = many.ms / base
        over = f"  over {AIM}x" if ratio > AIM else ""
        print(f"  {page:28} {many.ms:8.0f} ms {many.queries:3} queries at {CASES:,} | "
              f"{few.ms:6.0f} ms {few.queries:3} queries at {SMALL:,} | "
              f"{ratio:4.1f}x the case list ({few.ms / base_small:4.1f}x){over} | "
              f"counted afresh: {many.cold_ms:6.0f} ms {many.cold_queries:3} queries "
              f"({many.cold_ms / base:4.1f}x) | "
              f"after a write, warmed: {many.warmed_ms:6.0f} ms {many.warmed_queries:3} "
              f"queries ({many.warmed_ms / base:4.1f}x)")
        if ((few.queries, few.cold_queries, few.warmed_queries)
                != (many.queries, many.cold_queries, many.warmed_queries)):
            wrong.append(f"{page}: {few.queries} ({few.cold_queries} afresh, "
                         f"{few.warmed_queries} warmed) queries at {SMALL:,} cases, "
                         f"{many.queries} ({many.cold_queries}, {many.warmed_queries}) "
                         f"at {CASES:,}")
    print(f"  the warm-up after a write (the worker's, oversight.tasks.warm_up_figures): "
          f"{warm_up:.0f} ms at {CASES:,} | {small_warm_up:.0f} ms at {SMALL:,}")
    for line in wrong:
        print(line)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
