"""The action plan pages: the plan (its actions with owner, due date, status and days
overdue), the action (updates, evidence, escalations, extensions, next steps from the
workflow), the agency's update page and the group's decision pages. An agency sees and
changes only its own actions (issue 14 item 2)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from reviews.action_plans import services
from reviews.action_plans.models import Action

from .journey import agreed

D = datetime.date
pytestmark = pytest.mark.django_db


def client(user) -> Client:
    signed_in = Client()
    signed_in.force_login(user)
    return signed_in


@pytest.fixture
def two(p, plan):
    return agreed(p, plan, p.police, D(2026, 8, 31), action="Police audit"), agreed(
        p, plan, p.school, D(2026, 9, 30), action="School training")


def test_the_plan_page_lists_each_action_with_owner_due_status_and_days_overdue(
        p, plan, two, on, django_assert_max_num_queries):
    """004 §9.2: the group monitors the actions: one line each, late ones with their days."""
    on(D(2026, 9, 10))
    chair = client(p.chair)
    with django_assert_max_num_queries(12):
        page = chair.get(plan.get_absolute_url())
    text = page.content.decode()
    assert page.status_code == 200
    assert "Police audit" in text and "School training" in text
    assert "Northmoor Police" in text and "31 Aug 2026" in text
    assert ">10</strong>" in text  # 10 days overdue
    assert "Agreed" in text


def test_an_agency_sees_only_its_own_actions(p, plan, two):
    """Issue 14 item 2: the agency sees and updates only its own actions."""
    police_action, school_action = two
    page = client(p.school_contributor).get(plan.get_absolute_url()).content.decode()
    assert "School training" in page and "Police audit" not in page
    assert client(p.school_contributor).get(police_action.get_absolute_url()).status_code == 403
    update = reverse("action_plans:step", args=[police_action.pk, "update"])
    assert client(p.school_contributor).get(update).status_code == 403
    assert client(p.school_contributor).post(update, {"text": "Not ours"}).status_code == 403
    assert not police_action.updates.exists()
    plans = client(p.school_contributor).get(reverse("action_plans:plans")).content.decode()
    assert plan.title in plans


def test_the_agency_records_progress_with_a_document(p, plan, two, on):
    """Issue 14 item 2: dated text, with a document as evidence, by the owning agency."""
    from tests.factories import pdf_upload

    police_action, _ = two
    on(D(2026, 7, 1))
    url = reverse("action_plans:step", args=[police_action.pk, "update"])
    empty = client(p.police_contributor).post(url, {"written_on_0": "1", "written_on_1": "7",
                                                    "written_on_2": "2026", "text": ""})
    assert "Say what progress has been made" in empty.content.decode()
    response = client(p.police_contributor).post(url, {
        "written_on_0": "1", "written_on_1": "7", "written_on_2": "2026",
        "text": "Audit started", "upload": pdf_upload("audit.pdf")})
    assert response.status_code == 302
    update = police_action.updates.get()
    assert update.document is not None
    page = client(p.chair).get(police_action.get_absolute_url()).content.decode()
    assert "Audit started" in page and "Mark" not in page
    download = reverse("action_plans:evidence", args=[police_action.pk, update.document_id])
    assert client(p.chair).get(download).status_code == 200
    assert client(p.school_contributor).get(download).status_code == 403


def test_the_action_page_offers_what_the_workflow_allows(p, plan, two, on):
    """Pages ask the workflow what a person can do next: the agency updates, the group
    decides, nobody else sees those steps."""
    police_action, _ = two
    on(D(2026, 7, 1))
    services.mark_completed(action=police_action, actor=p.police_contributor,
                            completed_on=D(2026, 7, 1), evidence="Audit report")
    chair_page = client(p.chair).get(police_action.get_absolute_url()).content.decode()
    assert "Accept the evidence" in chair_page and "Send the evidence back" in chair_page
    agency_page = client(p.police_contributor).get(
        police_action.get_absolute_url()).content.decode()
    assert "Accept the evidence" not in agency_page.split("Progress")[0]
    response = client(p.chair).post(
        reverse("action_plans:step", args=[police_action.pk, "send-back"]), {"reason": ""})
    assert "Say why the evidence is sent back" in response.content.decode()
    police_action.refresh_from_db()
    assert police_action.status == Action.Status.COMPLETED
    client(p.chair).post(reverse("action_plans:step", args=[police_action.pk, "send-back"]),
                         {"reason": "The audit report covers one team only"})
    agency_page = client(p.police_contributor).get(
        police_action.get_absolute_url()).content.decode()
    sent_back = agency_page[agency_page.index('data-testid="sent-back"'):]
    assert "group sent the evidence back on" in sent_back
    assert ": The audit report covers one team only" in sent_back


def test_the_plans_list_is_bounded_in_queries(p, plan, two, django_assert_max_num_queries):
    """The list of plans reads in a fixed number of queries, whatever their number."""
    for _ in range(3):
        agreed(p, plan, p.police, D(2026, 8, 31))
    unit = client(p.business_unit)
    with django_assert_max_num_queries(8):
        response = unit.get(reverse("action_plans:plans"))
    assert response.status_code == 200


def test_the_manager_s_home_page_lists_the_actions_due_this_month(p, plan, on):
    """Issue 14 item 8: the manager's "Actions due this month" is filled from the actions."""
    agreed(p, plan, p.police, D(2026, 6, 20), action="Due this month")
    agreed(p, plan, p.school, D(2026, 7, 20), action="Due next month")
    on(D(2026, 6, 1))
    page = client(p.manager).get("/").content.decode()
    assert "action 1 of Northmoor Police" in page
    assert "action 2 of St Aidan" not in page


def test_the_agency_s_home_page_lists_its_own_actions_due_and_overdue(p, plan, on):
    """Issue 14 item 8: each owning agency's home page lists its actions due and overdue."""
    agreed(p, plan, p.police, D(2026, 6, 20), action="Police, due")
    agreed(p, plan, p.police, D(2026, 12, 20), action="Police, later")
    agreed(p, plan, p.school, D(2026, 6, 20), action="School, due")
    on(D(2026, 7, 1))
    page = client(p.police_contributor).get("/").content.decode()
    assert "Overdue: was due 20 June 2026" in page and "Action 1:" in page
    assert "Action 2:" not in page and "Action 3:" not in page
