"""The transitions of the rapid review, the agencies' information returns and the other
agencies they name, and the two the rapid review adds to the case (it starts; it concludes
with the case's next step). Declared once: the services make them, the pages ask which are
open and why not."""

from django.urls import reverse

from cases.models import Case
from cases.workflow import CASE
from deadlines.services import sync
from safeguarding import workflow
from safeguarding.models import Agency, Role
from safeguarding.workflow import transition

from .models import InformationReturn, KnownAgency, RapidReview

R = RapidReview.Status
C = Case.Status
BUSINESS_UNIT = "the business unit"
BEFORE_SENT = {R.GATHERING, R.PACK_CIRCULATED, R.MEETING_HELD, R.RECOMMENDED, R.DECIDED,
               R.SIGNED_OFF}
DECISION_MAKER = "the partners' decision maker the local policy names"
# Once the partners' decision stands, signed off by all three (004 section 7.5: it is then
# communicated to the family), and once the review has gone to the National Panel (001: then
# it is published).
AFTER_SENT = {R.SUBMITTED, R.FURTHER_INFORMATION, R.CONCLUDED}
AFTER_SIGN_OFF = {R.SIGNED_OFF} | AFTER_SENT
STATUTORY_PARTNERS = {kind: label for kind, label in Agency.Kind.choices
                      if kind in Agency.STATUTORY_PARTNER_KINDS}


def step_page(slug: str):
    return lambda review: reverse("reviews:step", args=[review.pk, slug])


def _run(name: str, label: str, *, done: str, sources, target=None, slug: str = "",
         page=None, guards=()):
    """A change the business unit makes to a rapid review."""
    return transition(name, label, done=done, sources=sources, target=target,
                      permission="reviews.run_rapid_review", who=BUSINESS_UNIT,
                      page=page or (step_page(slug) if slug else None), guards=guards)


# Guards: each returns why the change cannot be made yet, or "".

def _not_started(case: Case, user) -> str:
    return "The rapid review has already started." if hasattr(case, "rapid_review") else ""


def _a_return_is_in(review: RapidReview, user) -> str:
    return "" if review.returns.filter(status=InformationReturn.Status.SUBMITTED,
                                       lcspr=None).exists() \
        else "No agency has submitted its return yet: the pack would be empty"


def _attendance_recorded(review: RapidReview, user) -> str:
    return "" if review.attendance.exists() else \
        "Record who attended before recording the meeting"


def current_sign_offs(review: RapidReview):
    """The signatures and declines that stand: those given on the decision as it is now
    (a (re)decision voids the others)."""
    return review.sign_offs.filter(voided_on__isnull=True,
                                   decision_version=review.decision_version)


def _no_decision_yet(review: RapidReview, user) -> str:
    return "The partners' decision on this recommendation is recorded: it changes only if " \
           "the decision maker sends it back to the panel." if review.partners_decision \
        else ""


def _not_signed_by_this_partner(review: RapidReview, user) -> str:
    if getattr(user, "role", None) != Role.SAFEGUARDING_PARTNER:
        return ""
    partner = user.agency.kind
    if current_sign_offs(review).filter(partner=partner).exists():
        return f"{STATUTORY_PARTNERS.get(partner, partner)} has already signed this off"
    return ""


def _all_partners_signed(review: RapidReview, user) -> str:
    signed = set(current_sign_offs(review).filter(declined=False)
                 .values_list("partner", flat=True))
    missing = [label for kind, label in STATUTORY_PARTNERS.items() if kind not in signed]
    return "" if not missing else f"Waiting for the sign-off of: {', '.join(missing)}"


def _panel_has_answered(review: RapidReview, user) -> str:
    return "" if review.panel_response else "Record the National Panel's response first."


def _return_complete(information_return: InformationReturn, user) -> str:
    from .services import return_problems

    problems = return_problems(information_return)
    return problems[0].message if problems else ""


def _after_review(review: RapidReview) -> None:
    sync(review.case)


