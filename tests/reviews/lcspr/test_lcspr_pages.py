"""The LCSPR's pages (issue 13, item 1): its page shows the task list and what can be done
next; each step is a GOV.UK question page with an error summary; the case page shows the
review and, for a case whose rapid review concluded before LCSPRs were kept here, the way to
open it."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from reviews.models import Lcspr, LcsprNotice
from safeguarding.models import Role
from tests.factories import UserFactory
from tests.visible_text import offending, read

from . import journey

pytestmark = pytest.mark.django_db
D = datetime.date
S = Lcspr.Status


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def visible_text(html: str) -> str:
    return " ".join(read(html).text.split())


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_the_page_shows_the_task_list_and_the_next_steps(p, in_progress):
    """What is done and by whom, what the business unit can do now (002 section 8: tell the
    Panel, Ofsted and DfE of the reviewer), and who was told of what."""
    page = client_for(p.business_unit).get(in_progress.get_absolute_url())
    assert page.status_code == 200
    text = visible_text(page.content.decode())
    assert "Local child safeguarding practice review" in text
    assert "In progress" in text
    assert "Commission the reviewer Reviewer commissioned. Recorded by Priya Shah" in text
    assert "Record who was told of the reviewer" in text
    assert "Margaret Osei" in text and "Meets every point" in text
    assert "Local review published" in text  # its clock, due 23 April 2027
    assert "23 Apr 2027" in text
    assert offending(read(page.content.decode()).text) == []  # no code a person cannot read
    steps = page.context["steps"]
    assert [step.label for step in steps][:3] == [
        "Record who was told of the decision", "Record who was told of the reviewer",
        "End the reviewer's commission"]


def test_the_reviewer_reads_the_page_with_nothing_to_do(in_progress, reviewer):
    """DESIGN.md: the reviewer reads the review they are commissioned on; the steps are the
    business unit's (004 section 8.6: the partners supervise the reviewer), so none of them
    is offered to them: only their own (004 section 16.1: uploading the report's drafts)."""
    page = client_for(reviewer).get(in_progress.get_absolute_url())
    assert page.status_code == 200
    steps = page.context["steps"]
    assert "record_draft_report" in {step.transition.name for step in steps}
    assert all(step.transition.permission != "reviews.run_lcspr" for step in steps)
    assert {task.url for task in page.context["tasks"] if task.url} <= {
        step.url for step in steps}


def test_the_page_reads_a_fixed_number_of_queries(p, lcspr, reviewer, client,
                                                  django_assert_max_num_queries):
    """However many reviewers were assessed against 004 section 8.1 and notices recorded
    (002 section 8), the page reads a fixed number of queries."""
    from reviews.lcspr import services

    lcspr = journey.commissioning(p, lcspr, D(2026, 10, 26))
    for name in ("Dr Chidi Obi", "Ann Reviewer", "Ben Reviewer"):
        journey.assessed(p, lcspr, journey.reviewer(name), research_knowledge="no")
    lcspr = journey.commissioned(p, lcspr, reviewer, D(2026, 11, 2))
    services.record_decision_told(lcspr=lcspr, actor=p.business_unit,
                                  recipients=list(journey.EVERYONE), told_on=D(2026, 10, 26))
    services.record_reviewer_told(lcspr=lcspr, actor=p.business_unit,
                                  recipients=list(journey.EVERYONE), told_on=D(2026, 11, 3))
    client.force_login(p.business_unit)
    # The session and the user, the review with its commissions and notices, the access
    # logged, its decisions and its clocks, the session saved; the governance group and the
    # timetable (the terms of reference's guards: 2); the report's versions, its sign-offs
    # and its recommendations (3); the agencies asked for information (1); anyone to
    # contact among the practitioners and family (the contact's guard: 1).
    with django_assert_max_num_queries(19):
        page = client.get(lcspr.get_absolute_url())
    assert page.status_code == 200 and len(page.context["assessments"]) == 4


def test_telling_the_panel_through_the_page(p, lcspr):
    """002 section 8: the page offers those not told yet; a date before the decision is
    refused with an error summary naming the other date."""
    client = client_for(p.business_unit)
    url = reverse("lcspr:step", args=[lcspr.pk, "tell-decision"])
    page = client.get(url).content.decode()
    assert "The National Child Safeguarding Practice Review Panel" in page
    refused = client.post(url, {"recipients": ["ofsted"], **date_fields("told_on",
                                                                        D(2026, 10, 20))})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "govuk-error-summary" in body
    assert "cannot be before the partners decided to initiate the review, on 23 October 2026" \
        in body
    done = client.post(url, {"recipients": ["ofsted"], **date_fields("told_on",
                                                                     D(2026, 10, 26))})
    assert done.status_code == 302 and done["Location"] == lcspr.get_absolute_url()
    assert list(lcspr.notices.values_list("recipient", "about")) == [
        ("ofsted", LcsprNotice.About.DECISION)]
    again = client.get(url)
    assert [value for value, _label in again.context["form"].fields["recipients"].choices] \
        == ["national_panel", "dfe"]
    empty = client.post(url, {**date_fields("told_on", D(2026, 10, 26))})
    assert "Choose who was told" in empty.content.decode()


def test_commissioning_through_the_pages(p, lcspr, reviewer):
    """004 sections 8.1 and 8.7, as the business unit answers them."""
    client = client_for(p.business_unit)
    step = lambda slug: reverse("lcspr:step", args=[lcspr.pk, slug])  # noqa: E731
    assert client.post(step("commissioning"), {
        "reviewer_kind": "independent", "procurement": "local_tender",
        **date_fields("started_on", D(2026, 10, 26))}).status_code == 302
    missing = client.post(step("assessment"), {"reviewer": reviewer.pk})
    assert "Say whether the reviewer has the knowledge and understanding of research" in \
        missing.content.decode()
    assert client.post(step("assessment"), {
        "reviewer": reviewer.pk, **journey.MEETS_EVERY_POINT, "conflict": "none",
        **date_fields("assessed_on", D(2026, 10, 28))},
    ).status_code == 302
    commission = lcspr.commissions.get()
    page = client.get(step("commission")).content.decode()
    assert "Margaret Osei" in page
    assert "Reviewers assessed against the criteria for a reviewer" in page
    assert client.post(step("commission"), {
        "commission": commission.pk, **date_fields("commissioned_on", D(2026, 11, 2))},
    ).status_code == 302
    lcspr = journey.refreshed(lcspr)
    assert lcspr.status == S.IN_PROGRESS
    assert lcspr.commissions.get().commissioned_on == D(2026, 11, 2)


def test_a_step_not_open_now_says_why_on_the_review(p, lcspr):
    """A step the review's state does not allow yet (004 section 16: closing before
    publication) sends the business unit back to the review, saying why; an unknown step is
    not found."""
    client = client_for(p.business_unit)
    response = client.get(reverse("lcspr:step", args=[lcspr.pk, "close"]), follow=True)
    assert response.redirect_chain[-1][0] == lcspr.get_absolute_url()
    assert "Close the review: not while the LCSPR is" in response.content.decode()
    assert client.get(reverse("lcspr:step", args=[lcspr.pk, "no-such-step"])).status_code \
        == 404


def test_the_case_page_shows_the_lcspr(p, in_progress):
    """001: the rapid review's conclusion leads to the LCSPR: the case page shows it, and
    the case is under way once the reviewer is commissioned (004 section 8.1)."""
    page = client_for(p.business_unit).get(in_progress.case.get_absolute_url())
    text = visible_text(page.content.decode())
    assert "Local child safeguarding practice review" in text
    assert "LCSPR under way" in text
    assert in_progress.get_absolute_url() in page.content.decode()


def test_opening_an_lcspr_for_a_case_concluded_before(p, lcspr):
    """004 section 15.5: a case whose rapid review concluded with an LCSPR before they were
    kept here: the business unit opens it from the case page, with the partners' decision
    date (the rapid review's sign-off, 001)."""
    case = lcspr.case
    Lcspr.objects.filter(pk=lcspr.pk).delete()
    client = client_for(p.business_unit)
    page = client.get(case.get_absolute_url()).content.decode()
    url = reverse("lcspr:open", args=[case.reference])
    assert url in page
    form = client.get(url).context["form"]
    assert form.initial["decided_on"] == D(2026, 10, 23)  # the rapid review's sign-off
    response = client.post(url, {**date_fields("decided_on", D(2026, 10, 23)),
                                 "note": "Signed off by the three partners"})
    opened = Lcspr.objects.get(case=case)
    assert response["Location"] == opened.get_absolute_url()
    assert client.get(url)["Location"] == opened.get_absolute_url()
    assert client_for(UserFactory(role=Role.SAFEGUARDING_PARTNER)).get(url).status_code == 403


def test_the_case_history_and_decision_log_keep_the_lcspr(p, in_progress):
    """Nothing is lost: the review, the reviewer assessed and commissioned (004 section
    8.1) and who was told (002 section 8), in the case's change history; every step in its
    decision log."""
    from reviews.lcspr import services

    services.record_decision_told(lcspr=in_progress, actor=p.business_unit,
                                  recipients=["ofsted"], told_on=D(2026, 10, 26))
    client = client_for(p.business_unit)
    history = visible_text(client.get(reverse(
        "cases:history", args=[in_progress.case.reference])).content.decode())
    assert "LCSPR reviewer: Margaret Osei" in history
    assert "LCSPR: Ofsted told of the decision" in history
    log = visible_text(client.get(reverse("cases:decision-log") + "?reference="
                                  + in_progress.case.reference).content.decode())
    for done in ("LCSPR decided", "Commissioning of the reviewer started",
                 "Reviewer assessed against the criteria", "Reviewer commissioned",
                 "Told of the decision to hold the LCSPR", "LCSPR under way"):
        assert done in log, done


def test_the_step_and_rows_pages_are_in_the_cases_access_log(p, lcspr):
    from cases.models import CaseAccess

    client = client_for(p.business_unit)
    assert client.get(reverse("lcspr:step", args=[lcspr.pk, "tell-decision"])
                      ).status_code == 200
    assert client.get(reverse("lcspr:rows", args=[lcspr.pk, "parallel-processes"])
                      ).status_code == 200
    logged = list(CaseAccess.objects.filter(case=lcspr.case, user=p.business_unit)
                  .order_by("pk").values_list("what", flat=True))
    assert len(logged) == 2 and all(what.startswith("LCSPR: ") for what in logged)
