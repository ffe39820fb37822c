"""The rapid review's clocks against the seeds' own counting: the statutory 15 working days
never vanish and never loosen (they run from the notification, or from an earlier start a
local policy chooses); Darlington's count from the Panel's acknowledgement (004 §6.2) is a
local target beside them; the panel pack and the meeting fall on 000's day 8 and day 10,
where day 1 is the triage. Real dates, real bank holidays: the coronation (Monday 8 May
2023) and the spring bank holiday (Monday 29 May 2023); Christmas and New Year 2025-26."""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cases import services as case_services
from cases.models import Case, Notification
from deadlines import services as deadlines
from deadlines.models import Clock, Deadline
from reviews.rapid_review import services
from safeguarding.models import LATER_START, LocalPolicy, Role
from tests.factories import UserFactory, submitted_case
from tests.visible_text import read

pytestmark = pytest.mark.django_db
D = datetime.date
R = Notification.Recipient
DECISION = "The Chair of the partnership decided that a rapid review is required."
STATUTORY, LOCAL = "rapid_review_to_panel", "rapid_review_to_panel_from_acknowledgement"
MEETING, LOCAL_MEETING = "rapid_review_meeting", "rapid_review_meeting_from_acknowledgement"


def _notified(*, notified_on: D, acknowledged_on: D | None = None, aware_on: D | None = None,
              received_on: D) -> Case:
    """A case referred on ``received_on`` and notified to the National Panel, Ofsted and the
    DfE on ``notified_on``, through the services; the local authority aware on ``aware_on``
    (by default the day it notified)."""
    case = submitted_case(received_on=received_on)
    business_unit = UserFactory(role=Role.BUSINESS_UNIT)
    case_services.inform_partners(case=case, actor=business_unit, informed_on=received_on)
    case_services.record_screening_decision(
        case=case, actor=UserFactory(role=Role.SAFEGUARDING_PARTNER),
        decision=Case.ScreeningDecision.NOTIFY, decided_on=received_on,
        rationale="A child was seriously harmed and neglect is suspected.")
    case_services.record_local_authority_awareness(case=case, actor=business_unit,
                                                   aware_on=aware_on or notified_on)
    for recipient in (R.NATIONAL_PANEL, R.OFSTED, R.DFE):
        case_services.record_notification(
            case=case, actor=business_unit, recipient=recipient, notified_on=notified_on,
            channel=Notification.Channel.ONLINE_SYSTEM, sent_by="Head of Safeguarding",
            acknowledged_on=acknowledged_on if recipient == R.NATIONAL_PANEL else None)
    return Case.objects.get(pk=case.pk)


def _clocks(case: Case) -> dict[str, Deadline]:
    deadlines.sync(Case.objects.get(pk=case.pk))
    return {d.clock.code: d for d in Deadline.objects.filter(case=case).select_related("clock")}


def _policy(**choices) -> None:
    """The local policy as a row holds it, validated or not (an old row, or a database
    written by hand, may hold what the admin refuses)."""
    LocalPolicy.current()
    LocalPolicy.objects.filter(pk=1).update(**choices)


def _coronation_case(**fields) -> Case:
    """Referred Tuesday 2 May 2023, notified Friday 5 May 2023, the last working day before
    the coronation bank holiday."""
    return _notified(received_on=D(2023, 5, 2), notified_on=D(2023, 5, 5), **fields)


# The statutory 15 working days never vanish.

def test_a_policy_counting_from_the_acknowledgement_never_takes_the_statutory_clock_away():
    """Seed 000 stage 7: the Panel is told "within 15 working days from notification";
    seed 004 §6.2 counts from the Panel's acknowledgement. A row still holding the old
    choice to start from the acknowledgement, with no acknowledgement recorded, left no
    meeting or submission deadline at all: the statutory clock runs from the notification
    (Friday 5 May 2023: the coronation on Monday 8 May and the spring bank holiday on
    Monday 29 May do not count, so Tuesday 30 May), and the meeting clock runs too."""
    _policy(rapid_review_clock_starts="acknowledged")
    clocks = _clocks(_coronation_case())
    statutory = clocks[STATUTORY]
    assert (statutory.starts_on, statutory.due_on) == (D(2023, 5, 5), D(2023, 5, 30))
    assert statutory.clock.statutory and statutory.clock.amount == 15
    assert MEETING in clocks
    assert LOCAL not in clocks and LOCAL_MEETING not in clocks  # no acknowledgement yet


