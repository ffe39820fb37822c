"""An administrator manages agencies, users and policy, and reads no case (issue 17 point 10):
every case page of the permission matrix's world refuses them, the admin site holds no model
of case data, and what they may open shows no child's name."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import resolve, reverse

from safeguarding.models import LearningGroup, Role
from tests.safeguarding import test_permission_matrix as matrix

pytestmark = pytest.mark.django_db
world = matrix.world  # the matrix's world: a case in rapid review, an LCSPR, a plan...
MATRIX, OTHER_AGENCY, POST_ONLY, PUBLIC, url_of = (matrix.MATRIX, matrix.OTHER_AGENCY,
                                                   matrix.POST_ONLY, matrix.PUBLIC, matrix.url_of)

CHILD = "Baby Amelia Test"  # the name every referral of tests.factories gives its child
# The pages of cases and what hangs off them (the rest are accounts' pages: two-factor...).
CASE_PAGE_PREFIXES = ("notification-summary", "cases:", "case_forms:", "deadlines:", "reviews:",
                      "lcspr:", "action_plans:", "learning:", "oversight:")
# Among them, those an administrator opens: their own referrals (none), their own notices
# (none), and who looked at which case reference (no case data).
ADMINISTRATORS_PAGES = {"case_forms:list", "deadlines:notices", "cases:access-log"}
# Apps whose models hold cases and what is recorded about them.
CASE_APPS = {"cases", "case_forms", "reviews", "oversight", "deadlines"}
# Their models with no case data, which the administrator keeps.
KEPT_BY_ADMINISTRATORS = {"deadlines.calendarday", "deadlines.clock", "oversight.learningtheme",
                          "deadlines.historicalcalendarday", "deadlines.historicalclock",
                          "oversight.historicallearningtheme"}


def case_pages() -> list[str]:
    return sorted(name for name, allowed in MATRIX.items()
                  if allowed not in (PUBLIC, POST_ONLY) and name.startswith(CASE_PAGE_PREFIXES)
                  and name not in ADMINISTRATORS_PAGES)


def test_the_matrix_lets_an_administrator_open_no_case_page():
    assert len(case_pages()) > 50
    assert not {name for name in case_pages() if Role.ADMINISTRATOR in MATRIX[name]}


def test_an_administrator_is_refused_every_case_page(world):
    people, urls = world
    client = Client()
    client.force_login(people[Role.ADMINISTRATOR])
    opened = [f"{name}: {status}" for name in case_pages()
              if (status := client.get(url_of(name, urls)).status_code) not in (403, 404)]
    assert not opened, f"an administrator opened: {', '.join(opened)}"
    for name in {"home", "account-changes", *ADMINISTRATORS_PAGES}:
        response = client.get(url_of(name, urls))
        assert CHILD not in response.content.decode(), name


def case_models() -> list:
    return [model for model in apps.get_models()
            if model._meta.app_label in CASE_APPS
            and model._meta.label_lower not in KEPT_BY_ADMINISTRATORS]


def test_the_admin_site_holds_no_case_data():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert not registered & {model._meta.label_lower for model in case_models()}
    assert "safeguarding.decision" not in registered  # the decision log names children


def test_an_administrator_opens_no_admin_page_of_a_case_model(world):
    people, _ = world
    client = Client()
    client.force_login(people[Role.ADMINISTRATOR])
    assert client.get("/admin/").status_code == 200
    for model in [*case_models(), apps.get_model("safeguarding", "decision")]:
        meta = model._meta
        url = f"/admin/{meta.app_label}/{meta.model_name}/"
        assert client.get(url).status_code in (403, 404), url
    for model in admin.site._registry:  # what they keep: no child anywhere in its list
        meta = model._meta
        page = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert page.status_code in (200, 403), meta.label  # groups: nobody's
        assert CHILD not in page.content.decode(), meta.label


def test_an_administrator_in_the_learning_group_or_a_governance_group_reads_no_case(world):
    """Membership of a group lets its members of other roles read the group's plans and
    review; an administrator who keeps the groups, and adds themselves, reads nothing."""
    from reviews.lcspr.models import GovernanceMember

    people, urls = world
    lcspr_pk = resolve(urls["lcspr:lcspr"]).kwargs["pk"]
    pages = ("action_plans:plan", "action_plans:action", "lcspr:lcspr", "lcspr:terms")
    for visitor, allowed in ((people[OTHER_AGENCY], True),
                             (people[Role.ADMINISTRATOR], False)):
        LearningGroup.objects.create(chair=visitor)
        GovernanceMember.objects.create(lcspr_id=lcspr_pk, user=visitor)
        client = Client()
        client.force_login(visitor)
        for name in pages:
            status = client.get(url_of(name, urls)).status_code
            assert (status == 200) is allowed, f"{visitor.role} {name}: {status}"
