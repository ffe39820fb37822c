"""What the rapid review records beside its decision (issue 12, item 10): the parallel
processes (004 section 11.1), the methodology and reviewer recommended with an LCSPR (000
stage 6, 004 section 6.8), telling the family (004 section 7.5), publication (001), the
National Panel disagreeing, its rationale and the scope of a national review (004 sections
6.11 and 6.12), and the report that lists who attended and who decided.

A review in May 2023, around the coronation bank holiday (Monday 8 May 2023): referred on
Tuesday 2 May, notified on Friday 5 May, the Panel's acknowledgement on Tuesday 9 May, the
panel met on Wednesday 17 May, signed off by Monday 22 May and sent on Wednesday 24 May."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from cases import services as case_services
from cases.models import Case, Notification
from cases.selectors import case_history
from reviews.models import PanelAttendance, ParallelProcess, RapidReview
from reviews.rapid_review import services
from reviews.rapid_review.dates import review_timeline
from safeguarding import workflow
from safeguarding.models import Agency, Role
from safeguarding.rows import RowChange
from safeguarding.workflow import TransitionNotAllowed
from tests.factories import UserFactory, submitted_case
from tests.pdfs import needs_pdftotext, pdf_text
from tests.rapid_review import OUTCOME, attend, decision_maker, partner, submitted_return

pytestmark = pytest.mark.django_db
D = datetime.date
K = Agency.Kind
P = ParallelProcess
PR = RapidReview.PanelResponse
R = Notification.Recipient


# A review in May 2023, built through the services.

@pytest.fixture
def may_review(business_unit):
    """Referred Tuesday 2 May 2023; notified Friday 5 May, the last working day before the
    coronation; acknowledged Tuesday 9 May, when the rapid review was decided on."""
    case = submitted_case(received_on=D(2023, 5, 2))
    case_services.inform_partners(case=case, actor=business_unit, informed_on=D(2023, 5, 2))
    case_services.record_screening_decision(
        case=case, actor=UserFactory(role=Role.SAFEGUARDING_PARTNER),
        decision=Case.ScreeningDecision.NOTIFY, decided_on=D(2023, 5, 3),
        rationale="A child was seriously harmed and neglect is suspected.")
    case_services.record_local_authority_awareness(case=case, actor=business_unit,
                                                   aware_on=D(2023, 5, 2))
    for recipient in (R.NATIONAL_PANEL, R.OFSTED, R.DFE):
        case_services.record_notification(
            case=case, actor=business_unit, recipient=recipient, notified_on=D(2023, 5, 5),
            channel=Notification.Channel.ONLINE_SYSTEM, sent_by="Head of Safeguarding",
            acknowledged_on=D(2023, 5, 9) if recipient == R.NATIONAL_PANEL else None)
    return services.start_rapid_review(
        case=Case.objects.get(pk=case.pk), actor=business_unit, decided_on=D(2023, 5, 9),
        decision_note="The Chair of the partnership decided on 9 May 2023 that a rapid review "
                      "is required.")


@pytest.fixture
def may_chair(may_review):
    person = UserFactory(role=Role.PANEL_CHAIR, full_name="Dr Ruth Okoye")
    may_review.panel.add(person)
    return person


@pytest.fixture
def may_met(may_review, may_chair, agencies, business_unit):
    """The pack circulated Monday 15 May 2023; the panel met Wednesday 17 May."""
    submitted_return(may_review, agencies[K.EDUCATION], business_unit)
    services.circulate_panel_pack(review=may_review, actor=business_unit,
                                  circulated_on=D(2023, 5, 15))
    attend(may_review, agencies[K.INTEGRATED_CARE_BOARD], PanelAttendance.PanelRole.CHAIR,
           name="Dr Ruth Okoye", job_title="Designated Doctor")
    attend(may_review, agencies[K.POLICE], name="DCI Hannah Price",
           job_title="Head of Public Protection")
    attend(may_review, agencies[K.LOCAL_AUTHORITY], name="Sam Adeyemi",
           job_title="Head of Children's Services")
    attend(may_review, agencies[K.EDUCATION], name="Lorna Kay", job_title="Education lead")
    attend(may_review, agencies[K.LEGAL], PanelAttendance.PanelRole.LEGAL_ADVISER,
           name="Priya Nair", job_title="Solicitor")
    services.record_meeting_held(review=may_review, actor=business_unit,
                                 held_on=D(2023, 5, 17))
    may_review.refresh_from_db()
    return may_review


def _outcome(review, chair, **changes):
    services.record_recommendation(review=review, actor=chair, version=None, actions=[],
                                   outcome={**OUTCOME, **changes})
    review.refresh_from_db()


METHODOLOGY = {"recommended_reviewer": RapidReview.ReviewerKind.INDEPENDENT,
               "recommended_independent_chair": "yes",
               "recommended_methodology": "A systems learning review with a practitioner "
                                          "event"}


@pytest.fixture
def may_signed(may_met, may_chair, agencies):
    """The LCSPR recommended with its reviewer and methodology; the decision maker agrees; the
    local authority signs on Thursday 18 May, the police on Friday 19 May and the integrated
    care board on Monday 22 May 2023."""
    _outcome(may_met, may_chair, **METHODOLOGY)
    services.record_partners_decision(review=may_met, actor=decision_maker(), agrees=True)
    for kind, day in ((K.LOCAL_AUTHORITY, 18), (K.POLICE, 19), (K.INTEGRATED_CARE_BOARD, 22)):
        version = RapidReview.objects.values_list("decision_version", flat=True).get(
            pk=may_met.pk)
        services.sign_off(review=may_met, actor=partner(agencies[kind]),
                          signed_on=D(2023, 5, day), decision_version=version)
    may_met.refresh_from_db()
    assert may_met.status == RapidReview.Status.SIGNED_OFF
    return may_met


@pytest.fixture
def may_sent(may_signed, business_unit):
    """Sent to the National Panel on Wednesday 24 May 2023."""
    services.record_submission(review=may_signed, actor=business_unit,
                               submitted_on=D(2023, 5, 24))
    may_signed.refresh_from_db()
    return may_signed


def _row(**values):
    return RowChange(values={"other_kind": "", "lead": "", "notes": "",
                             "progress": P.Progress.CONSIDERED, **values})


def _logged(review, transition: str) -> str:
    return review.case.decisions.filter(transition=transition).last().reason


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _date(prefix: str, value: D) -> dict[str, str]:
    return {f"{prefix}_0": str(value.day), f"{prefix}_1": str(value.month),
            f"{prefix}_2": str(value.year)}


# Parallel processes (004 section 11.1).

def test_the_business_unit_adds_changes_and_removes_parallel_processes(may_review,
                                                                       business_unit):
    """004 section 11.1: identify any other processes running in parallel or being
    considered. Each is its own row (for the LCSPR to take over), added, changed and removed
    by the business unit, each change in the decision log and the case's history."""
    services.record_parallel_processes(review=may_review, actor=business_unit, processes=[
        _row(kind=P.Kind.CRIMINAL_INVESTIGATION, lead="DI Sam Cole, Northmoor Police",
             progress=P.Progress.UNDER_WAY, notes="Disclosure may delay the LCSPR"),
        _row(kind=P.Kind.INQUEST)])
    investigation, inquest = may_review.parallel_processes.all()
    assert (investigation.kind, investigation.lead, investigation.progress) == (
        P.Kind.CRIMINAL_INVESTIGATION, "DI Sam Cole, Northmoor Police", P.Progress.UNDER_WAY)
    assert _logged(may_review, "record_parallel_processes") == (
        "Parallel processes: Criminal investigation (under way); Coroner's inquest (being "
        "considered)")

    services.record_parallel_processes(review=may_review, actor=business_unit, processes=[
        RowChange(pk=inquest.pk, values={"kind": P.Kind.INQUEST, "other_kind": "",
                                         "lead": "Coroner's officer, Northmoor Coroner",
                                         "progress": P.Progress.UNDER_WAY, "notes": ""}),
        RowChange(pk=investigation.pk, delete=True),
        _row(kind=P.Kind.OTHER, other_kind="Ofsted inspection of the nursery")])
    assert [(row.name, row.progress) for row in may_review.parallel_processes.all()] == [
        ("Coroner's inquest", P.Progress.UNDER_WAY),
        ("Ofsted inspection of the nursery", P.Progress.CONSIDERED)]
    assert _logged(may_review, "record_parallel_processes") == (
        "Parallel processes: Coroner's inquest (under way); Ofsted inspection of the nursery "
        "(being considered)")
    # Removed, but kept in the history, with who changed each row.
    history = [entry.record for entry in case_history(may_review.case)]
    assert "Parallel process: Criminal investigation" in history
    assert "Parallel process: Ofsted inspection of the nursery" in history
    assert ParallelProcess.history.filter(history_type="-").get().kind == (
        P.Kind.CRIMINAL_INVESTIGATION)
    page = _signed_in(business_unit).get(
        f"/cases/{may_review.case.reference}/history/").content.decode()
    assert "Parallel process: Ofsted inspection of the nursery" in page
    assert "Under way" in page


