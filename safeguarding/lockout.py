"""Sign-in lockouts (django-axes) with a failure limit and a window for each thing counted.

django-axes counts failures by several parameter sets but has one failure limit and one
cool-off for them all. ``SIGN_IN_LOCKOUTS`` (config/settings.py) gives each set its own: one
email address from one network address; one email address from anywhere (a password sprayed
at one account from many addresses); one network address across every email address (one
password tried on many accounts). A set locks when it reaches its limit within its window,
and stays locked until enough of those failures are older than the window, so the page can
say exactly how long.

The second factor's own throttle (django-otp: after each wrong code the wait doubles) is capped
at ``TWO_FACTOR_MAX_DELAY``, so someone who has the password cannot keep the real person from
giving their code for days.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_parameters, get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


@dataclass(frozen=True)
class Lockout:
    counts: tuple[str, ...]  # django-axes parameters: "username", "ip_address"
    failures: int
    window: timedelta


def rules() -> list[Lockout]:
    return [Lockout(tuple(counts), failures, window)
            for counts, failures, window in settings.SIGN_IN_LOCKOUTS]


def _now(request: HttpRequest) -> datetime:
    return getattr(request, "axes_attempt_time", None) or timezone.now()


class SignInLockoutHandler(AxesDatabaseHandler):
    """django-axes's database handler, each parameter set judged by its own limit and window.

    django-axes compares ``get_failures`` with the one AXES_FAILURE_LIMIT; here it answers
    AXES_FAILURE_LIMIT when any set is at its own limit, and less than that when none is."""

    def _attempts_by_rule(self, request, credentials=None):
        username = get_client_username(request, credentials)
        filters = get_client_parameters(username, request.axes_ip_address,
                                        request.axes_user_agent, request, credentials)
        now = _now(request)
        return [(rule, AccessAttempt.objects.filter(**kwargs,
                                                    attempt_time__gte=now - rule.window))
                for rule, kwargs in zip(rules(), filters, strict=True)]

    def get_failures(self, request, credentials=None) -> int:
        limit = settings.AXES_FAILURE_LIMIT
        score = 0
        for rule, attempts in self._attempts_by_rule(request, credentials):
            failures = sum(attempts.values_list("failures_since_start", flat=True))
            if failures >= rule.failures:
                return limit
            score = max(score, math.floor(failures * limit / rule.failures))
        return min(score, limit - 1)

    def locked_until(self, request, credentials=None) -> tuple[datetime, bool] | None:
        """When the latest-ending lockout on this attempt ends, and whether it is one of an
        email address (False: only the network address is locked)."""
        until, by_email = None, False
        for rule, attempts in self._attempts_by_rule(request, credentials):
            counted = 0
            for failures, at in attempts.order_by("-attempt_time").values_list(
                    "failures_since_start", "attempt_time"):
                counted += failures
                if counted >= rule.failures:  # locked until this one leaves the window
                    ends = at + rule.window
                    if until is None or ends > until:
                        until = ends
                    by_email = by_email or "username" in rule.counts
                    break
        return None if until is None else (until, by_email)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful sign-in clears its email address's failures, never its network
        address's: signing in to one's own account must not reset a spray from that address."""
        username = get_client_username(request, credentials)
        filters = get_client_parameters(username, request.axes_ip_address,
                                        request.axes_user_agent, request, credentials)
        count = 0
        for rule, kwargs in zip(rules(), filters, strict=True):
            if "username" in rule.counts:
                count += AccessAttempt.objects.filter(**kwargs).delete()[0]
        return count


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the locked-out page, saying how long is left."""
    handler = AxesProxyHandler.get_implementation()
    found = (handler.locked_until(request, credentials)
             if isinstance(handler, SignInLockoutHandler) else None)
    if found is None:  # not ours to time: the longest window
        until, by_email = _now(request) + max(rule.window for rule in rules()), True
    else:
        until, by_email = found
    minutes = max(1, math.ceil((until - _now(request)).total_seconds() / 60))
    return render(request, "registration/locked_out.html",
                  {"minutes": minutes, "by_email": by_email},
                  status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429))


def most_failures_counted(factor: float) -> int:
    """The failure count at which django-otp's wait (factor × 2^(count − 1) seconds) is the
    longest that stays within TWO_FACTOR_MAX_DELAY."""
    cap = settings.TWO_FACTOR_MAX_DELAY.total_seconds()
    return 1 + max(0, math.floor(math.log2(cap / factor))) if cap >= factor else 1


def cap_second_factor_throttle(*, user) -> None:
    """After a wrong code: every device of the person's that django-otp throttles (authenticator
    app, recovery codes) counts successive failures only up to the capped wait. Called by the
    two-factor pages, not by a signal."""
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user=user, throttling_failure_count__gt=0):
            factor = device.get_throttle_factor()
            if factor <= 0:  # not throttled
                continue
            capped = min(device.throttling_failure_count, most_failures_counted(factor))
            if capped != device.throttling_failure_count:
                model.objects.filter(pk=device.pk).update(throttling_failure_count=capped)
