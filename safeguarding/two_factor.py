"""Two-factor sign-in (TOTP, with django-otp): every account outside the embedded demo sets up
an authenticator app at its first sign-in, gets ten one-use recovery codes, and gives a code
from the app (or a recovery code) at each sign-in after that. ``TWO_FACTOR_REQUIRED`` is on
unless SERVICE_MODE is embedded."""

import base64
import io
import secrets
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import invitations, lockout, services
from .http import AuthenticatedRequest
from .models import User
from .passkeys import has_passkey

RECOVERY_CODES = 10
EXEMPT_PREFIXES = ("/two-factor/", "/sign-out/", "/static/", "/health/")


class RequireTwoFactor:
    """After the password: until this session has given a code, every page but the
    two-factor pages and sign-out sends the person to give one (or to set the app up)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (settings.TWO_FACTOR_REQUIRED and user.is_authenticated
                and not user.is_verified()  # type: ignore[attr-defined]  # from OTPMiddleware
                and not request.path.startswith(EXEMPT_PREFIXES)):
            target = "two-factor-verify" if has_authenticator(user) else "two-factor-setup"
            response = redirect(target)
            response["Location"] += "?" + urlencode({"next": request.get_full_path()})
            return response
        return self.get_response(request)


def has_authenticator(user: User) -> bool:
    """An authenticator app, or a passkey or security key (safeguarding/passkeys.py)."""
    return (TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            or has_passkey(user))


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code", max_length=16, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "spellcheck": "false", "class": "govuk-input--width-10"}),
        error_messages={"required": "Enter the code"})


def _next(request: HttpRequest) -> str:
    target = request.GET.get("next", "/")
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts=None) else "/"


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def setup(request: AuthenticatedRequest) -> HttpResponse:
    """Scan the QR code (or type the key) into an authenticator app, then give its code."""
    user = request.user
    if has_authenticator(user):
        return redirect("two-factor-verify")
    invitation = invitations.valid_invitation(request, user)
    if invitation is None:  # the password alone sets nothing up
        return invitations.refused(request)
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=False,
                                                 defaults={"name": "Authenticator app"})
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].replace(" ", "")):
            with transaction.atomic():
                if not services.spend_two_factor_invitation(user=user,
                                                            invitation_id=invitation.pk):
                    return invitations.refused(request)
                request.session.pop(invitations.SESSION_KEY, None)
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                had_codes = StaticDevice.objects.filter(user=user).exists()
                request.session["recovery_codes"] = _new_recovery_codes(user)
                services.record_two_factor_changes(actor=user, user=user, devices=[
                    ("", "Authenticator app"),
                    ("Recovery codes", "New recovery codes") if had_codes
                    else ("", "Recovery codes")])
            otp_login(request, device)
            return redirect(f"/two-factor/recovery-codes/?next={_next(request)}")
        lockout.cap_second_factor_throttle(user=user)
        form.add_error("code", "The code is not right: enter the 6-digit code the app shows now")
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "registration/two_factor_setup.html", {
        "form": form, "qr": _qr_svg(device.config_url),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
    })


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Shown once, straight after setting up the app."""
    codes = request.session.pop("recovery_codes", None)
    if not codes:
        return redirect(_next(request))
    return render(request, "registration/recovery_codes.html",
                  {"codes": codes, "next": _next(request)})


def verify(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not has_authenticator(user):
        return redirect("two-factor-setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"].replace(" ", "").lower())
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(request, f"You used a recovery code: {left} left. "
                                          "Ask the business unit for new codes when they run low.")
            return redirect(_next(request))
        lockout.cap_second_factor_throttle(user=user)
        form.add_error("code", "The code is not right: enter the code your authenticator app "
                               "shows now, or one of your recovery codes")
    # Someone with passkeys but no app is asked for the passkey, not an app's code.
    has_app = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return render(request, "registration/two_factor_verify.html",
                  {"form": form, "has_app": has_app})
