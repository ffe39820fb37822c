"""Reflow (WCAG 2.2 1.4.10, issue 16): at 320 CSS pixels wide no page of the service scrolls
sideways. The demo is loaded once; then each demo account signs in and crawls the pages it can
reach by following links from its home page, each kind of page (its URL name) once per role,
at a 320 by 800 viewport. Every page whose document is wider than the window is collected, with
the elements that stick out, and the test fails at the end with the whole list. Data tables may
scroll inside their own container: only the page itself must not.

Each kind of page is also scanned with axe once and photographed once, in
tests/screenshots/reflow/<url name>.png."""

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from demo.management.commands.load_demo import DEMO_PASSWORD, DEMO_USERS
from tests.e2e.conftest import AXE_SOURCE, SCREENSHOTS
from tests.e2e.pages import sign_in

VIEWPORT = {"width": 320, "height": 800}
PAGES_PER_ACCOUNT = 40
SKIPPED_PREFIXES = ("/admin/", "/sign-out/", "/health/", "/static/", "/two-factor/")
DOWNLOADS = (".pdf", ".csv", ".xlsx", ".docx", ".ics", ".odt", ".ods", ".zip", ".json")
PUBLIC_PAGES = ("/sign-in/", "/refer/")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# The widest elements that stick out of the window, outermost first, leaving out those
# inside a container that scrolls by itself (a wide table in its scrolling wrapper).
OVERFLOWING = """() => {
  const limit = document.documentElement.clientWidth + 1;
  const scrollsInside = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x === 'auto' || x === 'scroll' || x === 'hidden' || x === 'clip') return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].slice(0, 2).map((c) => '.' + c).join('');
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const right = el.getBoundingClientRect().right + window.scrollX;
    if (right > limit && !scrollsInside(el) && !out.some((o) => o.el.contains(el))) {
      out.push({el, text: name(el) + ' ' + Math.round(right) + 'px'});
    }
  }
  return out.slice(0, 4).map((o) => o.text);
}"""
AXE_RUN = """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                           resultTypes: ['violations']})"""


@dataclass
class Crawl:
    base_url: str
    seen: set[tuple[str, str]] = field(default_factory=set)
    scanned: set[str] = field(default_factory=set)
    too_wide: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)
    loaded: int = 0

    def visit(self, page: Page, who: str, start: Iterable[str]) -> None:
        """Follow links from the ``start`` pages as ``who``, each URL name once a role (but
        every start page, where another person of the role may see other links), up to a
        bound."""
        starts = list(start)
        queue, done, loaded = list(starts), set(), 0
        while queue and loaded < PAGES_PER_ACCOUNT:
            url = queue.pop(0)
            key = (who, url_name(url))
            if url in done or (key in self.seen and url not in starts):
                continue
            done.add(url)
            self.seen.add(key)
            if not self.load(page, url):
                continue
            loaded += 1
            self.check(page, who, key[1])
            queue.extend(self.links(page))
        self.loaded += loaded

    def load(self, page: Page, url: str) -> bool:
        try:
            response = page.goto(url, wait_until="domcontentloaded")
        except PlaywrightError as error:  # a download that the URL did not give away
            if "Download is starting" in str(error):
                return False
            raise
        if response is None or response.status >= 500:
            self.broken.append(f"{url}: {response and response.status}")
            return False
        return response.status == 200 and "text/html" in response.headers.get(
            "content-type", "")

    def check(self, page: Page, who: str, name: str) -> None:
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if widths[0] > widths[1] + 1:
            self.too_wide.append(f"{page.url} as {who}: {widths[0]}px wide in {widths[1]}px; "
                                 + ", ".join(page.evaluate(OVERFLOWING)))
        if name not in self.scanned:
            self.scanned.add(name)
            self.scan(page, name)

    def scan(self, page: Page, name: str) -> None:
        folder = SCREENSHOTS / "reflow"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / f"{name.replace(':', '-')}.png", full_page=True)
        page.evaluate(AXE_SOURCE)
        results = page.evaluate(AXE_RUN, AXE_TAGS)
        self.axe.extend(
            f"{page.url}: {v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
            for v in results["violations"] if v["impact"] in ("serious", "critical"))

    def links(self, page: Page) -> list[str]:
        hrefs = page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.href)")
        return [url for url in (urldefrag(urljoin(page.url, href))[0] for href in hrefs)
                if self.followable(url)]

    def followable(self, url: str) -> bool:
        parts = urlsplit(url)
        return (url.startswith(self.base_url) and not parts.path.startswith(SKIPPED_PREFIXES)
                and not parts.path.lower().endswith(DOWNLOADS)
                and "format=" not in parts.query)


