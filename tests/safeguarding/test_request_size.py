"""A request body larger than any upload is refused before it is read or written to disk."""

import pytest
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.http import HttpRequest

from cases.models import Case

pytestmark = pytest.mark.django_db

BOUNDARY = "BoUnDaRy"


def multipart(size: int) -> bytes:
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode() + (
        b"%PDF" + b"x" * size) + f"\r\n--{BOUNDARY}--\r\n".encode()


@pytest.fixture
def nothing_read(monkeypatch):
    """Fails the test if anything reads the body or starts writing an uploaded file."""
    def refuse(*args, **kwargs):
        raise AssertionError("the request body was read")

    monkeypatch.setattr(HttpRequest, "_load_post_and_files", refuse)
    monkeypatch.setattr(HttpRequest, "read", refuse)
    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", refuse)
    monkeypatch.setattr(MemoryFileUploadHandler, "new_file", refuse)


def test_an_oversized_anonymous_upload_is_refused_unread(client, settings, nothing_read):
    settings.REQUEST_MAX_BYTES = 10_000
    response = client.generic("POST", "/refer/", multipart(20_000),
                               content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert response.status_code == 413
    html = response.content.decode()
    assert "The file you sent is too large" in html and "Nothing you sent was saved" in html
    # The security headers every page carries, though the page is answered so early.
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert not Case.objects.exists()


def test_a_150_mb_body_is_refused_by_its_declared_length(client, nothing_read):
    """The default limit: the test client sends only a little, and says it is 150 MB."""
    response = client.generic("POST", "/refer/", multipart(100),
                              content_type=f"multipart/form-data; boundary={BOUNDARY}",
                              CONTENT_LENGTH=str(150 * 1024 * 1024))
    assert response.status_code == 413


def test_a_body_with_no_declared_length_is_refused(client, nothing_read):
    response = client.generic("POST", "/refer/", b"",
                              content_type=f"multipart/form-data; boundary={BOUNDARY}",
                              HTTP_TRANSFER_ENCODING="chunked", CONTENT_LENGTH="")
    assert response.status_code == 413


def test_a_body_within_the_limit_reaches_the_page(client, settings):
    settings.REQUEST_MAX_BYTES = 10_000
    response = client.generic("POST", "/refer/", multipart(1_000),
                              content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert response.status_code in (200, 403)  # the page's own answer, not 413


def test_the_limit_is_a_document_and_its_form(settings):
    from django.conf import settings as configured

    assert configured.REQUEST_MAX_BYTES == (configured.DOCUMENT_MAX_BYTES
                                            + configured.DATA_UPLOAD_MAX_MEMORY_SIZE)
    assert configured.MIDDLEWARE.index("safeguarding.request_size.LimitRequestSize") <= 1