def test_another_process_must_say_what_it_is_and_only_the_business_unit_records_them(
        may_review, may_chair, business_unit):
    """004 section 11.1 ends its list with "these may include": another kind of review or
    investigation is named. The business unit records them, not the panel chair."""
    with pytest.raises(ValidationError, match="Say what the other review or investigation is"):
        services.record_parallel_processes(review=may_review, actor=business_unit,
                                           processes=[_row(kind=P.Kind.OTHER)])
    with pytest.raises(PermissionDenied):
        services.record_parallel_processes(review=may_review, actor=may_chair,
                                           processes=[_row(kind=P.Kind.INQUEST)])
    assert not may_review.parallel_processes.exists()
    # Saving none records that none is known, and the task is done.
    services.record_parallel_processes(review=may_review, actor=business_unit, processes=[])
    assert _logged(may_review, "record_parallel_processes") == "No parallel process known"


def test_the_parallel_processes_page_shows_the_referral_and_saves_the_rows(may_review,
                                                                          business_unit):
    """004 section 11.1, through the page: it shows what the referral said of other reviews
    (the factory's referral names a criminal investigation), refuses another process with no
    name in the error summary, and the review page then lists what was saved."""
    client = _signed_in(business_unit)
    url = f"/rapid-reviews/{may_review.pk}/parallel-processes/"
    page = client.get(url).content.decode()
    assert "What the referral said" in page
    assert "Other reviews: Criminal investigation" in page
    assert "A criminal investigation: Yes" in page
    management = {"processes-TOTAL_FORMS": "1", "processes-INITIAL_FORMS": "0",
                  "processes-MIN_NUM_FORMS": "0", "processes-MAX_NUM_FORMS": "60"}
    refused = client.post(url, {**management, "processes-0-kind": "other",
                                "processes-0-progress": "considered"})
    assert refused.status_code == 200
    assert "govuk-error-summary" in refused.content.decode()
    assert "Say what the other review or investigation is" in refused.content.decode()
    assert not may_review.parallel_processes.exists()
    response = client.post(url, {**management, "processes-0-kind": "safeguarding_adult_review",
                                 "processes-0-lead": "Northmoor Safeguarding Adults Board",
                                 "processes-0-progress": "considered"})
    assert response.status_code == 302
    assert may_review.parallel_processes.get().kind == P.Kind.SAFEGUARDING_ADULT_REVIEW
    review_page = client.get(f"/rapid-reviews/{may_review.pk}/").content.decode()
    assert "Safeguarding Adult Review (SAR)" in review_page
    assert "Northmoor Safeguarding Adults Board" in review_page


