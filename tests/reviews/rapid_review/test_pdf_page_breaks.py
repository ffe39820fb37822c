"""A long panel pack breaks pages as its print style says (includes/print_style.html): a
table's header repeats at the top of each page it continues on, and no row is split across
two pages. Each chronology row starts with "Beginrow N" and ends with "Endrow N"; the rows
are of different lengths so that page ends fall in the middle of where rows would be."""

import datetime
import re

import pytest
from django.test import Client

from reviews.rapid_review.printing import panel_pack_pdf
from safeguarding.models import Agency
from tests.pdfs import needs_pdftotext, pdf_pages
from tests.rapid_review import submitted_return

pytestmark = pytest.mark.django_db

D = datetime.date
ROWS = 40
# The header's words as pdftotext reads them: a narrow column's heading may wrap.
HEADER = ("Date", "Time", "Significant event", "Decisions")
FILLER = ("The social worker visited the home and spoke with the mother about the baby's "
          "feeding, sleep and the bruise seen by the health visitor the week before. ")


def _events():
    return [(D(2026, 1, 1) + datetime.timedelta(days=number), datetime.time(9, 0),
             f"Beginrow {number} " + FILLER * (1 + number % 4) + f"Endrow {number}")
            for number in range(ROWS)]


@needs_pdftotext
def test_a_long_chronology_repeats_its_header_and_never_splits_a_row(review, agencies,
                                                                     business_unit, tmp_path):
    submitted_return(review, agencies[Agency.Kind.POLICE], business_unit, events=_events())
    pages = pdf_pages(panel_pack_pdf(review=review, partnership="Northmoor"), tmp_path)

    starts = {int(n): index for index, page in enumerate(pages)
              for n in re.findall(r"Beginrow (\d+)\b", page)}
    ends = {int(n): index for index, page in enumerate(pages)
            for n in re.findall(r"Endrow (\d+)\b", page)}
    assert set(starts) == set(ends) == set(range(ROWS))
    split = [n for n in range(ROWS) if starts[n] != ends[n]]
    assert not split, f"rows split across pages: {split}"

    with_rows = sorted(set(starts.values()))
    assert len(with_rows) >= 3, "the chronology should run over several pages"
    for index in with_rows:
        page = pages[index]
        first_row = page.index("Beginrow ")
        assert all(word in page[:first_row] for word in HEADER), (
            f"page {index + 1} has no header above its rows")


@needs_pdftotext
def test_the_pack_downloaded_breaks_the_same_way(review, agencies, business_unit, tmp_path):
    """The same through the page a panel member downloads it from."""
    submitted_return(review, agencies[Agency.Kind.POLICE], business_unit, events=_events())
    client = Client()
    client.force_login(business_unit)
    response = client.get(f"/rapid-reviews/{review.pk}/panel-pack.pdf")
    assert response.status_code == 200
    pages = pdf_pages(response.content, tmp_path)
    continued = [page for page in pages if "Beginrow " in page]
    assert len(continued) >= 3
    assert all(word in page[:page.index("Beginrow ")] for page in continued for word in HEADER)
