"""The public referrer's receipt code (issue 17 point 12): a random code, not the case's
sequential reference (which would tell anyone how many cases there are); the business unit
sees it on the case page and finds the case by it, as the member of the public quotes it."""

import re

import pytest

from cases import receipts
from cases.models import Case
from forms.models import Referral
from safeguarding.models import Role
from tests.factories import submitted_case

from .test_public_referral import public_case
from .test_referrals import PUBLIC

pytestmark = pytest.mark.django_db
GROUPED = re.compile(rf"^[{receipts.ALPHABET}]{{4}}-[{receipts.ALPHABET}]{{4}}-"
                     rf"[{receipts.ALPHABET}]{{2}}$")
SEQUENTIAL = re.compile(r"SI-\d{4}-\d{4}")


def test_a_receipt_code_is_ten_unambiguous_characters_read_in_groups():
    codes = {receipts.new_code() for _ in range(200)}
    assert len(codes) == 200  # random, not a counter
    for code in codes:
        assert len(code) == 10 and not set(code) & set("0O1ILU")
        assert GROUPED.match(receipts.grouped(code))
    assert receipts.grouped("K7QX9MRP2D") == "K7QX-9MRP-2D"


@pytest.mark.parametrize(("typed", "stored"), [
    ("K7QX-9MRP-2D", "K7QX9MRP2D"), ("k7qx 9mrp 2d", "K7QX9MRP2D"), (" K7QX9MRP2D ", "K7QX9MRP2D"),
    ("K7QX-9MRP", ""),  # a part is not enough: the code is a credential of sorts
    ("SI-2026-0007", ""), ("K7QX-9MRP-2O", ""),  # O is not in the alphabet
    ("K7QX-9MRP-2D-", "K7QX9MRP2D"), ("<K7QX9MRP2D>", ""),
])
def test_a_typed_receipt_code_is_read_as_stored(typed, stored):
    assert receipts.as_stored(typed) == stored


def test_each_public_referral_gets_its_own_code_and_an_agencys_none():
    first, second = public_case(), public_case()
    codes = [case.referral.receipt_code for case in (first, second)]
    assert all(GROUPED.match(receipts.grouped(code)) for code in codes)
    assert codes[0] != codes[1]
    assert submitted_case().referral.receipt_code is None
    assert Referral.objects.filter(receipt_code=codes[0]).get().case == first


def test_the_confirmation_shows_the_receipt_code_and_no_case_reference(client):
    page = client.post("/refer/", PUBLIC, follow=True).content.decode()
    case = Case.objects.get()
    assert f'data-testid="receipt-code">{case.referral.receipt}<' in page
    assert case.reference not in page and not SEQUENTIAL.search(page)
    assert "quote your receipt code" in page


def test_a_failed_or_repeated_public_referral_page_shows_no_case_reference(client):
    submitted_case()  # a case exists, whose reference must not leak
    form = client.post("/refer/", {**PUBLIC, "why_worried": ""}).content.decode()
    assert not SEQUENTIAL.search(form)
    assert client.get("/refer/sent/")["Location"] == "/refer/"


def test_the_business_unit_sees_the_receipt_code_on_the_case_page(client_as):
    case = public_case()
    page = client_as(Role.BUSINESS_UNIT).get(case.get_absolute_url()).content.decode()
    assert f'data-testid="receipt-code">{case.referral.receipt}<' in page


@pytest.mark.parametrize("role", [Role.SAFEGUARDING_PARTNER, Role.SCRUTINEER, Role.MANAGER])
def test_other_case_readers_do_not_see_the_receipt_code(client_as, role):
    case = public_case()
    page = client_as(role).get(case.get_absolute_url()).content.decode()
    assert "Public referral" in page
    assert case.referral.receipt not in page and "Receipt code" not in page


def test_the_business_unit_finds_a_case_by_its_receipt_code_as_quoted(client_as):
    case, other = public_case(), public_case()
    code = case.referral.receipt
    client = client_as(Role.BUSINESS_UNIT)
    for quoted in (code, code.lower().replace("-", " ")):
        page = client.get("/cases/", {"reference": quoted}).content.decode()
        assert f">{case.reference}</a>" in page, quoted
        assert f">{other.reference}</a>" not in page
    # Its reference still finds it.
    page = client.get("/cases/", {"reference": case.reference}).content.decode()
    assert f">{case.reference}</a>" in page and f">{other.reference}</a>" not in page


def test_the_business_unit_downloads_the_cases_found_by_a_receipt_code(client_as):
    case, other = public_case(), public_case()
    response = client_as(Role.BUSINESS_UNIT).get(
        "/cases/download/csv/", {"reference": case.referral.receipt})
    text = b"".join(response.streaming_content if response.streaming else
                    [response.content]).decode()
    assert case.reference in text and other.reference not in text


def test_other_case_readers_do_not_find_a_case_by_its_receipt_code(client_as):
    case = public_case()
    page = client_as(Role.SAFEGUARDING_PARTNER).get(
        "/cases/", {"reference": case.referral.receipt}).content.decode()
    # Refused as a reference (the whole list, with the error), or found nothing.
    assert "1 case found" not in page
    assert ("Enter a case reference" in page) or (f">{case.reference}</a>" not in page)
    page = client_as(Role.BUSINESS_UNIT).get(
        "/cases/", {"reference": case.referral.receipt}).content.decode()
    assert "1 case found" in page
