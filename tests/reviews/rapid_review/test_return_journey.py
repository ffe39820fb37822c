"""Issue 16: the agency's information return as a task list it can trust (a section is
completed when the agency says so, and the list says what is missing), the required
questions marked, check-your-answers that starts with what is missing and comes back to
itself, and a chronology of many events per save."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from reviews.models import ChronologyEntry, InformationReturn
from reviews.rapid_review import services
from safeguarding.models import Role
from tests.factories import UserFactory
from tests.rapid_review import complete

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def client(school):
    client = Client()
    client.force_login(UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=school))
    return client


def section(information_return, slug: str) -> str:
    return reverse("reviews:section", args=[information_return.pk, slug])


def synopsis(**answers) -> dict[str, str]:
    return {"initial_information": "The school's referral of 3 November 2026",
            "involvement_with_incident": "The Designated Safeguarding Lead rang the police",
            **answers}


def status_of(page: str, slug: str) -> str:
    found = re.search(rf'id="{slug}-status">(.*?)</div>', page, re.S)
    assert found, f"no status for {slug}"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_a_saved_section_is_in_progress_and_says_what_is_missing(client, school_return):
    response = client.post(section(school_return, "synopsis"), synopsis())
    assert response.status_code == 302
    page = client.get(school_return.get_absolute_url()).content.decode()
    assert status_of(page, "synopsis") == "In progress"
    assert "Answer question 6: concerns about how partners worked together" in page
    assert status_of(page, "recommendation") == "Not started"


def test_a_section_is_completed_only_when_the_agency_says_so(client, school_return):
    complete(school_return)
    page = client.get(school_return.get_absolute_url()).content.decode()
    assert status_of(page, "synopsis") == "Not started"  # every answer given, not said done
    client.post(section(school_return, "synopsis"), {
        **{field: getattr(school_return, field) for field in (
            "initial_information", "involvement_with_incident", "previous_involvement",
            "practice_analysis", "immediate_action", "working_together_concerns",
            "voice_of_child")}, "progress-completed": "yes"})
    page = client.get(school_return.get_absolute_url()).content.decode()
    assert status_of(page, "synopsis") == "Completed"
    school_return.refresh_from_db()
    assert school_return.section_progress == {"synopsis": "completed"}


def test_saying_a_section_is_completed_with_an_answer_missing_is_refused(client,
                                                                          school_return):
    response = client.post(section(school_return, "synopsis"),
                           synopsis(further_information="A sibling attends the nursery",
                                    **{"progress-completed": "yes"}))
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "You cannot say this section is completed yet." in page
    assert "Answer question 6: concerns about how partners worked together" in page
    # Every answer typed is still on the page, and nothing is saved.
    assert "The school&#x27;s referral of 3 November 2026" in page
    assert "A sibling attends the nursery" in page
    school_return.refresh_from_db()
    assert school_return.initial_information == "" and school_return.section_progress == {}


def test_every_required_question_is_marked(client, school_return):
    page = client.get(section(school_return, "synopsis")).content.decode()
    assert re.search(r"6\. Any areas of concern about the way partners have worked together "
                     r"to safeguard the subject child \(required\)", page)
    assert re.search(r"7\. Any further relevant information[^<]*meeting\s*<", page)
    chronology = client.get(section(school_return, "chronology")).content.decode()
    assert "Significant event (required)" in chronology


def test_an_error_keeps_every_other_answer_typed(client, school_return):
    response = client.post(section(school_return, "about"), {
        "completed_by_name": "Claire Dunn", "completed_by_role": "Designated Safeguarding Lead",
        "completed_on_0": "31", "completed_on_1": "2", "completed_on_2": "2026",
        "had_involvement": "yes"})
    page = response.content.decode()
    assert "The date the form was completed must be a real date" in page
    assert 'value="Claire Dunn"' in page and 'value="Designated Safeguarding Lead"' in page
    assert re.search(r'id="id_had_involvement_1"\s+value="yes"\s+checked', page)
    assert 'value="31"' in page


def test_check_answers_starts_with_what_is_missing_and_change_comes_back(client,
                                                                         school_return):
    check = reverse("reviews:submit", args=[school_return.pk])
    page = client.get(check).content.decode()
    missing = page.index("Answer question 1: the initial information")
    assert missing < page.index("Details of the person completing this form</h2>")
    back_here = f"{section(school_return, 'synopsis')}?next=check"
    assert f'href="{back_here}"' in page
    response = client.post(back_here, synopsis())
    assert response.status_code == 302 and response["Location"] == check


def test_a_next_page_elsewhere_is_ignored(client, school_return):
    check = reverse("reviews:submit", args=[school_return.pk])
    response = client.post(f"{section(school_return, 'synopsis')}?next={check}", synopsis())
    assert response["Location"] == school_return.get_absolute_url()  # a word, not an address
    response = client.post(section(school_return, "synopsis") + "?next=https://evil.example/",
                           synopsis())
    assert response["Location"] == school_return.get_absolute_url()
    response = client.post(section(school_return, "synopsis") + "?next=//evil.example/",
                           synopsis())
    assert response["Location"] == school_return.get_absolute_url()


# The chronology: several events per save.

def rows(total: int, initial: int = 0, **values) -> dict[str, str]:
    return {"chronology-TOTAL_FORMS": str(total), "chronology-INITIAL_FORMS": str(initial),
            "chronology-MIN_NUM_FORMS": "0", "chronology-MAX_NUM_FORMS": "500", **values}


def event(index: int, on: datetime.date, what: str) -> dict[str, str]:
    return {f"chronology-{index}-happened_on_0": str(on.day),
            f"chronology-{index}-happened_on_1": str(on.month),
            f"chronology-{index}-happened_on_2": str(on.year),
            f"chronology-{index}-event": what}


def test_the_chronology_offers_five_blank_rows_and_saves_several_ignoring_blank_ones(
        client, school_return):
    url = section(school_return, "chronology")
    page = client.get(url).content.decode()
    assert 'name="chronology-TOTAL_FORMS" value="5"' in page
    response = client.post(url, rows(5, **event(0, D(2026, 10, 19), "Arrived hungry"),
                                     **event(1, D(2026, 10, 20), "Absent, no call"),
                                     **event(3, D(2026, 10, 21), "Bruise on the arm seen")))
    assert response.status_code == 302
    assert list(ChronologyEntry.objects.values_list("event", flat=True)) == [
        "Arrived hungry", "Absent, no call", "Bruise on the arm seen"]
    page = client.get(url).content.decode()
    assert 'name="chronology-TOTAL_FORMS" value="8"' in page  # 3 saved and 5 blank


def test_add_more_rows_saves_and_gives_more_blank_rows(client, school_return):
    url = section(school_return, "chronology")
    response = client.post(url, rows(5, add_row="1", **event(0, D(2026, 10, 19), "Hungry")))
    assert response.status_code == 302 and response["Location"] == url + "?add=1#add"
    assert ChronologyEntry.objects.count() == 1
    page = client.get(url + "?add=1").content.decode()
    assert 'name="chronology-TOTAL_FORMS" value="11"' in page
    assert "Save and add more rows" in page


def test_each_rows_error_names_its_row_and_nothing_is_saved(client, school_return):
    url = section(school_return, "chronology")
    response = client.post(url, rows(5, **event(0, D(2026, 10, 19), "Hungry"),
                                     **event(2, D(2026, 10, 20), ""),
                                     **{"chronology-3-event": "Seen by the nurse"}))
    page = response.content.decode()
    assert "Event 3: Enter the significant event" in page
    assert "Event 4: Enter the date of the event" in page
    assert "Hungry" in page and "Seen by the nurse" in page
    assert not ChronologyEntry.objects.exists()


def test_a_removal_ticked_on_a_page_with_an_error_stays_ticked(client, school_return):
    kept = ChronologyEntry.objects.create(information_return=school_return,
                                          happened_on=D(2026, 10, 19), event="Hungry")
    page = client.get(section(school_return, "chronology")).content.decode()
    version = re.search(r'name="chronology-0-version" value="(\d*)"', page).group(1)
    response = client.post(section(school_return, "chronology"), rows(
        6, 1, **event(0, D(2026, 10, 19), "Hungry"), **{
            "chronology-0-id": str(kept.pk), "chronology-0-version": version,
            "chronology-0-DELETE": "on", "chronology-1-event": "No date"}))
    assert re.search(r'name="chronology-0-DELETE" id="[^"]+" checked', response.content.decode())
    assert ChronologyEntry.objects.filter(pk=kept.pk).exists()


def test_submitting_still_needs_every_answer(client, school_return):
    """The marks are the agency's own: submission checks the answers as before."""
    complete(school_return)
    services.submit_information_return(information_return=school_return,
                                       actor=UserFactory(role=Role.AGENCY_CONTRIBUTOR,
                                                         agency=school_return.agency))
    school_return.refresh_from_db()
    assert school_return.status == InformationReturn.Status.SUBMITTED
