"""Documents kept with a case: checked by content, stored privately, given out only to those
who may read them, each download recorded."""

import logging
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from cases import services
from cases.models import CaseAccess, Document
from safeguarding.models import Agency, Decision, Role
from safeguarding.permissions import DOCUMENT_KINDS, document_kinds
from tests.factories import PDF, AgencyFactory, UserFactory, docx_bytes, pdf_upload, submitted_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return submitted_case(child__full_name="Amelia Hartley")


@pytest.fixture
def unit():
    return UserFactory(role=Role.BUSINESS_UNIT)


def stored_files() -> list[Path]:
    root = Path(default_storage.location)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def post_upload(client, case, upload, kind="agency_report", title="Police summary"):
    data = {"kind": kind, "title": title}
    if upload is not None:
        data["file"] = upload
    return client.post(reverse("cases:add-document", args=[case.reference]), data)


def test_the_business_unit_adds_a_pdf_which_is_stored_under_a_random_name(client, case, unit):
    client.force_login(unit)
    response = post_upload(client, case, pdf_upload("Amelia Hartley police summary.pdf"))
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.content_type, document.size) == ("application/pdf", len(PDF))
    assert document.original_name == "Amelia Hartley police summary.pdf"
    assert "Amelia" not in document.file.name and document.file.name.startswith("cases/")
    [path] = stored_files()
    assert path.read_bytes() == PDF and oct(path.stat().st_mode & 0o777) == "0o600"
    assert Decision.objects.filter(case_id=case.pk, transition="add_document").exists()
    assert document.history.get().history_user == unit
    page = client.get(reverse("cases:documents", args=[case.reference]))
    assert "Police summary" in page.content.decode()


