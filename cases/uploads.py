"""What a document upload may be: a size limit and a short list of types, each recognised by
its content (the file's own signature), not by the name it was given."""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Content type: what people call it, and the file name endings it may have.
ALLOWED = {
    "application/pdf": ("PDF", {".pdf"}),
    WORD: ("Word", {".docx"}),
    EXCEL: ("Excel", {".xlsx"}),
    "image/png": ("PNG", {".png"}),
    "image/jpeg": ("JPEG", {".jpg", ".jpeg"}),
}
ALLOWED_NAMES = "PDF, Word (.docx), Excel (.xlsx), PNG or JPEG"
# Enough of the start of a file for every signature above, the Office ones included.
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str
    name: str


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """The upload's type and digest, or a ValidationError saying what is wrong with it."""
    limit = settings.DOCUMENT_MAX_BYTES
    if not upload.size:
        raise ValidationError("The selected file is empty")
    if upload.size > limit:
        raise ValidationError(f"The selected file must be smaller than {filesizeformat(limit)}")
    name = PurePath(upload.name or "").name[:255]
    content_type = _content_type(upload)
    if content_type not in ALLOWED:
        raise ValidationError(f"The selected file must be a {ALLOWED_NAMES}")
    label, endings = ALLOWED[content_type]
    if PurePath(name).suffix.lower() not in endings:
        raise ValidationError(
            "The selected file's name does not match what it contains: it is a "
            f"{label} file, so its name must end in {' or '.join(sorted(endings))}"
        )
    return CheckedUpload(content_type=content_type, size=upload.size,
                         sha256=_digest(upload), name=name)


def _content_type(upload: UploadedFile) -> str | None:
    upload.seek(0)
    kind = filetype.guess(upload.read(SNIFF_BYTES))
    upload.seek(0)
    if kind is None:
        return None
    if kind.mime in (WORD, EXCEL) and not _is_office_package(upload):
        return None
    return kind.mime


def _is_office_package(upload: UploadedFile) -> bool:
    """A Word or Excel file is a zip package with a content-types part; one that does not
    open as such is not what its first bytes claim."""
    try:
        with zipfile.ZipFile(upload) as package:
            return "[Content_Types].xml" in package.namelist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return False
    finally:
        upload.seek(0)


def _digest(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()

