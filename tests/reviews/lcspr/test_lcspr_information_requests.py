"""The LCSPR asks agencies for information (issue 13 item 12; 004 section 8.6 and 002 section
9: the review collates and analyses the agencies' information, chronologies and reports; 003:
an organisation asked responds within the timescale the request sets out). Each agency gets
its own return, the rapid review's reused (its pages, its portal, its chronology, its email,
its clock) and linked to the LCSPR: its agency's contributors see it and nothing else of the
review; the reviewer and the governance group read it once submitted; the rapid review
neither shows, sends nor closes it."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case
from deadlines import calendar
from deadlines.models import Deadline
from reviews.lcspr import services as lcspr_services
from reviews.lcspr.information_requests import services as requests
from reviews.models import InformationReturn, KnownAgency, Lcspr
from reviews.rapid_review import selectors as rapid_review_selectors
from reviews.rapid_review import services as rapid_review
from safeguarding.dates import today
from safeguarding.models import Agency, Decision, Role
from safeguarding.workflow import TransitionNotAllowed, why_not
from tests.factories import AgencyFactory, UserFactory, submitted_case
from tests.rapid_review import complete

from . import journey

pytestmark = pytest.mark.django_db
D = datetime.date
K = Agency.Kind
REFUSED = (403, 404)
ASKED_FOR = ("A chronology of your agency's involvement with the family from March 2025, and "
             "the practitioners to invite to the learning event.")


def due() -> datetime.date:
    return calendar.add_working_days(today(), 10)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def ask(p, lcspr, *kinds, due_on=None, asked_for=ASKED_FOR) -> list[InformationReturn]:
    return requests.send_lcspr_information_requests(
        lcspr=lcspr, actor=p.business_unit, agencies=[p.agencies[kind] for kind in kinds],
        due_on=due_on or due(), asked_for=asked_for)


def submitted(information_return: InformationReturn, by) -> InformationReturn:
    complete(information_return)
    rapid_review.submit_information_return(information_return=information_return, actor=by)
    information_return.refresh_from_db()
    return information_return


def contributor(p, kind):
    return UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=p.agencies[kind])


def returns_table(page: str) -> str:
    """The table of returns a page shows (data-testid="returns")."""
    return re.search(r'data-testid="returns".*?</table>', page, re.S).group(0)


def test_each_agency_asked_gets_its_own_return_for_the_lcspr(p, in_progress):
    """004 section 8.6, 002 section 9: the business unit asks agencies for the review's
    information: each agency its own return, linked to the LCSPR, due on the date chosen
    (003), saying what is asked, prefilled from the referral as a rapid review's is, its
    clock started; the request is a step of the review's decision log."""
    on = due()
    school, health = ask(p, in_progress, K.EDUCATION, K.HEALTH_PROVIDER, due_on=on)
    case = in_progress.case
    children = [child.full_name for child in case.referral.children.all()]
    for item, kind in ((school, K.EDUCATION), (health, K.HEALTH_PROVIDER)):
        agency = p.agencies[kind]
        item.refresh_from_db()
        assert (item.lcspr, item.review, item.agency, item.status, item.due_on,
                item.asked_for) == (in_progress, case.rapid_review, agency, "requested", on,
                                    ASKED_FOR)
        assert [child.name for child in item.children.all()] == children
        deadline = Deadline.objects.get(record_type="reviews.informationreturn",
                                        record_id=item.pk)
        assert (deadline.clock.code, deadline.due_on, deadline.owner_agency) == (
            "agency_information_return", on, agency)
    # The school's rapid review return is its own: the review asks it again, separately.
    assert InformationReturn.objects.filter(agency=p.agencies[K.EDUCATION]).count() == 2
    logged = Decision.objects.get(transition="ask_agencies_for_information",
                                  object_id=in_progress.pk)
    assert logged.what == "Agencies asked for information for the review"
    assert f"by {on:%-d %B %Y}" in logged.reason and ASKED_FOR not in logged.reason


def test_bad_requests_change_nothing(p, in_progress):
    """DESIGN.md: bad input gets a clear message and changes nothing: an agency asked
    already, a date not after today, nothing asked for, no agency; only the business unit
    asks."""
    ask(p, in_progress, K.EDUCATION)
    for changes, message in (({"kinds": (K.EDUCATION,)}, "not been asked yet"),
                             ({"due_on": today()}, "must be after today"),
                             ({"asked_for": "  "}, "Enter what the review asks"),
                             ({"kinds": ()}, "not been asked yet")):
        kinds = changes.pop("kinds", (K.POLICE,))
        with pytest.raises(ValidationError, match=message):
            ask(p, in_progress, *kinds, **changes)
    with pytest.raises(PermissionDenied):
        requests.send_lcspr_information_requests(
            lcspr=in_progress, actor=p.partner, agencies=[p.agencies[K.POLICE]], due_on=due(),
            asked_for=ASKED_FOR)
    assert InformationReturn.objects.filter(lcspr=in_progress).count() == 1


