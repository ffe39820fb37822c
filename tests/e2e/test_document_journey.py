"""Documents in a real browser: the school adds its chronology to its referral, the business
unit adds a report, a file that is not what its name says is refused, the scrutineer
downloads, and the download is in the access log."""

from playwright.sync_api import Page, expect

from demo.management.commands.load_demo import DEMO_PASSWORD
from tests.e2e.pages import sign_in
from tests.factories import PDF


def upload(page: Page, tmp_path, name: str, content: bytes, title: str, kind: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    page.get_by_label(kind).check()
    page.get_by_label("What is it?").fill(title)
    page.get_by_label("Upload a file").set_input_files(str(path))
    page.get_by_role("button", name="Add the document").click()


def test_documents_are_added_refused_and_downloaded(page: Page, live_server, tmp_path,
                                                     notified_case, check_page):
    url, reference = live_server.url, notified_case

    # The school that referred adds its chronology from the page it saw on submitting.
    sign_in(page, url, "school@example.org", DEMO_PASSWORD)
    page.goto(f"{url}/cases/{reference}/documents/")
    expect(page.get_by_test_id("no-documents")).to_contain_text("No documents added by you")
    page.get_by_role("link", name="Add a document").click()
    upload(page, tmp_path, "chronology.pdf", PDF, "School chronology", "Referral attachment")
    expect(page.get_by_test_id("documents")).to_contain_text("School chronology")
    page.get_by_role("button", name="Sign out").click()

    # The business unit sees it, and is refused a web page named like a PDF.
    sign_in(page, url, "bu@example.org", DEMO_PASSWORD)
    page.goto(f"{url}/cases/{reference}/")
    page.get_by_role("link", name="See the documents").click()
    expect(page.get_by_test_id("documents")).to_contain_text("School chronology")
    page.get_by_role("link", name="Add a document").click()
    check_page("add-document")
    upload(page, tmp_path, "report.pdf", b"<html><script>alert(1)</script></html>",
           "Police summary", "Agency report or chronology")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The selected file must be a PDF, Word (.docx)")
    check_page("add-document-refused")
    upload(page, tmp_path, "police-summary.pdf", PDF, "Police summary",
           "Agency report or chronology")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("the document is added")
    expect(page.get_by_test_id("documents")).to_contain_text("Police summary")
    check_page("documents")
    page.get_by_role("button", name="Sign out").click()

    # The scrutineer downloads the report; the download is in the access log.
    sign_in(page, url, "scrutineer@example.org", DEMO_PASSWORD)
    page.goto(f"{url}/cases/{reference}/documents/")
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Police summary").click()
    download = downloading.value
    assert download.suggested_filename == "police-summary.pdf"
    assert download.path().read_bytes() == PDF
    page.goto(f"{url}/cases/access-log/?reference={reference}")
    expect(page.locator("main")).to_contain_text("downloaded")
