"""What follows the reviews of the partnership's past (demo/history.py): the agencies'
returns, the actions of every plan to their end (or not), the learning shared, the learning
reviews' plans, the learning themes, and the deadline sweep of each month."""

from datetime import date, timedelta

from django.utils import timezone

from deadlines import calendar
from deadlines.models import Notice
from deadlines.services import mark_notices_read, sweep_deadlines
from reviews.action_plans import services as plans
from reviews.action_plans.models import Action, ActionEscalation, ActionPlan
from reviews.learning import services as learning
from reviews.learning.models import LearningShared
from reviews.models import InformationReturn, RapidReview
from reviews.rapid_review import services as reviews
from safeguarding.rows import RowChange

from .history import CONTRIBUTORS, HEADS, Past, Story, wd, working_day
from .history_reviews import OWNERS, return_content

# The fates of actions: "ok" completed on time and its evidence accepted; "late" completed
# late, accepted; "esc" escalated to the head of service (by the sweep), answered, then
# completed; "over" never completed (escalated as the months pass); "no" not to be
# implemented, with the reason; "ext" an extension agreed, completed by the new date; "ref"
# an extension refused, completed late; "wait" completed, the evidence waiting for the group;
# "run" in progress.
PROGRESS = "Work started: the lead has briefed the teams concerned."
EVIDENCE = "The revised procedure, the briefing slides and the attendance list."
NOT_IMPLEMENTED = ("The agency's new case management system makes this check automatically: "
                   "a separate procedure would duplicate it.")
LEARNING_ACTIONS = [
    "Audit a sample of cases for the sharing of concerns between agencies.",
    "Deliver a practice session on professional curiosity to every team.",
    "Add the review's learning to the partnership's multi-agency training.",
]


def _action(pk: int) -> Action:
    return Action.objects.select_related("owner_agency", "plan__case").get(pk=pk)


def return_story(past: Past, return_pk: int, day: date) -> Story:
    """The agency's contributor answers and submits its return on ``day`` (unless the
    review was sent before: then the return was closed unanswered)."""
    yield day
    information_return = InformationReturn.objects.select_related("agency").get(pk=return_pk)
    if information_return.status == InformationReturn.Status.CLOSED:
        return
    user = past.person(CONTRIBUTORS[information_return.agency.name])
    answers = return_content(information_return, user.full_name, day)
    rows = {} if answers["had_involvement"] == "no" else {"chronology": [RowChange(values={
        "happened_on": day - timedelta(days=past.between(20, 120)),
        "event": "Contact with the family: concerns recorded"})]}
    reviews.save_information_return(information_return=information_return, actor=user,
                                    answers=answers, version=None, rows=rows)
    reviews.submit_information_return(
        information_return=InformationReturn.objects.get(pk=return_pk), actor=user)


