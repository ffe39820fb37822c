"""The Learning and Development route (issue 12, item 12): the group's decision goes to the
safeguarding partners for approval (004 sections 5.6 and 10.7), and when no review is held
the approval records how the learning will be shared (001)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from cases import services
from cases.models import CLOSED_STATUSES, NO_REVIEW_LEARNING_DECISIONS, OPEN_STATUSES, Case
from cases.selectors import case_decisions, case_tasks
from safeguarding.models import Agency, Role
from safeguarding.workflow import TransitionNotAllowed
from tests import factories
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
S = Case.Status
L = Case.LearningDecision
RECEIVED, INFORMED, SCREENED = D(2026, 11, 19), D(2026, 11, 19), D(2026, 11, 20)
GROUP_DECIDED, APPROVED = D(2026, 11, 24), D(2026, 11, 25)
SHARING = ("A 7-minute briefing to the Learning and Development group, and the partnership "
           "newsletter")
APPROVE_TASK = "Partners approve the Learning and Development group's decision"
DECIDE_TASK = "Record the Learning and Development group's decision"
REVIEW_HELD = sorted(set(L) - NO_REVIEW_LEARNING_DECISIONS)
NO_REVIEW = sorted(NO_REVIEW_LEARNING_DECISIONS)


def user(role: Role, **fields):
    return UserFactory(role=role, **fields)


def partner_of(kind: str):
    return user(Role.SAFEGUARDING_PARTNER, agency=AgencyFactory(kind=kind, name=f"A {kind}"))


def with_the_group() -> Case:
    """Referred by the partners to the Learning and Development group, through the
    services."""
    case = factories.submitted_case(received_on=RECEIVED)
    services.inform_partners(case=case, actor=user(Role.BUSINESS_UNIT), informed_on=INFORMED)
    services.record_screening_decision(
        case=case, actor=user(Role.SAFEGUARDING_PARTNER),
        decision=Case.ScreeningDecision.LEARNING, decided_on=SCREENED,
        rationale="Below the threshold for notification; learning to explore.")
    return case


def decided(decision: str = L.QUALITY_ASSURANCE) -> Case:
    case = with_the_group()
    services.record_learning_decision(case=case, actor=user(Role.MANAGER), decision=decision,
                                      rationale="Considered by the group", decided_on=GROUP_DECIDED)
    return case


def approve(case: Case, actor=None, **fields) -> None:
    values = {"approved_on": APPROVED, "sharing": SHARING, **fields}
    services.approve_learning_decision(case=case, actor=actor or user(Role.SAFEGUARDING_PARTNER),
                                       **values)


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def rows(case: Case, person) -> dict:
    case.refresh_from_db()
    return {row.title: row for row in case_tasks(case, person, case_decisions(case))}


# The group's decision goes to the partners.

def test_the_groups_decision_goes_to_the_partners_for_approval():
    """004 section 10.7: "The Learning and Development Group will provide details and the
    rationale and outcome of their decision to the SSP for approval, to progress course of
    action agreed." """
    case = decided()
    case.refresh_from_db()
    assert case.status == S.LEARNING_DECISION_TO_APPROVE
    assert case.get_status_display() == "With the partners for approval"
    assert case.is_open and S.LEARNING_DECISION_TO_APPROVE in OPEN_STATUSES
    assert case.learning_decided_on == GROUP_DECIDED
    assert case.learning_approved_on is None


@pytest.mark.parametrize("decision", REVIEW_HELD)
def test_a_partner_approves_the_decision_and_the_route_is_decided(decision):
    """004 section 10.7: the SSP approve the group's decision "to progress course of action
    agreed". A review is held, so nothing more is asked."""
    case = decided(decision)
    partner = partner_of(Agency.Kind.POLICE)
    approve(case, partner, sharing="")
    case.refresh_from_db()
    assert case.status == S.LEARNING_DECIDED and case.status in CLOSED_STATUSES
    assert (case.learning_approved_on, case.learning_approved_by) == (APPROVED, partner)
    assert case.learning_decision == decision  # the group's decision is kept as it was
    row = case.decisions.get(transition="approve_learning_decision")
    assert row.actor == partner and row.to_label == "Learning route decided"
    assert "Approved on 25 November 2026" in row.reason


