"""Hostile posts to a form page, for tests/test_hostile_input.py.

The page is fetched as its user would see it and its form's field names read from the HTML
(so a field added later is attacked too); hypothesis then posts random and hostile values to
them: very long strings, unicode, markup and script, SQL-like text, impossible dates, missing
fields, lists where one value is expected, random files. Every post must get an answer that
is not a server error; a post that is refused must store nothing; nothing posted may come
back unescaped."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SCRIPT = '<script>alert("hostile")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
HOSTILE = [
    SCRIPT, ATTRIBUTE, "'; DROP TABLE cases_case; --", "1 OR 1=1", "{{ 7|add:7 }}{% now 'Y' %}",
    "../../../etc/passwd", "A" * 20_000, "\u202eevil\u202c", "😀" * 300, "\x00null byte",
    " ", "", "-1", "0", "99999999999999999999", "31", "2", "30", "1900", "10000", "NaN",
    "true", "None", "null", "[]", "{}", "2026-02-30", "29/02/2027", "yes", "no", "on",
    "lcspr", "notify", "further_information", "agrees",
]
# Strings that must never come back as markup.
MARKERS = (SCRIPT, ATTRIBUTE, "<img src=x")
IGNORED_MODELS = {"sessions.session", "cases.caseaccess", "axes.accessattempt",
                  "axes.accesslog", "axes.accessfailurelog", "axes.accessattemptexpiration"}


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name: values seen
    files: set[str] = field(default_factory=set)


class FormReader(HTMLParser):
    """The POST forms of a page, with their fields' names and the values offered."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._current: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self._current = Form(method=(attributes.get("method") or "get").lower(),
                                 action=attributes.get("action") or "")
            self.forms.append(self._current)
        if self._current is None:
            return
        name = attributes.get("name")
        if tag == "select":
            self._select = name
        if tag == "option" and self._select:
            self._current.fields.setdefault(self._select, []).append(attributes.get("value", ""))
        if tag in ("input", "textarea", "button", "select") and name:
            if name == "csrfmiddlewaretoken":
                return
            if attributes.get("type") == "file":
                self._current.files.add(name)
            values = self._current.fields.setdefault(name, [])
            if attributes.get("value") is not None:
                values.append(attributes["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None
        if tag == "select":
            self._select = None


def form_on(html: str, url: str, method: str) -> Form:
    reader = FormReader()
    reader.feed(html)
    forms = [form for form in reader.forms
             if form.action in ("", url) and form.method == method]
    assert forms, f"no {method} form to {url} on the page"
    return forms[0]


def fingerprint() -> tuple:
    """How many rows every table holds, history tables included, in one query: a change to a
    record with history writes a row, so an equal fingerprint means nothing was stored."""
    tables = [model._meta.db_table for model in apps.get_models()
              if model._meta.label_lower not in IGNORED_MODELS]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(
            f"SELECT '{table}', COUNT(*) FROM {connection.ops.quote_name(table)}"  # noqa: S608
            for table in tables))
        # UNION ALL promises no order: PostgreSQL may append the counts in parallel.
        return tuple(sorted(cursor.fetchall()))


TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60),
                 st.integers(-10**6, 10**6).map(str), st.dates().map(str))
VALUE = st.one_of(st.none(), TEXT, st.lists(TEXT, min_size=2, max_size=3))
FILE_NAMES = st.sampled_from(["report.pdf", "x.docx", "a.png", "../../evil.pdf", "😀.xlsx",
                              "noname", "<script>.pdf"])
FILE_CONTENTS = st.one_of(st.binary(max_size=300),
                          st.sampled_from([b"%PDF-1.4\n%%EOF", b"PK\x03\x04", SCRIPT.encode()]))


def value_for(data, offered: list[str]):
    if offered and data.draw(st.booleans()):
        return data.draw(st.sampled_from(offered))
    return data.draw(VALUE)


def file_for(data) -> SimpleUploadedFile:
    return SimpleUploadedFile(data.draw(FILE_NAMES), data.draw(FILE_CONTENTS))


def assert_escaped(response) -> None:
    if "html" not in response.get("Content-Type", ""):
        return
    page = response.content.decode(errors="replace")
    for marker in MARKERS:
        assert marker not in page, f"unescaped {marker!r} in {response.request['PATH_INFO']}"


def attack(client, url: str, examples: int = 20, method: str = "post",
           keeps_valid_answers: bool = False) -> None:
    """Send hostile values to the form on `url`, as the signed-in `client`: posted, or as
    the query of a search or filter form. A page that `keeps_valid_answers` saves the answers
    without errors when others have one; the page it shows again must still be safe."""
    page = client.get(url)
    assert page.status_code == 200, f"{url} answered {page.status_code} to its user"
    form = form_on(page.content.decode(), url, method)

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def post(data) -> None:
        posted = {}
        for name, offered in form.fields.items():
            if name in form.files:
                if data.draw(st.booleans()):
                    posted[name] = file_for(data)
                continue
            value = value_for(data, offered)
            if value is not None:
                posted[name] = value
        if data.draw(st.booleans()):
            posted[data.draw(st.sampled_from(["extra", "id", "pk", "status", SCRIPT]))] = SCRIPT
        if method == "get":
            response = client.get(url, posted)
            assert response.status_code < 500
            assert_escaped(response)
            return
        before = fingerprint()
        response = client.post(url, posted)
        assert response.status_code < 500
        assert_escaped(response)
        refused = response.status_code >= 400 or b"govuk-error-summary" in response.content
        if refused and keeps_valid_answers:
            again = client.get(url)
            assert again.status_code == 200, f"{url} broke after a refused post"
            assert_escaped(again)
        elif refused:
            assert fingerprint() == before, f"a refused post to {url} stored something"
        elif response.status_code == 302:
            assert_escaped(client.get(response["Location"]))

    post()
