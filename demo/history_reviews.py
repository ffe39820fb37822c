"""The rapid reviews of the partnership's past (demo/history.py): agencies asked and their
returns (on time or late), the panel, its recommendation and immediate safety actions, the
partners' decision and sign-off, the submission to the National Panel (within the 15
working days, or late with the reason) and its response, and what follows."""

from datetime import date, timedelta

from cases.models import Case
from deadlines import services as deadlines
from deadlines.models import Deadline, DelayReason
from reviews.models import InformationReturn, PanelAttendance, RapidReview
from reviews.rapid_review import services as reviews
from safeguarding.rows import RowChange

from .history import CHARITY, COUNCIL, HEALTH, POLICE, SCHOOL, Past, Story, wd

Rec, Response = RapidReview.Recommendation, RapidReview.PanelResponse
PARTNERS = ("partner@example.org", "police.partner@example.org", "icb.partner@example.org")
ATTENDANCE = [
    ("Ruth Ellison", "Head of Safeguarding and Quality", COUNCIL,
     PanelAttendance.PanelRole.CHAIR),
    ("Samir Haddad", "Named Nurse for Safeguarding Children", HEALTH,
     PanelAttendance.PanelRole.MEMBER),
    ("DI Sam Cole", "Detective Inspector", POLICE, PanelAttendance.PanelRole.MEMBER),
    ("Claire Dunn", "Designated Safeguarding Lead", SCHOOL, PanelAttendance.PanelRole.MEMBER),
    ("Joanne Pike", "Senior Solicitor", "Northmoor Council Legal Services",
     PanelAttendance.PanelRole.LEGAL_ADVISER),
]
RATIONALE = {
    Rec.LCSPR: "The criteria for an LCSPR in Working Together 2023 are met: serious "
               "multi-agency learning about how agencies worked together.",
    Rec.MULTI_AGENCY_LEARNING: "Learning for several agencies that a local practice review "
                               "can draw out without a full LCSPR.",
    Rec.SINGLE_AGENCY_LEARNING: "The learning is for one agency's practice: its own "
                                "learning review, reported to the partnership.",
    Rec.NO_REVIEW: "The agencies' practice was appropriate; the learning already identified "
                   "is shared without a review.",
}
# Immediate safety actions, by the agency that owns them.
IMMEDIATE = {
    POLICE: "Share every domestic abuse notification about the household with children's "
            "social care the same day.",
    HEALTH: "Refer the siblings to the health visitor for a developmental check.",
    COUNCIL: "Hold a strategy discussion for the siblings and review their plan.",
    SCHOOL: "Check the siblings' attendance daily and report any absence the same day.",
    CHARITY: "Share the family support worker's records with children's social care.",
}
OWNERS = [POLICE, HEALTH, COUNCIL, SCHOOL, CHARITY]


def _review(case_pk: int) -> RapidReview:
    return RapidReview.objects.select_related("case").get(case_id=case_pk)


def rapid_review(past: Past, spec, case_pk: int) -> Story:
    from .history_lcspr import lcspr_story
    from .history_plans import learning_review, tag

    notified = _review_case(case_pk).notifications.get(recipient="national_panel").notified_on
    slip = 4 if "late_review" in spec.flags else 0
    yield (day_one := wd(notified, 1))
    _start(past, case_pk, day_one)
    if "extension" in spec.flags:
        yield wd(notified, 12)
        reviews.record_extension_notice(
            review=_review(case_pk), actor=past.person("bu@example.org"),
            notified_on=wd(notified, 12), reason="The post-mortem report, which the panel "
            "needs, is not expected until after the 15 working days.")
    yield (pack := wd(day_one, 7 + slip + (past.between(0, 5) == 0)))
    reviews.circulate_panel_pack(review=_review(case_pk), actor=past.person("bu@example.org"),
                                 circulated_on=pack)
    yield (met := wd(day_one, 9 + slip))
    _panel(past, spec, case_pk, met)
    yield (decided := wd(met, 1))
    _decide(past, spec, case_pk, decided)
    submitted = max(wd(notified, 17 + past.between(0, 2) if slip
                       else 13 + past.between(0, 2)), wd(decided, 1))
    yield submitted
    _submit(past, spec, case_pk, submitted)
    yield (responded := wd(submitted, past.between(5, 12)))
    answered = yield from _panel_responds(past, spec, case_pk, responded)
    _conclude(past, spec, case_pk, answered)
    tag(past, case_pk, spec.themes, answered)
    step = _review(case_pk).next_step
    if step == RapidReview.NextStep.LCSPR:
        yield from lcspr_story(past, spec, case_pk)
    elif step == RapidReview.NextStep.LEARNING_REVIEW:
        yield from learning_review(past, spec, case_pk, answered)


