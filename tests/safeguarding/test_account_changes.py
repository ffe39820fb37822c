"""The audit log of accounts (issue 17 point 10): every change to a person's role, agency,
active flag or two-factor devices is recorded (from the admin and the two-factor pages), read
by the scrutineer and administrators on one page, and emailed to the other administrators."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding import services
from safeguarding.models import Agency, Role, UserChange
from tests.factories import AgencyFactory, UserFactory, two_factor_invitation

pytestmark = pytest.mark.django_db
F = UserChange.Field


@pytest.fixture
def council():
    return AgencyFactory(name="Northtown Council", kind=Agency.Kind.LOCAL_AUTHORITY)


@pytest.fixture
def admins(council):
    """The administrator who makes the changes, another active one, one who left."""
    return (UserFactory(role=Role.ADMINISTRATOR, agency=council, email="ada@example.org",
                        full_name="Ada Admin"),
            UserFactory(role=Role.ADMINISTRATOR, agency=council, email="other@example.org"),
            UserFactory(role=Role.ADMINISTRATOR, agency=council, email="left@example.org",
                        is_active=False))


@pytest.fixture
def person(council):
    return UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=council,
                       email="sam@example.org", full_name="Sam Carter")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_in_admin(client: Client, user, **fields) -> None:
    data = {"email": user.email, "full_name": user.full_name, "job_title": user.job_title,
            "agency": user.agency_id, "role": user.role, "is_active": "on" if user.is_active
            else "", **fields}
    data = {key: value for key, value in data.items() if value != ""}
    response = client.post(reverse("admin:safeguarding_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_change_of_role_agency_and_active_flag_in_the_admin_is_recorded_and_emailed(
        admins, person, django_capture_on_commit_callbacks):
    actor, other, _ = admins
    police = AgencyFactory(name="Northtown Police", kind=Agency.Kind.POLICE)
    with django_capture_on_commit_callbacks(execute=True):
        change_in_admin(signed_in(actor), person, role=Role.MANAGER, agency=police.pk,
                        is_active="")
    changes = {change.field: (change.from_value, change.to_value)
               for change in UserChange.objects.filter(user=person, changed_by=actor)}
    assert changes == {F.ROLE: ("Agency contributor", "Manager"),
                       F.AGENCY: ("Northtown Council", "Northtown Police"),
                       F.ACTIVE: ("Yes", "No")}
    [email] = mail.outbox  # one email for the one save
    assert email.to == [other.email]  # not the one who made it, nor one who left
    assert "Ada Admin (ada@example.org) changed the account of Sam Carter" in email.body
    assert "- Role: from Agency contributor to Manager" in email.body
    assert f"/account-changes/?person={person.pk}" in email.body


def test_saving_without_a_change_records_and_emails_nothing(
        admins, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        change_in_admin(signed_in(admins[0]), person, job_title="Designated lead")
    assert not UserChange.objects.exists() and not mail.outbox


def test_a_new_account_is_recorded_with_its_role_and_agency(
        admins, council, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(admins[0]).post(reverse("admin:safeguarding_user_add"), {
            "email": "new@example.org", "full_name": "New Person", "agency": council.pk,
            "role": Role.BUSINESS_UNIT, "password1": "a-long-password-for-tests-2026",
            "password2": "a-long-password-for-tests-2026", "usable_password": "true"})
    assert response.status_code == 302
    changes = {change.field: (change.from_value, change.to_value)
               for change in UserChange.objects.filter(user__email="new@example.org")}
    assert changes == {F.ROLE: ("", "Business unit"), F.AGENCY: ("", "Northtown Council"),
                       F.ACTIVE: ("", "Yes")}
    assert [email.to for email in mail.outbox] == [["other@example.org"]]


def test_setting_up_two_factor_is_recorded_and_emailed_to_every_active_administrator(
        settings, admins, person, django_capture_on_commit_callbacks):
    settings.TWO_FACTOR_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = signed_in(person)
    client.get(two_factor_invitation(person))  # the emailed set-up link
    client.get("/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=person)
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/two-factor/set-up/", {"code": code}).status_code == 302
    assert [(change.changed_by, change.from_value, change.to_value)
            for change in UserChange.objects.filter(user=person, field=F.TWO_FACTOR)
            .order_by("pk")] == [(person, "", "Authenticator app"),
                                 (person, "", "Recovery codes")]
    [email] = mail.outbox
    assert sorted(email.to) == ["ada@example.org", "other@example.org"]


def test_an_administrator_removing_two_factor_devices_is_recorded(
        admins, person, django_capture_on_commit_callbacks):
    actor = admins[0]
    app = TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)
    codes = StaticDevice.objects.create(user=person, name="Recovery codes")
    client = signed_in(actor)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/admin/otp_totp/totpdevice/{app.pk}/delete/",
                           {"post": "yes"}).status_code == 302
        assert client.post("/admin/otp_static/staticdevice/", {  # the list's bulk action
            "action": "delete_selected", "_selected_action": [codes.pk],
            "post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    assert [(change.changed_by, change.from_value, change.to_value)
            for change in UserChange.objects.filter(user=person).order_by("pk")] == [
        (actor, "Authenticator app", ""), (actor, "Recovery codes", "")]
    assert [email.to for email in mail.outbox] == [["other@example.org"]] * 2


def test_the_page_lists_changes_newest_first_filtered_by_person(admins, person):
    actor = admins[0]
    services.record_account_changes(actor=actor, user=person,
                                    before={F.ROLE: "Reviewer", F.AGENCY: "Northtown Council",
                                            F.ACTIVE: "Yes"})
    services.record_two_factor_changes(actor=actor, user=admins[1],
                                       devices=[("Authenticator app", "")])
    scrutineer = signed_in(UserFactory(role=Role.SCRUTINEER))
    page = scrutineer.get(reverse("account-changes"))
    rows = page.context["page"].object_list
    assert [change.user for change in rows] == [admins[1], person]  # newest first
    assert "Sam Carter" in page.content.decode()
    filtered = scrutineer.get(reverse("account-changes"), {"person": person.pk})
    assert [change.user for change in filtered.context["page"].object_list] == [person]
    by_actor = scrutineer.get(reverse("account-changes"), {"person": actor.pk})
    assert len(by_actor.context["page"].object_list) == 2  # the changes they made
    for hostile in ("9" * 30, "²", "x"):
        refused = scrutineer.get(reverse("account-changes"), {"person": hostile})
        assert refused.status_code == 200
        assert "Select a person from the list" in refused.content.decode()


@pytest.mark.parametrize("role", Role.values)
def test_who_reads_the_page_and_finds_it_on_their_home_page(role):
    client = signed_in(UserFactory(role=role))
    allowed = role in (Role.SCRUTINEER, Role.ADMINISTRATOR)
    assert client.get(reverse("account-changes")).status_code == (200 if allowed else 403)
    assert (reverse("account-changes") in client.get("/").content.decode()) is allowed


def test_the_page_asks_the_same_few_queries_however_many_changes(
        admins, council, django_assert_max_num_queries):
    people = [UserFactory(role=Role.REVIEWER, agency=AgencyFactory()) for _ in range(15)]
    for someone in people:
        services.record_account_changes(actor=admins[0], user=someone, before=None)
    client = signed_in(UserFactory(role=Role.SCRUTINEER, agency=council))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("account-changes"))
    assert len(response.context["page"].object_list) == 45


def test_an_administrator_cannot_change_their_own_role_agency_or_active_flag(
        admins, council, django_capture_on_commit_callbacks):
    actor = admins[0]
    police = AgencyFactory(name="Northtown Police", kind=Agency.Kind.POLICE)
    with django_capture_on_commit_callbacks(execute=True):
        change_in_admin(signed_in(actor), actor, role=Role.BUSINESS_UNIT, agency=police.pk,
                        is_active="", full_name="Ada A. Admin")
    actor.refresh_from_db()
    assert (actor.full_name, actor.role, actor.agency, actor.is_active) == (
        "Ada A. Admin", Role.ADMINISTRATOR, council, True)
    assert not UserChange.objects.exists() and not mail.outbox
    # Another administrator may.
    with django_capture_on_commit_callbacks(execute=True):
        change_in_admin(signed_in(admins[1]), actor, agency=police.pk)
    actor.refresh_from_db()
    assert actor.agency == police
    assert [email.to for email in mail.outbox] == [["ada@example.org"]]


def test_an_administrator_who_stops_being_one_is_told_too(
        admins, django_capture_on_commit_callbacks):
    """With one other administrator making the change, nobody else would be told."""
    actor, other, _ = admins
    with django_capture_on_commit_callbacks(execute=True):
        change_in_admin(signed_in(actor), other, role=Role.MANAGER)
    [email] = mail.outbox
    assert email.to == [other.email]
    assert "- Role: from Administrator to Manager" in email.body
