"""No lost updates: saving a page over someone else's newer change is refused, says what
changed and saves nothing; saving again, knowingly, goes through."""

import re

import pytest
from django.test import Client

from forms.models import Referral
from reviews.models import InformationReturn
from safeguarding.models import Role
from tests.factories import ReferralFactory, UserFactory
from tests.rapid_review import OUTCOME, record_outcome

pytestmark = pytest.mark.django_db


def version_in(page: str) -> str:
    marker = 'name="version" value="'
    start = page.index(marker) + len(marker)
    return page[start:page.index('"', start)]


def test_two_people_editing_one_return_page(school_return, school):
    first, second = Client(), Client()
    first.force_login(UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=school,
                                  full_name="Claire Dunn"))
    second.force_login(UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=school,
                                   full_name="Mark Bell"))
    url = f"/rapid-reviews/returns/{school_return.pk}/about/"
    loaded_by_first = version_in(first.get(url).content.decode())
    loaded_by_second = version_in(second.get(url).content.decode())
    # The organisation is prefilled with the agency's name, and left as it is.
    organisation = {"completed_by_organisation": school.name}
    assert first.post(url, {"completed_by_name": "Claire Dunn", "completed_by_role": "DSL",
                            **organisation, "version": loaded_by_first}).status_code == 302
    refused = second.post(url, {"completed_by_name": "Mark Bell", "completed_by_role": "Head",
                                **organisation, "version": loaded_by_second})
    page = refused.content.decode()
    assert refused.status_code == 200 and "There is a problem" in page
    assert "Claire Dunn changed this page" in page
    assert "(Your name; Your job title)" in page
    assert "Nothing has been saved" in page
    school_return.refresh_from_db()
    assert school_return.completed_by_name == "Claire Dunn"
    # Saving again, having been told, replaces the first person's answer.
    again = second.post(url, {"completed_by_name": "Mark Bell", "completed_by_role": "Head",
                              **organisation, "version": version_in(page)})
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


def test_the_outcome_saved_over_a_newer_one_is_refused(met, chair, agencies):
    from reviews.models import RapidReview

    client = Client()
    client.force_login(chair)
    url = f"/rapid-reviews/{met.pk}/outcome/"
    loaded = version_in(client.get(url).content.decode())
    record_outcome(met, chair, agencies, rationale="Agreed in another tab")
    posted = {**OUTCOME, "rationale": "My rationale", "version": loaded,
              "actions-TOTAL_FORMS": "1", "actions-INITIAL_FORMS": "1",
              "actions-MIN_NUM_FORMS": "0", "actions-MAX_NUM_FORMS": "60"}
    action = met.immediate_actions.get()
    posted.update({"actions-0-id": action.pk, "actions-0-review": met.pk,
                   "actions-0-action": action.action,
                   "actions-0-owner_agency": action.owner_agency_id,
                   "actions-0-due_on_0": "4", "actions-0-due_on_1": "12",
                   "actions-0-due_on_2": "2026"})
    refused = client.post(url, posted)
    page = refused.content.decode()
    assert "Dr Ruth Okoye changed this page" in page and "Rationale" in page
    assert RapidReview.objects.get(pk=met.pk).rationale == "Agreed in another tab"
    assert client.post(url, {**posted, "version": version_in(page)}).status_code == 302
    assert RapidReview.objects.get(pk=met.pk).rationale == "My rationale"


def test_a_row_changed_by_someone_else_is_not_overwritten(met, business_unit):
    from reviews.models import PanelAttendance

    client = Client()
    client.force_login(business_unit)
    url = f"/rapid-reviews/{met.pk}/attendance/"
    page = client.get(url).content.decode()
    rows = list(met.attendance.order_by("pk"))
    posted = {"attendance-TOTAL_FORMS": str(len(rows)),
              "attendance-INITIAL_FORMS": str(len(rows)),
              "attendance-MIN_NUM_FORMS": "0", "attendance-MAX_NUM_FORMS": "60"}
    for number, row in enumerate(rows):
        marker = f'name="attendance-{number}-version" value="'
        start = page.index(marker) + len(marker)
        posted.update({f"attendance-{number}-{name}": value for name, value in {
            "id": row.pk, "review": met.pk, "agency": row.agency_id, "name": row.name,
            "job_title": row.job_title, "panel_role": row.panel_role,
            "version": page[start:page.index('"', start)]}.items()})
    # Every panel member's presence is answered, so only the stale row can stop the save.
    for prefix in set(re.findall(r'name="(member-\d+)-presence"', page)):
        posted[f"{prefix}-presence"] = "attended"
    posted["attendance-0-name"] = "My spelling"
    first = rows[0]
    first.name, first._history_user = "Their spelling", business_unit
    first.save()
    refused = client.post(url, posted, follow=True)
    assert "changed this page" in refused.content.decode()
    assert PanelAttendance.objects.get(pk=first.pk).name == "Their spelling"
    # Having been told, saving again replaces their spelling.
    page = refused.content.decode()
    again = client.post(url, {**posted, "attendance-0-version": version_of_row(page)})
    assert again.status_code == 302
    assert PanelAttendance.objects.get(pk=first.pk).name == "My spelling"


