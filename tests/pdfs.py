"""Reading the text of a PDF the service made, with poppler's pdftotext."""

import shutil
import subprocess

import pytest

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext not found: install poppler-utils (make test does so as root)")


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.split())


def pdf_pages(content: bytes, tmp_path) -> list[str]:
    """Each page's text, one string a page with its whitespace collapsed, read page by page
    with pdftotext -layout -f N -l N (so a line reads across the columns)."""
    path = tmp_path / "pages.pdf"
    path.write_bytes(content)
    count = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.count("\f")
    return [" ".join(subprocess.run(
        ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(path), "-"],
        capture_output=True, text=True, check=True).stdout.split())
            for number in range(1, count + 1)]