# The methodology and reviewer recommended with an LCSPR (000 stage 6, 004 section 6.8).

def test_the_chair_recommends_the_reviewer_and_methodology_with_an_lcspr_only(may_met,
                                                                             may_chair):
    """004 section 6.8: with an LCSPR recommended, the chair may also recommend the review
    methodology and whether an independent chair or author is needed (000 stage 6: "Local
    Safeguarding Practice Review (Independent Author)"). Another recommendation keeps none."""
    _outcome(may_met, may_chair, **METHODOLOGY)
    assert (may_met.recommended_reviewer, may_met.recommended_independent_chair) == (
        "independent", "yes")
    assert may_met.recommended_methodology.startswith("A systems learning review")
    assert _logged(may_met, "record_recommendation") == (
        "Recommendation: A Local Safeguarding Practice Review to be undertaken (independent "
        "author); reviewer recommended: an independent reviewer (author)")
    _outcome(may_met, may_chair, recommendation=RapidReview.Recommendation.NO_REVIEW,
             key_lines_of_enquiry="", **METHODOLOGY)
    assert (may_met.recommended_reviewer, may_met.recommended_independent_chair,
            may_met.recommended_methodology) == ("", "", "")


def test_the_outcome_page_records_the_reviewer_and_the_review_page_shows_it(may_met,
                                                                           may_chair):
    """000 stage 6 and 004 section 6.8, through the chair's outcome page; shown on the review
    page and to the partners' decision maker (000 stage 7)."""
    client = _signed_in(may_chair)
    url = f"/rapid-reviews/{may_met.pk}/outcome/"
    assert "which reviewer does the panel recommend" in client.get(url).content.decode()
    response = client.post(url, {
        "actions-TOTAL_FORMS": "0", "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0", "actions-MAX_NUM_FORMS": "60", **OUTCOME,
        "recommended_reviewer": "local", "recommended_independent_chair": "no",
        "recommended_methodology": "Appreciative inquiry with the practitioners"})
    assert response.status_code == 302
    page = client.get(f"/rapid-reviews/{may_met.pk}/").content.decode()
    assert "A local reviewer" in page
    assert "Appreciative inquiry with the practitioners" in page
    # The decision maker reads them with the recommendation they decide on.
    decision = _signed_in(decision_maker()).get(
        f"/rapid-reviews/{may_met.pk}/decision/").content.decode()
    assert "A local reviewer" in decision and "Independent chair needed: No" in decision


