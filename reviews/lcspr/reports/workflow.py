"""What the report adds to the LCSPR's workflow (issue 13 items 8 and 10), declared beside
its lifecycle (reviews/lcspr/workflow.py):

- uploading a version of the report is the lifecycle's "record_draft_report" step (made by
  the reviewer commissioned on the review, or the business unit), and adds the document to
  the case through the case's own transition declared here;
- the governance group and the Learning and Development group comment on a version (004
  section 14.5);
- the three safeguarding partners and the independent scrutineer sign off the final report,
  each bound to the version they read (004 section 16.1); the business unit's "sign off the
  final report" step requires all four on the current version;
- the recommendations are recorded as structured items for the action plan;
- the redaction check: every hit in the current version cleared (fixed in a new version, or
  kept with a reason) before the report is sent or published."""

from django.urls import reverse

from cases.models import Case
from cases.workflow import CASE
from safeguarding.models import User
from safeguarding.workflow import transition

from ..models import Lcspr
from ..workflow import LCSPR, _run, requires
from .models import ReportSignOff, ReportVersion

S = Lcspr.Status
C = Case.Status
Signer = ReportSignOff.Signer
WITH_A_REPORT = {S.DRAFT_REPORT, S.SIGNED_OFF, S.SENT, S.PUBLISHED, S.NOT_PUBLISHED,
                 S.CLOSED}
SIGNERS = (Signer.LOCAL_AUTHORITY, Signer.POLICE, Signer.INTEGRATED_CARE_BOARD,
           Signer.SCRUTINEER)


def current_version(lcspr: Lcspr) -> ReportVersion | None:
    """The newest version of the report (from the prefetched versions when there are)."""
    versions = list(lcspr.report_versions.all())
    return max(versions, key=lambda version: version.number) if versions else None


def signer_of(user: User | None) -> str:
    """Who the person signs for: their partner agency, or the independent scrutineer."""
    if user is None:
        return ""
    if user.role == "scrutineer":
        return Signer.SCRUTINEER
    kind = user.agency.kind if user.agency_id else ""
    return kind if kind in Signer.values else ""


def standing_sign_offs(lcspr: Lcspr) -> dict[str, ReportSignOff]:
    """The sign-offs not voided, by who they are for."""
    return {sign_off.signer: sign_off for sign_off in lcspr.report_sign_offs.all()
            if sign_off.voided_on is None}


def still_to_sign(lcspr: Lcspr) -> list[str]:
    signed = standing_sign_offs(lcspr)
    return [signer for signer in SIGNERS if signer not in signed]


def open_hits(version: ReportVersion | None) -> list:
    return [hit for hit in version.redaction_hits.all() if not hit.cleared] if version else []


# Guards: each returns why the change cannot be made yet, or "".

def _a_version(lcspr: Lcspr, user) -> str:
    return "" if current_version(lcspr) else "No version of the report has been uploaded"


def _not_signed_by_them(lcspr: Lcspr, user) -> str:
    if current_version(lcspr) is None:
        return "No version of the report has been uploaded"
    signer = signer_of(user)
    if signer and signer in standing_sign_offs(lcspr):
        return "You have signed off the current version"
    return ""


def _all_signed(lcspr: Lcspr, user) -> str:
    missing = still_to_sign(lcspr)
    if current_version(lcspr) is None:
        return "No version of the report has been uploaded"
    return (f"Waiting for the sign-off of: {', '.join(str(Signer(s).label) for s in missing)}"
            if missing else "")


def _hits_to_clear(lcspr: Lcspr, user) -> str:
    return "" if open_hits(current_version(lcspr)) else (
        "Nothing found by the redaction check is waiting to be cleared")


def _redaction_cleared(lcspr: Lcspr, user) -> str:
    """Before the report leaves the service (sent or published): the current version read
    and every hit in it cleared."""
    version = current_version(lcspr)
    if version is None:
        return "No version of the report has been uploaded"
    if count := len(open_hits(version)):
        return (f"The redaction check found {count} thing{'s' if count > 1 else ''} in "
                f"version {version.number} to clear first")
    return ""


def _report_page(slug: str):
    return lambda lcspr: reverse("lcspr:step", args=[lcspr.pk, slug])


LCSPR.add(
    transition("comment_on_report", "Record a comment on the report",
               done="Comment on the report recorded", sources=WITH_A_REPORT - {S.CLOSED},
               permission="reviews.comment_on_lcspr_report",
               who="the business unit, the safeguarding partners or the scrutineer",
               page=_report_page("report-comment"), guards=[_a_version]),
    transition("sign_off_report", "Sign off the final report",
               done="Final report signed off", sources={S.DRAFT_REPORT},
               permission="reviews.sign_off_lcspr_report",
               who="the three safeguarding partners and the independent scrutineer",
               page=_report_page("report-sign-off"), guards=[_not_signed_by_them]),
    _run("record_recommendation", "Record a recommendation of the report",
         done="Recommendation of the report recorded", sources=WITH_A_REPORT - {S.CLOSED},
         slug="recommendation", guards=[_a_version]),
    _run("keep_redaction_hit", "Clear what the redaction check found",
         done="Something the redaction check found kept, with the reason",
         sources={S.DRAFT_REPORT, S.SIGNED_OFF, S.SENT}, slug="redaction",
         guards=[_hits_to_clear]),
)

requires("sign_off_final_report", _all_signed)
requires("record_report_sent", _redaction_cleared)
requires("record_publication", _redaction_cleared)

# The version's document is kept with the case, added by the reviewer of its LCSPR too.
CASE.add(transition("add_lcspr_report", "Add a version of the LCSPR report",
                    done="Version of the LCSPR report added",
                    sources={C.LCSPR_TO_COMMISSION, C.LCSPR},
                    permission="reviews.upload_lcspr_report",
                    who="the reviewer commissioned on the review or the business unit",
                    automatic=False))

