import pytest
from django.test import Client

from forms.models import Referral
from safeguarding.models import Role


@pytest.fixture
def author(make_user):
    return make_user(Role.AGENCY_CONTRIBUTOR, full_name="Claire Dunn", job_title="DSL")


@pytest.fixture
def author_client(author) -> Client:
    client = Client()
    client.force_login(author)
    return client


@pytest.fixture
def draft(author_client) -> Referral:
    author_client.post("/referrals/new/")
    return Referral.objects.get()
