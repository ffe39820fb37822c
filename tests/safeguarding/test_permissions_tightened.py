"""Issue 17 point 11: only the roles that refer start a referral, and are offered it; a
rapid review's panel reads the agencies' returns once submitted, never their drafts."""

import pytest
from django.core.exceptions import PermissionDenied

from forms.models import Referral
from forms.services import start_referral
from reviews.models import InformationReturn
from safeguarding.models import Role
from tests.factories import UserFactory

from . import workflow_journeys as j

pytestmark = pytest.mark.django_db
REFERRERS = {Role.BUSINESS_UNIT, Role.AGENCY_CONTRIBUTOR}
OTHERS = sorted(set(Role.values) - REFERRERS)


@pytest.mark.parametrize("role", sorted(REFERRERS))
def test_the_business_unit_and_agency_contributors_start_referrals(client_as, role):
    response = client_as(role).post("/referrals/new/")
    assert response.status_code == 302
    assert Referral.objects.get().created_by.role == role


@pytest.mark.parametrize("role", OTHERS)
def test_no_other_role_starts_a_referral(client_as, role):
    assert client_as(role).post("/referrals/new/").status_code == 403
    with pytest.raises(PermissionDenied):
        start_referral(actor=UserFactory(role=role))
    assert not Referral.objects.exists()


@pytest.mark.parametrize("role", OTHERS)
def test_no_other_role_is_offered_a_referral(client_as, role):
    client = client_as(role)
    home = client.get("/").content.decode()
    assert "Refer a serious incident" not in home
    assert 'href="/referrals/"' not in home  # "Your referrals" in the navigation
    referrals = client.get("/referrals/").content.decode()
    assert "Start a new referral" not in referrals and "Refer a serious incident" not in referrals


def test_an_agency_contributor_is_offered_a_referral(client_as):
    client = client_as(Role.AGENCY_CONTRIBUTOR)
    home = client.get("/").content.decode()
    assert "Refer a serious incident" in home and 'href="/referrals/"' in home


@pytest.fixture
def panel():
    """A rapid review with the school's return submitted and the hospital's in draft; a
    panel member of it and its chair."""
    p = j.people()
    review = j.started_review(p)
    submitted = j.submitted_return(review, p)
    draft = j.ask(review, p, j.K.HEALTH_PROVIDER)
    member = UserFactory(role=Role.PANEL_MEMBER, full_name="Dr Ola Bright")
    j.reviews.choose_panel(review=review, actor=p.business_unit, members=[p.chair, member])
    assert draft.status == InformationReturn.Status.REQUESTED
    return review, submitted, draft, [p.chair, member], p


def test_the_panel_reads_submitted_returns_only(client, panel):
    review, submitted, draft, members, p = panel
    for person in members:
        client.force_login(person)
        assert client.get(submitted.get_absolute_url()).status_code == 200
        assert client.get(draft.get_absolute_url()).status_code == 403
        page = client.get(review.get_absolute_url()).content.decode()
        assert f'href="{submitted.get_absolute_url()}"' in page
        assert f'href="{draft.get_absolute_url()}"' not in page
        assert p.agencies[j.K.HEALTH_PROVIDER].name in page  # listed, with its status


def test_the_panel_still_does_not_read_a_return_in_progress(client, panel):
    _review, _submitted, draft, members, p = panel
    nurse = UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=p.agencies[j.K.HEALTH_PROVIDER])
    j.reviews.save_information_return(  # the hospital has started it
        information_return=draft, actor=nurse, version=None,
        answers={"completed_by_name": "Nurse Ann Cole"})
    draft.refresh_from_db()
    assert draft.status == InformationReturn.Status.DRAFT
    client.force_login(members[1])
    assert client.get(draft.get_absolute_url()).status_code == 403


def test_those_who_read_every_review_still_read_drafts(client, panel):
    _review, _submitted, draft, _members, p = panel
    for person in (p.business_unit, p.partner, p.scrutineer):
        client.force_login(person)
        assert client.get(draft.get_absolute_url()).status_code == 200
