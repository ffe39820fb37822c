"""The plan page's "Learning shared" section and the learning's step pages: the business unit
and the Learning and Development group record and plan; whoever reads the plan reads its
learning (an agency's contributors on the plans they have actions in), and records none."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from reviews.learning import services
from reviews.learning.models import LearningPoint, LearningShared
from tests.reviews.action_plans.journey import agreed

D = datetime.date
pytestmark = pytest.mark.django_db
NEWSLETTER = "Learning from the rapid review: information sharing when a family moves"


def client(user) -> Client:
    signed_in = Client()
    signed_in.force_login(user)
    return signed_in


def date_fields(name: str, day: D) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def planned(p, plan, on) -> LearningShared:
    on(D(2026, 12, 1))
    agreed(p, plan, p.school, D(2027, 3, 31), action="School training")
    return services.plan_sharing(plan=plan, actor=p.business_unit, what=NEWSLETTER,
                                 how="newsletter", audience="Every partner agency's staff",
                                 planned_for=D(2027, 4, 1))


def test_the_plan_page_lists_the_learning_with_what_the_person_can_do(p, plan, planned):
    page = client(p.business_unit).get(plan.get_absolute_url()).content.decode()
    section = page.split('<h2 class="govuk-heading-m" id="learning-shared">', 1)[1]
    assert NEWSLETTER in section and "The partnership newsletter" in section
    assert "Every partner agency&#x27;s staff" in section and "By 1 Apr 2027" in section
    assert "Planned" in section
    for link in ("Record learning shared", "Plan learning to share", "Capture learning",
                 "Record that it was shared"):
        assert link in section, link
    assert "Send key findings to the group" not in section  # none captured yet
    assert reverse("learning:shared", args=[planned.pk]) in section


def test_an_agency_contributor_reads_the_learning_and_records_none(p, plan, planned):
    school = client(p.school_contributor)
    section = school.get(plan.get_absolute_url()).content.decode().split(
        '<h2 class="govuk-heading-m" id="learning-shared">', 1)[1]
    assert NEWSLETTER in section
    assert "Record that it was shared" not in section and "Capture learning" not in section
    shared = reverse("learning:shared", args=[planned.pk])
    assert school.get(shared).status_code == 403
    assert school.post(shared, date_fields("shared_on", D(2026, 12, 1))).status_code == 403
    share = reverse("learning:plan-step", args=[plan.pk, "share"])
    assert school.post(share, {"what": "Ours", "how": "training", "audience": "Staff",
                               **date_fields("shared_on", D(2026, 12, 1))}).status_code == 403
    planned.refresh_from_db()
    assert planned.status == LearningShared.Status.PLANNED
    assert LearningShared.objects.count() == 1


def test_the_group_records_that_the_planned_item_was_shared(p, plan, planned, on):
    on(D(2027, 3, 26))
    chair = client(p.chair)
    url = reverse("learning:shared", args=[planned.pk])
    assert NEWSLETTER in chair.get(url).content.decode()
    response = chair.post(url, date_fields("shared_on", D(2027, 3, 26)))
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    planned.refresh_from_db()
    assert (planned.status, planned.shared_on) == (LearningShared.Status.SHARED,
                                                   D(2027, 3, 26))
    again = chair.get(url)
    assert again.status_code == 302  # shared already: back to the plan, with the reason


def test_the_business_unit_records_learning_shared_and_captures_a_key_finding(p, plan, on):
    on(D(2026, 11, 20))
    unit = client(p.business_unit)
    share = reverse("learning:plan-step", args=[plan.pk, "share"])
    empty = unit.post(share, {"how": "other"})
    assert empty.status_code == 200 and "Say what learning is shared" in empty.content.decode()
    response = unit.post(share, {"what": "Practice learning event on neglect",
                                 "how": "learning_event", "audience": "Health visitors",
                                 **date_fields("shared_on", D(2026, 11, 19))})
    assert response.status_code == 302
    assert LearningShared.objects.get().status == LearningShared.Status.SHARED
    capture = reverse("learning:plan-step", args=[plan.pk, "capture"])
    unit.post(capture, {"text": "The school was not told of the earlier referral",
                        "is_key_finding": "yes", **date_fields("captured_on", D(2026, 11, 18))})
    point = LearningPoint.objects.get()
    assert point.is_key_finding and point.captured_on == D(2026, 11, 18)
    findings = reverse("learning:plan-step", args=[plan.pk, "key-findings"])
    assert "The school was not told" in unit.get(findings).content.decode()
    unit.post(findings, date_fields("sent_on", D(2026, 11, 20)))
    point.refresh_from_db()
    assert point.sent_to_group_on == D(2026, 11, 20)
    page = unit.get(plan.get_absolute_url()).content.decode()
    assert "sent to the Learning and Development group 20 November 2026" in page
    assert unit.get(findings).status_code == 302  # nothing more to send
