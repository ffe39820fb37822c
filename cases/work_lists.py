"""The case lists on home pages."""

from django.utils.formats import date_format

from safeguarding.models import Role, User
from safeguarding.selectors import WorkItem, provides_work_list

from .models import Case
from .workflow import CASE


def _cases_waiting_for(transition: str) -> list[WorkItem]:
    """The cases in a state the named transition starts from."""
    cases = Case.objects.filter(status__in=CASE.transitions[transition].sources).order_by(
        "received_on", "reference")[:50]
    return [WorkItem(text=case.reference, url=case.get_absolute_url(),
                     detail=f"Received {date_format(case.received_on, 'j F Y')}")
            for case in cases]


@provides_work_list(Role.BUSINESS_UNIT, "Referrals to triage")
def referrals_to_triage(user: User) -> list[WorkItem]:
    return _cases_waiting_for("inform_partners")


@provides_work_list(Role.SAFEGUARDING_PARTNER, "Decisions waiting for you")
def decisions_waiting(user: User) -> list[WorkItem]:
    return _cases_waiting_for("decide_notify")
