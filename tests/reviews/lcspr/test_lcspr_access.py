"""Who sees what (issue 13 item 12): the members of an LCSPR's governance group see their
review (its page, terms of reference, report versions, and they comment on them: 004
sections 9.1 and 14.5), whatever their role, while it runs, and no more of its case than
the reviewer commissioned on it; the reviewer and the governance group see the case page as
a narrow, read-only overview; a member of another review's group, a second reviewer and a
reviewer whose commission ended see nothing."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cases import services as case_services
from cases.models import CaseAccess
from reviews.lcspr import services
from reviews.lcspr.reports import services as reports
from reviews.lcspr.reports.models import ReportComment
from reviews.lcspr.views import STEPS
from reviews.models import InformationReturn
from safeguarding.models import Role
from tests.factories import UserFactory, pdf_upload

from . import journey, terms_journey

pytestmark = pytest.mark.django_db
D = datetime.date
REFUSED = (403, 404)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def statuses(user, urls) -> dict[str, int]:
    client = client_for(user)
    return {url: client.get(url).status_code for url in urls}


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def review_urls(lcspr) -> list[str]:
    """What the governance group reads of its review: the page, the terms of reference and
    their print."""
    return [lcspr.get_absolute_url(), reverse("lcspr:terms", args=[lcspr.pk]),
            reverse("lcspr:terms-pdf", args=[lcspr.pk])]


def step_urls(lcspr) -> list[str]:
    """Every step page but the comment on the report (the governance group's own, below)."""
    return [*(reverse("lcspr:step", args=[lcspr.pk, slug]) for slug in STEPS
              if slug != "report-comment"),
            reverse("lcspr:rows", args=[lcspr.pk, "governance-group"]),
            reverse("lcspr:open", args=[lcspr.case.reference])]


def case_urls(lcspr) -> list[str]:
    """The case pages the reviewer reads: the case, its rapid review and panel pack, an
    agency's return, the documents and one of them."""
    case = lcspr.case
    review = case.rapid_review
    information_return = InformationReturn.objects.filter(review=review).first()
    return [case.get_absolute_url(), review.get_absolute_url(),
            reverse("reviews:panel-pack", args=[review.pk]),
            information_return.get_absolute_url(),
            reverse("cases:documents", args=[case.reference]),
            case.documents.first().get_absolute_url()]


def full_case_urls(lcspr) -> list[str]:
    """What only those who read every case open: the list and search of cases, the change
    history, the notification summary, the decision log and the access log."""
    reference = lcspr.case.reference
    return [reverse("cases:list"), reverse("cases:history", args=[reference]),
            reverse("notification-summary", args=[reference]),
            reverse("cases:decision-log"), reverse("cases:access-log")]


@pytest.fixture
def world(p, in_progress, reviewer):
    """The reviewer commissioned on one LCSPR, whose governance group has a panel member
    with an account (who sits on no panel); another LCSPR, with a second reviewer, whose
    group has an agency contributor; a document kept with each case."""
    second = journey.reviewer("Dr Chidi Obi")
    other = journey.commissioned(p, journey.concluded(p), second, D(2026, 11, 2))
    member = UserFactory(role=Role.PANEL_MEMBER, full_name="Dr Amir Khan")
    outsider = UserFactory(role=Role.AGENCY_CONTRIBUTOR, full_name="Jo Bell")
    for lcspr, person in ((in_progress, member), (other, outsider)):
        services.record_governance_group(lcspr=lcspr, actor=p.business_unit,
                                         members=[terms_journey.member(p, user=person)])
        case_services.add_document(case=lcspr.case, actor=p.business_unit,
                                   kind="agency_report", title="Police summary",
                                   upload=pdf_upload())
    return SimpleNamespace(lcspr=journey.refreshed(in_progress),
                           other=journey.refreshed(other), second=second, member=member,
                           outsider=outsider)


def test_a_governance_member_reads_their_review_whatever_their_role(world):
    """004 section 9.1: the governance group agrees the scope and determines the terms of
    reference: its members read the review, its terms of reference and their print; none of
    the business unit's steps is theirs."""
    assert set(statuses(world.member, review_urls(world.lcspr)).values()) == {200}
    assert set(statuses(world.member, step_urls(world.lcspr)).values()) <= set(REFUSED)
    page = client_for(world.member).get(world.lcspr.get_absolute_url()).content.decode()
    assert 'data-testid="steps"' not in page  # nothing they can do now


def test_a_governance_member_finds_their_review_on_their_home_page(p, world):
    """004 section 9.1: a member of the governance group finds their review on their home
    page, and no other; not once it is withdrawn."""
    home = client_for(world.member).get("/").content.decode()
    assert f"LCSPR {world.lcspr.case.reference}" in home
    assert world.lcspr.get_absolute_url() in home and world.other.get_absolute_url() not in home
    services.withdraw_lcspr(lcspr=world.lcspr, actor=p.business_unit, reason="A national review")
    home = client_for(world.member).get("/").content.decode()
    assert world.lcspr.get_absolute_url() not in home
    assert "You sit on no LCSPR governance group." in home


def test_a_governance_member_reads_the_versions_and_comments_for_the_group(
        p, world, reviewer):
    """004 section 14.5: the governance group comments on the drafts: a member reads each
    version and records the group's comment, kept with the version; they comment for the
    governance group only (the Learning and Development group's is not theirs)."""
    version = journey.draft(p, world.lcspr, D(2026, 11, 16), by=reviewer)
    member = client_for(world.member)
    assert member.get(version.document.get_absolute_url()).status_code == 200
    url = reverse("lcspr:step", args=[world.lcspr.pk, "report-comment"])
    response = member.post(url, {"group": "governance", "text": "Add the GP's contact in May",
                                 **date_fields("commented_on", D(2026, 11, 17))})
    assert response.status_code == 302
    [comment] = ReportComment.objects.filter(version=version)
    assert (comment.group, comment.commented_by) == ("governance", world.member)
    with pytest.raises(ValidationError, match="choose the governance group"):
        reports.comment_on_report(lcspr=journey.refreshed(world.lcspr), actor=world.member,
                                  group="learning", text="Not theirs",
                                  commented_on=D(2026, 11, 18))
    assert ReportComment.objects.filter(version=version).count() == 1
    assert set(statuses(world.outsider, [version.document.get_absolute_url(), url]).values()
               ) <= set(REFUSED)


def test_a_governance_member_sees_no_more_of_the_case_than_the_reviewer(world, reviewer):
    """DESIGN.md (need-to-know): the governance group reads the case pages the reviewer
    reads, and nothing that only those who read every case read."""
    for person in (world.member, reviewer):
        assert set(statuses(person, case_urls(world.lcspr)).values()) == {200}
        assert set(statuses(person, full_case_urls(world.lcspr)).values()) <= set(REFUSED)


def test_a_member_of_another_reviews_group_sees_nothing_of_this_one(world):
    """DESIGN.md: a member of one review's governance group sees that review only: nothing
    of another review, nor of its case."""
    urls = review_urls(world.lcspr) + step_urls(world.lcspr) + case_urls(world.lcspr)
    assert set(statuses(world.outsider, urls).values()) <= set(REFUSED)
    assert set(statuses(world.member, review_urls(world.other) + case_urls(world.other))
               .values()) <= set(REFUSED)
    assert client_for(world.outsider).get(world.other.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("end", ["withdraw", "merge"])
def test_nothing_once_the_review_ends(p, world, end):
    """004 section 16: once the review ends (withdrawn or merged), its governance group
    sees nothing more of it, nor of its case."""
    bu = p.business_unit
    if end == "withdraw":
        services.withdraw_lcspr(lcspr=world.lcspr, actor=bu, reason="A national review")
    else:
        services.merge_lcspr(lcspr=world.lcspr, actor=bu, merged_with="LCSPR SI-2026-0001",
                             reason="A thematic review of both cases")
    urls = review_urls(world.lcspr) + case_urls(world.lcspr)
    assert set(statuses(world.member, urls).values()) <= set(REFUSED)


def test_the_reviewers_case_page_is_a_narrow_overview(p, world, reviewer):
    """DESIGN.md: the reviewer reads the case pack of their review: the case page shows them
    the reference and an overview, the documents, and the way to the rapid review (its pack
    and returns) and to the LCSPR; never the steps, the decisions, the history or the
    referral's answers. The business unit's page shows all of them."""
    case = world.lcspr.case
    child = case.referral.children.first().full_name
    page = client_for(reviewer).get(case.get_absolute_url()).content.decode()
    review = case.rapid_review
    for shown in (case.reference, reverse("cases:documents", args=[case.reference]),
                  review.get_absolute_url(), reverse("reviews:panel-pack", args=[review.pk]),
                  InformationReturn.objects.get(review=review).get_absolute_url(),
                  world.lcspr.get_absolute_url(), reverse("lcspr:terms", args=[world.lcspr.pk]),
                  'data-testid="case-overview"'):
        assert shown in page, shown
    full = client_for(p.business_unit).get(case.get_absolute_url()).content.decode()
    for hidden in (child, 'data-testid="case-tasks"', 'data-testid="timeline"',
                   'data-testid="actions"', 'data-testid="clocks"', "The referral",
                   reverse("cases:history", args=[case.reference])):
        assert hidden not in page, hidden
        assert hidden in full, hidden
    assert CaseAccess.objects.filter(case=case, user=reviewer, what="case overview").exists()


def test_the_governance_members_case_page_is_the_same_overview(world):
    """DESIGN.md (need-to-know): a governance group member without a role that reads every
    case sees the same overview as the reviewer."""
    case = world.lcspr.case
    page = client_for(world.member).get(case.get_absolute_url()).content.decode()
    assert 'data-testid="case-overview"' in page and world.lcspr.get_absolute_url() in page
    assert 'data-testid="timeline"' not in page
    assert case.referral.children.first().full_name not in page


def test_the_reviewer_finds_no_other_case(world, reviewer):
    """DESIGN.md: a reviewer sees only their own review: no list or search of cases (nor its
    link), no other case."""
    client = client_for(reviewer)
    assert client.get(reverse("cases:list")).status_code == 403
    assert client.post(reverse("cases:list"), {"q": "SI"}).status_code == 403
    home = client.get("/").content.decode()
    assert reverse("cases:list") not in home
    assert client.get(world.other.case.get_absolute_url()).status_code in REFUSED


def test_a_second_reviewer_and_an_ended_commission_see_nothing(p, world, reviewer):
    """DESIGN.md and 004 section 8.6: the second reviewer, commissioned on another review,
    sees nothing of this one; the reviewer whose commission the partners end sees nothing
    from then, the case's overview included."""
    urls = review_urls(world.lcspr) + case_urls(world.lcspr)
    assert set(statuses(world.second, urls).values()) <= set(REFUSED)
    assert set(statuses(reviewer, urls).values()) == {200}
    services.end_commission(lcspr=world.lcspr, actor=p.business_unit,
                            ended_on=D(2026, 11, 20), reason="The reviewer stepped down")
    assert set(statuses(reviewer, urls).values()) <= set(REFUSED)
    # The governance group still reads the review: its members are not the reviewer.
    assert set(statuses(world.member, urls).values()) == {200}
