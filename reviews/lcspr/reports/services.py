"""Every change to the LCSPR's report, each through the workflow, each taking plain data:
versions uploaded (and read by the redaction check), comments, sign-offs bound to a version,
recommendations, and what the redaction check found kept with a reason. Nothing here names
the family in a log: the decision log says what kind of thing was kept, not what."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from cases.models import Document
from cases.services import add_document
from reviews.rapid_review.services import void_sign_offs
from safeguarding import workflow
from safeguarding.dates import long_date, not_before, not_in_future, today
from safeguarding.history import changed_by
from safeguarding.models import Agency, User

from ..dates import lcspr_timeline
from ..models import Lcspr
from .models import (
    RedactionHit,
    ReportComment,
    ReportRecommendation,
    ReportSignOff,
    ReportVersion,
)
from .redaction import find, terms_for
from .text import report_text
from .workflow import current_version, open_hits, signer_of, standing_sign_offs

Signer = ReportSignOff.Signer




def _void_sign_offs(lcspr: Lcspr, actor: User, why: str) -> int:
    """Void the sign-offs and declines that stand (kept, with why: nothing is deleted)."""
    return void_sign_offs(lcspr.report_sign_offs.filter(voided_on__isnull=True),
                          actor=actor, why=why)


def check_version(version: ReportVersion) -> list[RedactionHit]:
    """Read the version's text and keep each place it names what the service knows of the
    family and the practitioners. A file with no text to read is one thing to clear: a
    person must look at it."""
    with version.document.file.open("rb") as file:
        text = report_text(file, version.document.content_type)
    found = find(text, terms_for(version.lcspr.case)) if text.strip() else []
    hits = [RedactionHit(version=version, kind=hit.kind, found=hit.found, before=hit.before,
                         after=hit.after, position=hit.position) for hit in found]
    if not text.strip():
        hits = [RedactionHit(version=version, kind=RedactionHit.Kind.UNREADABLE)]
    RedactionHit.objects.bulk_create(hits)
    version.text_read, version.checked_at = bool(text.strip()), timezone.now()
    version.save(update_fields=["text_read", "checked_at"])
    return hits


@workflow.atomic()
def upload_report_version(*, lcspr: Lcspr, actor: User, upload: UploadedFile,
                          received_on: date, note: str = "") -> ReportVersion:
    """A version of the report (PDF or Word), from the reviewer commissioned on the review or
    the business unit (004 section 16.1): kept with the case, numbered, read by the
    redaction check. Any sign-off of an earlier version is voided: the partners and the
    scrutineer sign the new one."""
    workflow.check(workflow.fresh(lcspr), "record_draft_report", actor)
    workflow.lock(lcspr)
    what = "The date the version was received"
    not_in_future(received_on, what)
    # A new version after the sign-off undoes it: the final report is signed off again.
    lcspr_timeline(lcspr, {"draft_received_on": received_on, "final_signed_off_on": None}
                   ).check("draft_received_on")
    number = (max((v.number for v in lcspr.report_versions.all()), default=0)) + 1
    voided = _void_sign_offs(lcspr, actor, f"Version {number} of the report was uploaded")
    words = f"Version {number} of the report received on {long_date(received_on)}"
    if voided:
        words += f". {voided} sign-off(s) of the earlier version voided"
    workflow.perform(workflow.fresh(lcspr), "record_draft_report", actor=actor, reason=words,
                     draft_received_on=received_on, final_signed_off_on=None)
    document = add_document(case=lcspr.case, actor=actor, kind=Document.Kind.REVIEW_DRAFT,
                            title=f"LCSPR report, version {number}", upload=upload,
                            transition="add_lcspr_report")
    version = ReportVersion(lcspr=lcspr, number=number, document=document,
                            received_on=received_on, uploaded_by=actor, note=note.strip())
    changed_by(version, actor).save()
    check_version(version)
    workflow.fresh(lcspr)
    return version


@workflow.atomic()
def comment_on_report(*, lcspr: Lcspr, actor: User, group: str, text: str,
                      commented_on: date) -> ReportComment:
    """A comment of the governance group or the Learning and Development group on the
    current version (004 section 14.5), kept with that version."""
    workflow.check(workflow.fresh(lcspr), "comment_on_report", actor)
    version = current_version(lcspr)
    assert version is not None  # the guard says so
    chosen = ReportComment.Group(group)
    if chosen != ReportComment.Group.GOVERNANCE and not actor.has_perm(
            "reviews.comment_for_any_group", lcspr):
        raise ValidationError("You comment as a member of the review's governance group: "
                              "choose the governance group")
    words = workflow.required(text, "Enter the comment")
    not_in_future(commented_on, "The date of the comment")
    not_before(commented_on, version.received_on, "The date of the comment",
               f"version {version.number} was received")
    workflow.perform(lcspr, "comment_on_report", actor=actor,
                     reason=f"{chosen.label} commented on version {version.number}")
    comment = ReportComment(version=version, group=chosen, commented_by=actor,
                            commented_on=commented_on, text=words)
    changed_by(comment, actor).save()
    return comment


def _version_read(lcspr: Lcspr, version_number: int | None, doing: str) -> ReportVersion:
    """The current version, which the person read: a version replaced since is refused."""
    version = current_version(workflow.fresh(lcspr))
    assert version is not None  # the guards say so
    if version_number != version.number:
        raise ValidationError(f"A new version of the report was uploaded since: read version "
                              f"{version.number} and {doing}")
    return version


def _for(signer: Signer) -> str:
    return f"{signer.label[0].lower()}{signer.label[1:]}"


@workflow.atomic()
def sign_off_report(*, lcspr: Lcspr, actor: User, version_number: int | None,
                    signed_on: date) -> ReportSignOff:
    """A safeguarding partner's representative, for their agency, or the independent
    scrutineer signs off the final report (004 section 16.1): the version they read. A
    version replaced since is refused. Their decline of this version, if they declined it,
    is voided: they signed it off after all."""
    workflow.check(workflow.fresh(lcspr), "sign_off_report", actor)
    workflow.lock(lcspr)
    version = _version_read(lcspr, version_number, "sign it off")
    signer = Signer(signer_of(actor))
    not_in_future(signed_on, "The date of the sign-off")
    not_before(signed_on, version.received_on, "The date of the sign-off",
               f"version {version.number} was received")
    declined = standing_sign_offs(lcspr).get(signer)
    words = f"Signed off for {_for(signer)} on {long_date(signed_on)} (version {version.number})"
    if declined is not None:
        not_before(signed_on, declined.signed_on, "The date of the sign-off",
                   f"version {version.number} was declined")
        words += f", after declining it on {long_date(declined.signed_on)}"
    workflow.perform(lcspr, "sign_off_report", actor=actor, reason=words)
    if declined is not None:
        void_sign_offs([declined], actor=actor,
                       why=f"Signed off after all on {long_date(signed_on)}")
    sign_off = ReportSignOff(lcspr=lcspr, version=version, signer=signer, signed_by=actor,
                             signed_on=signed_on)
    changed_by(sign_off, actor).save()
    workflow.fresh(lcspr)
    return sign_off


@workflow.atomic()
def decline_report_sign_off(*, lcspr: Lcspr, actor: User, version_number: int | None,
                            reason: str, declined_on: date) -> ReportSignOff:
    """A safeguarding partner's representative, for their agency, or the independent
    scrutineer declines to sign off the version they read, with the reason: the final
    sign-off waits until a new version is uploaded (which voids the decline) or they sign it
    off after all."""
    workflow.check(workflow.fresh(lcspr), "decline_report_sign_off", actor)
    workflow.lock(lcspr)
    version = _version_read(lcspr, version_number, "decide on it")
    why = workflow.required(reason, "Enter why you decline to sign off the final report")
    signer = Signer(signer_of(actor))
    not_in_future(declined_on, "The date you declined")
    not_before(declined_on, version.received_on, "The date you declined",
               f"version {version.number} was received")
    workflow.perform(lcspr, "decline_report_sign_off", actor=actor,
                     reason=f"Declined for {_for(signer)} on {long_date(declined_on)} (version "
                            f"{version.number}): {why}")
    decline = ReportSignOff(lcspr=lcspr, version=version, signer=signer, signed_by=actor,
                            signed_on=declined_on, declined=True, reason=why)
    changed_by(decline, actor).save()
    workflow.fresh(lcspr)
    return decline


def latest_sign_off(lcspr: Lcspr) -> date | None:
    """The day the last of the standing signatures was given (declines are not)."""
    signed = standing_sign_offs(lcspr)
    return max((sign_off.signed_on for sign_off in signed.values() if sign_off.signed),
               default=None)


@workflow.atomic()
def record_recommendation(*, lcspr: Lcspr, actor: User, what: str,
                          agencies: Iterable[Agency], due_on: date) -> ReportRecommendation:
    """One of the report's recommendations: what, which agencies, by when; numbered in
    order, bound to the current version, for the action plan to turn into actions."""
    workflow.check(workflow.fresh(lcspr), "record_recommendation", actor)
    words = workflow.required(what, "Enter the recommendation")
    chosen = list(agencies)
    if not chosen:
        raise ValidationError("Choose the agencies the recommendation is for")
    version = current_version(lcspr)
    number = (lcspr.report_recommendations.order_by("-number").values_list(
        "number", flat=True).first() or 0) + 1
    workflow.perform(lcspr, "record_recommendation", actor=actor,
                     reason=f"Recommendation {number}, for {len(chosen)} agenc"
                            f"{'y' if len(chosen) == 1 else 'ies'}, by {long_date(due_on)}")
    recommendation = ReportRecommendation(lcspr=lcspr, number=number, what=words,
                                          due_on=due_on, version=version, recorded_by=actor)
    changed_by(recommendation, actor).save()
    recommendation.agencies.set(chosen)
    return recommendation


def _agency_names(agencies: Iterable[Agency]) -> str:
    return ", ".join(sorted(agency.name for agency in agencies))


@workflow.atomic()
def change_recommendation(*, lcspr: Lcspr, actor: User, recommendation: ReportRecommendation,
                          what: str, agencies: Iterable[Agency], due_on: date,
                          reason: str) -> ReportRecommendation:
    """A recommendation recorded is changed until the report is sent: what, which agencies,
    by when, with the reason for the change. The decision log says what changed and why;
    the recommendation's history keeps what it was. It is bound to the current version."""
    workflow.check(workflow.fresh(lcspr), "change_recommendation", actor)
    workflow.lock(lcspr)
    row = ReportRecommendation.objects.select_for_update().filter(
        pk=recommendation.pk, lcspr=lcspr).first()
    if row is None:
        raise ValidationError("Choose a recommendation of this review")
    words = workflow.required(what, "Enter the recommendation")
    chosen = list(agencies)
    if not chosen:
        raise ValidationError("Choose the agencies the recommendation is for")
    why = workflow.required(reason, "Enter why the recommendation is changed")
    before = _agency_names(row.agencies.all())
    changes = [change for change, differs in (
        ("its words", words != row.what),
        (f"its agencies, from {before} to {_agency_names(chosen)}",
         before != _agency_names(chosen)),
        (f"its date, from {long_date(row.due_on)} to {long_date(due_on)}",
         due_on != row.due_on)) if differs]
    if not changes:
        raise ValidationError("Nothing was changed: change the recommendation, its agencies "
                              "or its date")
    workflow.perform(lcspr, "change_recommendation", actor=actor,
                     reason=f"Recommendation {row.number} changed ({'; '.join(changes)}): "
                            f"{why}")
    row.what, row.due_on, row.version = words, due_on, current_version(lcspr)
    changed_by(row, actor).save(update_fields=["what", "due_on", "version"])
    row.agencies.set(chosen)
    return row


@workflow.atomic()
def keep_redaction_hit(*, lcspr: Lcspr, actor: User, hit: RedactionHit,
                       reason: str) -> RedactionHit:
    """The business unit keeps something the redaction check found in the current version,
    with the reason (the family agreed the child's first name is used; a public figure).
    Otherwise a new version without it clears it. The log says what kind of thing was kept,
    never what it is."""
    workflow.check(workflow.fresh(lcspr), "keep_redaction_hit", actor)
    workflow.lock(lcspr)
    why = workflow.required(reason, "Enter why it is kept")
    version = current_version(workflow.fresh(lcspr))
    hit = RedactionHit.objects.get(pk=hit.pk)
    if version is None or hit.version_id != version.pk or hit not in open_hits(version):
        raise ValidationError("Choose something the redaction check found in the current "
                              "version that is not cleared yet")
    workflow.perform(lcspr, "keep_redaction_hit", actor=actor,
                     reason=f"{hit.get_kind_display()} in version {version.number} kept")
    hit.kept_reason, hit.kept_by, hit.kept_on = why, actor, today()
    changed_by(hit, actor).save(update_fields=["kept_reason", "kept_by", "kept_on"])
    return hit
