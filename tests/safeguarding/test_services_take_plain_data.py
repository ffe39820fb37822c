"""Services take plain keyword data, not Django forms: forms validate the input and call the
services (a page's answers as a dict, its repeatable rows as safeguarding.rows.RowChange)."""

import importlib
import inspect
import typing
from pathlib import Path

import pytest
from django import forms

ROOT = Path(__file__).resolve().parents[2]
FORM_TYPES = (forms.BaseForm, forms.BaseFormSet)  # Form, ModelForm, BaseModelFormSet, ...
FORM_NAMES = {"form", "forms", "formset", "formsets"}


def services_modules() -> list[str]:
    """Every app's services module, sub-packages' included (``reviews.rapid_review.services``)."""
    found = []
    for path in sorted(ROOT.glob("*/**/services.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[0].startswith(".") or not (ROOT / parts[0] / "__init__.py").exists():
            continue  # the virtualenv, and anything that is not a package of the project
        found.append(".".join(parts))
    return found


def mentions_a_form(annotation: object) -> bool:
    """The annotation is a form or formset class, or holds one (``Iterable[BaseModelFormSet]``,
    ``ModelForm | None``)."""
    if inspect.isclass(annotation) and issubclass(annotation, FORM_TYPES):
        return True
    return any(mentions_a_form(argument) for argument in typing.get_args(annotation))


def test_every_app_with_services_is_found():
    assert {"cases.services", "deadlines.services", "forms.services",
            "reviews.rapid_review.services"} <= set(services_modules())


@pytest.mark.parametrize("module_name", services_modules())
def test_no_service_takes_a_form(module_name):
    module = importlib.import_module(module_name)
    taking_forms = []
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if function.__module__ != module_name:
            continue  # imported from elsewhere: checked where it is defined
        hints = typing.get_type_hints(inspect.unwrap(function))
        for parameter in inspect.signature(function).parameters.values():
            if mentions_a_form(hints.get(parameter.name)) or parameter.name in FORM_NAMES:
                taking_forms.append(f"{module_name}.{name}({parameter.name})")
    assert not taking_forms, f"services taking Django forms: {', '.join(taking_forms)}"


def test_the_check_sees_a_form_however_it_is_annotated():
    assert mentions_a_form(forms.ModelForm)
    assert mentions_a_form(forms.BaseModelFormSet | None)
    assert mentions_a_form(typing.Iterable[forms.BaseInlineFormSet])
    assert not mentions_a_form(dict[str, typing.Any])
