"""Writes of the safeguarding app's own: upkeep run by scheduled tasks, and the audit log of
changes to accounts."""

import logging
from collections.abc import Sequence
from importlib import import_module

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .models import Role, User, UserChange

logger = logging.getLogger(__name__)


def clear_expired_sessions() -> None:
    """Delete the sessions whose time is up, as ``manage.py clearsessions`` does: a signed-out
    or abandoned session's data (a pending chronology import, say) is not kept past its
    expiry. Every session engine that can clear its expired sessions does so here."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


# The audit log of accounts (issue 17 point 10): every change to a person's role, agency,
# active flag or two-factor devices, read by the scrutineer and administrators, and emailed to
# the other active administrators. Called by the admin and the two-factor pages, not by signals.


def account_state(*, user: User) -> dict[str, str]:
    """The values of a person's account that the audit log follows, as words."""
    return {UserChange.Field.ROLE: user.get_role_display() if user.role else "",
            UserChange.Field.AGENCY: user.agency.name if user.agency_id else "",
            UserChange.Field.ACTIVE: "Yes" if user.is_active else "No"}


@transaction.atomic
def record_account_changes(*, actor: User | None, user: User,
                           before: dict[str, str] | None) -> list[UserChange]:
    """Compare the account now with ``before`` (``account_state`` before the change; None for a
    new account) and record each field that changed."""
    after = account_state(user=user)
    before = before or dict.fromkeys(after, "")
    return _record(actor=actor, user=user, values=[
        (field, before.get(field, ""), value) for field, value in after.items()
        if before.get(field, "") != value])


@transaction.atomic
def record_two_factor_changes(*, actor: User | None, user: User,
                              devices: Sequence[tuple[str, str]]) -> list[UserChange]:
    """Two-factor devices added, removed or replaced, each as (from, to) in words:
    ("", "Authenticator app") added, ("Recovery codes", "") removed."""
    return _record(actor=actor, user=user, values=[
        (UserChange.Field.TWO_FACTOR, old, new) for old, new in devices if old != new])


def _record(*, actor: User | None, user: User,
            values: list[tuple[str, str, str]]) -> list[UserChange]:
    at = timezone.now()
    changes = [UserChange.objects.create(changed_by=actor, user=user, field=field,
                                         from_value=old[:200], to_value=new[:200], at=at)
               for field, old, new in values]
    if changes:
        ids = [change.pk for change in changes]
        transaction.on_commit(lambda: _queue_email_to_administrators(ids))
    return changes


def _queue_email_to_administrators(change_ids: list[int]) -> None:
    from .tasks import email_administrators_about_account_changes

    email_administrators_about_account_changes.delay(change_ids)


def email_administrators_about_account_changes(*, change_ids: list[int]) -> None:
    """One email for the changes made to one account at once, to every active administrator
    but the one who made them. Names staff only: never a case or a child."""
    changes = list(UserChange.objects.filter(pk__in=change_ids)
                   .select_related("user", "changed_by").order_by("pk"))
    if not changes:
        return
    first = changes[0]
    administrators = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True)
    if first.changed_by_id is not None:
        administrators = administrators.exclude(pk=first.changed_by_id)
    recipients = list(administrators.values_list("email", flat=True))
    if _was_administrator(changes) and first.user.email not in recipients:
        # Someone who stops being an administrator is told too: else, with one other
        # administrator making the change, nobody would be.
        recipients.append(first.user.email)
    if not recipients:
        return
    who = (f"{first.changed_by.full_name} ({first.changed_by.email})" if first.changed_by
           else "Someone outside the service")
    lines = [f"- {change.get_field_display()}: from {change.from_value or 'none'} "
             f"to {change.to_value or 'none'}" for change in changes]
    link = (settings.SITE_URL.rstrip("/") + reverse("account-changes")
            + f"?person={first.user_id}")
    send_mail(
        subject="A change to an account",
        message=(f"{who} changed the account of {first.user.full_name} ({first.user.email}):\n\n"
                 + "\n".join(lines)
                 + f"\n\nIf you did not expect this change, check it now: {link}\n"),
        from_email=None,
        recipient_list=recipients,
    )
    logger.info("Told %d administrators of %d changes to account %s", len(recipients),
                len(changes), first.user_id)


