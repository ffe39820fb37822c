"""Every message in a GOV.UK error summary links to an input that is on the page."""

import re

import pytest
from django.test import Client

from cases.models import Case
from forms.models import Referral
from safeguarding.models import Role
from tests.factories import submitted_case

pytestmark = pytest.mark.django_db


def assert_every_error_links_to_an_input(response) -> list[str]:
    html = response.content.decode()
    summary = re.search(r'class="govuk-error-summary".*?</ul>', html, re.S)
    assert summary, "no error summary"
    anchors = re.findall(r'<a href="#([^"]+)">', summary.group(0))
    assert anchors, "the summary links to nothing"
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    missing = [anchor for anchor in anchors if anchor not in ids]
    assert not missing, f"summary links to inputs not on the page: {missing}"
    return anchors


def test_sign_in(client):
    anchors = assert_every_error_links_to_an_input(client.post("/sign-in/", {}))
    assert anchors == ["id_username", "id_password"]


def test_radios_checkboxes_dates_and_rows_in_the_referral_form(client_as):
    client = client_as(Role.AGENCY_CONTRIBUTOR)
    client.post("/referrals/new/")
    pk = Referral.objects.get().pk
    anchors = assert_every_error_links_to_an_input(client.post(
        f"/referrals/{pk}/incident/",
        {"incident_date_0": "31", "incident_date_1": "2", "incident_date_2": "2023",
         "main_cause": "other", "other_reviews": ["none_known", "mappa"]}))
    assert anchors[0] == "id_incident_date_0"
    assert_every_error_links_to_an_input(client.post(
        f"/referrals/{pk}/other_reviews/", {"other_reviews": ["none_known", "mappa"]}))
    assert_every_error_links_to_an_input(client.post(f"/referrals/{pk}/family/", {
        "family-TOTAL_FORMS": 1, "family-INITIAL_FORMS": 0, "family-MIN_NUM_FORMS": 0,
        "family-MAX_NUM_FORMS": 30, "family-0-first_name": "Kelly"}))


def test_a_refusal_from_a_service_links_to_the_question(client_as):
    case = submitted_case()
    Case.objects.filter(pk=case.pk).update(status=Case.Status.SCREENING)
    client: Client = client_as(Role.SAFEGUARDING_PARTNER)
    response = client.post(f"/cases/{case.reference}/screening-decision/", {})
    assert_every_error_links_to_an_input(response)
