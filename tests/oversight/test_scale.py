"""The pipeline, timeliness and themes pages run the same queries for 40 cases as for 4
(issue 15 item 8), each case with everything the three pages read at once: its decision
log, a rapid review, an LCSPR, the agencies' information returns, deadlines met, met late,
overdue and waived over Christmas 2025 with reasons for delay (given and kept by the review
itself), an action plan and learning themes. The other tests of these pages each grow only
their own records; `make bench` (bench/oversight.py) does the same at 2,000 and 20,000."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from deadlines import calendar
from deadlines.models import Clock, Deadline, DelayReason
from oversight.models import LearningTheme, ThemeTag
from reviews.models import Action, ActionPlan, Lcspr, RapidReview
from safeguarding import figures_cache
from safeguarding.models import Decision, Role
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 1, 20)
RECEIVED = D(2025, 12, 1)  # the deadlines fall due over Christmas
PAGES = ("oversight:pipeline", "oversight:timeliness", "oversight:themes")


@pytest.fixture(autouse=True)
def on(monkeypatch):
    original = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs:
                        original(*args, **kwargs) if args or kwargs else TODAY)
    for view in ("oversight.pipeline.views", "oversight.themes.views"):
        monkeypatch.setattr(f"{view}.today", lambda: TODAY)


def decide(record, case: Case | None, from_state: str, to_state: str, day: D) -> None:
    Decision.objects.create(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk,
        case_id=case.pk if case else None, record="Record", transition="step", what="Moved on",
        from_state=from_state, to_state=to_state, to_label=to_state,
        at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 30))))


def deadline(code: str, case: Case, record, state: str, agency=None, reason: str = ""):
    due = calendar.add_working_days(RECEIVED, 10)
    met = {"met": due, "met_late": calendar.add_working_days(due, 3)}.get(state)
    made = Deadline.objects.create(
        clock=Clock.objects.get(code=code), case=case, record_type=record._meta.label_lower,
        record_id=record.pk, owner_agency=agency, starts_on=RECEIVED, due_on=due, met_on=met,
        state=state, waived_reason="The case was closed" if state == "waived" else "")
    if reason:
        DelayReason.objects.create(clock=made.clock, case=case, record_type=made.record_type,
                                   record_id=made.record_id, kind=reason, recorded_by=UserFactory())


def a_case(number: int, themes: list[LearningTheme]) -> None:
    """A case in its LCSPR after a rapid review, with everything the pages read."""
    officer = UserFactory(role=Role.BUSINESS_UNIT)
    case = Case.objects.create(reference=f"SI-2025-{number:04d}", status=Case.Status.LCSPR,
                               received_on=RECEIVED)
    review = RapidReview.objects.create(
        case=case, status=RapidReview.Status.CONCLUDED, decided_on=RECEIVED,
        decided_by=officer, decision_note="Decided by the chair",
        extension_notified_on=D(2025, 12, 19), extension_reason="The inquest")
    lcspr = Lcspr.objects.create(case=case, status=Lcspr.Status.IN_PROGRESS,
                                 decided_on=D(2025, 12, 29), delay_told_on=D(2026, 1, 5),
                                 delay_kind="criminal_proceedings", delay_text="The trial")
    plan = ActionPlan.objects.create(source="rapid_review", title="Strategy discussions",
                                     case=case, created_on=D(2025, 12, 22))
    action = Action.objects.create(plan=plan, number=1, status=Action.Status.IN_PROGRESS,
                                   action="Audit", owner_agency=AgencyFactory(),
                                   due_on=D(2026, 1, 2), agreed_on=D(2025, 12, 23))
    decide(case, case, Case.Status.RAPID_REVIEW, Case.Status.LCSPR, D(2025, 12, 29))
    decide(review, case, RapidReview.Status.SUBMITTED, RapidReview.Status.CONCLUDED,
           D(2026, 1, 6))
    decide(lcspr, case, Lcspr.Status.COMMISSIONING, Lcspr.Status.IN_PROGRESS, D(2026, 1, 12))
    decide(action, case, Action.Status.AGREED, Action.Status.IN_PROGRESS, D(2026, 1, 5))
    deadline("notify_national_panel", case, case, "met")
    deadline("notify_ofsted", case, case, "met_late", reason=DelayReason.Kind.INQUEST)
    deadline("partners_consider", case, case, "waived")
    deadline("rapid_review_to_panel", case, case, "met_late")  # the extension notice's
    deadline("lcspr_published", case, lcspr, "overdue")  # the LCSPR's delay told
    deadline("agency_information_return", case, review, "met_late", AgencyFactory(),
             DelayReason.Kind.OTHER)
    deadline("action_due", case, action, "overdue", action.owner_agency)
    for theme in themes:
        ThemeTag.objects.create(theme=theme, case=case, tagged_by=officer,
                                tagged_on=D(2026, 1, 6))
    ThemeTag.objects.create(theme=themes[0], case=case, rapid_review=review, tagged_by=officer,
                            tagged_on=D(2026, 1, 6))
    figures_cache.changed()  # made directly: the services would have said so


def queries(client) -> list[int]:
    counted = []
    for page in PAGES:
        calendar.forget()
        figures_cache.changed()  # counted afresh, not read from the cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(page)).status_code == 200
        counted.append(len(captured))
    return counted


def test_the_pages_run_the_same_queries_for_40_cases_as_for_4(client_as):
    themes = list(LearningTheme.objects.order_by("pk")[:3])
    client = client_as(Role.BUSINESS_UNIT)
    for number in range(1, 5):
        a_case(number, themes)
    client.get(reverse("oversight:index"))  # the session and content types read once
    few = queries(client)
    for number in range(5, 41):
        a_case(number, themes)
    html = client.get(reverse("oversight:themes")).content.decode()
    # The 40 are counted; each theme lists ten of them and says how many more.
    assert html.count("and 30 more") == len(themes)
    assert queries(client) == few
