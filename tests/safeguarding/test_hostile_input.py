"""Every form of the service, attacked with random and hostile values (tests/hostile.py):
no server error, a refused post stores nothing, posted text comes back escaped. The forms
are reached in the state where their user sees them; a form page that is not there fails."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases import services as case_services
from cases.models import Case, Notification
from forms import services as referral_services
from forms.sections import SECTIONS as REFERRAL_SECTIONS
from reviews.models import KnownAgency
from reviews.rapid_review import services
from reviews.rapid_review.sections import SECTIONS as RETURN_SECTIONS
from safeguarding.models import Agency, Role
from tests.factories import (
    AgencyFactory,
    ReferralFactory,
    UserFactory,
    submitted_case,
    two_factor_invitation,
)
from tests.hostile import attack
from tests.pdfs import needs_pdftotext, pdf_text
from tests.rapid_review import K, complete, partner, record_outcome, submitted_return

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
D = datetime.date


def signed_in(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# Referrals: every section of a draft, its check-your-answers page, the public page.

@pytest.mark.parametrize("slug", [section.slug for section in REFERRAL_SECTIONS])
def test_referral_sections(slug):
    author = UserFactory(role=Role.AGENCY_CONTRIBUTOR)
    draft = referral_services.start_referral(actor=author)
    attack(signed_in(author), reverse("case_forms:section", args=[draft.pk, slug]),
           keeps_valid_answers=True)


def test_referral_check_answers():
    referral = ReferralFactory()
    attack(signed_in(referral.created_by), reverse("case_forms:check", args=[referral.pk]))


def test_public_referral():
    attack(signed_in(), reverse("public-referral"))


def test_sign_in():
    UserFactory(email="bu@example.org", role=Role.BUSINESS_UNIT)
    attack(signed_in(), reverse("sign-in"))


def test_two_factor_pages():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    newcomer, enrolled = UserFactory(), UserFactory()
    client = signed_in(newcomer)
    client.get(two_factor_invitation(newcomer))  # the emailed set-up link (issue 17)
    attack(client, reverse("two-factor-setup"))
    TOTPDevice.objects.create(user=enrolled, name="Authenticator app", confirmed=True)
    attack(signed_in(enrolled), reverse("two-factor-verify"))


# Cases: each question page in the state that offers it.

def case_at(status: str) -> Case:
    case = submitted_case(received_on=D(2026, 11, 1))
    unit = UserFactory(role=Role.BUSINESS_UNIT)
    if status == "referred":
        return case
    case_services.inform_partners(case=case, actor=unit, informed_on=D(2026, 11, 2))
    decision = {"learning": Case.ScreeningDecision.LEARNING,
                "learning_to_approve": Case.ScreeningDecision.LEARNING}.get(
        status, Case.ScreeningDecision.NOTIFY)
    if status != "screening":
        case_services.record_screening_decision(
            case=case, actor=UserFactory(role=Role.SAFEGUARDING_PARTNER), decision=decision,
            rationale="Criteria met", decided_on=D(2026, 11, 3))
        case_services.record_local_authority_awareness(case=case, actor=unit,
                                                       aware_on=D(2026, 11, 2))
    if status == "learning_to_approve":
        case_services.record_learning_decision(
            case=case, actor=unit, decision=Case.LearningDecision.QUALITY_ASSURANCE,
            rationale="Explore through quality assurance", decided_on=D(2026, 11, 4))
    return case


@pytest.mark.parametrize(("status", "action", "role"), [
    ("referred", "inform-partners", Role.BUSINESS_UNIT),
    ("screening", "screening-decision", Role.SAFEGUARDING_PARTNER),
    ("learning", "learning-decision", Role.BUSINESS_UNIT),
    ("learning_to_approve", "approve-learning-decision", Role.SAFEGUARDING_PARTNER),
    ("learning_to_approve", "return-learning-decision", Role.SAFEGUARDING_PARTNER),
    ("screening", "local-authority-aware", Role.BUSINESS_UNIT),  # not yet confirmed
    ("notification_due", "referrer-told", Role.BUSINESS_UNIT),
    ("notification_due", "withdraw", Role.BUSINESS_UNIT),
    ("notification_due", "merge", Role.BUSINESS_UNIT),
])
def test_case_questions(status, action, role):
    case = case_at(status)
    attack(signed_in(UserFactory(role=role)),
           reverse("cases:action", args=[case.reference, action]))


@pytest.mark.parametrize("recipient", Notification.Recipient.values)
def test_notifications(recipient):
    case = case_at("notification_due")
    attack(signed_in(UserFactory(role=Role.BUSINESS_UNIT)),
           reverse("cases:notification", args=[case.reference, recipient]))


def test_case_search_and_documents():
    case, unit = case_at("referred"), UserFactory(role=Role.BUSINESS_UNIT)
    attack(signed_in(unit), reverse("cases:list"))
    attack(signed_in(unit), reverse("cases:add-document", args=[case.reference]))


@pytest.mark.parametrize(("name", "role"), [
    ("deadlines:dashboard", Role.BUSINESS_UNIT), ("cases:access-log", Role.SCRUTINEER),
    ("cases:list", Role.BUSINESS_UNIT), ("cases:decision-log", Role.SCRUTINEER),
    ("oversight:pipeline", Role.MANAGER), ("oversight:timeliness", Role.MANAGER)])
def test_filters(name, role):
    case_at("notification_due")
    attack(signed_in(UserFactory(role=role)), reverse(name), method="get")


def test_calendar_feed():
    attack(signed_in(UserFactory(role=Role.BUSINESS_UNIT)), reverse("deadlines:calendar"))


# Rapid reviews: the business unit's steps, the returns, the chair's outcome, the sign-off.

@pytest.mark.parametrize("page", ["requests", "attendance", "parallel-processes", "panel",
                                  "pack", "meeting", "extension"])
def test_rapid_review_steps_while_gathering(review, business_unit, page):
    if page == "pack":  # the pack step is open once an agency has submitted its return
        submitted_return(review, AgencyFactory(kind=Agency.Kind.EDUCATION), business_unit)
    url = (reverse(f"reviews:{page}", args=[review.pk])
           if page in ("requests", "attendance", "parallel-processes")
           else reverse("reviews:step", args=[review.pk, page]))
    attack(signed_in(business_unit), url)


@pytest.mark.parametrize("slug", [*(section.slug for section in RETURN_SECTIONS), "submit"])
def test_information_return_sections(review, business_unit, slug):
    school = AgencyFactory(kind=Agency.Kind.EDUCATION)
    school_return = services.send_information_requests(review=review, actor=business_unit,
                                                       agencies=[school])[0]
    if slug == "submit":
        complete(school_return)
    url = (reverse("reviews:submit", args=[school_return.pk]) if slug == "submit"
           else reverse("reviews:section", args=[school_return.pk, slug]))
    attack(signed_in(UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=school)), url)


def test_a_chronology_is_imported_from_a_spreadsheet(review, business_unit):
    """The upload page, with random files (a PDF, a zip header, script, random bytes), and
    the page that confirms what was read from a good one."""
    school = AgencyFactory(kind=Agency.Kind.EDUCATION)
    school_return = services.send_information_requests(review=review, actor=business_unit,
                                                       agencies=[school])[0]
    client = signed_in(UserFactory(role=Role.AGENCY_CONTRIBUTOR, agency=school))
    upload = reverse("reviews:chronology-import", args=[school_return.pk])
    attack(client, upload)
    good = SimpleUploadedFile("chronology.csv", b"Date,Significant Event\n"
                                                b"03/11/2025,Child absent from school\n")
    assert client.post(upload, {"file": good}).status_code == 302
    attack(client, reverse("reviews:chronology-import-check", args=[school_return.pk]))


def test_a_known_agency_is_decided(review, business_unit):
    school = AgencyFactory(kind=Agency.Kind.EDUCATION)
    school_return = services.send_information_requests(review=review, actor=business_unit,
                                                       agencies=[school])[0]
    known = KnownAgency.objects.create(information_return=school_return, name="A nursery")
    attack(signed_in(business_unit),
           reverse("reviews:decide-known-agency", args=[known.pk]))


def test_the_chairs_outcome(met, chair):
    attack(signed_in(chair), reverse("reviews:outcome", args=[met.pk]))


def test_the_partners_decision(met, chair, agencies, decision_maker):
    record_outcome(met, chair, agencies)
    attack(signed_in(decision_maker), reverse("reviews:step", args=[met.pk, "decision"]))


@pytest.mark.parametrize("step", ["sign-off", "decline"])
def test_the_partners_sign_off(decided, agencies, step):
    attack(signed_in(partner(agencies[K.POLICE])),
           reverse("reviews:step", args=[decided.pk, step]))


@pytest.mark.parametrize("step", ["submission", "family"])
def test_after_sign_off(signed, business_unit, step):
    attack(signed_in(business_unit), reverse("reviews:step", args=[signed.pk, step]))


@pytest.mark.parametrize(("response", "step"), [
    (None, "panel-response"), ("further_information", "answers"), ("agrees", "conclude"),
    (None, "publication"), ("disagrees", "conclude")])
def test_the_panels_response(signed, business_unit, response, step):
    services.record_submission(review=signed, actor=business_unit, submitted_on=D(2026, 11, 24))
    if response:
        services.record_panel_response(review=signed, actor=business_unit,
                                       responded_on=D(2026, 11, 24), response=response,
                                       questions="Was the father known to adult services?",
                                       rationale="A thematic review would serve better")
    attack(signed_in(business_unit), reverse("reviews:step", args=[signed.pk, step]))


# PDFs: text with markup in it is printed as text, not read as HTML.

MARKUP = '<b>bold</b> <script>alert("hostile")</script> <img src=x> & "quotes" 😀'


@needs_pdftotext
def test_markup_in_a_referral_is_printed_as_text(tmp_path):
    case = submitted_case(child__full_name=MARKUP, incident_details=MARKUP)
    client = signed_in(UserFactory(role=Role.BUSINESS_UNIT))
    text = pdf_text(client.get(reverse("notification-summary", args=[case.reference])).content,
                    tmp_path)
    assert text.count('<b>bold</b> <script>alert("hostile")</script> <img src=x>') >= 2


@needs_pdftotext
def test_markup_in_a_return_and_an_outcome_is_printed_as_text(signed, agencies,
                                                              business_unit, tmp_path):
    submitted_return(signed, agencies[K.POLICE], business_unit,
                     events=[(D(2026, 10, 19), datetime.time(7, 15), MARKUP)])
    signed.key_lines_of_enquiry = MARKUP
    signed.save()
    client = signed_in(business_unit)
    pack = pdf_text(client.get(reverse("reviews:panel-pack", args=[signed.pk])).content,
                    tmp_path)
    # A narrow table column may wrap the text, so its pieces are looked for.
    assert '<b>bold</b> <script>alert("hostile")' in pack and "<img src=x>" in pack
    report = pdf_text(client.get(reverse("reviews:report", args=[signed.pk])).content, tmp_path)
    assert '<b>bold</b> <script>alert("hostile")' in report and "<img src=x>" in report
