"""What the administrator's and the reviewer's home pages list as theirs (issue 15 item 3:
"the reviewer's and administrator's lists are always empty")."""

import datetime
from datetime import UTC

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import Case
from safeguarding.models import Agency, Role, User
from safeguarding.selectors import home_work_lists
from safeguarding.work_lists import accounts_to_review
from tests.factories import AgencyFactory, UserFactory, submitted_case

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = datetime.datetime(2026, 12, 1, 9, tzinfo=UTC)


def _list(user: User, title: str):
    return next(work_list for work_list in home_work_lists(user=user)
                if work_list.title == title)


def _with_app(**fields) -> User:
    """An account that signs in with its authenticator app, and signed in yesterday."""
    user = UserFactory(date_joined=NOW - datetime.timedelta(days=400),
                       last_login=NOW - datetime.timedelta(days=1), **fields)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def test_accounts_waiting_for_review_and_why():
    council = AgencyFactory(kind=Agency.Kind.LOCAL_AUTHORITY)
    school = AgencyFactory(kind=Agency.Kind.EDUCATION, name="St Aidan's Primary School")
    gone = AgencyFactory(kind=Agency.Kind.THIRD_SECTOR, name="A charity that closed",
                         is_active=False)
    fine = _with_app(role=Role.BUSINESS_UNIT, agency=council)
    no_app = UserFactory(role=Role.MANAGER, agency=council, full_name="Ann Noapp",
                         date_joined=NOW, last_login=NOW)
    TOTPDevice.objects.create(user=no_app, name="never confirmed", confirmed=False)
    # A partner whose agency was changed afterwards (the account form refuses it).
    partner_at_school = _with_app(role=Role.SAFEGUARDING_PARTNER, agency=council,
                                  full_name="Bea Partner")
    User.objects.filter(pk=partner_at_school.pk).update(agency=school)
    left_agency = _with_app(role=Role.AGENCY_CONTRIBUTOR, agency=gone, full_name="Cal Gone")
    idle = _with_app(role=Role.REVIEWER, agency=council, full_name="Dee Idle")
    User.objects.filter(pk=idle.pk).update(last_login=NOW - datetime.timedelta(days=91))
    never = _with_app(role=Role.SCRUTINEER, agency=council, full_name="Eve Never")
    User.objects.filter(pk=never.pk).update(last_login=None)
    _with_app(role=Role.PANEL_MEMBER, agency=council, is_active=False)  # left: not listed
    found = {user: reasons for user, reasons in accounts_to_review(now=NOW)}
    assert fine not in found
    assert found == {
        no_app: ["No two-factor sign-in set up"],
        partner_at_school: ["A safeguarding partner in St Aidan's Primary School, not a "
                            "statutory partner"],
        left_agency: ["A charity that closed is no longer an active agency"],
        idle: ["Not signed in for 90 days"],
        never: ["Has never signed in"],
    }


def test_the_administrators_list_links_to_each_account_in_the_admin(django_assert_max_num_queries):
    admin = _with_app(role=Role.ADMINISTRATOR,
                      agency=AgencyFactory(kind=Agency.Kind.LOCAL_AUTHORITY))
    waiting = UserFactory(role=Role.PANEL_CHAIR, full_name="Fay Waiting",
                          date_joined=timezone.now(), last_login=timezone.now())
    for _ in range(5):
        UserFactory(role=Role.PANEL_MEMBER)
    with django_assert_max_num_queries(1):
        items = _list(admin, "Accounts waiting for review").items
    assert len(items) == 6
    item = next(item for item in items if item.text == "Fay Waiting")
    assert item.url == f"/admin/safeguarding/user/{waiting.pk}/change/"
    assert item.detail.startswith("Panel chair, ")
    assert item.detail.endswith(": No two-factor sign-in set up")


def test_the_administrators_home_page_shows_the_list(client_as):
    page = client_as(Role.ADMINISTRATOR, full_name="Gil Admin").get("/").content.decode()
    assert "Accounts waiting for review" in page
    assert "Gil Admin" in page and "/admin/safeguarding/user/" in page


def test_a_commissioned_reviewer_finds_their_review(client_as):
    from reviews.lcspr import services as lcsprs

    reviewer = UserFactory(role=Role.REVIEWER)
    unit = UserFactory(role=Role.BUSINESS_UNIT)
    case = submitted_case(received_on=D(2026, 11, 2))
    Case.objects.filter(pk=case.pk).update(status=Case.Status.LCSPR_TO_COMMISSION)
    case.refresh_from_db()
    lcspr = lcsprs.open_lcspr(case=case, actor=unit, decided_on=D(2026, 11, 9))
    lcsprs.start_commissioning(lcspr=lcspr, actor=unit, reviewer_kind="independent",
                               procurement="regional_framework", started_on=D(2026, 11, 10))
    commission = lcsprs.assess_reviewer(
        lcspr=lcspr, actor=unit, reviewer=reviewer, assessed_on=D(2026, 11, 13),
        practice_knowledge="yes", research_knowledge="yes", recognises_complexity="yes",
        communicates_findings="yes", assessment_notes="Three published reviews",
        conflict="none")
    assert _list(reviewer, "Reviews you are commissioned on").items == []  # assessed only
    lcsprs.commission_reviewer(lcspr=lcspr, actor=unit, commission=commission,
                               commissioned_on=D(2026, 11, 16))
    items = _list(reviewer, "Reviews you are commissioned on").items
    assert [(item.text, item.url) for item in items] == [
        (f"LCSPR {case.reference}", lcspr.get_absolute_url())]
    assert _list(UserFactory(role=Role.REVIEWER), "Reviews you are commissioned on").items == []


def test_the_demo_reviewer_and_administrator_have_work_waiting(capsys):
    call_command("load_demo")
    call_command("load_demo_cases", history=False)
    reviewer = User.objects.get(email="reviewer@example.org")
    assert _list(reviewer, "Reviews you are commissioned on").items
    admin = User.objects.get(email="admin@example.org")
    assert _list(admin, "Accounts waiting for review").items  # no demo account has an app
