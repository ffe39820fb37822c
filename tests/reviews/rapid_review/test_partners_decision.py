"""The partners' decision is its own step (issue 12, item 5): the panel chair recommends
(000 stage 6); the decision maker the local policy names decides (000 stage 7: the
partnership chair; 004 section 6.10: the partners and the independent scrutineer); the three
statutory partners sign that decision off, each signature bound to the version signed (001)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from cases.models import Case
from reviews.models import RapidReview, SignOff
from reviews.rapid_review import services
from safeguarding import workflow
from safeguarding.models import Agency, LocalPolicy, Role
from safeguarding.workflow import TransitionNotAllowed
from tests.factories import UserFactory
from tests.rapid_review import decide, partner, record_outcome, sign

pytestmark = pytest.mark.django_db
D = datetime.date
K = Agency.Kind
R = RapidReview.Status
REC = RapidReview.Recommendation


@pytest.fixture
def recommended(met, chair, agencies):
    record_outcome(met, chair, agencies)
    met.refresh_from_db()
    return met


@pytest.fixture
def partners(agencies):
    return {kind: partner(agencies[kind])
            for kind in (K.LOCAL_AUTHORITY, K.POLICE, K.INTEGRATED_CARE_BOARD)}


def current(review):
    return list(review.sign_offs.filter(voided_on__isnull=True)
                .values_list("partner", "declined"))


def test_the_decision_maker_agrees_with_the_recommendation(recommended, decision_maker):
    """000 stage 7: "The rapid review recommendation will be presented to the partnership
    chair for a decision"; the panel's recommendation and the decision are two records."""
    services.record_partners_decision(review=recommended, actor=decision_maker, agrees=True)
    recommended.refresh_from_db()
    assert recommended.status == R.DECIDED
    assert (recommended.recommendation, recommended.partners_decision) == (REC.LCSPR, REC.LCSPR)
    assert recommended.partners_agree is True and recommended.decision_version == 1
    assert recommended.partners_decision_by == decision_maker
    assert recommended.partners_decision_maker == "partnership_chair"
    log = recommended.case.decisions.get(transition="record_partners_decision")
    assert log.reason == ("Agrees with the recommendation: A Local Safeguarding Practice Review "
                          "to be undertaken (independent author) (version 1)")


def test_deciding_otherwise_needs_the_reason(recommended, decision_maker):
    """004 section 6.10: the partners and the independent scrutineer decide; deciding other
    than the panel recommended is recorded with the reason."""
    with pytest.raises(ValidationError, match="Give the reason"):
        services.record_partners_decision(review=recommended, actor=decision_maker,
                                          agrees=False, decision=REC.NO_REVIEW, reason=" ")
    with pytest.raises(ValidationError, match="That is the panel's recommendation"):
        services.record_partners_decision(review=recommended, actor=decision_maker,
                                          agrees=False, decision=REC.LCSPR, reason="Same")
    services.record_partners_decision(
        review=recommended, actor=decision_maker, agrees=False,
        decision=REC.MULTI_AGENCY_LEARNING, reason="A local learning review reports sooner")
    recommended.refresh_from_db()
    assert recommended.recommendation == REC.LCSPR  # the panel's stays as it was
    assert recommended.partners_decision == REC.MULTI_AGENCY_LEARNING
    assert recommended.partners_decision_reason == "A local learning review reports sooner"


@pytest.mark.parametrize(("policy", "role", "kind", "allowed"), [
    ("partnership_chair", Role.SCRUTINEER, K.LOCAL_AUTHORITY, True),
    ("partnership_chair", Role.SAFEGUARDING_PARTNER, K.POLICE, False),
    ("partnership_chair", Role.PANEL_CHAIR, K.LOCAL_AUTHORITY, False),
    ("partnership_chair", Role.BUSINESS_UNIT, K.LOCAL_AUTHORITY, False),
    ("partners_and_scrutineer", Role.SCRUTINEER, K.LOCAL_AUTHORITY, True),
    ("partners_and_scrutineer", Role.SAFEGUARDING_PARTNER, K.POLICE, True),
    ("partners_and_scrutineer", Role.AGENCY_CONTRIBUTOR, K.EDUCATION, False),
    ("partners_and_scrutineer", Role.PANEL_CHAIR, K.LOCAL_AUTHORITY, False),
])
def test_who_decides_follows_the_local_policy(recommended, agencies, policy, role, kind,
                                              allowed):
    """000 stage 7: the partnership chair decides (the scrutineer role: the independent
    scrutineer / partnership chair); 004 section 6.10: "the partners and independent
    scrutineer" decide, so a statutory partner may record it too."""
    LocalPolicy.objects.filter(pk=LocalPolicy.current().pk).update(
        rapid_review_decision_by=policy)
    person = UserFactory(role=role, agency=agencies[kind])
    assert workflow.can(recommended, "record_partners_decision", person) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            services.record_partners_decision(review=recommended, actor=person, agrees=True)
        return
    services.record_partners_decision(review=recommended, actor=person, agrees=True)
    recommended.refresh_from_db()
    assert recommended.partners_decision_maker == policy


