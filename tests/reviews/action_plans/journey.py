"""Helpers to get an action to a stage."""

import datetime

from reviews.action_plans import services
from reviews.action_plans.models import Action, ActionPlan
from safeguarding.models import Agency

AGREED_ON = datetime.date(2026, 6, 1)


def agreed(p, plan: ActionPlan, agency: Agency, due_on: datetime.date,
           agreed_on: datetime.date = AGREED_ON, **fields) -> Action:
    """An action proposed by the business unit and agreed by the group's chair."""
    action = services.propose_action(plan=plan, actor=p.business_unit,
                                     action=fields.pop("action", "Audit the referrals"),
                                     owner_agency=agency, due_on=due_on, **fields)
    return services.agree_action(action=action, actor=p.chair, agreed_on=agreed_on)
