"""The terms of reference revised as the review goes on (issue 13 item 4; 004 sections
8.2-8.4: the method and scope agreed with the reviewer, proportionate to the case as it
becomes known; 9.1: the governance group agrees the scope). Once agreed they are fixed;
the business unit revises them with the reason and the date, which opens them to change and
needs them agreed again; the version agreed stays in their history and the decision log;
the page says "revised on ... because ..."."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from deadlines.models import Deadline
from reviews.lcspr import services
from reviews.models import TermsOfReference
from safeguarding import workflow
from safeguarding.models import Decision
from safeguarding.workflow import TransitionNotAllowed

from . import journey
from . import terms_journey as t
from .test_lcspr_pages import client_for, date_fields, visible_text

pytestmark = pytest.mark.django_db
D = datetime.date
REASON = "the inquest found the father lived with the family from January 2023"


@pytest.fixture
def agreed(p):
    """Commissioned on 20 December 2023; the terms agreed on Wednesday 10 January 2024."""
    lcspr = t.ready_to_agree(p, t.commissioned(p, journey.reviewer()))
    services.agree_terms_of_reference(lcspr=lcspr, actor=p.business_unit,
                                      agreed_on=D(2024, 1, 10),
                                      agreed_by="The governance group, with the reviewer")
    return journey.refreshed(lcspr)


def test_the_terms_agreed_are_revised_with_the_reason_and_agreed_again(p, agreed):
    """004 sections 8.2-8.4 and 9.1: revised with the reason on its page, the terms are
    changed (the period, here) and agreed again; the first agreement stays in their
    history and the log; the page shows when and why they were revised."""
    bu = p.business_unit
    assert workflow.why_not(agreed, "set_terms_of_reference", bu) == (
        "The terms of reference were agreed on 10 January 2024")
    url = reverse("lcspr:step", args=[agreed.pk, "revise-terms"])
    response = client_for(bu).post(url, {**date_fields("revised_on", D(2024, 2, 5)),
                                         "reason": REASON})
    assert response.status_code == 302
    terms = TermsOfReference.objects.get(lcspr=agreed)
    assert (terms.agreed_on, terms.agreed_by, terms.revised_on, terms.revised_reason) == (
        None, "", D(2024, 2, 5), REASON)
    assert Decision.objects.get(transition="revise_terms_of_reference").reason == (
        "Revised on 5 February 2024 (they were agreed on 10 January 2024 by The governance "
        f"group, with the reviewer): {REASON}")
    page = visible_text(client_for(p.partner).get(reverse("lcspr:terms", args=[agreed.pk]))
                        .content.decode())
    assert f"Revised on 5 February 2024 because {REASON}" in page
    assert "Not agreed yet" in page
    lcspr = journey.refreshed(agreed)
    services.set_terms_of_reference(lcspr=lcspr, actor=bu,
                                    **{**t.TERMS, "period_from": D(2023, 1, 1)})
    with pytest.raises(ValidationError, match="cannot be before they were revised, on 5 "
                                              "February 2024"):
        services.agree_terms_of_reference(lcspr=journey.refreshed(lcspr), actor=bu,
                                          agreed_on=D(2024, 2, 1), agreed_by="The group")
    services.agree_terms_of_reference(lcspr=journey.refreshed(lcspr), actor=bu,
                                      agreed_on=D(2024, 2, 7), agreed_by="The governance group")
    terms.refresh_from_db()
    assert (terms.period_from, terms.agreed_on) == (D(2023, 1, 1), D(2024, 2, 7))
    versions = [(v.period_from, v.agreed_on) for v in terms.history.order_by("history_id")]
    assert (D(2023, 3, 1), D(2024, 1, 10)) in versions  # the version first agreed
    page = visible_text(client_for(p.partner).get(reverse("lcspr:terms", args=[agreed.pk]))
                        .content.decode())
    assert "Agreed on 7 February 2024" in page and "Revised on 5 February 2024" in page
    tasks = {row.title: row for row in workflow.task_list(
        journey.refreshed(lcspr), bu, Decision.objects.all())}
    assert tasks["Agree the terms of reference"].status == "completed"


def test_revised_terms_are_to_be_agreed_again_on_the_task_list_and_their_clock(p, agreed):
    """Revised, the terms are agreed again: the task is to do again, and the clock to agree
    them runs again from the revision (20 working days: 5 February to 4 March 2024)."""
    bu = p.business_unit
    clock = Deadline.objects.get(record_id=agreed.pk, clock__code="lcspr_terms_agreed")
    assert (clock.met_on, clock.state) == (D(2024, 1, 10), Deadline.State.MET)
    services.revise_terms_of_reference(lcspr=agreed, actor=bu, revised_on=D(2024, 2, 5),
                                       reason=REASON)
    clock.refresh_from_db()
    assert (clock.starts_on, clock.due_on, clock.met_on) == (
        D(2024, 2, 5), D(2024, 3, 4), None)
    lcspr = journey.refreshed(agreed)
    tasks = {row.title: row for row in workflow.task_list(lcspr, bu, Decision.objects.all())}
    assert tasks["Agree the terms of reference"].status != "completed"


def test_a_revision_needs_a_reason_agreed_terms_and_the_business_unit(p, agreed):
    """Bad input gets a clear message and changes nothing: a reason, a date not before they
    were agreed nor in the future; terms not agreed are changed, not revised; only the
    business unit revises them."""
    bu = p.business_unit
    with pytest.raises(ValidationError, match="Enter why the terms of reference are revised"):
        services.revise_terms_of_reference(lcspr=agreed, actor=bu, revised_on=D(2024, 2, 5),
                                           reason="  ")
    with pytest.raises(ValidationError, match="cannot be before they were agreed, on 10 "
                                              "January 2024"):
        services.revise_terms_of_reference(lcspr=agreed, actor=bu, revised_on=D(2024, 1, 9),
                                           reason=REASON)
    with pytest.raises(PermissionDenied):
        services.revise_terms_of_reference(lcspr=agreed, actor=p.partner,
                                           revised_on=D(2024, 2, 5), reason=REASON)
    terms = TermsOfReference.objects.get(lcspr=agreed)
    assert (terms.agreed_on, terms.revised_on) == (D(2024, 1, 10), None)
    services.revise_terms_of_reference(lcspr=agreed, actor=bu, revised_on=D(2024, 2, 5),
                                       reason=REASON)
    with pytest.raises(TransitionNotAllowed, match="have not been agreed yet"):
        services.revise_terms_of_reference(lcspr=journey.refreshed(agreed), actor=bu,
                                           revised_on=D(2024, 2, 6), reason="Again")
