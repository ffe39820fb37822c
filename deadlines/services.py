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
        due_on = rule.due_on(record) or due_date(clock, starts_on)
        met_on = rule.met_on(record)
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


def record_removed(record: models.Model, reason: str) -> None:
    """Before a record with clocks is deleted: its running deadlines are waived, and kept."""
    Deadline.objects.filter(record_type=registry.label(record), record_id=record.pk,
                            state__in=(Deadline.State.OPEN, Deadline.State.OVERDUE)).update(
        state=Deadline.State.WAIVED, waived_reason=reason)


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
    clock._history_user = actor
    clock.save(update_fields=["amount", "reminder_working_days"])
    transaction.on_commit(recompute_deadlines.delay)


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

AGENCY_CLOCKS = (Clock.Responsible.REFERRER, Clock.Responsible.AGENCY,
                 Clock.Responsible.ACTION_OWNER)


def _told_of(responsible: str) -> models.Q:
    """Who is told of every deadline of a clock: the business unit always, and the people
    the clock's row names (managers for escalations, the L&D chair among them)."""
    from safeguarding.models import Agency, Role

    people = models.Q(role=Role.BUSINESS_UNIT)
    if responsible == Clock.Responsible.PARTNERS:
        people |= models.Q(role=Role.SAFEGUARDING_PARTNER)
    if responsible == Clock.Responsible.LOCAL_AUTHORITY:
        people |= models.Q(role=Role.SAFEGUARDING_PARTNER,
                           agency__kind=Agency.Kind.LOCAL_AUTHORITY)
    if responsible in (Clock.Responsible.HEAD_OF_SERVICE, Clock.Responsible.CHIEF_OFFICER):
        people |= models.Q(role=Role.MANAGER)
    return people


def _agency_people(responsible: str) -> dict[int, list[int]]:
    """For clocks an agency answers for, its contributors (the Chief Officer step also tells
    the agency's safeguarding partner), by agency."""
    from safeguarding.models import Role

    roles = []
    if responsible in AGENCY_CLOCKS:
        roles.append(Role.AGENCY_CONTRIBUTOR)
    if responsible == Clock.Responsible.CHIEF_OFFICER:
        roles.append(Role.SAFEGUARDING_PARTNER)
    by_agency: dict[int, list[int]] = {}
    for person, agency in User.objects.filter(is_active=True, role__in=roles).values_list(
            "pk", "agency_id"):
        by_agency.setdefault(agency, []).append(person)
    return by_agency


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


def sweep_deadlines(*, today: date | None = None) -> int:
    """Mark what has become overdue and make each stage's notices that do not exist yet.
    Safe to run twice, late or at the same time: a sweep that was missed catches up, and the
    unique constraint on notices lets only one of two concurrent sweeps make each notice.
    One INSERT ... SELECT per clock and stage, whatever the number of deadlines. Returns how
    many notices it made."""
    from .models import Notice

    today = today or timezone.localdate()
    Deadline.objects.filter(state=Deadline.State.OPEN, due_on__lt=today).update(
        state=Deadline.State.OVERDUE)
    made = 0
    for clock in Clock.objects.all():
        everyone = list(User.objects.filter(_told_of(clock.responsible), is_active=True)
                        .values_list("pk", flat=True))
        agency_people = [person for people in _agency_people(clock.responsible).values()
                         for person in people]
        for stage in Notice.Stage.values:
            made += _insert_notices(_stage_candidates(clock, stage, today), stage=stage,
                                    everyone=everyone, agency_people=agency_people)
    return made


def _insert_notices(candidates: models.QuerySet, *, stage: str, everyone: list[int],
                    agency_people: list[int]) -> int:
    """Notices of one stage for every candidate deadline, to everyone listed and to the
    agency people of the deadline's own agency; those that exist already are skipped."""
    from django.db import connection

    from .models import Notice

    if not (everyone or agency_people):
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
    # Only table names from the models and %s placeholders are put into the text.
    sql = (f"INSERT INTO {notice} (deadline_id, stage, user_id, created_at) "  # noqa: S608
           f"SELECT d.id, %s, u.id, %s FROM {deadline} d JOIN {user} u ON "
           f"({' OR '.join(told)}) WHERE d.id IN ({deadlines_sql}) "
           "ON CONFLICT (deadline_id, stage, user_id) DO NOTHING")
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
    """Subject and body: the case reference and the clock, never a name."""
    from django.conf import settings
    from django.urls import reverse

    deadline, clock = notice.deadline, notice.deadline.clock
    reference = deadline.case.reference
    stage = "Escalation" if clock.is_escalation else notice.get_stage_display()
    link = settings.SITE_URL.rstrip("/") + reverse("cases:case", args=[reference])
    body = (f"{clock.name} for case {reference}.\n\n"
            f"Due: {deadline.due_on:%A %-d %B %Y}\n"
            f"Timescale: {clock.timescale} ({clock.source})\n"
            f"Met when: {clock.met_by}\n\n"
            f"See the case: {link}\n")
    return f"{stage}: {clock.name}, {reference}", body


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
