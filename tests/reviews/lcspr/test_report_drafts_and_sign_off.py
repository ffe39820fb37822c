"""Drafts and sign-off of the LCSPR's report (issue 13 item 8; 004 sections 14.5 and 16.1;
002 section 9; 003): the reviewer (and the business unit) upload versions of the report,
PDF or Word, kept with the case; the governance group and the Learning and Development group
comment, each comment kept with its version; the three safeguarding partners and the
independent scrutineer sign off the final report, each bound to the version they read, and
a new version voids their sign-offs (kept, voided); the recommendations are recorded as
structured items for the action plan."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from cases.models import Document
from reviews.lcspr import services
from reviews.lcspr.reports import services as reports
from reviews.lcspr.reports.models import ReportComment, ReportSignOff
from reviews.models import Lcspr
from safeguarding import workflow
from tests.factories import UserFactory
from tests.reviews.lcspr.test_lcspr_pages import date_fields

from . import journey

pytestmark = pytest.mark.django_db
D = datetime.date
S = Lcspr.Status


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_reviewer_uploads_a_draft_on_their_review(p, in_progress, reviewer):
    """004 section 16.1, 002 section 9: the reviewer commissioned on the review uploads its
    draft (PDF or Word) on its page; it is kept with the case as version 1 and the review
    has its draft report."""
    url = reverse("lcspr:step", args=[in_progress.pk, "draft"])
    client = client_for(reviewer)
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": journey.docx_report(journey.CLEAN_REPORT),
                                 **date_fields("received_on", D(2026, 11, 16)),
                                 "note": "First draft for the governance group"})
    assert response.status_code == 302
    lcspr = journey.refreshed(in_progress)
    version = lcspr.report_versions.get()
    assert (lcspr.status, lcspr.draft_received_on, version.number) == (
        S.DRAFT_REPORT, D(2026, 11, 16), 1)
    assert (version.document.case_id, version.document.kind, version.uploaded_by) == (
        lcspr.case_id, Document.Kind.REVIEW_DRAFT, reviewer)
    assert version.document.content_type.endswith("wordprocessingml.document")
    # The reviewer reads the version they uploaded.
    assert client.get(version.document.get_absolute_url()).status_code == 200


def test_only_pdf_or_word_and_the_error_says_so(p, in_progress, reviewer):
    """A version is a PDF or a Word file, checked by its content (cases.uploads)."""
    url = reverse("lcspr:step", args=[in_progress.pk, "draft"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(reviewer).post(url, {
        "file": SimpleUploadedFile("report.pdf", b"not a report"),
        **date_fields("received_on", D(2026, 11, 16))})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not journey.refreshed(in_progress).report_versions.exists()


def test_another_reviewer_or_a_partner_uploads_nothing(p, in_progress):
    """Who sees what (item 12): the reviewer uploads drafts on their own review only; a
    second reviewer, commissioned on another review, and a partner are refused."""
    second = journey.reviewer("Dr Chidi Obi")
    journey.commissioned(p, journey.concluded(p), second, D(2026, 11, 2))
    url = reverse("lcspr:step", args=[in_progress.pk, "draft"])
    assert client_for(second).get(url).status_code in (403, 404)
    assert client_for(p.partner).get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        journey.draft(p, in_progress, D(2026, 11, 16), by=second)


def test_comments_are_kept_with_their_version(p, in_progress, reviewer):
    """004 section 14.5: the governance group and the Learning and Development group
    comment on a draft; each comment (who, when, what) stays with the version it was made
    on."""
    journey.draft(p, in_progress, D(2026, 11, 16), by=reviewer)
    lcspr = journey.refreshed(in_progress)
    url = reverse("lcspr:step", args=[lcspr.pk, "report-comment"])
    response = client_for(p.partner).post(url, {
        "group": "governance", "text": "The chronology needs the school's contact in May",
        **date_fields("commented_on", D(2026, 11, 17))})
    assert response.status_code == 302
    reports.comment_on_report(lcspr=lcspr, actor=p.business_unit, group="learning",
                              text="Add the learning for health visiting",
                              commented_on=D(2026, 11, 18))
    with pytest.raises(ValidationError, match="cannot be before version 1 was received"):
        reports.comment_on_report(lcspr=lcspr, actor=p.partner, group="governance",
                                  text="Too early", commented_on=D(2026, 11, 15))
    journey.draft(p, lcspr, D(2026, 11, 20), by=reviewer)
    first, second = journey.refreshed(lcspr).report_versions.all()
    assert [(c.group, c.commented_by, c.commented_on) for c in first.comments.all()] == [
        (ReportComment.Group.GOVERNANCE, p.partner, D(2026, 11, 17)),
        (ReportComment.Group.LEARNING, p.business_unit, D(2026, 11, 18))]
    assert not second.comments.exists()
    with pytest.raises(PermissionDenied):
        reports.comment_on_report(lcspr=lcspr, actor=reviewer, group="governance",
                                  text="Mine", commented_on=D(2026, 11, 20))


def test_the_final_report_is_signed_off_by_the_three_partners_and_the_scrutineer(
        p, in_progress):
    """004 section 16.1: the final report is signed off by the three safeguarding partners
    and the independent scrutineer, each bound to the version they read; the business unit
    records it once all four have signed the current version."""
    bu = p.business_unit
    version = journey.draft(p, in_progress, D(2026, 11, 16))
    lcspr = journey.refreshed(in_progress)
    url = reverse("lcspr:step", args=[lcspr.pk, "report-sign-off"])
    page = client_for(p.police_partner).get(url).content.decode()
    assert "You sign off version 1 of the report" in page
    response = client_for(p.police_partner).post(url, {
        "version_number": 1, **date_fields("signed_on", D(2026, 11, 18))})
    assert response.status_code == 302
    assert workflow.why_not(journey.refreshed(lcspr), "sign_off_final_report", bu) == (
        "Waiting for the sign-off of: The local authority, The integrated care board, "
        "The independent scrutineer")
    for person in (p.partner, p.icb_partner, p.scrutineer):
        reports.sign_off_report(lcspr=journey.refreshed(lcspr), actor=person,
                                version_number=version.number, signed_on=D(2026, 11, 18))
    lcspr = journey.refreshed(lcspr)
    assert {s.signer: s.version for s in lcspr.report_sign_offs.all()} == {
        signer: version for signer in ReportSignOff.Signer.values}
    with pytest.raises(Exception, match="signed off the current version"):
        reports.sign_off_report(lcspr=lcspr, actor=p.partner, version_number=1,
                                signed_on=D(2026, 11, 18))
    services.record_final_sign_off(lcspr=lcspr, actor=bu, signed_off_on=D(2026, 11, 18))
    assert journey.refreshed(lcspr).status == S.SIGNED_OFF
    # Not a panel member, a contributor or the reviewer.
    for person in (UserFactory(role="panel_member"), p.teacher):
        with pytest.raises(PermissionDenied):
            reports.sign_off_report(lcspr=lcspr, actor=person, version_number=1,
                                    signed_on=D(2026, 11, 18))


def test_a_new_version_voids_the_sign_offs(p, in_progress, reviewer):
    """004 section 16.1: a sign-off is of the version read. A new version (even after the
    sign-off was recorded) voids the sign-offs standing, which are kept, voided; the review
    goes back to its draft and the four sign again. A sign-off of a version replaced
    meanwhile is refused."""
    bu = p.business_unit
    lcspr = journey.report_signed_off(p, in_progress, received_on=D(2026, 11, 16),
                                      signed_off_on=D(2026, 11, 18))
    assert lcspr.status == S.SIGNED_OFF
    journey.draft(p, lcspr, D(2026, 11, 19), by=reviewer)
    lcspr = journey.refreshed(lcspr)
    assert (lcspr.status, lcspr.final_signed_off_on) == (S.DRAFT_REPORT, None)
    sign_offs = list(lcspr.report_sign_offs.all())
    assert len(sign_offs) == 4
    assert {(s.voided_on is not None, s.voided_reason) for s in sign_offs} == {
        (True, "Version 2 of the report was uploaded")}
    assert not workflow.can(lcspr, "sign_off_final_report", bu)
    with pytest.raises(ValidationError, match="read version 2 and sign it off"):
        reports.sign_off_report(lcspr=lcspr, actor=p.partner, version_number=1,
                                signed_on=D(2026, 11, 19))
    journey.signed_by_all(p, lcspr, D(2026, 11, 20))
    services.record_final_sign_off(lcspr=journey.refreshed(lcspr), actor=bu,
                                   signed_off_on=D(2026, 11, 20))
    page = client_for(bu).get(lcspr.get_absolute_url()).content.decode()
    assert "Voided: version 1 signed off for the police" in page


def test_recommendations_are_structured_items(p, in_progress):
    """004 section 16.1 (the partners act on the recommendations), for the action plan:
    each recommendation says what, for which agencies, by when, numbered in order."""
    journey.draft(p, in_progress, D(2026, 11, 16))
    lcspr = journey.refreshed(in_progress)
    police, icb = p.police_partner.agency, p.icb_partner.agency
    url = reverse("lcspr:step", args=[lcspr.pk, "recommendation"])
    response = client_for(p.business_unit).post(url, {
        "what": "Share chronologies within five working days of a request",
        "agencies": [police.pk, icb.pk], **date_fields("due_on", D(2027, 3, 31))})
    assert response.status_code == 302
    reports.record_recommendation(lcspr=lcspr, actor=p.business_unit,
                                  what="Train health visitors in safe sleep",
                                  agencies=[icb], due_on=D(2027, 6, 30))
    with pytest.raises(ValidationError, match="Choose the agencies"):
        reports.record_recommendation(lcspr=lcspr, actor=p.business_unit, what="Nobody's",
                                      agencies=[], due_on=D(2027, 6, 30))
    rows = [(r.number, set(r.agencies.all()), r.due_on, r.version.number)
            for r in lcspr.report_recommendations.order_by("number")]
    assert rows == [(1, {police, icb}, D(2027, 3, 31), 1), (2, {icb}, D(2027, 6, 30), 1)]
    page = client_for(p.partner).get(lcspr.get_absolute_url()).content.decode()
    assert "Share chronologies within five working days" in page
