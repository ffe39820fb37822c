from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from .models import LearningTheme
from .selectors import TaggedRecord
from .services import RecordThemes


class CaseThemesForm(forms.Form):
    """A checkbox group for each kind of theme, for each record of the case; field names carry
    the record and its number only. ``groups`` gives each record with the helper that draws
    its fields, for the page to put under the record's heading."""

    def __init__(self, *args, records: list[TaggedRecord], themes: list[LearningTheme],
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.records, self.groups = records, []
        self.names: dict[str, list[str]] = {}
        for record in records:
            names = []
            for kind, kind_label in LearningTheme.Kind.choices:
                choices = [(theme.pk, theme.name if theme.is_active else f"{theme.name} (retired)")
                           for theme in themes if theme.kind == kind
                           and (theme.is_active or theme.pk in record.theme_ids)]
                if not choices:
                    continue
                name = f"{record.key}-{kind}"
                self.fields[name] = forms.TypedMultipleChoiceField(
                    label=kind_label, choices=choices, coerce=int, required=False,
                    widget=forms.CheckboxSelectMultiple,
                    initial=[pk for pk, _label in choices if pk in record.theme_ids],
                    error_messages={"invalid_choice": "Select learning themes from the list"})
                names.append(name)
            self.names[record.key] = names
            self.groups.append((record, self._helper(names)))

    @staticmethod
    def _helper(names: list[str]) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(*(Field.checkboxes(name, legend_size=Size.SMALL, small=True)
                                 for name in names))
        return helper

    def chosen(self) -> list[RecordThemes]:
        """The themes ticked, per record."""
        return [(record.record, record.record_id,
                 sorted({pk for name in self.names[record.key]
                         for pk in self.cleaned_data.get(name, [])}))
                for record in self.records]