# Telling the family (004 section 7.5).

def test_the_family_is_told_once_the_decision_is_signed_off_and_not_before(may_signed,
                                                                          business_unit):
    """004 section 7.5: the decision and its rationale are communicated, including to
    families. Recorded once the three partners have signed it off, dated no earlier than the
    last signature, with who told them; or why they were not told."""
    with pytest.raises(ValidationError) as refused:
        services.record_family_told(review=may_signed, actor=business_unit, told=True,
                                    told_on=D(2023, 5, 19), told_by="Jo Rahman, social worker")
    assert refused.value.messages == [
        "The date the family was told cannot be before the integrated care board signed off, "
        "on 22 May 2023"]
    with pytest.raises(ValidationError, match="Enter who told the family"):
        services.record_family_told(review=may_signed, actor=business_unit, told=True,
                                    told_on=D(2023, 5, 23), told_by=" ")
    with pytest.raises(ValidationError, match="Give the reason the family has not been told"):
        services.record_family_told(review=may_signed, actor=business_unit, told=False)
    services.record_family_told(review=may_signed, actor=business_unit, told=False,
                                reason="The police asked us to wait for the interviews")
    services.record_family_told(review=may_signed, actor=business_unit, told=True,
                                told_on=D(2023, 5, 23), told_by="Jo Rahman, social worker")
    may_signed.refresh_from_db()
    assert (may_signed.family_told, may_signed.family_told_on, may_signed.family_told_by,
            may_signed.family_not_told_reason) == (
        "yes", D(2023, 5, 23), "Jo Rahman, social worker", "")
    assert _logged(may_signed, "record_family_told") == (
        "The family was told of the decision on 23 May 2023 by Jo Rahman, social worker")
    # The date is corrected like the review's other dates, keeping its order.
    assert "family_told_on" in review_timeline(may_signed).correctable()


