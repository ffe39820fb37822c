"""Publication of an LCSPR (issue 13, items 9 and 11), and its disclosure and media (item
7): the partners' decision to publish in full, the learning only, or not at all, with its
justification (004 sections 14.4, 15.2-15.3); the copy to the National Panel, the Secretary
of State and Ofsted at least 7 working days before the planned date, counted backwards
across bank holidays (004 section 14.7); the delay beyond six months told (004 section
15.5); the report kept online at least a year (004 section 14.4); requests for documents
with legal advice (004 section 13.4), the media strategy (004 section 15.1) and the press
statement (004 section 15.4)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from deadlines import registry
from deadlines import services as deadlines
from deadlines.models import Clock, Deadline
from reviews.lcspr import services
from reviews.models import DisclosureRequest, Lcspr
from safeguarding.models import Decision, Role
from safeguarding.workflow import TransitionNotAllowed
from tests.factories import UserFactory

from . import journey
from .test_lcspr_pages import client_for, date_fields, visible_text

pytestmark = pytest.mark.django_db
D = datetime.date
S = Lcspr.Status
COPY, ONLINE = "final_report_to_panel", "report_kept_online"


def deadline(lcspr: Lcspr, code: str) -> Deadline:
    return Deadline.objects.get(record_id=lcspr.pk, record_type="reviews.lcspr",
                                clock__code=code)


def signed_off(p, *, received: datetime.date, decided: datetime.date,
               commissioned: datetime.date, signed: datetime.date) -> Lcspr:
    """An LCSPR through its draft and the final report's sign-off, on ``signed``."""
    lcspr = journey.commissioned(p, journey.concluded(p, received=received, decided=decided),
                                 journey.reviewer(), commissioned)
    journey.report_signed_off(p, lcspr, received_on=signed, signed_off_on=signed)
    return journey.refreshed(lcspr)


@pytest.fixture
def easter(p) -> Lcspr:
    """Decided on Friday 19 January 2024, signed off on Monday 4 March 2024."""
    return signed_off(p, received=D(2024, 1, 8), decided=D(2024, 1, 19),
                      commissioned=D(2024, 1, 29), signed=D(2024, 3, 4))


def test_the_copy_is_counted_back_across_easter_2024(p, easter):
    """004 section 14.7: no later than seven working days before publication. Planned for
    Tuesday 9 April 2024, counted back past Easter Monday (1 April) and Good Friday (29
    March): due by Wednesday 27 March."""
    journey.publication_decided(p, easter, on=D(2024, 3, 4), planned=D(2024, 4, 9))
    copy = deadline(easter, COPY)
    assert (copy.starts_on, copy.due_on, copy.state) == (D(2024, 4, 9), D(2024, 3, 27),
                                                          Deadline.State.OVERDUE)


def test_moving_the_planned_date_moves_the_copy_and_the_log_says_so(p, easter):
    """004 section 14.7: the copy is due seven working days before the date of publication,
    so moving the planned date moves it."""
    journey.publication_decided(p, easter, on=D(2024, 3, 4), planned=D(2024, 4, 9))
    journey.publication_decided(p, easter, on=D(2024, 3, 5), planned=D(2024, 4, 16))
    assert deadline(easter, COPY).due_on == D(2024, 4, 5)
    last = Decision.objects.filter(transition="decide_publication").latest("pk")
    assert last.reason == ("The partners decided to publish the report in full, planned for "
                           "16 April 2024 (moved from 9 April 2024)")


def test_a_copy_sent_late_is_met_late_and_shown(p, easter):
    """Sent on Thursday 28 March 2024, one working day after it was due: recorded, met late,
    and the page says so."""
    journey.publication_decided(p, easter, on=D(2024, 3, 4), planned=D(2024, 4, 9))
    services.record_report_sent(lcspr=easter, actor=p.business_unit, sent_on=D(2024, 3, 28))
    copy = deadline(easter, COPY)
    assert (copy.met_on, copy.state) == (D(2024, 3, 28), Deadline.State.MET_LATE)
    assert Decision.objects.filter(transition="record_report_sent").get().reason.endswith(
        "for publication on 9 April 2024: due by 27 March 2024, sent late")
    page = visible_text(client_for(p.business_unit).get(easter.get_absolute_url()).content
                        .decode())
    assert "Due by 27 March 2024" in page and "Sent late" in page


