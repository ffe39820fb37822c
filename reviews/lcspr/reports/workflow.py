"""What the report adds to the LCSPR's workflow (issue 13 items 8 and 10), declared beside
its lifecycle (reviews/lcspr/workflow.py):

- uploading a version of the report is the lifecycle's "record_draft_report" step (made by
  the reviewer commissioned on the review, or the business unit), and adds the document to
  the case through the case's own transition declared here;
- the governance group and the Learning and Development group comment on a version (004
  section 14.5);
- the three safeguarding partners and the independent scrutineer sign off the final report,
  each bound to the version they read (004 section 16.1), or decline it with the reason;
  the business unit's "sign off the final report" step requires all four on the current
  version, and no decline standing;
- the recommendations are recorded as structured items for the action plan, changed with
  the reason until the report is sent;
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
NOT_SENT = {S.DRAFT_REPORT, S.SIGNED_OFF}  # a report, not sent yet
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
    """The sign-offs and declines not voided, by who they are for."""
    return {sign_off.signer: sign_off for sign_off in lcspr.report_sign_offs.all()
            if sign_off.standing}


def still_to_sign(lcspr: Lcspr) -> list[str]:
    """Who has not signed off the current version (declined, or not answered yet)."""
    standing = standing_sign_offs(lcspr)
    return [signer for signer in SIGNERS
            if signer not in standing or standing[signer].declined]


def declines(lcspr: Lcspr) -> list[ReportSignOff]:
    """The declines standing: each holds the final sign-off until a new version is uploaded
    or its signer signs off after all."""
    return [sign_off for sign_off in standing_sign_offs(lcspr).values() if sign_off.declined]


def open_hits(version: ReportVersion | None) -> list:
    return [hit for hit in version.redaction_hits.all() if not hit.cleared] if version else []


# Guards: each returns why the change cannot be made yet, or "".

def _a_version(lcspr: Lcspr, user) -> str:
    return "" if current_version(lcspr) else "No version of the report has been uploaded"


def _their_answer(lcspr: Lcspr, user) -> ReportSignOff | None:
    signer = signer_of(user)
    return standing_sign_offs(lcspr).get(signer) if signer else None


def _not_signed_by_them(lcspr: Lcspr, user) -> str:
    """They sign off a version once; having declined it, they may sign it off after all."""
    if current_version(lcspr) is None:
        return "No version of the report has been uploaded"
    answer = _their_answer(lcspr, user)
    return "You have signed off the current version" if answer and answer.signed else ""


def _not_answered_by_them(lcspr: Lcspr, user) -> str:
    if current_version(lcspr) is None:
        return "No version of the report has been uploaded"
    answer = _their_answer(lcspr, user)
    if answer is None:
        return ""
    return ("You have declined to sign off the current version" if answer.declined
            else "You have signed off the current version")


def _labels(signers) -> str:
    return ", ".join(str(Signer(signer).label) for signer in signers)


def _all_signed(lcspr: Lcspr, user) -> str:
    version = current_version(lcspr)
    if version is None:
        return "No version of the report has been uploaded"
    if declined := declines(lcspr):
        return (f"Declined by: {_labels(s.signer for s in declined)}. Upload a new version "
                f"of the report, or they sign off version {version.number} after all")
    missing = still_to_sign(lcspr)
    return f"Waiting for the sign-off of: {_labels(missing)}" if missing else ""


def _a_recommendation(lcspr: Lcspr, user) -> str:
    return "" if lcspr.report_recommendations.all() else "No recommendation is recorded yet"


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
               who="the business unit, the safeguarding partners, the scrutineer or the "
                   "review's governance group",
               page=_report_page("report-comment"), guards=[_a_version]),
    transition("sign_off_report", "Sign off the final report",
               done="Final report signed off", sources={S.DRAFT_REPORT},
               permission="reviews.sign_off_lcspr_report",
               who="the three safeguarding partners and the independent scrutineer",
               page=_report_page("report-sign-off"), guards=[_not_signed_by_them]),
    # A partner or the scrutineer declines, with the reason: the final sign-off waits until
    # a new version voids the decline, or they sign off after all.
    transition("decline_report_sign_off", "Decline to sign off the final report",
               done="Declined to sign off the final report", sources={S.DRAFT_REPORT},
               permission="reviews.sign_off_lcspr_report",
               who="the three safeguarding partners and the independent scrutineer",
               page=_report_page("report-decline"), guards=[_not_answered_by_them]),
    _run("record_recommendation", "Record a recommendation of the report",
         done="Recommendation of the report recorded", sources=WITH_A_REPORT - {S.CLOSED},
         slug="recommendation", guards=[_a_version]),
    # Until the report is sent, a recommendation recorded is changed with the reason (the
    # decision log says what changed and why; its history keeps what it was).
    _run("change_recommendation", "Change a recommendation of the report",
         done="Recommendation of the report changed", sources=NOT_SENT,
         slug="change-recommendation", guards=[_a_recommendation]),
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

