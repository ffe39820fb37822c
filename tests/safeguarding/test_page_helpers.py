"""The helpers the pages of a form in sections share (issue 16): the marks after a question's
label, and ``?next=`` read as a word, never as an address."""

import pytest
from django import forms
from django.test import RequestFactory

from forms.sections import SECTIONS as REFERRAL_SECTIONS
from forms.services import NEEDED_TO_SUBMIT, QUESTIONS_AFTER_CHILDREN, QUESTIONS_BEFORE_CHILDREN
from safeguarding.http import next_page
from safeguarding.pageforms import OPTIONAL, REQUIRED, mark_questions
from safeguarding.sections import editable_fields


class Page(forms.Form):
    needed = forms.CharField(label="Needed", required=False)
    required_by_page = forms.CharField(label="Required by the page")
    other = forms.CharField(label="Other", required=False)
    hidden = forms.CharField(label="Hidden", required=False, widget=forms.HiddenInput)
    no_label = forms.CharField(required=False)


def labels(form: forms.Form) -> dict[str, str | None]:
    return {name: field.label for name, field in form.fields.items()}


def test_the_optional_questions_are_marked_once():
    form = Page()
    mark_questions({"needed"}, form, None, mark=OPTIONAL)
    mark_questions({"needed"}, form, mark=OPTIONAL)  # a second time changes nothing
    assert labels(form) == {"needed": "Needed", "required_by_page": "Required by the page",
                            "other": "Other (optional)", "hidden": "Hidden", "no_label": None}


def test_the_required_questions_are_marked_once():
    form = Page()
    mark_questions({"needed"}, form, mark=REQUIRED)
    mark_questions({"needed"}, form, mark=REQUIRED)
    assert labels(form) == {"needed": "Needed (required)",
                            "required_by_page": "Required by the page (required)",
                            "other": "Other", "hidden": "Hidden", "no_label": None}


@pytest.mark.parametrize(("query", "expected"), [
    ("?next=check", "/check/"), ("", ""), ("?next=", ""), ("?next=/check/", ""),
    ("?next=https://evil.example/", ""), ("?next=//evil.example/", ""), ("?next=CHECK", ""),
    ("?next=other&next=check", "/check/"), ("?next=check&next=/elsewhere/", ""),
])
def test_next_page_is_a_known_word(query, expected):
    request = RequestFactory().get(f"/page/{query}")
    assert next_page(request, {"check": "/check/"}) == expected


def test_every_question_needed_to_submit_is_on_a_page_of_the_referral():
    on_pages, rows = editable_fields(REFERRAL_SECTIONS)
    asked = {question.field for question in (*QUESTIONS_BEFORE_CHILDREN,
                                             *QUESTIONS_AFTER_CHILDREN)}
    assert asked <= on_pages
    assert NEEDED_TO_SUBMIT - asked <= on_pages | rows["children"]
