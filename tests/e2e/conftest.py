"""Browser tests: Playwright's Python package driving Debian's headless Chromium.

No browser is downloaded. Where Chromium is missing the browser tests are skipped with a
message; CI sets REQUIRE_BROWSER_TESTS=1, which turns any skipped browser test into a failure.
"""

import datetime
import os
from pathlib import Path

import pytest

# The sync Playwright API runs an event loop in the test's thread; the ORM must still work.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
REQUIRED = os.environ.get("REQUIRE_BROWSER_TESTS") == "1"
E2E_DIR = Path(__file__).parent
AXE_SOURCE = (E2E_DIR / "vendor" / "axe.min.js").read_text()
SCREENSHOTS = E2E_DIR.parent / "screenshots"
SKIP_REASON = (
    f"Chromium not found at {CHROMIUM}: browser tests skipped. "
    "Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH."
)
_skipped_browser_tests: list[str] = []


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
    if not os.path.exists(CHROMIUM):
        for item in items:
            if item.get_closest_marker("browser"):
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


def pytest_runtest_logreport(report):
    if report.skipped and "/e2e/" in report.nodeid.replace("\\", "/"):
        _skipped_browser_tests.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if REQUIRED and _skipped_browser_tests:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if _skipped_browser_tests:
        terminalreporter.write_line(
            f"{len(_skipped_browser_tests)} browser tests skipped: {SKIP_REASON}",
            red=REQUIRED, yellow=not REQUIRED,
        )
        if REQUIRED:
            terminalreporter.write_line("REQUIRE_BROWSER_TESTS=1: skipped browser tests fail.")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def demo_partnership(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def check_page(page):
    """Scan the page with axe-core (WCAG 2.2 AA rules), save a screenshot, and fail on any
    serious or critical violation."""

    def check(name: str) -> None:
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
        page.evaluate(AXE_SOURCE)
        results = page.evaluate(
            """() => axe.run(document, {runOnly: {type: 'tag', values:
                 ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
        )
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not serious, f"accessibility violations on {name}:\n" + "\n".join(serious)

    return check


@pytest.fixture
def notified_case(demo_partnership):
    """A notified case, made through the services: the referral journey tests that part."""
    from cases import services
    from cases.models import Case, Notification
    from safeguarding.models import User
    from tests.factories import submitted_case

    D = datetime.date
    school = User.objects.get(email="school@example.org")
    case = submitted_case(created_by=school, agency=school.agency,
                          child__full_name="Amelia Hart", received_on=D(2026, 11, 2))
    unit = User.objects.get(email="bu@example.org")
    services.inform_partners(case=case, actor=unit, informed_on=D(2026, 11, 2))
    services.record_screening_decision(
        case=case, actor=User.objects.get(email="partner@example.org"),
        decision=Case.ScreeningDecision.NOTIFY, decided_on=D(2026, 11, 3),
        rationale="A baby was seriously harmed and abuse is suspected.")
    services.record_local_authority_awareness(case=case, actor=unit, aware_on=D(2026, 11, 2))
    for recipient in Notification.Recipient.values[:3]:
        services.record_notification(case=case, actor=unit, recipient=recipient,
                                     notified_on=D(2026, 11, 6),
                                     channel=Notification.Channel.ONLINE_SYSTEM,
                                     sent_by="Priya Shah")
    return case.reference
