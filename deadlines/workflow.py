"""The reason for a statutory clock's delay, as a record of the one workflow
(safeguarding.workflow): given once, then changed, each time one row of the case's decision
log with the reason in words, as a corrected date is (the case's "correct_date")."""

from safeguarding import workflow
from safeguarding.workflow import transition

from .models import DelayReason

G = DelayReason.State
BUSINESS_UNIT = "the business unit"

DELAY_REASON = workflow.declare(
    workflow.Workflow(
        model=DelayReason, noun="reason for the delay", states=G,
        case_id=lambda reason: reason.case_id,
        describe=lambda reason: f"Reason for the delay: {reason.clock.name}"),
    transition("give_delay_reason", "Give the reason for the delay",
               done="Reason for the delay given", sources=(), target=G.GIVEN,
               permission="deadlines.record_delay_reason", who=BUSINESS_UNIT),
    transition("change_delay_reason", "Change the reason for the delay",
               done="Reason for the delay changed", sources=(G.GIVEN,),
               permission="deadlines.record_delay_reason", who=BUSINESS_UNIT),
)
