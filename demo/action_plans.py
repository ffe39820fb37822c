"""The demo's action plans (issue 14), made through the services: the immediate safety actions
of Freddie Walsh's rapid review, and the plan of Mia Carter's published LCSPR with an action in
every state, the escalations made by the deadline sweep. The Learning and Development group's
chair is chair@example.org (load_demo); the agencies' contributors write the updates."""

from collections.abc import Callable
from datetime import date, timedelta

from django.utils import timezone

from deadlines.services import sweep_deadlines
from reviews.action_plans import services as plans
from reviews.action_plans.models import Action, ActionEscalation, ActionPlan
from reviews.learning import services as learning
from reviews.learning.models import LearningShared
from safeguarding.models import Agency, User
from safeguarding.rows import RowChange

People = dict[str, User]
POLICE, SCHOOL = "Northmoor Police", "St Aidan's Primary School"
HEALTH = "Northmoor Teaching Hospitals NHS Foundation Trust"
CHARITY, COUNCIL = "Northmoor Family Support Network", "Northmoor Council Children's Services"

# The rapid review panel's immediate safety actions: (what, owner, due in days from today).
IMMEDIATE_ACTIONS = [
    ("Visit the younger sibling at home and review the child in need plan.", COUNCIL, 5),
    ("Check the siblings' attendance and welfare each school day and report any absence to "
     "children's social care the same day.", SCHOOL, 10),
    ("Share the family support worker's records of the household with children's social "
     "care.", CHARITY, 3),
    ("Refer the younger sibling to the health visitor for a weight check.", HEALTH, 5),
]


def immediate_actions() -> list[RowChange]:
    today = timezone.localdate()
    return [RowChange(values={"action": what, "owner_agency": Agency.objects.get(name=owner),
                              "due_on": today + timedelta(days=days)})
            for what, owner, days in IMMEDIATE_ACTIONS]


def _owned_by(plan: ActionPlan, name: str, **filters) -> Action:
    return plan.actions.select_related("plan__case", "owner_agency").filter(
        owner_agency__name=name, **filters).get()


def progress_immediate_actions(people: People, plan: ActionPlan) -> None:
    """Set by the panel today: the school has begun its daily checks; the charity has shared
    its records and the group has accepted the evidence; the others are agreed."""
    today = timezone.localdate()
    plans.record_update(action=_owned_by(plan, SCHOOL), actor=people["school@example.org"],
                        written_on=today, text="Daily checks started; both siblings attended "
                                               "every day so far.")
    shared = _owned_by(plan, CHARITY)
    plans.mark_completed(action=shared, actor=people["charity@example.org"], completed_on=today,
                         evidence="Records sent to children's social care by secure email; "
                                  "receipt acknowledged by the team manager.")
    plans.accept_evidence(action=_owned_by(plan, CHARITY), actor=people["chair@example.org"],
                          accepted_on=today, note="The receipt is on file.")


def lcspr_plan(people: People, lcspr, day: Callable[[int], date]) -> ActionPlan:
    """The plan of the published LCSPR, started when the partners signed the report off
    (``day(150)``), the report's recommendations its first actions, more agreed with the
    agencies; ``day(270)`` is today."""
    bu, chair = people["bu@example.org"], people["chair@example.org"]
    plan = plans.plan_from_recommendations(lcspr=lcspr, actor=bu)
    # Started with the report's sign-off, not today (as the demo's referrals are received).
    ActionPlan.objects.filter(pk=plan.pk).update(created_on=day(150))
    plan.refresh_from_db()
    first, second = lcspr.report_recommendations.order_by("number")

    def propose(what: str, owner: str, due: int, recommendation) -> Action:
        return plans.propose_action(
            plan=plan, actor=bu, action=what, owner_agency=Agency.objects.get(name=owner),
            due_on=day(due), report_recommendation=recommendation,
            recommendation=f"Recommendation {recommendation.number}: {recommendation.what}",
            lead={POLICE: "DI Sam Cole", SCHOOL: "Claire Dunn", CHARITY: "Tom Reilly",
                  COUNCIL: "Nadia Rahman"}.get(owner, ""),
            success_measure="Checked by the partnership's next multi-agency audit.")

    def agree(action: Action, on: int = 152) -> Action:
        return plans.agree_action(action=action, actor=chair, agreed_on=day(on),
                                  note="Agreed at the group's meeting.")

    _from_the_report(people, plan, agree, day)
    _more_actions(people, plan, propose, agree, first, second, day)
    _learning(people, plan, day)
    return plan


