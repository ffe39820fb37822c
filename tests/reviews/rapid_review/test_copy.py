"""The wording of the rapid review's pages (issue 16 point 5): plain labels in sentence case,
times as GOV.UK writes them, the right button for the first row, an arrow never pointing at
nothing, and no reference to the source documents by number."""

import datetime

import pytest
from django.template import Context, Template
from django.test import Client

from reviews.models import ChronologyEntry, RapidReview
from safeguarding.models import Decision
from safeguarding.times import govuk_date_time, govuk_time
from tests.rapid_review import submitted_return
from tests.visible_text import read, wording_problems

pytestmark = pytest.mark.django_db
T = datetime.time


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("at", "words"), [
    (T(15, 30), "3:30pm"), (T(9, 5), "9:05am"), (T(9, 0), "9am"), (T(12, 0), "midday"),
    (T(0, 0), "midnight"), (T(12, 45), "12:45pm"), (T(0, 10), "12:10am"), (None, "")])
def test_times_are_written_as_govuk_writes_them(at, words):
    assert govuk_time(at) == words
    assert Template("{{ at|govuk_time }}").render(Context({"at": at})) == words


def test_a_moment_is_a_date_and_a_time_in_the_service_time_zone():
    summer = datetime.datetime(2026, 7, 3, 14, 30, tzinfo=datetime.UTC)  # 3:30pm in London
    assert govuk_date_time(summer) == "3 July 2026, 3:30pm"


def test_no_chronology_time_shows_with_seconds(review, agencies, business_unit):
    information_return = submitted_return(review, agencies["education"], business_unit, events=[
        (datetime.date(2026, 10, 19), T(15, 30), "Brother arrived at school hungry")])
    assert ChronologyEntry.objects.filter(information_return=information_return).exists()
    page = _client(business_unit).get(information_return.get_absolute_url()).content.decode()
    assert "15:30:00" not in page and "15:30" not in page
    assert "3:30pm" in page


def test_single_agency_learning_is_said_plainly():
    label = RapidReview.Recommendation.SINGLE_AGENCY_LEARNING.label
    assert label == "Single-agency learning: one agency reviews its own practice"
    assert "A single agency practice learning to be undertaken" not in label


def test_the_first_immediate_action_is_added_not_another(met, chair):
    page = _client(chair).get(f"/rapid-reviews/{met.pk}/outcome/").content.decode()
    assert "Save and add an immediate safety action" in page
    assert "Save and add another immediate safety action" not in page


def test_the_decision_log_never_shows_an_arrow_pointing_at_nothing(review, business_unit,
                                                                  client_as):
    from safeguarding.models import Role

    decision = Decision.objects.filter(case_id=review.case_id).order_by("pk").last()
    Decision.objects.filter(pk=decision.pk).update(from_state="referred", from_label="Referred",
                                                   to_state="gone", to_label="")
    for page in (client_as(Role.SCRUTINEER).get("/cases/decisions/").content.decode(),
                 _client(business_unit).get(review.case.get_absolute_url()).content.decode()):
        text = read(page).text
        assert "Referred → No status" in text
        assert not wording_problems(text)


def test_no_page_of_the_review_refers_to_the_source_documents(review, business_unit):
    for path in (review.case.get_absolute_url(), review.get_absolute_url(),
                 f"/rapid-reviews/{review.pk}/panel/", f"/rapid-reviews/{review.pk}/attendance/"):
        text = read(_client(business_unit).get(path).content.decode()).text
        assert not wording_problems(text), (path, wording_problems(text))