def test_the_business_unit_asks_on_the_step_page_and_the_review_lists_the_requests(
        p, in_progress):
    """The review's page offers the business unit its step "Ask agencies for information"
    and lists each agency asked, with its return's state; the partners read the list but
    do not ask."""
    url = reverse("lcspr:step", args=[in_progress.pk, "information-requests"])
    bu = client_for(p.business_unit)
    assert url in bu.get(in_progress.get_absolute_url()).content.decode()
    form = bu.get(url).content.decode()
    assert p.agencies[K.POLICE].name in form
    on = due()
    response = bu.post(url, {"agencies": [p.agencies[K.POLICE].pk], "asked_for": ASKED_FOR,
                             **date_fields("due_on", on)})
    assert response.status_code == 302
    item = InformationReturn.objects.get(lcspr=in_progress)
    assert (item.agency, item.due_on) == (p.agencies[K.POLICE], on)
    assert p.agencies[K.POLICE].name not in bu.get(url).content.decode()  # asked already
    page = client_for(p.partner).get(in_progress.get_absolute_url()).content.decode()
    listed = re.search(r'data-testid="information-requests".*?</table>', page, re.S).group(0)
    assert p.agencies[K.POLICE].name in listed and "Not started" in listed
    assert client_for(p.partner).get(url).status_code == 403


def test_the_email_names_the_case_reference_and_the_lcspr_never_the_child(
        p, in_progress, django_capture_on_commit_callbacks):
    """The agency's contributors are emailed the request: the case reference, the LCSPR and
    the due date; never a child's name, nor what is asked (which may name the family)."""
    teacher = p.teacher
    with django_capture_on_commit_callbacks(execute=True):
        [item] = ask(p, in_progress, K.EDUCATION)
    [message] = mail.outbox
    assert message.to == [teacher.email]
    assert "LCSPR" in message.subject and in_progress.case.reference in message.subject
    assert f"{item.due_on:%A %-d %B %Y}" in message.body
    assert item.get_absolute_url() in message.body
    child = in_progress.case.referral.children.first().full_name
    assert child not in message.subject + message.body and ASKED_FOR not in message.body


def test_the_contributor_sees_their_agencys_return_and_nothing_else_of_the_review(
        p, in_progress):
    """DESIGN.md: an agency contributor sees only the requests addressed to their agency:
    the school's contributor answers the school's return for the LCSPR (and reads what is
    asked) but sees nothing else of the review or its case; another agency's contributor
    is refused the school's return."""
    school, _health = ask(p, in_progress, K.EDUCATION, K.HEALTH_PROVIDER)
    teacher = client_for(p.teacher)
    page = teacher.get(school.get_absolute_url()).content.decode()
    assert f"Local child safeguarding practice review {in_progress.case.reference}" in page
    assert 'data-testid="asked-for"' in page
    section = reverse("reviews:section", args=[school.pk, "synopsis"])
    assert teacher.get(section).status_code == 200
    home = teacher.get("/").content.decode()
    assert f"LCSPR {in_progress.case.reference}" in home
    for url in (in_progress.get_absolute_url(), reverse("lcspr:terms", args=[in_progress.pk]),
                in_progress.case.get_absolute_url(),
                reverse("cases:documents", args=[in_progress.case.reference])):
        assert teacher.get(url).status_code in REFUSED, url
    other = client_for(contributor(p, K.HEALTH_PROVIDER))
    assert other.get(school.get_absolute_url()).status_code in REFUSED
    assert other.get(section).status_code in REFUSED
    submitted(school, p.teacher)
    assert school.status == "submitted"


