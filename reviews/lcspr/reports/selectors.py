"""The reads of the report's pages, each a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from ..models import Lcspr
from .models import (
    RedactionHit,
    ReportComment,
    ReportRecommendation,
    ReportSignOff,
    ReportVersion,
)
from .workflow import SIGNERS


@dataclass
class VersionRow:
    version: ReportVersion
    comments: list[ReportComment]
    hits: list[RedactionHit]
    # Found in the version before and not in this one: fixed in this version.
    fixed: int = 0

    @property
    def open_hits(self) -> list[RedactionHit]:
        return [hit for hit in self.hits if not hit.cleared]

    @property
    def kept_hits(self) -> list[RedactionHit]:
        return [hit for hit in self.hits if hit.cleared]


@dataclass
class Report:
    versions: list[VersionRow]
    sign_offs: list[ReportSignOff]
    recommendations: list[ReportRecommendation]
    signers: list[tuple[str, ReportSignOff | None]] = field(default_factory=list)

    @property
    def current(self) -> VersionRow | None:
        return self.versions[-1] if self.versions else None


# What an LCSPR's page prefetches of its report (its guards read them too).
REPORT_PREFETCH = (
    Prefetch("report_versions", queryset=ReportVersion.objects.select_related(
        "document", "uploaded_by").prefetch_related(
        Prefetch("comments", queryset=ReportComment.objects.select_related("commented_by")),
        Prefetch("redaction_hits", queryset=RedactionHit.objects.select_related("kept_by")))),
    Prefetch("report_sign_offs", queryset=ReportSignOff.objects.select_related(
        "signed_by__agency", "version")),
    Prefetch("report_recommendations", queryset=ReportRecommendation.objects.prefetch_related(
        "agencies")),
)


def report_of(lcspr: Lcspr) -> Report:
    """The report's versions (newest last) with their comments and what the redaction check
    found, the sign-offs (voided ones too), and the recommendations: from what the page
    prefetched (REPORT_PREFETCH), or read now."""
    if "report_versions" not in getattr(lcspr, "_prefetched_objects_cache", {}):
        lcspr = Lcspr.objects.prefetch_related(*REPORT_PREFETCH).get(pk=lcspr.pk)
    versions = sorted(lcspr.report_versions.all(), key=lambda version: version.number)
    rows: list[VersionRow] = []
    for version in versions:
        hits = list(version.redaction_hits.all())
        row = VersionRow(version, list(version.comments.all()), hits)
        if rows:
            now = {(hit.kind, hit.found.lower()) for hit in hits}
            row.fixed = sum(1 for hit in rows[-1].hits
                            if (hit.kind, hit.found.lower()) not in now)
        rows.append(row)
    sign_offs = sorted(lcspr.report_sign_offs.all(), key=lambda sign_off: sign_off.pk)
    standing = {s.signer: s for s in sign_offs if s.voided_on is None}
    recommendations = sorted(lcspr.report_recommendations.all(),
                             key=lambda recommendation: recommendation.number)
    return Report(rows, sign_offs, recommendations,
                  [(str(ReportSignOff.Signer(signer).label), standing.get(signer))
                   for signer in SIGNERS])
