"""No lost updates: saving a page over someone else's newer change is refused, says what
changed and saves nothing; saving again, knowingly, goes through."""

import pytest
from django.test import Client

from forms.models import Referral
from reviews.models import InformationReturn
from safeguarding.models import Role

from .factories import ReferralFactory, UserFactory
from .test_rapid_reviews import business_unit, review, school, school_return  # noqa: F401

pytestmark = pytest.mark.django_db


def version_in(page: str) -> str:
    marker = 'name="version" value="'
    start = page.index(marker) + len(marker)
    return page[start:page.index('"', start)]


def test_two_people_editing_one_return_page(school_return, school):  # noqa: F811
    first, second = Client(), Client()
    first.force_login(UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=school,
                                  full_name="Claire Dunn"))
    second.force_login(UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=school,
                                   full_name="Mark Bell"))
    url = f"/rapid-reviews/returns/{school_return.pk}/about/"
    loaded_by_first = version_in(first.get(url).content.decode())
    loaded_by_second = version_in(second.get(url).content.decode())
    assert first.post(url, {"completed_by_name": "Claire Dunn", "completed_by_role": "DSL",
                            "version": loaded_by_first}).status_code == 302
    refused = second.post(url, {"completed_by_name": "Mark Bell", "completed_by_role": "Head",
                                "version": loaded_by_second})
    page = refused.content.decode()
    assert refused.status_code == 200 and "There is a problem" in page
    assert "Claire Dunn changed this page" in page
    assert "(Your name; Your job title)" in page
    assert "Nothing has been saved" in page
    school_return.refresh_from_db()
    assert school_return.completed_by_name == "Claire Dunn"
    # Saving again, having been told, replaces the first person's answer.
    again = second.post(url, {"completed_by_name": "Mark Bell", "completed_by_role": "Head",
                              "version": version_in(page)})
    assert again.status_code == 302
    assert InformationReturn.objects.get(pk=school_return.pk).completed_by_name == "Mark Bell"


def test_a_referral_page_saved_over_a_newer_version_is_refused():
    referral = ReferralFactory()
    author = referral.created_by
    client = Client()
    client.force_login(author)
    url = f"/referrals/{referral.pk}/details/"
    loaded = version_in(client.get(url).content.decode())
    referral.incident_details = "Changed in another tab"
    referral._history_user = author
    referral.save()
    response = client.post(url, {"incident_details": "My version", "version": loaded})
    assert "changed this page" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).incident_details == "Changed in another tab"
