"""The public referral page as the public sees it, and the referral as the business unit
reads it (issue 16 point 2)."""

import datetime

import pytest

from cases.models import Case
from forms.services import submit_public_referral
from safeguarding.models import Role
from tests.factories import submitted_case
from tests.pdfs import needs_pdftotext, pdf_text

from .test_referrals import PUBLIC

pytestmark = pytest.mark.django_db

STAFF_BANNER = "use it only for your work"
TO_BE_TRIAGED = ("To be triaged: a member of the public made this referral; the business unit "
                 "decides whether it meets the criteria.")
MEETS_NONE = "The referral's answers meet none of the notifiable-incident criteria."


def public_case(**answers) -> Case:
    """A neighbour's referral about a 4-year-old with a head injury."""
    return submit_public_referral(answers={
        "referrer_name": "Sam Lee", "referrer_relationship": "Neighbour, two doors down",
        "referrer_email": "sam@example.org", "referrer_phone": "07700 900 123",
        "child_name": "Amelia Hart", "child_date_of_birth": datetime.date(2022, 5, 8),
        "child_address": "", "incident_date": datetime.date(2026, 11, 20),
        "incident_details": "An ambulance took her away with a head injury.",
        "why_worried": "She had bruises on her arms last week.", **answers})


# 1. The public pages carry no banner meant for staff.

def test_the_public_pages_do_not_tell_the_public_to_use_them_only_for_work(client, settings):
    form = client.get("/refer/").content.decode()
    assert "This is a new service." in form and STAFF_BANNER not in form
    sent = client.post("/refer/", PUBLIC, follow=True).content.decode()
    assert "Referral sent" in sent and STAFF_BANNER not in sent


def test_the_too_many_referrals_page_carries_no_staff_banner(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "public-banner-test"}}
    for _ in range(5):
        client.post("/refer/", PUBLIC)
    page = client.post("/refer/", PUBLIC)
    assert page.status_code == 429
    assert STAFF_BANNER not in page.content.decode()


def test_staff_pages_keep_the_banner(client):
    assert STAFF_BANNER in client.get("/sign-in/").content.decode()


# 4. The confirmation: the partnership's contact details and what happens next.

def test_the_confirmation_gives_the_partnerships_contact_details(client, settings):
    settings.PARTNERSHIP_NAME = "Eastvale Safeguarding Children Partnership"
    settings.PARTNERSHIP_CONTACT_PHONE = "01632 960 555"
    settings.PARTNERSHIP_CONTACT_EMAIL = "referrals@eastvale.example.org"
    settings.PARTNERSHIP_CONTACT_HOURS = "Monday to Thursday, 8am to 6pm"
    page = client.post("/refer/", PUBLIC, follow=True).content.decode()
    assert Case.objects.get().referral.receipt in page
    assert "01632 960 555" in page
    assert 'href="mailto:referrals@eastvale.example.org"' in page
    assert "Monday to Thursday, 8am to 6pm" in page
    assert ("The Eastvale Safeguarding Children Partnership's business unit will read your "
            "referral by the end of the next working day.") in page
    assert "If a child is in immediate danger, call 999 now." in page
    assert "Amelia" not in page and "Sam Lee" not in page


def test_the_too_many_referrals_page_says_how_to_reach_the_partnership(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "public-contact-test"}}
    settings.PARTNERSHIP_CONTACT_PHONE = "01632 960 555"
    for _ in range(5):
        client.post("/refer/", PUBLIC)
    assert "01632 960 555" in client.post("/refer/", PUBLIC).content.decode()


# 2 and 3. What the business unit reads.

