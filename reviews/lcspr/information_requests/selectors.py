"""The reads of the LCSPR's requests to agencies, each a fixed number of queries."""

from django.db.models import QuerySet

from reviews.rapid_review.models import InformationReturn
from safeguarding.models import Agency

from ..models import Lcspr


def requests_of(lcspr: Lcspr) -> list[InformationReturn]:
    """The returns the review asked agencies for, by agency, with who submitted them."""
    return list(InformationReturn.objects.filter(lcspr=lcspr)
                .select_related("agency", "submitted_by", "review__case")
                .order_by("agency__name", "pk"))


def agencies_to_ask(lcspr: Lcspr) -> QuerySet[Agency]:
    """The active agencies the review has not asked yet."""
    return (Agency.objects.filter(is_active=True)
            .exclude(pk__in=InformationReturn.objects.filter(lcspr=lcspr).values("agency_id"))
            .order_by("name"))