def test_a_word_document_is_accepted(case, unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = services.add_document(
        case=case, actor=unit, kind="review_draft", title="Draft report v2",
        upload=SimpleUploadedFile("draft.docx", docx_bytes()))
    assert document.content_type.endswith("wordprocessingml.document")


def zip_named_docx():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/evil.exe", "MZ")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("report.pdf", b"<html><script>alert(1)</script></html>",
     "The selected file must be a PDF, Word (.docx), Excel (.xlsx), PNG or JPEG"),
    ("report.pdf", b"MZ\x90\x00\x03" + bytes(100),
     "The selected file must be a PDF, Word (.docx), Excel (.xlsx), PNG or JPEG"),
    ("report.docx", PDF, "it is a PDF file, so its name must end in .pdf"),
    ("report.docx", zip_named_docx(),
     "The selected file must be a PDF, Word (.docx), Excel (.xlsx), PNG or JPEG"),
    ("report.pdf", b"", "The selected file is empty"),
])
def test_a_file_that_is_not_what_we_accept_is_refused_and_nothing_is_kept(
        client, case, unit, name, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(unit)
    response = post_upload(client, case, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert not Document.objects.exists() and not stored_files()
    assert not Decision.objects.filter(transition="add_document").exists()


def test_a_file_over_the_limit_is_refused(client, case, unit, settings):
    settings.DOCUMENT_MAX_BYTES = 50
    client.force_login(unit)
    response = post_upload(client, case, pdf_upload())
    assert "The selected file must be smaller than 50\xa0bytes" in response.content.decode()
    assert not Document.objects.exists() and not stored_files()


def test_missing_answers_are_asked_for(client, case, unit):
    client.force_login(unit)
    response = post_upload(client, case, None, kind="", title="")
    text = response.content.decode()
    for message in ("Select what kind of document this is", "Enter what the document is",
                    "Select a file"):
        assert message in text
    assert not stored_files()


def test_a_database_failure_keeps_no_file(case, unit, monkeypatch):
    from django.db import DatabaseError

    def fail(**kwargs):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(Decision.objects, "create", fail)
    with pytest.raises(DatabaseError):
        services.add_document(case=case, actor=unit, kind="other", title="Minutes",
                              upload=pdf_upload())
    assert not Document.objects.exists() and not stored_files()


def test_a_download_is_given_as_an_attachment_and_recorded(client, case, unit, caplog):
    document = services.add_document(case=case, actor=unit, kind="agency_report",
                                     title="Police summary",
                                     upload=pdf_upload("Amelia Hartley.pdf"))
    scrutineer = UserFactory(role=Role.SCRUTINEER)
    client.force_login(scrutineer)
    with caplog.at_level(logging.INFO):
        response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert CaseAccess.objects.filter(case=case, user=scrutineer,
                                     what=f"document {document.pk} downloaded").exists()
    assert f"document {document.pk} of case {case.pk} downloaded" in caplog.text
    assert "Amelia" not in caplog.text and "Hartley" not in caplog.text


def test_another_agency_cannot_download_and_nothing_is_recorded(client, case, unit):
    document = services.add_document(case=case, actor=unit, kind="other", title="Minutes",
                                     upload=pdf_upload())
    client.force_login(UserFactory(role=Role.AGENCY_CONTRIBUTOR,
                                   agency=AgencyFactory(kind=Agency.Kind.POLICE)))
    assert client.get(document.get_absolute_url()).status_code == 403
    assert not CaseAccess.objects.filter(what__startswith="document").exists()


def test_a_document_is_found_only_under_its_own_case(client, case, unit):
    document = services.add_document(case=case, actor=unit, kind="other", title="Minutes",
                                     upload=pdf_upload())
    other = submitted_case()
    client.force_login(unit)
    url = reverse("cases:document", args=[other.reference, document.pk])
    assert client.get(url).status_code == 404


def test_the_referrer_adds_attachments_to_their_referral_and_sees_only_their_own(client, case,
                                                                                  unit):
    services.add_document(case=case, actor=unit, kind="other", title="Strategy minutes",
                          upload=pdf_upload())
    author = case.referral.created_by
    author.role = Role.AGENCY_CONTRIBUTOR
    author.save()
    client.force_login(author)
    response = post_upload(client, case, pdf_upload("chronology.pdf"),
                           kind="referral_attachment", title="School chronology")
    assert response.status_code == 302
    page = client.get(reverse("cases:documents", args=[case.reference])).content.decode()
    assert "School chronology" in page and "Strategy minutes" not in page
    theirs = Document.objects.get(title="School chronology")
    assert client.get(theirs.get_absolute_url()).status_code == 200
    not_theirs = Document.objects.get(title="Strategy minutes")
    assert client.get(not_theirs.get_absolute_url()).status_code == 403


def test_documents_are_stored_outside_static_files():
    import config.settings as configured

    location = Path(configured.STORAGES["default"]["OPTIONS"]["location"]).resolve()
    for static in configured.STATICFILES_DIRS:
        assert not location.is_relative_to(Path(static).resolve())
    assert not getattr(configured, "MEDIA_URL", "")  # nothing serves documents by address


def test_the_documents_page_runs_a_fixed_number_of_queries(client, case, unit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(unit)
    url = reverse("cases:documents", args=[case.reference])
    counts = []
    for added in (1, 5):
        while case.documents.count() < added:
            services.add_document(case=case, actor=unit, kind="other", title="Minutes",
                                  upload=pdf_upload())
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        assert page.count(">Minutes<") == added and unit.full_name in page
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Documents by role and state (issue 17 point 8): one table, safeguarding.permissions'
# DOCUMENT_KINDS, says what each role may add; the page offers those kinds, and the service
# and the permission refuse the rest.

def referrer_of(case):
    author = case.referral.created_by
    author.role = Role.AGENCY_CONTRIBUTOR
    author.save()
    return author


def offered_kinds(client, case) -> set[str]:
    from tests.hostile import form_on

    url = reverse("cases:add-document", args=[case.reference])
    return set(form_on(client.get(url).content.decode(), url, "post").fields["kind"])


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_offered_and_may_add_only_the_kinds_of_its_row(client, case, role):
    user = referrer_of(case) if role == Role.AGENCY_CONTRIBUTOR else UserFactory(role=role)
    allowed = DOCUMENT_KINDS.get(role, frozenset())
    assert document_kinds(user, case) == allowed
    assert user.has_perm("cases.add_document", case) == bool(allowed)
    client.force_login(user)
    page = client.get(reverse("cases:add-document", args=[case.reference]))
    assert page.status_code == (200 if allowed else 403)
    if allowed:  # the panel pack is kept by circulating it, never offered
        assert offered_kinds(client, case) == allowed - {Document.Kind.PANEL_PACK}
    for kind in Document.Kind.values:
        if kind in allowed:
            services.add_document(case=case, actor=user, kind=kind, title=f"A {kind}",
                                  upload=pdf_upload())
        else:
            with pytest.raises((PermissionDenied, ValidationError)):
                services.add_document(case=case, actor=user, kind=kind, title=f"A {kind}",
                                      upload=pdf_upload())
    assert set(Document.objects.values_list("kind", flat=True)) == allowed
    assert set().union(*DOCUMENT_KINDS.values()) <= set(Document.Kind.values)


def test_the_referrer_may_add_only_referral_attachments(client, case):
    referrer = referrer_of(case)
    assert document_kinds(referrer, case) == {Document.Kind.REFERRAL_ATTACHMENT}
    client.force_login(referrer)
    assert offered_kinds(client, case) == {Document.Kind.REFERRAL_ATTACHMENT}
    for kind in ["agency_report", "other", "panel_pack", "review_draft", "made_up"]:
        response = post_upload(client, case, pdf_upload(), kind=kind)  # a forged post
        assert response.status_code == 200
        assert "Select what kind of document this is" in response.content.decode()
    with pytest.raises(ValidationError, match="cannot add a document of this kind"):
        services.add_document(case=case, actor=referrer, kind="agency_report",
                              title="Police summary", upload=pdf_upload())
    assert not Document.objects.exists() and not stored_files()
    assert post_upload(client, case, pdf_upload(), kind="referral_attachment").status_code == 302


def test_the_referrer_adds_nothing_once_the_case_is_closed(client, case, unit):
    referrer = referrer_of(case)
    services.withdraw_case(case=case, actor=unit, reason="Referred in error")
    case.refresh_from_db()
    assert not case.is_open
    client.force_login(referrer)
    assert not referrer.has_perm("cases.add_document", case)
    assert client.get(reverse("cases:add-document", args=[case.reference])).status_code == 403
    response = post_upload(client, case, pdf_upload(), kind="referral_attachment")
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.add_document(case=case, actor=referrer, kind="referral_attachment",
                              title="Late attachment", upload=pdf_upload())
    documents = client.get(reverse("cases:documents", args=[case.reference]))
    assert documents.status_code == 200  # still reads what they added
    assert reverse("cases:add-document", args=[case.reference]) not in \
        documents.content.decode()
    # The business unit still keeps documents with a closed case.
    services.add_document(case=case, actor=unit, kind="other", title="Closure letter",
                          upload=pdf_upload())
