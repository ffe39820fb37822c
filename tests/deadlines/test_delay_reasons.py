"""Reasons for a statutory clock's delay (issue 12, item 7): a statutory clock met late or
overdue asks the business unit why (criminal proceedings, an inquest, or another reason in
words); the reason shows on the clock, on the dashboard and home lists, and in the rapid
review report to the National Panel; the rapid review's extension notice is its own reason.
The reason is kept apart from the deadlines, which sync remakes, and survives every
recompute.

Sources: seed 002 (Bradford, publication) and seed 004 section 15.5 (Darlington): "where
other proceedings may have had an impact on or delayed publication (for example, an ongoing
criminal investigation, inquest or pending prosecution), the Statutory Safeguarding
Partners should inform the Child Safeguarding Practice Review Panel and the Secretary of
State of the reason for the delay"; seed 001 (Birmingham) day 15: "if there are extenuating
reasons why the rapid review cannot be completed within 15 working days, please notify the
Secretariat"; Working Together to Safeguard Children 2023: the local authority notifies
within 5 working days of becoming aware, and the rapid review reaches the Panel within 15
working days of the notification."""

import contextlib
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cases import services as cases
from cases.models import Case, Notification
from deadlines import selectors, services
from deadlines.models import Clock, Deadline, DelayReason
from deadlines.tasks import recompute_deadlines
from reviews.rapid_review import services as reviews
from safeguarding.models import Decision, Role
from tests.factories import UserFactory, submitted_case
from tests.pdfs import needs_pdftotext, pdf_text
from tests.visible_text import read

pytestmark = pytest.mark.django_db
D = datetime.date
R = Notification.Recipient
K = DelayReason.Kind
NOTIFY = "notify_national_panel"
FIFTEEN_DAYS = "rapid_review_to_panel"
SYSTEM_DOWN = "The online notification system was unavailable until the new year"


@pytest.fixture
def business_unit():
    return UserFactory(role=Role.BUSINESS_UNIT, full_name="Priya Shah")


@pytest.fixture
def partner():
    return UserFactory(role=Role.SAFEGUARDING_PARTNER)


def notified_late(business_unit, partner, *, aware_on: D, notified_on: D | None) -> Case:
    """A case the partners decided to notify, the local authority aware on ``aware_on``, the
    National Panel notified on ``notified_on`` (not yet, if None)."""
    case = submitted_case(received_on=aware_on)
    cases.inform_partners(case=case, actor=business_unit, informed_on=aware_on)
    cases.record_screening_decision(
        case=case, actor=partner, decision=Case.ScreeningDecision.NOTIFY,
        rationale="A child was seriously harmed and abuse is suspected.", decided_on=aware_on)
    cases.record_local_authority_awareness(case=case, actor=business_unit, aware_on=aware_on)
    if notified_on:
        cases.record_notification(case=case, actor=business_unit, recipient=R.NATIONAL_PANEL,
                                  notified_on=notified_on,
                                  channel=Notification.Channel.ONLINE_SYSTEM,
                                  sent_by="Head of Safeguarding")
    case.refresh_from_db()
    return case


def over_christmas(business_unit, partner) -> Case:
    """Aware on Wednesday 21 December 2022: the 5 working days skip Christmas (Monday 26 and
    Tuesday 27 December, the substitute day), so fall due on Friday 30 December; notified on
    Tuesday 3 January 2023 (Monday 2 January the substitute New Year's Day): 1 working day
    late."""
    return notified_late(business_unit, partner, aware_on=D(2022, 12, 21),
                         notified_on=D(2023, 1, 3))


def deadline(case: Case, code: str) -> Deadline:
    return Deadline.objects.select_related("clock", "case").get(case=case, clock__code=code)


def waiting(case: Case) -> list[str]:
    """The case's late statutory clocks with no reason for the delay."""
    return [late.clock.code for late in selectors.late_without_a_reason(case_id=case.pk)]


def seen(html: str) -> str:
    return " ".join("".join(read(html).seen).split())


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@contextlib.contextmanager
def nothing_changes():
    """No reason, no version of one and no decision-log row is made or changed."""
    before = (list(DelayReason.objects.values()), DelayReason.history.count(),
              Decision.objects.count())
    yield
    assert (list(DelayReason.objects.values()), DelayReason.history.count(),
            Decision.objects.count()) == before


# The service.

