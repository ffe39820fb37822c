"""An LCSPR brought to each stage through the services only (never by setting a status),
from a case received on any date: the rapid review runs its course, its partners' decision
on an LCSPR signed off by the three partners on ``decided``, and concludes, which opens the
LCSPR. The tests of tests/reviews/lcspr use these."""

from __future__ import annotations

import datetime

from cases import services as cases
from cases.models import Case, Notification
from reviews.lcspr import services
from reviews.models import Lcspr, LcsprNotice, RapidReview, ReviewerCommission
from reviews.rapid_review import services as reviews
from safeguarding.models import Role, User
from tests.factories import UserFactory, submitted_case
from tests.rapid_review import complete
from tests.safeguarding import workflow_journeys as j

D = datetime.date
DAY = datetime.timedelta(days=1)
N = Notification.Recipient
R = LcsprNotice.Recipient
EVERYONE = [R.NATIONAL_PANEL, R.OFSTED, R.DFE]
# 004 section 8.1, every point met.
MEETS_EVERY_POINT = {"practice_knowledge": "yes", "research_knowledge": "yes",
                     "recognises_complexity": "yes", "communicates_findings": "yes",
                     "assessment_notes": "Author of three published LCSPRs; two references "
                                         "from safeguarding partnerships; interviewed by the "
                                         "partners."}


def reviewer(name: str = "Margaret Osei") -> User:
    return UserFactory(role=Role.REVIEWER, full_name=name)


def rapid_review_signed(p: j.People, *, received: datetime.date, decided: datetime.date,
                        **outcome) -> RapidReview:
    """A rapid review of a case received on ``received``, its partners' decision on an LCSPR
    (with the panel's ``outcome`` changed as given) signed off by the three partners on
    ``decided`` (at least 5 days later)."""
    case = submitted_case(received_on=received, incident_date=received - DAY,
                          agreement_date=received, child__date_of_birth=received - 200 * DAY)
    bu = p.business_unit
    cases.inform_partners(case=case, actor=bu, informed_on=received)
    cases.record_screening_decision(case=case, actor=p.partner, decided_on=received + DAY,
                                    decision=Case.ScreeningDecision.NOTIFY,
                                    rationale="A child was seriously harmed.")
    cases.record_local_authority_awareness(case=case, actor=bu, aware_on=received)
    for recipient in (N.NATIONAL_PANEL, N.OFSTED, N.DFE):
        cases.record_notification(case=case, actor=bu, recipient=recipient,
                                  notified_on=received + 2 * DAY,
                                  channel=Notification.Channel.ONLINE_SYSTEM,
                                  sent_by="Head of Safeguarding")
    case.refresh_from_db()
    review = reviews.start_rapid_review(case=case, actor=bu, decided_on=received + 2 * DAY,
                                        decision_note=j.DECISION_NOTE)
    information_return = j.ask(review, p)
    complete(information_return)
    reviews.submit_information_return(information_return=information_return, actor=p.teacher)
    reviews.circulate_panel_pack(review=review, actor=bu, circulated_on=received + 3 * DAY)
    reviews.choose_panel(review=review, actor=bu, members=[p.chair])
    reviews.record_attendance(review=review, actor=bu, attendance=j.attendance_rows(p))
    reviews.record_meeting_held(review=review, actor=bu, held_on=received + 4 * DAY)
    review.refresh_from_db()
    j.record_outcome(review, p, **outcome)
    review.refresh_from_db()
    j.decide(review, p)
    for partner in p.statutory_partners:
        version = RapidReview.objects.values_list("decision_version", flat=True).get(
            pk=review.pk)
        reviews.sign_off(review=review, actor=partner, signed_on=decided,
                         decision_version=version)
    review.refresh_from_db()
    return review


RECEIVED, DECIDED = D(2026, 10, 12), D(2026, 10, 23)  # a Monday; a Friday


def concluded(p: j.People, *, received: datetime.date = RECEIVED,
              decided: datetime.date = DECIDED) -> Lcspr:
    """The rapid review sent to the National Panel on the day of the decision, the Panel
    agreeing the next day, and concluded with an LCSPR: the LCSPR is open."""
    review = rapid_review_signed(p, received=received, decided=decided)
    bu = p.business_unit
    reviews.record_submission(review=review, actor=bu, submitted_on=decided)
    reviews.record_panel_response(review=review, actor=bu, responded_on=decided + DAY,
                                  response=RapidReview.PanelResponse.AGREES)
    reviews.conclude_rapid_review(review=review, actor=bu,
                                  next_step=RapidReview.NextStep.LCSPR)
    return Lcspr.objects.select_related("case").get(case=review.case)


