"""Choosing the rapid review's panel, and recording who of it attended the meeting (and who
else came) on one page."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from reviews.models import PanelAttendance
from reviews.rapid_review import services
from reviews.rapid_review.services import MemberPresence
from safeguarding.history import history_of
from safeguarding.models import Agency, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
K = Agency.Kind
P = PanelAttendance.Presence


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# Choose the panel.

def test_choose_the_panel_offers_chairs_members_and_partners_with_role_and_agency(
        review, business_unit, agencies):
    chair = UserFactory(role=Role.PANEL_CHAIR, full_name="Dr Ruth Okoye",
                        agency=agencies[K.INTEGRATED_CARE_BOARD])
    member = UserFactory(role=Role.PANEL_MEMBER, full_name="DI Sam Cole",
                         agency=agencies[K.POLICE])
    partner = UserFactory(role=Role.SAFEGUARDING_PARTNER, full_name="Helen Marsh",
                          agency=agencies[K.LOCAL_AUTHORITY])
    UserFactory(role=Role.PANEL_MEMBER, full_name="Gone Away", is_active=False)
    UserFactory(role=Role.AGENCY_CONTRIBUTOR, full_name="Not Eligible")
    page = _client(business_unit).get(f"/rapid-reviews/{review.pk}/panel/").content.decode()
    assert "Dr Ruth Okoye, Northmoor ICB (Panel chair)" in page
    assert "DI Sam Cole, Northmoor Police (Panel member)" in page
    assert "Helen Marsh, Northmoor Council Children&#x27;s Services (Safeguarding partner)" in page
    assert page.index("Dr Ruth Okoye") < page.index("DI Sam Cole") < page.index("Helen Marsh")
    assert "Gone Away" not in page and "Not Eligible" not in page
    assert 'type="checkbox"' in page
    response = _client(business_unit).post(f"/rapid-reviews/{review.pk}/panel/", {
        "members": [chair.pk, member.pk, partner.pk]})
    assert response.status_code == 302
    assert set(review.panel.all()) == {chair, member, partner}


def test_the_panel_page_opened_again_ticks_the_people_already_on_it(review, business_unit):
    chosen, other = (UserFactory(role=Role.PANEL_MEMBER) for _ in range(2))
    services.choose_panel(review=review, actor=business_unit, members=[chosen])
    page = _client(business_unit).get(f"/rapid-reviews/{review.pk}/panel/").content.decode()
    ticked = re.findall(r'<input[^>]*name="members"[^>]*value="(\d+)"[^>]*checked', page)
    assert ticked == [str(chosen.pk)]
    assert f'value="{other.pk}"' in page


def test_the_panel_refuses_other_roles_and_closed_accounts(review, business_unit):
    for person in (UserFactory(role=Role.AGENCY_CONTRIBUTOR),
                   UserFactory(role=Role.PANEL_MEMBER, is_active=False)):
        with pytest.raises(ValidationError):
            services.choose_panel(review=review, actor=business_unit, members=[person])
    assert not review.panel.exists()


# Attendance: the service.

@pytest.fixture
def panel(review, agencies):
    people = [UserFactory(role=Role.PANEL_CHAIR, full_name="Dr Ruth Okoye",
                          agency=agencies[K.INTEGRATED_CARE_BOARD]),
              UserFactory(role=Role.PANEL_MEMBER, full_name="DI Sam Cole",
                          agency=agencies[K.POLICE]),
              UserFactory(role=Role.SAFEGUARDING_PARTNER, full_name="Helen Marsh",
                          agency=agencies[K.LOCAL_AUTHORITY])]
    review.panel.set(people)
    return people


def test_each_member_attends_sends_a_deputy_or_gives_apologies(review, business_unit, panel,
                                                               agencies):
    chair, police, partner = panel
    services.record_attendance(review=review, actor=business_unit, members=[
        MemberPresence(chair.pk, P.ATTENDED),
        MemberPresence(police.pk, P.DEPUTY, deputy_name="DS Amy Lowe"),
        MemberPresence(partner.pk, P.APOLOGIES)])
    rows = {row.name: row for row in review.attendance.all()}
    assert rows["Dr Ruth Okoye"].panel_role == PanelAttendance.PanelRole.CHAIR
    assert rows["DI Sam Cole"].deputy_name == "DS Amy Lowe"
    assert rows["Helen Marsh"].presence == P.APOLOGIES
    assert history_of(rows["DI Sam Cole"]).get().history_user == business_unit
    # Apologies: the local authority is not represented at the meeting.
    assert "No one from the local authority attends the panel" in \
        services.representation_warnings(review)
    assert "No one from the police attends the panel" not in \
        services.representation_warnings(review)


def test_a_deputy_needs_a_name_and_only_panel_members_have_rows(review, business_unit, panel):
    with pytest.raises(ValidationError, match="Enter the name of DI Sam Cole's deputy"):
        services.record_attendance(review=review, actor=business_unit, members=[
            MemberPresence(panel[1].pk, P.DEPUTY, deputy_name=" ")])
    with pytest.raises(ValidationError, match="members of this review's panel only"):
        services.record_attendance(review=review, actor=business_unit, members=[
            MemberPresence(UserFactory(role=Role.PANEL_MEMBER).pk, P.ATTENDED)])
    assert not review.attendance.exists()


def test_saving_again_changes_the_members_row_not_adds_one(review, business_unit, panel):
    chair = panel[0]
    services.record_attendance(review=review, actor=business_unit,
                               members=[MemberPresence(chair.pk, P.ATTENDED)])
    services.record_attendance(review=review, actor=business_unit,
                               members=[MemberPresence(chair.pk, P.APOLOGIES)])
    row = review.attendance.get()
    assert row.presence == P.APOLOGIES and history_of(row).count() == 2


# Attendance: the page.

def _post(client, review, data, *, others=3):
    return client.post(f"/rapid-reviews/{review.pk}/attendance/", {
        "attendance-TOTAL_FORMS": str(others), "attendance-INITIAL_FORMS": "0",
        "attendance-MIN_NUM_FORMS": "0", "attendance-MAX_NUM_FORMS": "60", **data})


def test_the_page_lists_every_member_and_blank_rows_for_others(
        review, business_unit, panel, django_assert_max_num_queries):
    client = _client(business_unit)
    with django_assert_max_num_queries(40):
        page = client.get(f"/rapid-reviews/{review.pk}/attendance/").content.decode()
    for label in ("Dr Ruth Okoye, Northmoor ICB (Panel chair)",
                  "DI Sam Cole, Northmoor Police (Panel member)",
                  "Helen Marsh, Northmoor Council Children&#x27;s Services (Safeguarding partner)"):
        assert label in page
    assert page.count("Sent a deputy") == 3 and page.count("Gave apologies") == 3
    assert 'name="attendance-2-name"' in page  # three blank rows, no JavaScript needed
    assert 'name="attendance-3-name"' not in page


def test_one_save_records_members_and_someone_else(review, business_unit, panel, agencies):
    chair, police, partner = panel
    response = _post(_client(business_unit), review, {
        f"member-{chair.pk}-presence": "attended",
        f"member-{police.pk}-presence": "deputy", f"member-{police.pk}-deputy_name": "DS Amy Lowe",
        f"member-{partner.pk}-presence": "apologies",
        "attendance-0-name": "Ms Priya Shah", "attendance-0-job_title": "Solicitor",
        "attendance-0-agency": str(agencies[K.LEGAL].pk),
        "attendance-0-panel_role": "legal_adviser"})
    assert response.status_code == 302
    assert sorted(review.attendance.values_list("name", "presence", "deputy_name")) == [
        ("DI Sam Cole", "deputy", "DS Amy Lowe"), ("Dr Ruth Okoye", "attended", ""),
        ("Helen Marsh", "apologies", ""), ("Ms Priya Shah", "attended", "")]
    page = _client(business_unit).get(f"/rapid-reviews/{review.pk}/").content.decode()
    assert "(sent a deputy: DS Amy Lowe)" in page and "(gave apologies)" in page
    again = _client(business_unit).get(f"/rapid-reviews/{review.pk}/attendance/")
    assert 'value="DS Amy Lowe"' in again.content.decode()


def test_the_page_asks_for_each_answer_and_the_deputys_name(review, business_unit, panel):
    chair, police, _partner = panel
    response = _post(_client(business_unit), review, {
        f"member-{police.pk}-presence": "deputy"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Say whether Dr Ruth Okoye attended, sent a deputy or gave apologies" in page
    assert "Enter the name of DI Sam Cole&#x27;s deputy" in page
    assert f'href="#id_member-{chair.pk}-presence_1"' in page  # the error summary links
    assert not review.attendance.exists()


def test_save_and_add_more_people_comes_back_with_blank_rows_after_the_saved_ones(
        review, business_unit, agencies):
    client = _client(business_unit)
    rows = {f"attendance-{number}-{name}": value for number in range(3) for name, value in {
        "name": f"Adviser {number + 1}", "agency": str(agencies[K.LEGAL].pk),
        "panel_role": "legal_adviser"}.items()}
    response = _post(client, review, {**rows, "add": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/rapid-reviews/{review.pk}/attendance/"
    assert review.attendance.count() == 3
    page = client.get(response["Location"]).content.decode()
    assert 'value="Adviser 3"' in page and 'name="attendance-5-name"' in page
    assert "Other person 6" in page


def test_a_members_answer_saved_over_someone_elses_newer_one_is_refused(
        review, business_unit, panel):
    """The member's row carries its version: answers changed since it was loaded are not
    overwritten, and nothing of the page is saved."""
    from safeguarding.versions import StaleEdit, current_version

    chair, police, _ = panel
    services.record_attendance(review=review, actor=business_unit,
                               members=[MemberPresence(chair.pk, P.ATTENDED)])
    row = review.attendance.get(member=chair)
    loaded = current_version(row)
    services.record_attendance(review=review, actor=UserFactory(role=Role.BUSINESS_UNIT),
                               members=[MemberPresence(chair.pk, P.APOLOGIES, version=loaded)])
    with pytest.raises(StaleEdit, match="changed this page"):
        services.record_attendance(review=review, actor=business_unit, members=[
            MemberPresence(police.pk, P.ATTENDED, version=0),
            MemberPresence(chair.pk, P.DEPUTY, deputy_name="Dr Lee", version=loaded)])
    assert list(review.attendance.values_list("member", "presence")) == [
        (chair.pk, P.APOLOGIES)]
    # At the version of today, the same answer goes through.
    services.record_attendance(review=review, actor=business_unit, members=[
        MemberPresence(chair.pk, P.DEPUTY, deputy_name="Dr Lee",
                       version=current_version(review.attendance.get(member=chair)))])
    assert review.attendance.get(member=chair).presence == P.DEPUTY
