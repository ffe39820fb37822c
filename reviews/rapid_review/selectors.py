"""Reads for the rapid review pages."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Prefetch, QuerySet

from cases.models import Case, Document
from safeguarding.models import Decision, Role, User

from .models import ChronologyEntry, InformationReturn, PanelAttendance, RapidReview, SignOff

OPEN = (InformationReturn.Status.REQUESTED, InformationReturn.Status.DRAFT)
# Asked for by a later LCSPR of the case that has ended: no longer awaited.
ENDED_LCSPR = {"lcspr__isnull": False, "review__case__status": Case.Status.LCSPR_ENDED}


# Who may sit on a rapid review's panel.
PANEL_ROLES = (Role.PANEL_CHAIR, Role.PANEL_MEMBER, Role.SAFEGUARDING_PARTNER)


def panel_candidates() -> QuerySet[User]:
    """Everyone who may be chosen for a panel, active accounts only: the chairs, then the
    members, then the safeguarding partners' representatives, each by name."""
    return (User.objects.filter(is_active=True, role__in=PANEL_ROLES).select_related("agency")
            .order_by("role", "full_name"))


def panel_attendance(review: RapidReview) -> list[tuple[User, PanelAttendance | None]]:
    """Each member of the review's panel, by name, with their row of attendance if any."""
    rows = {row.member_id: row for row in review.attendance.exclude(member=None)}
    return [(member, rows.get(member.pk))
            for member in review.panel.select_related("agency").order_by("role", "full_name")]


def open_requests_for(*, agency_id: int) -> QuerySet[InformationReturn]:
    return (InformationReturn.objects.filter(agency_id=agency_id, status__in=OPEN)
            .exclude(**ENDED_LCSPR).select_related("review__case").order_by("due_on", "pk")[:50])


def returns_awaited() -> QuerySet[InformationReturn]:
    return (InformationReturn.objects.filter(status__in=OPEN).exclude(**ENDED_LCSPR)
            .select_related("review__case", "agency").order_by("due_on", "pk")[:50])


def review_for_case(*, case_id: int) -> RapidReview | None:
    return (RapidReview.objects.select_related("decided_by")
            .prefetch_related(Prefetch("returns", queryset=InformationReturn.objects
                                       .select_related("agency", "submitted_by")
                                       .prefetch_related("known_agencies__agency")))
            .filter(case_id=case_id).first())


def return_with_rows(*, pk: int) -> InformationReturn | None:
    return (InformationReturn.objects.select_related("review__case", "agency", "submitted_by")
            .prefetch_related("children", "family", "known_agencies__agency", "practitioners",
                              "chronology")
            .filter(pk=pk).first())


def review_for_page(*, pk: int) -> RapidReview | None:
    return (RapidReview.objects
            .select_related("case", "decided_by", "pack_circulated_by", "recommended_by",
                            "submitted_by", "partners_decision_by")
            .prefetch_related(
                Prefetch("returns", queryset=InformationReturn.objects.select_related("agency")),
                "attendance__agency", "immediate_actions__owner_agency",
                "sign_offs__signed_by__agency", "panel__agency", "parallel_processes")
            .filter(pk=pk).first())


def review_decisions(review: RapidReview) -> QuerySet[Decision]:
    """The review's own decision log rows, with who made them."""
    return Decision.objects.filter(
        content_type=ContentType.objects.get_for_model(RapidReview), object_id=review.pk,
    ).select_related("actor")


def merged_chronology(*, review: RapidReview) -> QuerySet[ChronologyEntry]:
    """Every submitted return's key events in one list, in date and time order (events with
    no time first on their day), each with its agency."""
    return (ChronologyEntry.objects
            .filter(information_return__review=review, information_return__lcspr=None,
                    information_return__status=InformationReturn.Status.SUBMITTED)
            .select_related("information_return__agency")
            .order_by("happened_on", F("happened_at").asc(nulls_first=True),
                      "information_return__agency__name", "pk"))


def sign_off_rows(review: RapidReview) -> list[tuple[str, SignOff | None]]:
    """Each statutory partner, with its sign-off (or decline) of the current version of the
    partners' decision if it has given one; voided ones are kept but not shown here."""
    from .workflow import STATUTORY_PARTNERS

    signed = {signature.partner: signature for signature in review.sign_offs.all()
              if signature.voided_on is None
              and signature.decision_version == review.decision_version}
    return [(label, signed.get(kind)) for kind, label in STATUTORY_PARTNERS.items()]


def submitted_returns(*, review: RapidReview) -> QuerySet[InformationReturn]:
    return (review.returns.filter(status=InformationReturn.Status.SUBMITTED, lcspr=None)
            .select_related("agency").prefetch_related("children", "family", "known_agencies",
                                                       "practitioners", "chronology"))


def kept_panel_packs(*, review: RapidReview) -> QuerySet[Document]:
    """The panel packs as they were circulated, newest first: what the panel read."""
    return (review.case.documents.filter(kind=Document.Kind.PANEL_PACK)
            .select_related("uploaded_by"))


def kept_panel_pack(*, review: RapidReview, pk: int) -> Document | None:
    return kept_panel_packs(review=review).filter(pk=pk).first()


def parallel_processes_at_referral(review: RapidReview) -> list[str]:
    """What the referral said of other reviews and investigations (004 section 11.1), for the
    business unit recording the parallel processes: the other reviews it named, and whether
    a coroner or a criminal investigation is involved, with their details."""
    from forms.models import Referral

    referral = getattr(review.case, "referral", None)
    if referral is None:
        return []
    lines = []
    labels = dict(Referral.OtherReview.choices)
    named = [str(labels.get(value, value)) for value in referral.other_reviews
             if value != Referral.OtherReview.NONE_KNOWN]
    if named:
        lines.append(f"Other reviews: {', '.join(named)}"
                     + (f". {referral.other_reviews_details}"
                        if referral.other_reviews_details else ""))
    for answer, details, what in (
            (referral.get_criminal_investigation_display(),
             referral.criminal_investigation_details, "A criminal investigation"),
            (referral.get_coroner_involved_display(), referral.coroner_details,
             "A coroner involved")):
        if answer:
            lines.append(f"{what}: {answer}" + (f". {details}" if details else ""))
    return lines
