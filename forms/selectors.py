"""Reads for the referral pages."""

from django.db.models import QuerySet

from safeguarding.models import User

from .models import Referral

ROWS = ("children", "family", "plans", "involved_agencies")


def referral_with_rows(*, pk: int) -> Referral | None:
    return (Referral.objects.select_related("case", "created_by", "agency")
            .prefetch_related(*ROWS).filter(pk=pk).first())


def referrals_made_by(*, user: User) -> QuerySet[Referral]:
    """The referrals a person made, drafts first, with each case's status."""
    return (Referral.objects.filter(created_by=user).select_related("case")
            .prefetch_related("children").order_by("status", "-updated_at"))
