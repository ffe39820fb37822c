"""The case's own transitions, declared once: the services make them, the pages ask which are
open. Later stages (the rapid review, the LCSPR) add theirs with ``CASE.add``."""

from django.urls import reverse

from deadlines.services import sync
from safeguarding import workflow
from safeguarding.workflow import transition

from .dates import case_timeline
from .models import OPEN_STATUSES, Case, Notification
from .notifying import death_notifications, required_recipients

S = Case.Status
EVERY_STATE = set(S)
BUSINESS_UNIT = "the business unit"
PARTNER = "a safeguarding partner"


def page(slug: str):
    return lambda case: reverse("cases:action", args=[case.reference, slug])


def _awareness_not_confirmed(case: Case, user) -> str:
    """Once confirmed, the date is corrected with a reason, like every other recorded date."""
    if case.decisions.filter(transition="record_local_authority_awareness").exists():
        return ("The date the local authority became aware is confirmed: to change it, "
                "correct a recorded date, giving the reason")
    return ""


def _awareness_recorded(case: Case, user) -> str:
    return "" if case.local_authority_aware_on else (
        "Record the date the local authority became aware first")


def _partners_decided(case: Case, user) -> str:
    return "" if case.screening_decision else (
        "The referrer is told the outcome once the partners decide.")


def _deaths_notified(case: Case, user) -> str:
    """Every notification a death requires whatever the partners decide: Ofsted, DfE and
    the child death review partners as the case needs them."""
    if not death_notifications(case):
        return "No death here needs notifying to Ofsted or DfE"
    if case.decisions.filter(transition="complete_death_notifications").exists():
        return "The notifications the death requires have been made"
    notified = {n.recipient for n in case.notifications.all()}
    if Notification.Recipient.NATIONAL_PANEL in notified:
        # The online notification reaches Ofsted and DfE too (004 section 5.3).
        notified |= {Notification.Recipient.OFSTED, Notification.Recipient.DFE}
    missing = [r for r in required_recipients(case) if r not in notified]
    return "" if not missing else (
        f"Still to be notified: {', '.join(Notification.Recipient(r).label for r in missing)}")


def _everyone_notified(case: Case, user) -> str:
    notified = set(case.notifications.values_list("recipient", flat=True))
    missing = [r for r in required_recipients(case) if r not in notified]
    return "" if not missing else (
        f"Still to be notified: {', '.join(Notification.Recipient(r).label for r in missing)}")


def _a_date_is_recorded(case: Case, user) -> str:
    return "" if case_timeline(case).correctable() else "No date has been recorded yet."


def _partners_decision(name: str, done: str, target: str) -> workflow.Transition:
    """The three outcomes of the partners' decision: one question, three transitions."""
    return transition(name, "Record the safeguarding partners' decision", done=done,
                      sources={S.SCREENING}, target=target,
                      permission="cases.record_screening_decision",
                      who=PARTNER, page=page("screening-decision"))


