"""Request bodies larger than anything the service accepts are refused unread.

Django reads a multipart body, and writes its files to a temporary file, as soon as anything
asks for ``request.POST`` or ``request.FILES`` (the CSRF check does, for anyone, signed in or
not). This middleware, early in MIDDLEWARE, looks only at the declared length first: a body
larger than the largest document plus its form's fields (``REQUEST_MAX_BYTES``) gets a 413 page
before a byte of it is read. A body with no declared length (``Transfer-Encoding: chunked``) is
refused too: no form of the service's sends one, and the proxy in front turns any it accepts
into a body with a length.
"""

from collections.abc import Callable
from typing import cast

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.shortcuts import render


def declared_length(request: HttpRequest) -> int | None:
    """The body's length as the request declares it: None when it declares none, or
    nonsense (Django would then read nothing of it)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    return length if length >= 0 else None


Respond = Callable[[HttpRequest], HttpResponse]


class LimitRequestSize:
    def __init__(self, get_response: Respond) -> None:
        self.get_response = get_response
        # The 413 page carries the same security headers as every other page, though it is
        # answered before the middleware that adds them.
        framed = cast(Respond, XFrameOptionsMiddleware(self._too_large))
        self.refuse = cast(Respond, CSPMiddleware(framed))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = declared_length(request)
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if (length is not None and length > settings.REQUEST_MAX_BYTES) or (
                chunked and length is None):
            return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def _too_large(request: HttpRequest) -> HttpResponse:
        return render(request, "413.html", {"limit": settings.DOCUMENT_MAX_BYTES}, status=413)
