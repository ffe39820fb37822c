from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from .registry import Place


class CalendarDay(models.Model):
    """A correction to the England-and-Wales bank holidays the calendar library knows, or a
    day the partnership is closed. Administrators keep these; the calendar reads them."""

    class Kind(models.TextChoices):
        BANK_HOLIDAY = "bank_holiday", "Bank holiday the library does not know"
        WORKING_DAY = "working_day", "Working day the library wrongly calls a holiday"
        CLOSURE = "closure", "Partnership closure day"

    date = models.DateField(unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    reason = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y}: {self.reason}"


class Clock(models.Model):
    """One row of the timescale table: when a clock starts, what meets it and how long it
    runs. Statutory clocks may be tightened locally, never loosened. Each app declares its
    clocks' rows beside their rules (deadlines.registry.ClockPolicy); after every migrate
    services.write_clock_policy writes them here, keeping an administrator's amounts."""

    class Unit(models.TextChoices):
        HOURS = "hours", "hours"
        WORKING_DAYS = "working_days", "working days"
        CALENDAR_DAYS = "calendar_days", "calendar days"
        MONTHS = "months", "months"

    class Direction(models.TextChoices):
        AFTER = "after", "after the start"
        BEFORE = "before", "before the start"

    class Responsible(models.TextChoices):
        BUSINESS_UNIT = "business_unit", "The business unit"
        LOCAL_AUTHORITY = "local_authority", "The local authority (with the business unit)"
        PARTNERS = "partners", "The safeguarding partners"
        REFERRER = "referrer", "The referring agency"
        AGENCY = "agency", "The agency asked"
        REVIEWER = "reviewer", "The reviewer"
        ACTION_OWNER = "action_owner", "The action's owner"
        # The overdue actions' escalations (004 section 16.2): the owning agency's named
        # people answer, not every manager.
        HEAD_OF_SERVICE = "head_of_service", "The owning agency's head of service"
        CHIEF_OFFICER = "chief_officer", "The owning agency's chief officer"

    ESCALATED_TO = {Responsible.HEAD_OF_SERVICE: "Head of service",
                    Responsible.CHIEF_OFFICER: "Chief officer"}

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    starts = models.CharField("starts when", max_length=200)
    met_by = models.CharField("met when", max_length=200)
    amount = models.PositiveIntegerField()
    unit = models.CharField(max_length=16, choices=Unit.choices)
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.AFTER)
    statutory = models.BooleanField(default=False)
    statutory_amount = models.PositiveIntegerField(
        null=True, blank=True, help_text="The statutory limit: the amount can be tightened, "
                                         "never loosened beyond it.")
    source = models.CharField(max_length=200, help_text="Where the timescale comes from")
    responsible = models.CharField(max_length=32, choices=Responsible.choices)
    reminder_working_days = models.PositiveSmallIntegerField(
        default=2, help_text="Send a reminder this many working days before the due date "
                             "(0: no reminder)")
    default_amount = models.PositiveIntegerField(
        null=True, blank=True, help_text="The amount the code declares: while the amount is "
                                         "still this one, it follows the code's changes.")
    default_reminder_working_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The reminder the code declares: while the reminder "
                                         "is still this one, it follows the code's changes.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def timescale(self) -> str:
        """"5 working days after the start", "1 month after the start"."""
        unit = self.get_unit_display()
        if self.amount == 1:
            unit = unit.replace("days", "day").replace("months", "month").replace(
                "hours", "hour")
        return f"{self.amount} {unit} {self.get_direction_display()}"

    @property
    def is_escalation(self) -> bool:
        return self.responsible in (self.Responsible.HEAD_OF_SERVICE,
                                    self.Responsible.CHIEF_OFFICER)


