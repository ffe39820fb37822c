"""Once sent, fixed: when the rapid review is sent to the National Panel (seed 001, day 15;
seed 002 section 8: "Rapid Review report and findings") the agencies' returns can no longer
be changed or submitted, unless the business unit reopens one with the reason, which the
decision log keeps; the panel pack is kept as it was circulated (seed 000 stage 5, day 8),
so that what the panel read can be shown whatever changes later; and an agency cannot undo
a row the business unit has decided on (seed 002 section 7: the other agencies it names)."""

import datetime
import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from cases import services as case_services
from cases.models import Document
from deadlines.models import Deadline
from reviews.models import InformationReturn, KnownAgency
from reviews.rapid_review import services
from safeguarding.models import Agency, Decision, Role
from safeguarding.rows import RowChange
from safeguarding.workflow import TransitionNotAllowed
from tests.factories import UserFactory, pdf_upload
from tests.pdfs import needs_pdftotext, pdf_text
from tests.rapid_review import complete, notified_case, submitted_return

pytestmark = pytest.mark.django_db
D = datetime.date
K = Agency.Kind
SENT_ON = D(2026, 11, 24)
CLOSED_BECAUSE = ("The rapid review was sent to the National Panel before this return was "
                  "submitted, so it is closed.")


def contributor(agency):
    return UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=agency)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ask(review, agency, business_unit) -> InformationReturn:
    return services.send_information_requests(review=review, actor=business_unit,
                                              agencies=[agency])[0]


def fresh(information_return: InformationReturn) -> InformationReturn:
    return InformationReturn.objects.select_related("review", "agency").get(
        pk=information_return.pk)


def logged(record, transition: str) -> list[Decision]:
    return [decision for decision in Decision.objects.filter(object_id=record.pk,
                                                             transition=transition)
            if decision.content_type.model == type(record)._meta.model_name]


# The returns are fixed when the review is sent.

def test_sending_the_review_closes_every_return_still_open(signed, agencies, business_unit):
    """Seed 001, day 15: the rapid review goes to the National Panel; a return not yet
    submitted then is closed (not started, or in progress), with the reason in the decision
    log, and its clock stops; a submitted return stays as it was submitted."""
    police, hospital = agencies[K.POLICE], agencies[K.HEALTH_PROVIDER]
    police_return = ask(signed, police, business_unit)
    services.save_information_return(information_return=police_return,
                                     actor=contributor(police), version=None,
                                     answers={"completed_by_name": "DS Amir Khan"})
    hospital_return = ask(signed, hospital, business_unit)
    school_return = signed.returns.get(agency=agencies[K.EDUCATION])
    assert fresh(police_return).status == InformationReturn.Status.DRAFT

    services.record_submission(review=signed, actor=business_unit, submitted_on=SENT_ON)

    for information_return in (police_return, hospital_return):
        information_return = fresh(information_return)
        assert information_return.status == InformationReturn.Status.CLOSED
        [decision] = logged(information_return, "close_return")
        assert decision.reason == ("The rapid review was sent to the National Panel on 24 "
                                   "November 2026 before this return was submitted")
        assert decision.actor == business_unit
        deadline = Deadline.objects.get(record_type="reviews.informationreturn",
                                        record_id=information_return.pk)
        assert deadline.state == Deadline.State.WAIVED
        assert "sent to the National Panel" in deadline.waived_reason
    assert fresh(school_return).status == InformationReturn.Status.SUBMITTED
    assert not logged(school_return, "close_return")


def test_a_closed_return_can_be_neither_changed_nor_submitted(signed, agencies,
                                                             business_unit):
    """Seed 001, day 15, and seed 002 section 8: once sent, fixed. The agency cannot change
    or submit a return closed when the review was sent, by its pages or by a page loaded
    before it was closed; nothing it posts is kept, and it is told why."""
    police = agencies[K.POLICE]
    officer = contributor(police)
    police_return = ask(signed, police, business_unit)
    complete(police_return)
    loaded_before = fresh(police_return)  # a page opened before the review was sent
    services.record_submission(review=signed, actor=business_unit, submitted_on=SENT_ON)

    with pytest.raises(TransitionNotAllowed, match="so it is closed"):
        services.save_information_return(information_return=loaded_before, actor=officer,
                                         version=None,
                                         answers={"initial_information": "Changed late"})
    with pytest.raises(TransitionNotAllowed):
        services.submit_information_return(information_return=loaded_before, actor=officer)
    closed = fresh(police_return)
    with pytest.raises(PermissionDenied):
        services.save_information_return(information_return=closed, actor=officer,
                                         version=None,
                                         answers={"initial_information": "Changed late"})
    with pytest.raises(PermissionDenied):
        services.submit_information_return(information_return=closed, actor=officer)
    assert fresh(police_return).status == InformationReturn.Status.CLOSED
    assert fresh(police_return).initial_information != "Changed late"

    client = signed_in(officer)
    base = f"/rapid-reviews/returns/{police_return.pk}/"
    assert client.post(base + "synopsis/", {"initial_information": "x"}).status_code == 403
    assert client.post(base + "submit/").status_code == 403
    page = html.unescape(client.get(base).content.decode())
    assert CLOSED_BECAUSE in page
    assert "Check your answers" not in page
    assert fresh(police_return).status == InformationReturn.Status.CLOSED


