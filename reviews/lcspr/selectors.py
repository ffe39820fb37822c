"""The reads the LCSPR pages use, each a fixed number of queries."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet

from deadlines.models import Deadline
from deadlines.registry import label
from safeguarding.models import Decision, Role, User

from .models import Lcspr, LcsprNotice, ReviewerCommission


def lcspr_for_page(*, pk: int) -> Lcspr | None:
    """An LCSPR with everything its page shows and its guards read."""
    return (Lcspr.objects.select_related("case__rapid_review")
            .prefetch_related(
                Prefetch("commissions", queryset=ReviewerCommission.objects.select_related(
                    "reviewer__agency", "assessed_by")),
                Prefetch("notices", queryset=LcsprNotice.objects.select_related(
                    "recorded_by", "commission__reviewer")))
            .filter(pk=pk).first())


def lcspr_for_step(*, pk: int) -> Lcspr | None:
    return Lcspr.objects.select_related("case").filter(pk=pk).first()


def lcspr_for_case(*, case_id: int) -> Lcspr | None:
    return (Lcspr.objects.prefetch_related(
        Prefetch("commissions", queryset=ReviewerCommission.objects.select_related("reviewer")))
        .filter(case_id=case_id).first())


def lcspr_decisions(lcspr: Lcspr) -> QuerySet[Decision]:
    """The review's own decision log rows, with who made them."""
    return Decision.objects.filter(
        content_type=ContentType.objects.get_for_model(Lcspr), object_id=lcspr.pk,
    ).select_related("actor__agency")


def lcspr_deadlines(lcspr: Lcspr) -> QuerySet[Deadline]:
    """The review's own clocks (the six months to publication, the reviewer told)."""
    return (Deadline.objects.filter(record_type=label(Lcspr), record_id=lcspr.pk)
            .select_related("clock").order_by("due_on", "pk"))


def assessments(lcspr: Lcspr) -> list[ReviewerCommission]:
    """Every reviewer assessed for the review, with their agency, in the order assessed."""
    return list(lcspr.commissions.select_related("reviewer__agency", "assessed_by"))


def assessed_reviewers(lcspr: Lcspr) -> list[ReviewerCommission]:
    """The reviewers assessed for the review who may be commissioned now."""
    return [commission for commission in lcspr.commissions.all()
            if commission.may_be_commissioned]


def reviewers() -> QuerySet[User]:
    """The people with a reviewer's account who may be assessed."""
    return (User.objects.filter(role=Role.REVIEWER, is_active=True)
            .select_related("agency").order_by("full_name"))


def commissioned_on(*, user: User) -> QuerySet[Lcspr]:
    """The LCSPRs this reviewer is commissioned on now."""
    return (Lcspr.objects.filter(commissions__reviewer=user,
                                 commissions__commissioned_on__isnull=False,
                                 commissions__ended_on__isnull=True)
            .select_related("case").order_by("decided_on", "pk").distinct()[:50])