def test_a_notification_sent_late_over_christmas_is_given_its_reason(business_unit, partner):
    """Working Together 2023 (5 working days from awareness) over the Christmas 2022 bank
    holidays; 002 and 004 s. 15.5 (the Panel is told the reason for the delay)."""
    case = over_christmas(business_unit, partner)
    late = deadline(case, NOTIFY)
    assert (late.due_on, late.met_on, late.state) == (
        D(2022, 12, 30), D(2023, 1, 3), Deadline.State.MET_LATE)
    assert selectors.working_days_late(late) == 1
    # The rapid review's 15 working days run from the notification, and are overdue too.
    assert waiting(case) == [NOTIFY, FIFTEEN_DAYS]

    reason = services.record_delay_reason(deadline=late, actor=business_unit, kind=K.OTHER,
                                          text=f"  {SYSTEM_DOWN}  ")

    assert (reason.kind, reason.text, reason.recorded_by) == (K.OTHER, SYSTEM_DOWN,
                                                              business_unit)
    assert (reason.clock_id, reason.record_type, reason.record_id, reason.case_id) == (
        late.clock_id, "cases.case", case.pk, case.pk)
    assert waiting(case) == [FIFTEEN_DAYS]
    assert selectors.delay_of(late).given == reason
    logged = Decision.objects.get(transition="give_delay_reason")
    assert (logged.case_id, logged.actor, logged.what, logged.record) == (
        case.pk, business_unit, "Reason for the delay given",
        "Reason for the delay: Notify the National Panel, Ofsted and DfE")
    assert logged.reason == ("Notify the National Panel, Ofsted and DfE, due 30 December 2022, "
                             f"met 3 January 2023. {SYSTEM_DOWN}")


def test_changing_the_reason_logs_what_it_was_and_keeps_every_version(business_unit, partner):
    """004 s. 15.5: an inquest, then criminal proceedings, as the partners learn more; each
    change is in the decision log as a corrected date is (the case's "correct_date")."""
    case = over_christmas(business_unit, partner)
    late = deadline(case, NOTIFY)
    services.record_delay_reason(deadline=late, actor=business_unit, kind=K.INQUEST)
    colleague = UserFactory(role=Role.BUSINESS_UNIT, full_name="Tom Reid")

    reason = services.record_delay_reason(
        deadline=late, actor=colleague, kind=K.CRIMINAL_PROCEEDINGS,
        text="The police asked the partners to wait for the charging decision")

    assert DelayReason.objects.get() == reason
    assert (reason.kind, reason.recorded_by) == (K.CRIMINAL_PROCEEDINGS, colleague)
    assert reason.summary == ("Criminal proceedings: The police asked the partners to wait "
                              "for the charging decision")
    changed = Decision.objects.get(transition="change_delay_reason")
    assert changed.actor == colleague and changed.what == "Reason for the delay changed"
    assert changed.reason.endswith(
        "Was: An inquest. Now: Criminal proceedings: The police asked the partners to wait "
        "for the charging decision")
    assert [row.kind for row in reason.history.order_by("history_id")] == [
        K.INQUEST, K.CRIMINAL_PROCEEDINGS]


def test_an_overdue_notification_is_given_its_reason_before_it_is_met(business_unit, partner):
    """Aware on Tuesday 2 May 2023: the coronation bank holiday (Monday 8 May) moves the 5
    working days to Wednesday 10 May (Working Together 2023); not yet notified, the clock
    is overdue and asks for a reason (004 s. 15.5)."""
    case = notified_late(business_unit, partner, aware_on=D(2023, 5, 2), notified_on=None)
    overdue = deadline(case, NOTIFY)
    assert overdue.due_on == D(2023, 5, 10) and overdue.met_on is None
    assert selectors.is_late(overdue)
    services.record_delay_reason(deadline=overdue, actor=business_unit, kind=K.INQUEST,
                                 text="The coroner has not yet released the findings")
    assert "not yet met. An inquest: The coroner has not yet released the findings" in (
        Decision.objects.get(transition="give_delay_reason").reason)


