"""The annual report's files: a PDF to read (through safeguarding.pdf, the charts inline as
SVG), a Word document to edit into the published report (python-docx, the charts as PNG
pictures with their text alternative as the picture's description), and its tables as an
Excel workbook or one as CSV (safeguarding.tables). Each is made from the same Contents.

The report holds counts and anonymised words only: no case, no name. So a download is not
written in any case's access log, unlike the files of case data."""

import hashlib
import io
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from safeguarding import pdf, tables
from safeguarding.dates import long_date

from .. import charts
from .contents import Contents, Part, Section

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {"pdf": "application/pdf", "docx": DOCX, "xlsx": tables.XLSX}
MARKING = "DRAFT"


@dataclass(frozen=True)
class Shown:
    """A part with its chart as an <svg> element, for a page or the PDF."""

    part: Part
    svg: SafeString | str


def shown(contents: Contents) -> list[tuple[Section, list[Shown]]]:
    """The sections, each chart drawn as SVG."""
    return [(section, [Shown(part, _svg(part)) for part in section.parts])
            for section in contents.sections]


# Drawing is most of the report page's time; a chart is drawn again only when what it shows
# changes. Raise CHARTS_DRAWN when the drawing itself changes.
CHARTS_DRAWN = 1
CHART_KEPT_FOR = 7 * 24 * 3600  # seconds


def _svg(part: Part) -> SafeString | str:
    if part.draw is None:
        return ""
    key = chart_key(part)
    drawn = cache.get(key)
    if drawn is None:
        drawn = charts.svg(part.draw(), name=f"chart-{part.slug}", title=part.table.title,
                           description=part.description)
        cache.set(key, drawn, CHART_KEPT_FOR)
    # Safe: matplotlib's own markup, the text of our labels escaped by it and by charts.svg.
    return mark_safe(drawn)  # noqa: S308


def chart_key(part: Part) -> str:
    """A cache key from everything a chart shows: its table (the chart draws the table's
    figures) and its text alternative (which says them in words). Counts only, no names."""
    shown = repr((CHARTS_DRAWN, part.slug, part.table.title, part.table.columns,
                  part.table.rows, part.description))
    return "oversight:chart:" + hashlib.sha256(shown.encode()).hexdigest()


def file_name(year: int, ending: str) -> str:
    return f"annual-report-{year}-{year + 1}.{ending}"


def as_file(contents: Contents, fmt: str, *, partnership: str, publications) -> bytes:
    if fmt == "pdf":
        return pdf_bytes(contents, partnership=partnership, publications=publications)
    if fmt == "docx":
        return docx_bytes(contents, partnership=partnership)
    return tables.xlsx_bytes(*(part.table for part in contents.parts))


def pdf_bytes(contents: Contents, *, partnership: str, publications) -> bytes:
    return pdf.pdf("oversight/annual_report_print.html", {
        "contents": contents, "sections": shown(contents), "partnership": partnership,
        "publications": publications, "made_on": long_date(contents.made_on)})


# Word.

def docx_bytes(contents: Contents, *, partnership: str) -> bytes:
    document = _document(contents.title, partnership)
    document.add_paragraph(partnership, style="Subtitle")
    document.add_paragraph(contents.title, style="Title")
    document.add_paragraph(contents.period_dates)
    document.add_paragraph(
        f"A draft made from the records on {long_date(contents.made_on)}. Any number from 1 "
        "to 4 is shown as \"fewer than 5\". No child, family member or case is named.")
    for section in contents.sections:
        document.add_heading(section.title, level=1)
        document.add_paragraph(section.intro)
        for part in section.parts:
            _part(document, part)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _document(title: str, author: str) -> WordDocument:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    marking = section.header.paragraphs[0]
    marking.text, marking.alignment = MARKING, WD_ALIGN_PARAGRAPH.CENTER
    marking.runs[0].bold = True
    section.footer.paragraphs[0].text = title
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = title, author, author
    properties.comments, properties.revision = "", 1
    properties.created = properties.modified = timezone.now()
    return document


def _part(document: WordDocument, part: Part) -> None:
    document.add_heading(part.table.title, level=2)
    if part.intro:
        document.add_paragraph(part.intro)
    if part.draw is not None:
        picture = document.add_picture(io.BytesIO(charts.png(part.draw())), width=Mm(160))
        properties = picture._inline.docPr
        properties.set("descr", part.description)
        properties.set("title", part.table.title)
    _table(document, part.table)


def _table(document: WordDocument, table: tables.Table) -> None:
    if not table.rows:
        document.add_paragraph("None in the year.")
        return
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = column.heading
        if cell.paragraphs[0].runs:
            cell.paragraphs[0].runs[0].bold = True
    _repeat_header(grid.rows[0])
    for row in table.rows:
        for cell, value in zip(grid.add_row().cells, row, strict=True):
            cell.text = "" if value is None else str(value)


def _repeat_header(row) -> None:
    """The header row repeats on each page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
