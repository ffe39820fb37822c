"""Passkeys and security keys (WebAuthn, with django-otp-webauthn): a second factor that a fake
copy of the site cannot phish, as well as the authenticator app. After the password, the verify
page offers "Use a passkey or security key" beside the code; the recovery codes work as before.

A passkey is only ever a second factor (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN is off), and is
added only from a session that has already given a code (the app's, at set-up or sign-in):
a password alone never adds one. The package's JavaScript is served from static/ and reads its
settings from a JSON data block, so the Content Security Policy needs no inline script."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from . import services
from .http import AuthenticatedRequest
from .models import User

NOT_VERIFIED = ("Enter a code from your authenticator app before you add a passkey or "
                "security key")


def has_passkey(user: AbstractBaseUser) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def _verified(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.user.is_verified()  # type: ignore[attr-defined]


class VerifiedSessionOnly:
    """Adding a passkey needs a session that has given a code already. The package asks that
    only of people who have a device; here a password alone (a first sign-in not yet set up)
    is refused too, so setting up two-factor sign-in stays the set-up page's alone."""

    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST":  # before the package's checks: a 405, as for any POST
            return self.http_method_not_allowed(request, *args, **kwargs)  # type: ignore[attr-defined]
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def check_can_register(self) -> None:
        if not _verified(self.request):
            raise exceptions.NotVerified(detail=NOT_VERIFIED)


class BeginRegistration(VerifiedSessionOnly, BeginCredentialRegistrationView):
    pass


class CompleteRegistration(VerifiedSessionOnly, CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs) -> HttpResponse:
        response = super().post(*args, **kwargs)
        user = self.request.user
        if response.status_code == 200 and isinstance(user, User):
            # In the account's audit log, and emailed to the administrators (issue 17 point 10).
            services.record_two_factor_changes(actor=user, user=user,
                                               devices=[("", "Passkey or security key")])
        return response


def configuration(request: HttpRequest) -> dict[str, str | None]:
    """What the package's scripts read from the page (a JSON data block, not a script)."""
    return {
        "autocompleteLoginFieldSelector": None,  # no passkey instead of the password
        "nextFieldSelector": "input[name='next']",
        "csrfToken": csrf.get_token(request),
        "beginAuthenticationUrl": reverse("otp_webauthn:credential-authentication-begin"),
        "completeAuthenticationUrl": reverse("otp_webauthn:credential-authentication-complete"),
        "beginRegistrationUrl": reverse("otp_webauthn:credential-registration-begin"),
        "completeRegistrationUrl": reverse("otp_webauthn:credential-registration-complete"),
    }


def _next(request: HttpRequest) -> str:
    target = request.GET.get("next", "/")
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts=None) else "/"


def manage(request: AuthenticatedRequest) -> HttpResponse:
    """The person's passkeys and security keys, and a button to add one."""
    if not _verified(request):
        response = redirect("two-factor-verify")
        response["Location"] += "?next=" + reverse("two-factor-passkeys")
        return response
    credentials = (WebAuthnCredential.objects.filter(user=request.user, confirmed=True)
                   .order_by("created_at"))
    return render(request, "two_factor/passkeys.html", {
        "credentials": credentials, "config": configuration(request), "next": _next(request)})


# The package's views under /two-factor/passkeys/ (exempt from RequireTwoFactor, as the verify
# step needs them), in its own namespace: "otp_webauthn".
api_urlpatterns = [
    path("registration/begin/", BeginRegistration.as_view(),
         name="credential-registration-begin"),
    path("registration/complete/", CompleteRegistration.as_view(),
         name="credential-registration-complete"),
    path("authentication/begin/", BeginCredentialAuthenticationView.as_view(),
         name="credential-authentication-begin"),
    path("authentication/complete/", CompleteCredentialAuthenticationView.as_view(),
         name="credential-authentication-complete"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
         name="js-i18n-catalog"),
]
