"""Who sees what (issue 13, item 12; DESIGN.md: "a reviewer sees only their own review"):
the reviewer commissioned on an LCSPR reads it, and the case pages it needs (the case, its
rapid review, the agencies' returns, its documents), read-only, and nothing once their
commission ends; another reviewer sees nothing of it; an agency contributor sees nothing of
it. Every LCSPR address is tried for each of them."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from cases import services as case_services
from reviews.lcspr import services
from reviews.lcspr.views import STEPS
from reviews.models import InformationReturn
from safeguarding.models import Role
from tests.factories import UserFactory, pdf_upload

from . import journey

pytestmark = pytest.mark.django_db
D = datetime.date
CAN_READ, REFUSED = (200,), (403, 404)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def lcspr_urls(lcspr) -> list[str]:
    """Every LCSPR address: its page, each step's page, and the page that opens one."""
    return [lcspr.get_absolute_url(),
            *(reverse("lcspr:step", args=[lcspr.pk, slug]) for slug in STEPS),
            reverse("lcspr:open", args=[lcspr.case.reference])]


def case_urls(lcspr) -> list[str]:
    """The case pages the reviewer needs: the case, its rapid review and panel pack, an
    agency's return, the documents."""
    case = lcspr.case
    review = case.rapid_review
    information_return = InformationReturn.objects.filter(review=review).first()
    document = case.documents.first()
    return [case.get_absolute_url(), review.get_absolute_url(),
            reverse("reviews:panel-pack", args=[review.pk]),
            information_return.get_absolute_url(),
            reverse("cases:documents", args=[case.reference]), document.get_absolute_url()]


def statuses(user, urls) -> dict[str, int]:
    client = client_for(user)
    return {url: client.get(url).status_code for url in urls}


@pytest.fixture
def world(p, in_progress, reviewer):
    """The reviewer commissioned on one LCSPR; another LCSPR of another case, with a second
    reviewer commissioned on it; a document kept with each case."""
    second = journey.reviewer("Dr Chidi Obi")
    other = journey.commissioned(p, journey.concluded(p), second, D(2026, 11, 2))
    for lcspr in (in_progress, other):
        case_services.add_document(case=lcspr.case, actor=p.business_unit,
                                   kind="agency_report", title="Police summary",
                                   upload=pdf_upload())
    return in_progress, other, second


def test_the_reviewer_reads_their_review_and_makes_no_step(world, reviewer):
    """DESIGN.md: the reviewer reads the case pack of the review they are commissioned on.
    The steps are the business unit's: the reviewer is refused each of them."""
    lcspr, _other, _second = world
    seen = statuses(reviewer, lcspr_urls(lcspr))
    assert seen.pop(lcspr.get_absolute_url()) == 200
    # 004 section 8.6: the reviewer records their own progress reports.
    assert seen.pop(reverse("lcspr:step", args=[lcspr.pk, "progress-report"])) == 200
    # 004 section 16.1: the reviewer uploads the drafts of the report.
    assert seen.pop(reverse("lcspr:step", args=[lcspr.pk, "draft"])) == 200
    assert set(seen.values()) <= set(REFUSED), seen


def test_the_reviewer_reads_the_case_pages_of_their_review_read_only(world, reviewer):
    """DESIGN.md: the reviewer reads the case pack of their review: the case, its rapid
    review (001: its key lines of enquiry) and panel pack, the agencies' returns (002
    section 7) and the documents; read-only."""
    lcspr, _other, _second = world
    assert set(statuses(reviewer, case_urls(lcspr)).values()) == {200}
    page = client_for(reviewer).get(lcspr.case.get_absolute_url()).content.decode()
    assert "Withdraw the case" not in page and "Add a document" not in page
    # Nothing to change: no step of the case, the rapid review or a return is theirs.
    review_page = client_for(reviewer).get(lcspr.case.rapid_review.get_absolute_url())
    assert "What you can do now" not in review_page.content.decode()