RAPID_REVIEW = workflow.declare(
    workflow.Workflow(model=RapidReview, noun="rapid review", states=RapidReview.Status,
                      case_id=lambda review: review.case_id,
                      describe=lambda review: "Rapid review", after=_after_review,
                      finished=lambda review: review.status == R.CONCLUDED,
                      colours={**{state: "blue" for state in R}, R.CONCLUDED: "grey"}),
    _run("send_information_requests", "Ask agencies for information",
         done="Agencies asked for information", sources=BEFORE_SENT | {R.FURTHER_INFORMATION},
         page=lambda review: reverse("reviews:requests", args=[review.pk])),
    _run("choose_panel", "Choose the panel", done="Panel chosen",
         sources={R.GATHERING, R.PACK_CIRCULATED}, slug="panel"),
    _run("circulate_panel_pack", "Record that the panel pack was circulated",
         done="Panel pack circulated", sources={R.GATHERING, R.PACK_CIRCULATED},
         target=R.PACK_CIRCULATED, slug="pack", guards=[_a_return_is_in]),
    _run("schedule_meeting", "Schedule the panel meeting", done="Panel meeting scheduled",
         sources={R.GATHERING, R.PACK_CIRCULATED}, slug="meeting"),
    _run("record_attendance", "Record who attended the panel", done="Attendance recorded",
         sources={R.GATHERING, R.PACK_CIRCULATED, R.MEETING_HELD},
         page=lambda review: reverse("reviews:attendance", args=[review.pk])),
    # 004 section 11.1, 001: the other reviews and investigations running beside the case,
    # recorded from the start and kept up to date until an LCSPR takes them over.
    _run("record_parallel_processes", "Record any parallel processes",
         done="Parallel processes recorded", sources=set(R),
         page=lambda review: reverse("reviews:parallel-processes", args=[review.pk])),
    _run("record_meeting_held", "Record that the panel met", done="Rapid review panel met",
         sources={R.PACK_CIRCULATED}, target=R.MEETING_HELD, slug="held",
         guards=[_attendance_recorded]),
    transition("record_recommendation", "Record the panel's outcome and recommendation",
               done="Panel's recommendation recorded", sources={R.MEETING_HELD, R.RECOMMENDED},
               target=R.RECOMMENDED, permission="reviews.record_recommendation",
               who="the panel's chair", guards=[_no_decision_yet],
               page=lambda review: reverse("reviews:outcome", args=[review.pk])),
    # 000 stage 7 and 004 section 6.10: the partners' decision maker decides on the
    # recommendation; deciding again voids the signatures given on the decision before.
    transition("record_partners_decision", "Record the partners' decision",
               done="Partners' decision recorded", sources={R.RECOMMENDED, R.DECIDED},
               target=R.DECIDED, permission="reviews.record_partners_decision",
               who=DECISION_MAKER, page=step_page("decision")),
    transition("return_to_panel", "Send the recommendation back to the panel",
               done="Recommendation sent back to the panel", sources={R.RECOMMENDED, R.DECIDED},
               target=R.MEETING_HELD, permission="reviews.record_partners_decision",
               who=DECISION_MAKER, page=step_page("return-to-panel")),
    # 001: each statutory partner signs the decision off in their own name, or declines it
    # with the reason, which sends it back to the decision maker.
    transition("sign_off", "Sign off the partners' decision", done="Signed off by a partner",
               sources={R.DECIDED}, permission="reviews.sign_off_rapid_review",
               who="the local authority, police and integrated care board partners",
               guards=[_not_signed_by_this_partner], page=step_page("sign-off")),
    transition("decline_sign_off", "Decline and send the decision back",
               done="A partner declined to sign off: sent back to the decision maker",
               sources={R.DECIDED}, target=R.RECOMMENDED,
               permission="reviews.sign_off_rapid_review",
               who="the local authority, police and integrated care board partners",
               guards=[_not_signed_by_this_partner], page=step_page("decline")),
    transition("complete_sign_off", "Signed off by all three partners",
               done="Signed off by the local authority, police and integrated care board",
               sources={R.DECIDED}, target=R.SIGNED_OFF, guards=[_all_partners_signed],
               automatic=True),
    _run("record_extension_notice", "Tell the Panel secretariat the review will be late",
         done="Panel secretariat told the review will be late", sources=BEFORE_SENT,
         slug="extension"),
    _run("record_submission", "Record that the rapid review was sent to the National Panel",
         done="Rapid review sent to the National Panel", sources={R.SIGNED_OFF},
         target=R.SUBMITTED, slug="submission"),
    _run("record_panel_response", "Record the National Panel's response",
         done="National Panel's response recorded", sources={R.SUBMITTED},
         slug="panel-response"),
    _run("record_panel_questions", "Record the National Panel's response",
         done="National Panel asked for further information", sources={R.SUBMITTED},
         target=R.FURTHER_INFORMATION, slug="panel-response"),
    _run("record_answers_sent", "Record the answers sent to the Panel",
         done="Answers sent to the National Panel", sources={R.FURTHER_INFORMATION},
         target=R.SUBMITTED, slug="answers"),
    _run("record_family_told", "Record whether the family was told of the decision",
         done="Telling the family of the decision recorded", sources=AFTER_SIGN_OFF,
         slug="family"),
    _run("record_publication", "Record whether the rapid review report is published",
         done="Publication of the rapid review report recorded", sources=AFTER_SENT,
         slug="publication"),
    _run("correct_date", "Correct a recorded date", done="Recorded date corrected",
         sources=set(R), slug="correct-date"),
    _run("conclude", "Conclude the rapid review", done="Rapid review concluded",
         sources={R.SUBMITTED}, target=R.CONCLUDED, slug="conclude",
         guards=[_panel_has_answered]),
)

