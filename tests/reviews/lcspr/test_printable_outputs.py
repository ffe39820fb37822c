"""The LCSPR's printable outputs (issue 13 item 13): the status summary for the partners as a
PDF (004 section 8.6: they supervise the review; 004 section 15.5: its six months), the terms
of reference in Word (004 sections 8.2, 9.1), and the reviewer's report template in Word,
its headings after 004 section 14 and 002 section 10, naming nobody (004 section 14.1:
"personal and sensitive information about family members should not be included"). Each is
read back: the PDF with pdftotext, the Word files with python-docx and with the redaction
check's own reader."""

import datetime
import io
import re

import docx
import pytest
from django.test import Client
from django.urls import reverse

from cases.models import CaseAccess
from forms.models import Child, FamilyMember
from reviews.lcspr import services
from reviews.lcspr.reports import services as reports
from reviews.lcspr.reports.models import RedactionHit
from reviews.lcspr.reports.redaction import find, terms_for
from reviews.lcspr.reports.text import docx_text
from reviews.models import Lcspr, TermsOfReference
from safeguarding.models import Role
from safeguarding.rows import RowChange
from tests.factories import UserFactory
from tests.pdfs import needs_pdftotext, pdf_text

from . import journey, terms_journey

pytestmark = pytest.mark.django_db
D = datetime.date
K = RedactionHit.Kind
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADINGS = ["Introduction and reasons for the review",
            "Summary of recommended improvements", "Terms of reference and scope",
            "Methodology", "The family's involvement", "Practitioners' involvement",
            "Parallel processes", "Background", "Key practice episodes and analysis",
            "Findings", "Recommendations", "Glossary"]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def read_docx(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def headings(document, level: int) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs
            if paragraph.style.name == f"Heading {level}"]


def cells(document) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in document.tables
            for row in table.rows]


def template(user, lcspr: Lcspr, **data):
    return client_for(user).post(reverse("lcspr:report-template", args=[lcspr.pk]),
                                 {"pseudonym": "", "show_reference": "no", **data})


@pytest.fixture
def agreed(p, reviewer) -> Lcspr:
    """Decided on 15 December 2023, Margaret Osei commissioned on 20 December, the terms of
    reference agreed: a systems review, two lines of enquiry, an inquest and a criminal
    investigation alongside."""
    lcspr = terms_journey.ready_to_agree(p, terms_journey.commissioned(p, reviewer))
    services.agree_terms_of_reference(lcspr=lcspr, actor=p.business_unit,
                                      agreed_on=D(2024, 1, 10),
                                      agreed_by="The governance group, with the reviewer")
    return journey.refreshed(lcspr)


@pytest.fixture
def named(agreed) -> Lcspr:
    """The child (Baby Amelia Test), her address and date of birth, and her mother Kayleigh
    Brennan are known to the service, and the terms of reference were written naming them."""
    referral = agreed.case.referral
    Child.objects.filter(referral=referral).update(address="14 Mill Lane\nNorthmoor",
                                                   postcode="NM1 2AB")
    FamilyMember.objects.create(referral=referral, kind=FamilyMember.Kind.PARENT,
                                first_name="Kayleigh", last_name="Brennan")
    born = Child.objects.get(referral=referral).date_of_birth
    TermsOfReference.objects.filter(lcspr=agreed).update(
        scope="Practice with Baby Amelia Test and her mother Kayleigh Brennan at 14 Mill "
              f"Lane, NM1 2AB, from her birth on {born.day} {born:%B %Y}; case "
              f"{agreed.case.reference}.",
        period_from=born,
        key_lines_of_enquiry="1. Was Amelia seen by the health visitor?\n"
                             "2. How did Northmoor Academy share what Kayleigh told them?")
    return agreed


# The status summary for the partners.

