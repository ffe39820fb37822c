"""The annual report: its draft as a page for a reporting year, the whole of it as a PDF, a
Word document or an Excel workbook of its tables, and one table as CSV. Aggregates only:
no case is read, so no access log is written (see files.py)."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from safeguarding import tables
from safeguarding.dates import today
from safeguarding.http import attachment

from ..periods import reporting_year
from ..views import authorised
from . import files
from .contents import Contents, contents
from .forms import YearForm, offered_years
from .selectors import AnnualReport
from .selectors import annual_report as read_report


def _report(request: HttpRequest, year: int) -> tuple[AnnualReport, Contents]:
    """The report of an offered year, for whoever reads oversight."""
    authorised(request)
    if year not in offered_years(today()):
        raise Http404
    report = read_report(period=reporting_year(year), today=today())
    return report, contents(report)


def annual_report(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET, today=today())
    year = form.chosen()
    report, parts = _report(request, year)
    return render(request, "oversight/annual_report.html", {
        "form": form, "year": year, "report": report, "contents": parts,
        "sections": files.shown(parts)})


def download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    if fmt not in files.FORMATS:
        raise Http404
    report, parts = _report(request, year)
    content = files.as_file(parts, fmt, partnership=settings.PARTNERSHIP_NAME,
                            publications=report.publications)
    return attachment(content, files.FORMATS[fmt], files.file_name(year, fmt))


def table(request: HttpRequest, year: int, table: str) -> HttpResponse:
    _figures, parts = _report(request, year)
    part = parts.part(table)
    if part is None:
        raise Http404
    return attachment(tables.csv_bytes(part.table), tables.CSV,
                      files.file_name(year, f"{table}.csv"))
