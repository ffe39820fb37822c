"""The redaction check before anything is sent or published (issue 13 item 10; 004
sections 14.1 and 14.7; 002 section 10: the report is anonymised): the service reads the
report (the text of the PDF or Word file) and lists every place it names what the service
knows of the family and the practitioners; the business unit sees each in its context and
clears it (fixed in a new version, or kept with a reason) before the report can be sent to
the National Panel, the Secretary of State and Ofsted, or published. Nothing that leaves the
service names the child: not the page's address, not the decision log."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from forms.models import Child, FamilyMember
from reviews.lcspr import services
from reviews.lcspr.reports import services as reports
from reviews.lcspr.reports.models import RedactionHit
from reviews.lcspr.reports.redaction import find, terms_for
from reviews.lcspr.reports.text import docx_text, pdf_text
from safeguarding import workflow
from safeguarding.models import Decision
from tests.factories import pdf_upload

from . import journey

pytestmark = pytest.mark.django_db
D = datetime.date
K = RedactionHit.Kind
NAMING = ("The review of Baby Amelia Test, born 26 March 2026, of 14 Mill Lane, "
          "Northmoor NM1 2AB.\nKayleigh said the health visitor called on 26/03/2026.\n"
          "Her mother, Kayleigh Brennan, was seen at Northmoor Academy.")


@pytest.fixture
def family(in_progress):
    """The referral's child with her address (Baby Amelia Test, born 26 March 2026), and
    her mother, Kayleigh Brennan."""
    referral = in_progress.case.referral
    Child.objects.filter(referral=referral).update(
        address="14 Mill Lane\nNorthmoor", postcode="NM1 2AB")
    FamilyMember.objects.create(referral=referral, kind=FamilyMember.Kind.PARENT,
                                first_name="Kayleigh", last_name="Brennan")
    return in_progress


def found(version) -> list[tuple[str, str]]:
    return [(hit.kind, hit.found) for hit in version.redaction_hits.all()]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_text_of_a_pdf_and_a_word_file_is_read():
    """The service reads what it publishes: a PDF rendered by WeasyPrint (compressed object
    streams, fonts with their ToUnicode maps) and a Word file's paragraphs."""
    pdf = journey.pdf_report("Learning from the office of Child Q\nSecond paragraph")
    assert " ".join(pdf_text(pdf.read()).split()) == (
        "Learning from the office of Child Q Second paragraph")
    docx = journey.docx_report("First line\nSecond line")
    assert docx_text(docx) == "First line\nSecond line"


def test_the_check_finds_the_family_in_a_pdf(p, family, reviewer):
    """Item 10: the children's and family members' names (and first names alone), the dates
    of birth however written, the address and postcode, the school, in a PDF the reviewer
    uploads."""
    version = journey.draft(p, family, D(2026, 11, 16), by=reviewer,
                            upload=journey.pdf_report(NAMING))
    assert version.text_read
    assert found(version) == [
        (K.CHILD_NAME, "Baby Amelia Test"), (K.DATE_OF_BIRTH, "26 March 2026"),
        (K.ADDRESS, "14 Mill Lane"), (K.POSTCODE, "NM1 2AB"), (K.FIRST_NAME, "Kayleigh"),
        (K.DATE_OF_BIRTH, "26/03/2026"), (K.FAMILY_NAME, "Kayleigh Brennan"),
        (K.SETTING, "Northmoor Academy")]  # the school that sent a return
    mother = version.redaction_hits.get(kind=K.FAMILY_NAME)
    # Its context: the 60 characters either side.
    assert (mother.before, mother.after) == (
        "h said the health visitor called on 26/03/2026. Her mother,",
        ", was seen at Northmoor Academy.")


def test_the_check_finds_the_family_in_a_word_file(p, family):
    """Item 10: the same check reads a Word (.docx) file's paragraphs."""
    version = journey.draft(p, family, D(2026, 11, 16), upload=journey.docx_report(
        "Kayleigh Brennan spoke to the reviewer.\nAmelia was 7 months old."))
    assert found(version) == [(K.FAMILY_NAME, "Kayleigh Brennan"),
                              (K.FIRST_NAME, "Amelia")]


def test_practitioners_settings_and_the_case_reference_are_found(p, family):
    """Item 10: the practitioners named in the rapid review's returns and attendance, the
    schools and settings, and the case reference."""
    review = family.case.rapid_review
    information_return = review.returns.first()
    information_return.practitioners.create(name="Sam Okoro", role="Health visitor")
    information_return.known_agencies.create(name="Little Acorns Nursery")
    text = (f"Case {family.case.reference}: the health visitor, Sam Okoro, and Little Acorns "
            f"Nursery shared what they knew.")
    kinds = {hit.kind: hit.found for hit in find(text, terms_for(family.case))}
    assert kinds == {K.CASE_REFERENCE: family.case.reference, K.PRACTITIONER: "Sam Okoro",
                     K.SETTING: "Little Acorns Nursery"}