INFORMATION_RETURN = workflow.declare(
    workflow.Workflow(
        model=InformationReturn, noun="return", states=InformationReturn.Status,
        case_id=lambda item: item.review.case_id,
        describe=lambda item: f"{'LCSPR information' if item.lcspr_id else 'Information'} "
                              f"return from {item.agency.name}", after=sync,
        colours={InformationReturn.Status.SUBMITTED: "green",
                 InformationReturn.Status.DRAFT: "yellow",
                 InformationReturn.Status.CLOSED: "grey"}),
    transition("start_return", "Start the return", done="Return started",
               sources={InformationReturn.Status.REQUESTED},
               target=InformationReturn.Status.DRAFT,
               permission="reviews.change_information_return", who="the agency asked",
               page=lambda item: item.get_absolute_url()),
    transition("submit_return", "Submit the return", done="Return submitted",
               sources={InformationReturn.Status.REQUESTED, InformationReturn.Status.DRAFT},
               target=InformationReturn.Status.SUBMITTED,
               permission="reviews.change_information_return", who="the agency asked",
               guards=[_return_complete],
               page=lambda item: reverse("reviews:submit", args=[item.pk])),
    # Once sent, fixed: a return still open when the rapid review is sent to the National
    # Panel is closed (services.record_submission, record_answers_sent).
    transition("close_return", "Close the return unsubmitted",
               done="Return closed: the rapid review was sent to the National Panel",
               sources={InformationReturn.Status.REQUESTED, InformationReturn.Status.DRAFT},
               target=InformationReturn.Status.CLOSED, who=BUSINESS_UNIT, automatic=True),
    # Reopening a submitted or closed return needs the reason, which the log keeps.
    transition("reopen_return", "Reopen the return", done="Return reopened for the agency",
               sources={InformationReturn.Status.SUBMITTED, InformationReturn.Status.CLOSED},
               target=InformationReturn.Status.DRAFT,
               permission="reviews.reopen_information_return", who=BUSINESS_UNIT,
               page=lambda item: reverse("reviews:reopen", args=[item.pk])),
)