def test_the_family_cannot_be_recorded_as_told_before_the_sign_off(may_met, may_chair,
                                                                  business_unit):
    """004 section 7.5: the family is told of the decision, so not before it stands (001:
    signed by the three safeguarding partners)."""
    _outcome(may_met, may_chair)
    services.record_partners_decision(review=may_met, actor=decision_maker(), agrees=True)
    may_met.refresh_from_db()
    assert not workflow.can(may_met, "record_family_told", business_unit)
    with pytest.raises(TransitionNotAllowed):
        services.record_family_told(review=may_met, actor=business_unit, told=True,
                                    told_on=D(2023, 5, 23), told_by="Jo Rahman")


# Publication (001).

def test_the_report_is_published_after_it_is_sent_or_the_reason_it_is_not(may_signed,
                                                                          business_unit):
    """001: "The completed Rapid Review is submitted to the National Panel and published on
    the BSCP website": recorded once it has been sent, not dated before, with its web
    address; or the reason it is not published."""
    assert not workflow.can(may_signed, "record_publication", business_unit)
    services.record_submission(review=may_signed, actor=business_unit,
                               submitted_on=D(2023, 5, 24))
    may_signed.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.record_publication(review=may_signed, actor=business_unit, published=True,
                                    published_on=D(2023, 5, 23),
                                    url="https://www.northmoor-scp.org.uk/rapid-review")
    assert refused.value.messages == [
        "The date the report was published cannot be before the rapid review was sent to the "
        "National Panel, on 24 May 2023"]
    with pytest.raises(ValidationError, match="web address in the right format"):
        services.record_publication(review=may_signed, actor=business_unit, published=True,
                                    published_on=D(2023, 6, 14), url="javascript:alert(1)")
    with pytest.raises(ValidationError, match="Give the reason"):
        services.record_publication(review=may_signed, actor=business_unit, published=False)
    services.record_publication(review=may_signed, actor=business_unit, published=False,
                                reason="Held back until the criminal trial ends")
    may_signed.refresh_from_db()
    assert (may_signed.published, may_signed.not_published_reason) == (
        "no", "Held back until the criminal trial ends")
    services.record_publication(review=may_signed, actor=business_unit, published=True,
                                published_on=D(2023, 6, 14),
                                url="https://www.northmoor-scp.org.uk/rapid-review")
    may_signed.refresh_from_db()
    assert (may_signed.published, may_signed.published_on, may_signed.published_url,
            may_signed.not_published_reason) == (
        "yes", D(2023, 6, 14), "https://www.northmoor-scp.org.uk/rapid-review", "")


# The National Panel's response (004 sections 6.11 and 6.12).

def test_the_panel_disagrees_and_concluding_says_how_it_was_resolved(may_sent, business_unit):
    """004 section 6.11: the Panel sets out the rationale for its decision. When it disagrees
    with the partners' decision, its rationale is required, and concluding needs the reason
    whatever the next step, even the one the partners decided (the decision on a local
    review stays theirs)."""
    with pytest.raises(ValidationError, match="rationale for disagreeing"):
        services.record_panel_response(review=may_sent, actor=business_unit,
                                       responded_on=D(2023, 6, 6), response=PR.DISAGREES)
    services.record_panel_response(
        review=may_sent, actor=business_unit, responded_on=D(2023, 6, 6), response=PR.DISAGREES,
        rationale="The learning is already known: a thematic review would serve better")
    may_sent.refresh_from_db()
    assert may_sent.panel_response == PR.DISAGREES
    assert "Rationale: The learning is already known" in _logged(may_sent,
                                                                 "record_panel_response")
    assert services.expected_next_step(may_sent) == RapidReview.NextStep.LCSPR
    with pytest.raises(ValidationError, match="disagreed with the partners' decision"):
        services.conclude_rapid_review(review=may_sent, actor=business_unit,
                                       next_step=RapidReview.NextStep.LCSPR)
    services.conclude_rapid_review(
        review=may_sent, actor=business_unit, next_step=RapidReview.NextStep.LCSPR,
        override_reason="The partners met the Panel on 12 June 2023 and keep their decision")
    may_sent.refresh_from_db()
    assert may_sent.next_step_reason == ("The partners met the Panel on 12 June 2023 and keep "
                                         "their decision")
    assert Case.objects.get(pk=may_sent.case_id).status == Case.Status.LCSPR_TO_COMMISSION