def test_a_partner_sends_the_decision_back_with_a_reason_and_the_group_decides_again():
    """004 section 10.7: the decision goes to the SSP "for approval": one they do not approve
    goes back to the Learning and Development group, with their reason, and the group
    decides again."""
    case = decided(L.NO_FURTHER_ACTION)
    partner = user(Role.SAFEGUARDING_PARTNER)
    with pytest.raises(ValidationError, match="Enter why the decision is sent back"):
        services.return_learning_decision(case=case, actor=partner, reason="  ")
    services.return_learning_decision(case=case, actor=partner,
                                      reason="Similar cases were seen: consider an audit")
    case.refresh_from_db()
    assert case.status == S.LEARNING
    row = case.decisions.get(transition="return_learning_decision")
    assert row.reason == "Similar cases were seen: consider an audit" and row.actor == partner
    services.record_learning_decision(case=case, actor=user(Role.BUSINESS_UNIT),
                                      decision=L.MULTI_AGENCY_AUDIT, rationale="An audit",
                                      decided_on=D(2026, 11, 26))
    case.refresh_from_db()
    assert case.status == S.LEARNING_DECISION_TO_APPROVE
    assert case.learning_decision == L.MULTI_AGENCY_AUDIT
    approve(case, approved_on=D(2026, 11, 27))
    case.refresh_from_db()
    assert case.status == S.LEARNING_DECIDED


# When no review is held, how the learning will be shared.

@pytest.mark.parametrize("decision", NO_REVIEW)
def test_when_no_review_is_held_the_approval_says_how_the_learning_will_be_shared(decision):
    """001 (Stage 2, the rapid review's conclusion): "the safeguarding partners should
    outline how learning already identified will be disseminated and acted on, or how the
    learning outcomes have been achieved." 004 section 10.6: an audit of similar cases (2),
    quality assurance (4) and no further action (5) hold no review of this case."""
    case = decided(decision)
    for sharing in ("", "   "):
        with pytest.raises(ValidationError, match="Enter how the learning will be shared"):
            approve(case, sharing=sharing)
    case.refresh_from_db()
    assert case.status == S.LEARNING_DECISION_TO_APPROVE and not case.learning_sharing
    approve(case, sharing=f"  {SHARING} ")
    case.refresh_from_db()
    assert case.learning_sharing == SHARING
    assert SHARING in case.decisions.get(transition="approve_learning_decision").reason


def test_the_options_that_hold_a_review_and_those_that_do_not():
    """004 section 10.6: a multi-agency practice review (1) and a single agency's internal
    review (3) are reviews of the case; the other three options are not."""
    assert set(REVIEW_HELD) == {L.MULTI_AGENCY_PRACTICE_REVIEW, L.SINGLE_AGENCY_REVIEW}


# Who may do it.

@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("change", ["approve", "send back"])
def test_only_a_safeguarding_partner_approves_or_sends_back(role, change):
    """004 section 10.7: the decision goes "to the SSP for approval": the statutory
    safeguarding partners approve it, not the group, the business unit or anyone else."""
    case = decided()
    if change == "approve":
        def call():
            approve(case, user(role))
    else:
        def call():
            services.return_learning_decision(case=case, actor=user(role), reason="Not agreed")
    if role == Role.SAFEGUARDING_PARTNER:
        call()
        assert case.decisions.filter(actor__role=role).exists()
    else:
        with pytest.raises(PermissionDenied):
            call()
        case.refresh_from_db()
        assert case.status == S.LEARNING_DECISION_TO_APPROVE


@pytest.mark.parametrize("kind", [Agency.Kind.LOCAL_AUTHORITY, Agency.Kind.POLICE,
                                  Agency.Kind.INTEGRATED_CARE_BOARD])
