"""A referral page of rows with an error in one row (issue 16: "a page with an error keeps every
other answer typed on it"): the rows without errors are saved, the row with the error is shown
as typed with its error, the page says what was saved, and saving the page again, corrected,
neither adds the saved rows twice nor is refused as someone else's change. Someone else's
change to a row is still never overwritten."""

import datetime
import html
import re
from html.parser import HTMLParser

import pytest

from forms.models import Child, FamilyMember, InvolvedAgency
from safeguarding.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


class PostedValues(HTMLParser):
    """What a page's forms post as they stand, as a browser would: each text and hidden input,
    the ticked radios and checkboxes, and each text area (never a button)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if not name or name == "csrfmiddlewaretoken":
            return
        kind = attributes.get("type", "text")
        if tag == "input" and kind in ("radio", "checkbox") and "checked" not in attributes:
            return
        if tag == "input" and kind not in ("submit", "button", "file"):
            self.values.setdefault(name, []).append(attributes.get("value") or (
                "on" if kind == "checkbox" else ""))
        if tag == "textarea":
            self._textarea = name
            self.values.setdefault(name, []).append("")

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            if self._textarea:  # Django starts a text area's value with a newline
                self.values[self._textarea][-1] = self.values[self._textarea][-1].lstrip("\n")
            self._textarea = None


def posted_by(response) -> dict[str, list[str]]:
    reader = PostedValues()
    reader.feed(response.content.decode())
    return reader.values


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def dates(name: str, day: D) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def add_rows(data: dict, prefix: str, *rows: dict) -> dict:
    """The page's post with more rows typed after its own."""
    data = dict(data)
    total = int(data[f"{prefix}-TOTAL_FORMS"][0])
    for number, row in enumerate(rows, start=total):
        data.update({f"{prefix}-{number}-{key}": value for key, value in row.items()})
    data[f"{prefix}-TOTAL_FORMS"] = str(total + len(rows))
    return data


def row_named(data: dict, prefix: str, field: str, value: str) -> str:
    """The prefix of the posted row whose ``field`` is ``value``."""
    for key, values in data.items():
        if key.endswith(f"-{field}") and key.startswith(f"{prefix}-") and values in (
                value, [value]):
            return key[:-len(field) - 1]
    raise AssertionError(f"no row with {field} {value!r}")


def test_the_rows_without_errors_are_saved_and_the_row_with_one_kept_as_typed(
        author_client, draft):
    url = f"/referrals/{draft.pk}/children/"
    page = author_client.get(url)
    first = add_rows({**posted_by(page), "children-0-full_name": "Amelia Hart"}, "children")
    assert author_client.post(url, first).status_code == 302
    amelia = Child.objects.get()

    page = author_client.get(url)
    data = add_rows({**posted_by(page), "children-0-full_name": "Amelia Rose Hart"}, "children",
                    {"full_name": "Ben Hart"},
                    {"full_name": "Cara Hart", **dates("date_of_birth", D(2026, 3, 27)),
                     **dates("date_of_death", D(2026, 3, 1))})
    response = author_client.post(url, data)
    assert response.status_code == 200
    said = text(response)
    assert "The date of death cannot be before the date of birth" in said
    assert ("We have added 1 child and saved your changes to 1 child. The child with errors "
            "has not been saved: correct it and save again.") in said
    assert "<title>Error: " in response.content.decode()
    assert sorted(Child.objects.values_list("full_name", flat=True)) == [
        "Amelia Rose Hart", "Ben Hart"]
    # The row with the error is shown as typed; the saved rows are saved rows now.
    again = posted_by(response)
    cara = row_named(again, "children", "full_name", "Cara Hart")
    assert again[f"{cara}-date_of_death_2"] == ["2026"]
    assert again[f"{cara}-id"] == [""]
    ben = row_named(again, "children", "full_name", "Ben Hart")
    assert again[f"{ben}-id"] == [str(Child.objects.get(full_name="Ben Hart").pk)]
    assert again[f"{row_named(again, 'children', 'full_name', 'Amelia Rose Hart')}-id"] == [
        str(amelia.pk)]
    assert again["children-INITIAL_FORMS"] == ["2"] and again["children-TOTAL_FORMS"] == ["3"]

    # Corrected and saved again: not refused, and nobody is added twice.
    again.update(dates(f"{cara}-date_of_death", D(2026, 4, 1)))
    saved = author_client.post(url, again)
    assert saved.status_code == 302, text(saved)
    assert sorted(Child.objects.values_list("full_name", flat=True)) == [
        "Amelia Rose Hart", "Ben Hart", "Cara Hart"]
    assert Child.objects.get(full_name="Cara Hart").date_of_death == D(2026, 4, 1)


def test_a_row_removed_while_another_has_an_error(author_client, draft):
    url = f"/referrals/{draft.pk}/agencies/"
    first = add_rows({**posted_by(author_client.get(url)), "agencies-0-contact_name": "Dr Ahmed",
                      "agencies-0-organisation": "GP surgery"},
                     "agencies", {"contact_name": "PC Shaw", "organisation": "Police"})
    assert author_client.post(url, first).status_code == 302
    assert InvolvedAgency.objects.count() == 2

    data = posted_by(author_client.get(url))
    gp = row_named(data, "agencies", "contact_name", "Dr Ahmed")
    data[f"{gp}-DELETE"] = ["on"]
    data = add_rows(data, "agencies", {"contact_name": "Ms Jones", "organisation": "School",
                                       **dates("started_on", D(2026, 5, 1)),
                                       **dates("ended_on", D(2026, 4, 1))})
    response = author_client.post(url, data)
    assert response.status_code == 200
    assert "The end date cannot be before the start date" in text(response)
    assert ("We have removed 1 agency. The agency with errors has not been saved: correct it "
            "and save again.") in text(response)
    assert list(InvolvedAgency.objects.values_list("contact_name", flat=True)) == ["PC Shaw"]

    again = posted_by(response)
    assert not any(values == ["Dr Ahmed"] for values in again.values())
    jones = row_named(again, "agencies", "contact_name", "Ms Jones")
    again.update(dates(f"{jones}-ended_on", D(2026, 6, 1)))
    assert author_client.post(url, again).status_code == 302
    assert sorted(InvolvedAgency.objects.values_list("contact_name", flat=True)) == [
        "Ms Jones", "PC Shaw"]


