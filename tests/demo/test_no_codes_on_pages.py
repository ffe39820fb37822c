"""No internal code or bare id reaches a page: signed in as each demo person, visit every page
the demo's links reach, and read each page's visible text for snake_case words (a choice's
code, a transition's name), "→ 12" (a foreign key's id in a change) and a Python list's
repr ("['neglect']")."""

import io
import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from cases.models import Case
from reviews.models import InformationReturn, RapidReview
from safeguarding.models import Role, User
from tests.factories import UserFactory
from tests.visible_text import offending, read, wording_problems

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Pages not to fetch: signing out, files (PDFs, documents, calendar feeds) and the admin,
# which has its own tests and shows field names by design.
SKIP = re.compile(r"^/sign-out/|\.pdf$|\.ics$|/documents/\d+/$|^/admin/|/feed/")
MAX_PAGES_PER_PERSON = 250


def test_the_checks_catch_what_they_are_for():
    page = read("<p>Screening decided by: → 2</p><p>['neglect']</p><p>rapid_review</p>"
                "<script>var no_harm = 1;</script><a href='/x/' class='govuk_link'>Link</a>")
    assert set(offending(page.text)) == {"rapid_review", "→ 2", "['neglect']"}
    assert page.links == ["/x/"]
    change = read('<li>Decided by: (blank) <span aria-hidden="true">&rarr;</span>'
                  '<span class="govuk-visually-hidden">changed to</span> 2</li>')
    assert set(offending(change.text)) == {"→ 2"}
    assert offending(read("<p>bu@example.org, 3 April 2026, Leo Marsh → Case</p>"
                          "<li>Date: <span>→</span> 25 November 2026</li>").text) == []


def test_the_checks_catch_seed_references_times_with_seconds_and_empty_arrows():
    page = read("<p>Record the decision (000 stage 3).</p><p>Sources: seeds 000-004</p>"
                "<p>Target: 1 working day (004 section 4.5)</p><p>Due 004 §5.3</p>"
                "<p>At 15:30:00</p><p>Referred <span aria-hidden='true'>&rarr;</span>"
                "<span class='govuk-visually-hidden'>, then</span> </p>")
    found = " | ".join(offending(page.text))
    for wording in ("000 stage 3", "seeds 000-004", "004 section 4.5", "§5.3", "15:30:00",
                    "Referred →"):
        assert wording in found, wording
    assert offending(read("<p>Telephone 01632 960 001, at 3:30pm or midday</p>"
                          "<p>Status: Referred → Screening</p>").text) == []


def same_site(href: str, here: str) -> str | None:
    """The path (and query) of a link to this service, or None for a link elsewhere."""
    parts = urlsplit(urldefrag(urljoin(f"http://testserver{here}", href))[0])
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client, starts: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Breadth first from ``starts``: the pages visited and what each showed that it should
    not."""
    queue, seen = deque(starts), set(starts)
    visited, problems = [], {}
    while queue and len(visited) < MAX_PAGES_PER_PERSON:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        visited.append(path)
        page = read(response.content.decode())
        if found := offending(page.text):
            problems[path] = found
        for href in page.links:
            link = same_site(href, path)
            if link and link not in seen and not SKIP.search(link.split("?")[0]):
                seen.add(link)
                queue.append(link)
    return visited, problems


@pytest.fixture
def demo(settings):
    settings.TWO_FACTOR_REQUIRED = False
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo_cases", history=False, stdout=io.StringIO())


def starting_pages() -> list[str]:
    pages = ["/", "/cases/", "/cases/decisions/", "/cases/access-log/", "/referrals/",
             "/deadlines/", "/deadlines/notices/"]
    for case in Case.objects.order_by("pk"):
        url = case.get_absolute_url()
        pages += [url, f"{url}history/", f"{url}documents/"]
    pages += [review.get_absolute_url() for review in RapidReview.objects.order_by("pk")]
    pages += [item.get_absolute_url() for item in InformationReturn.objects.order_by("pk")]
    return pages


def test_no_page_shows_a_code_or_a_bare_id_to_anyone(demo):
    report, coverage = [], {}
    for person in User.objects.order_by("role", "email"):
        client = Client()
        client.force_login(person)
        visited, problems = crawl(client, starting_pages())
        coverage[person.email] = len(visited)
        report += [f"{person.email} {path}: {', '.join(sorted(set(found)))}"
                   for path, found in problems.items()]
    print("Pages visited:", coverage)  # noqa: T201  shown with -s: the crawl's reach
    assert all(coverage.values()), f"someone saw no page at all: {coverage}"
    assert not report, "codes or ids on pages:\n" + "\n".join(report)


def test_nor_do_the_pages_of_a_rapid_review_signed_off_and_sent(signed, business_unit, chair,
                                                                agencies):
    """The demo's rapid review is still gathering information: one further on (the panel
    met, its outcome recorded with an immediate action, signed off by the three partners,
    sent to the National Panel) shows its later pages and changes."""
    from reviews.rapid_review import services

    services.record_submission(review=signed, actor=business_unit,
                               submitted_on=signed.signed_off_on)
    people = [business_unit, chair, *(UserFactory(role=role, agency=agencies["local_authority"])
                                       for role in (Role.SCRUTINEER, Role.MANAGER,
                                                    Role.SAFEGUARDING_PARTNER))]
    case = signed.case
    starts = [case.get_absolute_url(), f"{case.get_absolute_url()}history/",
              "/cases/decisions/", signed.get_absolute_url(),
              *(item.get_absolute_url() for item in signed.returns.all())]
    report, coverage = [], {}
    for person in people:
        client = Client()
        client.force_login(person)
        visited, problems = crawl(client, starts)
        coverage[person.get_role_display()] = len(visited)
        report += [f"{person.get_role_display()} {path}: {', '.join(sorted(set(found)))}"
                   for path, found in problems.items()]
    print("Pages visited:", coverage)  # noqa: T201
    assert all(coverage.values()), f"someone saw no page at all: {coverage}"
    assert not report, "codes or ids on pages:\n" + "\n".join(report)


def test_no_email_names_a_seed_or_shows_a_time_with_seconds(demo, mailoutbox):
    """The emails the demo sent (requests, notifications) and the deadline notices a sweep
    makes: none refers to the source documents by number."""
    from deadlines.models import Notice
    from deadlines.services import notice_email, sweep_deadlines
    from safeguarding.dates import today

    sweep_deadlines(today=today())
    emails = [(message.subject, message.body) for message in mailoutbox]
    emails += [notice_email(notice) for notice in Notice.objects.select_related(
        "deadline__clock", "deadline__case")[:300]]
    assert emails, "no email to read"
    report = [f"{subject}: {', '.join(found)}" for subject, body in emails
              if (found := wording_problems(f"{subject}\n{body}"))]
    assert not report, "seed references in emails:\n" + "\n".join(report)
