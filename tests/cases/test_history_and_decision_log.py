"""The change history in words (names not ids, labels not codes, lists as words; the rapid
review's changes with the case's) and the scrutineer's decision log."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.models import Case
from forms.models import Referral
from reviews.rapid_review import services as review_services
from safeguarding.history import changed_by
from safeguarding.models import Decision, Role
from tests import factories
from tests.factories import UserFactory
from tests.visible_text import offending, read

pytestmark = pytest.mark.django_db

# The day these tests' cases are received: the incident's day (the referral factory's), on
# or before every date the tests record on a case, which may not precede it (004 s. 4.6).
RECEIVED = datetime.date(2026, 11, 19)


def submitted_case(**referral_fields) -> Case:
    return factories.submitted_case(received_on=RECEIVED, **referral_fields)
D = datetime.date


def history_of(case: Case, client: Client) -> str:
    response = client.get(f"/cases/{case.reference}/history/")
    assert response.status_code == 200
    return read(response.content.decode()).text


def decided(case: Case) -> Case:
    unit = UserFactory(role=Role.BUSINESS_UNIT, full_name="Sam Okafor")
    partner = UserFactory(role=Role.SAFEGUARDING_PARTNER, full_name="Helen Moss")
    services.inform_partners(case=case, actor=unit, informed_on=D(2026, 11, 23))
    services.record_screening_decision(
        case=case, actor=partner, decision=Case.ScreeningDecision.NOTIFY,
        rationale="Criteria met", decided_on=D(2026, 11, 23))
    return case


# The change history.

def test_the_history_names_people_and_cases_and_shows_labels_not_codes(client_as):
    case, other = decided(submitted_case()), submitted_case()
    unit = UserFactory(role=Role.BUSINESS_UNIT, full_name="Sam Okafor")
    services.merge_case(case=other, into=case, actor=unit, reason="The same child")
    text = history_of(case, client_as(Role.SCRUTINEER))
    assert "Screening decided by: (blank) → Helen Moss" in text
    assert "Screening decision: (blank) → Notify the National Panel, Ofsted and DfE" in text
    assert "Status: With the safeguarding partners → To be notified" in text
    # The decision that made the change, in its words, with its reason.
    assert "Partners decided to notify\nCriteria met" in text
    assert "Safeguarding partner, " in text  # who: name, role and agency
    merged = history_of(other, client_as(Role.SCRUTINEER))
    assert f"Merged into: (blank) → {case.reference}" in merged
    assert f"Duplicate of {case.reference}. The same child" in merged
    assert not offending(text + merged)


def test_answers_kept_as_lists_are_shown_as_their_labels(client_as):
    case = submitted_case()
    referral = case.referral
    referral.characteristics = [Referral.Characteristic.RECENT_NEGLECT,
                                Referral.Characteristic.PARENTAL_MENTAL_HEALTH]
    referral.other_reviews = []
    changed_by(referral, referral.created_by).save()
    text = history_of(case, client_as(Role.BUSINESS_UNIT))
    assert ("Characteristics of the case: Physical abuse, Shaken baby syndrome → Recent "
            "neglect, Parental mental health") in text
    assert "Other reviews pending or complete: Criminal investigation → (blank)" in text
    assert "Child: Baby Amelia Test" in text  # a row by its name, not its id
    assert not offending(text)


def test_the_rapid_reviews_changes_are_in_the_cases_history(signed, business_unit):
    attendance = signed.attendance.first()
    attendance.direct_involvement = True
    changed_by(attendance, business_unit).save()
    client = Client()
    client.force_login(business_unit)
    text = history_of(signed.case, client)
    assert "Rapid review\nPanel's recommendation recorded" in text
    assert ("Recommendation: (blank) → A Local Safeguarding Practice Review to be undertaken "
            "(independent author)") in text
    assert "Status: Panel met → Recommendation made" in text
    assert "Status: Recommendation made → Partners' decision made" in text
    assert "Status: Partners' decision made → Signed off by the partners" in text
    assert "Sign-off for Police\nCreated" in text
    assert "Sign-off for Integrated care board" in text
    assert "Immediate action: Refer the sibling" in text
    assert "Has had direct involvement in the case: No → Yes" in text
    assert "Information return from Northmoor Academy\nReturn submitted" in text
    assert "Status: In progress → Submitted" in text or "Status: Not started → Submitted" in text
    assert not offending(text)


def test_choosing_the_panel_is_in_the_history_with_the_members_names(review, business_unit):
    chair = UserFactory(role=Role.PANEL_CHAIR, full_name="Dr Ruth Okoye")
    review_services.choose_panel(review=review, actor=business_unit, members=[chair])
    client = Client()
    client.force_login(business_unit)
    assert "Panel chosen\nPanel: Dr Ruth Okoye" in history_of(review.case, client)


def test_the_history_page_takes_as_many_queries_however_much_has_changed(
        signed, business_unit, agencies):
    client = Client()
    client.force_login(business_unit)
    url = f"/cases/{signed.case.reference}/history/"
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for row in signed.attendance.all():
        row.direct_involvement = True
        changed_by(row, business_unit).save()
    review_services.send_information_requests(
        review=signed, actor=business_unit,
        agencies=[agency for kind, agency in agencies.items() if kind != "education"])
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) <= len(before)


# The decision log.

@pytest.mark.parametrize("role", Role.values)
def test_the_decision_log_is_for_the_scrutineer_the_business_unit_and_managers(client_as,
                                                                               role):
    status = client_as(role).get("/cases/decisions/").status_code
    assert status == (200 if role in (Role.SCRUTINEER, Role.BUSINESS_UNIT, Role.MANAGER)
                      else 403)


def test_the_decision_log_is_not_for_anonymous_visitors(db):
    response = Client().get("/cases/decisions/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize("role,shown", [(Role.SCRUTINEER, True), (Role.MANAGER, True),
                                        (Role.BUSINESS_UNIT, True),
                                        (Role.SAFEGUARDING_PARTNER, False)])
def test_the_navigation_links_to_the_decision_log_for_those_who_may_read_it(client_as, role,
                                                                          shown):
    html = client_as(role).get("/").content.decode()
    assert ('href="/cases/decisions/"' in html) is shown


def rows_of(html: str) -> list[str]:
    table = html[html.index('data-testid="decision-log"'):html.index("</table>")]
    return [read(row).text.strip() for row in re.findall(r"<tr class=\"govuk-table__row\">"
                                                         r"(.*?)</tr>", table, re.S)[1:]]


def test_the_decision_log_lists_every_decision_newest_first_in_words(client_as):
    case = decided(submitted_case())
    html = client_as(Role.SCRUTINEER).get("/cases/decisions/").content.decode()
    rows = rows_of(html)
    assert len(rows) == Decision.objects.count() == 4
    newest = rows[0]
    assert case.reference in newest
    assert f'href="/cases/{case.reference}/"' in html
    assert "Partners decided to notify" in newest
    assert "With the safeguarding partners → To be notified" in newest
    assert "Helen Moss\nSafeguarding partner, " in newest
    assert "Criteria met" in newest
    assert {"Referral submitted", "Referral received"} <= {row.split("\n")[2] for row in rows[2:]}
    assert not offending(read(html).text)


def test_the_decision_log_is_filtered_by_case_reference(client_as):
    first, second = decided(submitted_case()), submitted_case()
    client = client_as(Role.MANAGER)
    html = client.get("/cases/decisions/", {"reference": second.reference.lower()}).content
    rows = rows_of(html.decode())
    assert rows and all(second.reference in row for row in rows)
    assert not any(first.reference in row for row in rows)
    assert "No decisions about SI-1999-0001" in client.get(
        "/cases/decisions/", {"reference": "SI-1999-0001"}).content.decode()


def test_the_decision_log_shows_25_a_page(client_as):
    for _ in range(7):
        decided(submitted_case())  # four decisions each
    client = client_as(Role.SCRUTINEER)
    assert len(rows_of(client.get("/cases/decisions/").content.decode())) == 25
    assert len(rows_of(client.get("/cases/decisions/", {"page": 2}).content.decode())) == 3


def test_the_decision_log_takes_as_many_queries_however_many_cases(
        client_as, django_assert_max_num_queries):
    client = client_as(Role.SCRUTINEER)
    decided(submitted_case())
    with CaptureQueriesContext(connection) as one_case:
        client.get("/cases/decisions/")
    for _ in range(6):
        decided(submitted_case())
    with django_assert_max_num_queries(len(one_case)):
        client.get("/cases/decisions/")


def test_the_scrutineers_home_page_lists_the_newest_decisions(client_as):
    """The scrutineer checks the partners' decisions (DESIGN.md, who uses it): their home page
    lists the newest, each with its case, in the decision log's words."""
    case = factories.submitted_case(received_on=datetime.date(2026, 11, 20))
    services.inform_partners(case=case, actor=UserFactory(role=Role.BUSINESS_UNIT),
                             informed_on=datetime.date(2026, 11, 23))
    page = client_as(Role.SCRUTINEER).get("/").content.decode()
    assert f"{case.reference}: Safeguarding partners informed" in page
    assert "There are no recent decisions." not in page
