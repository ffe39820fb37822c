"""Declining the final report's sign-off, and the date of the final sign-off (issue 13 item
8; 004 section 16.1: "The final draft report will be presented to the Statutory Safeguarding
Partners and Independent Scrutineer/Chair for final sign off"). A partner or the scrutineer
may decline the version they read, with the reason, as a partner may decline the rapid
review's decision (001): the decline shows on the review's page and holds the final
sign-off until a new version voids it or they sign it off after all. The business unit then
records the final sign-off on a day no earlier than the last signature, and not in the
future."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reviews.lcspr import services
from reviews.lcspr.reports import services as reports
from reviews.models import Lcspr, ReportSignOff, SignOff
from reviews.rapid_review.models import BaseSignOff
from safeguarding import workflow
from safeguarding.dates import today
from safeguarding.models import Decision
from safeguarding.workflow import TransitionNotAllowed

from . import journey
from .test_lcspr_pages import client_for, date_fields, visible_text

pytestmark = pytest.mark.django_db
D = datetime.date
S = Lcspr.Status
REASON = "The learning about the health visiting service is not drawn from the chronology"


@pytest.fixture
def drafted(p, in_progress):
    """Version 1 of the report received on Monday 16 November 2026."""
    journey.draft(p, in_progress, D(2026, 11, 16))
    return journey.refreshed(in_progress)


def test_a_partner_declines_with_the_reason_and_the_page_shows_it(p, drafted):
    """004 section 16.1, as 001 for the rapid review: the police decline the version they
    read, with the reason, on its page; the review's page shows the decline, its reason and
    who declined; the decision log keeps it."""
    url = reverse("lcspr:step", args=[drafted.pk, "report-decline"])
    police = client_for(p.police_partner)
    page = visible_text(police.get(url).content.decode())
    assert "You decline to sign off version 1 of the report" in page
    declined = date_fields("declined_on", D(2026, 11, 17))
    refused = police.post(url, {"version_number": 1, "reason": " ", **declined})
    assert "Enter why you decline to sign off the final report" in refused.content.decode()
    assert not ReportSignOff.objects.exists()
    assert police.post(url, {"version_number": 1, "reason": REASON, **declined}
                       ).status_code == 302
    decline = ReportSignOff.objects.get()
    assert (decline.signer, decline.declined, decline.reason, decline.signed_by,
            decline.signed_on, decline.voided_on) == (
        "police", True, REASON, p.police_partner, D(2026, 11, 17), None)
    assert Decision.objects.get(transition="decline_report_sign_off").reason == (
        f"Declined for the police on 17 November 2026 (version 1): {REASON}")
    shown = visible_text(client_for(p.business_unit).get(drafted.get_absolute_url())
                         .content.decode())
    assert (f"The police Declined Version 1, declined by {p.police_partner.full_name} on "
            "17 November 2026" in shown)
    assert f"Reason: {REASON}" in shown


def test_a_decline_holds_the_final_sign_off_until_they_sign_after_all(p, drafted):
    """004 section 16.1: the final report is signed off by all four. A decline stands in the
    way (the step says who declined and what would clear it) until the same partner signs
    the version off after all, which voids their decline (kept, with why)."""
    bu = p.business_unit
    reports.decline_report_sign_off(lcspr=drafted, actor=p.police_partner, version_number=1,
                                    reason=REASON, declined_on=D(2026, 11, 17))
    lcspr = journey.refreshed(drafted)
    for person in (p.partner, p.icb_partner, p.scrutineer):
        reports.sign_off_report(lcspr=journey.refreshed(lcspr), actor=person,
                                version_number=1, signed_on=D(2026, 11, 18))
    lcspr = journey.refreshed(lcspr)
    assert workflow.why_not(lcspr, "sign_off_final_report", bu) == (
        "Declined by: The police. Upload a new version of the report, or they sign off "
        "version 1 after all")
    with pytest.raises(TransitionNotAllowed, match="Declined by: The police"):
        services.record_final_sign_off(lcspr=lcspr, actor=bu, signed_off_on=D(2026, 11, 18))
    assert journey.refreshed(lcspr).status == S.DRAFT_REPORT
    # Declined once, not again; but they may sign it off after all.
    with pytest.raises(TransitionNotAllowed, match="declined to sign off the current"):
        reports.decline_report_sign_off(lcspr=lcspr, actor=p.police_partner,
                                        version_number=1, reason="Again",
                                        declined_on=D(2026, 11, 18))
    with pytest.raises(ValidationError, match="cannot be before version 1 was declined"):
        reports.sign_off_report(lcspr=lcspr, actor=p.police_partner, version_number=1,
                                signed_on=D(2026, 11, 16))
    reports.sign_off_report(lcspr=lcspr, actor=p.police_partner, version_number=1,
                            signed_on=D(2026, 11, 19))
    police = list(ReportSignOff.objects.filter(signer="police").order_by("pk"))
    assert [(row.declined, row.voided_reason) for row in police] == [
        (True, "Signed off after all on 19 November 2026"), (False, "")]
    lcspr = journey.refreshed(lcspr)
    assert workflow.can(lcspr, "sign_off_final_report", bu)
    services.record_final_sign_off(lcspr=lcspr, actor=bu, signed_off_on=D(2026, 11, 19))
    assert journey.refreshed(lcspr).status == S.SIGNED_OFF


def test_a_new_version_voids_the_decline(p, drafted, reviewer):
    """004 section 16.1: a new version (the report reworked) voids the decline of the one
    before, kept with why; the four are asked to sign the new version."""
    reports.decline_report_sign_off(lcspr=drafted, actor=p.scrutineer, version_number=1,
                                    reason=REASON, declined_on=D(2026, 11, 18))
    journey.draft(p, drafted, D(2026, 11, 20), by=reviewer)
    decline = ReportSignOff.objects.get()
    assert (decline.declined, decline.voided_reason) == (
        True, "Version 2 of the report was uploaded")
    lcspr = journey.refreshed(drafted)
    assert workflow.why_not(lcspr, "sign_off_final_report", p.business_unit) == (
        "Waiting for the sign-off of: The local authority, The police, The integrated care "
        "board, The independent scrutineer")
    page = visible_text(client_for(p.partner).get(lcspr.get_absolute_url()).content.decode())
    assert "Voided: version 1 declined for the independent scrutineer" in page
    # A decline of the version replaced is refused: they read version 2 first.
    with pytest.raises(ValidationError, match="read version 2"):
        reports.decline_report_sign_off(lcspr=lcspr, actor=p.partner, version_number=1,
                                        reason=REASON, declined_on=D(2026, 11, 20))


def test_only_the_partners_and_the_scrutineer_decline(p, drafted, reviewer):
    """004 section 16.1: the sign-off is theirs; the reviewer and the business unit neither
    sign nor decline."""
    for person in (reviewer, p.business_unit):
        with pytest.raises(PermissionDenied):
            reports.decline_report_sign_off(lcspr=drafted, actor=person, version_number=1,
                                            reason=REASON, declined_on=D(2026, 11, 17))
    url = reverse("lcspr:step", args=[drafted.pk, "report-decline"])
    assert client_for(p.business_unit).get(url).status_code == 403
    assert not ReportSignOff.objects.exists()


def test_the_final_sign_off_date_follows_the_last_signature(p, drafted):
    """004 section 16.1: the final report is signed off once all four have signed it: its
    date is not before the last of their signatures, nor in the future; all four must have
    signed. Each refusal says why and changes nothing."""
    bu = p.business_unit
    for person, day in zip((*p.statutory_partners, p.scrutineer),
                           (17, 18, 18, 20), strict=True):
        if person == p.scrutineer:
            with pytest.raises(TransitionNotAllowed,
                               match="Waiting for the sign-off of: The independent"):
                services.record_final_sign_off(lcspr=journey.refreshed(drafted), actor=bu,
                                               signed_off_on=D(2026, 11, 18))
        reports.sign_off_report(lcspr=journey.refreshed(drafted), actor=person,
                                version_number=1, signed_on=D(2026, 11, day))
    lcspr = journey.refreshed(drafted)
    with pytest.raises(ValidationError, match="cannot be before the last signature on "
                                              "version 1 was given, on 20 November 2026"):
        services.record_final_sign_off(lcspr=lcspr, actor=bu, signed_off_on=D(2026, 11, 19))
    with pytest.raises(ValidationError, match="must be today or in the past"):
        services.record_final_sign_off(lcspr=lcspr, actor=bu,
                                       signed_off_on=today() + datetime.timedelta(days=1))
    lcspr = journey.refreshed(lcspr)
    assert (lcspr.status, lcspr.final_signed_off_on) == (S.DRAFT_REPORT, None)
    assert not Decision.objects.filter(transition="sign_off_final_report").exists()
    response = client_for(bu).post(reverse("lcspr:step", args=[lcspr.pk, "sign-off"]),
                                   date_fields("on", D(2026, 11, 19)))
    assert "the last signature on version 1 was given" in response.content.decode()
    services.record_final_sign_off(lcspr=lcspr, actor=bu, signed_off_on=D(2026, 11, 20))
    lcspr = journey.refreshed(lcspr)
    assert (lcspr.status, lcspr.final_signed_off_on) == (S.SIGNED_OFF, D(2026, 11, 20))
    assert Decision.objects.get(transition="sign_off_final_report").reason == (
        "Final report (version 1) signed off on 20 November 2026")


def test_both_kinds_of_sign_off_share_one_base():
    """001 and 004 section 16.1: a signature bound to the version read, or a decline with
    its reason, voided when a new version comes: one abstract base, not two copies."""
    shared = {"signed_by", "signed_on", "declined", "reason", "voided_on", "voided_reason"}
    assert BaseSignOff._meta.abstract
    for model in (SignOff, ReportSignOff):
        assert issubclass(model, BaseSignOff)
        assert shared <= {field.name for field in model._meta.fields}
    standing = ReportSignOff(declined=True)
    assert (standing.standing, standing.signed) == (True, False)
