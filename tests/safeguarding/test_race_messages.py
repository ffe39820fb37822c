"""Races on PostgreSQL that must end in the same clear message as on SQLite, not a server
error: two people recording the same notification, or starting the same rapid review, at
the same moment (issue 17 point 11). Each person is a thread with their own connection
(test_workflow_concurrency.at_once); SQLite locks the whole database, so these run on
PostgreSQL only."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cases import services as cases
from cases.models import Case, Notification
from reviews.models import RapidReview
from reviews.rapid_review import services as reviews
from safeguarding.models import Decision, Role
from safeguarding.workflow import TransitionNotAllowed
from tests.factories import UserFactory

from . import workflow_journeys as j
from .test_workflow_concurrency import at_once

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="concurrency is tested on PostgreSQL (CI's second run)"),
    pytest.mark.django_db(transaction=True),
]
D = j.D
N = Notification.Recipient


def test_two_people_recording_the_same_notification_at_once_record_it_once():
    p = j.people()
    case = j.notification_due_case(p)
    recorders = [p.business_unit, UserFactory(role=Role.BUSINESS_UNIT)]

    def notify(actor):
        def person():
            mine = Case.objects.get(pk=case.pk)
            return lambda: j.notify(mine, actor, N.NATIONAL_PANEL)
        return person

    outcomes = at_once(*(notify(actor) for actor in recorders))
    errors = [outcome.error for outcome in outcomes if outcome.error is not None]
    assert all(isinstance(error, (ValidationError, TransitionNotAllowed)) for error in errors), \
        [repr(error) for error in errors]
    assert Notification.objects.filter(case=case, recipient=N.NATIONAL_PANEL).count() == 1


def test_two_people_recording_the_same_notification_on_different_days_are_told_why():
    p = j.people()
    case = j.notification_due_case(p)

    def notify(actor, day):
        def person():
            mine = Case.objects.get(pk=case.pk)
            return lambda: cases.record_notification(
                case=mine, actor=actor, recipient=N.NATIONAL_PANEL, notified_on=D(2026, 11, day),
                channel=Notification.Channel.ONLINE_SYSTEM, sent_by="Head of Safeguarding")
        return person

    outcomes = at_once(notify(p.business_unit, 5),
                       notify(UserFactory(role=Role.BUSINESS_UNIT), 6))
    errors = [outcome.error for outcome in outcomes if outcome.error is not None]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError), outcomes
    assert errors[0].messages[0].startswith("The notification was recorded as sent on ")
    assert Notification.objects.filter(case=case, recipient=N.NATIONAL_PANEL).count() == 1


def test_two_people_starting_the_rapid_review_at_once_start_one():
    p = j.people()
    case = j.notified_case(p)
    starters = [p.business_unit, UserFactory(role=Role.BUSINESS_UNIT)]

    def start(actor):
        def person():
            mine = Case.objects.get(pk=case.pk)
            return lambda: reviews.start_rapid_review(
                case=mine, actor=actor, decided_on=D(2026, 11, 9),
                decision_note=j.DECISION_NOTE)
        return person

    outcomes = at_once(*(start(actor) for actor in starters))
    errors = [outcome.error for outcome in outcomes if outcome.error is not None]
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], TransitionNotAllowed), repr(errors[0])
    assert RapidReview.objects.filter(case=case).count() == 1
    assert Decision.objects.filter(case_id=case.pk, transition="start_rapid_review").count() == 1