def _known_agency_decision(name: str, done: str, target: str) -> workflow.Transition:
    return transition(name, "Decide whether to ask this agency too", done=done,
                      sources={KnownAgency.Decision.PROPOSED}, target=target,
                      permission="reviews.decide_known_agency", who=BUSINESS_UNIT,
                      page=lambda known: reverse("reviews:decide-known-agency",
                                                 args=[known.pk]))


KNOWN_AGENCY = workflow.declare(
    workflow.Workflow(
        model=KnownAgency, noun="agency", states=KnownAgency.Decision, field="decision",
        case_id=lambda known: known.information_return.review.case_id,
        describe=lambda known: f"Other agency known: {known.name}"),
    _known_agency_decision("approve_known_agency", "Agency asked for a return too",
                           KnownAgency.Decision.APPROVED),
    _known_agency_decision("decline_known_agency", "Agency not asked for a return",
                           KnownAgency.Decision.DECLINED),
)

# The rapid review moves the case: it starts from a notified case, and concluding it moves
# the case on to its next step.
CASE.add(
    transition("start_rapid_review", "Start the rapid review", done="Rapid review started",
               sources={C.NOTIFIED}, target=C.RAPID_REVIEW,
               permission="reviews.start_rapid_review", who=BUSINESS_UNIT,
               guards=[_not_started],
               page=lambda case: reverse("reviews:start", args=[case.reference])),
    *(transition(f"conclude_rapid_review_{step.value}", f"Rapid review concluded: {step.label}",
                 done=f"Rapid review concluded: {step.label}", sources={C.RAPID_REVIEW},
                 target=target, who="the business unit to conclude the rapid review",
                 automatic=True)
      for step, target in [(RapidReview.NextStep.LCSPR, C.LCSPR_TO_COMMISSION),
                           (RapidReview.NextStep.NATIONAL_REVIEW, C.NATIONAL_REVIEW),
                           (RapidReview.NextStep.LEARNING_REVIEW, C.LEARNING_REVIEW),
                           (RapidReview.NextStep.NO_REVIEW, C.NO_REVIEW)]),
)

CASE.add_tasks(
    workflow.Task("Start the rapid review", ("start_rapid_review",),
                  applies=lambda case: case.screening_decision in ("", "notify")),
    workflow.Task("Conclude the rapid review",
                  tuple(name for name in CASE.transitions
                        if name.startswith("conclude_rapid_review_")),
                  act_by="conclude_rapid_review_lcspr",
                  applies=lambda case: case.screening_decision in ("", "notify")),
)

RAPID_REVIEW.add_tasks(
    workflow.Task("Ask agencies for information", ("send_information_requests",)),
    workflow.Task("Choose the panel", ("choose_panel",)),
    workflow.Task("Record that the panel pack was circulated", ("circulate_panel_pack",)),
    workflow.Task("Record who attended the panel", ("record_attendance",)),
    workflow.Task("Record any parallel processes", ("record_parallel_processes",)),
    workflow.Task("Record that the panel met", ("record_meeting_held",)),
    workflow.Task("Record the panel's outcome and recommendation", ("record_recommendation",),
                  undone_by=("return_to_panel",)),
    workflow.Task("Record the partners' decision", ("record_partners_decision",),
                  undone_by=("decline_sign_off", "return_to_panel")),
    workflow.Task("Sign-off by the local authority, police and integrated care board",
                  ("complete_sign_off",), act_by="sign_off"),
    workflow.Task("Record whether the family was told of the decision",
                  ("record_family_told",)),
    workflow.Task("Record that the rapid review was sent to the National Panel",
                  ("record_submission",)),
    workflow.Task("Record the National Panel's response",
                  ("record_panel_response", "record_panel_questions")),
    workflow.Task("Record whether the rapid review report is published",
                  ("record_publication",)),
    workflow.Task("Conclude the rapid review", ("conclude",)),
)
