"""Form fields shared by every app's forms."""

import re
from datetime import date
from typing import Any

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name
from django.utils import timezone

PARTS = ("day", "month", "year")
HIGHEST = {"day": 31, "month": 12}


def question_from_label(label: str) -> str:
    """A label as the subject of a message: "Date Of Birth" gives "Date of birth"."""
    first, _space, rest = str(label or "Date").strip().rstrip("?").partition(" ")
    return f"{first} {rest.lower()}".strip()


class GovukDateField(DateInputField):
    """A GOV.UK date input (day, month, year) with the Design System's error wording.

    ``noun`` names the date in messages, e.g. "date of birth" gives "Enter date of birth",
    "Date of birth must include a month", "Date of birth must be a real date" and "Date of
    birth must be today or in the past"; without it the field's label names the question.
    Only the parts that are missing or wrong are highlighted (each part's widget carries its
    errors, which crispy-forms-gds reads); an error about the date as a whole highlights all
    three. Dates in the future are refused unless ``allow_future`` is set.
    """

    def __init__(self, *, noun: str = "", allow_future: bool = False, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("require_all_fields", False)
        super().__init__(**kwargs)
        self.noun = noun
        self.allow_future = allow_future

    @property
    def question(self) -> str:
        """How the messages name the date, as their subject: "The date of the incident"."""
        if self.noun:
            return self.noun[0].upper() + self.noun[1:]
        return question_from_label(self.label)

    def clean(self, value) -> date | None:
        for part in self.fields:
            part.widget.errors = []
        if self.disabled and not isinstance(value, (list, tuple)):
            value = self.widget.decompress(value)
        day, month, year = (str(part or "").strip() for part in [*(value or []), "", "", ""][:3])
        parts = {"day": day, "month": month, "year": year}
        if not any(parts.values()):
            if self.required:
                raise ValidationError(f"Enter {self.noun or self.question.lower()}",
                                      code="required")
            return None
        self._check_parts(parts)
        try:
            result = date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as error:  # 31 February: the date as a whole
            raise ValidationError(f"{self.question} must be a real date",
                                  code="invalid") from error
        if not self.allow_future and result > timezone.localdate():
            raise ValidationError(f"{self.question} must be today or in the past",
                                  code="future")
        self.validate(result)
        self.run_validators(result)
        return result

    def _check_parts(self, parts: dict[str, str]) -> None:
        """The GOV.UK order: a missing part first, then a part that cannot be right."""
        missing = [name for name, text in parts.items() if not text]
        if missing:
            self._refuse(missing, f"{self.question} must include a {' and '.join(missing)}")
        wrong = [name for name, text in parts.items() if not re.fullmatch(r"[0-9]{1,4}", text)
                 or (name in HIGHEST and not 1 <= int(text) <= HIGHEST[name])]
        if wrong:
            self._refuse(wrong, f"{self.question} must be a real date")
        if len(parts["year"]) != 4:
            self._refuse(["year"], f"{self.question} must include a year with 4 numbers")

    def _refuse(self, names: list[str], message: str) -> None:
        for name in names:
            self.fields[PARTS.index(name)].widget.errors = [message]
        raise ValidationError(message, code="invalid_part")


DASHES = "---------"  # Django's blank choice: never shown (GOV.UK: a prompt, or radios)


def prompt_for(field: forms.ChoiceField, name: str) -> str:
    """ "Choose an agency": the model of the choices, else the label, names what to choose."""
    model = getattr(getattr(field, "queryset", None), "model", None)
    label = str(field.label or pretty_name(name)).strip()
    if model is not None:
        noun = str(model._meta.verbose_name)
    elif not label.endswith("?"):
        noun = label.lower()
    else:
        return "Choose one"
    return f"Choose {'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _choices(field: forms.ChoiceField) -> list[tuple[Any, Any]]:
    return list(field.choices)  # type: ignore[arg-type]  # flat choices once the form is built


def without_dashes(form: forms.BaseForm) -> None:
    """No "---------" in a form: a select of 5 options or fewer becomes radios without the
    blank choice, a longer one gets a prompt ("Choose an agency"). Called by the base forms
    before their layout, so a form that sets its own empty label afterwards keeps it."""
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelMultipleChoiceField):
            continue
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DASHES:
                radios = isinstance(field.widget, forms.RadioSelect)
                field.empty_label = None if radios else prompt_for(field, name)
        elif isinstance(field, forms.ChoiceField) and (
                ("", DASHES) in [(value, str(label)) for value, label in _choices(field)]):
            options = [(value, label) for value, label in _choices(field) if value != ""]
            if len(options) <= 5 or isinstance(field.widget, forms.RadioSelect):
                field.widget = forms.RadioSelect(attrs=field.widget.attrs)
                field.widget.is_required = field.required
                field.choices = options
            else:
                field.choices = [("", prompt_for(field, name)), *options]
