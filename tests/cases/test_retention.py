import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases import services
from safeguarding.models import Decision, Role
from tests.factories import UserFactory, submitted_case

pytestmark = pytest.mark.django_db


def test_closed_cases_past_retention_are_listed_by_reference_only(capsys, settings):
    settings.CASE_RETENTION_YEARS = 7
    unit = UserFactory(role=Role.BUSINESS_UNIT)
    old, recent, still_open = (submitted_case(child__full_name=name)
                               for name in ("Old Case Child", "Recent Child", "Open Child"))
    for case in (old, recent):
        services.withdraw_case(case=case, actor=unit, reason="Entered twice")
    eight_years_ago = timezone.now() - datetime.timedelta(days=8 * 366)
    Decision.objects.filter(case_id=old.pk).update(at=eight_years_ago)
    call_command("cases_past_retention")
    output = capsys.readouterr().out
    assert old.reference in output and recent.reference not in output
    assert still_open.reference not in output
    assert "1 closed case past the retention period of 7 years." in output
    assert "Old Case Child" not in output
    call_command("cases_past_retention", years=20)
    assert "0 closed cases" in capsys.readouterr().out
