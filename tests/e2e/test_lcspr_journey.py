"""Issue 13's journey in a real browser, from the partners' decision to initiate an LCSPR to
its publication, each role in turn: the business unit tells the National Panel, Ofsted and
DfE, assesses and commissions the reviewer; the reviewer finds the review on their home page,
reports progress and uploads a draft that names the child, which the redaction check finds,
then a clean version; a safeguarding partner comments and signs it off, the independent
scrutineer signs it off; the business unit records the final sign-off, the decision to
publish, the copies sent at least 7 working days before and the publication. Every page is
scanned with axe; the terms of reference PDF is read back."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from demo.management.commands.load_demo import DEMO_PASSWORD
from tests.e2e.pages import choose, enter_date, sign_in, sign_out
from tests.pdfs import needs_pdftotext, pdf_text

LONG = "%-d %B %Y"


class Dates:
    """Counted back from today in working days, as the clocks count, so that every date
    entered is in the past and each follows the one before."""

    def __init__(self) -> None:
        from deadlines.calendar import add_working_days

        today = timezone.localdate()

        def back(days: int) -> datetime.date:
            return add_working_days(today, -days)

        self.received, self.decided = back(75), back(66)
        self.told, self.commissioning, self.assessed = back(64), back(63), back(61)
        self.commissioned, self.reviewer_told, self.terms_agreed = back(60), back(59), back(50)
        self.progress, self.first_draft, self.clean_draft = back(40), back(32), back(25)
        self.signed, self.publication_decided, self.sent = back(20), back(19), back(15)
        self.published = back(3)


def people():
    from safeguarding.models import Agency, User
    from tests.safeguarding.workflow_journeys import People

    users = {user.email.split("@")[0]: user for user in User.objects.select_related("agency")}
    return People(
        business_unit=users["bu"], partner=users["partner"],
        police_partner=users["police.partner"], icb_partner=users["icb.partner"],
        chair=users["chair"], teacher=users["school"], scrutineer=users["scrutineer"],
        manager=users["manager"],
        agencies={agency.kind: agency for agency in Agency.objects.order_by("-pk")})


@pytest.fixture
def decided_lcspr(demo_partnership):
    """The rapid review run to its end through the services (the rapid review journey tests
    its pages), concluded with an LCSPR: the partners' decision to initiate it is made."""
    from tests.reviews.lcspr import journey

    dates = Dates()
    lcspr = journey.concluded(people(), received=dates.received, decided=dates.decided)
    lcspr.child_name = lcspr.case.referral.children.get().full_name
    lcspr.dates = dates
    return lcspr


def open_review(page: Page, base_url: str, reference: str) -> None:
    page.goto(f"{base_url}/cases/")
    page.get_by_role("link", name=reference).first.click()
    page.get_by_role("link", name="Open the LCSPR").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Local child safeguarding practice review")