def _was_administrator(changes: list[UserChange]) -> bool:
    return any(change.field == UserChange.Field.ROLE
               and change.from_value == Role.ADMINISTRATOR.label for change in changes)


# First-time two-factor set-up (issue 17 point 10): the password alone does not reach the
# set-up page; a one-time link emailed to the person does (safeguarding/invitations.py).


@transaction.atomic
def send_two_factor_invitation(*, user: User, sent_by: User | None) -> None:
    """Email the person a new set-up link, valid for TWO_FACTOR_INVITATION_LIFETIME; any link
    sent before and not used stops working. Only a hash of the link's secret is kept. The email
    is about the account only, and names no one."""
    import secrets

    from .models import TwoFactorInvitation

    token = secrets.token_urlsafe(32)
    TwoFactorInvitation.objects.filter(user=user, used_at__isnull=True).delete()
    TwoFactorInvitation.objects.create(
        user=user, sent_by=sent_by, token_hash=TwoFactorInvitation.hash(token),
        expires_at=timezone.now() + settings.TWO_FACTOR_INVITATION_LIFETIME)
    link = settings.SITE_URL.rstrip("/") + reverse("two-factor-invitation", args=[token])
    days = settings.TWO_FACTOR_INVITATION_LIFETIME.days
    send_mail(
        subject="Set up two-factor sign-in for Safeguarding case reviews",
        message=(
            "You have an account on Safeguarding case reviews. Signing in needs your password "
            "and a code from an authenticator app on your phone.\n\n"
            f"To set up the app, open this link within {days} days and sign in with your "
            f"password:\n{link}\n\n"
            "The link works once. If it has expired, ask your administrator for a new set-up "
            "link. If you did not expect this email, tell your administrator.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )
    logger.info("Two-factor set-up invitation emailed to user %s", user.pk)


def spend_two_factor_invitation(*, user: User, invitation_id: int) -> bool:
    """The person is setting up their second factor with this invitation: True if it was
    still valid (once only, however many requests race), and then none of their set-up links
    works again."""
    from .models import TwoFactorInvitation

    now = timezone.now()
    unused = TwoFactorInvitation.objects.filter(user=user, used_at__isnull=True)
    if not unused.filter(pk=invitation_id, expires_at__gt=now).update(used_at=now):
        return False
    unused.update(used_at=now)
    return True


# Passkeys and security keys (safeguarding/passkeys.py): a person removes one of their own.
PASSKEY = "Passkey or security key"


class LastSecondFactor(Exception):
    """Removing this would leave the person nothing to sign in with after the password but
    their one-use recovery codes."""


def passkey_can_be_removed(*, user: User, credential_id: int) -> bool:
    """Another way to give a second factor stays: the authenticator app, or another passkey or
    security key. The recovery codes do not count: each works once, for a lost phone."""
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    return (TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            or WebAuthnCredential.objects.filter(user=user, confirmed=True)
            .exclude(pk=credential_id).exists())


@transaction.atomic
def remove_passkey(*, actor: User, credential_id: int) -> None:
    """Remove one of the actor's own passkeys or security keys, in the audit log of accounts
    (emailed to the administrators). Raises WebAuthnCredential.DoesNotExist for another
    person's, and LastSecondFactor if nothing else would be left."""
    from django_otp_webauthn.models import WebAuthnCredential

    User.objects.select_for_update().get(pk=actor.pk)  # two removals at once: one at a time
    credential = WebAuthnCredential.objects.get(pk=credential_id, user=actor, confirmed=True)
    if not passkey_can_be_removed(user=actor, credential_id=credential.pk):
        raise LastSecondFactor
    credential.delete()
    record_two_factor_changes(actor=actor, user=actor, devices=[(PASSKEY, "")])