def _review_case(case_pk: int) -> Case:
    return Case.objects.get(pk=case_pk)


def _start(past: Past, case_pk: int, day_one: date) -> None:
    """The decision to hold the rapid review (000 stage 3), the agencies asked (on time, or
    late, each from its own contributor), the panel chosen."""
    from .history_plans import return_story

    bu = past.person("bu@example.org")
    review = reviews.start_rapid_review(
        case=_review_case(case_pk), actor=bu, decided_on=day_one,
        decision_note="The partnership Chair agreed with the triage that a rapid review is "
                      "required.")
    asked = past.rng.sample(OWNERS, past.between(2, 4))
    made = reviews.send_information_requests(review=review, actor=bu, agencies=[
        past.agencies[name] for name in asked])
    reviews.choose_panel(review=review, actor=bu, members=[
        past.person("chair@example.org"), past.person("panel@example.org")])
    for number, information_return in enumerate(made):
        late = number > 0 and past.between(0, 3) == 0
        past.add(return_story(past, information_return.pk, wd(
            day_one, past.between(6, 7) if late else past.between(2, 5))))


def _panel(past: Past, spec, case_pk: int, met: date) -> None:
    """The panel meets; its chair records the recommendation (with the KLOE when a review
    follows) and the immediate safety actions, each then followed in history_plans."""
    from .history_plans import action_story

    bu, chair = past.person("bu@example.org"), past.person("chair@example.org")
    review = _review(case_pk)
    reviews.record_attendance(review=review, actor=bu, attendance=[
        RowChange(values={"name": name, "job_title": title, "agency": past.agencies[agency],
                          "panel_role": role, "direct_involvement": False})
        for name, title, agency, role in ATTENDANCE])
    reviews.record_meeting_held(review=review, actor=bu, held_on=met)
    recommended = Rec.NO_REVIEW if "otherwise" in spec.flags else spec.route
    fates = spec.actions.split()
    owners = [OWNERS[(case_pk + number) % len(OWNERS)] for number in range(len(fates))]
    outcome = {
        "facts_established": "The facts of the incident as the agencies' returns and the "
                             "police set them out.",
        "agency_involvement": "Four agencies had been involved with the family in the year "
                              "before; the key practice episodes are in the chronology.",
        "learning_identified": "Information held by one agency did not reach the others.",
        "key_lines_of_enquiry": "How did agencies share what they knew? Was the child seen "
                                "and heard?",
        "recommendation": recommended, "complex_or_national": "no",
        "rationale": RATIONALE[recommended]}
    if recommended == Rec.LCSPR:
        outcome.update(recommended_reviewer=RapidReview.ReviewerKind.INDEPENDENT,
                       recommended_methodology="A systems review with a learning event for "
                                               "the practitioners involved.")
    reviews.record_recommendation(review=_review(case_pk), actor=chair, version=None,
                                  outcome=outcome, actions=[RowChange(values={
                                      "action": IMMEDIATE[owner],
                                      "owner_agency": past.agencies[owner],
                                      "due_on": met + timedelta(days=past.between(14, 40))})
                                      for owner in owners])
    for action, fate in zip(_review(case_pk).immediate_actions.order_by("pk"), fates,
                            strict=True):
        past.add(action_story(past, action.pk, fate))


def _decide(past: Past, spec, case_pk: int, decided: date) -> None:
    """The partners' decision maker decides (on the recommendation, or otherwise with the
    reason) and the three partners sign it off."""
    review = _review(case_pk)
    scrutineer = past.person("scrutineer@example.org")
    if "otherwise" in spec.flags:
        reviews.record_partners_decision(
            review=review, actor=scrutineer, agrees=False, decision=spec.route,
            reason="The health visiting service's own practice needs a closer look than the "
                   "panel thought.")
    else:
        reviews.record_partners_decision(review=review, actor=scrutineer, agrees=True)
    for email in PARTNERS:
        review = _review(case_pk)
        reviews.sign_off(review=review, actor=past.person(email), signed_on=decided,
                         decision_version=review.decision_version)
    reviews.record_family_told(review=_review(case_pk), actor=past.person("bu@example.org"),
                               told=True, told_on=decided,
                               told_by="Ruth Ellison, Head of Safeguarding and Quality")


