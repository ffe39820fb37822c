"""The prompt at the top of a case page: the case's statutory clocks that are late with no
reason for the delay. The case page's clocks panel (selectors.case_clocks) has read them
already, with their reasons: the prompt uses its lines, so that it costs no query; on a
page without them it reads them (selectors.late_without_a_reason, one query)."""

from django import template

from deadlines import selectors
from deadlines.models import Deadline
from deadlines.selectors import ClockLine

register = template.Library()


@register.simple_tag(takes_context=True)
def late_without_a_reason(context, case) -> list[Deadline]:
    for _template, panel in context.get("panels", ()):
        for value in panel.values():
            if isinstance(value, list) and value and all(
                    isinstance(line, ClockLine) for line in value):
                return [line.deadline for line in value if line.needs_a_reason]
    return list(selectors.late_without_a_reason(case_id=case.pk))
