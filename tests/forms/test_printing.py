import pytest

from cases.models import CaseAccess
from safeguarding.models import Role
from tests.factories import submitted_case
from tests.pdfs import needs_pdftotext, pdf_text

pytestmark = pytest.mark.django_db


@needs_pdftotext
def test_the_notification_summary_holds_what_the_panel_asks_for(client_as, tmp_path):
    case = submitted_case(child__full_name="Amelia Hart")
    client = client_as(Role.BUSINESS_UNIT)
    response = client.get(f"/cases/{case.reference}/notification-summary.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert "OFFICIAL-SENSITIVE" in text
    assert case.reference in text and "Amelia Hart" in text
    assert "A child has been seriously harmed and abuse or neglect is known or suspected" in text
    assert "National Panel, Ofsted and DfE (online notification)" in text
    assert "Page 1 of" in text
    assert CaseAccess.objects.get(case=case).what == "notification summary PDF"


@pytest.mark.parametrize("role", [Role.AGENCY_CONTRIBUTOR, Role.REVIEWER, Role.ADMINISTRATOR])
def test_the_summary_is_need_to_know(client_as, role):
    case = submitted_case()
    assert client_as(role).get(
        f"/cases/{case.reference}/notification-summary.pdf").status_code == 403
    assert not CaseAccess.objects.exists()