def url_name(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).view_name or "unnamed"
    except Resolver404:
        return "not-found"


def crawl_the_demo(page: Page, base_url: str) -> Crawl:
    crawl = Crawl(base_url)
    page.set_viewport_size(VIEWPORT)
    crawl.visit(page, "nobody", [base_url + path for path in PUBLIC_PAGES])
    for email, _name, _title, _agency, role in DEMO_USERS:
        page.context.clear_cookies()
        sign_in(page, base_url, email, DEMO_PASSWORD)
        page.wait_for_url(f"{base_url}/")
        crawl.visit(page, str(role), [page.url])
    return crawl


def test_no_page_scrolls_sideways_at_320_pixels(page: Page, live_server, demo_partnership,
                                                 settings):
    from django.core.management import call_command

    settings.TWO_FACTOR_REQUIRED = False
    call_command("load_demo_cases", history=False, stdout=open(os.devnull, "w"))  # noqa: SIM115
    crawl = crawl_the_demo(page, live_server.url)
    assert crawl.loaded > 100 and len(crawl.scanned) > 40, (crawl.loaded, crawl.scanned)
    assert not crawl.broken, "pages that failed:\n" + "\n".join(crawl.broken)
    assert not crawl.too_wide, (
        f"{len(crawl.too_wide)} of {crawl.loaded} pages scroll sideways at 320px:\n"
        + "\n".join(crawl.too_wide))
    assert not crawl.axe, "accessibility violations:\n" + "\n".join(crawl.axe)


# Between 641 and 900 pixels wide (a tablet, a narrow window) tables are not shown as blocks by
# the narrow-screen style; a wide one that does not fit is (static/js/tables.mjs). A sample of
# the widest table pages, as the business unit, who sees every case.
WIDER_VIEWPORTS = (641, 768, 900)


def widest_table_pages() -> list[str]:
    from reviews.action_plans.models import ActionPlan
    from reviews.rapid_review.models import InformationReturn

    plan = ActionPlan.objects.order_by("pk").first()
    with_chronology = (InformationReturn.objects.filter(chronology__isnull=False)
                       .order_by("pk").first())
    assert plan is not None and with_chronology is not None, "the demo has neither"
    return ["/cases/", "/deadlines/", "/oversight/timeliness/", "/action-plans/",
            "/action-plans/log/", f"/action-plans/{plan.pk}/",
            f"/rapid-reviews/returns/{with_chronology.pk}/"]


def test_wide_tables_do_not_scroll_the_page_at_641_to_900_pixels(page: Page, live_server,
                                                                  demo_partnership, settings):
    from django.core.management import call_command

    settings.TWO_FACTOR_REQUIRED = False
    call_command("load_demo_cases", history=False, stdout=open(os.devnull, "w"))  # noqa: SIM115
    base_url = live_server.url
    sign_in(page, base_url, "bu@example.org", DEMO_PASSWORD)
    page.wait_for_url(f"{base_url}/")
    folder = SCREENSHOTS / "reflow"
    folder.mkdir(parents=True, exist_ok=True)
    too_wide, tables = [], 0
    for width in WIDER_VIEWPORTS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in widest_table_pages():
            response = page.goto(base_url + path, wait_until="load")
            assert response is not None and response.status == 200, path
            tables += page.locator("table").count()
            widths = page.evaluate("() => [document.documentElement.scrollWidth, "
                                   "document.documentElement.clientWidth]")
            if widths[0] > widths[1] + 1:
                too_wide.append(f"{path} at {width}px: {widths[0]}px wide; "
                                + ", ".join(page.evaluate(OVERFLOWING)))
            if width == 768:
                name = url_name(base_url + path).replace(":", "-")
                page.screenshot(path=folder / f"{name}-768.png", full_page=True)
    assert tables > 10, "the sample should hold tables"
    assert not too_wide, "pages that scroll sideways:\n" + "\n".join(too_wide)
