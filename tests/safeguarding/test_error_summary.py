"""Every message in a GOV.UK error summary links to an input that is on the page."""

import importlib
import pkgutil
import re

import pytest
from django import forms
from django.template import Context, Template
from django.test import Client

from cases.models import Case
from forms.models import Referral
from safeguarding.fields import GovukDateField, question_from_label
from safeguarding.forms import ActionForm
from safeguarding.models import Agency, Role
from safeguarding.templatetags import govuk
from tests.factories import submitted_case
from tests.safeguarding.test_permission_matrix import (  # noqa: F401 (world: a fixture)
    BU,
    MATRIX,
    OTHER_AGENCY,
    POST_ONLY,
    PUBLIC,
    url_of,
    world,
)

pytestmark = pytest.mark.django_db


def assert_every_error_links_to_an_input(response) -> list[str]:
    html = response.content.decode()
    summary = re.search(r'class="govuk-error-summary".*?</ul>', html, re.S)
    assert summary, "no error summary"
    anchors = re.findall(r'<a href="#([^"]+)">', summary.group(0))
    assert anchors, "the summary links to nothing"
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    missing = [anchor for anchor in anchors if anchor not in ids]
    assert not missing, f"summary links to inputs not on the page: {missing}"
    return anchors


def test_sign_in(client):
    anchors = assert_every_error_links_to_an_input(client.post("/sign-in/", {}))
    assert anchors == ["id_username", "id_password"]


def test_radios_checkboxes_dates_and_rows_in_the_referral_form(client_as):
    client = client_as(Role.AGENCY_CONTRIBUTOR)
    client.post("/referrals/new/")
    pk = Referral.objects.get().pk
    anchors = assert_every_error_links_to_an_input(client.post(
        f"/referrals/{pk}/incident/",
        {"incident_date_0": "31", "incident_date_1": "2", "incident_date_2": "2023",
         "main_cause": "other", "other_reviews": ["none_known", "mappa"]}))
    assert anchors[0] == "id_incident_date_0"
    assert_every_error_links_to_an_input(client.post(
        f"/referrals/{pk}/other_reviews/", {"other_reviews": ["none_known", "mappa"]}))
    rows = client.post(f"/referrals/{pk}/family/", {
        "family-TOTAL_FORMS": 1, "family-INITIAL_FORMS": 0, "family-MIN_NUM_FORMS": 0,
        "family-MAX_NUM_FORMS": 30, "family-0-first_name": "Kelly"})
    assert_every_error_links_to_an_input(rows)
    assert "<title>Error: " in rows.content.decode()  # an error in a row only


def test_a_refusal_from_a_service_links_to_the_question(client_as):
    case = submitted_case()
    Case.objects.filter(pk=case.pk).update(status=Case.Status.SCREENING)
    client: Client = client_as(Role.SAFEGUARDING_PARTNER)
    response = client.post(f"/cases/{case.reference}/screening-decision/", {})
    assert_every_error_links_to_an_input(response)


# Every form page with errors, by the GOV.UK pattern: a summary linking to each question, the
# message at the question too, and "Error: " before the page title.

def assert_govuk_errors(response, messages: list[str]) -> list[str]:
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>Error: [^<]+</title>", html), "no 'Error: ' in the page title"
    anchors = assert_every_error_links_to_an_input(response)
    for message in messages:
        assert f"{message}</a>" in html, f"not in the summary: {message}"
        inline = re.search(r'class="govuk-error-message">\s*<span class="govuk-visually-hidden">'
                           r"Error:</span> " + re.escape(message), html)
        assert inline, f"not at its question: {message}"
    return anchors


def test_sign_in_errors_follow_the_pattern(client):
    assert_govuk_errors(client.post("/sign-in/", {}),
                        ["Enter your email address", "Enter your password"])


def test_referral_errors_follow_the_pattern(client_as):
    client = client_as(Role.AGENCY_CONTRIBUTOR)
    client.post("/referrals/new/")
    pk = Referral.objects.get().pk
    anchors = assert_govuk_errors(client.post(f"/referrals/{pk}/incident/", {
        "incident_date_0": "12", "incident_date_2": "2026"}),
        ["The date of the serious incident must include a month"])
    assert anchors[0] == "id_incident_date_1"  # the part that is missing


