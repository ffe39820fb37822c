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

from locust import HttpUser, between, events

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


# The pages people read, each a task: locust calls it with the person.
def home(person: Person) -> None:
    """Each role's home page has its own work lists, so each is named apart."""
    person.visit("/", f"/ ({type(person).__name__})")


def case_list(person: Person) -> None:
    person.visit("/cases/")


def case_list_page(person: Person) -> None:
    page = random.randint(2, TARGETS["case_list_pages"])  # noqa: S311
    person.visit(f"/cases/?page={page}", "/cases/?page=[n]")


def case_page(person: Person) -> None:
    reference = random.choice(TARGETS["references"])  # noqa: S311
    person.visit(f"/cases/{reference}/", "/cases/[reference]/")


def dashboard(person: Person) -> None:
    person.visit("/deadlines/")


def notices(person: Person) -> None:
    person.visit("/deadlines/notices/")


def referrals(person: Person) -> None:
    person.visit("/referrals/")


def _check(response) -> None:
    if response.status_code >= 400:
        response.failure(f"HTTP {response.status_code}")
    elif urlparse(response.url).path == "/sign-in/":
        response.failure("sent back to the sign-in page")
    else:
        response.success()


# Each role: how many of the 50 people it is (weight), and how often it reads each page.
class BusinessUnit(Person):
    weight, email = 4, "bu@example.org"
    tasks = {home: 3, case_list: 2, case_list_page: 2, case_page: 4, dashboard: 2, notices: 1}


class Manager(Person):
    weight, email = 2, "manager@example.org"
    tasks = {home: 2, case_list: 1, case_page: 2, dashboard: 2, notices: 1}


class Partner(Person):
    weight, email = 2, "partner@example.org"
    tasks = {home: 2, case_list: 1, case_page: 2, notices: 1}


class AgencyContributor(Person):
    weight, email = 1, "school@example.org"
    tasks = {home: 3, referrals: 2, notices: 1}


class PanelChair(Person):
    weight, email = 1, "chair@example.org"
    tasks = {home: 3, notices: 1}