def test_the_family_page_saves_the_people_without_errors(author_client, draft):
    url = f"/referrals/{draft.pk}/family/"
    data = posted_by(author_client.get(url))
    data.update({"family-0-kind": "parent", "family-0-first_name": "Jo",
                 "family-0-last_name": "Hart"})
    data = add_rows(data, "family", {"kind": "sibling", "last_name": "Hart"},
                    {"kind": "", "first_name": "Sam"})
    response = author_client.post(url, data)
    assert response.status_code == 200
    said = text(response)
    assert "Enter their first name" in said
    assert "Select whether they are a parent or guardian" in said
    assert ("We have added 1 person. The 2 people with errors have not been saved: correct "
            "them and save again.") in said
    assert list(FamilyMember.objects.values_list("first_name", flat=True)) == ["Jo"]


def test_nothing_is_saved_when_no_row_is_without_errors(author_client, draft):
    url = f"/referrals/{draft.pk}/children/"
    data = {**posted_by(author_client.get(url)), "children-0-gender": "female"}
    response = author_client.post(url, data)
    assert "Enter the child's full name" in text(response)
    assert "We have" not in text(response)
    assert not Child.objects.exists()


def test_a_row_someone_else_changed_is_still_not_overwritten(author_client, draft, author):
    """After the rows without errors were saved, someone else changes one of them: saving the
    page again is refused, saying so, until the person saves knowingly."""
    url = f"/referrals/{draft.pk}/children/"
    first = add_rows({**posted_by(author_client.get(url)), "children-0-full_name": "Amelia"},
                     "children")
    assert author_client.post(url, first).status_code == 302
    data = add_rows({**posted_by(author_client.get(url)), "children-0-full_name": "Amelia Hart"},
                    "children", {"full_name": "", "gender": "male"})
    response = author_client.post(url, data)
    assert "We have saved your changes to 1 child" in text(response)
    amelia = Child.objects.get()
    amelia.full_name, amelia._history_user = "Amelia J Hart", UserFactory(
        role=Role.AGENCY_CONTRIBUTOR, agency=author.agency, full_name="Mark Bell")
    amelia.save()

    again = posted_by(response)
    again.update({"children-1-full_name": "Ben Hart"})
    refused = author_client.post(url, again)
    assert refused.status_code == 200
    assert "Mark Bell changed this page" in text(refused)
    assert "Nothing has been saved" in text(refused)
    assert list(Child.objects.values_list("full_name", flat=True)) == ["Amelia J Hart"]
    # Saving knowingly replaces their change.
    assert author_client.post(url, posted_by(refused)).status_code == 302
    assert sorted(Child.objects.values_list("full_name", flat=True)) == [
        "Amelia Hart", "Ben Hart"]


def test_a_partial_save_over_someone_elses_change_saves_nothing(author_client, draft, author):
    url = f"/referrals/{draft.pk}/children/"
    first = add_rows({**posted_by(author_client.get(url)), "children-0-full_name": "Amelia"},
                     "children")
    assert author_client.post(url, first).status_code == 302
    loaded = posted_by(author_client.get(url))
    amelia = Child.objects.get()
    amelia.full_name, amelia._history_user = "Amelia J Hart", UserFactory(
        role=Role.AGENCY_CONTRIBUTOR, agency=author.agency, full_name="Mark Bell")
    amelia.save()
    data = add_rows({**loaded, "children-0-full_name": "Amelia Hart"}, "children",
                    {"full_name": "Ben Hart"}, {"full_name": "", "gender": "male"})
    response = author_client.post(url, data)
    assert "Mark Bell changed this page" in text(response)
    assert "We have" not in text(response)
    assert list(Child.objects.values_list("full_name", flat=True)) == ["Amelia J Hart"]


def test_a_page_of_answers_and_rows_keeps_both(author_client, draft):
    """Child protection: its answers and its plans without errors are saved together."""
    url = f"/referrals/{draft.pk}/child_protection/"
    data = {**posted_by(author_client.get(url)), "known_to_social_care": "yes",
            "child_protection-0-kind": "child_protection",
            "child_protection-0-person_name": "Amelia",
            **dates("child_protection-0-started_on", D(2025, 1, 6))}
    data = add_rows(data, "child_protection", {
        "kind": "child_in_need", "person_name": "Ben", **dates("started_on", D(2025, 3, 1)),
        **dates("ended_on", D(2025, 2, 1))})
    response = author_client.post(url, data)
    said = text(response)
    assert "The date the plan ended cannot be before it commenced" in said
    assert ("Your other answers on this page have been saved. We have added 1 plan. The plan "
            "with errors has not been saved: correct it and save again.") in said
    draft.refresh_from_db()
    assert draft.known_to_social_care == "yes"
    assert list(draft.plans.values_list("person_name", flat=True)) == ["Amelia"]
