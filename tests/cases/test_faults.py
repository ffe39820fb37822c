"""Faults: a database error in the middle of a change leaves the record as it was; nothing
about a child reaches the logs."""

import datetime
import logging
from unittest import mock

import pytest
from django.core import mail
from django.db import DatabaseError

from cases import services
from cases.models import Case
from deadlines.models import Deadline
from safeguarding.models import Decision, Role
from tests.factories import UserFactory, submitted_case

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_a_database_error_mid_transition_leaves_the_case_as_it_was():
    case = submitted_case(received_on=datetime.date(2026, 11, 20))
    before = (Case.objects.get(pk=case.pk).status, Decision.objects.count(),
              list(Deadline.objects.order_by("pk").values()))
    with (mock.patch.object(Decision.objects, "create",
                            side_effect=DatabaseError("connection lost")),
          pytest.raises(DatabaseError)):
        services.inform_partners(case=case, actor=UserFactory(role=Role.BUSINESS_UNIT),
                                 informed_on=datetime.date(2026, 11, 23))
    after = (Case.objects.get(pk=case.pk).status, Decision.objects.count(),
             list(Deadline.objects.order_by("pk").values()))
    assert after == before and after[0] == Case.Status.REFERRED


def test_a_database_error_while_deriving_deadlines_undoes_the_transition():
    case = submitted_case(received_on=datetime.date(2026, 11, 20))
    with (mock.patch("deadlines.services.Deadline.objects.filter",
                     side_effect=DatabaseError("disk full")),
          pytest.raises(DatabaseError)):
        services.inform_partners(case=case, actor=UserFactory(role=Role.BUSINESS_UNIT),
                                 informed_on=datetime.date(2026, 11, 23))
    case.refresh_from_db()
    assert case.status == Case.Status.REFERRED and case.partners_informed_on is None
    assert not case.decisions.filter(transition="inform_partners").exists()


def test_no_child_or_family_name_reaches_the_logs_or_emails(caplog,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        caplog.set_level(logging.WARNING, logger="factory")  # the test's own data
        caplog.set_level(logging.DEBUG)
        case = submitted_case(child__full_name="Zebedee Quartermaine",
                              received_on=datetime.date(2026, 11, 20))
        unit = UserFactory(role=Role.BUSINESS_UNIT)
        services.inform_partners(case=case, actor=unit, informed_on=datetime.date(2026, 11, 23))
        services.withdraw_case(case=case, actor=unit, reason="Entered twice")
    text = "\n".join(record.getMessage() for record in caplog.records
                     if not record.name.startswith("factory"))
    assert len(caplog.records) > 5  # the service's own debug and info lines were captured
    assert case.reference in "".join(m.subject for m in mail.outbox)
    for sent in mail.outbox:
        assert "Zebedee" not in sent.subject + sent.body
    assert "Zebedee" not in text and "Quartermaine" not in text
