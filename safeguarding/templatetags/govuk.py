"""The GOV.UK error summary for any form and its formsets, each message linked to the input
that needs attention."""

from django import forms, template

register = template.Library()


def anchor(bound_field: forms.BoundField) -> str:
    """The id of the first input of a field, as crispy-forms-gds renders it."""
    widget = bound_field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"{bound_field.auto_id}_1"
    if isinstance(widget, forms.MultiWidget):  # a date: its first part with an error
        parts = getattr(bound_field.field, "fields", ())
        wrong = [index for index, part in enumerate(parts) if getattr(part.widget, "errors", [])]
        return f"{bound_field.auto_id}_{wrong[0] if wrong else 0}"
    return bound_field.auto_id


def error_items(*forms_and_formsets) -> list[tuple[str, str]]:
    """(anchor, message) pairs, in the order the fields appear on the page."""
    items = []
    for item in forms_and_formsets:
        if item is None or item == "":
            continue
        forms_ = [item]
        if hasattr(item, "forms"):  # a formset of repeatable rows
            items += [("", message) for message in item.non_form_errors()]
            forms_ = item.forms
        for form in forms_:
            visible = form.visible_fields()
            first = f"#{anchor(visible[0])}" if visible else ""
            items += [(first, message) for message in form.non_field_errors()]
            for bound_field in visible:
                items += [(f"#{anchor(bound_field)}", message) for message in bound_field.errors]
    return items


def has_errors(value) -> bool:
    """Whether a form or formset shown on the page has errors (an unbound one never has)."""
    if isinstance(value, forms.BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, forms.BaseFormSet):
        return value.is_bound and (bool(value.non_form_errors()) or any(value.errors))
    if isinstance(value, (list, tuple)):  # several forms on one page
        return any(isinstance(item, (forms.BaseForm, forms.BaseFormSet)) and has_errors(item)
                   for item in value)
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """"Error: " before the page title when any form of the page has errors, or the page
    lists errors of its own (a check-your-answers page): base.html asks on every page."""
    for layer in context.dicts:
        for name, value in layer.items():
            if has_errors(value) or (name == "errors" and isinstance(value, list) and value):
                return "Error: "
    return ""


@register.inclusion_tag("includes/error_summary.html")
def govuk_error_summary(*forms_and_formsets) -> dict:
    return {"errors": error_items(*forms_and_formsets)}