def test_a_later_start_never_loosens_the_statutory_clock_nor_a_missing_earlier_one():
    """Seed 000 stage 7 and Working Together 2023 (DESIGN.md's timescale table: "a local
    policy may start it earlier, never later"). Starting from the local authority becoming
    aware is earlier; with no such date recorded, or a date after the notification (a row
    written before dates were checked), the clock runs from the notification, never later
    and never not at all."""
    _policy(rapid_review_clock_starts=LocalPolicy.RapidReviewClock.AWARE)
    case = _coronation_case()
    Case.objects.filter(pk=case.pk).update(local_authority_aware_on=None)
    assert _clocks(case)[STATUTORY].starts_on == D(2023, 5, 5)
    Case.objects.filter(pk=case.pk).update(local_authority_aware_on=D(2023, 5, 9))
    statutory = _clocks(case)[STATUTORY]
    assert (statutory.starts_on, statutory.due_on) == (D(2023, 5, 5), D(2023, 5, 30))


def test_the_local_policy_may_start_the_statutory_clock_earlier_at_the_awareness():
    """DESIGN.md's timescale table (a local policy may start the 15 working days earlier):
    aware on Tuesday 2 May 2023, notified on Friday 5 May. From the awareness, the 15
    working days skip the coronation (8 May) and end on Wednesday 24 May, six days
    tighter than from the notification (Tuesday 30 May)."""
    _policy(rapid_review_clock_starts=LocalPolicy.RapidReviewClock.AWARE)
    statutory = _clocks(_coronation_case(aware_on=D(2023, 5, 2)))[STATUTORY]
    assert (statutory.starts_on, statutory.due_on) == (D(2023, 5, 2), D(2023, 5, 24))


# Darlington's count from the acknowledgement: a local target beside the statutory clock.

def test_the_acknowledgement_target_runs_beside_the_statutory_clock_once_recorded():
    """Seed 004 §6.2 and §6.10: the panel "within 7-10 working days" and the decision to the
    Panel "within 15 working days" of the Panel's acknowledgement. Notified Friday 5 May
    2023, acknowledged Tuesday 9 May (after the coronation): the statutory clock still runs
    from the notification (Tuesday 30 May); the local targets run from the acknowledgement
    (meeting by Tuesday 23 May, rapid review by Wednesday 31 May), and show only once the
    acknowledgement is recorded."""
    _policy(acknowledgement_targets=True)
    case = _coronation_case()
    assert LOCAL not in _clocks(case)
    case_services.record_notification(
        case=case, actor=UserFactory(role=Role.BUSINESS_UNIT), recipient=R.NATIONAL_PANEL,
        notified_on=D(2023, 5, 5), channel=Notification.Channel.ONLINE_SYSTEM,
        sent_by="Head of Safeguarding", acknowledged_on=D(2023, 5, 9))
    clocks = _clocks(case)
    statutory, local = clocks[STATUTORY], clocks[LOCAL]
    assert (statutory.starts_on, statutory.due_on) == (D(2023, 5, 5), D(2023, 5, 30))
    assert (local.starts_on, local.due_on) == (D(2023, 5, 9), D(2023, 5, 31))
    assert not local.clock.statutory and local.clock.amount == 15
    meeting = clocks[LOCAL_MEETING]
    assert (meeting.starts_on, meeting.due_on) == (D(2023, 5, 9), D(2023, 5, 23))


def test_without_the_policy_an_acknowledgement_adds_no_local_target():
    """Seed 004 §6.2 is Darlington's procedure, not the law: only a partnership whose local
    policy counts from the acknowledgement sees its targets."""
    clocks = _clocks(_coronation_case(acknowledged_on=D(2023, 5, 9)))
    assert STATUTORY in clocks and LOCAL not in clocks and LOCAL_MEETING not in clocks


