"""Terms of reference and governance of an LCSPR (issue 13 item 4): seed 004 sections
8.2-8.6 and 9.1, seed 001 (key lines of enquiry), seed 003 (methodologies). Counted on real
dates around Christmas 2023 and Easter 2024."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from reviews.lcspr import services
from reviews.lcspr.workflow import terms_missing
from reviews.models import GovernanceMember, TermsOfReference
from safeguarding import workflow
from safeguarding.models import Decision, Role
from safeguarding.workflow import TransitionNotAllowed
from tests.factories import UserFactory
from tests.pdfs import needs_pdftotext, pdf_text
from tests.visible_text import read

from . import journey
from . import terms_journey as t

pytestmark = pytest.mark.django_db
D = datetime.date


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def text_of(page) -> str:
    return " ".join(read(page.content.decode()).text.split())


@pytest.fixture
def reviewer():
    return journey.reviewer()


@pytest.fixture
def lcspr(p, reviewer):
    """Commissioned on Wednesday 20 December 2023."""
    return t.commissioned(p, reviewer)


def test_what_the_rapid_review_set_out_carries_over(p, lcspr):
    """001: the key lines of enquiry are "set out in the conclusion to the rapid review";
    004 section 6.8: the chair may recommend the methodology; 004 section 9.1: the
    governance group is "chaired by the same Chair of the Rapid Review Panel"."""
    terms = TermsOfReference.objects.get(lcspr=lcspr)
    assert terms.key_lines_of_enquiry == "How did agencies assess the risk the father posed?"
    assert terms.methodology_reason == f"The rapid review panel recommended: {t.METHODOLOGY}"
    assert terms.agreed_on is None
    chair = GovernanceMember.objects.get(lcspr=lcspr)
    assert (chair.user, chair.role) == (p.chair, GovernanceMember.Role.CHAIR)


def test_the_terms_are_set_out_with_their_dates_in_order(p, lcspr):
    """004 section 9.1: the scope; the period under review, its end not before its start
    and not in the future; the methodology and why (004 section 8.2; 003's list)."""
    bu = p.business_unit
    with pytest.raises(ValidationError, match="The date the period under review ends cannot "
                                              "be before it starts"):
        services.set_terms_of_reference(lcspr=lcspr, actor=bu,
                                        **{**t.TERMS, "period_to": D(2023, 2, 1)})
    with pytest.raises(ValidationError, match="Say which other methodology"):
        services.set_terms_of_reference(lcspr=lcspr, actor=bu,
                                        **{**t.TERMS, "methodology": "other"})
    with pytest.raises(ValidationError, match="Enter the scope"):
        services.set_terms_of_reference(lcspr=lcspr, actor=bu, **{**t.TERMS, "scope": " "})
    terms = services.set_terms_of_reference(
        lcspr=lcspr, actor=bu, **{**t.TERMS, "methodology": "other",
                                  "other_methodology": "An appreciative inquiry"})
    assert terms.methodology_name == "An appreciative inquiry"
    assert Decision.objects.filter(transition="set_terms_of_reference").count() == 1


def test_the_terms_are_agreed_once_complete_and_then_fixed(p, lcspr):
    """004 section 9.1: the governance group agrees the scope and determines the terms of
    reference; 004 section 8.2: the method is agreed with the reviewer, so not before the
    reviewer was commissioned. Until complete, the step says what is missing."""
    bu = p.business_unit
    assert workflow.why_not(lcspr, "agree_terms_of_reference", bu) == (
        "The terms of reference still need the scope, the period under review, the "
        "methodology and why, a milestone in the timetable")
    lcspr = t.ready_to_agree(p, lcspr)
    assert terms_missing(lcspr) == []
    with pytest.raises(ValidationError, match="cannot be before the reviewer was "
                                              "commissioned"):
        services.agree_terms_of_reference(lcspr=lcspr, actor=bu, agreed_on=D(2023, 12, 19),
                                          agreed_by="The governance group")
    services.agree_terms_of_reference(
        lcspr=lcspr, actor=bu, agreed_on=D(2024, 1, 10),
        agreed_by="The governance group, with the reviewer, at its meeting")
    terms = TermsOfReference.objects.get(lcspr=lcspr)
    assert (terms.agreed_on, terms.agreed_by) == (
        D(2024, 1, 10), "The governance group, with the reviewer, at its meeting")
    lcspr = journey.refreshed(lcspr)
    with pytest.raises(TransitionNotAllowed, match="agreed on 10 January 2024"):
        services.set_terms_of_reference(lcspr=lcspr, actor=bu, **t.TERMS)
    with pytest.raises(TransitionNotAllowed):
        services.agree_terms_of_reference(lcspr=lcspr, actor=bu, agreed_on=D(2024, 1, 11),
                                          agreed_by="Again")


def test_the_governance_group_has_one_chair_and_its_meetings(p, lcspr):
    """004 section 9.1: one chair (the rapid review panel's); members with an account or
    named with their agency; each meeting with who attended and its notes and decisions; a
    member who attended a meeting stays on the group."""
    bu = p.business_unit
    with pytest.raises(ValidationError, match="one chair"):
        services.record_governance_group(lcspr=lcspr, actor=bu, members=[
            t.member(p, user=p.partner, role="chair")])
    with pytest.raises(ValidationError, match="Choose the agency"):
        services.record_governance_group(lcspr=lcspr, actor=bu, members=[
            t.member(p, name="Dr Amir Khan")])
    lcspr = t.ready_to_agree(p, lcspr)
    members = list(lcspr.governance_members.all())
    assert [m.display_name for m in members] == [
        f"Dr Ruth Okoye, {p.chair.agency.name}", "Helen Ward, Northmoor Council Children's "
        "Services", "Dr Amir Khan, Northmoor Hospitals"]
    with pytest.raises(ValidationError, match="Choose who attended"):
        services.record_governance_meeting(lcspr=lcspr, actor=bu, held_on=D(2024, 1, 8),
                                           attended=[], notes="Scope agreed")
    with pytest.raises(ValidationError, match="cannot be before the partners decided"):
        services.record_governance_meeting(lcspr=lcspr, actor=bu, held_on=D(2023, 12, 1),
                                           attended=members[:1], notes="Scope agreed")
    meeting = services.record_governance_meeting(
        lcspr=lcspr, actor=bu, held_on=D(2024, 1, 8), attended=members[:2],
        others_present="Margaret Osei, reviewer", notes="Scope and timetable agreed")
    assert list(meeting.attended.all()) == members[:2]
    from safeguarding.rows import RowChange
    from safeguarding.versions import current_version
    chair = members[0]
    with pytest.raises(ValidationError, match="attended a meeting of the group"):
        services.record_governance_group(lcspr=lcspr, actor=bu, members=[
            RowChange(pk=chair.pk, version=current_version(chair), delete=True)])


def test_the_partners_ask_in_writing_and_the_reviewer_reports_progress(p, lcspr, reviewer):
    """004 section 8.6: the partners supervise the review and "may request information
    from the reviewer during the review ... such requests should be made in writing"; the
    reviewer commissioned records their progress reports on their own review; a second
    reviewer and an agency contributor cannot."""
    bu = p.business_unit
    with pytest.raises(ValidationError, match="cannot be before the reviewer was "
                                              "commissioned"):
        services.ask_reviewer_for_information(lcspr=lcspr, actor=bu,
                                              requested_on=D(2023, 12, 19), request="How far?")
    request = services.ask_reviewer_for_information(
        lcspr=lcspr, actor=bu, requested_on=D(2024, 2, 1), reply_by=D(2024, 2, 8),
        request="Which practitioners have been met, and is the learning event on track?")
    with pytest.raises(ValidationError, match="cannot be before the reviewer was asked"):
        services.record_progress_report(lcspr=lcspr, actor=reviewer,
                                        reported_on=D(2024, 1, 31), report="On track",
                                        in_reply_to=request)
    report = services.record_progress_report(
        lcspr=lcspr, actor=reviewer, reported_on=D(2024, 2, 6), in_reply_to=request,
        report="Eight practitioners met; the learning event is set for 26 March 2024.")
    assert (report.reported_by, report.in_reply_to) == (reviewer, request)
    second = journey.reviewer("Dr Chidi Obi")
    contributor = UserFactory(role=Role.AGENCY_CONTRIBUTOR)
    for someone in (second, contributor):
        with pytest.raises(PermissionDenied):
            services.record_progress_report(lcspr=lcspr, actor=someone,
                                            reported_on=D(2024, 2, 6), report="Not mine")
    with pytest.raises(PermissionDenied):
        services.ask_reviewer_for_information(lcspr=lcspr, actor=reviewer,
                                              requested_on=D(2024, 2, 1), request="Me?")


@needs_pdftotext
def test_the_terms_of_reference_print(p, lcspr, reviewer, tmp_path):
    """Issue 13 item 13's first output: the terms of reference as a PDF, read back: scope
    and period, key lines of enquiry, methodology and why, the governance group with its
    chair (004 section 9.1), the timetable and the parallel processes (004 section 11)."""
    lcspr = t.ready_to_agree(p, lcspr)
    services.agree_terms_of_reference(lcspr=lcspr, actor=p.business_unit,
                                      agreed_on=D(2024, 1, 10),
                                      agreed_by="The governance group")
    response = client_for(reviewer).get(reverse("lcspr:terms-pdf", args=[lcspr.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="{lcspr.case.reference}-terms-of-reference.pdf"')
    text = pdf_text(response.content, tmp_path)
    for expected in ("terms of reference", f"case {lcspr.case.reference}",
                     "Agreed on 10 January 2024 by The governance group",
                     "1 March 2023 to 30 November 2023",
                     "How did agencies assess the risk the father posed?",
                     "A systems review", "Dr Ruth Okoye", "Chair", "Dr Amir Khan",
                     "Practitioners' learning event", "28 Mar 2024", "Coroner's inquest",
                     "Criminal investigation", "Margaret Osei", "OFFICIAL-SENSITIVE"):
        assert expected in text, expected


def test_the_page_and_its_steps(p, lcspr):
    """The business unit reads the terms of reference with what it can do next; a step page
    shows the error summary and keeps the dates in order."""
    bu = client_for(p.business_unit)
    page = bu.get(reverse("lcspr:terms", args=[lcspr.pk]))
    assert page.status_code == 200
    labels = [step.label for step in page.context["steps"]]
    assert labels == ["Set out the terms of reference", "Record the governance group",
                      "Record a meeting of the governance group",
                      "Set the timetable and its milestones",
                      "Ask the reviewer for information in writing",
                      "Record a progress report", "Record the parallel processes"]
    text = text_of(page)
    assert "Not agreed yet" in text and "Coroner's inquest" in text
    assert "How did agencies assess the risk the father posed?" in text
    url = reverse("lcspr:step", args=[lcspr.pk, "terms"])
    form = bu.get(url)
    assert "How did agencies assess the risk the father posed?" in form.content.decode()
    posted = bu.post(url, {**{k: v for k, v in t.TERMS.items() if "period" not in k},
                           **date_fields("period_from", D(2023, 6, 1)),
                           **date_fields("period_to", D(2023, 5, 1))})
    assert posted.status_code == 200
    assert "There is a problem" in posted.content.decode()
    assert "must be the same as or after the date it starts" in posted.content.decode()
    posted = bu.post(url, {**{k: v for k, v in t.TERMS.items() if "period" not in k},
                           **date_fields("period_from", D(2023, 3, 1)),
                           **date_fields("period_to", D(2023, 11, 30))})
    assert posted.status_code == 302
    assert TermsOfReference.objects.get(lcspr=lcspr).period_to == D(2023, 11, 30)


def test_the_timetable_page_saves_its_rows(p, lcspr):
    """The timetable as repeatable rows (safeguarding.rows): a milestone with a name and a
    due date; an error summary for one left without a date."""
    bu = client_for(p.business_unit)
    url = reverse("lcspr:rows", args=[lcspr.pk, "timetable"])
    page = bu.get(url)
    assert page.status_code == 200
    management = {"rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0",
                  "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "40"}
    posted = bu.post(url, {**management, "rows-0-name": "Chronologies from the agencies"})
    assert posted.status_code == 200
    assert "There is a problem" in posted.content.decode()
    assert "Enter the date the milestone is due" in posted.content.decode()
    posted = bu.post(url, {**management, "rows-0-name": "Chronologies from the agencies",
                           **date_fields("rows-0-due_on", D(2024, 2, 15))})
    assert posted.status_code == 302
    assert posted.url == reverse("lcspr:terms", args=[lcspr.pk])
    assert [(m.name, m.due_on) for m in lcspr.milestones.all()] == [
        ("Chronologies from the agencies", D(2024, 2, 15))]


def test_the_page_reads_a_fixed_number_of_queries(p, lcspr, reviewer,
                                                  django_assert_max_num_queries):
    """However many members, meetings, milestones, requests, reports and parallel
    processes, the terms of reference page and its PDF read a fixed number of queries."""
    lcspr = t.ready_to_agree(p, lcspr)
    bu = p.business_unit
    members = list(lcspr.governance_members.all())
    client = client_for(bu)
    url = reverse("lcspr:terms", args=[lcspr.pk])

    def add(day: int) -> None:
        services.record_governance_meeting(lcspr=lcspr, actor=bu, held_on=D(2024, 1, day),
                                           attended=members, notes="Progress")
        request = services.ask_reviewer_for_information(lcspr=lcspr, actor=bu,
                                                        requested_on=D(2024, 1, day),
                                                        request="How far?")
        services.record_progress_report(lcspr=lcspr, actor=reviewer,
                                        reported_on=D(2024, 1, day), report="On track",
                                        in_reply_to=request)

    add(8)
    client.get(url)
    with django_assert_max_num_queries(30) as counted:
        assert client.get(url).status_code == 200
    few = len(counted.captured_queries)
    for day in (15, 22, 29):
        add(day)
    services.record_timetable(lcspr=journey.refreshed(lcspr), actor=bu, milestones=[
        t.milestone(f"Milestone {n}", D(2024, 5, n)) for n in range(1, 6)])
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(few):
        assert client.get(reverse("lcspr:terms-pdf", args=[lcspr.pk])).status_code == 200


def test_who_sees_the_terms_of_reference(p, lcspr, reviewer):
    """DESIGN.md: a reviewer sees only their own review: its terms of reference, their
    print, and the progress report they record (004 section 8.6); the business unit's steps
    are refused them. A second reviewer and an agency contributor see nothing of it."""
    urls = {name: reverse(f"lcspr:{name}", args=[lcspr.pk]) for name in ("terms", "terms-pdf")}
    progress = reverse("lcspr:step", args=[lcspr.pk, "progress-report"])
    theirs = client_for(reviewer)
    assert {theirs.get(url).status_code for url in urls.values()} == {200}
    assert theirs.get(progress).status_code == 200
    page = theirs.get(urls["terms"])
    assert [step.label for step in page.context["steps"]] == ["Record a progress report"]
    posted = theirs.post(progress, {**date_fields("reported_on", D(2024, 1, 12)),
                                    "report": "The chronologies are in; I meet the health "
                                              "visitors next week."})
    assert posted.status_code == 302
    assert lcspr.progress_reports.get().reported_by == reviewer
    business_unit_only = [reverse("lcspr:rows", args=[lcspr.pk, slug]) for slug in (
        "governance-group", "timetable", "parallel-processes")] + [
        reverse("lcspr:step", args=[lcspr.pk, slug]) for slug in (
            "terms", "agree-terms", "ask-reviewer", "governance-meeting")]
    assert {theirs.get(url).status_code for url in business_unit_only} == {403}
    second = client_for(journey.reviewer("Dr Chidi Obi"))
    contributor = client_for(UserFactory(role=Role.AGENCY_CONTRIBUTOR))
    for other in (second, contributor):
        seen = {other.get(url).status_code
                for url in [*urls.values(), progress, *business_unit_only]}
        assert seen <= {403, 404}, seen
        assert other.post(progress, {**date_fields("reported_on", D(2024, 1, 12)),
                                     "report": "Not mine"}).status_code in (403, 404)
    assert lcspr.progress_reports.count() == 1


def test_the_case_history_keeps_each_change(p, lcspr):
    """Nothing is lost (README): the terms of reference, the governance group, the timetable
    and the parallel processes are in the case's change history."""
    t.ready_to_agree(p, lcspr)
    page = client_for(p.business_unit).get(reverse("cases:history",
                                                   args=[lcspr.case.reference]))
    assert page.status_code == 200
    text = text_of(page)
    for expected in ("LCSPR terms of reference", "LCSPR governance group member",
                     "LCSPR milestone: Practitioners' learning event",
                     "LCSPR parallel process"):
        assert expected in text, expected