def test_the_case_page_says_how_the_referrer_knows_the_child_and_how_to_reach_them(client_as):
    case = public_case()
    page = client_as(Role.BUSINESS_UNIT).get(case.get_absolute_url()).content.decode()
    assert "Public referral" in page
    assert "How they know the child" in page and "Neighbour, two doors down" in page
    assert "07700 900 123" in page and 'href="mailto:sam@example.org"' in page
    # The public page's own questions, not the professional form's.
    assert "About the person who made the referral" in page
    assert "Why they are worried that the child has been abused or neglected" in page
    assert "She had bruises on her arms last week." in page
    assert "4 years" in page or "4 years old" in page or ">4<" in page
    assert "Authorising officer" not in page


def test_a_public_referral_is_not_judged_against_the_professional_criteria(client_as):
    case = public_case()
    page = client_as(Role.BUSINESS_UNIT).get(case.get_absolute_url()).content.decode()
    assert TO_BE_TRIAGED in page
    assert MEETS_NONE not in page


def test_a_professional_referral_still_says_when_it_meets_no_criteria(client_as):
    case = submitted_case(outcome="neither", abuse_or_neglect="neither")
    page = client_as(Role.BUSINESS_UNIT).get(case.get_absolute_url()).content.decode()
    assert MEETS_NONE in page
    assert "To be triaged" not in page and "Public referral" not in page


@needs_pdftotext
def test_the_notification_summary_prints_the_public_referrers_answers(client_as, tmp_path):
    case = public_case()
    response = client_as(Role.BUSINESS_UNIT).get(
        f"/cases/{case.reference}/notification-summary.pdf")
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert "A member of the public, on the public referral page" in text
    assert "To be triaged" in text
    assert "How they know the child" in text and "Neighbour, two doors down" in text
    assert "07700 900 123" in text and "sam@example.org" in text
    assert "Authorising officer" not in text


def test_the_case_list_marks_public_referrals(client_as, django_assert_max_num_queries):
    professional = submitted_case()
    public = [public_case() for _ in range(3)]
    client = client_as(Role.BUSINESS_UNIT)
    with django_assert_max_num_queries(12):
        page = client.get("/cases/").content.decode()
    rows = {case.reference: _row(page, case.reference) for case in [professional, *public]}
    assert "Public referral" not in rows[professional.reference]
    assert all("Public referral" in rows[case.reference] for case in public)


def test_the_triage_list_marks_public_referrals(client_as):
    professional, public = submitted_case(), public_case()
    page = client_as(Role.BUSINESS_UNIT).get("/").content.decode()
    assert "Public referral" in _item(page, public.reference)
    assert "Public referral" not in _item(page, professional.reference)


def test_the_deadlines_dashboard_marks_public_referrals(client_as):
    professional, public = submitted_case(), public_case()
    page = client_as(Role.BUSINESS_UNIT).get("/deadlines/").content.decode()
    public_rows = [row for row in page.split("<tr") if f">{public.reference}</a>" in row]
    other_rows = [row for row in page.split("<tr") if f">{professional.reference}</a>" in row]
    assert public_rows and all("Public referral" in row for row in public_rows)
    assert other_rows and not any("Public referral" in row for row in other_rows)


def _row(page: str, reference: str) -> str:
    return next(row for row in page.split("<tr") if f">{reference}</a>" in row)


def _item(page: str, reference: str) -> str:
    return next(item for item in page.split("<li") if f">{reference}</a>" in item)


def test_the_panel_pack_does_not_judge_a_public_referral_against_the_criteria():
    from django.template.loader import render_to_string

    def pack(case):
        return render_to_string("reviews/panel_pack.html", {"case": case, "criteria": []})

    assert "not judged against the criteria" in pack(public_case())
    assert "None recorded" not in pack(public_case())
    assert "None recorded" in pack(submitted_case())


def test_the_case_list_download_says_who_referred(client_as):
    public_case()
    lines = client_as(Role.BUSINESS_UNIT).get("/cases/download/csv/").content.decode(
        "utf-8-sig").splitlines()
    assert lines[0].endswith(",Referred by,Children")
    assert ",A member of the public," in lines[1]