def test_the_reviewer_and_the_governance_group_read_a_return_once_submitted(
        p, in_progress, reviewer):
    """DESIGN.md and 004 sections 8.6, 9.1: the reviewer and the governance group (here the
    rapid review panel's chair, who chairs it) read an agency's return for the review once
    it is submitted, not its draft; a member of the rapid review's panel only reads the
    rapid review's returns."""
    [school] = ask(p, in_progress, K.EDUCATION)
    panel_member = UserFactory(role=Role.PANEL_MEMBER)
    in_progress.case.rapid_review.panel.add(panel_member)
    rapid_return = InformationReturn.objects.get(review__case=in_progress.case, lcspr=None)
    for person in (reviewer, p.chair, panel_member):
        assert client_for(person).get(school.get_absolute_url()).status_code in REFUSED
    assert client_for(panel_member).get(rapid_return.get_absolute_url()).status_code == 200
    submitted(school, p.teacher)
    for person in (reviewer, p.chair):
        assert client_for(person).get(school.get_absolute_url()).status_code == 200
    assert client_for(panel_member).get(school.get_absolute_url()).status_code in REFUSED
    page = client_for(reviewer).get(in_progress.get_absolute_url()).content.decode()
    assert school.get_absolute_url() in page
    overview = client_for(reviewer).get(in_progress.case.get_absolute_url()).content.decode()
    assert school.get_absolute_url() in overview


def test_a_return_for_the_lcspr_is_not_asked_which_review_to_hold(p, in_progress):
    """Once an LCSPR is decided, its agencies are not asked the Information Gathering Tool's
    last question (002 appendix: the type of review recommended); a rapid review's return
    still is."""
    [school] = ask(p, in_progress, K.EDUCATION)
    complete(school)
    school.recommended_review = ""
    school.save()
    assert rapid_review.return_problems(school) == []
    rapid_return = InformationReturn.objects.get(review__case=in_progress.case, lcspr=None)
    rapid_return.recommended_review = ""
    assert "Say what type of review you think this should be" in [
        problem.message for problem in rapid_review.return_problems(rapid_return)]
    rapid_review.submit_information_return(information_return=school, actor=p.teacher)


def test_lcspr_returns_are_not_closed_when_the_rapid_review_is_sent(p):
    """001 and 004 section 6 (once sent, fixed): the rapid review's returns still open when
    it is sent to the National Panel are closed; the LCSPR's requests are not the rapid
    review's, and run on to their own date. (An LCSPR is opened here before the rapid
    review is sent, directly, to show that sending it leaves them alone.)"""
    review = journey.rapid_review_signed(p, received=journey.RECEIVED, decided=journey.DECIDED)
    bu = p.business_unit
    [health_rapid] = rapid_review.send_information_requests(
        review=review, actor=bu, agencies=[p.agencies[K.HEALTH_PROVIDER]], due_on=due())
    Case.objects.filter(pk=review.case_id).update(status=Case.Status.LCSPR_TO_COMMISSION)
    lcspr = lcspr_services.open_lcspr(case=Case.objects.get(pk=review.case_id), actor=bu,
                                      decided_on=journey.DECIDED)
    lcspr = Lcspr.objects.select_related("case__rapid_review").get(pk=lcspr.pk)
    asked = ask(p, lcspr, K.HEALTH_PROVIDER, K.POLICE)
    rapid_review.record_submission(review=review, actor=bu, submitted_on=journey.DECIDED)
    health_rapid.refresh_from_db()
    assert health_rapid.status == "closed"
    assert {item.status for item in InformationReturn.objects.filter(lcspr=lcspr)} == {
        "requested"}
    assert all(Deadline.objects.get(record_type="reviews.informationreturn", record_id=item.pk)
               .state == "open" for item in asked)


def test_the_rapid_review_shows_and_sends_only_its_own_returns(p, in_progress):
    """000 stage 5: the panel pack holds the rapid review's returns; the LCSPR's requests
    are not among the rapid review's returns on its page, its case panel, its pack or its
    merged chronology; on the business unit's home page they are the LCSPR's."""
    [health] = ask(p, in_progress, K.HEALTH_PROVIDER)
    submitted(health, contributor(p, K.HEALTH_PROVIDER))
    review = in_progress.case.rapid_review
    assert [item.agency for item in review.agency_returns] == [p.agencies[K.EDUCATION]]
    assert list(rapid_review_selectors.submitted_returns(review=review)) == [
        InformationReturn.objects.get(review=review, lcspr=None)]
    assert not rapid_review_selectors.merged_chronology(review=review).filter(
        information_return=health).exists()
    bu = client_for(p.business_unit)
    for url in (review.get_absolute_url(), in_progress.case.get_absolute_url()):
        table = returns_table(bu.get(url).content.decode())
        assert p.agencies[K.EDUCATION].name in table, url
        assert p.agencies[K.HEALTH_PROVIDER].name not in table, url
    [police] = ask(p, in_progress, K.POLICE)
    home = bu.get("/").content.decode()
    assert f"{in_progress.case.reference}: {p.agencies[K.POLICE].name} (LCSPR)" in home
    assert police.get_absolute_url() in home