@needs_pdftotext
def test_the_status_summary_prints_the_review_as_it_stands(p, in_progress, reviewer,
                                                           tmp_path):
    """004 section 8.6 (the partners supervise the review), 15.5 (six months from the
    decision) and 002 section 8 (the Panel, Ofsted and DfE told): the state, each clock with
    its dates and state and the reason for its delay, who was told and when, the reviewer,
    the versions of the report with their redaction check, the sign-offs and declines of
    the current version (004 section 16.1), the decisions dated with who made them; named
    by the case reference only."""
    bu = p.business_unit
    services.record_decision_told(lcspr=in_progress, actor=bu, told_on=D(2026, 10, 27),
                                  recipients=["national_panel", "ofsted", "dfe"])
    services.record_publication_delay(lcspr=journey.refreshed(in_progress), actor=bu,
                                      kind="inquest", told_on=D(2026, 11, 3),
                                      text="The inquest is listed for June 2027")
    journey.draft(p, in_progress, D(2026, 11, 16), by=reviewer)
    reports.sign_off_report(lcspr=journey.refreshed(in_progress), actor=p.police_partner,
                            version_number=1, signed_on=D(2026, 11, 18))
    reports.decline_report_sign_off(lcspr=journey.refreshed(in_progress), actor=p.icb_partner,
                                    version_number=1, declined_on=D(2026, 11, 19),
                                    reason="The health visiting episodes are missing")
    response = client_for(p.partner).get(reverse("lcspr:summary-pdf", args=[in_progress.pk]))
    assert response["Content-Type"] == "application/pdf"
    reference = in_progress.case.reference
    assert response["Content-Disposition"] == (
        f'inline; filename="{reference}-lcspr-status-summary.pdf"')
    text = pdf_text(response.content, tmp_path)
    for expected in (
        f"case {reference}", "Draft report received",
        "The partners' decision to initiate the review 23 October 2026",
        "Margaret Osei", "commissioned 2 November 2026", "Terms of reference Not agreed yet",
        # The six months: started, due, state, met, and the reason the Panel was told.
        "Local review published (statutory) 23 Oct 2026 23 Apr 2027 Open Not yet",
        "Told to the National Panel and the Secretary of State on 3 November 2026: An "
        "inquest: The inquest is listed for June 2027",
        "The National Child Safeguarding Practice Review Panel 27 October 2026 Not yet",
        "Version 1", "Cleared", "The police Signed off by DCI Tom Reed on 18 November 2026",
        "The local authority Not yet signed off",
        "Declined by Dr Ann Lowe on 19 November 2026. Reason: The health visiting episodes "
        "are missing",
        "The partners' decision Not yet", "Decisions", "Reviewer commissioned (in progress)",
        "Version of the report received",
    ):
        assert expected in text, expected
    assert "Amelia" not in text
    assert CaseAccess.objects.filter(case=in_progress.case, user=p.partner,
                                     what="LCSPR status summary (PDF)").exists()


@needs_pdftotext
def test_the_summary_of_a_published_review(p, tmp_path):
    """004 sections 14.4, 14.7 and 15.2: the decision to publish in full, the planned date,
    the copies sent (late, here) and when they were due, the publication's date and address,
    and kept online at least a year."""
    lcspr = journey.commissioned(p, journey.concluded(p, received=D(2024, 1, 8),
                                                      decided=D(2024, 1, 19)),
                                 journey.reviewer(), D(2024, 1, 29))
    journey.report_signed_off(p, lcspr, received_on=D(2024, 3, 4), signed_off_on=D(2024, 3, 4))
    journey.publication_decided(p, lcspr, on=D(2024, 3, 4), planned=D(2024, 4, 9))
    bu = p.business_unit
    services.record_report_sent(lcspr=journey.refreshed(lcspr), actor=bu,
                                sent_on=D(2024, 3, 28))
    services.record_publication(lcspr=journey.refreshed(lcspr), actor=bu,
                                published_on=D(2024, 4, 9),
                                url="https://www.example.org/lcspr-child-q")
    response = client_for(p.scrutineer).get(reverse("lcspr:summary-pdf", args=[lcspr.pk]))
    text = pdf_text(response.content, tmp_path)
    for expected in (
        "Published", "Publish the report in full, decided 4 March 2024",
        "Planned publication date 9 April 2024",
        "28 March 2024 Due by 27 March 2024: at least 7 working days before publication. "
        "Sent late", "9 April 2024 https://www.example.org/lcspr-child-q",
        "Kept online At least until 9 April 2025; still online",
        "Signed off by Independent Scrutineer on 4 March 2024",
    ):
        assert expected in text, expected


def test_the_summary_reads_a_fixed_number_of_queries(p, in_progress, reviewer,
                                                     django_assert_max_num_queries):
    """Bounded however many decisions, versions and sign-offs: the reads of the review's
    page, the decision log, the clocks and their reasons."""
    client = client_for(p.business_unit)
    url = reverse("lcspr:summary-pdf", args=[in_progress.pk])
    services.record_decision_told(lcspr=in_progress, actor=p.business_unit,
                                  told_on=D(2026, 11, 3), recipients=["national_panel"])
    journey.draft(p, in_progress, D(2026, 11, 16), by=reviewer)
    reports.sign_off_report(lcspr=journey.refreshed(in_progress), actor=p.police_partner,
                            version_number=1, signed_on=D(2026, 11, 16))
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    services.record_decision_told(lcspr=in_progress, actor=p.business_unit,
                                  told_on=D(2026, 11, 3), recipients=["ofsted", "dfe"])
    for received in (D(2026, 11, 17), D(2026, 11, 18)):
        journey.draft(p, in_progress, received, by=reviewer)
    journey.signed_by_all(p, in_progress, D(2026, 11, 19))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# The terms of reference in Word.