def test_the_submission_meets_both_the_statutory_clock_and_the_local_target_over_christmas():
    """Seed 004 §6.2, §6.10 with real holidays: notified Tuesday 23 December 2025,
    acknowledged Wednesday 24 December. Christmas Day, Boxing Day and New Year's Day do not
    count: the statutory clock falls due on Friday 16 January 2026, the local target on
    Monday 19 January, the meeting target on Monday 12 January. A submission on Monday 19
    January is late against the law and on time against the local target."""
    _policy(acknowledgement_targets=True)
    case = _notified(received_on=D(2025, 12, 22), notified_on=D(2025, 12, 23),
                     acknowledged_on=D(2025, 12, 24))
    clocks = _clocks(case)
    assert clocks[STATUTORY].due_on == D(2026, 1, 16)
    assert clocks[LOCAL].due_on == D(2026, 1, 19)
    assert clocks[LOCAL_MEETING].due_on == D(2026, 1, 12)
    review = services.start_rapid_review(case=case, actor=UserFactory(role=Role.BUSINESS_UNIT),
                                         decided_on=D(2025, 12, 23), decision_note=DECISION)
    type(review).objects.filter(pk=review.pk).update(submitted_on=D(2026, 1, 19))
    clocks = _clocks(case)
    assert clocks[STATUTORY].state == Deadline.State.MET_LATE
    assert clocks[LOCAL].state == Deadline.State.MET


# Seed 000's day 8 and day 10, counted from day 1 (the triage).

def test_the_pack_falls_on_day_8_and_the_panel_on_day_10_counting_the_triage_as_day_1():
    """Seed 000 stages 3, 5 and 6: the triage and the decision to undertake the rapid review
    on day 1, the pack circulated on day 8, the panel on day 10. Day 1 Friday 5 May 2023 (the
    notification, the same day); the coronation on Monday 8 May is no working day, so day 2
    is Tuesday 9 May, day 8 Wednesday 17 May and day 10 Friday 19 May. The statutory
    15 working days (000 stage 7) end on Tuesday 30 May."""
    case = _coronation_case()
    review = services.start_rapid_review(case=case, actor=UserFactory(role=Role.BUSINESS_UNIT),
                                         decided_on=D(2023, 5, 5), decision_note=DECISION)
    clocks = _clocks(review.case)
    pack, meeting = clocks["panel_pack_circulated"], clocks[MEETING]
    assert (pack.starts_on, pack.due_on) == (D(2023, 5, 5), D(2023, 5, 17))
    assert (meeting.starts_on, meeting.due_on) == (D(2023, 5, 5), D(2023, 5, 19))
    assert clocks[STATUTORY].due_on == D(2023, 5, 30)
    assert (pack.clock.amount, meeting.clock.amount) == (7, 9)


def test_day_1_is_the_recorded_decision_and_the_notification_until_then():
    """Seed 000 stage 3 ("a written record of the decision to undertake a rapid review",
    day 1). Until it is recorded, the pack and meeting clocks show from the notification
    (Friday 5 May 2023: day 8 Wednesday 17 May); the decision recorded on Tuesday 9 May
    makes that day 1 (day 8 Thursday 18 May, day 10 Monday 22 May). The statutory clock
    does not move."""
    case = _coronation_case()
    assert _clocks(case)["panel_pack_circulated"].due_on == D(2023, 5, 17)
    services.start_rapid_review(case=case, actor=UserFactory(role=Role.BUSINESS_UNIT),
                                decided_on=D(2023, 5, 9), decision_note=DECISION)
    clocks = _clocks(case)
    assert clocks["panel_pack_circulated"].due_on == D(2023, 5, 18)
    assert clocks[MEETING].due_on == D(2023, 5, 22)
    assert clocks[STATUTORY].due_on == D(2023, 5, 30)


# The policy: a later start cannot be chosen; old rows keep their meaning.

def test_the_model_refuses_a_later_start_with_a_clear_message():
    """DESIGN.md's timescale table ("never later") and seed 004 §6.2: the acknowledgement
    is no start of the statutory clock; the message says where that count goes instead."""
    policy = LocalPolicy(rapid_review_clock_starts="acknowledged")
    with pytest.raises(ValidationError) as refused:
        policy.full_clean()
    assert refused.value.message_dict["rapid_review_clock_starts"] == [LATER_START]
    assert "never from a later one" in LATER_START and "local target" in LATER_START
    LocalPolicy(rapid_review_clock_starts="aware", acknowledgement_targets=True).full_clean()


