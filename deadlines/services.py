"""Writes to the deadlines app: deriving deadlines from records, and the timescale policy."""

import logging
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from safeguarding import figures_cache, workflow
from safeguarding.models import User

from . import calendar, registry
from .models import Clock, Deadline, DelayReason, late_by

logger = logging.getLogger(__name__)


def due_date(clock: Clock, starts_on: date) -> date:
    """When a clock that started on ``starts_on`` falls due."""
    amount = -clock.amount if clock.direction == Clock.Direction.BEFORE else clock.amount
    if clock.unit == Clock.Unit.WORKING_DAYS:
        return calendar.add_working_days(starts_on, amount)
    if clock.unit == Clock.Unit.MONTHS:
        return calendar.add_months(starts_on, amount)
    if clock.unit == Clock.Unit.HOURS:  # deadlines are dates: 24 hours is the next day
        return starts_on + timedelta(days=-(-amount // 24))
    return starts_on + timedelta(days=amount)


def derived_state(*, due_on: date, met_on: date | None, waived: str, today: date) -> str:
    if waived:
        return Deadline.State.WAIVED
    if met_on:
        return Deadline.State.MET if met_on <= due_on else Deadline.State.MET_LATE
    return Deadline.State.OVERDUE if today > due_on else Deadline.State.OPEN


@transaction.atomic
def sync(record: models.Model) -> None:
    """Derive the complete set of a record's deadlines from the record, the policy and the
    calendar. Idempotent; a deadline that stops applying is waived, never deleted, so that
    the notices sent for it keep their history."""
    rules = registry.rules_for(record)
    if not rules:
        return
    record_type = registry.label(record)
    clocks = Clock.objects.in_bulk([rule.clock for rule in rules], field_name="code")
    existing = {d.clock_id: d for d in Deadline.objects.filter(record_type=record_type,
                                                               record_id=record.pk)}
    today = timezone.localdate()
    for rule in rules:
        clock = clocks[rule.clock]
        starts_on = rule.starts_on(record)
        deadline = existing.get(clock.pk)
        if starts_on is None:
            if deadline and deadline.state in (Deadline.State.OPEN, Deadline.State.OVERDUE):
                deadline.state, deadline.waived_reason = Deadline.State.WAIVED, "No longer applies"
                deadline.save(update_fields=["state", "waived_reason"])
                figures_cache.changed()
            continue
        due_on = rule.due_on(record) or due_date(clock, starts_on)
        met_on = rule.met_on(record)
        waived = rule.waived(record)
        values: dict[str, Any] = {
            "case": rule.case(record), "owner_agency": rule.owner_agency(record),
            "starts_on": starts_on, "due_on": due_on, "met_on": met_on,
            "state": derived_state(due_on=due_on, met_on=met_on, waived=waived, today=today),
            "waived_reason": waived,
        }
        # A change to the calendar changes this alone: compared, so the recompute saves it.
        values["working_days_late"] = late_by(values["state"], due_on, met_on)
        if deadline is None:
            Deadline.objects.create(clock=clock, record_type=record_type, record_id=record.pk,
                                    **values)
            figures_cache.changed()
        elif any(getattr(deadline, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(deadline, name, value)
            deadline.save()
            figures_cache.changed()


def record_removed(record: models.Model, reason: str) -> None:
    """Before a record with clocks is deleted: its running deadlines are waived, and kept."""
    figures_cache.changed()
    Deadline.objects.filter(record_type=registry.label(record), record_id=record.pk,
                            state__in=(Deadline.State.OPEN, Deadline.State.OVERDUE)).update(
        state=Deadline.State.WAIVED, waived_reason=reason)


# Why a statutory clock was late (issue 12): given and changed by the business unit.

def _on(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def record_delay_reason(*, deadline: Deadline, actor: User, kind: str, text: str = ""
                        ) -> DelayReason:
    """Give, or change, the reason a statutory clock was met late or is overdue: criminal
    proceedings, an inquest (with words if the business unit wants), or another reason in
    words (002; 004 section 15.5: the partners tell the Panel and the Secretary of State
    the reason for the delay). Refused, changing nothing, unless the clock is statutory and
    late, the kind is one of DelayReason.Kind, another reason has its words, and the reason
    differs from the one already given. One row of the case's decision log says what was
    given (and, for a change, what it was before); the reason is kept by clock and record,
    apart from the deadline, so that no recompute of the deadlines can lose it."""
    from .selectors import is_late

    if not actor.has_perm("deadlines.record_delay_reason", deadline):
        raise PermissionDenied("Only the business unit can do this.")
    text = text.strip()
    if kind not in DelayReason.Kind.values:
        raise ValidationError({"kind": "Select why the clock is late"})
    if kind == DelayReason.Kind.OTHER and not text:
        raise ValidationError({"text": "Enter the reason for the delay"})
    if len(text) > DelayReason.TEXT_LIMIT:
        raise ValidationError({"text": f"The reason must be {DelayReason.TEXT_LIMIT} "
                                       "characters or fewer"})
    with workflow.atomic():
        # Locked first: two people giving a reason at once are taken one after the other,
        # so that the second changes the first's; a recompute of the deadline waits too.
        locked = Deadline.objects.select_for_update().select_related("clock").get(
            pk=deadline.pk)
        clock = locked.clock
        if not clock.statutory:
            raise ValidationError(f"{clock.name} is not a statutory clock: only a statutory "
                                  "clock's delay is reported to the Panel")
        if locked.state == Deadline.State.WAIVED:
            raise ValidationError(f"{clock.name} is stopped: {locked.waived_reason}")
        if not is_late(locked):
            raise ValidationError(
                f"{clock.name} is not late: it was due on {_on(locked.due_on)} and met on "
                f"{_on(locked.met_on)}" if locked.met_on else
                f"{clock.name} is not late: it is due on {_on(locked.due_on)}")
        lateness = (f"{clock.name}, due {_on(locked.due_on)}, "
                    + (f"met {_on(locked.met_on)}" if locked.met_on else "not yet met"))
        words = DelayReason(kind=kind, text=text).summary
        reason = DelayReason.objects.filter(clock=clock, record_type=locked.record_type,
                                            record_id=locked.record_id).first()
        if reason is None:
            assert locked.case_id is not None  # statutory clocks are the clocks of a case
            reason = DelayReason(clock=clock, case_id=locked.case_id,
                                 record_type=locked.record_type, record_id=locked.record_id,
                                 kind=kind, text=text, recorded_by=actor,
                                 recorded_at=timezone.now())
            workflow.create(reason, "give_delay_reason", actor=actor,
                            reason=f"{lateness}. {words}")
        else:
            if (reason.kind, reason.text) == (kind, text):
                raise ValidationError(f"The reason for the delay is already: {words}")
            workflow.perform(reason, "change_delay_reason", actor=actor,
                             reason=f"{lateness}. Was: {reason.summary}. Now: {words}",
                             kind=kind, text=text, recorded_by=actor,
                             recorded_at=timezone.now())
    logger.info("Reason for the delay of deadline %s of case %s recorded by user %s",
                locked.pk, locked.case_id, actor.pk)
    return reason


LOOSER = "A statutory timescale can be tightened locally, never loosened: the law allows at " \
         "most {limit} {unit}."


@transaction.atomic
def change_clock(*, clock: Clock, actor: User, amount: int, reminder_working_days: int) -> None:
    """The local timescale policy; every deadline is recomputed once the change commits."""
    from .tasks import recompute_deadlines

    if not actor.has_perm("deadlines.change_clock", clock):
        raise PermissionDenied
    check_clock_amount(clock, amount)
    clock.amount, clock.reminder_working_days = amount, reminder_working_days
    clock._history_user = actor  # type: ignore[attr-defined]  # simple-history reads it
    clock.save(update_fields=["amount", "reminder_working_days"])
    transaction.on_commit(recompute_deadlines.delay)


# The timescale policy declared in code (each app's clocks.py), written after every migrate.

DECLARED = ("name", "starts", "met_by", "unit", "direction", "statutory", "statutory_amount",
            "source", "responsible")


def write_clock_policy(*, using: str = "default") -> list[str]:
    """Make the Clock table say what the apps declare (registry.declare): run after every
    migrate (apps.py), so that a clock declared beside its rule has its row. Returns the
    codes of the rows made or changed.

    What "updated" means, for a row that exists:

    - what describes the clock is the code's, and is set from the declaration: the name,
      when it starts and what meets it, the unit and direction, whether it is statutory and
      its statutory limit, the source, and who answers for it;
    - the amount and the reminder are the local policy, an administrator's to change: they
      are never overwritten, except that while a row still holds the default the code last
      declared (``default_amount``, ``default_reminder_working_days``), it follows the
      code's new default. A row made before the defaults were kept (empty) keeps its
      amount and reminder;
    - the law wins over the local policy: a statutory amount looser than the declared limit
      (the law was tightened) is brought to the limit; and an amount counted in another
      unit or direction than the declaration's means nothing any more, so it becomes the
      declared default.

    A row no clock declares any more is left as it is (its deadlines keep it); the sweep
    tells the business unit of it. Rows are saved only when something changed, each change
    in the clock's history ("Declared in code"). When an amount, unit or direction changed,
    every deadline is recomputed, as after an administrator's change."""
    rows = Clock.objects.using(using).in_bulk(field_name="code")
    changed, due_dates_changed = [], False
    for policy in registry.declarations():
        clock = rows.get(policy.code)
        if clock is None:
            clock = Clock(code=policy.code, amount=policy.amount,
                          reminder_working_days=policy.reminder_working_days)
        before = {name: getattr(clock, name) for name in
                  (*DECLARED, "amount", "reminder_working_days", "default_amount",
                   "default_reminder_working_days")}
        recounted = clock.pk and (clock.unit, clock.direction) != (policy.unit, policy.direction)
        if recounted or _untouched(clock.amount, clock.default_amount):
            clock.amount = policy.amount
        if _untouched(clock.reminder_working_days, clock.default_reminder_working_days):
            clock.reminder_working_days = policy.reminder_working_days
        for name in DECLARED:
            setattr(clock, name, getattr(policy, name))
        clock.default_amount = policy.amount
        clock.default_reminder_working_days = policy.reminder_working_days
        if clock.statutory_amount is not None and _looser_than_the_law(clock, clock.amount):
            clock.amount = clock.statutory_amount
        if clock.pk and all(getattr(clock, name) == value for name, value in before.items()):
            continue
        due_dates_changed |= bool(clock.pk) and any(
            getattr(clock, name) != before[name] for name in ("amount", "unit", "direction"))
        clock._change_reason = "Declared in code"  # type: ignore[attr-defined]  # history
        clock.save(using=using)
        changed.append(policy.code)
    if due_dates_changed:
        transaction.on_commit(_recompute_after_migrate, using=using)
    return changed


def _untouched(value: int, default: int | None) -> bool:
    """Still the default the code last declared (unknown on rows made before it was kept)."""
    return default is not None and value == default


def _recompute_after_migrate() -> None:
    """A migrate must not fail for want of a broker: say what to run instead."""
    from .tasks import recompute_deadlines

    try:
        recompute_deadlines.delay()
    except Exception:  # the broker's errors (kombu, redis, OS) have no common base
        logger.warning("The declared timescale policy changed how clocks count and the "
                       "recompute could not be queued: run manage.py recompute_deadlines",
                       exc_info=True)


def _looser_than_the_law(clock: Clock, amount: int) -> bool:
    limit = clock.statutory_amount
    if not clock.statutory or limit is None:
        return False
    if clock.direction == Clock.Direction.BEFORE or _a_minimum(clock):
        return amount < limit
    return amount > limit


def _a_minimum(clock: Clock) -> bool:
    """The statutory amount is the least time allowed (a report kept online at least a
    year), not the most (registry.ClockPolicy.at_least)."""
    declared = registry.declaration(clock.code)
    return bool(declared and declared.at_least)


def check_clock_amount(clock: Clock, amount: int) -> None:
    """Refuse a statutory clock looser than the law: more time after its start, or, for a
    clock that runs before an event (a report sent 7 working days before publication), less."""
    if amount < 1:
        raise ValidationError("A timescale must be at least 1")
    if not _looser_than_the_law(clock, amount):
        return
    limit = clock.statutory_amount
    if clock.direction == Clock.Direction.BEFORE:
        raise ValidationError(f"A statutory timescale can be tightened locally, never "
                              f"loosened: it must be at least {limit} "
                              f"{clock.get_unit_display()} before.")
    if _a_minimum(clock):
        raise ValidationError(f"A statutory minimum can be lengthened locally, never "
                              f"shortened: it must be at least {limit} "
                              f"{clock.get_unit_display()}.")
    raise ValidationError(LOOSER.format(limit=limit, unit=clock.get_unit_display()))


# The sweep: reminders, due-today and overdue notices, each stage sent once.

def recipients(clock: Clock) -> tuple[registry.Recipient, ...]:
    """Who is told of the clock's deadlines: as its declaration says; the business unit of a
    row no clock declares any more."""
    declared = registry.declaration(clock.code)
    return declared.told if declared else (registry.BUSINESS_UNIT,)


def _people(told: list[registry.Recipient]) -> list[int]:
    if not told:
        return []
    matches = models.Q()
    for recipient in told:
        if recipient.learning_group_chair:
            matches |= models.Q(chaired_learning_groups__is_active=True)
            continue
        people = models.Q(role=recipient.role)
        if recipient.agency_kind:
            people &= models.Q(agency__kind=recipient.agency_kind)
        matches |= people
    return list(User.objects.filter(matches, is_active=True).distinct().values_list(
        "pk", flat=True))


def _column(field: object) -> str:
    assert isinstance(field, models.Field) and field.column  # a foreign key of Agency
    return field.column


def _told_of(clock: Clock) -> tuple[list[int], list[int], list[str]]:
    """The people told of every deadline of the clock, those told only of the deadlines of
    their own agency (``Recipient.of_owning_agency``), and the columns of the owning agency
    that name the one person told (``Recipient.named_by_agency``)."""
    from safeguarding.models import Agency

    told = recipients(clock)
    named = [_column(Agency._meta.get_field(r.named_by_agency))
             for r in told if r.named_by_agency]
    return (_people([r for r in told if not (r.of_owning_agency or r.named_by_agency)]),
            _people([r for r in told if r.of_owning_agency]), named)


def _stage_candidates(clock: Clock, stage: str, today: date) -> models.QuerySet[Deadline]:
    from .models import Notice

    def told(of_stage: str) -> Exists:
        # Each stage once per due date: a date moved later is told again when it comes.
        return Exists(Notice.objects.filter(deadline=OuterRef("pk"), stage=of_stage,
                                            due_on=OuterRef("due_on")))

    deadlines = Deadline.objects.filter(clock=clock)
    if stage == Notice.Stage.REMINDER:
        horizon = calendar.add_working_days(today, clock.reminder_working_days)
        deadlines = deadlines.filter(state=Deadline.State.OPEN, due_on__gt=today,
                                     due_on__lte=horizon)
    elif stage == Notice.Stage.DUE_TODAY:
        deadlines = deadlines.filter(state=Deadline.State.OPEN, due_on=today)
    else:
        deadlines = deadlines.filter(state=Deadline.State.OVERDUE)
        if clock.is_escalation:  # one escalation, one email: not again the day after
            deadlines = deadlines.exclude(told(Notice.Stage.DUE_TODAY))
    return deadlines.exclude(told(stage))


def _bring_minimums_up_to_date(today: date) -> None:
    """A clock that is a minimum (registry.ClockPolicy.at_least: a report kept online at
    least a year) is met by time passing, not by anything recorded: on the day its minimum
    ends nobody touches its record. So each sweep derives again the records of those still
    running that reach their day, before anything is marked overdue or told of them."""
    codes = [policy.code for policy in registry.declarations() if policy.at_least]
    reached: dict[str, list[int]] = {}
    for record_type, record_id in Deadline.objects.filter(
            clock__code__in=codes, due_on__lte=today,
            state__in=(Deadline.State.OPEN, Deadline.State.OVERDUE)).values_list(
            "record_type", "record_id"):
        reached.setdefault(record_type, []).append(record_id)
    for record_type, ids in reached.items():
        for record in registry.records(apps.get_model(record_type)).filter(pk__in=ids):
            sync(record)


def sweep_deadlines(*, today: date | None = None) -> int:
    """Mark what has become overdue and make each stage's notices that do not exist yet.
    Safe to run twice, late or at the same time: a sweep that was missed catches up, and the
    unique constraint on notices lets only one of two concurrent sweeps make each notice.
    One INSERT ... SELECT per clock and stage, whatever the number of deadlines. Returns how
    many notices it made."""
    from .models import Notice

    today = today or timezone.localdate()
    _bring_minimums_up_to_date(today)
    if Deadline.objects.filter(state=Deadline.State.OPEN, due_on__lt=today).update(
            state=Deadline.State.OVERDUE):
        figures_cache.changed()
    made = 0
    for clock in Clock.objects.all():
        everyone, agency_people, named = _told_of(clock)
        for stage in Notice.Stage.values:
            made += _insert_notices(_stage_candidates(clock, stage, today), stage=stage,
                                    everyone=everyone, agency_people=agency_people,
                                    named=named)
    for hook in registry.after_sweep_hooks():
        hook(today)
    return made


def _insert_notices(candidates: models.QuerySet, *, stage: str, everyone: list[int],
                    agency_people: list[int], named: list[str] | None = None) -> int:
    """Notices of one stage for every candidate deadline, to everyone listed, to the agency
    people of the deadline's own agency, and to the person its agency names in each of the
    ``named`` columns; those that exist already are skipped."""
    from django.db import connection

    from safeguarding.models import Agency

    from .models import Notice

    named = named or []
    if not (everyone or agency_people or named):
        return 0
    deadlines_sql, params = candidates.values("pk").query.sql_with_params()
    notice, user, deadline = (Notice._meta.db_table, User._meta.db_table,
                              Deadline._meta.db_table)
    told = []
    if everyone:
        told.append(f"u.id IN ({', '.join(['%s'] * len(everyone))})")
    if agency_people:
        told.append(f"(u.id IN ({', '.join(['%s'] * len(agency_people))}) "
                    "AND u.agency_id = d.owner_agency_id)")
    agency = Agency._meta.db_table
    for column in named:  # a column name from the Agency model, never from input
        told.append(f"(u.is_active AND u.id IN (SELECT a.{column} FROM {agency} a "  # noqa: S608
                    "WHERE a.id = d.owner_agency_id))")
    # Only table names from the models and %s placeholders are put into the text.
    sql = (f"INSERT INTO {notice} (deadline_id, stage, user_id, due_on, created_at) "  # noqa: S608
           f"SELECT d.id, %s, u.id, d.due_on, %s FROM {deadline} d JOIN {user} u ON "
           f"({' OR '.join(told)}) WHERE d.id IN ({deadlines_sql}) "
           "ON CONFLICT (deadline_id, stage, user_id, due_on) DO NOTHING")
    with connection.cursor() as cursor:
        cursor.execute(sql, [stage, timezone.now(), *everyone, *agency_people, *params])
        return max(cursor.rowcount, 0)


CLAIM_EXPIRES = timedelta(minutes=15)


def _claimable(now):
    """Notices not emailed yet whose claim, if any, has expired: a worker that died between
    claiming and sending leaves a claim that the next sweep takes over."""
    from .models import Notice

    return Notice.objects.filter(emailed_at=None).filter(
        models.Q(email_claimed_at=None) | models.Q(email_claimed_at__lt=now - CLAIM_EXPIRES))


def notice_email(notice) -> tuple[str, str]:
    """Subject and body: the case reference (or, for a record of no case, its numbers:
    "Action 2 of action plan 7") and the clock, never a name."""
    from django.conf import settings

    deadline, clock = notice.deadline, notice.deadline.clock
    place = deadline.place
    stage = "Escalation" if clock.is_escalation else notice.get_stage_display()
    link = settings.SITE_URL.rstrip("/") + place.url if place.url else ""
    what = f"case {place.label}" if deadline.case_id else place.label
    body = (f"{clock.name} for {what}.\n\n"
            f"Due: {deadline.due_on:%A %-d %B %Y}\n"
            f"Timescale: {clock.timescale}\n"
            f"Met when: {clock.met_by}\n"
            + (f"\nSee {'the case' if deadline.case_id else 'it'}: {link}\n" if link else ""))
    return f"{stage}: {clock.name}, {place.label}", body


def email_notice(*, notice_id: int) -> bool:
    """Email one notice, once: the notice is claimed with a guarded UPDATE before sending,
    released if sending fails (so a retry sends it), and marked sent after."""
    from django.core.mail import send_mail

    from .models import Notice

    now = timezone.now()
    if not _claimable(now).filter(pk=notice_id).update(email_claimed_at=now):
        return False
    notice = Notice.objects.select_related("deadline__clock", "deadline__case", "user").get(
        pk=notice_id)
    subject, body = notice_email(notice)
    try:
        send_mail(subject=subject, message=body, from_email=None,
                  recipient_list=[notice.user.email])
    except Exception:
        Notice.objects.filter(pk=notice_id).update(email_claimed_at=None)
        raise
    Notice.objects.filter(pk=notice_id).update(emailed_at=timezone.now())
    return True


def unsent_notice_ids(*, limit: int = 5000) -> list[int]:
    """The notices to email next, oldest first; a backlog larger than ``limit`` is taken
    in turns by the following sweeps."""
    return list(_claimable(timezone.now()).order_by("pk").values_list("pk", flat=True)[:limit])


# A person's notices and calendar feed.

def mark_notices_read(*, user: User) -> int:
    return user.notices.filter(read_at=None).update(read_at=timezone.now())


@transaction.atomic
def renew_calendar_feed(*, user: User):
    """Make (or replace) the secret address of the person's calendar feed; the old address
    stops working at once."""
    import secrets

    from .models import CalendarFeed

    if not user.has_perm("deadlines.use_calendar_feed"):
        raise PermissionDenied
    feed, _ = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)})
    return feed


def revoke_calendar_feed(*, user: User) -> None:
    from .models import CalendarFeed

    CalendarFeed.objects.filter(user=user).delete()
