"""A rapid review at each of its stages, built through the services, for the reviews' tests
and the tests that need a review to attack or to edit twice. The fixtures that use these are
in tests/conftest.py."""

import datetime

from cases import services as case_services
from cases.models import Case, Notification
from reviews.models import ChronologyEntry, InformationReturn, PanelAttendance, RapidReview
from reviews.rapid_review import services
from safeguarding.models import Agency, Role
from safeguarding.rows import RowChange
from tests.factories import UserFactory, submitted_case

D = datetime.date
K = Agency.Kind
R = Notification.Recipient
RECEIVED = D(2026, 11, 2)  # a Monday; the partners are informed the same day
DECISION = ("The Chair of the partnership decided on 9 November 2026 that the case meets the "
            "criteria and a rapid review is required.")


def notified_case() -> Case:
    case = submitted_case(received_on=RECEIVED)
    business_unit = UserFactory(role=Role.BUSINESS_UNIT)
    partner = UserFactory(role=Role.SAFEGUARDING_PARTNER)
    case_services.inform_partners(case=case, actor=business_unit, informed_on=D(2026, 11, 2))
    case_services.record_screening_decision(
        case=case, actor=partner, decision=Case.ScreeningDecision.NOTIFY,
        rationale="A child was seriously harmed and neglect is suspected.",
        decided_on=D(2026, 11, 3))
    case_services.record_local_authority_awareness(case=case, actor=business_unit,
                                                   aware_on=D(2026, 11, 2))
    for recipient in (R.NATIONAL_PANEL, R.OFSTED, R.DFE):
        case_services.record_notification(
            case=case, actor=business_unit, recipient=recipient, notified_on=D(2026, 11, 6),
            channel=Notification.Channel.ONLINE_SYSTEM, sent_by="Head of Safeguarding",
            acknowledged_on=D(2026, 11, 9) if recipient == R.NATIONAL_PANEL else None)
    case.refresh_from_db()
    return case


def complete(information_return: InformationReturn) -> None:
    """Every required question answered, by an agency that has been involved (not a nil
    return); the subject child is the one the referral named, prefilled."""
    for field in ("completed_by_name", "initial_information", "involvement_with_incident",
                  "previous_involvement", "practice_analysis", "immediate_action",
                  "working_together_concerns", "voice_of_child"):
        setattr(information_return, field, "Mrs J Patel, Designated Safeguarding Lead")
    information_return.completed_on = D(2026, 11, 11)
    information_return.had_involvement = "yes"
    information_return.recommended_review = InformationReturn.ReviewType.LOCAL
    information_return.save()
    ChronologyEntry.objects.create(information_return=information_return,
                                   happened_on=D(2026, 10, 19), happened_at=datetime.time(8, 50),
                                   event="Child arrived at school hungry and unkempt")


def submitted_return(review, agency, business_unit, events=()):
    information_return = services.send_information_requests(
        review=review, actor=business_unit, agencies=[agency])[0]
    complete(information_return)
    for happened_on, happened_at, event in events:
        ChronologyEntry.objects.create(information_return=information_return,
                                       happened_on=happened_on, happened_at=happened_at,
                                       event=event)
    services.submit_information_return(
        information_return=information_return,
        actor=UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=agency))
    return information_return


def attend(review, agency, role=PanelAttendance.PanelRole.MEMBER, **fields):
    return PanelAttendance.objects.create(review=review, agency=agency, panel_role=role,
                                          name=fields.pop("name", f"Rep of {agency.name}"),
                                          **fields)


OUTCOME = {
    "facts_established": "The baby was admitted with a skull fracture on 19 October 2026.",
    "agency_involvement": "Health visiting did not see the baby with the father present.",
    "learning_identified": "Invisible men: fathers and male carers are not assessed.",
    "recommendation": RapidReview.Recommendation.LCSPR, "complex_or_national": "no",
    "key_lines_of_enquiry": "How did agencies assess the risk the father posed?",
    "rationale": "The criteria for an LCSPR in Working Together 2023 are met.",
}


def record_outcome(review, chair, agencies, **changes):
    action = RowChange(values={"action": "Refer the sibling for a child protection medical",
                               "owner_agency": agencies[K.LOCAL_AUTHORITY],
                               "due_on": D(2026, 12, 4)})
    services.record_recommendation(review=review, actor=chair, outcome={**OUTCOME, **changes},
                                   version=None, actions=[action])


def partner(agency):
    return UserFactory(role=Role.SAFEGUARDING_PARTNER, agency=agency)


def decision_maker():
    """The scrutineer role: the independent scrutineer / partnership chair, who records the
    partners' decision (000 stage 7)."""
    return UserFactory(role=Role.SCRUTINEER, full_name="Prof. Alan Hurst")


def decide(review, **decision):
    """The partners' decision maker agrees with the recommendation, or decides otherwise."""
    services.record_partners_decision(review=review, actor=decision_maker(),
                                      **(decision or {"agrees": True}))
    review.refresh_from_db()


def sign(review, person, signed_on, version=None):
    """``person`` signs off the decision as it stands (or the ``version`` their page showed)."""
    if version is None:
        version = RapidReview.objects.values_list("decision_version", flat=True).get(
            pk=review.pk)
    return services.sign_off(review=review, actor=person, signed_on=signed_on,
                             decision_version=version)