def test_the_admin_refuses_a_later_start_and_saves_the_local_target(
        django_capture_on_commit_callbacks):
    """Seed 004 §6.2 in the admin: choosing the acknowledgement as the start is refused with
    the message, and changes nothing; asking for the local target instead is saved, and the
    deadlines are recomputed: the target appears beside the statutory clock."""
    case = _coronation_case(acknowledged_on=D(2023, 5, 9))
    policy = LocalPolicy.current()
    client = Client()
    client.force_login(UserFactory(role=Role.ADMINISTRATOR))
    url = reverse("admin:safeguarding_localpolicy_change", args=[policy.pk])
    response = client.post(url, {"ask_about_care_leaver_deaths": "on",
                                 "rapid_review_clock_starts": "acknowledged",
                                 "rapid_review_decision_by": "partnership_chair"})
    assert response.status_code == 200
    assert "never from a later one" in " ".join(read(response.content.decode()).text.split())
    assert LocalPolicy.current().rapid_review_clock_starts == "notified"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"ask_about_care_leaver_deaths": "on",
                                     "rapid_review_clock_starts": "notified",
                                     "acknowledgement_targets": "on",
                                     "rapid_review_decision_by": "partnership_chair"})
    assert response.status_code == 302
    assert LocalPolicy.current().acknowledgement_targets
    clocks = {d.clock.code: d for d in Deadline.objects.filter(case=case)}
    assert clocks[STATUTORY].starts_on == D(2023, 5, 5)
    assert clocks[LOCAL].starts_on == D(2023, 5, 9)


def test_a_policy_that_started_at_the_acknowledgement_keeps_it_as_a_local_target():
    """Seed 004 §6.2: the data migration turns the old choice (the statutory clock from the
    acknowledgement) into the statutory start at the notification with Darlington's local
    targets beside it; other choices are kept."""
    migration = importlib.import_module(
        "safeguarding.migrations.0005_rapid_review_acknowledgement_targets")
    _policy(rapid_review_clock_starts="acknowledged")
    migration.acknowledged_becomes_a_local_target(apps, None)
    policy = LocalPolicy.current()
    assert (policy.rapid_review_clock_starts, policy.acknowledgement_targets) == (
        "notified", True)
    _policy(rapid_review_clock_starts="aware", acknowledgement_targets=False)
    migration.acknowledged_becomes_a_local_target(apps, None)
    policy = LocalPolicy.current()
    assert (policy.rapid_review_clock_starts, policy.acknowledgement_targets) == (
        "aware", False)


def test_the_old_pack_and_meeting_defaults_follow_to_000s_count_and_an_admins_stay():
    """Seed 000 stages 5 and 6: the pack and meeting clocks counted 8 and 10 working days
    from the notification; they now count 7 and 9 from day 1. A row still holding the old
    default (on a database made before the defaults were kept) follows the new one once the
    declarations are written; an amount an administrator chose stays."""
    migration = importlib.import_module(
        "deadlines.migrations.0008_pack_and_meeting_count_from_day_one")
    Clock.objects.filter(code="panel_pack_circulated").update(amount=8, default_amount=None)
    Clock.objects.filter(code=MEETING).update(amount=6, default_amount=None)
    migration.mark_the_old_defaults(apps, None)
    deadlines.write_clock_policy()
    assert Clock.objects.get(code="panel_pack_circulated").amount == 7
    assert Clock.objects.get(code=MEETING).amount == 6


# The case page.

def test_the_case_page_shows_the_local_target_beside_the_statutory_clock(client_as):
    """Seed 004 §6.2 on the case page: the local target is the row right after the
    statutory clock it runs beside (not in due-date order, which would put the meeting
    target between them), with a name and a hint a person can read."""
    _policy(acknowledgement_targets=True)
    case = _coronation_case(acknowledged_on=D(2023, 5, 9))
    deadlines.sync(case)
    page = client_as(Role.BUSINESS_UNIT).get(f"/cases/{case.reference}/").content.decode()
    table = page[page.index('data-testid="clocks"'):]
    table = table[:table.index("</table>")]
    rows = [" ".join(" ".join(read(row).seen).split())
            for row in re.findall(r"<tr .*?</tr>", table, re.S)][1:]
    statutory = next(i for i, row in enumerate(rows)
                     if row.startswith("Rapid review sent to the National Panel Statutory"))
    local = rows[statutory + 1]
    assert local.startswith("Rapid review sent to the National Panel, counted from the "
                            "Panel's acknowledgement (local target)")
    assert "Starts: The National Panel acknowledged the notification" in local
    assert "Shown beside “Rapid review sent to the National Panel”, which still runs" in local
    assert "9 May 2023" in local and "31 May 2023" in local
    meeting = next(i for i, row in enumerate(rows)
                   if row.startswith("Rapid review meeting held 9 working days"))
    assert rows[meeting + 1].startswith("Rapid review meeting held, counted from the Panel's "
                                        "acknowledgement (local target)")
