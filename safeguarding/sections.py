"""A form in sections (the referral, an information return): each section is one page of its
task list, with the page's form and its repeatable rows; and the answers of every section, in
the form's own words, for check-your-answers, the case page and the printed copies."""

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.formats import date_format

from .pageforms import PageForm
from .rows import RowChange, answers_from, changes_from, relation_of
from .times import govuk_time

NOT_ANSWERED = "Not answered"


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    form: type[PageForm]
    rows: type[forms.BaseInlineFormSet] | None = None
    row_noun: str = ""
    intro: str = ""


def bound_section(request: HttpRequest, page: Section, record: Any,
                  **form_kwargs: Any) -> tuple[PageForm, forms.BaseInlineFormSet | None]:
    """A section's form and its repeatable rows, bound to the post if there is one; a blank
    row is offered when there are none yet or the person asked to add one."""
    data = request.POST if request.method == "POST" else None
    form = page.form(data, instance=record, versioned=True, **form_kwargs)
    rows = None
    if page.rows:
        rows = page.rows(data, instance=record, prefix=page.slug)
        has_rows = _saved_rows(record, page.rows).exists()
        rows.extra = 1 if "add" in request.GET or not has_rows else 0
    return form, rows


def posted(form: PageForm, rows: forms.BaseInlineFormSet | None) -> dict[str, Any]:
    """A validated section page as the plain data a service takes: ``answers`` (the page's
    fields), ``version`` (of the record, as the page was loaded) and ``rows`` (the changes to
    each of its repeatable rows, by the name of the record's rows)."""
    changes: dict[str, list[RowChange]] = {}
    if rows is not None:
        changes[relation_of(rows)] = changes_from(rows)
    return {"answers": answers_from(form), "version": form.cleaned_data.get("version"),
            "rows": changes}


def fields_of(form: type[forms.BaseModelForm]) -> list[str]:
    """The model fields a model form edits, as its Meta declares them."""
    return list(form._meta.fields or ())


def editable_fields(sections: list[Section]) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """What the pages of a form in sections may change: the record's fields, and the fields of
    each of its repeatable rows (by the name of the record's rows)."""
    record: set[str] = set()
    rows: dict[str, frozenset[str]] = {}
    for section in sections:
        record.update(fields_of(section.form))
        if section.rows is not None:
            fk: Any = section.rows.fk  # the rows' record: not a field a page changes
            rows[relation_of(section.rows)] = frozenset(fields_of(section.rows.form)) - {fk.name}
    return frozenset(record), rows


def _saved_rows(record: Any, rows: type[forms.BaseInlineFormSet]) -> Any:
    """The record's rows of a section: the manager of the rows' foreign key to the record."""
    fk: Any = rows.fk  # the ForeignKey (django-stubs reads the class attribute as a descriptor)
    return getattr(record, fk.remote_field.related_name)


@dataclass
class AnsweredSection:
    section: Section
    answers: list[tuple[str, str]]
    rows: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)


def display(form_field: forms.Field, value: Any) -> str:
    if value in (None, "", []):
        return NOT_ANSWERED
    choices = dict(getattr(form_field, "choices", []) or [])
    if isinstance(value, list):
        return ", ".join(str(choices.get(item, item)) for item in value)
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if isinstance(value, time):
        return govuk_time(value)
    return str(choices.get(value, value))


def _answers(form: forms.ModelForm) -> list[tuple[str, str]]:
    return [(str(form_field.label), display(form_field, getattr(form.instance, name)))
            for name, form_field in form.fields.items()
            if not isinstance(form_field.widget, forms.HiddenInput)]


def section_answers(record: Any, sections: list[Section], row_titles: dict,
                    form_kwargs: dict | None = None) -> list[AnsweredSection]:
    """Any form in sections: each section's answers, and its repeated rows titled by
    ``row_titles[section.slug](row)``."""
    answered = []
    for section in sections:
        kwargs = (form_kwargs or {}).get(section.slug, {})
        answered_section = AnsweredSection(section, _answers(section.form(instance=record,
                                                                          **kwargs)))
        if section.rows:
            row_form = section.rows.form
            answered_section.rows = [
                (row_titles[section.slug](row), _answers(row_form(instance=row)))
                for row in _saved_rows(record, section.rows).all()
            ]
        answered.append(answered_section)
    return answered
