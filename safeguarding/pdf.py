"""Printable documents: one template rendered to A4 with WeasyPrint. The only place that uses
WeasyPrint; each app's printing module chooses the template and the context. Templates
include includes/print_style.html for the page, its marking and its numbers."""

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML, Document


def document(template: str, context: dict[str, Any]) -> Document:
    """The laid-out pages, for a caller that wants to count or time them before writing."""
    html = render_to_string(template, {"printed_at": timezone.localtime(), **context})
    return HTML(string=html).render()


def pdf(template: str, context: dict[str, Any]) -> bytes:
    """The template with its context, as a PDF; printed_at is now unless the context says."""
    return document(template, context).write_pdf()