def test_a_copy_in_time_is_met(p, easter):
    journey.publication_decided(p, easter, on=D(2024, 3, 4), planned=D(2024, 4, 9))
    services.record_report_sent(lcspr=easter, actor=p.business_unit, sent_on=D(2024, 3, 27))
    assert deadline(easter, COPY).state == Deadline.State.MET


def test_the_copy_is_counted_back_across_the_coronation_bank_holiday(p):
    """Planned for Friday 12 May 2023: counted back past the coronation (Monday 8 May 2023)
    and the early May bank holiday (Monday 1 May): due by Tuesday 2 May."""
    lcspr = signed_off(p, received=D(2023, 1, 9), decided=D(2023, 1, 20),
                       commissioned=D(2023, 1, 30), signed=D(2023, 4, 3))
    journey.publication_decided(p, lcspr, on=D(2023, 4, 3), planned=D(2023, 5, 12))
    assert deadline(lcspr, COPY).due_on == D(2023, 5, 2)


def test_published_in_full_naming_the_reviewer_and_kept_online_a_year(p, easter):
    """004 section 14.4: the reviewer's name is published and the report stays online at
    least a year; taken down sooner, the reason is required and the clock says so."""
    bu = p.business_unit
    journey.publication_decided(p, easter, on=D(2024, 3, 4), planned=D(2024, 4, 9))
    services.record_report_sent(lcspr=easter, actor=bu, sent_on=D(2024, 3, 27))
    with pytest.raises(TransitionNotAllowed, match="decided to publish"):
        services.record_not_published(lcspr=easter, actor=bu, sent_on=D(2024, 3, 28))
    services.record_publication(lcspr=easter, actor=bu, published_on=D(2024, 4, 9),
                                url="https://www.example.org/lcspr")
    easter = journey.refreshed(easter)
    assert (easter.status, easter.published_reviewer_name) == (S.PUBLISHED, "Margaret Osei")
    online = deadline(easter, ONLINE)
    assert (online.starts_on, online.due_on) == (D(2024, 4, 9), D(2025, 4, 9))
    with pytest.raises(ValidationError, match="kept online at least until 9 April 2025"):
        services.record_removal(lcspr=easter, actor=bu, removed_on=D(2024, 10, 9))
    services.record_removal(lcspr=easter, actor=bu, removed_on=D(2024, 10, 9),
                            reason="A court order")
    online.refresh_from_db()
    assert online.state == Deadline.State.WAIVED
    assert online.waived_reason == ("Taken down on 9 October 2024, before a year online "
                                    "(until 9 April 2025): A court order")
    with pytest.raises(TransitionNotAllowed, match="already recorded"):
        services.record_removal(lcspr=easter, actor=bu, removed_on=D(2025, 5, 1))


def test_kept_online_a_full_year_is_met(p, easter):
    bu = p.business_unit
    journey.publication_decided(p, easter, on=D(2024, 3, 4), planned=D(2024, 4, 9))
    services.record_report_sent(lcspr=easter, actor=bu, sent_on=D(2024, 3, 27))
    services.record_publication(lcspr=easter, actor=bu, published_on=D(2024, 4, 9),
                                url="https://www.example.org/lcspr", reviewer_name="M. Osei")
    services.record_removal(lcspr=easter, actor=bu, removed_on=D(2025, 6, 2))
    online = deadline(easter, ONLINE)
    assert (online.met_on, online.state) == (D(2025, 4, 9), Deadline.State.MET)


def test_kept_online_cannot_be_set_below_twelve_months():
    """004 section 14.4: at least a year. A local policy may say longer, never less:
    Kirklees' 6 months (seed 003) is refused, and a row holding less is brought to 12."""
    admin = UserFactory(role=Role.ADMINISTRATOR)
    clock = Clock.objects.get(code=ONLINE)
    assert (clock.statutory, clock.statutory_amount) == (True, 12)
    with pytest.raises(ValidationError, match="at least 12 months"):
        deadlines.change_clock(clock=clock, actor=admin, amount=6, reminder_working_days=0)
    deadlines.change_clock(clock=clock, actor=admin, amount=18, reminder_working_days=0)
    assert Clock.objects.get(code=ONLINE).amount == 18
    Clock.objects.filter(code=ONLINE).update(amount=6)
    deadlines.write_clock_policy()
    assert Clock.objects.get(code=ONLINE).amount == 12
    # A clock with a statutory limit still refuses more time, as before.
    with pytest.raises(ValidationError, match="never loosened"):
        deadlines.change_clock(clock=Clock.objects.get(code="lcspr_published"), actor=admin,
                               amount=7, reminder_working_days=20)


