"""Reads for the rapid review pages."""

from django.db.models import Prefetch, QuerySet

from .models import InformationReturn, RapidReview

OPEN = (InformationReturn.Status.REQUESTED, InformationReturn.Status.DRAFT)


def open_requests_for(*, agency_id: int) -> QuerySet[InformationReturn]:
    return (InformationReturn.objects.filter(agency_id=agency_id, status__in=OPEN)
            .select_related("review__case").order_by("due_on", "pk")[:50])


def returns_awaited() -> QuerySet[InformationReturn]:
    return (InformationReturn.objects.filter(status__in=OPEN)
            .select_related("review__case", "agency").order_by("due_on", "pk")[:50])


def review_for_case(*, case_id: int) -> RapidReview | None:
    return (RapidReview.objects.select_related("decided_by")
            .prefetch_related(Prefetch("returns", queryset=InformationReturn.objects
                                       .select_related("agency", "submitted_by")
                                       .prefetch_related("known_agencies__agency")))
            .filter(case_id=case_id).first())


def return_with_rows(*, pk: int) -> InformationReturn | None:
    return (InformationReturn.objects.select_related("review__case", "agency", "submitted_by")
            .prefetch_related("family", "known_agencies__agency", "chronology")
            .filter(pk=pk).first())
