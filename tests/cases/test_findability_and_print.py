"""Issue 16: the case list filtered in its address, the case page's summary, its link to the
notification summary, its clocks' bars in words, and what the rapid review's PDFs hold."""

import datetime
import re

import pytest
from django.test import Client

from cases.clocks import clock_bar
from cases.models import Case, CaseAccess
from deadlines.models import Clock, Deadline
from deadlines.selectors import ClockLine
from safeguarding.models import Role
from tests import factories
from tests.hostile import attack
from tests.pdfs import needs_pdftotext, pdf_text

pytestmark = pytest.mark.django_db
D = datetime.date
S = Case.Status


def in_state(case: Case, status: str) -> Case:
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


@pytest.fixture
def three_cases():
    amelia = factories.submitted_case(received_on=D(2026, 11, 19))
    jayden = in_state(factories.submitted_case(received_on=D(2026, 11, 19),
                                               child__full_name="Jayden Clarke"), S.SCREENING)
    toby = in_state(factories.submitted_case(received_on=D(2026, 11, 19),
                                             child__full_name="Toby Marsh"), S.SCREENING)
    return amelia, jayden, toby


def listed(response) -> list[str]:
    return [case.reference for case in response.context["cases"]]


# The case list's filters in the address.

def test_the_filters_travel_in_the_address(client_as, three_cases):
    amelia, jayden, toby = three_cases
    client = client_as(Role.BUSINESS_UNIT)
    response = client.get("/cases/", {"status": S.SCREENING})
    assert sorted(listed(response)) == sorted([jayden.reference, toby.reference])
    number = jayden.reference.rsplit("-", 1)[1]
    response = client.get("/cases/", {"reference": number, "status": S.SCREENING})
    assert listed(response) == [jayden.reference]
    html = response.content.decode()
    assert '<form method="get"' in html or "method=\"get\"" in html
    assert f'value="{number}"' in html
    # The download takes the same filters.
    assert f'href="/cases/download/csv/?reference={number}&amp;status=screening"' in html
    assert client.get("/cases/", {"reference": amelia.reference.lower()}).context[
        "page"].object_list[0] == amelia


