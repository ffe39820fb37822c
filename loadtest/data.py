"""Demo data scaled up for `make loadtest`: bulk-inserted cases on top of the demo partnership
and its sample cases, each with a submitted referral, a child, its first decision record and
ten deadlines. Old cases are closed with their deadlines met; recent ones are open with their
deadlines around today. Every name is invented."""

import random
from collections.abc import Iterator
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

BATCH = 2_000
PER_CASE = 10  # deadlines per case, one for each of the first ten clocks
REFERRERS = 200  # agency contributors the bulk referrals are spread over
YEARS = 5

FIRST = ["Amelia", "Oliver", "Isla", "Noah", "Ava", "Leo", "Mia", "Arlo", "Freya", "Theo",
         "Ivy", "Finley", "Grace", "Jude", "Rosie", "Alfie", "Esme", "Reuben", "Zara", "Kai"]
LAST = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fisher", "Green", "Hughes", "Iqbal",
        "Jones", "Khan", "Lewis", "Morgan", "Novak", "O'Brien", "Patel", "Quinn", "Rahman",
        "Singh", "Taylor", "Walsh", "Young"]


def fill(total: int) -> int:
    """Add cases until there are ``total``; returns how many deadlines there are."""
    from cases.models import Case
    from deadlines.models import Clock, Deadline
    from safeguarding import figures_cache

    rng = random.Random(2026)  # noqa: S311  a repeatable sample, not a secret
    referrers = _referrers()
    clocks = list(Clock.objects.order_by("pk")[:PER_CASE])
    today = timezone.localdate()
    numbers: dict[int, int] = {}
    wanted = total - Case.objects.count()
    while wanted > 0:
        size = min(BATCH, wanted)
        with transaction.atomic():
            cases = Case.objects.bulk_create(_cases(rng, size, today, numbers))
            _related(rng, cases, referrers, clocks, today)
        wanted -= size
    _count_references(numbers)
    figures_cache.changed()  # written directly, not through the services that say so
    return Deadline.objects.count()


def _referrers() -> list:
    """Agency contributors across the demo agencies, who cannot sign in, plus the demo
    school's contributor with the same share as any other."""
    from django.contrib.auth.hashers import make_password

    from safeguarding.models import Agency, Role, User

    unusable = make_password(None)
    agencies = list(Agency.objects.order_by("pk"))
    User.objects.bulk_create(
        User(email=f"referrer{n}@example.org", full_name=f"Referrer {n}", password=unusable,
             role=Role.AGENCY_CONTRIBUTOR, agency=agencies[n % len(agencies)])
        for n in range(REFERRERS))
    return list(User.objects.select_related("agency").filter(
        role=Role.AGENCY_CONTRIBUTOR, email__startswith="referrer")) + list(
        User.objects.select_related("agency").filter(email="school@example.org"))


def _status(rng: random.Random, days_ago: int) -> str:
    from cases.models import Case

    S = Case.Status
    if days_ago < 10:
        return rng.choice([S.REFERRED, S.SCREENING])
    if days_ago < 120:
        return rng.choice([S.NOTIFICATION_DUE, S.NOTIFIED, S.RAPID_REVIEW, S.LEARNING,
                           S.LCSPR_TO_COMMISSION, S.NO_FURTHER_ACTION])
    return rng.choices([S.NO_FURTHER_ACTION, S.NO_REVIEW, S.LEARNING_DECIDED, S.WITHDRAWN,
                        S.NATIONAL_REVIEW, S.LEARNING_REVIEW], weights=[40, 25, 20, 5, 5, 5])[0]


def _decision(status: str) -> str:
    from cases.models import Case

    S, D = Case.Status, Case.ScreeningDecision
    if status in (S.REFERRED, S.SCREENING, S.WITHDRAWN):
        return ""
    if status in (S.LEARNING, S.LEARNING_DECIDED):
        return D.LEARNING
    return D.NO_FURTHER_ACTION if status == S.NO_FURTHER_ACTION else D.NOTIFY


