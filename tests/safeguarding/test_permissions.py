import pytest

from safeguarding.models import Role, User
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

ADMIN_PERMISSIONS = [
    f"safeguarding.{action}_{model}"
    for model in ("agency", "user")
    for action in ("view", "add", "change")
]


@pytest.mark.parametrize("role", Role.values)
def test_only_administrators_manage_agencies_and_users(make_user, role):
    user = make_user(role)
    expected = role == Role.ADMINISTRATOR
    assert user.has_perm("safeguarding") is expected
    for permission in ADMIN_PERMISSIONS:
        assert user.has_perm(permission) is expected, permission


@pytest.mark.parametrize("model", ["agency", "user"])
def test_nobody_deletes_agencies_or_users(make_user, model):
    assert not make_user(Role.ADMINISTRATOR).has_perm(f"safeguarding.delete_{model}")


def test_an_inactive_administrator_has_no_permissions(make_user):
    admin = make_user(Role.ADMINISTRATOR)
    admin.is_active = False
    assert not admin.has_perm("safeguarding.change_user")


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/safeguarding/agency/", "/admin/safeguarding/user/",
     "/admin/safeguarding/user/add/"],
)
def test_the_administrator_manages_agencies_and_users_in_the_admin(client_as, path):
    assert client_as(Role.ADMINISTRATOR).get(path).status_code == 200


def test_the_admin_offers_no_delete(client_as):
    agency = AgencyFactory()
    client = client_as(Role.ADMINISTRATOR)
    assert client.get(f"/admin/safeguarding/agency/{agency.pk}/delete/").status_code == 403
    changelist = client.get("/admin/safeguarding/agency/").content.decode()
    assert "delete_selected" not in changelist


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMINISTRATOR])
def test_other_roles_are_refused_the_admin(client_as, role):
    response = client_as(role).get("/admin/safeguarding/user/", follow=True)
    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()


def test_anonymous_visitors_to_the_admin_are_sent_to_sign_in(client):
    response = client.get("/admin/safeguarding/user/", follow=True)
    assert response.redirect_chain[-1][0] == "/sign-in/?next=/admin/safeguarding/user/"


def test_the_administrator_adds_a_user_through_the_admin(client_as):
    school = AgencyFactory(name="St Aidan's Primary School")
    response = client_as(Role.ADMINISTRATOR).post("/admin/safeguarding/user/add/", {
        "email": "New.Person@Example.org", "full_name": "New Person", "job_title": "",
        "agency": school.pk, "role": Role.AGENCY_CONTRIBUTOR,
        "password1": "a-long-enough-passphrase", "password2": "a-long-enough-passphrase",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(email="new.person@example.org").agency == school