def _to_the_point_of_sending(p, lcspr, upload) -> None:
    version = journey.draft(p, lcspr, D(2026, 11, 16), upload=upload)
    journey.signed_by_all(p, lcspr, D(2026, 11, 18))
    services.record_final_sign_off(lcspr=journey.refreshed(lcspr), actor=p.business_unit,
                                   signed_off_on=D(2026, 11, 18))
    journey.publication_decided(p, lcspr, on=D(2026, 11, 18), planned=D(2026, 12, 14))
    return version


def test_sending_and_publication_wait_until_every_hit_is_cleared(p, family):
    """Item 10, 004 section 14.7: the report is not sent (nor then published) while the
    check has something to clear in the version; once the business unit has kept each with
    the reason, it can be. The page shows each in context to the business unit only."""
    bu = p.business_unit
    version = _to_the_point_of_sending(p, family, journey.docx_report(
        "Kayleigh Brennan agreed her daughter is called Amelia in the report."))
    lcspr = journey.refreshed(family)
    assert workflow.why_not(lcspr, "record_report_sent", bu) == (
        "The redaction check found 2 things in version 1 to clear first")
    url = reverse("lcspr:step", args=[lcspr.pk, "redaction"])
    assert "Kayleigh" not in url
    page = client_for(bu).get(url)
    assert page.status_code == 200
    assert "agreed her daughter is called" in page.content.decode()
    assert client_for(p.partner).get(url).status_code == 403
    refused = client_for(bu).post(url, {"hit": version.redaction_hits.first().pk,
                                        "reason": ""})
    assert "Enter why it is kept" in refused.content.decode()
    for hit in version.redaction_hits.all():
        response = client_for(bu).post(url, {
            "hit": hit.pk, "reason": "The family asked that Amelia's name is used"})
        assert response.status_code == 302
    lcspr = journey.refreshed(family)
    assert workflow.can(lcspr, "record_report_sent", bu)
    services.record_report_sent(lcspr=lcspr, actor=bu, sent_on=D(2026, 11, 19))
    assert workflow.why_not(journey.refreshed(lcspr), "record_publication", bu) == ""
    # The log says what kind of thing was kept, never what it is.
    kept = Decision.objects.filter(transition="keep_redaction_hit")
    assert kept.count() == 2
    assert not any("Kayleigh" in row.reason or "Amelia" in row.reason for row in kept)


def test_a_new_version_without_the_name_clears_it(p, family):
    """Item 10: fixed in a new version: the next version no longer has the name, so nothing
    is left to clear (and the earlier version's sign-offs are voided: it is signed again)."""
    bu = p.business_unit
    _to_the_point_of_sending(p, family, journey.pdf_report("Kayleigh Brennan was seen."))
    lcspr = journey.refreshed(family)
    assert not workflow.can(lcspr, "record_report_sent", bu)
    fixed = journey.draft(p, lcspr, D(2026, 11, 19),
                          upload=journey.pdf_report("The mother was seen."))
    assert found(fixed) == []
    journey.signed_by_all(p, lcspr, D(2026, 11, 19))
    services.record_final_sign_off(lcspr=journey.refreshed(lcspr), actor=bu,
                                   signed_off_on=D(2026, 11, 19))
    assert workflow.can(journey.refreshed(lcspr), "record_report_sent", bu)
    page = client_for(bu).get(lcspr.get_absolute_url()).content.decode()
    assert "fixed in this version" in page


def test_a_clean_report_passes(p, in_progress):
    """Item 10: a report that names nothing the service knows has nothing to clear."""
    version = _to_the_point_of_sending(p, in_progress, journey.pdf_report(
        journey.CLEAN_REPORT))
    assert found(version) == []
    assert workflow.can(journey.refreshed(in_progress), "record_report_sent",
                        p.business_unit)


def test_a_file_with_no_text_to_read_is_looked_at_by_a_person(p, in_progress):
    """Nothing leaves the service unless a person chose it: a PDF with no text the service
    can read (a scan) is one thing to clear, by someone who has read it."""
    version = _to_the_point_of_sending(p, in_progress, pdf_upload("scan.pdf"))
    assert not version.text_read
    assert found(version) == [(K.UNREADABLE, "")]
    lcspr = journey.refreshed(in_progress)
    assert not workflow.can(lcspr, "record_report_sent", p.business_unit)
    reports.keep_redaction_hit(lcspr=lcspr, actor=p.business_unit,
                               hit=version.redaction_hits.get(),
                               reason="Read in full by the business manager: nothing named")
    assert workflow.can(journey.refreshed(lcspr), "record_report_sent", p.business_unit)
