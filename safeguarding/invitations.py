"""First-time two-factor set-up by invitation: the set-up page of an account with no second
factor opens only in a session that has opened a valid one-time link emailed to the person
(``services.send_two_factor_invitation``), as well as given the password. Setting up spends it.

The link's secret is in its address once: opening it keeps only the invitation's id in the
session and sends the browser on to an address without it."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .models import TwoFactorInvitation, User

SESSION_KEY = "two_factor_invitation"


def valid_invitation(request: HttpRequest, user: User) -> TwoFactorInvitation | None:
    """The invitation this session opened, if it is the person's and still valid."""
    invitation_id = request.session.get(SESSION_KEY)
    if not invitation_id:
        return None
    return TwoFactorInvitation.objects.filter(
        pk=invitation_id, user=user, user__is_active=True, used_at__isnull=True,
        expires_at__gt=timezone.now()).first()


def refused(request: HttpRequest) -> HttpResponse:
    """The set-up page without a valid invitation: nothing is set up."""
    return render(request, "registration/two_factor_invitation_needed.html")


@login_not_required
@never_cache
def open_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the email: before or after the password, the session remembers it."""
    invitation = TwoFactorInvitation.objects.filter(
        token_hash=TwoFactorInvitation.hash(token), used_at__isnull=True,
        expires_at__gt=timezone.now(), user__is_active=True).first()
    signed_in = request.user.is_authenticated
    if invitation is None or (signed_in and request.user.pk != invitation.user_id):
        request.session.pop(SESSION_KEY, None)
        return refused(request)
    request.session[SESSION_KEY] = invitation.pk
    if signed_in:
        return redirect("two-factor-setup")
    response = redirect("sign-in")
    response["Location"] += "?next=/two-factor/set-up/"
    return response