@pytest.mark.parametrize("kind,text,message", [
    ("", "", "Select why the clock is late"),
    ("court", "", "Select why the clock is late"),
    (K.OTHER, "   ", "Enter the reason for the delay"),
    (K.OTHER, "x" * (DelayReason.TEXT_LIMIT + 1),
     f"The reason must be {DelayReason.TEXT_LIMIT} characters or fewer"),
])
def test_bad_input_is_refused_with_a_clear_message_and_changes_nothing(
        business_unit, partner, kind, text, message):
    """002, 004 s. 15.5: the reason is one of those the procedures name, or in words."""
    late = deadline(over_christmas(business_unit, partner), NOTIFY)
    with nothing_changes(), pytest.raises(ValidationError) as refused:
        services.record_delay_reason(deadline=late, actor=business_unit, kind=kind, text=text)
    assert refused.value.messages == [message]


def test_only_a_statutory_clock_that_is_late_is_given_a_reason(business_unit, partner):
    """Working Together 2023: the statutory clocks are the ones the Panel hears about; the
    notification clock met in time (aware 21 December 2022, notified 30 December, its due
    date over Christmas) and a local clock (004 s. 4.6, the partners informed) are not."""
    in_time = notified_late(business_unit, partner, aware_on=D(2022, 12, 21),
                            notified_on=D(2022, 12, 30))
    met = deadline(in_time, NOTIFY)
    assert met.state == Deadline.State.MET
    local = deadline(in_time, "partners_consider")
    assert not local.clock.statutory
    local.state, local.met_on = Deadline.State.MET_LATE, local.due_on + datetime.timedelta(9)
    local.save()
    with nothing_changes():
        with pytest.raises(ValidationError) as refused:
            services.record_delay_reason(deadline=met, actor=business_unit, kind=K.INQUEST)
        assert refused.value.messages == [
            "Notify the National Panel, Ofsted and DfE is not late: it was due on 30 December "
            "2022 and met on 30 December 2022"]
        with pytest.raises(ValidationError) as refused:
            services.record_delay_reason(deadline=local, actor=business_unit, kind=K.INQUEST)
        assert "is not a statutory clock" in refused.value.messages[0]


def test_the_same_reason_again_and_someone_else_are_refused(business_unit, partner):
    """004 s. 15.5 and the permission rules (safeguarding/permissions.py): the business unit
    gives the reason; giving the same one again changes nothing."""
    late = deadline(over_christmas(business_unit, partner), NOTIFY)
    services.record_delay_reason(deadline=late, actor=business_unit, kind=K.OTHER,
                                 text=SYSTEM_DOWN)
    with nothing_changes():
        with pytest.raises(ValidationError) as refused:
            services.record_delay_reason(deadline=late, actor=business_unit, kind=K.OTHER,
                                         text=SYSTEM_DOWN + " ")
        assert refused.value.messages == [f"The reason for the delay is already: {SYSTEM_DOWN}"]
        for role in (Role.SAFEGUARDING_PARTNER, Role.MANAGER, Role.SCRUTINEER,
                     Role.AGENCY_CONTRIBUTOR):
            with pytest.raises(PermissionDenied):
                services.record_delay_reason(deadline=late, actor=UserFactory(role=role),
                                             kind=K.INQUEST)


# Sync remakes the deadlines: the reason stays.

def test_no_recompute_of_the_deadlines_loses_the_reason(
        business_unit, partner, django_capture_on_commit_callbacks):
    """Deadlines are derived data (deadlines.services.sync); the reason for the delay is not
    (002, 004 s. 15.5). A recompute of the record, of every record, and a change of the
    local timescale policy that moves the due date all keep it on the same clock."""
    case = over_christmas(business_unit, partner)
    late = deadline(case, NOTIFY)
    reason = services.record_delay_reason(deadline=late, actor=business_unit, kind=K.OTHER,
                                          text=SYSTEM_DOWN)
    services.sync(Case.objects.get(pk=case.pk))
    recompute_deadlines()
    clock = Clock.objects.get(code=NOTIFY)
    with django_capture_on_commit_callbacks(execute=True):  # the recompute, once committed
        services.change_clock(clock=clock, actor=UserFactory(role=Role.ADMINISTRATOR),
                              amount=4, reminder_working_days=2)  # due 29 December
    moved = deadline(case, NOTIFY)
    assert (moved.pk, moved.due_on, moved.state) == (late.pk, D(2022, 12, 29),
                                                       Deadline.State.MET_LATE)
    assert selectors.delay_of(moved).given == reason
    assert DelayReason.objects.get().summary == SYSTEM_DOWN
    assert waiting(case) == [FIFTEEN_DAYS]


