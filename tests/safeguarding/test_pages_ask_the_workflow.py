"""Pages ask the workflow what a person can do and how a state reads; no template or view
compares a record's state with a code of its own."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# `x.status == "draft"`, `review.status in "a,b"`, `known.decision != ...`, `case.status ==`
COMPARES_A_STATE = re.compile(r"\.(status|decision)\s*(==|!=|\bin\b|\bnot in\b)")


def offending_lines(paths) -> list[str]:
    return [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
            for path in paths
            for number, line in enumerate(path.read_text().splitlines(), start=1)
            if COMPARES_A_STATE.search(line)]


def test_no_template_compares_a_state():
    assert offending_lines(sorted((ROOT / "templates").rglob("*.html"))) == []


def test_no_view_compares_a_state():
    views = [path for path in sorted(ROOT.glob("*/**/views.py"))
             if not path.relative_to(ROOT).parts[0].startswith(".")]
    assert views and offending_lines(views) == []


def test_the_check_finds_a_comparison(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('{% if review.status in "meeting_held,recommended" %}')
    assert COMPARES_A_STATE.search(page.read_text())
