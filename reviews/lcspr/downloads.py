"""The LCSPR's printable outputs (issue 13 item 13): the status summary for the partners as a
PDF, the terms of reference as a Word file, and the reviewer's report template in Word. For
whoever reads the review (reviews.view_lcspr: the reviewer commissioned on it too); each
download is recorded in the case's access log. Files are named by the case reference only."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases.services import record_case_access
from safeguarding.choices import YesNo
from safeguarding.http import authorised

from . import forms, printing, selectors, word


def _file(content: bytes, content_type: str, filename: str, *, inline: bool = False
          ) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'{"inline" if inline else "attachment"}; filename="{filename}"')
    return response


def status_summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    lcspr = authorised(request, selectors.lcspr_for_page(pk=pk), "reviews.view_lcspr")
    record_case_access(case=lcspr.case, user=request.user, what="LCSPR status summary (PDF)")
    return _file(printing.status_summary_pdf(lcspr=lcspr, partnership=settings.PARTNERSHIP_NAME),
                 "application/pdf", f"{lcspr.case.reference}-lcspr-status-summary.pdf",
                 inline=True)


def terms_of_reference_docx(request: HttpRequest, pk: int) -> HttpResponse:
    lcspr = authorised(request, selectors.lcspr_for_terms(pk=pk), "reviews.view_lcspr")
    record_case_access(case=lcspr.case, user=request.user,
                       what="LCSPR terms of reference (Word)")
    return _file(word.terms_of_reference_docx(lcspr=lcspr,
                                              partnership=settings.PARTNERSHIP_NAME),
                 word.DOCX, f"{lcspr.case.reference}-terms-of-reference.docx")


def report_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The form that says how the template names the child; sent, the Word file. A POST, so
    that what the person typed is in no address."""
    lcspr = authorised(request, selectors.lcspr_for_terms(pk=pk), "reviews.view_lcspr")
    form = forms.ReportTemplateForm(request.POST or None,
                                    initial={"show_reference": YesNo.NO})
    if request.method == "POST" and form.is_valid():
        try:
            content = word.report_template(
                lcspr=lcspr, partnership=settings.PARTNERSHIP_NAME,
                pseudonym=form.cleaned_data["pseudonym"],
                show_reference=form.cleaned_data["show_reference"] == YesNo.YES)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            record_case_access(case=lcspr.case, user=request.user,
                               what="LCSPR report template (Word)")
            return _file(content, word.DOCX, f"{lcspr.case.reference}-report-template.docx")
    return render(request, "reviews/lcspr/step.html", {
        "lcspr": lcspr, "case": lcspr.case, "title": "Download a report template in Word",
        "form": form, "shows": "reviews/lcspr/_report_template.html"})
