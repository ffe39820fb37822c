"""Nothing the service shows is kept by a browser or a proxy (safeguarding.caching.NoStore):
every page, signed in or not, every redirect and every file says ``Cache-Control: no-store``
and ``Pragma: no-cache``; static files keep their own caching."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone
from django.utils.cache import patch_cache_control

from safeguarding import tasks
from safeguarding.caching import NoStore
from safeguarding.http import attachment
from safeguarding.models import Role
from tests.factories import submitted_case

pytestmark = pytest.mark.django_db


def not_stored(response) -> bool:
    return ("no-store" in response["Cache-Control"].split(", ")
            and response["Pragma"] == "no-cache")


def test_the_sign_in_page_and_a_redirect_to_it_are_not_stored(client):
    assert not_stored(client.get("/sign-in/"))
    redirect = client.get("/cases/")
    assert redirect.status_code == 302 and not_stored(redirect)


def test_the_two_factor_pages_are_not_stored(client_as, settings):
    settings.TWO_FACTOR_REQUIRED = True
    response = client_as(Role.BUSINESS_UNIT).get("/cases/", follow=True)
    assert response.redirect_chain and response.redirect_chain[-1][0].startswith("/two-factor/")
    assert response.status_code == 200 and not_stored(response)


@pytest.mark.parametrize(("role", "path"), [
    (Role.BUSINESS_UNIT, "/"), (Role.BUSINESS_UNIT, "/cases/"),
    (Role.BUSINESS_UNIT, "/cases/{ref}/"), (Role.BUSINESS_UNIT, "/cases/{ref}/history/"),
    (Role.BUSINESS_UNIT, "/deadlines/"), (Role.SCRUTINEER, "/cases/access-log/"),
    (Role.MANAGER, "/oversight/"), (Role.BUSINESS_UNIT, "/cases/download/csv/"),
])
def test_signed_in_pages_and_files_are_not_stored(client_as, role, path):
    case = submitted_case()
    response = client_as(role).get(path.format(ref=case.reference))
    assert response.status_code == 200, path
    assert not_stored(response)


def test_a_generated_pdf_is_not_stored(review, business_unit):
    client = Client()
    client.force_login(business_unit)
    response = client.get(f"/rapid-reviews/{review.pk}/rapid-review-report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert not_stored(response)


def test_a_view_asking_for_caching_is_not_stored_either(rf):
    """A view's own caching (say, a max-age) gives way: only static files are cached; a
    file's "private, no-store" is kept."""
    def cached(request):
        response = HttpResponse("A page")
        patch_cache_control(response, max_age=3600, public=True)
        return response

    response = NoStore(cached)(rf.get("/"))
    assert response["Cache-Control"] == "no-store" and response["Pragma"] == "no-cache"
    assert NoStore(lambda request: attachment(b"x", "text/csv", "x.csv"))(
        rf.get("/"))["Cache-Control"] == "private, no-store"


def test_static_files_keep_their_caching(client):
    response = client.get("/static/css/application.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Pragma" not in response


# Sessions: expired ones are deleted by a scheduled task.

def test_the_scheduled_task_deletes_expired_sessions_only(settings):
    assert settings.CELERY_BEAT_SCHEDULE["clear-expired-sessions"]["task"] == (
        "safeguarding.tasks.clear_expired_sessions")
    expired, current = SessionStore(), SessionStore()
    for session in (expired, current):
        session["seen"] = "yes"
        session.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timezone.timedelta(seconds=1))
    tasks.clear_expired_sessions.delay()
    assert list(Session.objects.values_list("session_key", flat=True)) == [current.session_key]