def test_learning_only_needs_the_justification_and_is_published(p, easter):
    """004 sections 14.7 and 15.3: publishing the learning only is justified to the Panel
    and the Secretary of State; its copy runs as the full report's would."""
    bu = p.business_unit
    with pytest.raises(ValidationError, match="justification"):
        services.decide_publication(lcspr=easter, actor=bu, decision="learning",
                                    decided_on=D(2024, 3, 4), planned_on=D(2024, 4, 9))
    with pytest.raises(ValidationError, match="Enter the planned publication date"):
        services.decide_publication(lcspr=easter, actor=bu, decision="full",
                                    decided_on=D(2024, 3, 4))
    journey.publication_decided(p, easter, on=D(2024, 3, 4), planned=D(2024, 4, 9),
                                decision="learning")
    services.record_report_sent(lcspr=easter, actor=bu, sent_on=D(2024, 3, 27))
    services.record_publication(lcspr=easter, actor=bu, published_on=D(2024, 4, 9),
                                url="https://www.example.org/learning")
    assert journey.refreshed(easter).status == S.PUBLISHED
    assert Decision.objects.filter(transition="record_publication").get().reason.startswith(
        "Learning and improvements published on 9 April 2024")


def test_not_publishing_needs_no_planned_date_and_stops_the_clocks(p, easter):
    """004 section 15.3: the justification for not publishing, set out to the Panel and the
    Secretary of State; no copy clock runs, and publication is refused."""
    bu = p.business_unit
    with pytest.raises(TransitionNotAllowed, match="decision on publication first"):
        services.record_report_sent(lcspr=easter, actor=bu, sent_on=D(2024, 3, 5))
    journey.publication_decided(p, easter, on=D(2024, 3, 4), planned=D(2024, 4, 9),
                                decision="none")
    assert journey.refreshed(easter).planned_publication_on is None
    services.record_report_sent(lcspr=easter, actor=bu, sent_on=D(2024, 3, 5))
    with pytest.raises(TransitionNotAllowed, match="decided not to publish"):
        services.record_publication(lcspr=easter, actor=bu, published_on=D(2024, 3, 6),
                                    url="https://www.example.org/lcspr")
    services.record_not_published(lcspr=easter, actor=bu, sent_on=D(2024, 3, 6))
    services.record_panel_comments(lcspr=easter, actor=bu, received_on=D(2024, 3, 20),
                                   comments="The Panel asks that the learning is published.")
    easter = journey.refreshed(easter)
    assert easter.status == S.NOT_PUBLISHED
    assert easter.not_published_justification == "It would identify the surviving children"
    assert easter.panel_comments_on == D(2024, 3, 20)
    assert not Deadline.objects.filter(record_id=easter.pk, clock__code=COPY).exclude(
        state=Deadline.State.WAIVED).exists()
    assert deadline(easter, "lcspr_published").state == Deadline.State.WAIVED


def test_the_delay_told_to_the_panel_is_the_six_months_reason(p, easter):
    """004 section 15.5: where an inquest or criminal proceedings delay publication, the
    Panel and the Secretary of State are told the reason; it is the six months' reason."""
    bu = p.business_unit
    with pytest.raises(ValidationError, match="Enter the reason for the delay"):
        services.record_publication_delay(lcspr=easter, actor=bu, kind="other",
                                          told_on=D(2024, 3, 5))
    services.record_publication_delay(lcspr=easter, actor=bu, kind="inquest",
                                      text="Listed for September 2024", told_on=D(2024, 3, 5))
    reason = registry.kept_reasons()["lcspr_published"].reasons([easter.pk])[easter.pk]
    assert reason.summary == ("Told to the National Panel and the Secretary of State on 5 "
                              "March 2024: An inquest: Listed for September 2024")