def test_a_corrected_date_that_makes_the_clock_met_in_time_hides_the_reason_and_keeps_it(
        business_unit, partner):
    """The business unit corrects the notification's date (issue 12, "Correct a recorded
    date"): met in time, the clock has no delay to explain; corrected back, the reason it was
    given shows again (004 s. 15.5)."""
    case = over_christmas(business_unit, partner)
    services.record_delay_reason(deadline=deadline(case, NOTIFY), actor=business_unit,
                                 kind=K.OTHER, text=SYSTEM_DOWN)
    field = f"notified_on:{R.NATIONAL_PANEL}"
    cases.correct_case_date(case=case, actor=business_unit, field=field,
                            new_date=D(2022, 12, 29), reason="The system's receipt says so")
    in_time = deadline(case, NOTIFY)
    assert in_time.state == Deadline.State.MET
    assert not selectors.delay_of(in_time)
    assert DelayReason.objects.count() == 1
    cases.correct_case_date(case=Case.objects.get(pk=case.pk), actor=business_unit,
                            field=field, new_date=D(2023, 1, 3), reason="The receipt was wrong")
    assert selectors.delay_of(deadline(case, NOTIFY)).given.summary == SYSTEM_DOWN


# The pages.

def test_the_case_page_asks_for_the_reason_and_then_shows_it_on_the_clock(
        business_unit, partner):
    """004 s. 15.5; the Christmas 2022 notification: the case page prompts the business unit
    while the late statutory clock has no reason, links the clock line to the question, and
    shows the reason, who gave it and when, once given."""
    case = over_christmas(business_unit, partner)
    late = deadline(case, NOTIFY)
    link = f"/deadlines/{late.pk}/delay-reason/"
    page = signed_in(business_unit).get(case.get_absolute_url()).content.decode()
    text = seen(page)
    assert 'data-testid="delay-prompt"' in page
    # The rapid review's 15 working days, from the notification, are overdue too.
    assert "2 statutory clocks are late and no reason for the delay has been given" in text
    assert ("Give the reason for the delay: Notify the National Panel, Ofsted and DfE (due "
            "30 December 2022, met 3 January 2023)") in text
    assert text.count("No reason for the delay given") == 2
    assert page.count(f'href="{link}"') == 2  # the prompt, and the clock's line

    services.record_delay_reason(deadline=late, actor=business_unit, kind=K.OTHER,
                                 text=SYSTEM_DOWN)
    page = signed_in(business_unit).get(case.get_absolute_url()).content.decode()
    text = seen(page)
    assert "A statutory clock is late and no reason for the delay has been given" in text
    assert "Give the reason for the delay: Notify the National Panel" not in text
    assert f"Reason for the delay: {SYSTEM_DOWN} Given by Priya Shah on" in text
    assert "Change the reason for the delay" in text and f'href="{link}"' in page


def test_the_prompt_reads_the_late_clocks_itself_where_no_clocks_panel_has(
        business_unit, partner):
    """The prompt reuses the case page's clock lines; included in a page without them it
    reads the case's late statutory clocks itself (004 s. 15.5; Christmas 2022)."""
    from django.template.loader import render_to_string

    case = over_christmas(business_unit, partner)
    html = render_to_string("deadlines/_delay_prompt.html",
                            {"case": case, "user": business_unit})
    assert "2 statutory clocks are late and no reason for the delay has been given" in seen(html)
    assert f"/deadlines/{deadline(case, NOTIFY).pk}/delay-reason/" in html


def test_who_reads_the_case_is_told_of_the_missing_reason_without_the_link(
        business_unit, partner):
    """The permission rules: a safeguarding partner reads the case and the prompt, and is
    told that the business unit gives the reason (004 s. 15.5)."""
    case = over_christmas(business_unit, partner)
    late = deadline(case, NOTIFY)
    page = signed_in(partner).get(case.get_absolute_url()).content.decode()
    assert "The business unit gives the reason." in seen(page)
    assert f"/deadlines/{late.pk}/delay-reason/" not in page


