"""The reads the LCSPR pages use, each a fixed number of queries."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet

from deadlines.models import Deadline
from deadlines.registry import label
from safeguarding.models import Decision, Role, User

from .models import (
    DisclosureRequest,
    GovernanceMeeting,
    GovernanceMember,
    Lcspr,
    LcsprNotice,
    Milestone,
    ProgressReport,
    ProgressRequest,
    ReviewerCommission,
)
from .reports.selectors import REPORT_PREFETCH


def lcspr_for_page(*, pk: int) -> Lcspr | None:
    """An LCSPR with everything its page shows and its guards read."""
    return (Lcspr.objects.select_related("case__rapid_review", "terms")
            .prefetch_related(
                Prefetch("commissions", queryset=ReviewerCommission.objects.select_related(
                    "reviewer__agency", "assessed_by")),
                "governance_members", "milestones",  # the terms of reference's guards
                Prefetch("notices", queryset=LcsprNotice.objects.select_related(
                    "recorded_by", "commission__reviewer")),
                "disclosure_requests", *REPORT_PREFETCH)
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


def governed_by(*, user: User) -> QuerySet[Lcspr]:
    """The LCSPRs still running whose governance group this person sits on."""
    ended = (Lcspr.Status.CLOSED, Lcspr.Status.WITHDRAWN, Lcspr.Status.MERGED)
    return (Lcspr.objects.filter(governance_members__user=user).exclude(status__in=ended)
            .select_related("case").order_by("decided_on", "pk").distinct()[:50])


def undecided_requests(lcspr: Lcspr) -> QuerySet[DisclosureRequest]:
    """The review's requests for documents still waiting for a decision (004 section 13.4)."""
    return lcspr.disclosure_requests.filter(outcome="").order_by("received_on", "pk")


def decided_requests(lcspr: Lcspr) -> QuerySet[DisclosureRequest]:
    """The review's requests for documents with a decision recorded, which may change."""
    return lcspr.disclosure_requests.exclude(outcome="").order_by("received_on", "pk")


def copy_due_on(lcspr: Lcspr):
    """When the copy to the National Panel, the Secretary of State and Ofsted is due: 7
    working days before the planned publication date (004 section 14.7), if it runs."""
    return (Deadline.objects.filter(record_type=label(Lcspr), record_id=lcspr.pk,
                                    clock__code="final_report_to_panel")
            .values_list("due_on", flat=True).first())


# Terms of reference and governance (issue 13 item 4) and parallel processes (item 6).

def _members() -> QuerySet[GovernanceMember]:
    return GovernanceMember.objects.select_related("user__agency", "agency")


def lcspr_for_terms(*, pk: int) -> Lcspr | None:
    """An LCSPR with its terms of reference, governance group and meetings, timetable,
    requests to the reviewer and progress reports, and parallel processes: a fixed number
    of queries, however many of each."""
    return (Lcspr.objects.select_related("case", "terms")
            .prefetch_related(
                Prefetch("commissions", queryset=ReviewerCommission.objects.select_related(
                    "reviewer__agency")),
                Prefetch("governance_members", queryset=_members()),
                Prefetch("governance_meetings", queryset=GovernanceMeeting.objects
                         .select_related("recorded_by")
                         .prefetch_related(Prefetch("attended", queryset=_members()))),
                "milestones",
                Prefetch("progress_requests",
                         queryset=ProgressRequest.objects.select_related("recorded_by")),
                Prefetch("progress_reports", queryset=ProgressReport.objects.select_related(
                    "reported_by", "in_reply_to")),
                "parallel_processes")
            .filter(pk=pk).first())


def milestone_deadlines(lcspr: Lcspr) -> dict[int, Deadline]:
    """Each milestone's clock, by milestone."""
    ids = [milestone.pk for milestone in lcspr.milestones.all()]
    return {deadline.record_id: deadline for deadline in Deadline.objects.filter(
        record_type=label(Milestone), record_id__in=ids).select_related("clock")}


def governance_members(lcspr: Lcspr) -> QuerySet[GovernanceMember]:
    return _members().filter(lcspr=lcspr)


def progress_requests(lcspr: Lcspr) -> QuerySet[ProgressRequest]:
    return ProgressRequest.objects.filter(lcspr=lcspr)