def test_an_agency_named_in_an_lcspr_return_is_asked_for_the_lcspr(p, in_progress):
    """002 section 7 (other agencies known to be involved): an agency the school names in
    its return for the LCSPR, approved by the business unit, is asked for the LCSPR too, for
    the same information; not for the rapid review."""
    [school] = ask(p, in_progress, K.EDUCATION)
    police = p.agencies[K.POLICE]
    known = KnownAgency.objects.create(information_return=school, name=police.name,
                                       agency=police)
    made = rapid_review.decide_known_agency(known_agency=known, actor=p.business_unit,
                                            approve=True)
    assert (made.lcspr, made.agency, made.asked_for) == (in_progress, police, ASKED_FOR)
    assert not InformationReturn.objects.filter(agency=police, lcspr=None).exists()


def test_the_clock_of_a_return_stops_when_the_lcspr_ends(p, in_progress):
    """DESIGN.md (a clock is never silently dropped): the return's clock runs to the date
    asked, is met when the return is submitted, and stops, with the reason, when the review
    is withdrawn before it is submitted."""
    school, health = ask(p, in_progress, K.EDUCATION, K.HEALTH_PROVIDER)
    submitted(school, p.teacher)
    lcspr_services.withdraw_lcspr(lcspr=journey.refreshed(in_progress), actor=p.business_unit,
                                  reason="The National Panel will undertake a national review")

    def deadline(item):
        return Deadline.objects.get(record_type="reviews.informationreturn", record_id=item.pk)

    assert deadline(school).met_on == today()
    assert (deadline(health).state, deadline(health).waived_reason) == (
        "waived", "The LCSPR ended before it was submitted")


def test_nothing_more_is_asked_of_the_agency_once_the_lcspr_ends(p, in_progress):
    """004 section 16: once the review ends (here withdrawn), its open requests are no
    longer the agency's to answer: the return is locked with the reason and leaves the
    agency's and the business unit's home pages."""
    [school] = ask(p, in_progress, K.EDUCATION)
    teacher = client_for(p.teacher)
    section = reverse("reviews:section", args=[school.pk, "synopsis"])
    assert teacher.get(section).status_code == 200
    lcspr_services.withdraw_lcspr(lcspr=journey.refreshed(in_progress), actor=p.business_unit,
                                  reason="The National Panel will undertake a national review")
    assert teacher.get(section).status_code == 403
    page = teacher.get(school.get_absolute_url()).content.decode()
    assert "The LCSPR that asked for this return ended before it was submitted." in page
    assert f"LCSPR {in_progress.case.reference}" not in teacher.get("/").content.decode()
    home = client_for(p.business_unit).get("/").content.decode()
    assert school.get_absolute_url() not in home
    with pytest.raises(PermissionDenied):
        submitted(InformationReturn.objects.get(pk=school.pk), p.teacher)


def test_the_review_page_lists_requests_in_a_bounded_number_of_queries(
        p, in_progress, django_assert_max_num_queries):
    """DESIGN.md: pages run a bounded number of database queries, however many agencies
    the review asked."""
    ask(p, in_progress, K.EDUCATION)
    client = client_for(p.business_unit)
    with CaptureQueriesContext(connection) as one:
        client.get(in_progress.get_absolute_url())
    for name in ("Northmoor Youth Justice", "Northmoor Housing", "Northmoor Family Support"):
        requests.send_lcspr_information_requests(
            lcspr=in_progress, actor=p.business_unit, asked_for=ASKED_FOR, due_on=due(),
            agencies=[AgencyFactory(name=name, kind=K.OTHER)])
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(in_progress.get_absolute_url()).content.decode()
    assert page.count("Not started") >= 4


def test_nothing_is_asked_for_a_case_whose_rapid_review_is_not_kept_here(p):
    """A return belongs to the case's rapid review: an LCSPR opened for a case whose rapid
    review is not kept here says why its agencies are not asked here."""
    case = submitted_case(received_on=D(2026, 11, 2))
    Case.objects.filter(pk=case.pk).update(status=Case.Status.LCSPR_TO_COMMISSION)
    lcspr = lcspr_services.open_lcspr(case=Case.objects.get(pk=case.pk),
                                      actor=p.business_unit, decided_on=D(2026, 11, 9))
    assert "not kept in this service" in why_not(lcspr, "ask_agencies_for_information",
                                                 p.business_unit)
    with pytest.raises(TransitionNotAllowed, match="not kept in this service"):
        ask(p, lcspr, K.EDUCATION)
