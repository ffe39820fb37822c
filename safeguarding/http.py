"""Requests, typed for what the middleware guarantees, and the one check every page makes
before it shows or changes a record."""

from collections.abc import Mapping
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from .models import User


class AuthenticatedRequest(HttpRequest):
    """A request to any page not marked public: LoginRequiredMiddleware has let it through only
    with a signed-in user. For annotations; Django makes the request."""

    user: User


Record = TypeVar("Record", bound=models.Model)


def authorised(request: HttpRequest, record: Record | None, *permissions: str) -> Record:
    """The record, if it exists (else 404) and the signed-in person has every one of the
    permissions on it (else 403)."""
    if record is None:
        raise Http404
    if not all(request.user.has_perm(permission, record) for permission in permissions):
        raise PermissionDenied
    return record


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file to download (a report, a table), never cached: it may hold case data."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def next_page(request: HttpRequest, places: Mapping[str, str]) -> str:
    """Where a page goes once saved, when it was opened from another (``?next=check``): the
    address ``places`` gives for that word (the view works it out), or "" for any other
    value. Only known words are accepted, never an address taken from the request."""
    return places.get(request.GET.get("next", ""), "")
