"""No page of the service is kept by a browser or a proxy: a case seen on a shared computer
must not come back with the Back button after sign-out, nor from a cache on the disk."""

from django.http import HttpRequest, HttpResponse

NO_STORE = "no-store"


class NoStore:
    """``Cache-Control: no-store`` and ``Pragma: no-cache`` on every response that reaches
    Django's views: every page (signed in or not: the sign-in and two-factor pages too),
    every redirect, every file and PDF. Static files are served before this (WhiteNoise,
    first in MIDDLEWARE) and keep their long caching. A response that already says no-store
    (``safeguarding.http.attachment``'s "private, no-store") is left as it is."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if NO_STORE not in response.get("Cache-Control", ""):
            response["Cache-Control"] = NO_STORE
        response["Pragma"] = "no-cache"
        return response
