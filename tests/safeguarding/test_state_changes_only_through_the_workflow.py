"""No record's state is set outside safeguarding/workflow.py: a static check of the source.

A state set any other way skips the permission rule, the guards, the claim that makes two
people acting at once safe, the decision log and the deadlines. So every Python file of the
project is parsed, and these are refused, with their file and line:

- an assignment to an attribute named ``status`` or ``decision`` (``KnownAgency.decision`` is a
  workflow field too), plainly, in a tuple (``a.name, a.status = ...``), augmented, or through
  ``setattr(record, "status", ...)``;
- a ``status=``/``decision=`` keyword (or ``**{"status": ...}``, or a ``defaults={"status":
  ...}``) in a call to ``.update(``, ``.create(``, ``.get_or_create(``, ``.update_or_create(``,
  or ``.bulk_create(``;
- a ``status=``/``decision=`` keyword in a constructor of a stateful model (Case, Referral,
  InformationReturn, RapidReview, KnownAgency, Lcspr) or of a factory (``...Factory(status=...)``),
  wherever it is (a ``bulk_create`` list's items included);
- a ``status``/``decision`` declared on a factory class (``status = "submitted"``).

What is scanned: cases/, forms/, reviews/, deadlines/, safeguarding/, config/, demo/ (the demo
loader included), tests/factories.py, every tests/**/conftest.py and the other helper modules
of tests/ that are not test modules.

What is not, and why:

- safeguarding/workflow.py: the one place that sets states;
- */migrations/*: data migrations move rows of their day, before the workflow existed;
- test modules (tests/**/test_*.py): a test may put a record into a state directly to test
  the guard of the next step (``Case.objects.filter(...).update(status=...)``);
- loadtest/ and bench/: they generate tens of thousands of synthetic rows with bulk_create for
  load and benchmark runs, where making each transition would take hours; they are never run
  against a live database.

Reading a state (``.filter(status=...)``) and keywords of other calls (``render(...,
status=429)``) are allowed.

A state could also arrive as data, in a page's answers: the last tests check that no field a
page may change is a state, and that a service given one refuses it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_FOLDERS = ["cases", "forms", "reviews", "deadlines", "safeguarding", "config", "demo"]
THE_WORKFLOW = ROOT / "safeguarding" / "workflow.py"
STATE_FIELDS = {"status", "decision"}
STATEFUL_MODELS = {"Case", "Referral", "InformationReturn", "RapidReview", "KnownAgency",
                   "Lcspr"}
WRITING_METHODS = {"update", "create", "get_or_create", "update_or_create", "bulk_create"}


def scanned_files() -> list[Path]:
    files = [path for folder in APP_FOLDERS for path in (ROOT / folder).rglob("*.py")]
    files += [path for path in (ROOT / "tests").rglob("*.py")
              if not path.name.startswith("test_") and "vendor" not in path.parts]
    return sorted(path for path in files
                  if path != THE_WORKFLOW and "migrations" not in path.parts)


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _state_keys(node: ast.expr) -> list[str]:
    """The state fields a dict literal (``**{...}`` or ``defaults={...}``) sets."""
    if not isinstance(node, ast.Dict):
        return []
    return [key.value for key in node.keys
            if isinstance(key, ast.Constant) and key.value in STATE_FIELDS]


def _assigned(target: ast.expr) -> list[ast.Attribute]:
    if isinstance(target, (ast.Tuple, ast.List)):
        return [found for element in target.elts for found in _assigned(element)]
    if isinstance(target, ast.Starred):
        return _assigned(target.value)
    if isinstance(target, ast.Attribute) and target.attr in STATE_FIELDS:
        return [target]
    return []


class Finder(ast.NodeVisitor):
    def __init__(self, where: str) -> None:
        self.where = where
        self.found: list[str] = []
        self.classes: list[str] = []

    def report(self, node: ast.AST, what: str) -> None:
        self.found.append(f"{self.where}:{node.lineno}: {what}")

    def _targets(self, node: ast.AST, targets: list[ast.expr]) -> None:
        for attribute in (found for target in targets for found in _assigned(target)):
            self.report(node, f"assigns .{attribute.attr} = "
                              f"{ast.unparse(getattr(node, 'value', None) or attribute)}")
        if self.classes and self.classes[-1].endswith("Factory"):
            for target in targets:
                if isinstance(target, ast.Name) and target.id in STATE_FIELDS:
                    self.report(node, f"factory {self.classes[-1]} declares {target.id}")

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        outer, self.classes = self.classes, []  # a class's methods are not its declarations
        self.generic_visit(node)
        self.classes = outer

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Assign(self, node: ast.Assign) -> None:
        self._targets(node, node.targets)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._targets(node, [node.target])
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._targets(node, [node.target])
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        called = _name(node.func)
        if (called == "setattr" and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant) and node.args[1].value in STATE_FIELDS):
            self.report(node, f"setattr(..., {node.args[1].value!r}, ...)")
        writes = isinstance(node.func, ast.Attribute) and called in WRITING_METHODS
        constructs = called in STATEFUL_MODELS or called.endswith("Factory")
        if writes or constructs:
            fields = [keyword.arg for keyword in node.keywords if keyword.arg in STATE_FIELDS]
            fields += [key for keyword in node.keywords if keyword.arg is None
                       for key in _state_keys(keyword.value)]
            fields += [key for keyword in node.keywords if keyword.arg == "defaults"
                       for key in _state_keys(keyword.value)]
            for field in fields:
                self.report(node, f"{called}(... {field}=...)")
        self.generic_visit(node)


def violations_in(source: str, where: str = "<source>") -> list[str]:
    finder = Finder(where)
    finder.visit(ast.parse(source))
    return finder.found


def test_no_state_is_set_outside_the_workflow():
    found = []
    for path in scanned_files():
        found += violations_in(path.read_text(), str(path.relative_to(ROOT)))
    assert found == [], ("States set outside safeguarding/workflow.py (use workflow.perform or "
                         "workflow.create):\n" + "\n".join(found))


def test_the_scan_reads_the_app_the_demo_loader_and_the_fixtures():
    scanned = {str(path.relative_to(ROOT)) for path in scanned_files()}
    assert {"cases/services.py", "reviews/rapid_review/services.py", "forms/services.py",
            "demo/management/commands/load_demo_cases.py", "tests/factories.py",
            "tests/conftest.py"} <= scanned
    assert "safeguarding/workflow.py" not in scanned
    assert not any("/migrations/" in path or path.startswith(("loadtest/", "bench/"))
                   or Path(path).name.startswith("test_") for path in scanned)


@pytest.mark.parametrize("source", [
    "school_return.status = 'draft'",
    "school_return.completed_by_name, school_return.status = 'Claire Dunn', 'draft'",
    "known.decision = KnownAgency.Decision.APPROVED",
    "case.status: str = Case.Status.NOTIFIED",
    "setattr(review, 'status', 'concluded')",
    "Case.objects.filter(pk=1).update(status='withdrawn')",
    "RapidReview.objects.filter(pk=1).update(**{'status': 'concluded'})",
    "Referral.objects.create(status=Referral.Status.SUBMITTED)",
    "review.returns.create(agency=agency, status='submitted')",
    "KnownAgency.objects.update_or_create(pk=1, defaults={'decision': 'approved'})",
    "Case.objects.bulk_create([Case(reference='SI-2026-0001', status='notified')])",
    "InformationReturn(review=review, status='submitted').save()",
    "ReferralFactory(status='submitted')",
    "class ReferralFactory(DjangoModelFactory):\n    status = 'submitted'",
])
def test_the_check_finds_each_way_of_setting_a_state(source):
    assert len(violations_in(source)) == 1, source


@pytest.mark.parametrize("source", [
    "Case.objects.filter(status=Case.Status.REFERRED)",
    "render(request, 'too_many.html', status=429)",
    "services.record_screening_decision(case=case, decision='notify')",
    "if case.status == 'referred': pass",
    "class Case(models.Model):\n    status = models.CharField(max_length=32)",
    "class Row:\n    def f(self):\n        status = 'completed'",
    "workflow.perform(case, 'withdraw', actor=user)",
])
def test_reading_a_state_is_allowed(source):
    assert violations_in(source) == []


# What a page may send: the services take answers by field name, and refuse a state.

RAPID_REVIEW = "reviews.rapid_review.services"
EDITABLE = [("forms.services", "REFERRAL_FIELDS"), ("forms.services", "REFERRAL_ROW_FIELDS"),
            (RAPID_REVIEW, "RETURN_FIELDS"), (RAPID_REVIEW, "RETURN_ROW_FIELDS"),
            (RAPID_REVIEW, "OUTCOME_FIELDS"), (RAPID_REVIEW, "ATTENDANCE_FIELDS"),
            ("reviews.action_plans.services", "IMMEDIATE_ACTION_FIELDS")]


@pytest.mark.parametrize("module,name", EDITABLE)
def test_no_page_may_send_a_state(module, name):
    import importlib

    editable = getattr(importlib.import_module(module), name)
    fields = ({field for row_fields in editable.values() for field in row_fields}
              if isinstance(editable, dict) else set(editable))
    assert fields and not fields & STATE_FIELDS, f"{module}.{name}: {fields & STATE_FIELDS}"


@pytest.mark.django_db
def test_a_state_sent_with_a_page_of_answers_is_refused():
    from reviews.models import InformationReturn, KnownAgency
    from reviews.rapid_review import services as reviews
    from safeguarding.rows import RowChange

    from . import workflow_journeys as j

    p = j.people()
    requested = j.ask(j.started_review(p), p)
    with pytest.raises(ValueError, match="nothing to change named status"):
        reviews.save_information_return(information_return=requested, actor=p.teacher,
                                        answers={"status": "submitted"}, version=None)
    with pytest.raises(ValueError, match="nothing to change named decision"):
        reviews.save_information_return(
            information_return=requested, actor=p.teacher, answers={}, version=None,
            rows={"known_agencies": [RowChange(values={"name": "Northmoor Youth Club",
                                                       "decision": "approved"})]})
    assert InformationReturn.objects.get(pk=requested.pk).status == (
        InformationReturn.Status.REQUESTED)
    assert not KnownAgency.objects.exists()
