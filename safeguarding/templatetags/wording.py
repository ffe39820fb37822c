"""Wording filters, loaded on every template (settings TEMPLATES builtins): times as GOV.UK
writes them, and "a" or "an" before a noun."""

from django import template

from safeguarding import times

register = template.Library()


@register.filter
def govuk_time(value) -> str:
    """{{ entry.happened_at|govuk_time }}: "3:30pm", "midday"."""
    return times.govuk_time(value)


@register.filter
def govuk_date_time(value) -> str:
    """{{ decision.at|govuk_date_time }}: "3 December 2026, 3:30pm"."""
    return times.govuk_date_time(value)


@register.filter
def with_article(noun: str) -> str:
    """{{ "immediate safety action"|with_article }}: "an immediate safety action"."""
    noun = str(noun)
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}" if noun else noun
