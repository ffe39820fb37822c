"""The case lists on home pages."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from safeguarding.models import Role, User
from safeguarding.selectors import WorkItem, provides_work_list

from .models import Case
from .selectors import decision_log, with_their_cases
from .workflow import CASE


def _cases_waiting_for(transition: str) -> list[WorkItem]:
    """The cases in a state the named transition starts from."""
    cases = Case.objects.filter(status__in=CASE.transitions[transition].sources).order_by(
        "received_on", "reference").select_related("referral")[:50]
    return [WorkItem(text=case.reference, url=case.get_absolute_url(),
                     detail=f"Received {date_format(case.received_on, 'j F Y')}",
                     tag=PUBLIC_REFERRAL if _publicly_referred(case) else "",
                     case_id=case.pk)
            for case in cases]


PUBLIC_REFERRAL = "Public referral"


def _publicly_referred(case: Case) -> bool:
    """Made on the public referral page (the referral form's Referral.is_public)."""
    referral = getattr(case, "referral", None)
    return bool(referral is not None and referral.is_public)


@provides_work_list(Role.BUSINESS_UNIT, "Referrals to triage")
def referrals_to_triage(user: User) -> list[WorkItem]:
    return _cases_waiting_for("inform_partners")


@provides_work_list(Role.SAFEGUARDING_PARTNER, "Decisions waiting for you")
def decisions_waiting(user: User) -> list[WorkItem]:
    return _cases_waiting_for("decide_notify")


@provides_work_list(Role.SCRUTINEER, "Recent decisions")
def recent_decisions(user: User) -> list[WorkItem]:
    """The ten newest decisions of any case, each with its case, from the decision log,
    then the way to the full log (which filters by case, record, person and date)."""
    items = [WorkItem(text=f"{case.reference}: {decision.what}", url=case.get_absolute_url(),
                      detail=f"{decision.record}, "
                             f"{date_format(timezone.localtime(decision.at), 'j F Y')}",
                      case_id=case.pk)
             for decision, case in with_their_cases(decision_log()[:10]) if case is not None]
    if items:
        items.append(WorkItem(text="See the full decision log", url=reverse("cases:decision-log"),
                              detail="Find decisions by case, record, who made them and date"))
    return items