def version_of_row(page: str) -> str:
    marker = 'name="attendance-0-version" value="'
    start = page.index(marker) + len(marker)
    return page[start:page.index('"', start)]


def attendance_posted(page: str, review) -> dict:
    """The attendance page's post as it stands: the other people's rows with the versions
    the page carries, and each panel member's hidden version."""
    rows = list(review.attendance.filter(member=None).order_by("pk"))
    posted = {"attendance-TOTAL_FORMS": str(len(rows)),
              "attendance-INITIAL_FORMS": str(len(rows)),
              "attendance-MIN_NUM_FORMS": "0", "attendance-MAX_NUM_FORMS": "60"}
    for number, row in enumerate(rows):
        posted.update({f"attendance-{number}-{name}": value for name, value in {
            "id": row.pk, "review": review.pk, "agency": row.agency_id, "name": row.name,
            "job_title": row.job_title, "panel_role": row.panel_role,
            "version": re.search(rf'name="attendance-{number}-version" value="(\d+)"',
                                 page).group(1)}.items()})
    for prefix, version in re.findall(r'name="(member-\d+)-version" value="(\d+)"', page):
        posted[f"{prefix}-version"] = version
    return posted


def test_a_panel_members_attendance_changed_by_someone_else_is_not_overwritten(
        met, business_unit, chair):
    """Issue 16: two people recording the panel members' attendance at once."""
    from reviews.models import PanelAttendance

    first, second = Client(), Client()
    first.force_login(business_unit)
    second.force_login(UserFactory(role=Role.BUSINESS_UNIT, full_name="Mark Bell"))
    url = f"/rapid-reviews/{met.pk}/attendance/"
    member = f"member-{chair.pk}"
    assert first.post(url, {**attendance_posted(first.get(url).content.decode(), met),
                            f"{member}-presence": "attended"}).status_code == 302
    loaded_by_first = attendance_posted(first.get(url).content.decode(), met)
    loaded_by_second = attendance_posted(second.get(url).content.decode(), met)
    assert second.post(url, {**loaded_by_second, f"{member}-presence": "apologies"}
                       ).status_code == 302
    refused = first.post(url, {**loaded_by_first, f"{member}-presence": "deputy",
                               f"{member}-deputy_name": "DS Amy Lowe"})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Mark Bell changed this page" in page and "Nothing has been saved" in page
    row = PanelAttendance.objects.get(review=met, member=chair)
    assert (row.presence, row.deputy_name) == ("apologies", "")
    # Having been told, saving again replaces their answer.
    again = first.post(url, {**attendance_posted(page, met), f"{member}-presence": "deputy",
                             f"{member}-deputy_name": "DS Amy Lowe"})
    assert again.status_code == 302
    row.refresh_from_db()
    assert (row.presence, row.deputy_name) == ("deputy", "DS Amy Lowe")


def test_a_panel_members_attendance_recorded_meanwhile_is_not_overwritten(
        met, business_unit, chair):
    """The page was loaded before anyone recorded the member: their row, added since, is
    someone else's change all the same."""
    from reviews.models import PanelAttendance

    first, second = Client(), Client()
    first.force_login(business_unit)
    second.force_login(UserFactory(role=Role.BUSINESS_UNIT, full_name="Mark Bell"))
    url = f"/rapid-reviews/{met.pk}/attendance/"
    member = f"member-{chair.pk}"
    loaded_by_first = attendance_posted(first.get(url).content.decode(), met)
    assert loaded_by_first[f"{member}-version"] == "0"
    assert second.post(url, {**attendance_posted(second.get(url).content.decode(), met),
                             f"{member}-presence": "apologies"}).status_code == 302
    refused = first.post(url, {**loaded_by_first, f"{member}-presence": "attended"})
    assert "Mark Bell changed this page" in refused.content.decode()
    assert PanelAttendance.objects.get(review=met, member=chair).presence == "apologies"
    # The same answer as theirs overwrites nothing, so it is not refused.
    assert first.post(url, {**loaded_by_first, f"{member}-presence": "apologies"}
                      ).status_code == 302