def _learning(people: People, plan: ActionPlan, day: Callable[[int], date]) -> None:
    """The review's learning: a key finding captured before it ended and sent to the group, a
    7-minute briefing shared, and a learning event planned."""
    bu = people["bu@example.org"]
    learning.capture_learning(
        plan=plan, actor=bu, captured_on=day(120), is_key_finding=True,
        text="Domestic abuse notifications reached children's services but not the health "
             "visitor, so the baby's risk was seen by one agency only.")
    learning.send_key_findings(plan=plan, actor=bu, sent_on=day(125))
    learning.record_shared_now(
        plan=plan, actor=bu, what="The review's learning on sharing domestic abuse "
                                  "notifications with health visitors",
        how=LearningShared.How.BRIEFING, audience="Every agency's safeguarding leads",
        shared_on=day(200))
    learning.plan_sharing(
        plan=plan, actor=bu, what="A multi-agency learning event on babies in households "
                                  "where there is domestic abuse",
        how=LearningShared.How.LEARNING_EVENT, audience="Practitioners of every agency",
        planned_for=day(300))


def _from_the_report(people: People, plan: ActionPlan, agree, day) -> None:
    """The report's own actions: the police's proposed, waiting for the group; the health
    trust's agreed; the school's in progress, with its updates."""
    agree(_owned_by(plan, HEALTH))
    school = agree(_owned_by(plan, SCHOOL))
    for on, text in ((200, "The sibling check is in the school's safeguarding policy; staff "
                           "briefed at the autumn INSET day."),
                     (250, "Half the classes' files checked: every sibling is recorded.")):
        plans.record_update(action=school, actor=people["school@example.org"],
                            written_on=day(on), text=text)


def _more_actions(people: People, plan: ActionPlan, propose, agree, first, second,
                  day) -> None:
    bu, chair = people["bu@example.org"], people["chair@example.org"]
    school, charity = people["school@example.org"], people["charity@example.org"]
    # Completed, the evidence waiting for the group.
    recorded = agree(propose("Family support workers record a concern about any child on the "
                             "file of each child in the household.", CHARITY, 262, second))
    plans.record_update(action=recorded, actor=charity, written_on=day(220),
                        text="The case recording guidance is rewritten.")
    plans.mark_completed(action=recorded, actor=charity, completed_on=day(258),
                         evidence="The new guidance and an audit of 20 files, every one with "
                                  "the household's children recorded.")
    # Completed, and the evidence accepted.
    briefing = agree(propose("A 7-minute briefing on the review's learning for every class "
                             "teacher.", SCHOOL, 240, second))
    plans.mark_completed(action=briefing, actor=school, completed_on=day(235),
                         evidence="The briefing and the attendance list of the staff meeting.")
    plans.accept_evidence(action=briefing, actor=chair, accepted_on=day(245))
    # Not to be implemented, with the reason (004 section 18.1).
    plans.not_to_be_implemented(
        action=propose("A daily list of domestic abuse notifications for the health visiting "
                       "service.", POLICE, 330, first), actor=chair,
        reason="The force's new system shares every notification with the health visiting "
               "service as it is made: a daily list would duplicate it.")
    # An extension asked for by the chief officer (recorded by the business unit for them),
    # waiting for the group; due today.
    training = agree(propose("Train the family support workers in the partnership's "
                             "information sharing protocol.", CHARITY, 270, first))
    plans.record_update(action=training, actor=charity, written_on=day(230),
                        text="Two of the three sessions held.")
    plans.request_extension(action=training, actor=bu, requested_on=day(265),
                            new_due_on=day(300), reason="The trainer is on long-term sick "
                            "leave; the last session is booked with another trainer.")
    # An extension agreed: due in 20 days, originally 20 days ago.
    audit = agree(propose("Add a sibling check to the school's audit of its safeguarding "
                          "files.", SCHOOL, 250, second))
    plans.request_extension(action=audit, actor=bu, requested_on=day(240),
                            new_due_on=day(290), reason="The school's safeguarding lead was "
                            "absent for the half term.")
    plans.decide_extension(action=audit, actor=chair, agree=True, decided_on=day(245),
                           reason="Exceptional: the only trained member of staff was absent.")
    _escalated(people, plan, propose, agree, first, day)


def _escalated(people: People, plan: ActionPlan, propose, agree, first, day) -> None:
    """Two of children's social care's actions more than 3 months overdue: the sweep (as the
    beat runs it, a week ago) escalates them to the council's head of service, who has
    answered for one."""
    overdue = [agree(propose(what, COUNCIL, due, first)) for what, due in (
        ("Check the household's domestic abuse notifications at every child in need visit.",
         160),
        ("Add the police's domestic abuse notifications to the child in need plan template.",
         165))]
    sweep_deadlines(today=day(263))
    answered = ActionEscalation.objects.get(action=overdue[1])
    plans.record_escalation_response(
        action=Action.objects.get(pk=overdue[1].pk), actor=people["manager@example.org"],
        escalation=answered, responded_on=day(266),
        response="The template is changed by the end of the month; the service manager for "
                 "child in need leads it.")
