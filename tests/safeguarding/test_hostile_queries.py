"""The query string of every list page (and of every page that reads one), attacked: each
parameter the page reads, and one it does not, gets characters that look like digits, a
number too long for any column, negative and zero numbers, SQL, a very long string, a NUL
byte, and the parameter repeated. The page must answer, never with a server error, and
never show back markup (tests/hostile.py's markers)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from cases import services as case_services
from cases.models import Case
from safeguarding.models import Role
from tests.factories import UserFactory, submitted_case
from tests.hostile import SCRIPT, assert_escaped

pytestmark = pytest.mark.django_db
D = datetime.date

VALUES = ["²", "9" * 30, "-1", "0", "' OR 1=1", "x" * 10_000, "a\x00b", "½", "٣", SCRIPT]
DATE = ["date_from_0", "date_from_1", "date_from_2", "date_to_0", "date_to_1", "date_to_2"]

# (URL name, its arguments, who reads it, the parameters it reads). A list page added
# later must be added here.
LIST_PAGES = [
    ("cases:list", [], Role.BUSINESS_UNIT, ["reference", "status", "page", "clear"]),
    ("cases:access-log", [], Role.SCRUTINEER, ["reference", "email", "page"]),
    ("cases:decision-log", [], Role.SCRUTINEER,
     ["reference", "record", "actor", "page", *DATE]),
    ("cases:download", ["csv"], Role.BUSINESS_UNIT, ["reference", "status"]),
    ("cases:deadlines-download", ["csv"], Role.BUSINESS_UNIT,
     ["clock", "responsible", "agency", "due", "state"]),
    ("deadlines:dashboard", [], Role.BUSINESS_UNIT,
     ["clock", "responsible", "agency", "due", "state", "page"]),
    ("deadlines:notices", [], Role.BUSINESS_UNIT, ["page"]),
    ("case_forms:list", [], Role.AGENCY_CONTRIBUTOR, ["page"]),
    ("action_plans:plans", [], Role.BUSINESS_UNIT, ["page"]),
    ("action_plans:log", [], Role.BUSINESS_UNIT, ["plan", "agency", "status", "lateness"]),
    ("action_plans:log-download", ["csv"], Role.BUSINESS_UNIT,
     ["plan", "agency", "status", "lateness"]),
    ("action_plans:exceptions", [], Role.BUSINESS_UNIT, ["plan", "agency", "status"]),
    ("action_plans:exceptions-download", ["csv"], Role.BUSINESS_UNIT,
     ["plan", "agency", "status"]),
    ("oversight:index", [], Role.MANAGER, ["period"]),
    ("oversight:pipeline", [], Role.MANAGER, ["period"]),
    ("oversight:pipeline-stage", ["cases", "notification_due"], Role.MANAGER, ["page"]),
    ("oversight:themes", [], Role.MANAGER, ["period"]),
    ("oversight:timeliness", [], Role.MANAGER, ["period"]),
    ("oversight:timeliness-download", ["csv"], Role.MANAGER, ["period"]),
    ("oversight:timeliness-clocks", ["notify_national_panel"], Role.MANAGER,
     ["period", "outcome", "agency", "page"]),
    ("oversight:annual-report", [], Role.MANAGER, ["year"]),
    ("sign-in", [], None, ["next"]),
    ("admin:index", [], None, ["next"]),
]


def queries(parameters: list[str]):
    """Each hostile value in each parameter, then in all of them at once, then each
    parameter repeated with a good-looking and a hostile value."""
    for name in [*parameters, "extra"]:
        for value in VALUES:
            yield {name: value}
    for value in VALUES:
        yield dict.fromkeys(parameters, value)
    yield {name: ["1", "²", "9" * 30] for name in parameters}


def notification_due() -> Case:
    case = submitted_case(received_on=D(2026, 11, 1))
    unit = UserFactory(role=Role.BUSINESS_UNIT)
    case_services.inform_partners(case=case, actor=unit, informed_on=D(2026, 11, 2))
    case_services.record_screening_decision(
        case=case, actor=UserFactory(role=Role.SAFEGUARDING_PARTNER),
        decision=Case.ScreeningDecision.NOTIFY, rationale="Criteria met",
        decided_on=D(2026, 11, 3))
    return case


@pytest.mark.parametrize(("name", "args", "role", "parameters"), LIST_PAGES,
                         ids=[page[0] for page in LIST_PAGES])
def test_no_server_error_from_a_query_string(name, args, role, parameters):
    notification_due()
    client = Client(raise_request_exception=False)
    if role is not None:
        client.force_login(UserFactory(role=role))
    url = reverse(name, args=args)
    plain = client.get(url)
    assert plain.status_code < 400 or role is None, f"{url} answered {plain.status_code}"
    for query in queries(parameters):
        response = client.get(url, query)
        assert response.status_code < 500, f"{url} {str(query)[:80]} gave a server error"
        assert_escaped(response)


def test_a_digit_like_agency_is_an_error_on_the_dashboard(client_as):
    """The report's own examples: "²" passes str.isdigit but is no number; thirty digits are
    too many for the database. Both are errors on the form, and the list unfiltered."""
    client = client_as(Role.BUSINESS_UNIT)
    for value in ["²", "9" * 30]:
        response = client.get(reverse("deadlines:dashboard"), {"agency": value})
        assert response.status_code == 200
        assert b"Select an agency from the list" in response.content


def test_no_server_error_from_a_hostile_next_page(school, school_return):
    """A return's section page reads ?next= (back to check your answers): a hostile one is
    ignored, never a server error nor a link elsewhere."""
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=school))
    url = reverse("reviews:section", args=[school_return.pk, "synopsis"])
    for value in [*VALUES, "https://evil.example/", "//evil.example/", "/\x00/", ["/", "²"]]:
        response = client.get(url, {"next": value})
        assert response.status_code == 200, str(value)[:20]
        assert_escaped(response)
        assert "evil.example" not in response.content.decode()
