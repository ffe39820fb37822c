"""A form's answers as label and value pairs, section by section, taken from the forms people
fill in, so that check-your-answers and the case page use the form's own words."""

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.utils.formats import date_format

from .models import Referral
from .sections import SECTIONS, Section

NOT_ANSWERED = "Not answered"


@dataclass
class AnsweredSection:
    section: Section
    answers: list[tuple[str, str]]
    rows: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)


def display(form_field: forms.Field, value) -> str:
    if value in (None, "", []):
        return NOT_ANSWERED
    choices = dict(getattr(form_field, "choices", []) or [])
    if isinstance(value, list):
        return ", ".join(str(choices.get(item, item)) for item in value)
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return str(choices.get(value, value))


def _answers(form: forms.ModelForm) -> list[tuple[str, str]]:
    return [(str(form_field.label), display(form_field, getattr(form.instance, name)))
            for name, form_field in form.fields.items()
            if not isinstance(form_field.widget, forms.HiddenInput)]


# What each repeated row is called: its own name, so that people can tell rows apart.
ROW_TITLES = {
    "children": lambda child: child.full_name,
    "family": lambda member: f"{member.get_kind_display()}: "
                             f"{member.first_name} {member.last_name}".strip(),
    "child_protection": lambda plan: f"{plan.get_kind_display()}: {plan.person_name}",
    "agencies": lambda agency: agency.organisation,
}


def section_answers(record, sections: list[Section], row_titles: dict,
                    form_kwargs: dict | None = None) -> list[AnsweredSection]:
    """Any form in sections (the referral, an information return): each section's answers,
    and its repeated rows titled by ``row_titles[section.slug](row)``."""
    answered = []
    for section in sections:
        kwargs = (form_kwargs or {}).get(section.slug, {})
        answered_section = AnsweredSection(section, _answers(section.form(instance=record,
                                                                          **kwargs)))
        if section.rows:
            related = section.rows.fk.remote_field.related_name
            row_form = section.rows.form
            answered_section.rows = [
                (row_titles[section.slug](row), _answers(row_form(instance=row)))
                for row in getattr(record, related).all()
            ]
        answered.append(answered_section)
    return answered


def referral_answers(referral: Referral, *, ask_about_care_leavers: bool) -> list[AnsweredSection]:
    return section_answers(referral, SECTIONS, ROW_TITLES, form_kwargs={
        "route": {"ask_about_care_leavers": ask_about_care_leavers}})
