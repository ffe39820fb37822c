"""The pages of a form in sections (the referral, an information return): GOV.UK components
for every field, a page form that carries the version of its record, and repeatable rows.
Shared by every app that has such a form; the sections themselves are in safeguarding.sections.
"""

from collections.abc import Collection

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size
from django import forms

from .fields import GovukDateField, without_dashes
from .versions import current_version


def radios(choices, label: str, hint: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, required=False,
                             label=label, help_text=hint)


def checkboxes(choices, label: str, hint: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple,
                                     required=False, label=label, help_text=hint)


OPTIONAL = " (optional)"
REQUIRED = " (required)"


def mark_questions(needed: Collection[str], *page_forms: forms.BaseForm | None,
                   mark: str) -> None:
    """On an edit page, ``mark`` (``OPTIONAL`` or ``REQUIRED``) after the label of each
    question it applies to: a question is needed when it is in ``needed`` or the page itself
    requires it. GOV.UK: mark the optional questions when most are needed (the referral),
    the required ones when most are not (an information return). Hidden fields, fields
    without a label and labels already marked are left alone."""
    for form in page_forms:
        for name, field in (form.fields.items() if form is not None else ()):
            if (not field.label or isinstance(field.widget, forms.HiddenInput)
                    or str(field.label).endswith(mark)):
                continue
            if (name in needed or field.required) == (mark == REQUIRED):
                field.label = f"{field.label}{mark}"


def layout_for(form: forms.BaseForm) -> Layout:
    """GOV.UK field components for every field of a form, in order."""
    parts = []
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            parts.append(Field(name))
        elif isinstance(widget, forms.RadioSelect):
            choices = getattr(field, "choices", [])  # a choice field's: its widget is radios
            parts.append(Field.radios(name, legend_size=Size.SMALL, inline=len(choices) <= 3))
        elif isinstance(widget, forms.CheckboxSelectMultiple):
            parts.append(Field.checkboxes(name, legend_size=Size.SMALL, small=True))
        elif isinstance(widget, forms.CheckboxInput):
            parts.append(Field.checkbox(name, small=True))
        elif isinstance(widget, forms.Textarea):
            parts.append(Field.textarea(name, label_size=Size.SMALL, rows=5))
        elif isinstance(field, GovukDateField):
            parts.append(Field(name, context={"legend_size": Size.for_legend(Size.SMALL)}))
        else:
            parts.append(Field.text(name, label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS))
    return Layout(*parts)


class PageForm(forms.ModelForm):
    """A page of a form in sections: rendered without its own <form> tag so that the page
    can hold the form, its repeatable rows and the buttons in one <form>. It carries the
    version of the record it was loaded at, so that saving over someone else's newer change
    is refused (safeguarding.versions)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, legend: str = "", versioned: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if versioned and self.instance.pk:  # an edit page, not a page of answers
            self.fields["version"].initial = current_version(self.instance)
        without_dashes(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        layout = layout_for(self)
        self.helper.layout = Layout(Fieldset(*layout.fields, legend=legend,
                                             legend_size=Size.SMALL)) if legend else layout


class RowForm(PageForm):
    """One repeatable row (a child, a family member, a plan, an agency). A row someone else
    has decided on is shown but cannot be changed or removed: its form says why in
    ``fixed_because`` (and the service refuses a change posted anyway)."""

    fixed_because = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "DELETE" in self.fields:
            self.fields["DELETE"].label = "Remove this row"
