"""Every page of a rapid review that shows its case's data writes a row in the case's
access log: the step pages, the attendance page and the chair's outcome page."""

import pytest
from django.test import Client

from cases.models import CaseAccess

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _seen(client: Client, path: str, review, user) -> list[str]:
    """What the access log gained, for the review's case and the user, from one look."""
    before = set(CaseAccess.objects.values_list("pk", flat=True))
    assert client.get(path).status_code == 200, path
    return list(CaseAccess.objects.exclude(pk__in=before).filter(
        case=review.case, user=user).values_list("what", flat=True))


def test_the_business_units_step_pages_are_logged(review, business_unit):
    client = _client(business_unit)
    assert _seen(client, f"/rapid-reviews/{review.pk}/attendance/", review, business_unit) == [
        "rapid review: attendance"]
    assert _seen(client, f"/rapid-reviews/{review.pk}/panel/", review, business_unit) == [
        "rapid review: Choose the panel"]
    assert _seen(client, f"/rapid-reviews/{review.pk}/parallel-processes/", review,
                 business_unit) == ["rapid review: Record any parallel processes"]
    assert _seen(client, f"/rapid-reviews/{review.pk}/requests/", review, business_unit) == [
        "rapid review: Ask agencies for information"]
    assert _seen(client, f"/rapid-reviews/{review.pk}/meeting/", review, business_unit) == [
        "rapid review: Schedule the panel meeting"]


def test_the_chairs_outcome_page_is_logged(met, chair):
    assert _seen(_client(chair), f"/rapid-reviews/{met.pk}/outcome/", met, chair) == [
        "rapid review: Record the panel's outcome and recommendation"]


def test_a_step_that_is_not_open_shows_nothing_and_logs_nothing(review, business_unit):
    response = _client(business_unit).get(f"/rapid-reviews/{review.pk}/held/")
    assert response.status_code == 302
    assert not CaseAccess.objects.filter(case=review.case).exists()


def test_a_long_page_title_is_cut_to_the_logs_column(review, business_unit):
    from cases import services

    services.record_case_access(case=review.case, user=business_unit, what="x" * 100)
    assert CaseAccess.objects.get(case=review.case).what == "x" * 63 + "…"