@pytest.mark.parametrize(("query", "message"), [
    ({"status": "nonsense"}, "Select a status from the list"),
    ({"reference": "Jayden"}, "Enter a case reference, like SI-2026-0007, or the numbers in it"),
    ({"reference": "<script>1</script>"}, "Enter a case reference"),
    ({"reference": "9" * 40}, "Ensure this value has at most 20 characters"),
    ({"page": "x", "status": "²"}, "Select a status from the list"),
])
def test_bad_filters_give_an_error_and_filter_nothing(client_as, three_cases, query, message):
    response = client_as(Role.BUSINESS_UNIT).get("/cases/", query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert len(listed(response)) == 3


def test_pages_keep_the_filters(client_as):
    for number in range(30):
        Case.objects.create(reference=f"SI-2025-{number:04d}", received_on=D(2025, 1, 1),
                            status=S.SCREENING if number % 2 else S.REFERRED)
    client = client_as(Role.BUSINESS_UNIT)
    html = client.get("/cases/", {"reference": "2025", "status": S.SCREENING}).content.decode()
    assert "15 cases found" in html
    # 15 is one page: widen to every status for a second page.
    html = client.get("/cases/", {"reference": "2025"}).content.decode()
    assert 'href="?reference=2025&amp;page=2"' in html
    second = client.get("/cases/", {"reference": "2025", "page": 2})
    assert len(listed(second)) == 5


def test_a_childs_name_is_searched_for_by_post_and_never_in_an_address(client_as,
                                                                       three_cases):
    amelia, jayden, toby = three_cases
    client = client_as(Role.BUSINESS_UNIT)
    response = client.post("/cases/?status=screening", {"name": "jayden"})
    assert response.status_code == 200  # the results are the answer to the post
    assert listed(response) == [jayden.reference]
    html = response.content.decode()
    assert "jayden" not in "".join(re.findall(r'href="([^"]*)"', html)).lower()
    # Kept nowhere: the next page of the list is the list, filtered by its address only.
    assert sorted(listed(client.get("/cases/?status=screening"))) == sorted(
        [jayden.reference, toby.reference])
    empty = client.post("/cases/", {"name": ""})
    assert "Enter all or part of the child&#x27;s name" in empty.content.decode()


def test_the_list_download_is_still_in_the_access_log(client_as, three_cases):
    amelia, jayden, _toby = three_cases
    client = client_as(Role.BUSINESS_UNIT)
    client.get("/cases/download/csv/", {"status": S.SCREENING, "reference": jayden.reference})
    assert list(CaseAccess.objects.values_list("case_id", "what")) == [
        (jayden.pk, "case list (CSV)")]


def test_hostile_filters_never_break_the_list(client_as, three_cases):
    attack(client_as(Role.BUSINESS_UNIT), "/cases/", method="get")


# The case page.

@pytest.mark.parametrize("role", [Role.BUSINESS_UNIT, Role.SAFEGUARDING_PARTNER,
                                  Role.SCRUTINEER, Role.MANAGER])
def test_the_case_page_links_the_notification_summary_for_who_may_open_it(client_as, role):
    case = factories.submitted_case(received_on=D(2026, 11, 19))
    client = client_as(role)
    html = client.get(f"/cases/{case.reference}/").content.decode()
    url = f"/cases/{case.reference}/notification-summary.pdf"
    may_open = client.get(url).status_code == 200
    assert (f'href="{url}"' in html) is may_open


def test_the_case_page_puts_the_summary_before_the_long_sections(client_as):
    case = factories.submitted_case(received_on=D(2026, 11, 19))
    html = client_as(Role.BUSINESS_UNIT).get(f"/cases/{case.reference}/").content.decode()
    status, clocks = html.index('data-testid="status"'), html.index('data-testid="clocks"')
    actions = html.index('data-testid="actions"')
    record = html.index('class="govuk-accordion"')
    assert status < actions < clocks < record
    referral = html.index("Baby brought to A&amp;E with a fractured skull")
    timeline = html.index('data-testid="timeline"')
    assert record < referral and record < timeline
    assert 'data-module="govuk-accordion"' in html
    # The referral's heading is the accordion's, not said twice.
    assert html.count("The referral</") == 1


# The clocks' bars.

def _line(state: str, *, met_on=None, left=None, position=0) -> ClockLine:
    clock = Clock(code="test", name="Test clock", amount=5, unit=Clock.Unit.WORKING_DAYS)
    return ClockLine(Deadline(clock=clock, state=state, starts_on=D(2026, 11, 2),
                              due_on=D(2026, 11, 9), met_on=met_on), left, position)


@pytest.mark.parametrize(("line", "fill", "tone", "text"), [
    (_line("overdue", left=-3, position=100), 100, "red", "Overdue by 3 working days"),
    (_line("overdue", left=-1, position=100), 100, "red", "Overdue by 1 working day"),
    (_line("met_late", met_on=D(2026, 11, 11), position=100), 100, "orange",
     "Met late, by 2 working days"),
    (_line("met", met_on=D(2026, 11, 3), position=14), 100, "green", "Met on time"),
    (_line("waived"), 100, "grey", "Waived"),
    (_line("open", left=3, position=42), 40, "blue", "Not yet due: 3 working days left"),
    (_line("open", left=0, position=100), 100, "blue", "Due today"),
])
def test_each_clocks_bar_has_its_colour_and_says_its_state(line, fill, tone, text):
    bar = clock_bar(line)
    assert (bar.fill, bar.tone, bar.text) == (fill, tone, text)


def test_the_case_page_says_each_clocks_state_in_words(client_as):
    case = factories.submitted_case(received_on=D(2026, 11, 19))
    html = client_as(Role.BUSINESS_UNIT).get(f"/cases/{case.reference}/").content.decode()
    clocks = html[html.index('data-testid="clocks"'):]
    assert "app-clock__fill--" in clocks and "<meter" not in clocks
    assert re.search(r"Met on time|Not yet due|Overdue by|Due today", clocks)


# The rapid review's PDFs.

@needs_pdftotext
def test_the_pack_has_the_referrals_narrative_and_the_report_the_childs_details(
        signed, business_unit, tmp_path):
    from forms.models import Child

    referral = signed.case.referral
    Child.objects.filter(referral=referral).update(
        date_of_birth=D(2026, 7, 14), gender="female", ethnicity="White British",
        disability="None known")
    client = Client()
    client.force_login(business_unit)
    pack = pdf_text(client.get(f"/rapid-reviews/{signed.pk}/panel-pack.pdf").content, tmp_path)
    assert "What happened: the referral" in pack
    assert "Baby brought to A&E with a fractured skull; explanation inconsistent." in pack
    assert pack.index("What happened: the referral") < pack.index("Agencies asked for")
    report = pdf_text(client.get(f"/rapid-reviews/{signed.pk}/rapid-review-report.pdf").content,
                      tmp_path)
    summary = report[report.index("1. Case summary"):report.index("2. Agency involvement")]
    for text in ("The child", "Age at the time of the incident", "Sex Female",
                 "Ethnicity White British", "Disability None known"):
        assert text in summary, text
    # The template asks for no name.
    assert "Amelia" not in summary