def test_each_of_the_three_partners_may_approve(kind):
    """004 section 10.7: "to the SSP for approval": any of the statutory safeguarding
    partners (local authority, police, integrated care board)."""
    case = decided()
    approve(case, partner_of(kind))
    case.refresh_from_db()
    assert case.status == S.LEARNING_DECIDED


@pytest.mark.parametrize("status", sorted(set(S) - {S.LEARNING_DECISION_TO_APPROVE}))
def test_only_a_decision_with_the_partners_is_approved_or_sent_back(status):
    """004 section 10.7: the partners approve the group's decision once it is given to them."""
    case = decided()
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        approve(case)
    with pytest.raises(TransitionNotAllowed):
        services.return_learning_decision(case=case, actor=user(Role.SAFEGUARDING_PARTNER),
                                          reason="Not agreed")


# Dates in order.

def test_the_approval_is_not_before_the_groups_decision_nor_in_the_future():
    """004 section 10.7: the group provides its decision to the SSP "for approval", so the
    approval follows the decision."""
    case = decided()
    with pytest.raises(ValidationError, match="cannot be before the Learning and Development "
                                              "group decided, on 24 November 2026"):
        approve(case, approved_on=D(2026, 11, 23))
    with pytest.raises(ValidationError, match="must be today or in the past"):
        approve(case, approved_on=D(2099, 1, 1))


def test_the_groups_decision_is_not_before_the_partners_referred_the_case():
    """004 sections 5.5 and 10.5: the SSP refer the case to the group, which then decides."""
    case = with_the_group()
    with pytest.raises(ValidationError, match="cannot be before the partners decided"):
        services.record_learning_decision(case=case, actor=user(Role.MANAGER),
                                          decision=L.QUALITY_ASSURANCE, rationale="QA",
                                          decided_on=D(2026, 11, 19))


def test_the_business_unit_corrects_the_approval_date_in_order():
    """004 section 10.7: a corrected approval date still follows the group's decision."""
    case = decided()
    approve(case)
    bu = user(Role.BUSINESS_UNIT)
    with pytest.raises(ValidationError, match="cannot be before"):
        services.correct_case_date(case=case, actor=bu, field="learning_approved_on",
                                   new_date=D(2026, 11, 21), reason="Typed wrongly")
    services.correct_case_date(case=case, actor=bu, field="learning_approved_on",
                               new_date=D(2026, 11, 26), reason="The minutes say Thursday")
    case.refresh_from_db()
    assert case.learning_approved_on == D(2026, 11, 26)


# The task list.

def test_the_task_list_shows_the_partners_approval_on_the_learning_route():
    """004 section 10.7: after the group's decision, the SSP's approval is the next task; a
    decision sent back is for the group to make again."""
    case = decided()
    partner, bu = user(Role.SAFEGUARDING_PARTNER), user(Role.BUSINESS_UNIT)
    tasks = rows(case, partner)
    assert list(tasks)[-2:] == [DECIDE_TASK, APPROVE_TASK]
    assert tasks[DECIDE_TASK].status == "completed"
    assert tasks[APPROVE_TASK].status == "to_do"
    assert tasks[APPROVE_TASK].url == f"/cases/{case.reference}/approve-learning-decision/"
    assert rows(case, bu)[APPROVE_TASK].hint == "Waiting for a safeguarding partner"

    services.return_learning_decision(case=case, actor=partner, reason="Not agreed")
    tasks = rows(case, bu)
    assert tasks[DECIDE_TASK].status == "to_do"
    assert tasks[APPROVE_TASK].status == "cannot_start"

    services.record_learning_decision(case=case, actor=bu, decision=L.SINGLE_AGENCY_REVIEW,
                                      rationale="The school's review",
                                      decided_on=GROUP_DECIDED)
    approve(case, partner, sharing="")
    tasks = rows(case, bu)
    assert tasks[DECIDE_TASK].status == tasks[APPROVE_TASK].status == "completed"
    assert tasks[APPROVE_TASK].hint.startswith(
        "Partners approved the Learning and Development group's decision. Recorded by")


