"""Pages show a record's state as a GOV.UK tag in the colour its workflow gives it, so that no
template needs to know a state's code."""

from django import template
from django.utils.html import format_html

from safeguarding import workflow

register = template.Library()


@register.simple_tag
def state_tag(record, testid: str = "") -> str:
    declared = workflow.workflow_of(record)
    state = workflow.state_of(record)
    colour = declared.colours.get(state, "grey")
    return format_html('<strong class="govuk-tag govuk-tag--{}"{}>{}</strong>', colour,
                       format_html(' data-testid="{}"', testid) if testid else "",
                       declared.state_label(state))


@register.simple_tag(takes_context=True)
def can(context, record, transition: str) -> bool:
    """Whether the person reading the page can make the named transition now."""
    return workflow.can(record, transition, context["request"].user)