CASE = workflow.declare(
    workflow.Workflow(
        model=Case, noun="case", states=Case.Status, case_id=lambda case: case.pk,
        describe=lambda case: "Case", after=sync, finished=lambda case: not case.is_open,
        colours={S.REFERRED: "blue", S.SCREENING: "purple", S.NOTIFICATION_DUE: "orange",
                 S.NOTIFIED: "green", S.LEARNING: "turquoise", S.RAPID_REVIEW: "blue",
                 S.LEARNING_DECISION_TO_APPROVE: "purple"}),
    transition("receive_referral", "Receive a referral", done="Referral received",
               sources=(), target=S.REFERRED, automatic=True),
    transition("inform_partners", "Record that the safeguarding partners were informed",
               done="Safeguarding partners informed", sources={S.REFERRED},
               target=S.SCREENING, permission="cases.inform_partners", who=BUSINESS_UNIT,
               page=page("inform-partners")),
    _partners_decision("decide_notify", "Partners decided to notify", S.NOTIFICATION_DUE),
    _partners_decision("decide_learning",
                       "Partners referred the case to the Learning and Development group",
                       S.LEARNING),
    _partners_decision("decide_no_further_action", "Partners decided no further action",
                       S.NO_FURTHER_ACTION),
    transition("record_local_authority_awareness",
               "Confirm when the local authority became aware",
               done="Date the local authority became aware confirmed",
               # A death is notified whatever the partners decide: its clock needs the date.
               sources=EVERY_STATE - {S.WITHDRAWN, S.MERGED},
               permission="cases.record_notification",
               who="the business unit or the local authority's partner",
               guards=[_awareness_not_confirmed], page=page("local-authority-aware")),
    # The local authority may notify before the partners decide, and a death that requires
    # it is notified whatever they decide: any state but withdrawn or merged.
    transition("record_notification", "Record a notification", done="Notification recorded",
               sources=EVERY_STATE - {S.WITHDRAWN, S.MERGED},
               permission="cases.record_notification",
               who="the business unit or the local authority's partner",
               guards=[_awareness_recorded], page=lambda case: case.get_absolute_url()),
    transition("complete_notifications", "Every required recipient notified",
               done="Every required recipient notified", sources={S.NOTIFICATION_DUE},
               target=S.NOTIFIED, guards=[_everyone_notified], automatic=True),
    transition("complete_death_notifications", "The notifications the death requires made",
               done="The notifications the death requires made",
               sources=EVERY_STATE - {S.WITHDRAWN, S.MERGED}, guards=[_deaths_notified],
               automatic=True),
    # Once notified, a rapid review follows unless the partners decide, with a reason, that
    # the case does not meet the criteria (the National Panel's rule).
    transition("decide_no_rapid_review", "Record that the case does not meet the criteria",
               done="Partners decided the case does not meet the criteria for a rapid review",
               sources={S.NOTIFICATION_DUE, S.NOTIFIED}, target=S.NO_FURTHER_ACTION,
               permission="cases.record_screening_decision", who=PARTNER,
               page=page("criteria-not-met")),
    transition("record_learning_decision",
               "Record the Learning and Development group's decision",
               done="Learning and Development group decided", sources={S.LEARNING},
               target=S.LEARNING_DECISION_TO_APPROVE,
               permission="cases.record_learning_decision",
               who="the business unit or a manager", page=page("learning-decision")),
    # The group's decision goes to the partners for approval (004 section 10.7).
    transition("approve_learning_decision",
               "Approve the Learning and Development group's decision",
               done="Partners approved the Learning and Development group's decision",
               sources={S.LEARNING_DECISION_TO_APPROVE}, target=S.LEARNING_DECIDED,
               permission="cases.approve_learning_decision", who=PARTNER,
               page=page("approve-learning-decision")),
    transition("return_learning_decision",
               "Send the decision back to the Learning and Development group",
               done="Partners sent the decision back to the Learning and Development group",
               sources={S.LEARNING_DECISION_TO_APPROVE}, target=S.LEARNING,
               permission="cases.approve_learning_decision", who=PARTNER,
               page=page("return-learning-decision")),
    transition("record_referrer_feedback", "Record that the referrer was told the outcome",
               done="Referrer told the outcome",
               sources=EVERY_STATE - {S.REFERRED, S.SCREENING},
               permission="cases.record_referrer_feedback", who=BUSINESS_UNIT,
               guards=[_partners_decided], page=page("referrer-told")),
    transition("add_document", "Add a document", done="Document added", sources=EVERY_STATE,
               permission="cases.add_document",
               who="the business unit or the agency that referred the case",
               page=lambda case: reverse("cases:add-document", args=[case.reference])),
    transition("correct_date", "Correct a recorded date", done="Recorded date corrected",
               sources=EVERY_STATE, permission="cases.correct_date", who=BUSINESS_UNIT,
               guards=[_a_date_is_recorded], page=page("correct-date")),
    transition("withdraw", "Withdraw the case", done="Case withdrawn", sources=OPEN_STATUSES,
               target=S.WITHDRAWN, permission="cases.withdraw_case", who=BUSINESS_UNIT,
               page=page("withdraw")),
    transition("merge", "Merge the case as a duplicate", done="Case merged as a duplicate",
               sources=OPEN_STATUSES, target=S.MERGED, permission="cases.merge_case",
               who=BUSINESS_UNIT, page=page("merge")),
)


def _on_learning_route(case: Case) -> bool:
    return case.screening_decision == Case.ScreeningDecision.LEARNING


def _on_notification_path(case: Case) -> bool:
    return case.screening_decision in ("", Case.ScreeningDecision.NOTIFY)


CASE.add_tasks(
    workflow.Task("Record that the safeguarding partners were informed", ("inform_partners",)),
    workflow.Task("Record the safeguarding partners' decision",
                  ("decide_notify", "decide_learning", "decide_no_further_action")),
    workflow.Task("Confirm when the local authority became aware",
                  ("record_local_authority_awareness",),
                  applies=lambda case: _on_notification_path(case) or bool(
                      death_notifications(case))),
    workflow.Task("Notify the National Panel, Ofsted and DfE", ("complete_notifications",),
                  act_by="record_notification", applies=_on_notification_path,
                  anchor="#notifications"),
    workflow.Task("Make the notifications the death requires", ("complete_death_notifications",),
                  act_by="record_notification",
                  applies=lambda case: bool(death_notifications(case))
                  and case.screening_decision != Case.ScreeningDecision.NOTIFY,
                  anchor="#notifications"),
    workflow.Task("Record that the referrer was told the outcome", ("record_referrer_feedback",)),
    # Sent back by the partners, the group decides again: the task is to do once more.
    workflow.Task("Record the Learning and Development group's decision",
                  ("record_learning_decision",), applies=_on_learning_route,
                  undone_by=("return_learning_decision",)),
    workflow.Task("Partners approve the Learning and Development group's decision",
                  ("approve_learning_decision",), applies=_on_learning_route),
)
