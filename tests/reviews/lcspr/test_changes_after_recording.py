"""Changing what was recorded, with the reason, until the report is sent (issue 13 items 7
and 8): a recommendation of the report (what, which agencies, by when) and a decision on a
request for documents (004 section 13.4). Each change says what it was and why it changed
in the decision log; the record's history keeps what it was; nothing changes on bad input;
once the report is sent, nothing changes."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.selectors import case_history
from reviews.lcspr import services
from reviews.lcspr.reports import services as reports
from reviews.models import DisclosureRequest, Lcspr, ReportRecommendation
from safeguarding.models import Decision
from safeguarding.workflow import TransitionNotAllowed

from . import journey
from .test_lcspr_pages import client_for, date_fields, visible_text

pytestmark = pytest.mark.django_db
D = datetime.date
S = Lcspr.Status
WHAT = "Share chronologies within five working days of a request"


@pytest.fixture
def recommended(p, in_progress):
    """Version 1 received on 16 November 2026, with one recommendation for the police."""
    journey.draft(p, in_progress, D(2026, 11, 16))
    lcspr = journey.refreshed(in_progress)
    reports.record_recommendation(lcspr=lcspr, actor=p.business_unit, what=WHAT,
                                  agencies=[p.police_partner.agency], due_on=D(2027, 3, 31))
    return lcspr


def test_a_recommendation_is_changed_with_the_reason(p, recommended):
    """The partners act on the report's recommendations (004 section 16.1): changed before
    the report is sent (its agencies and date, here), with the reason; the log says what
    changed and why; its history keeps the date it had."""
    bu, police, icb = p.business_unit, p.police_partner.agency, p.icb_partner.agency
    row = ReportRecommendation.objects.get()
    page = client_for(bu).get(recommended.get_absolute_url()).content.decode()
    change = reverse("lcspr:step", args=[recommended.pk, "change-recommendation"])
    assert f"{change}?recommendation={row.pk}" in page
    form = client_for(bu).get(f"{change}?recommendation={row.pk}").content.decode()
    assert WHAT in form  # filled in with the recommendation as it is
    response = client_for(bu).post(f"{change}?recommendation={row.pk}", {
        "recommendation": row.pk, "what": WHAT, "agencies": [police.pk, icb.pk],
        **date_fields("due_on", D(2027, 6, 30)),
        "reason": "The governance group asked that health share chronologies too"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.due_on, set(row.agencies.all())) == (D(2027, 6, 30), {police, icb})
    assert Decision.objects.get(transition="change_recommendation").reason == (
        f"Recommendation 1 changed (its agencies, from {police.name} to "
        f"{', '.join(sorted([police.name, icb.name]))}; its date, from 31 March 2027 to 30 "
        "June 2027): The governance group asked that health share chronologies too")
    assert [version.due_on for version in row.history.order_by("history_id")] == [
        D(2027, 3, 31), D(2027, 6, 30)]
    assert "LCSPR recommendation 1" in {entry.record for entry in
                                        case_history(recommended.case)}


def test_a_change_needs_its_reason_and_a_change(p, recommended):
    """Bad input gets a clear message and changes nothing."""
    bu, row = p.business_unit, ReportRecommendation.objects.get()
    same = {"recommendation": row, "what": WHAT, "agencies": [p.police_partner.agency],
            "due_on": D(2027, 3, 31)}
    with pytest.raises(ValidationError, match="Enter why the recommendation is changed"):
        reports.change_recommendation(lcspr=recommended, actor=bu, **{**same, "what": "New"},
                                      reason=" ")
    with pytest.raises(ValidationError, match="Nothing was changed"):
        reports.change_recommendation(lcspr=recommended, actor=bu, **same, reason="Why")
    with pytest.raises(ValidationError, match="Choose the agencies"):
        reports.change_recommendation(lcspr=recommended, actor=bu,
                                      **{**same, "agencies": []}, reason="Why")
    other = journey.concluded(p)
    with pytest.raises(TransitionNotAllowed, match="can no longer be done"):
        reports.change_recommendation(lcspr=other, actor=bu, **same, reason="Why")
    row.refresh_from_db()
    assert (row.what, row.history.count()) == (WHAT, 1)
    assert not Decision.objects.filter(transition="change_recommendation").exists()


def _sent(p, lcspr: Lcspr) -> Lcspr:
    """Signed off on 18 November 2026, to be published in full on 1 December 2026, and sent
    to the National Panel, the Secretary of State and Ofsted on 19 November."""
    journey.signed_by_all(p, lcspr, D(2026, 11, 18))
    services.record_final_sign_off(lcspr=journey.refreshed(lcspr), actor=p.business_unit,
                                   signed_off_on=D(2026, 11, 18))
    lcspr = journey.publication_decided(p, lcspr, on=D(2026, 11, 18),
                                        planned=D(2026, 12, 1))
    services.record_report_sent(lcspr=lcspr, actor=p.business_unit, sent_on=D(2026, 11, 19))
    return journey.refreshed(lcspr)


def test_nothing_changes_once_the_report_is_sent(p, recommended):
    """The report sent to the National Panel, the Secretary of State and Ofsted (004 section
    14.7) is what they read: its recommendations, and the decisions on requests for its
    documents, no longer change here."""
    bu, row = p.business_unit, ReportRecommendation.objects.get()
    request = services.record_disclosure_request(
        lcspr=recommended, actor=bu, requester="police", received_on=D(2026, 11, 4),
        documents="The practitioners' interview notes")
    services.decide_disclosure_request(lcspr=journey.refreshed(recommended), actor=bu,
                                       request=request, outcome="refused",
                                       decided_on=D(2026, 11, 11), reason="Not held")
    reports.change_recommendation(lcspr=journey.refreshed(recommended), actor=bu,
                                  recommendation=row, what=WHAT,
                                  agencies=[p.police_partner.agency], due_on=D(2027, 4, 30),
                                  reason="The police asked for a month more")
    lcspr = _sent(p, recommended)
    assert lcspr.status == S.SENT
    with pytest.raises(TransitionNotAllowed, match="can no longer be done"):
        reports.change_recommendation(lcspr=lcspr, actor=bu, recommendation=row, what="New",
                                      agencies=[p.police_partner.agency],
                                      due_on=D(2027, 4, 30), reason="Too late")
    with pytest.raises(TransitionNotAllowed, match="can no longer be done"):
        services.change_disclosure_decision(
            lcspr=lcspr, actor=bu, request=request, outcome="disclosed",
            decided_on=D(2026, 11, 20), reason="Found", change_reason="Too late")
    page = client_for(bu).get(lcspr.get_absolute_url()).content.decode()
    assert "change-recommendation" not in page and "change-disclosure-decision" not in page


def test_a_decision_on_a_request_for_documents_is_changed_with_the_reason(p, in_progress):
    """004 section 13.4: the coroner's request, decided on legal advice, is decided again
    on new advice before the report is sent: the decision, its date and the advice change;
    the legal advice is still required; the log says what it was and why it changed; the
    request's history keeps the first decision."""
    bu = p.business_unit
    request = services.record_disclosure_request(
        lcspr=in_progress, actor=bu, requester="coroner", received_on=D(2026, 11, 3),
        documents="The final report and the chronologies")
    services.decide_disclosure_request(
        lcspr=journey.refreshed(in_progress), actor=bu, request=request, outcome="in_part",
        decided_on=D(2026, 11, 10), reason="The chronologies only",
        legal_advice="No Public Interest Immunity claim", legal_advice_on=D(2026, 11, 9))
    lcspr = journey.refreshed(in_progress)
    with pytest.raises(ValidationError, match="legal advice sought on the coroner's"):
        services.change_disclosure_decision(
            lcspr=lcspr, actor=bu, request=request, outcome="disclosed",
            decided_on=D(2026, 11, 20), reason="All of it", change_reason="New advice")
    with pytest.raises(ValidationError, match="Enter why the decision is changed"):
        services.change_disclosure_decision(
            lcspr=lcspr, actor=bu, request=request, outcome="disclosed",
            decided_on=D(2026, 11, 20), reason="All of it", change_reason="",
            legal_advice="Disclose in full", legal_advice_on=D(2026, 11, 19))
    request.refresh_from_db()
    assert request.outcome == DisclosureRequest.Outcome.IN_PART
    page = client_for(bu).get(lcspr.get_absolute_url()).content.decode()
    change = reverse("lcspr:step", args=[lcspr.pk, "change-disclosure-decision"])
    assert f"{change}?request={request.pk}" in page
    response = client_for(bu).post(f"{change}?request={request.pk}", {
        "request": request.pk, "legal_advice": "Disclose in full: no PII claim survives",
        **date_fields("legal_advice_on", D(2026, 11, 19)), "outcome": "disclosed",
        **date_fields("decided_on", D(2026, 11, 20)), "reason": "The whole report",
        "change_reason": "Counsel's further advice after the pre-inquest review"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.outcome, request.decided_on, request.legal_advice_on) == (
        DisclosureRequest.Outcome.DISCLOSED, D(2026, 11, 20), D(2026, 11, 19))
    assert Decision.objects.get(transition="change_disclosure_decision").reason == (
        "H.M. Coroner's request of 3 November 2026: the decision changed from disclosed in "
        "part on 10 November 2026 to disclosed on 20 November 2026. The whole report. Why it "
        "changed: Counsel's further advice after the pre-inquest review")
    assert [row.outcome for row in request.history.order_by("history_id")] == [
        "", "in_part", "disclosed"]
    page = visible_text(client_for(p.scrutineer).get(lcspr.get_absolute_url())
                        .content.decode())
    assert "Disclosed, 20 November 2026 The whole report" in page


HOSTILE_CHOICES = ["²", "9" * 30, "-1", "0", "' OR 1=1", "x" * 10_000, "a\x00b", "½"]


def test_a_hostile_choice_in_the_address_starts_the_change_pages_empty(p, recommended):
    """?recommendation= and ?request= (issue 17 point 7): a value that is not the number of
    one of the rows ("²" passes str.isdigit but is no number) starts the page empty, never a
    server error; the row's own number still fills it in."""
    bu = p.business_unit
    request = services.record_disclosure_request(
        lcspr=recommended, actor=bu, requester="coroner", received_on=D(2026, 11, 3),
        documents="The final report and the chronologies")
    services.decide_disclosure_request(
        lcspr=journey.refreshed(recommended), actor=bu, request=request, outcome="in_part",
        decided_on=D(2026, 11, 10), reason="The chronologies only",
        legal_advice="No Public Interest Immunity claim", legal_advice_on=D(2026, 11, 9))
    row = ReportRecommendation.objects.get()
    client = client_for(bu)
    client.raise_request_exception = False
    for slug, name, pk, field, shown in [
            ("change-recommendation", "recommendation", row.pk, "what", WHAT),
            ("change-disclosure-decision", "request", request.pk, "reason",
             "The chronologies only")]:
        url = reverse("lcspr:step", args=[recommended.pk, slug])
        filled = re.compile(rf'id="id_{field}">\s*{shown}')
        assert filled.search(client.get(url, {name: pk}).content.decode())
        for value in [*HOSTILE_CHOICES, [str(pk), "²"]]:
            response = client.get(url, {name: value})
            assert response.status_code == 200, (slug, str(value)[:20])
            assert not filled.search(response.content.decode())