def test_another_reviewer_sees_nothing_of_it(world, reviewer):
    """DESIGN.md (a reviewer sees only their own review): a second reviewer, commissioned
    on another review, sees nothing of this one, nor of its case; the reviewer of this one
    nothing of the other."""
    lcspr, other, second = world
    assert set(statuses(second, lcspr_urls(lcspr) + case_urls(lcspr)).values()) <= set(
        REFUSED)
    assert set(statuses(reviewer, lcspr_urls(other) + case_urls(other)).values()) <= set(
        REFUSED)
    assert client_for(second).get(other.get_absolute_url()).status_code == 200


def test_a_contributor_sees_nothing_of_it(world):
    """DESIGN.md: an agency contributor sees only the requests addressed to their agency:
    nothing of the LCSPR, nor of its case."""
    lcspr, _other, _second = world
    contributor = UserFactory(role=Role.AGENCY_CONTRIBUTOR)
    assert set(statuses(contributor, lcspr_urls(lcspr)).values()) <= set(REFUSED)
    assert client_for(contributor).get(lcspr.case.get_absolute_url()).status_code in REFUSED


def test_nothing_once_the_commission_ends(p, world, reviewer):
    """004 section 8.6: when the partners end the commission, from then the reviewer sees
    nothing of the review or its case."""
    lcspr, _other, _second = world
    services.end_commission(lcspr=lcspr, actor=p.business_unit, ended_on=D(2026, 11, 10),
                            reason="The reviewer stepped down")
    assert set(statuses(reviewer, lcspr_urls(lcspr) + case_urls(lcspr)).values()) <= set(
        REFUSED)
    home = client_for(reviewer).get("/").content.decode()
    assert "You are not commissioned on any review." in home


def test_a_closed_review_shows_its_reviewer_nothing(p, world):
    """004 section 16: once the review ends (here withdrawn), its reviewer's commission
    ends with it, and they see nothing of it."""
    _lcspr, other, second = world
    bu = p.business_unit
    services.withdraw_lcspr(lcspr=other, actor=bu, reason="A national review instead")
    assert set(statuses(second, [other.get_absolute_url(),
                                 other.case.get_absolute_url()]).values()) <= set(REFUSED)


def test_the_reviewers_home_page_lists_their_review_only(world, reviewer):
    """DESIGN.md: the reviewer's home page lists the reviews they are commissioned on, and
    no other."""
    lcspr, other, _second = world
    home = client_for(reviewer).get("/").content.decode()
    assert f"LCSPR {lcspr.case.reference}" in home and lcspr.get_absolute_url() in home
    assert f"LCSPR {other.case.reference}" not in home


@pytest.mark.parametrize("role", [Role.BUSINESS_UNIT, Role.SAFEGUARDING_PARTNER,
                                  Role.SCRUTINEER])
def test_the_business_unit_partners_and_scrutineer_read_every_lcspr(world, role):
    """004 sections 8.6 and 14.5: the partners supervise every review and the independent
    scrutineer reads it; the business unit runs them."""
    lcspr, other, _second = world
    person = UserFactory(role=role)
    assert set(statuses(person, [lcspr.get_absolute_url(),
                                 other.get_absolute_url()]).values()) == {200}


def test_only_the_business_unit_opens_the_step_pages(p, world):
    """004 section 8.6: the partners supervise the review and the business unit records its
    steps: the step pages open now are the business unit's; the partners are refused them."""
    lcspr, _other, _second = world
    open_now = [reverse("lcspr:step", args=[lcspr.pk, slug])
                for slug in ("tell-decision", "tell-reviewer", "draft", "end-commission",
                             "withdraw", "merge", "correct-date")]
    assert set(statuses(p.business_unit, open_now).values()) == {200}
    assert set(statuses(p.partner, open_now).values()) <= set(REFUSED)
