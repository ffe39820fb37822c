"""Learning dissemination (issue 14 item 6; 002 section 10; 004 sections 9.3, 15.6; 003):
what was shared, how, with whom and when, planned then shared or recorded in one step; the
learning captured while the review is in progress and its key findings sent to the Learning
and Development group. Each planned item runs on its clock."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from deadlines import services as deadlines
from deadlines.models import Deadline, Notice
from reviews.learning import services
from reviews.learning.models import LearningShared
from safeguarding.models import Decision
from safeguarding.workflow import TransitionNotAllowed
from tests.factories import pdf_upload

D = datetime.date
pytestmark = pytest.mark.django_db
BRIEFING = ("7-minute briefing: recognising neglect when a family moves between local "
            "authorities")
DSLS = "Designated safeguarding leads in schools and early years settings"


def deadline(item: LearningShared) -> Deadline:
    return Deadline.objects.get(record_type="reviews.learningshared", record_id=item.pk,
                                clock__code="learning_shared")


def planned(p, plan) -> LearningShared:
    """A 7-minute briefing to be shared by Tuesday 29 December 2026."""
    return services.plan_sharing(plan=plan, actor=p.business_unit, what=BRIEFING,
                                 how="briefing", audience=DSLS, planned_for=D(2026, 12, 29))


def test_learning_shared_is_recorded_in_one_step_with_its_material(p, plan, on):
    """002 section 10: the partnership shares learning through newsletters, learning events
    and training: what, how, with whom, when."""
    on(D(2026, 9, 14))
    item = services.record_shared_now(plan=plan, actor=p.chair, what=BRIEFING,
                                      how="learning_event", audience=DSLS,
                                      shared_on=D(2026, 9, 10), upload=pdf_upload("event.pdf"))
    item.refresh_from_db()
    assert (item.status, item.shared_on, item.how_label) == (
        LearningShared.Status.SHARED, D(2026, 9, 10), "A learning event")
    assert item.document.case_id == plan.case_id
    assert not Deadline.objects.filter(record_type="reviews.learningshared").exists()
    logged = Decision.objects.get(transition="record_shared_now")
    assert logged.case_id == plan.case_id
    assert logged.reason == "A learning event, on 10 September 2026"
    assert BRIEFING not in logged.reason


def test_another_way_needs_its_words_and_the_date_cannot_be_in_the_future(p, plan, on):
    on(D(2026, 9, 14))
    with pytest.raises(ValidationError, match="Say how the learning is shared"):
        services.record_shared_now(plan=plan, actor=p.chair, what=BRIEFING, how="other",
                                   audience=DSLS, shared_on=D(2026, 9, 10))
    with pytest.raises(ValidationError, match="must be today or in the past"):
        services.record_shared_now(plan=plan, actor=p.chair, what=BRIEFING, how="training",
                                   audience=DSLS, shared_on=D(2026, 9, 15))
    item = services.record_shared_now(plan=plan, actor=p.chair, what=BRIEFING, how="other",
                                      how_other="A podcast for practitioners", audience=DSLS,
                                      shared_on=D(2026, 9, 14))
    assert item.how_label == "A podcast for practitioners"
    assert not LearningShared.objects.exclude(pk=item.pk).exists()


def test_a_planned_item_is_followed_until_it_is_shared(p, plan, on):
    """001: the partners outline how the learning will be disseminated: a tracked item, due
    on the date set, met when shared."""
    on(D(2026, 12, 1))
    item = planned(p, plan)
    assert item.status == LearningShared.Status.PLANNED
    clock = deadline(item)
    assert (clock.starts_on, clock.due_on, clock.state) == (
        D(2026, 12, 1), D(2026, 12, 29), Deadline.State.OPEN)
    with pytest.raises(ValidationError, match="cannot be before"):
        services.record_shared(item=item, actor=p.business_unit, shared_on=D(2026, 11, 30))
    on(D(2027, 1, 5))
    services.record_shared(item=item, actor=p.business_unit, shared_on=D(2027, 1, 5))
    item.refresh_from_db()
    clock.refresh_from_db()
    assert item.status == LearningShared.Status.SHARED
    assert (clock.met_on, clock.state) == (D(2027, 1, 5), Deadline.State.MET_LATE)
    with pytest.raises(TransitionNotAllowed):
        services.record_shared(item=item, actor=p.business_unit, shared_on=D(2027, 1, 5))


def test_the_reminder_counts_working_days_across_christmas_and_overdue_tells_the_group(
        p, plan, on):
    """Five working days before Tuesday 29 December 2026 is Friday 18 December (Christmas
    Day and the Boxing Day holiday on Monday 28 December are not working days). Overdue,
    the business unit and the chair of the Learning and Development group are told."""
    on(D(2026, 12, 1))
    item = planned(p, plan)
    clock = deadline(item)
    deadlines.sweep_deadlines(today=D(2026, 12, 17))
    assert not Notice.objects.filter(deadline=clock).exists()
    deadlines.sweep_deadlines(today=D(2026, 12, 18))
    assert set(Notice.objects.filter(deadline=clock).values_list("stage", flat=True)) == {
        Notice.Stage.REMINDER}
    deadlines.sweep_deadlines(today=D(2026, 12, 30))
    clock.refresh_from_db()
    assert clock.state == Deadline.State.OVERDUE
    told = set(Notice.objects.filter(deadline=clock, stage=Notice.Stage.OVERDUE)
               .values_list("user_id", flat=True))
    assert told == {p.business_unit.pk, p.chair.pk}


def test_an_agency_contributor_cannot_record_or_plan_learning(p, plan, on):
    on(D(2026, 12, 1))
    with pytest.raises(PermissionDenied):
        services.record_shared_now(plan=plan, actor=p.school_contributor, what=BRIEFING,
                                   how="newsletter", audience=DSLS, shared_on=D(2026, 12, 1))
    item = planned(p, plan)
    with pytest.raises(PermissionDenied):
        services.record_shared(item=item, actor=p.police_contributor, shared_on=D(2026, 12, 1))
    with pytest.raises(PermissionDenied):
        services.capture_learning(plan=plan, actor=p.manager, text="Not theirs",
                                  captured_on=D(2026, 12, 1))
    assert LearningShared.objects.get().status == LearningShared.Status.PLANNED


def test_learning_captured_in_progress_and_key_findings_sent_to_the_group(p, plan, on):
    """004 sections 9.3, 15.6: points about improvements captured before the review ends; 003:
    key findings communicated to the Learning and Development group, which disseminates
    them."""
    on(D(2026, 10, 2))
    services.capture_learning(plan=plan, actor=p.business_unit,
                              text="Health visitors were not told of the move",
                              captured_on=D(2026, 9, 30))
    with pytest.raises(TransitionNotAllowed, match="No key finding is waiting"):
        services.send_key_findings(plan=plan, actor=p.business_unit, sent_on=D(2026, 10, 2))
    key = services.capture_learning(plan=plan, actor=p.member,
                                    text="Transfer-in conferences were held late",
                                    captured_on=D(2026, 10, 1), is_key_finding=True)
    with pytest.raises(ValidationError, match="cannot be before"):
        services.send_key_findings(plan=plan, actor=p.business_unit, sent_on=D(2026, 9, 30))
    assert services.send_key_findings(plan=plan, actor=p.business_unit,
                                      sent_on=D(2026, 10, 2)) == 1
    key.refresh_from_db()
    assert key.sent_to_group_on == D(2026, 10, 2)
    assert plan.learning_points.filter(sent_to_group_on__isnull=True).count() == 1
    assert Decision.objects.get(transition="send_key_findings").reason == (
        "1 key finding sent on 2 October 2026")
    with pytest.raises(TransitionNotAllowed):
        services.send_key_findings(plan=plan, actor=p.business_unit, sent_on=D(2026, 10, 2))
