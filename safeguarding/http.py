"""Requests, typed for what the middleware guarantees."""

from django.http import HttpRequest

from .models import User


class AuthenticatedRequest(HttpRequest):
    """A request to any page not marked public: LoginRequiredMiddleware has let it through only
    with a signed-in user. For annotations; Django makes the request."""

    user: User
