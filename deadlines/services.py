"""Writes to the deadlines app: deriving deadlines from records, and the timescale policy."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from safeguarding.models import User

from . import calendar, registry
from .models import Clock, Deadline


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
            continue
        due_on, met_on = due_date(clock, starts_on), rule.met_on(record)
        waived = rule.waived(record)
        values = {
            "case": rule.case(record), "owner_agency": rule.owner_agency(record),
            "starts_on": starts_on, "due_on": due_on, "met_on": met_on,
            "state": derived_state(due_on=due_on, met_on=met_on, waived=waived, today=today),
            "waived_reason": waived,
        }
        if deadline is None:
            Deadline.objects.create(clock=clock, record_type=record_type, record_id=record.pk,
                                    **values)
        elif any(getattr(deadline, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(deadline, name, value)
            deadline.save()


LOOSER = "A statutory timescale can be tightened locally, never loosened: the law allows at " \
         "most {limit} {unit}."


@transaction.atomic
def change_clock(*, clock: Clock, actor: User, amount: int, reminder_working_days: int) -> None:
    """The local timescale policy. Recompute the deadlines afterwards (recompute_deadlines)."""
    if not actor.has_perm("deadlines.change_clock", clock):
        raise PermissionDenied
    check_clock_amount(clock, amount)
    clock.amount, clock.reminder_working_days = amount, reminder_working_days
    clock._history_user = actor
    clock.save(update_fields=["amount", "reminder_working_days"])


def check_clock_amount(clock: Clock, amount: int) -> None:
    """Refuse a statutory clock looser than the law: more time after its start, or, for a
    clock that runs before an event (a report sent 7 working days before publication), less."""
    if amount < 1:
        raise ValidationError("A timescale must be at least 1")
    limit = clock.statutory_amount
    if not clock.statutory or limit is None:
        return
    if clock.direction == Clock.Direction.BEFORE and amount < limit:
        raise ValidationError(f"A statutory timescale can be tightened locally, never "
                              f"loosened: it must be at least {limit} "
                              f"{clock.get_unit_display()} before.")
    if clock.direction == Clock.Direction.AFTER and amount > limit:
        raise ValidationError(LOOSER.format(limit=limit, unit=clock.get_unit_display()))


# The sweep: reminders, due-today and overdue notices, each stage sent once.

def _recipients(responsible: str) -> list[int]:
    """The people told about a deadline; the business unit is always among them."""
    from safeguarding.models import Agency, Role

    people = User.objects.filter(is_active=True)
    roles = models.Q(role=Role.BUSINESS_UNIT)
    if responsible == Clock.Responsible.PARTNERS:
        roles |= models.Q(role=Role.SAFEGUARDING_PARTNER)
    if responsible == Clock.Responsible.LOCAL_AUTHORITY:
        roles |= models.Q(role=Role.SAFEGUARDING_PARTNER,
                          agency__kind=Agency.Kind.LOCAL_AUTHORITY)
    return list(people.filter(roles).values_list("pk", flat=True))


def _stage_candidates(clock: Clock, stage: str, today: date) -> models.QuerySet[Deadline]:
    from .models import Notice

    deadlines = Deadline.objects.filter(clock=clock)
    if stage == Notice.Stage.REMINDER:
        horizon = calendar.add_working_days(today, clock.reminder_working_days)
        deadlines = deadlines.filter(state=Deadline.State.OPEN, due_on__gt=today,
                                     due_on__lte=horizon)
    elif stage == Notice.Stage.DUE_TODAY:
        deadlines = deadlines.filter(state=Deadline.State.OPEN, due_on=today)
    else:
        deadlines = deadlines.filter(state=Deadline.State.OVERDUE)
    return deadlines.exclude(notices__stage=stage)


def sweep_deadlines(*, today: date | None = None, batch_size: int = 2000) -> int:
    """Mark what has become overdue and make each stage's notices that do not exist yet.
    Safe to run twice, late or at the same time: a sweep that was missed catches up, and the
    unique constraint on notices lets only one of two concurrent sweeps make each notice.
    Returns how many notices it made."""
    from .models import Notice

    today = today or timezone.localdate()
    Deadline.objects.filter(state=Deadline.State.OPEN, due_on__lt=today).update(
        state=Deadline.State.OVERDUE)
    made = 0
    for clock in Clock.objects.all():
        people = _recipients(clock.responsible)
        for stage in Notice.Stage.values:
            ids = _stage_candidates(clock, stage, today).values_list("pk", flat=True)
            batch: list[Notice] = []
            for deadline_id in ids.iterator(chunk_size=batch_size):
                batch += [Notice(deadline_id=deadline_id, stage=stage, user_id=person)
                          for person in people]
                if len(batch) >= batch_size:
                    made += len(Notice.objects.bulk_create(batch, ignore_conflicts=True))
                    batch = []
            made += len(Notice.objects.bulk_create(batch, ignore_conflicts=True))
    return made


def email_notice(*, notice_id: int) -> bool:
    """Email one notice, once: the notice is claimed with a guarded UPDATE before sending,
    released if sending fails (so a retry sends it), and marked sent after."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse

    from .models import Notice

    now = timezone.now()
    if not Notice.objects.filter(pk=notice_id, email_claimed_at=None).update(
            email_claimed_at=now):
        return False
    notice = Notice.objects.select_related("deadline__clock", "deadline__case", "user").get(
        pk=notice_id)
    deadline, reference = notice.deadline, notice.deadline.case.reference
    link = settings.SITE_URL.rstrip("/") + reverse("cases:case", args=[reference])
    try:
        send_mail(
            subject=f"{notice.get_stage_display()}: {deadline.clock.name}, {reference}",
            message=(f"{deadline.clock.name} for case {reference}.\n"
                     f"Due: {deadline.due_on:%A %d %B %Y} ({deadline.clock.amount} "
                     f"{deadline.clock.get_unit_display()}, {deadline.clock.source}).\n\n"
                     f"See the case: {link}\n"),
            from_email=None, recipient_list=[notice.user.email],
        )
    except Exception:
        Notice.objects.filter(pk=notice_id).update(email_claimed_at=None)
        raise
    Notice.objects.filter(pk=notice_id).update(emailed_at=timezone.now())
    return True


def unsent_notice_ids() -> list[int]:
    from .models import Notice

    return list(Notice.objects.filter(email_claimed_at=None).values_list("pk", flat=True))


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