def test_a_partner_cannot_sign_before_the_decision(recommended, partners):
    """001: the partners sign off the partners' decision, not the panel's recommendation."""
    with pytest.raises(TransitionNotAllowed):
        sign(recommended, partners[K.POLICE], D(2026, 11, 20))
    assert not SignOff.objects.exists()


def test_a_signature_of_a_changed_decision_is_refused(recommended, decision_maker, partners):
    """Issue 12: "a partner can sign off a recommendation they never saw (the chair changed it
    between their page load and their signature, and the signature stood)". A signature is
    bound to the version it was given on."""
    decide(recommended)
    loaded = recommended.decision_version
    services.record_partners_decision(review=recommended, actor=decision_maker, agrees=False,
                                      decision=REC.NO_REVIEW, reason="No learning beyond QA")
    with pytest.raises(services.DecisionChanged, match="has changed since you opened"):
        sign(recommended, partners[K.POLICE], D(2026, 11, 20), version=loaded)
    assert not SignOff.objects.exists()


def test_the_page_loaded_then_the_decision_changed_signs_nothing(recommended, decision_maker,
                                                                 partners):
    """The race of issue 12, through the pages: the partner loads the sign-off page, the
    decision changes, the partner posts; the sign-off is refused with a message and the page
    shows the decision that stands."""
    decide(recommended)
    client = Client()
    client.force_login(partners[K.POLICE])
    url = reverse("reviews:step", args=[recommended.pk, "sign-off"])
    page = client.get(url).content.decode()
    assert "I sign off this decision on behalf of" in page
    assert 'name="decision_version" value="1"' in page
    assert "A Local Safeguarding Practice Review to be undertaken" in page
    services.record_partners_decision(review=recommended, actor=decision_maker, agrees=False,
                                      decision=REC.NO_REVIEW, reason="No learning beyond QA")
    response = client.post(url, {"on_0": "20", "on_1": "11", "on_2": "2026",
                                 "declaration": "yes", "decision_version": "1"}, follow=True)
    text = response.content.decode()
    assert "has changed since you opened the page" in text
    assert 'name="decision_version" value="2"' in text
    assert "No learning beyond QA" in text
    assert not SignOff.objects.exists()
    # Read again, it is signed.
    response = client.post(url, {"on_0": "20", "on_1": "11", "on_2": "2026",
                                 "declaration": "yes", "decision_version": "2"})
    assert response.status_code == 302
    assert SignOff.objects.get().decision_version == 2


def test_the_declaration_is_required(recommended, partners):
    """001: each partner signs off in their own name: the page asks them to declare it."""
    decide(recommended)
    client = Client()
    client.force_login(partners[K.POLICE])
    url = reverse("reviews:step", args=[recommended.pk, "sign-off"])
    response = client.post(url, {"on_0": "20", "on_1": "11", "on_2": "2026",
                                 "decision_version": "1"})
    assert "Confirm the declaration to sign off" in response.content.decode()
    assert not SignOff.objects.exists()


