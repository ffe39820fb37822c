"""The last line of defence against a race (issue 17 point 11): should another person's row
land between the service's checks and its own insert (a unique constraint refusing it, as
PostgreSQL can), the person is told in the same words as when the writes were one after the
other, never a server error, and nothing of theirs is kept. The other row is made to land at
that moment by saving it just before the service saves its own (in the same transaction,
so it is rolled back with theirs)."""

import pytest
from django.core.exceptions import ValidationError

from cases import services as case_services
from cases.models import Case, Notification
from reviews.models import RapidReview
from safeguarding.models import Decision
from safeguarding.workflow import SOMEONE_ELSE_CHANGED_IT, TransitionNotAllowed

from . import workflow_journeys as j

pytestmark = pytest.mark.django_db
D = j.D
N = Notification.Recipient


def _lands_first(monkeypatch, module, other):
    """Just before the service in ``module`` saves its new row (its checks passed, when it
    marks the row as the actor's), ``other()``'s row is saved, as another person's would be."""
    real_changed_by = module.changed_by

    def changed_by(record, *args, **kwargs):
        if record.pk is None and isinstance(record, type(other())):
            type(record).objects.bulk_create([other()])
        return real_changed_by(record, *args, **kwargs)

    monkeypatch.setattr(module, "changed_by", changed_by)


def _someone_elses_notification(case, p, notified_on):
    return lambda: Notification(case=case, recipient=N.NATIONAL_PANEL, notified_on=notified_on,
                                channel=Notification.Channel.ONLINE_SYSTEM, sent_by="Someone",
                                recorded_by=p.partner)


def test_a_notification_recorded_meanwhile_on_the_same_day_refuses_in_words(monkeypatch):
    p = j.people()
    case = j.notification_due_case(p)
    _lands_first(monkeypatch, case_services,
                 _someone_elses_notification(case, p, D(2026, 11, 6)))
    with pytest.raises(TransitionNotAllowed) as refused:
        j.notify(case, p.business_unit, N.NATIONAL_PANEL)
    assert str(refused.value) == SOMEONE_ELSE_CHANGED_IT
    # Nothing of theirs is kept (the other row, made in their transaction here, goes too).
    assert not Decision.objects.filter(case_id=case.pk, transition="record_notification").exists()


def test_a_notification_recorded_meanwhile_on_another_day_gives_the_date_message(monkeypatch):
    p = j.people()
    case = j.notification_due_case(p)
    _lands_first(monkeypatch, case_services,
                 _someone_elses_notification(case, p, D(2026, 11, 5)))
    with pytest.raises(ValidationError) as refused:
        j.notify(case, p.business_unit, N.NATIONAL_PANEL)
    assert refused.value.messages == [
        "The notification was recorded as sent on 5 November 2026: to change that date, "
        "correct a recorded date, giving the reason"]


def test_a_rapid_review_started_meanwhile_refuses_in_words(monkeypatch):
    p = j.people()
    case = j.notified_case(p)
    _lands_first(monkeypatch, j.reviews, lambda: RapidReview(
        case=case, decided_on=D(2026, 11, 9), decided_by=p.business_unit, decision_note="x"))
    with pytest.raises(TransitionNotAllowed) as refused:
        j.reviews.start_rapid_review(case=case, actor=p.business_unit,
                                     decided_on=D(2026, 11, 9), decision_note=j.DECISION_NOTE)
    assert str(refused.value) == ("This case is now 'Rapid review', so this can no longer be "
                                  "done.")
    assert Case.objects.get(pk=case.pk).status == Case.Status.NOTIFIED  # rolled back
    assert not Decision.objects.filter(case_id=case.pk, transition="start_rapid_review").exists()