def test_a_national_review_records_the_scope_agreed_with_the_panel(may_sent, business_unit):
    """004 section 6.12: the Panel discusses the scope and methodology of a national review
    with the partners: recorded with its response, or added by recording it again. A scope
    belongs only to a national review."""
    with pytest.raises(ValidationError, match="scope is agreed only for a national review"):
        services.record_panel_response(review=may_sent, actor=business_unit,
                                       responded_on=D(2023, 6, 6), response=PR.AGREES,
                                       scope="Extra-familial harm across three areas")
    services.record_panel_response(review=may_sent, actor=business_unit,
                                   responded_on=D(2023, 6, 6), response=PR.NATIONAL_REVIEW,
                                   rationale="A pattern seen in other areas")
    may_sent.refresh_from_db()
    assert may_sent.national_review_scope == ""
    services.record_panel_response(review=may_sent, actor=business_unit,
                                   responded_on=D(2023, 6, 6), response=PR.NATIONAL_REVIEW,
                                   rationale="A pattern seen in other areas",
                                   scope="Extra-familial harm across three areas; the Panel "
                                         "leads, the partners join its reference group")
    may_sent.refresh_from_db()
    assert may_sent.national_review_scope.startswith("Extra-familial harm across three areas")
    assert services.expected_next_step(may_sent) == RapidReview.NextStep.NATIONAL_REVIEW


# The pages.

def test_the_business_unit_records_the_family_publication_and_disagreement_in_pages(
        may_sent, business_unit):
    """004 sections 7.5 and 6.11, and 001, each on its own question page: a refusal in the
    error summary, then saved and shown on the review page."""
    client = _signed_in(business_unit)
    url = f"/rapid-reviews/{may_sent.pk}/"
    page = client.get(url).content.decode()
    for step in ("Record whether the family was told of the decision",
                 "Record whether the rapid review report is published"):
        assert step in page
    refused = client.post(url + "family/", {"told": "yes", **_date("told_on", D(2023, 5, 19)),
                                            "told_by": "Jo Rahman, social worker"})
    assert "govuk-error-summary" in refused.content.decode()
    assert "cannot be before the integrated care board signed off" in refused.content.decode()
    assert client.post(url + "family/", {"told": "yes", **_date("told_on", D(2023, 5, 23)),
                                         "told_by": "Jo Rahman, social worker"}
                       ).status_code == 302
    assert client.post(url + "publication/", {
        "published": "yes", **_date("published_on", D(2023, 6, 14)),
        "url": "https://www.northmoor-scp.org.uk/rapid-review"}).status_code == 302
    refused = client.post(url + "panel-response/", {
        "response": "disagrees", **_date("responded_on", D(2023, 6, 6))})
    assert "Enter the Panel&#x27;s rationale for disagreeing" in refused.content.decode()
    assert client.post(url + "panel-response/", {
        "response": "disagrees", **_date("responded_on", D(2023, 6, 6)),
        "rationale": "A thematic review would serve better"}).status_code == 302
    conclude = client.get(url + "conclude/").content.decode()
    assert "The Panel disagreed: how was that resolved" in conclude
    page = client.get(url).content.decode()
    assert "Told of the decision on 23 May 2023 by Jo Rahman, social worker" in page
    assert "Published on 14 June 2023" in page
    assert "The Panel's rationale: A thematic review would serve better" in page