def test_the_approval_task_is_only_on_the_learning_route():
    """004 section 10.7 concerns cases referred to the Learning and Development group only."""
    case = factories.submitted_case(received_on=RECEIVED)
    assert APPROVE_TASK not in rows(case, user(Role.BUSINESS_UNIT))


# The pages.

def test_the_partner_approves_on_its_page_saying_how_the_learning_will_be_shared():
    """001: when no review is held, how the learning will be disseminated and acted on;
    004 section 10.7: the partners approve the group's decision."""
    case = decided(L.QUALITY_ASSURANCE)
    client = signed_in(user(Role.SAFEGUARDING_PARTNER, full_name="Helen Ward"))
    page = f"/cases/{case.reference}/approve-learning-decision/"
    html = client.get(page).content.decode()
    assert "The Learning and Development group decided: An issue is highlighted" in html
    assert 'name="sharing"' in html
    response = client.post(page, {"approved_on_0": "25", "approved_on_1": "11",
                                  "approved_on_2": "2026", "sharing": ""})
    assert "Enter how the learning will be shared and acted on" in response.content.decode()
    response = client.post(page, {"approved_on_0": "25", "approved_on_1": "11",
                                  "approved_on_2": "2026", "sharing": SHARING}, follow=True)
    html = response.content.decode()
    assert "The Learning and Development group&#x27;s decision is approved" in html
    approval = html[html.index('data-testid="learning-approval"'):]
    assert "Approved 25 November 2026 by Helen Ward" in approval
    sharing = html[html.index('data-testid="learning-sharing"'):]
    assert "7-minute briefing" in sharing


def test_the_approval_page_does_not_ask_about_sharing_when_a_review_is_held():
    """001 asks how the learning is shared when no further review is held; a review is."""
    case = decided(L.MULTI_AGENCY_PRACTICE_REVIEW)
    client = signed_in(user(Role.SAFEGUARDING_PARTNER))
    page = f"/cases/{case.reference}/approve-learning-decision/"
    assert 'name="sharing"' not in client.get(page).content.decode()
    response = client.post(page, {"approved_on_0": "25", "approved_on_1": "11",
                                  "approved_on_2": "2026"})
    assert response.status_code == 302
    html = client.get(f"/cases/{case.reference}/").content.decode()
    assert 'data-testid="learning-sharing"' not in html


def test_the_partner_sends_the_decision_back_on_its_page():
    """004 section 10.7: a decision not approved goes back to the group, with the reason."""
    case = decided()
    client = signed_in(user(Role.SAFEGUARDING_PARTNER))
    page = f"/cases/{case.reference}/return-learning-decision/"
    assert "Enter why the decision is sent back" in client.post(
        page, {"reason": ""}).content.decode()
    response = client.post(page, {"reason": "Consider an audit of similar cases"}, follow=True)
    html = response.content.decode()
    assert "The decision is sent back to the Learning and Development group" in html
    assert "Consider an audit of similar cases" in html[html.index('data-testid="timeline"'):]
    case.refresh_from_db()
    assert case.status == S.LEARNING


@pytest.mark.parametrize("role", Role.values)
def test_the_approval_pages_are_offered_and_open_only_to_a_partner(role):
    """004 section 10.7: the SSP approve."""
    case = decided()
    client = signed_in(user(role))
    html = client.get(f"/cases/{case.reference}/").content.decode()
    for slug in ("approve-learning-decision", "return-learning-decision"):
        offered = f'href="/cases/{case.reference}/{slug}/"' in html
        status = client.get(f"/cases/{case.reference}/{slug}/").status_code
        if role == Role.SAFEGUARDING_PARTNER:
            assert offered and status == 200
        else:
            assert not offered and status == 403
