"""The reads of the practitioners and family pages, each a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from safeguarding.models import User

from ..models import Lcspr, ReviewerCommission
from .models import EngagementContact, LcsprFamilyMember, LcsprPractitioner


def _practitioners() -> QuerySet[LcsprPractitioner]:
    return LcsprPractitioner.objects.select_related("user__agency", "agency", "recorded_by")


def lcspr_for_engagement(*, pk: int) -> Lcspr | None:
    """An LCSPR with its practitioners, family members and contacts (and the commissions
    its permission and guards read): a fixed number of queries, however many of each."""
    return (Lcspr.objects.select_related("case")
            .prefetch_related(
                Prefetch("commissions", queryset=ReviewerCommission.objects.select_related(
                    "reviewer__agency")),
                Prefetch("practitioners", queryset=_practitioners()),
                Prefetch("family_members",
                         queryset=LcsprFamilyMember.objects.select_related("recorded_by")),
                Prefetch("engagement_contacts", queryset=EngagementContact.objects
                         .select_related("recorded_by", "family_member",
                                         "practitioner__user__agency",
                                         "practitioner__agency")))
            .filter(pk=pk).first())


def lcspr_for_engagement_step(*, pk: int) -> Lcspr | None:
    return Lcspr.objects.select_related("case").filter(pk=pk).first()


def practitioner_of(lcspr: Lcspr, pk: int) -> LcsprPractitioner | None:
    return _practitioners().filter(lcspr=lcspr, pk=pk).first()


def family_member_of(lcspr: Lcspr, pk: int) -> LcsprFamilyMember | None:
    return LcsprFamilyMember.objects.filter(lcspr=lcspr, pk=pk).first()


def practitioners(lcspr: Lcspr) -> QuerySet[LcsprPractitioner]:
    return _practitioners().filter(lcspr=lcspr)


def family_members(lcspr: Lcspr) -> QuerySet[LcsprFamilyMember]:
    return LcsprFamilyMember.objects.filter(lcspr=lcspr)


def practitioner_accounts() -> QuerySet[User]:
    """The people with an account who may be named as a practitioner."""
    return User.objects.filter(is_active=True).select_related("agency").order_by("full_name")