def test_reopening_after_the_review_was_sent_needs_a_reason_and_is_logged(
        signed, agencies, business_unit):
    """Seed 001 and seed 002 section 8: a return reopened once the review was sent (a
    closed one, or a submitted one) is reopened by the business unit only, with the reason;
    the decision log says it was after the review was sent. Then the agency corrects and
    submits it."""
    police = agencies[K.POLICE]
    officer = contributor(police)
    police_return = ask(signed, police, business_unit)
    school_return = signed.returns.get(agency=agencies[K.EDUCATION])
    services.record_submission(review=signed, actor=business_unit, submitted_on=SENT_ON)

    with pytest.raises(ValidationError, match="Enter why the return is reopened"):
        services.reopen_information_return(information_return=fresh(police_return),
                                           actor=business_unit, reason="  ")
    with pytest.raises(PermissionDenied):
        services.reopen_information_return(information_return=fresh(police_return),
                                           actor=officer, reason="We have more to add")
    assert fresh(police_return).status == InformationReturn.Status.CLOSED
    assert not logged(police_return, "reopen_return")

    services.reopen_information_return(
        information_return=fresh(police_return), actor=business_unit,
        reason="The Panel asked what the police knew of the father")
    services.reopen_information_return(
        information_return=fresh(school_return), actor=business_unit,
        reason="Please add the attendance record for October")
    [police_reopened] = logged(police_return, "reopen_return")
    assert police_reopened.reason == (
        "Reopened after the rapid review was sent to the National Panel on 24 November 2026: "
        "The Panel asked what the police knew of the father")
    assert (police_reopened.from_state, police_reopened.to_state) == ("closed", "draft")
    [school_reopened] = logged(school_return, "reopen_return")
    assert school_reopened.from_state == "submitted"
    assert school_reopened.reason.startswith("Reopened after the rapid review was sent")

    reopened = fresh(police_return)
    complete(reopened)
    services.submit_information_return(information_return=reopened, actor=officer)
    assert fresh(police_return).status == InformationReturn.Status.SUBMITTED


