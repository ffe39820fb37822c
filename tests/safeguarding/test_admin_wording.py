"""The admin in plain words for a partnership administrator (issue 16): a select's empty
choice says what to choose, never Django's "---------" (safeguarding/admin_wording.py)."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from safeguarding.admin_wording import choose
from safeguarding.models import Agency, Role
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db
DASHES = "---------"


@pytest.fixture
def administrator():
    council = AgencyFactory(name="Northtown Council", kind=Agency.Kind.LOCAL_AUTHORITY)
    return UserFactory(role=Role.ADMINISTRATOR, agency=council, email="ada@example.org")


@pytest.fixture
def client(administrator):
    client = Client()
    client.force_login(administrator)
    return client


def test_choose_names_the_thing_with_its_article():
    assert choose("agency") == "Choose an agency"
    assert choose("role") == "Choose a role"
    assert choose("Head of service") == "Choose a head of service"
    assert choose("ICB") == "Choose an ICB"


def test_adding_a_person_asks_for_an_agency_and_a_role_in_words(client):
    page = client.get(reverse("admin:safeguarding_user_add")).content.decode()
    assert '<option value="" selected>Choose an agency</option>' in page
    assert '<option value="" selected>Choose a role</option>' in page
    assert DASHES not in page


def test_an_agency_asks_for_its_escalation_contacts_in_words(client):
    page = client.get(reverse("admin:safeguarding_agency_add")).content.decode()
    assert "Choose a head of service" in page and "Choose a chief officer" in page
    assert DASHES not in page


def test_the_list_of_actions_starts_with_words(client):
    page = client.get(reverse("admin:safeguarding_user_changelist")).content.decode()
    assert '<option value="" selected>Choose an action</option>' in page
    assert DASHES not in page


def test_no_admin_page_offers_dashes(client, administrator):
    """Every list, add and change page of every model in the admin."""
    checked = 0
    for model in admin.site._registry:
        meta = model._meta
        names = [f"admin:{meta.app_label}_{meta.model_name}_changelist",
                 f"admin:{meta.app_label}_{meta.model_name}_add"]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            names.append(f"admin:{meta.app_label}_{meta.model_name}_change")
        for name in names:
            args = [first.pk] if name.endswith("_change") else []
            response = client.get(reverse(name, args=args))
            if response.status_code == 200:
                checked += 1
                assert DASHES not in response.content.decode(), (name, response.status_code)
    assert checked >= 10


def test_the_index_names_two_factor_methods_in_words(client):
    page = client.get(reverse("admin:index")).content.decode()
    for words in ("Two-factor sign-in: authenticator apps", "Authenticator apps",
                  "Two-factor sign-in: recovery codes", "Recovery codes",
                  "Two-factor sign-in: passkeys", "Passkeys and security keys"):
        assert words in page
    for code in ("OTP_TOTP", "Otp_Totp", "TOTP devices", "Static devices", "WebAuthn credentials"):
        assert code not in page


def test_a_list_is_titled_with_its_name(client):
    page = client.get(reverse("admin:safeguarding_user_changelist")).content.decode()
    assert "<h1>Users</h1>" in page
    assert "Select user to change" not in page