def test_deciding_again_voids_the_signatures_and_asks_again(recommended, decision_maker,
                                                           partners):
    """A change after any signature voids the signatures and asks again; nothing is lost."""
    decide(recommended)
    sign(recommended, partners[K.LOCAL_AUTHORITY], D(2026, 11, 19))
    sign(recommended, partners[K.POLICE], D(2026, 11, 20))
    services.record_partners_decision(review=recommended, actor=decision_maker, agrees=False,
                                      decision=REC.MULTI_AGENCY_LEARNING, reason="Sooner")
    recommended.refresh_from_db()
    assert recommended.status == R.DECIDED and recommended.decision_version == 2
    assert current(recommended) == []
    assert SignOff.objects.filter(voided_on__isnull=False).count() == 2
    assert "2 earlier sign-off(s) voided" in recommended.case.decisions.filter(
        transition="record_partners_decision").last().reason
    # The task list's sign-off row says who still has to sign: all three again.
    rows = workflow.task_list(recommended, decision_maker, recommended.case.decisions.all())
    row = next(row for row in rows if row.title.startswith("Sign-off"))
    assert row.hint == ("Waiting for the sign-off of: Local authority, Police, "
                        "Integrated care board")
    for kind, day in ((K.LOCAL_AUTHORITY, 23), (K.POLICE, 23), (K.INTEGRATED_CARE_BOARD, 23)):
        sign(recommended, partners[kind], D(2026, 11, day))
    recommended.refresh_from_db()
    assert recommended.status == R.SIGNED_OFF and recommended.signed_off_on == D(2026, 11, 23)


def test_a_partner_declines_and_it_goes_back_to_the_decision_maker(recommended, partners,
                                                                  decision_maker):
    """A partner can decline with a reason, which sends it back to the decision maker."""
    decide(recommended)
    sign(recommended, partners[K.LOCAL_AUTHORITY], D(2026, 11, 19))
    with pytest.raises(ValidationError, match="Give the reason"):
        services.decline_sign_off(review=recommended, actor=partners[K.POLICE],
                                  decision_version=1, reason="")
    services.decline_sign_off(review=recommended, actor=partners[K.POLICE], decision_version=1,
                              reason="The criteria for a national review are met")
    recommended.refresh_from_db()
    assert recommended.status == R.RECOMMENDED
    assert current(recommended) == [(K.LOCAL_AUTHORITY, False), (K.POLICE, True)]
    with pytest.raises(TransitionNotAllowed):  # nothing to sign until it is decided again
        sign(recommended, partners[K.INTEGRATED_CARE_BOARD], D(2026, 11, 20))
    assert workflow.can(recommended, "record_partners_decision", decision_maker)
    client = Client()
    client.force_login(decision_maker)
    page = client.get(reverse("reviews:step", args=[recommended.pk, "decision"]))
    assert "The criteria for a national review are met" in page.content.decode()
    services.record_partners_decision(review=recommended, actor=decision_maker, agrees=False,
                                      decision=REC.NATIONAL_REVIEW, reason="As the police say")
    recommended.refresh_from_db()
    assert current(recommended) == [] and recommended.decision_version == 2


def test_the_recommendation_changes_only_when_sent_back_to_the_panel(recommended, chair,
                                                                     agencies, decision_maker):
    """000 stages 6-7: the panel recommends, the decision maker decides; once decided, the
    chair's recommendation changes only if the decision maker sends it back."""
    decide(recommended)
    with pytest.raises(TransitionNotAllowed):
        record_outcome(recommended, chair, agencies, rationale="Changed after the decision")
    with pytest.raises(ValidationError, match="Give the reason"):
        services.return_to_panel(review=recommended, actor=decision_maker, reason=" ")
    with pytest.raises(PermissionDenied):
        services.return_to_panel(review=recommended, actor=chair, reason="Mine")
    services.return_to_panel(review=recommended, actor=decision_maker,
                             reason="Set out the key lines of enquiry again")
    recommended.refresh_from_db()
    assert recommended.status == R.MEETING_HELD and recommended.partners_decision == ""
    record_outcome(recommended, chair, agencies, recommendation=REC.NO_REVIEW,
                   key_lines_of_enquiry="")
    recommended.refresh_from_db()
    assert recommended.status == R.RECOMMENDED and recommended.recommendation == REC.NO_REVIEW


def test_the_sign_off_page_shows_what_is_signed(recommended, partners, decision_maker):
    """The sign-off page shows exactly what is signed: the decision, its reason, the
    recommendation and the key lines of enquiry, with the declaration."""
    services.record_partners_decision(review=recommended, actor=decision_maker, agrees=False,
                                      decision=REC.MULTI_AGENCY_LEARNING, reason="Sooner")
    client = Client()
    client.force_login(partners[K.INTEGRATED_CARE_BOARD])
    text = client.get(reverse("reviews:step", args=[recommended.pk, "sign-off"])
                      ).content.decode()
    for shown in ("A multi-agency practice learning review to be undertaken", "Sooner",
                  "A Local Safeguarding Practice Review to be undertaken",
                  "How did agencies assess the risk the father posed?",
                  "I sign off this decision on behalf of Northmoor ICB"):
        assert shown.replace("'", "&#x27;") in text