def test_requests_for_documents_with_legal_advice_and_the_decision(p, in_progress):
    """004 section 13.4: on the coroner's request for documents the partners seek legal
    advice, then decide; each request and decision is in the log."""
    bu = p.business_unit
    with pytest.raises(ValidationError, match="Say who asked"):
        services.record_disclosure_request(lcspr=in_progress, actor=bu, requester="other",
                                           received_on=D(2026, 11, 3), documents="All")
    request = services.record_disclosure_request(
        lcspr=in_progress, actor=bu, requester="coroner", received_on=D(2026, 11, 3),
        documents="The final report and the chronologies")
    with pytest.raises(ValidationError, match="legal advice"):
        services.decide_disclosure_request(lcspr=in_progress, actor=bu, request=request,
                                           outcome="disclosed", decided_on=D(2026, 11, 10),
                                           reason="Relevant to the inquest")
    with pytest.raises(ValidationError, match="cannot be before the legal advice"):
        services.decide_disclosure_request(
            lcspr=in_progress, actor=bu, request=request, outcome="disclosed",
            decided_on=D(2026, 11, 5), reason="Relevant", legal_advice="No PII claim",
            legal_advice_on=D(2026, 11, 9))
    services.decide_disclosure_request(
        lcspr=in_progress, actor=bu, request=request, outcome="in_part",
        decided_on=D(2026, 11, 10), reason="The chronologies only",
        legal_advice="No Public Interest Immunity claim", legal_advice_on=D(2026, 11, 9))
    request.refresh_from_db()
    assert (request.outcome, request.legal_advice_on) == (DisclosureRequest.Outcome.IN_PART,
                                                          D(2026, 11, 9))
    with pytest.raises(TransitionNotAllowed, match="No request for documents is waiting"):
        services.decide_disclosure_request(
            lcspr=in_progress, actor=bu, request=request, outcome="refused",
            decided_on=D(2026, 11, 10), reason="Changed", legal_advice="x",
            legal_advice_on=D(2026, 11, 9))
    police = services.record_disclosure_request(
        lcspr=in_progress, actor=bu, requester="police", received_on=D(2026, 11, 4),
        documents="The practitioners' interview notes")
    services.decide_disclosure_request(lcspr=in_progress, actor=bu, request=police,
                                       outcome="refused", decided_on=D(2026, 11, 11),
                                       reason="Not held")
    page = visible_text(client_for(bu).get(in_progress.get_absolute_url()).content.decode())
    assert "H.M. Coroner" in page and "Disclosed in part" in page and "Not disclosed" in page


def test_the_media_strategy_and_the_press_statement(p, easter):
    """004 section 15.1: the media strategy considered at the start and approved by the
    partners; 004 section 15.4: the press statement at publication."""
    bu = p.business_unit
    with pytest.raises(ValidationError, match="cannot be before the strategy was considered"):
        services.agree_media_strategy(lcspr=easter, actor=bu, strategy="Council comms lead",
                                      agreed_on=D(2024, 2, 5), approved_on=D(2024, 2, 1))
    services.agree_media_strategy(lcspr=easter, actor=bu, strategy="Council comms lead",
                                  agreed_on=D(2024, 2, 5), approved_on=D(2024, 2, 8))
    with pytest.raises(TransitionNotAllowed):
        services.record_press_statement(lcspr=easter, actor=bu, statement="Findings",
                                        released_on=D(2024, 4, 9))
    journey.publication_decided(p, easter, on=D(2024, 3, 4), planned=D(2024, 4, 9))
    services.record_report_sent(lcspr=easter, actor=bu, sent_on=D(2024, 3, 27))
    services.record_publication(lcspr=easter, actor=bu, published_on=D(2024, 4, 9),
                                url="https://www.example.org/lcspr")
    services.record_press_statement(lcspr=easter, actor=bu, statement="The findings",
                                    released_on=D(2024, 4, 9))
    easter = journey.refreshed(easter)
    assert (easter.media_strategy_approved_on, easter.press_statement_on) == (
        D(2024, 2, 8), D(2024, 4, 9))


@pytest.mark.parametrize("slug", ["publication-decision", "delay", "disclosure-request",
                                  "media-strategy"])
def test_the_new_step_pages_are_govuk_question_pages(p, easter, slug):
    client = client_for(p.business_unit)
    url = reverse("lcspr:step", args=[easter.pk, slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"unused": "1"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_the_decision_page_records_the_planned_date(p, easter):
    client = client_for(p.business_unit)
    url = reverse("lcspr:step", args=[easter.pk, "publication-decision"])
    response = client.post(url, {"decision": "full", **date_fields("decided_on", D(2024, 3, 4)),
                                 **date_fields("planned_on", D(2024, 4, 9))})
    assert response.status_code == 302
    assert journey.refreshed(easter).planned_publication_on == D(2024, 4, 9)
    sent = client.get(reverse("lcspr:step", args=[easter.pk, "sent"])).content.decode()
    assert "Due by 27 March 2024" in sent
