"""One figure of the timeliness tables, linked to the deadlines behind it: the same markup
as an include would give, made in Python because a page has some 600 of them (issue 15
item 8: the include was most of the page's time)."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def figure(context: template.Context, value: Any, outcome: str, what: str,
           shown: Any = None) -> SafeString | str:
    """The figure ``value`` (as ``shown`` when given) linked to the clocks behind it, with
    words for a screen reader; 0 and None as they are. Reads ``clock``, ``clock_url`` (its
    address, made once a row), ``code`` (the period) and ``agency`` (optional) from the
    context."""
    if not value:
        return "0" if value == 0 else "None"
    agency = context.get("agency")
    clock = context.get("clock")
    clock_name = getattr(clock, "name", "")
    if agency:
        return format_html(
            '<a class="govuk-link" href="{}?period={}&amp;outcome={}&amp;agency={}">{}'
            '<span class="govuk-visually-hidden"> {}: {}, {}</span></a>',
            context.get("clock_url", ""), context.get("code", ""), outcome, agency.pk,
            shown or value, what, clock_name, agency.name)
    return format_html(
        '<a class="govuk-link" href="{}?period={}&amp;outcome={}">{}'
        '<span class="govuk-visually-hidden"> {}: {}</span></a>',
        context.get("clock_url", ""), context.get("code", ""), outcome, shown or value, what,
        clock_name)