class Deadline(models.Model):
    """One clock running for one record of a case. Derived data: deadlines.sync(record)
    makes and remakes them from the record and the calendar. Why a statutory clock was late
    is not derived: it is kept apart, in DelayReason, which sync never writes."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        MET = "met", "Met"
        MET_LATE = "met_late", "Met late"
        OVERDUE = "overdue", "Overdue"
        WAIVED = "waived", "Waived"

    clock = models.ForeignKey(Clock, on_delete=models.PROTECT, related_name="deadlines")
    # None for a record of no case (an action of a national review's plan): see ``place``.
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="deadlines")
    record_type = models.CharField(max_length=64, help_text="app_label.model of the record")
    record_id = models.PositiveBigIntegerField()
    owner_agency = models.ForeignKey("safeguarding.Agency", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    starts_on = models.DateField()
    due_on = models.DateField(db_index=True)
    met_on = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    waived_reason = models.TextField(blank=True)
    # For a deadline met late, the working days from its due date to the day it was met: kept
    # on each save (and so by sync, which a change to the calendar reruns), for the timeliness
    # figures to count in the database. None otherwise; an overdue one is late by today.
    working_days_late = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["clock", "record_type", "record_id"],
                                    name="one_deadline_per_clock_and_record"),
        ]
        indexes = [
            models.Index(fields=["state", "due_on"]),
            # The dashboard and the work lists read running deadlines soonest first; most
            # rows are met, so an index of the running ones alone is small and read in order.
            models.Index(fields=["due_on", "id"], name="running_deadlines_by_due",
                         condition=models.Q(state__in=["open", "overdue"])),
            # The timeliness figures count a period's deadlines by clock and agency, and the
            # late ones by their days late, from these alone (never reading the table).
            models.Index(fields=["due_on", "clock", "owner_agency", "state"],
                         name="deadlines_counted_by_clock"),
            models.Index(fields=["state", "due_on", "clock", "owner_agency",
                                 "working_days_late"], name="late_deadlines_by_clock"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.clock.code} due {self.due_on}"

    def save(self, *args, **kwargs) -> None:
        self.working_days_late = late_by(self.state, self.due_on, self.met_on)
        super().save(*args, **kwargs)

    _place: "Place | None" = None  # set by selectors.with_places

    @property
    def place(self) -> "Place":
        """Where the deadline is followed (registry.Place): its case, or its record when it
        has no case. A list sets the places of its page at once (selectors.with_places);
        alone, a deadline of no case reads its record."""
        if self._place is None:
            from .selectors import with_places

            with_places([self])
        assert self._place is not None
        return self._place

    @property
    def who_answers(self) -> str:
        """"Head of service of Northmoor Police" for an escalation of an overdue action; the
        agency a deadline is owned by; otherwise who answers for the clock."""
        if self.owner_agency is None:
            return self.clock.get_responsible_display()
        role = Clock.ESCALATED_TO.get(self.clock.responsible)
        return f"{role} of {self.owner_agency.name}" if role else self.owner_agency.name


def late_by(state: str, due_on, met_on) -> int | None:
    """A deadline's working_days_late."""
    from . import calendar

    if state != Deadline.State.MET_LATE or met_on is None:
        return None
    return calendar.working_days_between(due_on, met_on)


class DelayReason(models.Model):
    """Why a statutory clock was met late or is overdue, for the Panel and the Secretary of
    State (002 and 004 section 15.5: "an ongoing criminal investigation, inquest or pending
    prosecution"): criminal proceedings, an inquest, or another reason in words. Kept by
    clock and record, as the deadline is, but in a table of its own: sync remakes deadlines
    from the records and never reads or writes this, so no recompute can lose it. Given and
    changed through the workflow (deadlines.workflow), so that each change is in the
    decision log; every version is in its history."""

    class Kind(models.TextChoices):
        CRIMINAL_PROCEEDINGS = "criminal_proceedings", "Criminal proceedings"
        INQUEST = "inquest", "An inquest"
        OTHER = "other", "Another reason"

    class State(models.TextChoices):
        GIVEN = "given", "Reason given"

    TEXT_LIMIT = 2000

    clock = models.ForeignKey(Clock, on_delete=models.PROTECT, related_name="delay_reasons")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE,
                             related_name="delay_reasons")
    record_type = models.CharField(max_length=64, help_text="app_label.model of the record")
    record_id = models.PositiveBigIntegerField()
    kind = models.CharField("why it is late", max_length=24, choices=Kind.choices)
    text = models.TextField("the reason in words", max_length=TEXT_LIMIT, blank=True)
    status = models.CharField(max_length=16, choices=State.choices, default=State.GIVEN)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["clock", "record_type", "record_id"],
                                    name="one_delay_reason_per_clock_and_record"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.clock_id}: {self.get_kind_display()}"

    @property
    def summary(self) -> str:
        """"An inquest: the coroner opened it on 9 January 2023"; another reason, its words."""
        if self.kind == self.Kind.OTHER:
            return self.text
        return f"{self.get_kind_display()}: {self.text}" if self.text else \
            self.get_kind_display()


class Notice(models.Model):
    """A reminder, due-today notice, overdue notice or escalation, to one person, for one
    stage of one deadline and the due date it had. The unique constraint is what makes every
    stage send once, however often, late or concurrently the sweep runs; the email goes out
    from the notice. A due date moved (an extension agreed, an action reopened) is told
    again when it comes, and the notices of the old date are kept."""

    class Stage(models.TextChoices):
        REMINDER = "reminder", "Reminder"
        DUE_TODAY = "due_today", "Due today"
        OVERDUE = "overdue", "Overdue"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notices")
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="notices")
    stage = models.CharField(max_length=16, choices=Stage.choices)
    due_on = models.DateField("the due date it was about")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "stage", "user", "due_on"],
                                    name="one_notice_per_stage_person_and_due_date"),
        ]

    def __str__(self) -> str:
        return f"{self.stage} for deadline {self.deadline_id} to {self.user_id}"


class CalendarFeed(models.Model):
    """A user's secret iCalendar address; revoking it makes a new token."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"
