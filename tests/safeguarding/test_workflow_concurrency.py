"""People acting on one record at the same moment, on PostgreSQL (CI's second run): the
workflow claims the record (a row lock, then an UPDATE guarded by the state it started from),
so that of two making the same change one wins and the other is told why, and of several
making changes that together complete a step, the last one in completes it, exactly once.

Each person is a thread with its own database connection, loading their own copy of the
record and then waiting at a barrier so that all of them act at once; each thread closes its
connection at the end. SQLite has no row locks (it locks the whole database), so these run
on PostgreSQL only."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection

from cases import services as cases
from cases.models import Case, Notification
from forms.models import Referral
from forms.services import submit_referral
from reviews.models import RapidReview, SignOff
from safeguarding.models import Decision, Role
from safeguarding.workflow import TransitionNotAllowed
from tests.factories import ReferralFactory, UserFactory

from . import workflow_journeys as j

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="concurrency is tested on PostgreSQL (CI's second run)"),
    pytest.mark.django_db(transaction=True),
]
D = j.D
N = Notification.Recipient


@dataclass
class Outcome:
    result: object = None
    error: BaseException | None = None


def at_once(*people: Callable[[], Callable[[], object]]) -> list[Outcome]:
    """Run each person in a thread of their own: each first loads what they need (the
    function returns the act), then all act at the same moment. Returns what each got."""
    barrier = threading.Barrier(len(people))
    outcomes = [Outcome() for _person in people]

    def run(number: int, person: Callable[[], Callable[[], object]]) -> None:
        try:
            act = person()
            barrier.wait(timeout=30)
            outcomes[number].result = act()
        except BaseException as error:  # noqa: BLE001  the test reads it
            outcomes[number].error = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(number, person))
               for number, person in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return outcomes


def count(case: Case, transition: str) -> int:
    return Decision.objects.filter(case_id=case.pk, transition=transition).count()


def test_of_two_people_informing_the_partners_at_once_one_wins():
    case = j.referred_case()
    first, second = (UserFactory(role=Role.BUSINESS_UNIT) for _ in range(2))

    def inform(actor):
        def person():
            mine = Case.objects.get(pk=case.pk)
            return lambda: cases.inform_partners(case=mine, actor=actor,
                                                 informed_on=D(2026, 11, 2))
        return person

    outcomes = at_once(inform(first), inform(second))
    won = [outcome for outcome in outcomes if outcome.error is None]
    lost = [outcome.error for outcome in outcomes if outcome.error is not None]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert isinstance(lost[0], TransitionNotAllowed), repr(lost[0])
    assert str(lost[0]) == ("This case is now 'With the safeguarding partners', so this can no "
                            "longer be done.")
    case.refresh_from_db()
    assert case.status == Case.Status.SCREENING
    assert count(case, "inform_partners") == 1
    assert case.history.filter(status=Case.Status.SCREENING).count() == 1


def test_the_three_partners_signing_off_at_once_complete_the_sign_off_once():
    p = j.people()
    review = j.decided(p)

    def sign(partner):
        def person():
            mine = RapidReview.objects.get(pk=review.pk)
            return lambda: j.sign(mine, partner, 19)
        return person

    outcomes = at_once(*(sign(partner) for partner in p.statutory_partners))
    assert [outcome.error for outcome in outcomes] == [None, None, None]
    review.refresh_from_db()
    assert review.status == RapidReview.Status.SIGNED_OFF
    assert review.signed_off_on == D(2026, 11, 19)
    assert SignOff.objects.filter(review=review).count() == 3
    assert count(review.case, "sign_off") == 3
    assert count(review.case, "complete_sign_off") == 1


def test_two_officers_of_one_partner_signing_at_once_sign_once():
    p = j.people()
    review = j.decided(p)
    officers = [p.police_partner, UserFactory(role=Role.SAFEGUARDING_PARTNER,
                                              agency=p.agencies[j.K.POLICE])]

    def sign(officer):
        def person():
            mine = RapidReview.objects.get(pk=review.pk)
            return lambda: j.sign(mine, officer, 19)
        return person

    outcomes = at_once(*(sign(officer) for officer in officers))
    lost = [outcome.error for outcome in outcomes if outcome.error is not None]
    assert len(lost) == 1, outcomes
    assert isinstance(lost[0], TransitionNotAllowed), repr(lost[0])
    assert str(lost[0]) == "Police has already signed this off"
    assert list(SignOff.objects.filter(review=review).values_list("partner", flat=True)) == [
        j.K.POLICE]
    assert count(review.case, "sign_off") == 1
    assert RapidReview.objects.get(pk=review.pk).status == RapidReview.Status.DECIDED


def test_notifications_recorded_at_once_complete_the_notification_once():
    p = j.people()
    case = j.notification_due_case(p)
    recorders = [p.business_unit, UserFactory(role=Role.BUSINESS_UNIT), p.partner]

    def notify(actor, recipient):
        def person():
            mine = Case.objects.get(pk=case.pk)
            return lambda: j.notify(mine, actor, recipient)
        return person

    outcomes = at_once(*(notify(actor, recipient) for actor, recipient in
                         zip(recorders, (N.NATIONAL_PANEL, N.OFSTED, N.DFE), strict=True)))
    assert [outcome.error for outcome in outcomes] == [None, None, None]
    case.refresh_from_db()
    assert case.status == Case.Status.NOTIFIED
    assert case.notifications.count() == 3
    assert count(case, "record_notification") == 3
    assert count(case, "complete_notifications") == 1


def test_a_referral_submitted_twice_at_once_opens_one_case():
    referral = ReferralFactory()

    def submit():
        mine = Referral.objects.get(pk=referral.pk)
        return lambda: submit_referral(referral=mine, actor=referral.created_by)

    outcomes = at_once(submit, submit)
    lost = [outcome.error for outcome in outcomes if outcome.error is not None]
    assert len(lost) == 1 and isinstance(lost[0], TransitionNotAllowed), outcomes
    assert str(lost[0]) == "This referral is now 'Submitted', so this can no longer be done."
    assert Case.objects.count() == 1
    assert Decision.objects.filter(transition="receive_referral").count() == 1
    assert Decision.objects.filter(transition="submit_referral").count() == 1
