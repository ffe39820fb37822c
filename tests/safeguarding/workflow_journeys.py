"""Records brought to each stage of their workflow through the services only (never by
setting a status), for the workflow's own tests: the people who act, and one builder per
stage, each starting from the stage before.

The dates are the ones the other rapid review tests use (November 2026)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cases import services as cases
from cases.models import Case, Notification
from reviews.models import InformationReturn, PanelAttendance, RapidReview
from reviews.rapid_review import services as reviews
from safeguarding.models import Agency, Role, User
from safeguarding.rows import RowChange
from tests.factories import AgencyFactory, UserFactory, submitted_case
from tests.rapid_review import complete as answer  # every question answered

D = datetime.date
K = Agency.Kind
N = Notification.Recipient
DECISION_NOTE = ("The Chair of the partnership decided on 9 November 2026 that the case meets "
                 "the criteria and a rapid review is required.")


@dataclass
class People:
    business_unit: User
    partner: User  # of the local authority
    police_partner: User
    icb_partner: User
    chair: User
    teacher: User  # an agency contributor of the school
    scrutineer: User
    manager: User
    agencies: dict[str, Agency]

    @property
    def statutory_partners(self) -> list[User]:
        return [self.partner, self.police_partner, self.icb_partner]


def people() -> People:
    agencies = {kind: AgencyFactory(kind=kind, name=name) for kind, name in [
        (K.LOCAL_AUTHORITY, "Northmoor Council Children's Services"),
        (K.POLICE, "Northmoor Police"), (K.INTEGRATED_CARE_BOARD, "Northmoor ICB"),
        (K.EDUCATION, "Northmoor Academy"), (K.HEALTH_PROVIDER, "Northmoor Hospitals"),
        (K.LEGAL, "Northmoor Legal Services")]}

    def partner(kind, name):
        return UserFactory(role=Role.SAFEGUARDING_PARTNER, agency=agencies[kind],
                           full_name=name)

    return People(
        business_unit=UserFactory(role=Role.BUSINESS_UNIT, full_name="Priya Shah"),
        partner=partner(K.LOCAL_AUTHORITY, "Helen Ward"),
        police_partner=partner(K.POLICE, "DCI Tom Reed"),
        icb_partner=partner(K.INTEGRATED_CARE_BOARD, "Dr Ann Lowe"),
        chair=UserFactory(role=Role.PANEL_CHAIR, full_name="Dr Ruth Okoye"),
        teacher=UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=agencies[K.EDUCATION],
                            full_name="Claire Dunn"),
        scrutineer=UserFactory(role=Role.SCRUTINEER, full_name="Independent Scrutineer"),
        manager=UserFactory(role=Role.MANAGER, full_name="Sam Manager"),
        agencies=agencies,
    )


# The case, from referral to notified.

def referred_case(**referral_fields) -> Case:
    """Received on Monday 2 November 2026, the day the partners are informed."""
    return submitted_case(received_on=D(2026, 11, 2), **referral_fields)


def screening_case(p: People) -> Case:
    case = referred_case()
    cases.inform_partners(case=case, actor=p.business_unit, informed_on=D(2026, 11, 2))
    return case


def decided_case(p: People, decision: str = Case.ScreeningDecision.NOTIFY) -> Case:
    case = screening_case(p)
    cases.record_screening_decision(
        case=case, actor=p.partner, decision=decision,
        rationale="A child was seriously harmed and abuse is suspected.",
        decided_on=D(2026, 11, 3))
    return case


def notification_due_case(p: People) -> Case:
    """To be notified, with the date the local authority became aware recorded."""
    case = decided_case(p)
    cases.record_local_authority_awareness(case=case, actor=p.business_unit,
                                           aware_on=D(2026, 11, 2))
    return case


def notify(case: Case, actor: User, recipient: str) -> Notification:
    return cases.record_notification(
        case=case, actor=actor, recipient=recipient, notified_on=D(2026, 11, 6),
        channel=Notification.Channel.ONLINE_SYSTEM, sent_by="Head of Safeguarding",
        acknowledged_on=D(2026, 11, 9) if recipient == N.NATIONAL_PANEL else None)


def notified_case(p: People) -> Case:
    """One online notification reaches the National Panel, Ofsted and DfE (004 s. 5.3)."""
    case = notification_due_case(p)
    notify(case, p.business_unit, N.NATIONAL_PANEL)
    case.refresh_from_db()
    return case


# The rapid review, from started to concluded.

def started_review(p: People) -> RapidReview:
    return reviews.start_rapid_review(case=notified_case(p), actor=p.business_unit,
                                      decided_on=D(2026, 11, 9), decision_note=DECISION_NOTE)


def ask(review: RapidReview, p: People, kind: str = K.EDUCATION) -> InformationReturn:
    return reviews.send_information_requests(review=review, actor=p.business_unit,
                                             agencies=[p.agencies[kind]])[0]


def submitted_return(review: RapidReview, p: People) -> InformationReturn:
    information_return = ask(review, p)
    answer(information_return)
    reviews.submit_information_return(information_return=information_return, actor=p.teacher)
    information_return.refresh_from_db()
    return information_return


def pack_circulated(p: People) -> RapidReview:
    review = started_review(p)
    submitted_return(review, p)
    reviews.circulate_panel_pack(review=review, actor=p.business_unit,
                                 circulated_on=D(2026, 11, 16))
    return review


def attendance_rows(p: People) -> list[RowChange]:
    rows = [(K.LOCAL_AUTHORITY, PanelAttendance.PanelRole.MEMBER),
            (K.INTEGRATED_CARE_BOARD, PanelAttendance.PanelRole.MEMBER),
            (K.POLICE, PanelAttendance.PanelRole.MEMBER),
            (K.EDUCATION, PanelAttendance.PanelRole.MEMBER),
            (K.LEGAL, PanelAttendance.PanelRole.LEGAL_ADVISER)]
    return [RowChange(values={"name": f"Rep of {p.agencies[kind].name}",
                              "job_title": "Head of Service", "agency": p.agencies[kind],
                              "panel_role": role, "direct_involvement": False})
            for kind, role in rows]


def meeting_held(p: People) -> RapidReview:
    review = pack_circulated(p)
    reviews.choose_panel(review=review, actor=p.business_unit, members=[p.chair])
    reviews.record_attendance(review=review, actor=p.business_unit,
                              attendance=attendance_rows(p))
    reviews.record_meeting_held(review=review, actor=p.business_unit, held_on=D(2026, 11, 18))
    review.refresh_from_db()
    return review


OUTCOME = {
    "facts_established": "The baby was admitted with a skull fracture on 19 October 2026.",
    "agency_involvement": "Health visiting did not see the baby with the father present.",
    "learning_identified": "Invisible men: fathers and male carers are not assessed.",
    "recommendation": RapidReview.Recommendation.LCSPR, "complex_or_national": "no",
    "key_lines_of_enquiry": "How did agencies assess the risk the father posed?",
    "rationale": "The criteria for an LCSPR in Working Together 2023 are met.",
}


def record_outcome(review: RapidReview, p: People, **changes) -> None:
    reviews.record_recommendation(review=review, actor=p.chair,
                                  outcome={**OUTCOME, **changes}, version=None, actions=[])


def recommended(p: People) -> RapidReview:
    review = meeting_held(p)
    record_outcome(review, p)
    review.refresh_from_db()
    return review


def decide(review: RapidReview, p: People, **decision) -> None:
    """The partners' decision maker (the scrutineer: the partnership chair, 000 stage 7)
    agrees with the recommendation, or decides ``decision`` otherwise with a reason."""
    reviews.record_partners_decision(review=review, actor=p.scrutineer,
                                     **(decision or {"agrees": True}))
    review.refresh_from_db()


def decided(p: People) -> RapidReview:
    review = recommended(p)
    decide(review, p)
    return review


def sign(review: RapidReview, partner: User, day: int = 19):
    """A partner signs off the decision as it stands (the version their page showed)."""
    version = RapidReview.objects.values_list("decision_version", flat=True).get(pk=review.pk)
    return reviews.sign_off(review=review, actor=partner, signed_on=D(2026, 11, day),
                            decision_version=version)


def signed_off(p: People) -> RapidReview:
    review = decided(p)
    for day, partner in zip((19, 20, 23), p.statutory_partners, strict=True):
        sign(review, partner, day)
    review.refresh_from_db()
    return review


def sent_to_the_panel(p: People) -> RapidReview:
    review = signed_off(p)
    reviews.record_submission(review=review, actor=p.business_unit, submitted_on=D(2026, 11, 24))
    review.refresh_from_db()
    return review


def panel_agrees(review: RapidReview, p: People) -> None:
    reviews.record_panel_response(review=review, actor=p.business_unit,
                                  responded_on=D(2026, 11, 25),
                                  response=RapidReview.PanelResponse.AGREES)