def _cases(rng: random.Random, size: int, today: date, numbers: dict[int, int]) -> Iterator:
    from cases.models import Case

    for _ in range(size):
        days_ago = rng.randint(1, YEARS * 365)
        received = today - timedelta(days=days_ago)
        # After the demo's own numbers, which the reference counter gives out from 1.
        numbers[received.year] = numbers.get(received.year, 100) + 1
        status = _status(rng, days_ago)
        decision = _decision(status)
        yield Case(
            reference=f"SI-{received.year}-{numbers[received.year]:04d}", status=status,
            received_on=received,
            partners_informed_on=None if status == Case.Status.REFERRED
            else received + timedelta(days=1),
            screening_decision=decision,
            screening_rationale="Agreed by the partners." if decision else "",
            screening_decided_on=received + timedelta(days=3) if decision else None)


def _related(rng: random.Random, cases: list, referrers: list, clocks: list,
             today: date) -> None:
    from django.contrib.contenttypes.models import ContentType

    from deadlines.models import Deadline
    from forms.models import Child, Referral
    from safeguarding.models import Decision

    referrals = Referral.objects.bulk_create(_referral(rng, case, referrers) for case in cases)
    Child.objects.bulk_create(
        Child(referral=referral, full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
              date_of_birth=referral.submitted_on - timedelta(days=rng.randint(60, 6000)),
              gender=Child.Gender.NOT_KNOWN, address="Northmoor")
        for referral in referrals)
    case_type = ContentType.objects.get_for_model(cases[0])
    Decision.objects.bulk_create(
        Decision(content_type=case_type, object_id=case.pk, case_id=case.pk, record="Case",
                 transition="receive_referral", what="Referral received",
                 to_state="referred", to_label="Referred", reason="Referral received",
                 day=timezone.localdate())  # bulk_create skips save(), which keeps the day
        for case in cases)
    Deadline.objects.bulk_create(
        (_deadline(rng, case, clock, today) for case in cases for clock in clocks),
        batch_size=5_000)


def _referral(rng: random.Random, case, referrers: list):
    from forms.models import Referral

    R = Referral
    author = rng.choice(referrers)
    return Referral(
        status=R.Status.SUBMITTED, case=case, created_by=author, agency=author.agency,
        submitted_on=case.received_on, route=R.Route.NOTIFICATION, place=R.Place.IN_AREA,
        outcome=rng.choice([R.Outcome.DIED, R.Outcome.SERIOUSLY_HARMED]),
        abuse_or_neglect=rng.choice([R.AbuseOrNeglect.KNOWN, R.AbuseOrNeglect.SUSPECTED]),
        looked_after="no", regulated_setting="no", care_leaver="no",
        referrer_name=author.full_name, referrer_organisation=author.agency.name,
        referrer_email=author.email)


def _deadline(rng: random.Random, case, clock, today: date):
    from deadlines.models import Deadline

    if case.is_open:
        due = today + timedelta(days=rng.randint(-30, 40))
        met = due - timedelta(days=1) if rng.random() < 0.4 else None
    else:
        due = case.received_on + timedelta(days=rng.randint(5, 90))
        met = due - timedelta(days=1)
    State = Deadline.State
    return Deadline(
        clock=clock, case=case, record_type="cases.case", record_id=case.pk,
        owner_agency=case.referral.agency if clock.code.startswith("agency") else None,
        starts_on=due - timedelta(days=7), due_on=due, met_on=met,
        state=State.MET if met else State.OVERDUE if due < today else State.OPEN)


def _count_references(numbers: dict[int, int]) -> None:
    """So that a referral made after the load gets the next free number of its year."""
    from cases.models import ReferenceCounter

    for year, last in numbers.items():
        counter, _ = ReferenceCounter.objects.get_or_create(year=year)
        counter.last_number = max(counter.last_number, last)
        counter.save()