# Concluding follows the decision and the Panel's response.

def _answered(signed, business_unit, response=RapidReview.PanelResponse.AGREES):
    services.record_submission(review=signed, actor=business_unit, submitted_on=D(2026, 11, 24))
    services.record_panel_response(review=signed, actor=business_unit,
                                   responded_on=D(2026, 11, 25), response=response)


def test_concluding_follows_the_decision_unless_overridden_with_a_reason(signed,
                                                                          business_unit):
    """000 stage 7: the decision sets the next step (here an LCSPR); another next step needs
    the reason it is overridden, kept in the decision log."""
    _answered(signed, business_unit)
    assert services.expected_next_step(signed) == RapidReview.NextStep.LCSPR
    with pytest.raises(ValidationError, match="lead to: LCSPR to be commissioned"):
        services.conclude_rapid_review(review=signed, actor=business_unit,
                                       next_step=RapidReview.NextStep.NO_REVIEW)
    signed.refresh_from_db()
    assert signed.status == R.SUBMITTED
    services.conclude_rapid_review(review=signed, actor=business_unit,
                                   next_step=RapidReview.NextStep.NO_REVIEW,
                                   override_reason="The family has moved abroad",
                                   learning_sharing="A 7-minute briefing for the partnership",
                                   learning_shared_by=D(2027, 1, 29))
    signed.refresh_from_db()
    assert signed.next_step_reason == "The family has moved abroad"
    assert Case.objects.get(pk=signed.case_id).status == Case.Status.NO_REVIEW
    assert "The family has moved abroad" in signed.case.decisions.get(
        transition="conclude").reason


def test_a_panel_national_review_leads_to_a_national_review(signed, business_unit):
    """001 days 16-30: the Panel's response; when the Panel undertakes a national review, that
    is the next step whatever the partners decided."""
    _answered(signed, business_unit, RapidReview.PanelResponse.NATIONAL_REVIEW)
    with pytest.raises(ValidationError):
        services.conclude_rapid_review(review=signed, actor=business_unit,
                                       next_step=RapidReview.NextStep.LCSPR)
    services.conclude_rapid_review(review=signed, actor=business_unit,
                                   next_step=RapidReview.NextStep.NATIONAL_REVIEW)
    assert Case.objects.get(pk=signed.case_id).status == Case.Status.NATIONAL_REVIEW


def test_the_conclude_page_proposes_the_next_step(signed, business_unit):
    _answered(signed, business_unit)
    client = Client()
    client.force_login(business_unit)
    text = client.get(reverse("reviews:step", args=[signed.pk, "conclude"])).content.decode()
    assert "lead to: LCSPR to be commissioned" in text
    assert 'value="lcspr" checked' in text or 'checked value="lcspr"' in text or (
        'value="lcspr"' in text and "checked" in text)


def test_after_a_decline_the_decision_page_says_what_stood_and_whose_signature_goes(client):
    """004 section 6.10: a partner who declines sends the decision back to the decision
    maker, who sees the decision that stood, the reason it was declined, and that deciding
    again voids the signatures given on it; the panel's own recommendation is not offered
    as deciding otherwise."""
    from tests.safeguarding import workflow_journeys as j

    p = j.people()
    review = j.decided(p)
    j.sign(review, p.partner)
    services.decline_sign_off(review=review, actor=p.police_partner,
                              decision_version=review.decision_version,
                              reason="The scope leaves out the GP practice.")
    client.force_login(p.scrutineer)
    page = client.get(f"/rapid-reviews/{review.pk}/decision/").content.decode()
    lead = page[page.index('data-testid="lead"'):]
    assert "The partners&#x27; decision now (version 1)" in lead
    assert "declined to sign off the last decision: The scope leaves out the GP practice." \
        in page
    assert "voids the signatures given on it (Helen Ward)" in lead
    choices = page[page.index("If not, what do the partners decide?"):]
    review.refresh_from_db()
    assert f'value="{review.recommendation}"' not in choices