def test_the_question_page_asks_checks_and_records_the_reason(business_unit, partner):
    """GOV.UK question page: an error summary linked to the question, nothing saved on bad
    input, the reason saved and the case page shown with a success message (004 s. 15.5)."""
    case = over_christmas(business_unit, partner)
    late = deadline(case, NOTIFY)
    url = f"/deadlines/{late.pk}/delay-reason/"
    client = signed_in(business_unit)
    page = client.get(url).content.decode()
    assert "Give the reason for the delay" in page
    assert ("Notify the National Panel, Ofsted and DfE (statutory: 5 working days after the "
            "start) was due on 30 December 2022 and met on 3 January 2023, 1 working day "
            "late.") in seen(page)

    refused = client.post(url, {"kind": "", "text": ""}).content.decode()
    assert "There is a problem" in refused
    assert '<a href="#id_kind_1">Select why the clock is late</a>' in refused
    other = client.post(url, {"kind": K.OTHER, "text": "  "}).content.decode()
    assert '<a href="#id_text">Enter the reason for the delay</a>' in other
    assert not DelayReason.objects.exists() and not Decision.objects.filter(
        transition__endswith="delay_reason").exists()

    done = client.post(url, {"kind": K.INQUEST, "text": "Awaiting the coroner"}, follow=True)
    assert done.redirect_chain[-1][0] == case.get_absolute_url()
    assert (f"{case.reference}: the reason for the delay of “Notify the National Panel, "
            "Ofsted and DfE” is recorded") in done.content.decode()
    assert DelayReason.objects.get().summary == "An inquest: Awaiting the coroner"
    again = client.get(url)
    assert "Change the reason for the delay" in again.content.decode()
    assert again.context["form"].initial == {"kind": K.INQUEST, "text": "Awaiting the coroner"}


@pytest.mark.parametrize("role", [Role.SAFEGUARDING_PARTNER, Role.MANAGER, Role.SCRUTINEER,
                                  Role.AGENCY_CONTRIBUTOR])
def test_only_the_business_unit_opens_the_question(business_unit, partner, role):
    """safeguarding/permissions.py: deadlines.record_delay_reason is the business unit's."""
    late = deadline(over_christmas(business_unit, partner), NOTIFY)
    client = signed_in(UserFactory(role=role))
    assert client.get(f"/deadlines/{late.pk}/delay-reason/").status_code == 403
    assert client.post(f"/deadlines/{late.pk}/delay-reason/",
                       {"kind": K.INQUEST}).status_code == 403
    assert not DelayReason.objects.exists()


def test_a_clock_that_is_not_late_has_no_question(business_unit, partner):
    """Working Together 2023: notified on 30 December 2022, the day the 5 working days over
    Christmas ran out, the clock was met in time; an unknown deadline is not found."""
    case = notified_late(business_unit, partner, aware_on=D(2022, 12, 21),
                         notified_on=D(2022, 12, 30))
    met = deadline(case, NOTIFY)
    client = signed_in(business_unit)
    response = client.get(f"/deadlines/{met.pk}/delay-reason/", follow=True)
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert "is not a statutory clock that is late" in response.content.decode()
    assert client.get("/deadlines/999999/delay-reason/").status_code == 404


# The dashboard and the home lists.

def _overdue(number: int, business_unit, *, reason: str | None) -> Deadline:
    """A case whose National Panel notification, due Wednesday 10 May 2023 (the coronation
    bank holiday on Monday 8 May), is overdue; the reason given, if any, through the
    service."""
    case = Case.objects.create(reference=f"SI-2023-{number:04d}", received_on=D(2023, 5, 2))
    late = Deadline.objects.create(
        clock=Clock.objects.get(code=NOTIFY), case=case, record_type="cases.case",
        record_id=case.pk, starts_on=D(2023, 5, 2), due_on=D(2023, 5, 10),
        state=Deadline.State.OVERDUE)
    if reason:
        services.record_delay_reason(deadline=late, actor=business_unit, kind=K.OTHER,
                                     text=reason)
    return late


def test_the_dashboard_shows_each_overdue_clocks_reason_in_a_fixed_number_of_queries(
        business_unit, django_assert_max_num_queries):
    """004 s. 15.5, over the coronation bank holiday of 8 May 2023: the dashboard shows the
    reason on each overdue statutory clock and lists those without one; reading the reasons
    does not query once per row."""
    client = signed_in(business_unit)
    _overdue(1, business_unit, reason="Reason 1")
    _overdue(2, business_unit, reason=None)
    with CaptureQueriesContext(connection) as few:
        client.get("/deadlines/")
    for number in range(3, 13):
        _overdue(number, business_unit, reason=f"Reason {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/deadlines/").content.decode()
    text = seen(page)
    for number in (1, *range(3, 13)):
        assert f"Reason for the delay: Reason {number} Given by Priya Shah" in text
    assert "1 late statutory clock with no reason for the delay" in text
    without = page.split('data-testid="without-a-reason"')[1].split("</table>")[0]
    assert "SI-2023-0002" in without and "SI-2023-0001" not in without
    assert "No reason for the delay given" in text


