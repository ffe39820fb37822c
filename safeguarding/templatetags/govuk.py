"""The GOV.UK error summary for any form and its formsets, each message linked to the input
that needs attention."""

from django import forms, template

register = template.Library()


def anchor(bound_field: forms.BoundField) -> str:
    """The id of the first input of a field, as crispy-forms-gds renders it."""
    widget = bound_field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"{bound_field.auto_id}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
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


@register.inclusion_tag("includes/error_summary.html")
def govuk_error_summary(*forms_and_formsets) -> dict:
    return {"errors": error_items(*forms_and_formsets)}