def test_the_business_unit_reopens_a_closed_return_in_its_page(signed, agencies,
                                                              business_unit):
    """Seed 001: reopening a closed return is a page of its own, with the reason asked
    for; an empty reason is refused with a message and changes nothing."""
    police_return = ask(signed, agencies[K.POLICE], business_unit)
    services.record_submission(review=signed, actor=business_unit, submitted_on=SENT_ON)
    client = signed_in(business_unit)
    page = client.get(police_return.get_absolute_url()).content.decode()
    assert reverse("reviews:reopen", args=[police_return.pk]) in page
    url = reverse("reviews:reopen", args=[police_return.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and "There is a problem" in refused.content.decode()
    assert fresh(police_return).status == InformationReturn.Status.CLOSED
    assert client.post(url, {"reason": "The Panel asked for the police record"}
                       ).status_code == 302
    assert fresh(police_return).status == InformationReturn.Status.DRAFT


def test_sending_the_answers_fixes_the_returns_again(signed, agencies, business_unit):
    """Seed 001, days 16-30: the Panel asks for more; a return reopened to answer it is
    fixed again when the answers are sent to the Panel."""
    police_return = ask(signed, agencies[K.POLICE], business_unit)
    services.record_submission(review=signed, actor=business_unit, submitted_on=SENT_ON)
    services.record_panel_response(review=signed, actor=business_unit,
                                   responded_on=D(2026, 11, 25), response="further_information",
                                   questions="What did the police know of the father?")
    services.reopen_information_return(information_return=fresh(police_return),
                                       actor=business_unit, reason="For the Panel's question")
    assert fresh(police_return).status == InformationReturn.Status.DRAFT
    services.record_answers_sent(review=signed, actor=business_unit, sent_on=D(2026, 11, 27),
                                 answers="The father was known to the police for violence.")
    assert fresh(police_return).status == InformationReturn.Status.CLOSED
    assert len(logged(police_return, "close_return")) == 2


# The panel pack is kept as it was circulated.

@needs_pdftotext
def test_the_pack_the_panel_read_is_kept_whatever_changes_later(met, agencies, business_unit,
                                                               tmp_path):
    """Seed 000 stage 5 (the panel pack, day 8): the pack is kept as a document of the case
    when it is circulated; a return reopened and changed afterwards changes the pack as it
    stands now, never the one the panel read."""
    [kept] = Document.objects.filter(case=met.case, kind=Document.Kind.PANEL_PACK)
    assert kept.title == "Panel pack as circulated on 16 November 2026"
    assert kept.uploaded_by == business_unit and kept.content_type == "application/pdf"
    assert met.case.decisions.filter(transition="add_document").exists()
    school_return = met.returns.get(agency=agencies[K.EDUCATION])
    read_then = pdf_text(kept.file.read(), tmp_path)
    assert "Information return: Northmoor Academy" in read_then
    assert "Mrs J Patel, Designated Safeguarding Lead" in read_then
    digest = kept.sha256

    services.reopen_information_return(information_return=fresh(school_return),
                                       actor=business_unit, reason="Correct question 1")
    services.save_information_return(
        information_return=fresh(school_return), actor=contributor(agencies[K.EDUCATION]),
        version=None, answers={"initial_information": "Told by the police on 8 May 2023"})
    services.submit_information_return(information_return=fresh(school_return),
                                       actor=contributor(agencies[K.EDUCATION]))

    client = signed_in(business_unit)
    now = pdf_text(client.get(reverse("reviews:panel-pack", args=[met.pk])).content, tmp_path)
    assert "Told by the police on 8 May 2023" in now
    kept.refresh_from_db()
    assert kept.sha256 == digest
    as_read = client.get(reverse("reviews:kept-panel-pack", args=[met.pk, kept.pk]))
    assert as_read.status_code == 200
    read_later = pdf_text(b"".join(as_read.streaming_content), tmp_path)
    assert "Told by the police on 8 May 2023" not in read_later
    assert "Information return: Northmoor Academy" in read_later


def test_the_panel_of_the_review_opens_the_kept_pack_and_no_agency_does(met, agencies, chair,
                                                                         business_unit):
    """Seed 000 stage 5: the pack goes to the panel; the panel members of this review read
    it as it was circulated, as does whoever reads the review; an agency does not, and a
    document that is not this review's pack is not given out here."""
    [kept] = Document.objects.filter(case=met.case, kind=Document.Kind.PANEL_PACK)
    url = reverse("reviews:kept-panel-pack", args=[met.pk, kept.pk])
    response = signed_in(chair).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert signed_in(contributor(agencies[K.EDUCATION])).get(url).status_code == 403
    assert signed_in(UserFactory(role=Role.PANEL_MEMBER)).get(url).status_code == 403
    report = case_services.add_document(case=met.case, actor=business_unit,
                                        kind=Document.Kind.AGENCY_REPORT,
                                        title="Police summary", upload=pdf_upload())
    assert signed_in(chair).get(reverse("reviews:kept-panel-pack",
                                        args=[met.pk, report.pk])).status_code == 404
    page = signed_in(chair).get(met.get_absolute_url()).content.decode()
    assert url in page and "Panel pack as circulated on 16 November 2026" in page


def test_circulating_again_keeps_each_pack(met, business_unit, agencies):
    """Seed 000 stage 5: a pack circulated again before the panel meets (a late return
    added) is kept too, and both are listed; a refused circulation (the panel has met, or a
    date in the future) keeps nothing."""
    with pytest.raises(TransitionNotAllowed):
        services.circulate_panel_pack(review=met, actor=business_unit,
                                      circulated_on=D(2026, 11, 17))
    assert Document.objects.filter(kind=Document.Kind.PANEL_PACK).count() == 1
    other = services.start_rapid_review(case=notified_case(), actor=business_unit,
                                        decided_on=D(2026, 11, 9),
                                        decision_note="Decided by the Chair")
    submitted_return(other, agencies[K.POLICE], business_unit)
    with pytest.raises(ValidationError):
        services.circulate_panel_pack(review=other, actor=business_unit,
                                      circulated_on=D(2026, 12, 25))  # in the future
    assert not Document.objects.filter(case=other.case, kind=Document.Kind.PANEL_PACK).exists()
    services.circulate_panel_pack(review=other, actor=business_unit,
                                  circulated_on=D(2026, 11, 16))
    submitted_return(other, agencies[K.HEALTH_PROVIDER], business_unit)
    services.circulate_panel_pack(review=other, actor=business_unit,
                                  circulated_on=D(2026, 11, 17))
    titles = list(Document.objects.filter(case=other.case, kind=Document.Kind.PANEL_PACK)
                  .values_list("title", flat=True))
    assert titles == ["Panel pack as circulated on 17 November 2026",
                      "Panel pack as circulated on 16 November 2026"]
    page = signed_in(business_unit).get(other.get_absolute_url()).content.decode()
    assert all(title in page for title in titles)


def test_the_pack_cannot_be_uploaded_by_hand(review, business_unit):
    """Seed 000 stage 5: the kept pack is the one the service circulated; the documents
    page does not offer "panel pack" as a kind to upload."""
    client = signed_in(business_unit)
    url = reverse("cases:add-document", args=[review.case.reference])
    assert "Rapid review panel pack" not in client.get(url).content.decode()
    response = client.post(url, {"kind": "panel_pack", "title": "A pack",
                                 "file": pdf_upload()})
    assert response.status_code == 200
    assert not Document.objects.filter(kind=Document.Kind.PANEL_PACK).exists()


# A row the business unit has decided on stays as decided.

def test_an_agency_cannot_remove_or_change_an_agency_the_business_unit_decided_on(
        school_return, school, business_unit):
    """Seed 002 section 7: the agency names other agencies involved; the business unit
    decides whether to ask each for a return. Once it has, the naming agency can no longer
    remove or change that row (nothing of the page is saved); a row not yet decided on it
    can still remove."""
    teacher = contributor(school)
    decided = KnownAgency.objects.create(information_return=school_return,
                                         name="Northmoor Young Carers",
                                         reason="Supported the older sibling, current")
    proposed = KnownAgency.objects.create(information_return=school_return,
                                          name="A private nursery")
    services.decide_known_agency(known_agency=decided, actor=business_unit, approve=False)

    for change in (RowChange(decided.pk, None, delete=True),
                   RowChange(decided.pk, None, {"reason": "Not involved after all"})):
        with pytest.raises(ValidationError, match="The business unit has decided on "
                                                  "Northmoor Young Carers"):
            services.save_information_return(
                information_return=school_return, actor=teacher, version=None,
                answers={"completed_by_name": "Claire Dunn"},
                rows={"known_agencies": [RowChange(proposed.pk, None, delete=True), change]})
    decided.refresh_from_db()
    assert decided.reason == "Supported the older sibling, current"
    assert KnownAgency.objects.filter(pk=proposed.pk).exists()
    assert fresh(school_return).completed_by_name == ""

    services.save_information_return(
        information_return=school_return, actor=teacher, version=None, answers={},
        rows={"known_agencies": [RowChange(proposed.pk, None, delete=True)]})
    assert list(school_return.known_agencies.all()) == [decided]


def test_the_page_offers_no_removal_of_a_decided_agency_and_refuses_a_forged_one(
        school_return, school, business_unit):
    """Seed 002 section 7: the page shows the decided row as decided, with no way to remove
    it; a post that removes it anyway gets a message and changes nothing."""
    decided = KnownAgency.objects.create(information_return=school_return,
                                         name="Northmoor Young Carers")
    services.decide_known_agency(known_agency=decided, actor=business_unit, approve=False)
    client = signed_in(contributor(school))
    url = reverse("reviews:section", args=[school_return.pk, "agencies"])
    page = html.unescape(client.get(url).content.decode())
    assert "The business unit has decided on this agency (not asked)" in page
    assert 'name="agencies-0-DELETE"' not in page
    version = page.split('name="agencies-0-version" value="')[1].split('"')[0]
    response = client.post(url, {
        "agencies-TOTAL_FORMS": "1", "agencies-INITIAL_FORMS": "1",
        "agencies-MIN_NUM_FORMS": "0", "agencies-MAX_NUM_FORMS": "500",
        "agencies-0-id": str(decided.pk), "agencies-0-version": version,
        "agencies-0-DELETE": "on"})
    text = html.unescape(response.content.decode())
    assert response.status_code == 200 and "There is a problem" in text
    assert "The business unit has decided on Northmoor Young Carers" in text
    assert KnownAgency.objects.filter(pk=decided.pk).exists()