def test_the_home_lists_give_the_task_and_show_the_reason(
        business_unit, client_as, django_assert_max_num_queries):
    """The business unit's task (004 s. 15.5), and the managers' overdue list with the
    reason (004 s. 9.2: managers follow what is overdue)."""
    given = _overdue(1, business_unit, reason="Awaiting the inquest's findings")
    missing = _overdue(2, business_unit, reason=None)
    home = seen(signed_in(business_unit).get("/").content.decode())
    assert "Late statutory clocks with no reason for the delay" in home
    assert (f"{missing.case.reference}: Notify the National Panel, Ofsted and DfE Was due 10 "
            "May 2023; not met yet") in home
    assert f"{given.case.reference}: Notify the National Panel, Ofsted and DfE Was due" \
        not in home
    manager = seen(client_as(Role.MANAGER).get("/").content.decode())
    assert ("Overdue: was due 10 May 2023. Reason for the delay: Awaiting the inquest's "
            "findings") in manager
    assert "Overdue: was due 10 May 2023. No reason for the delay given" in manager


# The rapid review: its extension notice, and the report.

def coronation_review(business_unit, partner):
    """Aware on Tuesday 2 May 2023, the National Panel notified on Friday 12 May, 2 working
    days late over the coronation bank holiday (Monday 8 May); the rapid review decided on
    15 May; its 15 working days (Working Together 2023) skip the spring bank holiday (29
    May) and fall due on Monday 5 June; the Panel secretariat was told on 1 June that it
    would be late (001, day 15)."""
    case = notified_late(business_unit, partner, aware_on=D(2023, 5, 2),
                         notified_on=D(2023, 5, 12))
    review = reviews.start_rapid_review(case=case, actor=business_unit,
                                        decided_on=D(2023, 5, 15),
                                        decision_note="The chair decided on 15 May 2023")
    reviews.record_extension_notice(review=review, actor=business_unit,
                                    notified_on=D(2023, 6, 1),
                                    reason="Police asked the partners to wait for a charge")
    review.refresh_from_db()
    return review


def test_the_extension_notice_is_the_fifteen_days_own_reason(business_unit, partner):
    """001 day 15 (the extension notice to the secretariat) is the rapid review's reason for
    the delay of its statutory 15 working days: shown on that clock, and it asks no other."""
    review = coronation_review(business_unit, partner)
    fifteen = deadline(review.case, FIFTEEN_DAYS)
    assert (fifteen.due_on, fifteen.state) == (D(2023, 6, 5), Deadline.State.OVERDUE)
    assert selectors.delay_of(fifteen).kept.summary == (
        "Extension notice to the Panel secretariat on 1 June 2023: Police asked the partners "
        "to wait for a charge")
    assert waiting(review.case) == [NOTIFY]
    text = seen(signed_in(business_unit).get(review.case.get_absolute_url()).content.decode())
    assert ("Reason for the delay: Extension notice to the Panel secretariat on 1 June 2023: "
            "Police asked the partners to wait for a charge") in text
    assert "Give the reason for the delay: Rapid review sent" not in text


@needs_pdftotext
def test_the_rapid_review_report_lists_each_late_statutory_clock_with_its_reason(
        business_unit, partner, tmp_path):
    """The report to the National Panel (001: the BSCP rapid review template) has a "Reasons
    for delay" part (002, 004 s. 15.5): the notification 2 working days late over the
    coronation bank holiday with the reason given, and the 15 working days with the
    extension notice (001, day 15)."""
    review = coronation_review(business_unit, partner)
    services.record_delay_reason(deadline=deadline(review.case, NOTIFY), actor=business_unit,
                                 kind=K.OTHER, text="Awaiting the coronation weekend")
    response = signed_in(business_unit).get(f"/rapid-reviews/{review.pk}/rapid-review-report.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    part = text.split("Reasons for delay", 1)[1]
    assert "Notify the National Panel, Ofsted and DfE" in part
    assert "10 May 2023" in part and "12 May 2023" in part
    assert "Awaiting the coronation weekend" in part
    assert "Rapid review sent to the National Panel" in part
    assert "5 Jun 2023" in part and "Not yet met" in part
    assert "Extension notice to the Panel secretariat on 1 June 2023" in part
    assert "No reason given" not in part
