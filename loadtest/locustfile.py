"""The people of `make loadtest`: each signs in once as a demo user of one role, then reads
the pages that role uses, with one to three seconds between pages. Any response of 400 or
more, and any page that sends the user back to sign in, counts as a failure.

Reads the case references and the demo password from the JSON file named by LOADTEST_TARGETS
(written by loadtest/run.py), and writes every request (page, start, milliseconds, failed) to
the JSON file named by LOADTEST_REQUESTS when the test stops, for run.py's figures.
"""

import json
import os
import random
import re
from pathlib import Path
from urllib.parse import urlparse

from locust import HttpUser, between, events, task

TARGETS = json.loads(Path(os.environ["LOADTEST_TARGETS"]).read_text(encoding="utf-8"))
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REQUESTS: list[tuple[str, float, float, bool]] = []


@events.request.add_listener
def _record(name: str, start_time: float, response_time: float, exception, **_kwargs) -> None:
    REQUESTS.append((name, start_time, response_time, exception is not None))


@events.test_stop.add_listener
def _write(**_kwargs) -> None:
    Path(os.environ["LOADTEST_REQUESTS"]).write_text(json.dumps(REQUESTS), encoding="utf-8")


class Person(HttpUser):
    abstract = True
    email = ""
    wait_time = between(1, 3)

    def on_start(self) -> None:
        form = self.client.get("/sign-in/", name="/sign-in/ (form)")
        token = TOKEN.search(form.text)
        data = {"username": self.email, "password": TARGETS["password"],
                "csrfmiddlewaretoken": token.group(1) if token else ""}
        with self.client.post("/sign-in/", data=data, name="/sign-in/ (post)",
                              catch_response=True) as response:
            _check(response)

    def visit(self, path: str, name: str | None = None) -> None:
        with self.client.get(path, name=name or path, catch_response=True) as response:
            _check(response)

    def home(self) -> None:
        """Each role's home page has its own work lists, so each is named apart."""
        self.visit("/", f"/ ({type(self).__name__})")

    def case_list_page(self) -> None:
        page = random.randint(2, TARGETS["case_list_pages"])  # noqa: S311
        self.visit(f"/cases/?page={page}", "/cases/?page=[n]")

    def case_page(self) -> None:
        reference = random.choice(TARGETS["references"])  # noqa: S311
        self.visit(f"/cases/{reference}/", "/cases/[reference]/")


def _check(response) -> None:
    if response.status_code >= 400:
        response.failure(f"HTTP {response.status_code}")
    elif urlparse(response.url).path == "/sign-in/":
        response.failure("sent back to the sign-in page")
    else:
        response.success()


class BusinessUnit(Person):
    weight = 4
    email = "bu@example.org"

    @task(3)
    def home_page(self) -> None:
        self.home()

    @task(2)
    def cases(self) -> None:
        self.visit("/cases/")

    @task(2)
    def cases_page(self) -> None:
        self.case_list_page()

    @task(4)
    def case(self) -> None:
        self.case_page()

    @task(2)
    def dashboard(self) -> None:
        self.visit("/deadlines/")

    @task(1)
    def notices(self) -> None:
        self.visit("/deadlines/notices/")


class Manager(Person):
    weight = 2
    email = "manager@example.org"

    @task(2)
    def home_page(self) -> None:
        self.home()

    @task(1)
    def cases(self) -> None:
        self.visit("/cases/")

    @task(2)
    def case(self) -> None:
        self.case_page()

    @task(2)
    def dashboard(self) -> None:
        self.visit("/deadlines/")

    @task(1)
    def notices(self) -> None:
        self.visit("/deadlines/notices/")


class Partner(Person):
    weight = 2
    email = "partner@example.org"

    @task(2)
    def home_page(self) -> None:
        self.home()

    @task(1)
    def cases(self) -> None:
        self.visit("/cases/")

    @task(2)
    def case(self) -> None:
        self.case_page()

    @task(1)
    def notices(self) -> None:
        self.visit("/deadlines/notices/")


class AgencyContributor(Person):
    weight = 1
    email = "school@example.org"

    @task(3)
    def home_page(self) -> None:
        self.home()

    @task(2)
    def referrals(self) -> None:
        self.visit("/referrals/")

    @task(1)
    def notices(self) -> None:
        self.visit("/deadlines/notices/")


class PanelChair(Person):
    weight = 1
    email = "chair@example.org"

    @task(3)
    def home_page(self) -> None:
        self.home()

    @task(1)
    def notices(self) -> None:
        self.visit("/deadlines/notices/")