def test_case_errors_follow_the_pattern(client_as):
    case = submitted_case()
    Case.objects.filter(pk=case.pk).update(status=Case.Status.SCREENING)
    response = client_as(Role.SAFEGUARDING_PARTNER).post(
        f"/cases/{case.reference}/screening-decision/",
        {"rationale": " ", "decided_on_0": "3", "decided_on_1": "nov", "decided_on_2": "2026"})
    anchors = assert_govuk_errors(response, ["Select the partners&#x27; decision",
                                             "Enter the rationale for the decision",
                                             "The date of the decision must be a real date"])
    assert "id_decided_on_1" in anchors  # the month, which is wrong, not the day


def test_the_rapid_review_outcome_puts_each_refusal_at_its_question(met, chair):
    client = Client()
    client.force_login(chair)
    response = client.post(f"/rapid-reviews/{met.pk}/outcome/", {
        "actions-TOTAL_FORMS": "0", "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0", "actions-MAX_NUM_FORMS": "60", "rationale": " "})
    anchors = assert_govuk_errors(response, ["Choose the panel&#x27;s recommendation",
                                             "Enter the rationale for the recommendation"])
    assert anchors == ["id_recommendation_1", "id_rationale"]
    assert "Choose the recommendation and give its rationale" not in response.content.decode()


def test_deadline_and_oversight_filters_follow_the_pattern(client_as):
    assert_govuk_errors(client_as(Role.BUSINESS_UNIT).get("/deadlines/", {"state": "lost"}),
                        ["Select a state from the list"])
    assert_govuk_errors(client_as(Role.SCRUTINEER).get("/oversight/annual-report/",
                                                       {"year": "1066"}),
                        ["Select a reporting year from the list"])


def test_a_page_without_errors_has_no_error_in_its_title(client):
    assert "<title>Sign in – " in client.get("/sign-in/").content.decode()


# The GOV.UK date input: the message names the question and says which part is missing or
# wrong; only that part is highlighted.

class DateOfBirthForm(ActionForm):
    date_of_birth = GovukDateField(label="Date of birth", required=True)
    agreed_on = GovukDateField(noun="the date it was agreed", label="When was it agreed?",
                               allow_future=True)


def highlighted_parts(form: DateOfBirthForm, name: str = "date_of_birth") -> list[str]:
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(
        Context({"form": form}))
    inputs = re.findall(r"<input[^>]*>", html)
    return [part for part, suffix in (("day", "_0"), ("month", "_1"), ("year", "_2"))
            for tag in inputs if f'id="id_{name}{suffix}"' in tag
            and "govuk-input--error" in tag]


@pytest.mark.parametrize(("day", "month", "year", "message", "parts"), [
    ("", "", "", "Enter date of birth", ["day", "month", "year"]),
    ("27", "", "2019", "Date of birth must include a month", ["month"]),
    ("", "3", "", "Date of birth must include a day and year", ["day", "year"]),
    ("27", "March", "2019", "Date of birth must be a real date", ["month"]),
    ("32", "3", "2019", "Date of birth must be a real date", ["day"]),
    ("27", "3", "19", "Date of birth must include a year with 4 numbers", ["year"]),
    ("31", "2", "2019", "Date of birth must be a real date", ["day", "month", "year"]),
    ("27", "3", "2099", "Date of birth must be today or in the past", ["day", "month", "year"]),
])
def test_date_messages_name_the_question_and_the_part(day, month, year, message, parts):
    form = DateOfBirthForm({"date_of_birth_0": day, "date_of_birth_1": month,
                            "date_of_birth_2": year})
    assert not form.is_valid()
    assert form.errors["date_of_birth"] == [message]
    assert highlighted_parts(form) == parts
    summary = govuk.error_items(form)
    first = {"day": "_0", "month": "_1", "year": "_2"}[parts[0]]
    assert summary == [(f"#id_date_of_birth{first}", message)]


