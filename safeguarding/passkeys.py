"""Passkeys and security keys (WebAuthn, with django-otp-webauthn): a second factor that a fake
copy of the site cannot phish, as well as the authenticator app. After the password, the verify
page offers "Use a passkey or security key" beside the code; the recovery codes work as before.

A passkey is only ever a second factor (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN is off), and is
added only from a session that has already given a code (the app's, at set-up or sign-in):
a password alone never adds one. The package's JavaScript is served from static/ and reads its
settings from a JSON data block, so the Content Security Policy needs no inline script."""

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware import csrf
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.i18n import JavaScriptCatalog
from django_otp.plugins.otp_totp.models import TOTPDevice
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
ADDED = "Passkey or security key added"
REMOVED = "Passkey or security key removed"

# The package's browser messages (its JavaScript's gettext), in our words: served in the
# jsi18n catalogue below, which the package's scripts read. Its button labels while busy too.
BROWSER_WORDING = {
    "Registering...": "Adding…",
    "Finishing registration...": "Adding…",
    "Registration successful!": ADDED,
    "Registration aborted.": "Not added: you stopped before it finished. Try again.",
    "Registration aborted or not allowed.":
        "Not added: it was cancelled or took too long. Try again.",
    "Registration failed. You most likely already have a Passkey registered for this site.":
        "This passkey or security key is already on your account.",
    "Registration failed. A technical problem occurred that prevents you from registering a "
    "Passkey for this site.":
        "This browser cannot add a passkey or security key for this site. Try another browser.",
    "Registration failed. Unable to fetch registration options from server.":
        "Not added: something went wrong. Try again.",
    "Registration failed. An unknown error occurred.":
        "Not added: something went wrong. Try again.",
    "Registration failed. The server was unable to verify this passkey.":
        "Not added: this passkey or security key could not be checked. Try again.",
    "Registration failed. A server error occurred.": "Not added: something went wrong. Try again.",
    "An error occurred during registration.": "Not added: something went wrong. Try again.",
    "Verifying...": "Checking…",
    "Finishing verification...": "Checking…",
    "Verification successful!": "Checked: signing you in",
    "Verification aborted.": "Stopped before it finished. Try again, or enter a code.",
    "Verification canceled or not allowed.":
        "Cancelled or took too long. Try again, or enter a code.",
    "Verification failed. Could not retrieve parameters from the server.":
        "Something went wrong. Try again, or enter a code.",
    "Verification failed. An unknown error occurred.":
        "Something went wrong. Try again, or enter a code.",
    "Verification failed. An unknown server error occurred.":
        "Something went wrong. Try again, or enter a code.",
    "Verification failed. A server error occurred.":
        "Something went wrong. Try again, or enter a code.",
    "An error occurred during verification.": "Something went wrong. Try again, or enter a code.",
}

# The package's server messages (shown by its scripts as they are), by their code.
SERVER_WORDING = {
    "user_not_verified": NOT_VERIFIED,
    "credential_not_found": ("This passkey or security key is not on your account: use "
                             "another, or enter a code"),
    "credential_user_mismatch": ("This passkey or security key belongs to someone else's "
                                 "account: use your own, or enter a code"),
    "credential_disabled": "This passkey or security key cannot be used: enter a code",
    "invalid_state": "That took too long. Try again.",
}
SERVER_PROBLEM = "The passkey or security key could not be checked. Try again, or enter a code."


def has_passkey(user: AbstractBaseUser) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def _verified(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.user.is_verified()  # type: ignore[attr-defined]


class OurWording:
    """The package's error messages to the browser in our words."""

    def handle_exception(self, exc: Exception) -> HttpResponse:
        response = super().handle_exception(exc)  # type: ignore[misc]
        if isinstance(exc, exceptions.OTPWebAuthnApiError) and isinstance(response, JsonResponse):
            response = JsonResponse(
                {"detail": SERVER_WORDING.get(exc.code, SERVER_PROBLEM), "code": exc.code},
                status=response.status_code)
        return response


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


class BeginRegistration(OurWording, VerifiedSessionOnly, BeginCredentialRegistrationView):
    pass


class CompleteRegistration(OurWording, VerifiedSessionOnly, CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs) -> HttpResponse:
        response = super().post(*args, **kwargs)
        user = self.request.user
        if response.status_code == 200 and isinstance(user, User):
            # In the account's audit log, and emailed to the administrators (issue 17 point 10).
            services.record_two_factor_changes(actor=user, user=user,
                                               devices=[("", services.PASSKEY)])
            messages.success(self.request, ADDED)  # on the page, shown again with it
        return response


class BeginAuthentication(OurWording, BeginCredentialAuthenticationView):
    pass


class CompleteAuthentication(OurWording, CompleteCredentialAuthenticationView):
    pass


class Catalog(JavaScriptCatalog):
    """The package's translations, with our wording of its messages on top."""

    def get_catalog(self) -> dict:
        return {**super().get_catalog(), **BROWSER_WORDING}


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
        "credentials": [(credential, describe(credential)) for credential in credentials],
        "config": configuration(request), "next": _next(request),
        "has_app": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()})


def describe(credential: WebAuthnCredential) -> str:
    """What kind it is, from how the browser said it reaches it: the person cannot name it."""
    if set(credential.transports or []) & {"usb", "nfc", "ble"}:
        return "Security key"
    if credential.backup_eligible:
        return "Passkey saved in a password manager or online account"
    return "Passkey on a computer, phone or tablet"


def _used_for_this_session(request: HttpRequest, credential: WebAuthnCredential) -> bool:
    device = getattr(request.user, "otp_device", None)
    return isinstance(device, WebAuthnCredential) and device.pk == credential.pk


def remove(request: AuthenticatedRequest, credential_id: int) -> HttpResponse:
    """A confirm page, then the removal (a POST), of one of the person's own passkeys."""
    credential = WebAuthnCredential.objects.filter(
        pk=credential_id, user=request.user, confirmed=True).first()
    if credential is None:
        raise Http404
    if not _verified(request):
        response = redirect("two-factor-verify")
        response["Location"] += "?next=" + reverse("two-factor-passkeys")
        return response
    allowed = services.passkey_can_be_removed(user=request.user, credential_id=credential.pk)
    if request.method == "POST" and allowed:
        try:
            services.remove_passkey(actor=request.user, credential_id=credential.pk)
        except services.LastSecondFactor:  # another removed at the same time
            allowed = False
        else:
            messages.success(request, REMOVED)
            return redirect("two-factor-passkeys")
    return render(request, "two_factor/passkey_remove.html", {
        "credential": credential, "kind": describe(credential), "allowed": allowed,
        "used_now": _used_for_this_session(request, credential),
        "has_app": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
    }, status=200 if allowed or request.method != "POST" else 409)


# The package's views under /two-factor/passkeys/ (exempt from RequireTwoFactor, as the verify
# step needs them), in its own namespace: "otp_webauthn".
api_urlpatterns = [
    path("registration/begin/", BeginRegistration.as_view(),
         name="credential-registration-begin"),
    path("registration/complete/", CompleteRegistration.as_view(),
         name="credential-registration-complete"),
    path("authentication/begin/", BeginAuthentication.as_view(),
         name="credential-authentication-begin"),
    path("authentication/complete/", CompleteAuthentication.as_view(),
         name="credential-authentication-complete"),
    path("jsi18n/", Catalog.as_view(packages=["django_otp_webauthn"]),
         name="js-i18n-catalog"),
]