def action_story(past: Past, action_pk: int, fate: str) -> Story:
    """An agreed action to its fate (see above), its owner's contributor reporting, the
    Learning and Development group's chair deciding."""
    action = _action(action_pk)
    due, start = action.due_on, past.now
    owner = past.person(CONTRIBUTORS[action.owner_agency.name])
    chair, bu = past.person("chair@example.org"), past.person("bu@example.org")
    if fate == "no":
        yield (on := max(start, due - timedelta(days=past.between(5, 15))))
        plans.not_to_be_implemented(action=_action(action_pk), actor=chair,
                                    reason=NOT_IMPLEMENTED)
        return
    if fate in ("ext", "ref"):
        yield (asked := max(start, due - timedelta(days=7)))
        plans.request_extension(
            action=_action(action_pk), actor=bu, requested_on=asked,
            new_due_on=due + timedelta(days=60), reason="The lead for the action is on "
            "long-term sick leave; the work has passed to a colleague.")
        yield (on := asked + timedelta(days=2))
        plans.decide_extension(action=_action(action_pk), actor=chair, agree=fate == "ext",
                               decided_on=on, reason="Exceptional: agreed once." if
                               fate == "ext" else "The action is too urgent to wait.")
        due = _action(action_pk).due_on
    yield (middle := max(past.now, start + (due - start) // 2))
    plans.record_update(action=_action(action_pk), actor=owner, written_on=middle,
                        text=PROGRESS)
    if fate in ("run", "over"):
        return
    if fate == "esc":
        yield (on := calendar.add_months(due, 3) + timedelta(days=40))
        escalation = ActionEscalation.objects.filter(action_id=action_pk, response="").first()
        if escalation is not None:
            plans.record_escalation_response(
                action=_action(action_pk), actor=past.person(HEADS[action.owner_agency.name]),
                escalation=escalation, responded_on=on,
                response="A new lead is named; the work is done by the end of next month.")
        done = on + timedelta(days=30)
    elif fate in ("late", "ref"):
        done = due + timedelta(days=past.between(15, 45))
    elif fate == "wait":
        done = max(middle, min(due - timedelta(days=2), past.today - timedelta(days=3)))
    else:
        done = max(middle, due - timedelta(days=past.between(0, 6)))
    yield done
    plans.mark_completed(action=_action(action_pk), actor=owner, completed_on=done,
                         evidence=EVIDENCE)
    if fate == "wait":
        return
    yield (accepted := done + timedelta(days=past.between(3, 12)))
    plans.accept_evidence(action=_action(action_pk), actor=chair, accepted_on=accepted,
                          note="The evidence shows the change is in place.")


def sharing_story(past: Past, case_pk: int, concluded: date) -> Story:
    """The learning of a rapid review concluded with no review, shared around the date the
    partners set (now and then late)."""
    item = LearningShared.objects.filter(plan__case_id=case_pk,
                                         status=LearningShared.Status.PLANNED).latest("pk")
    yield (shared := max(concluded + timedelta(days=1),
                         item.planned_for + timedelta(days=past.between(-20, 10))))
    learning.record_shared(item=item, actor=past.person("bu@example.org"), shared_on=shared)


def learning_review(past: Past, spec, case_pk: int, concluded: date) -> Story:
    """A multi-agency or single-agency learning review: its plan of actions, some weeks
    after the rapid review, and its findings shared in the newsletter."""
    bu, chair = past.person("bu@example.org"), past.person("chair@example.org")
    yield (started := concluded + timedelta(days=past.between(50, 70)))
    review = RapidReview.objects.select_related("case").get(case_id=case_pk)
    single = review.partners_decision == RapidReview.Recommendation.SINGLE_AGENCY_LEARNING
    agency = past.person(spec.referrer).agency
    plan = plans.start_plan(
        actor=bu, case=review.case, title=f"Learning review of {review.case.reference}",
        source=ActionPlan.Source.SINGLE_AGENCY_LEARNING if single
        else ActionPlan.Source.MULTI_AGENCY_LEARNING,
        scope=ActionPlan.Scope.SINGLE_AGENCY if single else ActionPlan.Scope.MULTI_AGENCY,
        single_agency=agency if single else None)
    fates = spec.plan.split()
    actions = [plans.propose_action(
        plan=plan, actor=bu, action=LEARNING_ACTIONS[number % len(LEARNING_ACTIONS)],
        owner_agency=agency if single else past.agencies[OWNERS[(case_pk + number) % 5]],
        due_on=started + timedelta(days=past.between(60, 150)),
        success_measure="Checked by the partnership's next multi-agency audit.")
        for number in range(len(fates))]
    yield (agreed := wd(started, 5))
    for action, fate in zip(actions, fates, strict=True):
        plans.agree_action(action=_action(action.pk), actor=chair, agreed_on=agreed,
                           note="Agreed at the group's meeting.")
        past.add(action_story(past, action.pk, fate))
    yield started + timedelta(days=past.between(90, 130))
    learning.record_shared_now(
        plan=ActionPlan.objects.get(pk=plan.pk), actor=bu,
        what="The learning review's findings", how=LearningShared.How.NEWSLETTER,
        audience="Practitioners of every agency", shared_on=past.now)


def monthly_sweeps(past: Past, start: date) -> Story:
    """The deadline sweep on the first working day of each month, as the beat ran it: what
    is overdue is marked, notices made, overdue actions escalated."""
    month = start.replace(day=1)
    while True:
        month = (month + timedelta(days=32)).replace(day=1)
        yield working_day(month)
        for user in past.people.values():  # last month's notices have been read
            mark_notices_read(user=user)
        sweep_deadlines(today=past.now)
        # Their emails went at the time: the worker must not send the past on its first start.
        Notice.objects.filter(emailed_at__isnull=True).update(
            email_claimed_at=timezone.now(), emailed_at=timezone.now())


def tag(past: Past, case_pk: int, names: tuple[str, ...], on: date, record: str = "case",
        record_id: int | None = None) -> None:
    """The business unit applies the learning themes (those in the taxonomy) to the case,
    or to one of its records."""
    from oversight.models import LearningTheme
    from oversight.themes.services import apply_themes

    ids = list(LearningTheme.objects.filter(name__in=names, is_active=True)
               .values_list("pk", flat=True))
    if ids:
        apply_themes(case_id=case_pk, record=record, record_id=record_id, theme_ids=ids,
                     actor=past.person("bu@example.org"), today=on)