def test_a_day_too_large_for_a_date_is_refused_not_a_server_error(may_signed, business_unit):
    """004 section 7.5, the family page: a day of twenty digits (a hostile post) is "not a
    real date" in the error summary, not a server error, and nothing is recorded."""
    response = _signed_in(business_unit).post(
        f"/rapid-reviews/{may_signed.pk}/family/",
        {"told": "yes", "told_on_0": "99999999999999999999", "told_on_1": "5",
         "told_on_2": "2023", "told_by": "Jo Rahman, social worker"})
    assert response.status_code == 200
    assert "The date the family was told must be a real date" in response.content.decode()
    may_signed.refresh_from_db()
    assert may_signed.family_told == ""


def test_the_task_list_has_the_new_tasks_in_their_places(may_signed, business_unit):
    """004 sections 11.1 and 7.5, and 001: the review's task list asks for the parallel
    processes, telling the family and publication, each open when it can be done."""
    tasks = {row.title: row for row in workflow.task_list(
        may_signed, business_unit, may_signed.case.decisions.all())}
    assert tasks["Record any parallel processes"].status == "to_do"
    assert tasks["Record whether the family was told of the decision"].status == "to_do"
    assert tasks["Record whether the rapid review report is published"].status == (
        "cannot_start")
    services.record_family_told(review=may_signed, actor=business_unit, told=True,
                                told_on=D(2023, 5, 23), told_by="Jo Rahman, social worker")
    tasks = {row.title: row for row in workflow.task_list(
        may_signed, business_unit, may_signed.case.decisions.all())}
    assert tasks["Record whether the family was told of the decision"].status == "completed"


# The report sent to the National Panel.

@needs_pdftotext
def test_the_report_lists_who_attended_who_decided_and_the_new_record(may_sent, business_unit,
                                                                      tmp_path):
    """001 and the Panel's template: the report names who attended the panel meeting (000
    stage 6: senior managers of the local authority, health, police, education, with legal
    advice) and who decided: the partners' decision maker (000 stage 7, 004 section 6.10)
    and the three partners who signed it off (001); with the parallel processes (004 section
    11.1), the reviewer and methodology recommended (004 section 6.8), telling the family
    (004 section 7.5) and publication (001)."""
    services.record_parallel_processes(review=may_sent, actor=business_unit, processes=[
        _row(kind=P.Kind.CRIMINAL_INVESTIGATION, lead="DI Sam Cole, Northmoor Police",
             progress=P.Progress.UNDER_WAY)])
    services.record_family_told(review=may_sent, actor=business_unit, told=True,
                                told_on=D(2023, 5, 23), told_by="Jo Rahman, social worker")
    services.record_publication(review=may_sent, actor=business_unit, published=False,
                                reason="Held back until the criminal trial ends")
    report = pdf_text(_signed_in(business_unit).get(
        f"/rapid-reviews/{may_sent.pk}/rapid-review-report.pdf").content, tmp_path)
    assert "9. Who attended the panel meeting" in report
    assert "The rapid review panel met on 17 May 2023" in report
    for attendee in ("Dr Ruth Okoye, Designated Doctor", "DCI Hannah Price",
                     "Sam Adeyemi, Head of Children's Services", "Lorna Kay",
                     "Priya Nair, Solicitor", "Legal adviser"):
        assert attendee in report
    decided = may_sent.partners_decision_by.full_name
    assert (f"The partners' decision was made by the partnership chair, and "
            f"recorded by {decided}") in report
    for signature in may_sent.sign_offs.filter(voided_on__isnull=True):
        assert f"{signature.signed_by.full_name}, {signature.signed_by.agency.name}" in report
    assert "An independent reviewer (author)" in report
    assert "A systems learning review with a practitioner event" in report
    assert "Criminal investigation DI Sam Cole, Northmoor Police Under way" in report
    assert "Told of the decision on 23 May 2023 by Jo Rahman, social worker" in report
    assert "Not published: Held back until the criminal trial ends" in report