def test_a_date_is_named_by_its_noun_and_a_good_date_is_not_highlighted():
    form = DateOfBirthForm({"date_of_birth_0": "27", "date_of_birth_1": "3",
                            "date_of_birth_2": "2019", "agreed_on_0": "x",
                            "agreed_on_1": "4", "agreed_on_2": "2030"})
    assert form.errors == {"agreed_on": ["The date it was agreed must be a real date"]}
    assert highlighted_parts(form) == [] and highlighted_parts(form, "agreed_on") == ["day"]
    assert DateOfBirthForm({"date_of_birth_0": "27", "date_of_birth_1": "3",
                            "date_of_birth_2": "2019"}).is_valid()


def test_the_label_names_the_question_lower_cased_after_its_first_word():
    assert question_from_label("Date Of Birth") == "Date of birth"
    form = DateOfBirthForm({})
    form.fields["date_of_birth"].label = "Date Of Death"
    assert not form.is_valid()
    assert form.errors["date_of_birth"] == ["Enter date of death"]


# No "---------" in any select: a prompt, or radios for a short list.

class ChoicesForm(ActionForm):
    agency = forms.ModelChoiceField(queryset=Agency.objects.all(), required=False)
    role = forms.ChoiceField(choices=[("", "---------"), ("chair", "Chair"),
                                      ("member", "Panel member")], required=False)
    kind = forms.ChoiceField(choices=[("", "---------"), *Agency.Kind.choices])


def test_a_long_list_gets_a_prompt_and_a_short_one_radios():
    form = ChoicesForm()
    assert form.fields["agency"].empty_label == "Choose an agency"
    assert isinstance(form.fields["role"].widget, forms.RadioSelect)
    assert form.fields["role"].choices == [("chair", "Chair"), ("member", "Panel member")]
    assert len(Agency.Kind.choices) > 5
    assert form.fields["kind"].choices[0] == ("", "Choose a kind")
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(
        Context({"form": form}))
    assert "---------" not in html and 'class="govuk-radios__input"' in html


def project_form_classes() -> list[type]:
    for package in ("cases", "forms", "reviews", "oversight", "deadlines", "safeguarding"):
        for module in pkgutil.walk_packages(importlib.import_module(package).__path__,
                                            f"{package}."):
            if module.name.rsplit(".", 1)[-1] in ("forms", "pageforms", "two_factor"):
                importlib.import_module(module.name)
    found, stack = [], [forms.BaseForm]
    while stack:
        for cls in stack.pop().__subclasses__():
            stack.append(cls)
            if cls.__module__.split(".")[0] in PROJECT and "admin" not in cls.__module__:
                found.append(cls)
    return found


PROJECT = {"cases", "forms", "reviews", "oversight", "deadlines", "safeguarding"}


def dashes_in(form: forms.BaseForm) -> list[str]:
    dashed = []
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            dashed += [name] if field.empty_label == "---------" else []
        elif isinstance(field, forms.ChoiceField):
            dashed += [name] if any(str(label) == "---------" for _value, label in
                                    field.choices) else []
    return dashed


def test_no_form_of_the_project_offers_dashes():
    made, dashed = 0, {}
    for cls in project_form_classes():
        try:
            form = cls()
        except (TypeError, KeyError, AttributeError, ValueError):  # needs its record
            continue
        made += 1
        if found := dashes_in(form):
            dashed[cls.__qualname__] = found
    assert made > 60, "too few forms could be made to check"
    assert not dashed


def test_no_page_offers_dashes(request):
    """Every page of the permission matrix, as the business unit where it may open it."""
    people, urls = request.getfixturevalue("world")
    shown = 0
    for name, allowed in MATRIX.items():
        if allowed == POST_ONLY or name.startswith("cases:download"):
            continue
        client = Client(raise_request_exception=False)  # a file's failure: not this test's
        if allowed != PUBLIC:
            who = BU if BU in allowed else sorted(allowed - {OTHER_AGENCY})[0]
            client.force_login(people[who])
        response = client.get(url_of(name, urls))
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            shown += 1
            assert "---------" not in response.content.decode(), name
    assert shown > 40
