"""The partnership's past (issue 15): about thirty earlier cases received over the last 20
months, so that the oversight pages (the pipeline by month, the timeliness of every clock by
reporting year, the learning themes, the annual report) have something to show.

Each case is a story: a generator that yields the day of its next step. The stories run in
date order, each step with the partnership's clock set to its day, as if the business unit,
the partners and the agencies had recorded it then: every service's "today", its checks
(nothing in the future, dates in order), the decision log and the history are of that day,
so nothing is backdated by hand. The deadline sweep runs on the first working day of each
month as the beat did. A step that would fall after today has not happened yet: its story
stops there. Deterministic: random.Random(2026) and dates counted back from today. Every
name is invented; addresses carry case references only."""

import heapq
import itertools
import random
from collections.abc import Callable, Generator, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from datetime import date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from deadlines import calendar
from deadlines.models import DelayReason
from safeguarding.models import Agency, Decision, User

Story = Generator[date, None, None]  # yields the day of its next step

POLICE, SCHOOL, CHARITY = ("Northmoor Police", "St Aidan's Primary School",
                           "Northmoor Family Support Network")
HEALTH = "Northmoor Teaching Hospitals NHS Foundation Trust"
COUNCIL = "Northmoor Council Children's Services"
# Who answers for each agency: its contributor, and its head of service (load_demo).
CONTRIBUTORS = {POLICE: "police@example.org", HEALTH: "health@example.org",
                COUNCIL: "council@example.org", SCHOOL: "school@example.org",
                CHARITY: "charity@example.org"}
HEADS = {POLICE: "police.head@example.org", HEALTH: "health.head@example.org",
         COUNCIL: "manager@example.org", SCHOOL: "school.head@example.org",
         CHARITY: "charity.head@example.org"}


@contextmanager
def clock_at(day: date) -> Iterator[None]:
    """The partnership's clock set to ``day`` (10am in Europe/London): today() everywhere,
    and the moments the decision log and the reasons for delay are stamped with."""
    moment = datetime.combine(day, time(10), tzinfo=ZoneInfo(settings.TIME_ZONE))
    with ExitStack() as stack:
        stack.enter_context(mock.patch("django.utils.timezone.now", lambda: moment))
        # These two take timezone.now itself as their default, not a call to it.
        for field in (Decision._meta.get_field("at"),
                      DelayReason._meta.get_field("recorded_at")):
            stack.enter_context(mock.patch.object(field, "_get_default", lambda: moment))
        yield


class Past:
    """The stories of the past, run day by day; what they share (the people, the agencies,
    the random generator, today)."""

    def __init__(self, people: dict[str, User]) -> None:
        self.people = people
        self.today = timezone.localdate()
        self.rng = random.Random(2026)  # noqa: S311  the same demo every time
        self.agencies = {agency.name: agency for agency in Agency.objects.all()}
        self.now = self.today  # the day of the step running
        self._queue: list[tuple[date, int, Story]] = []
        self._order = itertools.count()

    def add(self, story: Story) -> None:
        """Start a story: its first step waits for the day it yields."""
        self._push(story, next(story, None))

    def _push(self, story: Story, day: date | None) -> None:
        if day is None or day > self.today:  # ended, or not yet happened
            story.close()
            return
        heapq.heappush(self._queue, (day, next(self._order), story))

    def run(self) -> None:
        while self._queue:
            day, _order, story = heapq.heappop(self._queue)
            self.now = day
            with clock_at(day) if day < self.today else nullcontext():  # today: as it is
                following = next(story, None)
            assert following is None or following >= day, (
                f"{_where(story)} went back from {day} to {following}")
            self._push(story, following)

    def person(self, email: str) -> User:
        return self.people[email]

    def between(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


def _where(story: Story) -> str:
    """The step a story is at: its innermost generator's function and line."""
    while getattr(story, "gi_yieldfrom", None) is not None:
        story = story.gi_yieldfrom
    frame = story.gi_frame
    return f"{story.__qualname__}, line {frame.f_lineno}" if frame else story.__qualname__


def wd(day: date, n: int) -> date:
    """The n-th working day after ``day`` (before it, n < 0)."""
    return calendar.add_working_days(day, n)


def working_day(day: date) -> date:
    """``day``, or the next working day if it is not one."""
    return day if calendar.is_working_day(day) else wd(day, 1)


def last_before(today: date, at_least_days: int, day_of: Callable[[int], date]) -> date:
    """The latest ``day_of(year)`` at least ``at_least_days`` before today (a Christmas Eve,
    a Maundy Thursday), so that its story has run its course."""
    year = today.year
    while day_of(year) > today - timedelta(days=at_least_days):
        year -= 1
    return day_of(year)


def maundy_thursday(year: int) -> date:
    """The working day before Good Friday: the last before the Easter bank holidays."""
    from dateutil.easter import easter

    return easter(year) - timedelta(days=3)


def load(people: dict[str, User]) -> int:
    """Make the partnership's past; returns how many cases it holds."""
    from deadlines.services import sweep_deadlines

    from . import history_cases, history_plans

    past = Past(people)
    stories = history_cases.stories(past)
    for story in stories:
        past.add(story)
    past.add(history_plans.monthly_sweeps(past, start=past.today - timedelta(days=640)))
    past.run()
    sweep_deadlines()  # today's, as the beat runs it: what is overdue now is marked
    return len(stories)