def take_step(page: Page, label: str) -> None:
    page.get_by_test_id("steps").get_by_role("link", name=label, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(label)


def saved(page: Page, what: str) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(what)


def tell_everyone(page: Page, label: str, day: datetime.date) -> None:
    take_step(page, label)
    for recipient in page.get_by_role("group", name="Who was told?").get_by_role(
            "checkbox").all():
        recipient.check()
    enter_date(page, "When were they told?", day)
    page.get_by_role("button", name="Save").click()


def business_unit_commissions_the_reviewer(page: Page, base_url, check_page, lcspr) -> None:
    dates = lcspr.dates
    sign_in(page, base_url, "bu@example.org", DEMO_PASSWORD)
    open_review(page, base_url, lcspr.case.reference)
    check_page("lcspr-decided")
    tell_everyone(page, "Record who was told of the decision", dates.told)
    saved(page, "record who was told of the decision")
    take_step(page, "Start commissioning the reviewer")
    choose(page, "Which reviewer is commissioned?", "An independent reviewer (author)")
    choose(page, "How is the reviewer commissioned?",
           "The regionally agreed process, for example through the North East Procurement "
           "Organisation (NEPO)")
    enter_date(page, "When did commissioning start?", dates.commissioning)
    page.get_by_role("button", name="Save").click()
    take_step(page, "Assess a reviewer")
    page.get_by_role("group", name="Which reviewer is assessed?").get_by_role(
        "radio").first.check()
    enter_date(page, "When were they assessed?", dates.assessed)
    for question in ("Does the reviewer have professional knowledge",
                     "Does the reviewer have knowledge and understanding of research",
                     "Can the reviewer recognise the complex circumstances",
                     "Can the reviewer communicate findings effectively?"):
        page.get_by_role("group", name=question).get_by_label("Yes", exact=True).check()
    page.get_by_label("What evidence was considered?").fill(
        "Author of three published LCSPRs; references from two partnerships.")
    choose(page, "Has the reviewer declared any real or perceived conflict of interest?",
           "No conflict of interest declared")
    check_page("lcspr-assess-reviewer")
    page.get_by_role("button", name="Save the assessment").click()
    take_step(page, "Commission the reviewer")
    page.get_by_role("group", name="Which reviewer is commissioned?").get_by_role(
        "radio").first.check()
    enter_date(page, "When was the reviewer commissioned?", dates.commissioned)
    page.get_by_role("button", name="Commission the reviewer").click()
    tell_everyone(page, "Record who was told of the reviewer", dates.reviewer_told)
    expect(page.get_by_test_id("lcspr-status")).to_have_text("In progress")
    expect(page.get_by_test_id("reviewer")).to_contain_text("Commissioned")
    check_page("lcspr-reviewer-commissioned")
    sign_out(page)


def terms_agreed(lcspr) -> None:
    """The governance group, the terms of reference and the timetable, agreed."""
    from reviews.lcspr import services
    from reviews.models import Lcspr
    from tests.reviews.lcspr import terms_journey

    def fresh():
        return Lcspr.objects.select_related("case").get(pk=lcspr.pk)

    p, dates = people(), lcspr.dates
    services.record_governance_group(lcspr=fresh(), actor=p.business_unit,
                                     members=[terms_journey.member(p, user=p.partner)])
    services.set_terms_of_reference(lcspr=fresh(), actor=p.business_unit, **{
        **terms_journey.TERMS, "period_from": dates.received - datetime.timedelta(days=200),
        "period_to": dates.received})
    services.record_timetable(lcspr=fresh(), actor=p.business_unit, milestones=[
        terms_journey.milestone("Practitioners' learning event", dates.progress)])
    services.agree_terms_of_reference(lcspr=fresh(), actor=p.business_unit,
                                      agreed_on=dates.terms_agreed,
                                      agreed_by="The governance group, with the reviewer")


def upload(page: Page, text: str, name: str, day: datetime.date) -> None:
    from tests.reviews.lcspr.journey import pdf_report

    take_step(page, "Upload a version of the report")
    page.get_by_label("Upload the report").set_input_files(files=[{
        "name": name, "mimeType": "application/pdf", "buffer": pdf_report(text).read()}])
    enter_date(page, "When was this version received?", day)
    page.get_by_role("button", name="Upload the version").click()
    saved(page, "upload a version of the report")


def reviewer_reports_and_uploads(page: Page, base_url, check_page, lcspr) -> None:
    dates = lcspr.dates
    sign_in(page, base_url, "reviewer@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name=f"LCSPR {lcspr.case.reference}").click()
    take_step(page, "Record a progress report")
    enter_date(page, "When was the progress reported?", dates.progress)
    page.get_by_label("What progress has the review made?").fill(
        "Chronologies received from every agency; the learning event is arranged.")
    page.get_by_role("button").filter(has_text="Save").click()
    saved(page, "record a progress report")
    upload(page, f"Learning from the review\n{lcspr.child_name} was seen by the health "
                 "visitor twice.", "draft-1.pdf", dates.first_draft)
    versions = page.get_by_test_id("report-versions")
    expect(versions).to_contain_text("to clear")  # the child's name, found
    check_page("lcspr-reviewer-first-draft")
    upload(page, "Learning from the review of Child Q\nThe baby was seen by the health "
                 "visitor twice.", "draft-2.pdf", dates.clean_draft)
    expect(versions.get_by_role("row").last).to_contain_text("Cleared")
    sign_out(page)


def sign_off(page: Page, day: datetime.date) -> None:
    take_step(page, "Sign off the final report")
    enter_date(page, "When did you sign off the final report?", day)
    page.get_by_role("button", name="Sign off the final report").click()
    saved(page, "sign off the final report")


def partner_comments_and_signs(page: Page, base_url, check_page, lcspr) -> None:
    sign_in(page, base_url, "partner@example.org", DEMO_PASSWORD)
    open_review(page, base_url, lcspr.case.reference)
    take_step(page, "Record a comment on the report")
    choose(page, "Whose comment is it?", "The governance group")
    page.get_by_label("The comment").fill("Say more about the health visitor's visits.")
    enter_date(page, "When was the comment made?", lcspr.dates.signed)
    page.get_by_role("button", name="Save the comment").click()
    sign_off(page, lcspr.dates.signed)
    check_page("lcspr-partner-signed")
    sign_out(page)


def the_other_partners_sign(lcspr) -> None:
    from reviews.lcspr.reports import services as reports
    from reviews.lcspr.reports.workflow import current_version
    from reviews.models import Lcspr

    p = people()
    for partner in (p.police_partner, p.icb_partner):
        fresh = Lcspr.objects.select_related("case").get(pk=lcspr.pk)
        reports.sign_off_report(lcspr=fresh, actor=partner, signed_on=lcspr.dates.signed,
                                version_number=current_version(fresh).number)


def scrutineer_signs(page: Page, base_url, check_page, lcspr) -> None:
    sign_in(page, base_url, "scrutineer@example.org", DEMO_PASSWORD)
    open_review(page, base_url, lcspr.case.reference)
    sign_off(page, lcspr.dates.signed)
    expect(page.get_by_test_id("report-sign-offs")).not_to_contain_text("Not yet signed off")
    check_page("lcspr-scrutineer-signed")
    sign_out(page)


def business_unit_publishes(page: Page, base_url, check_page, lcspr) -> None:
    dates = lcspr.dates
    sign_in(page, base_url, "bu@example.org", DEMO_PASSWORD)
    open_review(page, base_url, lcspr.case.reference)
    take_step(page, "Record the sign-off of the final report")
    enter_date(page, "When did the three safeguarding partners and the independent scrutineer "
                     "sign off the final report?", dates.signed)
    page.get_by_role("button").filter(has_text="Save").click()
    saved(page, "record the sign-off of the final report")
    take_step(page, "Record the decision on publication")
    choose(page, "What did the partners decide?", "Publish the report in full")
    enter_date(page, "When did they decide?", dates.publication_decided)
    enter_date(page, "When is it planned to be published?", dates.published)
    page.get_by_role("button").filter(has_text="Save").click()
    take_step(page, "Record that the final report was sent")
    enter_date(page, "When was the final report sent to the National Panel, the Secretary of "
                     "State and Ofsted?", dates.sent)
    page.get_by_role("button").filter(has_text="Save").click()
    take_step(page, "Record the publication")
    enter_date(page, "When was the report published?", dates.published)
    page.get_by_label("Its web address").fill("https://www.example.org/scp/child-q")
    check_page("lcspr-publication")
    page.get_by_role("button").filter(has_text="Save").click()
    expect(page.get_by_test_id("lcspr-status")).to_have_text("Published")
    clocks = page.get_by_test_id("lcspr-clocks")
    for clock in ("Local review published", "Final report sent to the Panel"):
        expect(clocks.get_by_role("row").filter(has_text=clock)).to_contain_text("Met")
    check_page("lcspr-published")


@needs_pdftotext
def test_an_lcspr_from_the_decision_to_publication(page: Page, live_server, check_page,
                                                    decided_lcspr, tmp_path):
    lcspr = decided_lcspr
    base_url = live_server.url
    business_unit_commissions_the_reviewer(page, base_url, check_page, lcspr)
    terms_agreed(lcspr)
    reviewer_reports_and_uploads(page, base_url, check_page, lcspr)
    partner_comments_and_signs(page, base_url, check_page, lcspr)
    the_other_partners_sign(lcspr)
    scrutineer_signs(page, base_url, check_page, lcspr)
    business_unit_publishes(page, base_url, check_page, lcspr)
    # What the page offers to print and download, read back.
    downloads = page.get_by_test_id("downloads")

    def fetched(name: str) -> bytes:
        link = downloads.get_by_role("link", name=name, exact=True)
        return page.request.get(base_url + link.get_attribute("href")).body()

    text = pdf_text(fetched("Status summary for the partners (PDF)"), tmp_path)
    assert lcspr.case.reference in text and "Published" in text
    (tmp_path / "terms.docx").write_bytes(fetched("Terms of reference (Word)"))
    words = docx_text(tmp_path / "terms.docx")
    assert "terms of reference" in words and lcspr.case.reference in words
    downloads.get_by_role("link", name="Report template for the reviewer (Word)").click()
    page.get_by_label("What should the report call the child?").fill("Child Q")
    choose(page, "Put the case reference on the title page?", "No")
    check_page("lcspr-report-template")
    with page.expect_download() as template:
        page.get_by_role("button", name="Download the report template").click()
    words = docx_text(template.value.path())
    assert "Child Q" in words and lcspr.child_name not in words
    text = pdf_text(page.request.get(f"{base_url}/lcsprs/{lcspr.pk}/terms-of-reference.pdf")
                    .body(), tmp_path)
    assert "terms of reference" in text and lcspr.case.reference in text
    assert lcspr.child_name not in text


def docx_text(path) -> str:
    import docx

    return "\n".join(paragraph.text for paragraph in docx.Document(path).paragraphs)