def test_the_terms_of_reference_in_word(p, agreed, reviewer):
    """004 sections 8.2, 9.1 and 11: the same content as the PDF: agreed when and by whom,
    the reviewer, the scope and period, the key lines of enquiry, the methodology and why,
    the governance group, the timetable and the parallel processes."""
    response = client_for(reviewer).get(reverse("lcspr:terms-docx", args=[agreed.pk]))
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        f'attachment; filename="{agreed.case.reference}-terms-of-reference.docx"')
    document = read_docx(response.content)
    assert headings(document, 1) == [
        "1. The review", "2. Scope and period under review", "3. Key lines of enquiry",
        "4. Methodology", "5. Governance", "6. Timetable", "7. Parallel processes"]
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert "Agreed on 10 January 2024 by The governance group, with the reviewer." in paragraphs
    assert "How did agencies assess the risk the father posed?" in paragraphs
    rows = cells(document)
    for row in (["Scope", terms_journey.TERMS["scope"]],
                ["Period under review", "1 March 2023 to 30 November 2023"],
                ["Methodology", "A systems review (for example the SCIE Learning Together "
                                "model)"],
                ["Dr Amir Khan, " + p.agencies["health_provider"].name,
                 "Designated doctor for safeguarding", "Member"],
                ["Practitioners' learning event", "28 March 2024", "Not yet"]):
        assert row in rows, row
    assert ["Coroner's inquest (under way)", "Coroner's officer, Northmoor Coroner's Court",
            "Not decided yet", ""] in rows
    reviewer_row = next(row for row in rows if row[0] == "Reviewer")
    assert reviewer_row[1].startswith("Margaret Osei")
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert CaseAccess.objects.filter(case=agreed.case, user=reviewer,
                                     what="LCSPR terms of reference (Word)").exists()


# The reviewer's report template.

def test_the_report_template_has_a_report_s_headings_and_the_terms(p, agreed, reviewer):
    """004 section 14 and 002 section 10 (the report's analysis, findings and
    recommendations), 003 (the views of practitioners and families), 004 section 11
    (parallel processes): the title page, each heading with its guidance, the terms of
    reference filled in and a section of analysis for each line of enquiry."""
    response = template(reviewer, agreed, pseudonym="Child Q")
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        f'attachment; filename="{agreed.case.reference}-report-template.docx"')
    document = read_docx(response.content)
    assert headings(document, 1) == HEADINGS
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs[:3] == ["Northmoor Safeguarding Children Partnership",
                              "Local Child Safeguarding Practice Review", "Child Q"]
    assert "Independent reviewer: Margaret Osei" in paragraphs
    assert any(text.startswith("Date: ") for text in paragraphs)
    assert agreed.case.reference not in docx_text(io.BytesIO(response.content))
    assert terms_journey.TERMS["scope"] in paragraphs
    assert "From 1 March 2023 to 30 November 2023" in paragraphs
    assert "A systems review (for example the SCIE Learning Together model)" in paragraphs
    assert terms_journey.TERMS["methodology_reason"] in paragraphs
    assert headings(document, 2) == [
        "Scope", "The period under review", "Key lines of enquiry",
        "Methodology and why it was chosen",
        "Line of enquiry 1: How did agencies assess the risk the father posed?",
        "Line of enquiry 2: Was the baby seen with the father present?"]
    assert [paragraph.text for paragraph in document.paragraphs
            if paragraph.style.name == "List Number"] == [
        "How did agencies assess the risk the father posed?",
        "Was the baby seen with the father present?"]
    assert "Coroner's inquest: Under way; coordination not decided yet." in paragraphs
    guidance = [paragraph for paragraph in document.paragraphs
                if paragraph.style.name == "Guidance"]
    assert len(guidance) > len(HEADINGS)
    assert CaseAccess.objects.filter(case=agreed.case, user=reviewer,
                                     what="LCSPR report template (Word)").exists()