def commissioning(p: j.People, lcspr: Lcspr, on: datetime.date) -> Lcspr:
    services.start_commissioning(lcspr=lcspr, actor=p.business_unit,
                                 reviewer_kind=Lcspr.ReviewerKind.INDEPENDENT,
                                 procurement=Lcspr.Procurement.REGIONAL_FRAMEWORK,
                                 started_on=on)
    return refreshed(lcspr)


def assessed(p: j.People, lcspr: Lcspr, person: User, **changes) -> ReviewerCommission:
    """Assessed on the day commissioning started, unless ``assessed_on`` says otherwise."""
    return services.assess_reviewer(
        lcspr=lcspr, actor=p.business_unit, reviewer=person,
        **{"assessed_on": lcspr.commissioning_started_on or lcspr.decided_on,
           **MEETS_EVERY_POINT, "conflict": "none", **changes})


def commissioned(p: j.People, lcspr: Lcspr, person: User, on: datetime.date) -> Lcspr:
    """Commissioning started, ``person`` assessed and commissioned on ``on``."""
    if lcspr.status == Lcspr.Status.DECIDED:
        lcspr = commissioning(p, lcspr, on)
    commission = assessed(p, lcspr, person)
    services.commission_reviewer(lcspr=lcspr, actor=p.business_unit, commission=commission,
                                 commissioned_on=on)
    return refreshed(lcspr)


def refreshed(lcspr: Lcspr) -> Lcspr:
    return Lcspr.objects.select_related("case").get(pk=lcspr.pk)


def publication_decided(p: j.People, lcspr: Lcspr, *, on: datetime.date,
                        planned: datetime.date | None, decision: str = "full",
                        justification: str = "") -> Lcspr:
    """The partners' decision on publication (004 section 15.2) made on ``on``, planned for
    ``planned`` (none when they decided not to publish)."""
    services.decide_publication(
        lcspr=lcspr, actor=p.business_unit, decision=decision, decided_on=on,
        planned_on=planned,
        justification=justification or ("" if decision == "full" else
                                         "It would identify the surviving children"))
    return refreshed(lcspr)


# The report (issue 13 items 8 and 10): versions uploaded, signed off, checked.

def docx_report(text: str, name: str = "report.docx"):
    """A Word file whose body is ``text``, a paragraph per line (a .docx is a zip)."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    from django.core.files.uploadedfile import SimpleUploadedFile

    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(line)}</w:t></w:r></w:p>"
                   for line in text.splitlines())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", (
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
            f'main"><w:body>{body}</w:body></w:document>'))
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def pdf_report(text: str, name: str = "report.pdf"):
    """A PDF whose text is ``text``, rendered by WeasyPrint, as the service renders PDFs."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils.html import escape
    from weasyprint import HTML

    html = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines())
    return SimpleUploadedFile(name, HTML(string=html).write_pdf(),
                              content_type="application/pdf")


CLEAN_REPORT = ("Learning from the review of Child Q\n"
                "Agencies shared information late; the learning is for every agency.")


def draft(p: j.People, lcspr: Lcspr, received_on: datetime.date, *, by: User | None = None,
          upload=None):
    """A version of the report uploaded (a clean one unless ``upload`` says otherwise)."""
    from reviews.lcspr.reports import services as reports

    version = reports.upload_report_version(
        lcspr=refreshed(lcspr), actor=by or p.business_unit,
        upload=upload or docx_report(CLEAN_REPORT), received_on=received_on)
    lcspr.refresh_from_db()  # the caller's copy moves on with it
    return version


def signed_by_all(p: j.People, lcspr: Lcspr, on: datetime.date) -> None:
    """The three partners and the independent scrutineer sign off the current version."""
    from reviews.lcspr.reports import services as reports
    from reviews.lcspr.reports.workflow import current_version

    number = current_version(refreshed(lcspr)).number
    for person in (*p.statutory_partners, p.scrutineer):
        reports.sign_off_report(lcspr=refreshed(lcspr), actor=person, version_number=number,
                                signed_on=on)


def report_signed_off(p: j.People, lcspr: Lcspr, *, received_on: datetime.date,
                      signed_off_on: datetime.date, by: User | None = None) -> Lcspr:
    """A clean version of the report (nothing of the family in it) uploaded, received on
    ``received_on``, signed off by the three partners and the independent scrutineer on
    ``signed_off_on``, and the sign-off of the final report recorded."""
    draft(p, lcspr, received_on, by=by)
    signed_by_all(p, lcspr, signed_off_on)
    services.record_final_sign_off(lcspr=refreshed(lcspr), actor=p.business_unit,
                                   signed_off_on=signed_off_on)
    lcspr.refresh_from_db()  # the caller's copy moves on with it
    return lcspr
