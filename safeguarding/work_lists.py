"""The core's own home-page list: the administrator's accounts waiting for review."""

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Agency, Role, User
from .selectors import WorkItem, provides_work_list

UNUSED_FOR = timedelta(days=90)


def accounts_to_review(*, now: datetime | None = None) -> list[tuple[User, list[str]]]:
    """Active accounts with something to look at, each with why, by name: no two-factor
    sign-in set up (no confirmed authenticator app), an agency that left or does not fit
    the role (a safeguarding partner outside the three statutory partners), or no sign-in
    for 90 days. One query, at most 50."""
    cutoff = (now or timezone.now()) - UNUSED_FOR
    partner_elsewhere = Q(role=Role.SAFEGUARDING_PARTNER) & ~Q(
        agency__kind__in=Agency.STATUTORY_PARTNER_KINDS)
    unused = Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    users = (User.objects.filter(is_active=True).select_related("agency")
             .annotate(two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"),
                                                                   confirmed=True)))
             .filter(Q(two_factor=False) | Q(agency__is_active=False) | partner_elsewhere
                     | unused).order_by("full_name", "pk")[:50])
    return [(user, _reasons(user, cutoff)) for user in users]


def _reasons(user: User, cutoff: datetime) -> list[str]:
    reasons = []
    if not user.two_factor:  # type: ignore[attr-defined]  # annotated by the query
        reasons.append("No two-factor sign-in set up")
    if not user.agency.is_active:
        reasons.append(f"{user.agency.name} is no longer an active agency")
    elif user.role == Role.SAFEGUARDING_PARTNER and not user.agency.is_statutory_partner:
        reasons.append(f"A safeguarding partner in {user.agency.name}, not a statutory partner")
    if user.last_login is None and user.date_joined < cutoff:
        reasons.append("Has never signed in")
    elif user.last_login is not None and user.last_login < cutoff:
        reasons.append("Not signed in for 90 days")
    return reasons


@provides_work_list(Role.ADMINISTRATOR, "Accounts waiting for review")
def accounts_waiting_for_review(user: User) -> list[WorkItem]:
    return [WorkItem(text=account.full_name or account.email,
                     url=reverse("admin:safeguarding_user_change", args=[account.pk]),
                     detail=f"{account.get_role_display()}, {account.agency.name}: "
                            + "; ".join(reasons))
            for account, reasons in accounts_to_review()]