def _submit(past: Past, spec, case_pk: int, submitted: date) -> None:
    """Sent to the National Panel; late without an extension notice: the reason for the
    delay, for the Panel."""
    bu = past.person("bu@example.org")
    reviews.record_submission(review=_review(case_pk), actor=bu, submitted_on=submitted)
    late = Deadline.objects.get(case_id=case_pk, clock__code="rapid_review_to_panel")
    if late.state == Deadline.State.MET_LATE and "extension" not in spec.flags:
        deadlines.record_delay_reason(
            deadline=late, actor=bu, kind=DelayReason.Kind.CRIMINAL_PROCEEDINGS,
            text="The police asked that the panel wait for the suspect's interview.")


def _panel_responds(past: Past, spec, case_pk: int, responded: date):
    """The National Panel's response: it agrees; or asks for more (answered, then agrees);
    or disagrees with the partners' decision. Returns the day the review concludes."""
    bu = past.person("bu@example.org")
    if "further_information" in spec.flags:
        reviews.record_panel_response(
            review=_review(case_pk), actor=bu, responded_on=responded,
            response=Response.FURTHER_INFORMATION,
            questions="Was the child's father known to any agency?")
        yield (sent := wd(responded, 3))
        reviews.record_answers_sent(
            review=_review(case_pk), actor=bu, sent_on=sent,
            answers="He was known to the police for offences of violence; not to the others.")
        yield (responded := wd(sent, 5))
    disagrees = "disagrees" in spec.flags
    reviews.record_panel_response(
        review=_review(case_pk), actor=bu, responded_on=responded,
        response=Response.DISAGREES if disagrees else Response.AGREES,
        rationale="The Panel sees learning about domestic abuse that a local review should "
                  "explore." if disagrees else "")
    return responded


def _conclude(past: Past, spec, case_pk: int, on: date) -> None:
    from .history_plans import sharing_story

    bu = past.person("bu@example.org")
    review = _review(case_pk)
    if "published" in spec.flags:
        reviews.record_publication(review=review, actor=bu, published=True, published_on=on,
                                   url=f"https://www.example.org/northmoor-scp/"
                                       f"{review.case.reference.lower()}")
    step = reviews.NEXT_STEP_FOR[Rec(review.partners_decision)]
    no_review = step == RapidReview.NextStep.NO_REVIEW
    reviews.conclude_rapid_review(
        review=_review(case_pk), actor=bu, next_step=step,
        override_reason="The partners kept their decision: the learning about domestic abuse "
                        "is taken into the partnership's thematic audit." if "disagrees" in
                        spec.flags else "",
        learning_sharing="A 7-minute briefing on the learning identified, to every agency's "
                         "safeguarding leads." if no_review else "",
        learning_shared_by=on + timedelta(days=42) if no_review else None)
    if no_review:
        past.add(sharing_story(past, case_pk, on))


def return_content(information_return: InformationReturn, user_name: str, day: date) -> dict:
    """An agency's answers: a nil return from the charity now and then."""
    if information_return.agency.name == CHARITY and information_return.pk % 2:
        return {"completed_by_name": user_name, "completed_on": day, "had_involvement": "no",
                "nil_return_reason": "No record of the child or family in our case "
                                     "management system."}
    return {
        "completed_by_name": user_name, "completed_on": day, "had_involvement": "yes",
        "initial_information": "What the agency knew when the incident was reported.",
        "involvement_with_incident": "The agency's contact with the child in the week "
                                     "of the incident.",
        "previous_involvement": "Contacts with the family over the past year.",
        "practice_analysis": "Concerns were recorded but not shared or escalated.",
        "immediate_action": "None needed beyond the actions of the panel.",
        "working_together_concerns": "Information did not pass between agencies.",
        "voice_of_child": "The child's words are recorded in the chronology.",
        "recommended_review": "local"}