def test_the_report_template_names_nobody_the_redaction_check_knows(p, named, reviewer):
    """004 section 14.1 and issue 13 item 10: nothing that leaves the service names the
    child unless a person chose it. The terms of reference name the child, her mother, her
    address, date of birth and school and give the case reference: the template, read back
    with python-docx and with the redaction check's own reader, has not one hit; the child
    is "Child [pseudonym]" where she was named."""
    content = template(reviewer, named).content
    terms = terms_for(named.case)
    assert any(term.kind == K.CHILD_NAME for term in terms)
    read_by_the_check = docx_text(io.BytesIO(content))
    document = read_docx(content)
    read_by_python_docx = "\n".join(
        [paragraph.text for paragraph in document.paragraphs]
        + [cell for row in cells(document) for cell in row]
        + [paragraph.text for section in document.sections
           for part in (section.header, section.footer) for paragraph in part.paragraphs])
    assert find(read_by_the_check, terms) == []
    assert find(read_by_python_docx, terms) == []
    assert "Amelia" not in read_by_the_check and "Brennan" not in read_by_the_check
    assert ("Practice with Child [pseudonym] and her mother [a family member] at [an address],"
            " [a postcode], from her birth on [a date of birth]; case [the case reference].") \
        in read_by_the_check
    assert "Was [a name] seen by the health visitor?" in read_by_the_check
    assert "How did [a school or setting] share what [a name] told them?" in read_by_the_check
    assert "From [a date of birth] to 30 November 2023" in read_by_the_check


def test_the_case_reference_is_on_the_title_page_only_when_asked_for(p, named, reviewer):
    """Issue 13 item 10: the case reference is one of the things the redaction check lists;
    put on the title page when the person asks, it is its one hit."""
    content = template(p.business_unit, named, pseudonym="Child Q",
                       show_reference="yes").content
    hits = find(docx_text(io.BytesIO(content)), terms_for(named.case))
    assert [(hit.kind, hit.found) for hit in hits] == [(K.CASE_REFERENCE, named.case.reference)]


@pytest.mark.parametrize("pseudonym", ["Amelia", "Baby Amelia Test", "Kayleigh", "<b>Q</b>"])
def test_a_pseudonym_that_names_the_family_is_refused(p, named, reviewer, pseudonym):
    """004 section 14.1: the pseudonym is no pseudonym if it names the child or her family;
    refused with a clear message, nothing downloaded and nothing recorded."""
    response = template(reviewer, named, pseudonym=pseudonym)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "govuk-error-summary" in response.content.decode()
    assert not CaseAccess.objects.filter(what="LCSPR report template (Word)").exists()


def test_the_template_page_asks_before_it_downloads(p, agreed, reviewer):
    """The form says how the child will be named; the choice of the case reference defaults
    to no."""
    page = client_for(reviewer).get(reverse("lcspr:report-template", args=[agreed.pk]))
    html = page.content.decode()
    assert "What should the report call the child?" in html
    assert re.search(r'value="no"\s+checked', html)
    assert not re.search(r'value="yes"\s+checked', html)


# Who may download.

def test_only_those_who_read_the_review_download_its_outputs(p, agreed, reviewer):
    """Issue 13 item 12: the reviewer commissioned on the review, the business unit, the
    partners and the scrutineer; not another reviewer, nor an agency's contributor; and the
    reviewer no longer once their commission ends."""
    second = UserFactory(role=Role.REVIEWER, full_name="Second Reviewer")
    gets = [reverse(f"lcspr:{name}", args=[agreed.pk])
            for name in ("summary-pdf", "terms-docx", "report-template")]
    for person in (p.business_unit, p.partner, p.scrutineer, reviewer):
        for url in gets:
            assert client_for(person).get(url).status_code == 200, (person, url)
    for person in (second, p.teacher):
        for url in gets:
            assert client_for(person).get(url).status_code in (403, 404), (person, url)
        assert template(person, agreed).status_code in (403, 404)
    services.end_commission(lcspr=agreed, actor=p.business_unit, ended_on=D(2024, 1, 12),
                            reason="The reviewer withdrew")
    assert template(reviewer, agreed).status_code == 403


def test_the_review_s_page_offers_the_downloads(p, in_progress, reviewer):
    """Issue 13 item 13: printed and downloaded from the review's page."""
    html = client_for(reviewer).get(in_progress.get_absolute_url()).content.decode()
    section = html[html.index('data-testid="downloads"'):]
    for name in ("summary-pdf", "terms-pdf", "terms-docx", "report-template"):
        assert reverse(f"lcspr:{name}", args=[in_progress.pk]) in section


def test_the_rows_of_the_terms_carry_into_the_template(p, agreed, reviewer):
    """004 section 11: a parallel process added on the review is listed by its kind and
    how the review is coordinated with it, never by the names in its notes."""
    services.record_lcspr_parallel_processes(lcspr=agreed, actor=p.business_unit, processes=[
        RowChange(values={"kind": "other", "other_kind": "Safeguarding adult review",
                          "progress": "under_way", "coordination": "joint",
                          "lead": "Janet Ellis, adult services",
                          "coordination_notes": "Janet Ellis chairs both"})])
    text = docx_text(io.BytesIO(template(reviewer, agreed).content))
    assert "Safeguarding adult review: Under way; jointly commissioned and overseen." in text
    assert "Janet Ellis" not in text
