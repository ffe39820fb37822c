import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from safeguarding.models import Agency, Role, User
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_the_sign_in_name_and_is_stored_in_lower_case():
    user = UserFactory(email="  Claire.Dunn@School.Example.org ")
    assert user.email == "claire.dunn@school.example.org"
    assert User.USERNAME_FIELD == "email"


def test_two_accounts_cannot_share_an_email_whatever_its_case():
    UserFactory(email="bu@example.org")
    with pytest.raises(ValidationError):
        UserFactory(email="BU@example.org")


@pytest.mark.parametrize("kind", [Agency.Kind.EDUCATION, Agency.Kind.THIRD_SECTOR])
def test_a_safeguarding_partner_must_belong_to_a_statutory_partner(kind):
    school = AgencyFactory(kind=kind)
    with pytest.raises(ValidationError, match="must belong to the local authority"):
        UserFactory(role=Role.SAFEGUARDING_PARTNER, agency=school)


@pytest.mark.parametrize(
    ("kind", "statutory"),
    [
        (Agency.Kind.LOCAL_AUTHORITY, True),
        (Agency.Kind.POLICE, True),
        (Agency.Kind.INTEGRATED_CARE_BOARD, True),
        (Agency.Kind.HEALTH_PROVIDER, False),
        (Agency.Kind.EDUCATION, False),
    ],
)
def test_the_three_statutory_partners(kind, statutory):
    assert AgencyFactory(kind=kind).is_statutory_partner is statutory


@pytest.mark.parametrize("role", Role.values)
def test_only_an_active_administrator_uses_the_django_admin(role):
    user = UserFactory(role=role)
    assert user.is_staff is (role == Role.ADMINISTRATOR)
    user.is_active = False
    assert user.is_staff is False


def test_createsuperuser_makes_an_administrator_who_does_not_bypass_the_rules():
    agency = AgencyFactory(kind=Agency.Kind.LOCAL_AUTHORITY)
    call_command(
        "createsuperuser", interactive=False, email="owner@example.org",
        full_name="System Owner", agency=agency.pk, verbosity=0,
    )
    owner = User.objects.get(email="owner@example.org")
    assert owner.role == Role.ADMINISTRATOR
    assert owner.is_superuser is False
    assert not owner.has_usable_password()


def test_every_change_to_an_agency_or_user_is_kept_in_its_history():
    user = UserFactory(full_name="Claire Dunn")
    user.job_title = "Designated Safeguarding Lead"
    user.save()
    user.agency.name = "St Aidan's Primary School"
    user.agency.save()

    assert [h.job_title for h in user.history.all()] == ["Designated Safeguarding Lead", ""]
    assert user.agency.history.count() == 2
    assert not hasattr(user.history.first(), "password")
