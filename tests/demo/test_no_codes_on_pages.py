"""No internal code or bare id reaches a page: signed in as each demo person, visit every page
the demo's links reach, and read each page's visible text for snake_case words (a choice's
code, a transition's name), "→ 12" (a foreign key's id in a change) and a Python list's
repr ("['neglect']")."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from cases.models import Case
from reviews.models import InformationReturn, RapidReview
from safeguarding.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
ARROW_TO_ID = re.compile(r"(?:→|->)\s*\d+\b")
LIST_REPR = re.compile(r"\[\s*['\"][^\]]*\]")
# Words that look like a code but are not one. Keep this short, and say why.
ALLOWED: set[str] = set()

# Pages not to fetch: signing out, files (PDFs, documents, calendar feeds) and the admin,
# which has its own tests and shows field names by design.
SKIP = re.compile(r"^/sign-out/|\.pdf$|\.ics$|/documents/\d+/$|^/admin/|/feed/")
MAX_PAGES_PER_PERSON = 250


class VisibleText(HTMLParser):
    """The text a person reads (or hears: visually hidden text included), without scripts,
    styles or attribute values; and the page's links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data) -> None:
        if not self._hidden:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts))


def read(html: str) -> VisibleText:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser


def offending(text: str) -> list[str]:
    found = [word for word in SNAKE_CASE.findall(text) if word not in ALLOWED]
    found += ARROW_TO_ID.findall(text)
    found += LIST_REPR.findall(text)
    return found


def test_the_checks_catch_what_they_are_for():
    page = read("<p>Screening decided by: → 2</p><p>['neglect']</p><p>rapid_review</p>"
                "<script>var no_harm = 1;</script><a href='/x/' class='govuk_link'>Link</a>")
    assert offending(page.text) == ["rapid_review", "→ 2", "['neglect']"]
    assert page.links == ["/x/"]
    assert offending(read("<p>bu@example.org, 3 April 2026, Leo Marsh → Case</p>").text) == []


def same_site(href: str, here: str) -> str | None:
    url, _fragment = urldefrag(href)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not url:
        return None if parts.netloc not in ("", "testserver") else parts.path + (
            f"?{parts.query}" if parts.query else "")
    if not url.startswith("/"):
        url = here.split("?")[0].rsplit("/", 1)[0] + "/" + url if not url.startswith("?") \
            else here.split("?")[0] + url
    return url


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
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo_cases", stdout=open("/dev/null", "w"))  # noqa: SIM115


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
