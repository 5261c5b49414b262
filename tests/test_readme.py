"""The README's Python examples run, and the results their comments show are the results.

Each ```python block is executed statement by statement; where a statement is followed by a
comment that reads as a Python value (``# 42``, ``# {'orderId': 7}``, ``# Decimal('3'): why``),
the statement's value must equal it. Comments that are prose are left alone.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

import feel
from feel import connectors

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
#: Blocks that need files of the reader's own.
RUNNABLE = [block for block in BLOCKS if "loan.dmn" not in block]


def claimed_value(comment: str, namespace: dict) -> tuple[bool, object]:
    """(True, value) when the comment, or its part before ``: `` or `` (``, is a value."""
    for text in (comment, re.split(r": | \(", comment)[0]):
        try:
            return True, eval(text, dict(namespace))  # the README's own text, not user input
        except Exception:
            continue
    return False, None


def comment_after(lines: list[str], statement: ast.stmt) -> str | None:
    """The comment on the statement's last line, else on the line right after it."""
    last = lines[statement.end_lineno - 1]
    if "  # " in last:
        return last.split("  # ", 1)[1].strip()
    if statement.end_lineno < len(lines):
        following = lines[statement.end_lineno].strip()
        if following.startswith("# ") and "..." not in following:
            return following[2:].strip()
    return None


def run_block(block: str) -> int:
    """Run one block; the number of comments checked against values."""
    namespace = {"feel": feel, "Decimal": Decimal, "dt": dt, "BpmnError": connectors.BpmnError,
                 "JobError": connectors.JobError}  # fmt: skip
    lines = block.splitlines()
    checked = 0
    for statement in ast.parse(block).body:
        code = ast.get_source_segment(block, statement)
        if isinstance(statement, ast.Expr):
            value = eval(compile(ast.Expression(statement.value), "README", "eval"), namespace)
            comment = comment_after(lines, statement)
            is_value, expected = claimed_value(comment, namespace) if comment else (False, None)
            if is_value:
                assert value == expected, f"{code}\n  gives {value!r}, the README says {comment}"
                checked += 1
        else:
            exec(compile(ast.Module([statement], []), "README", "exec"), namespace)
    return checked


def test_the_readme_has_examples():
    assert len(RUNNABLE) >= 7


@pytest.mark.parametrize("block", RUNNABLE, ids=[b.splitlines()[0][:40] for b in RUNNABLE])
def test_readme_example(block, monkeypatch):
    monkeypatch.setattr(os, "environ", dict(os.environ))
    run_block(block)


def test_readme_comments_are_checked():
    """Most examples show their result; those results are compared, not just printed."""
    saved = dict(os.environ)
    try:
        assert sum(run_block(block) for block in RUNNABLE) >= 20
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_the_guarantees_section_names_tests_that_exist():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Guarantees"):text.index("\n## ", text.index("## Guarantees"))]
    named = set(re.findall(r"`(test_\w+)`", section))
    defined = {name for path in README.parent.glob("tests/test_*.py")
               for name in re.findall(r"^def (test_\w+)", path.read_text(), re.M)}  # fmt: skip
    assert len(named) >= 20
    assert named <= defined, f"no such tests: {sorted(named - defined)}"


def misplaced_tests(row: str) -> list[str]:
    """The tests a Guarantees row names that are not defined in the module named before them
    (``tests/x.py``: `test_a`, `test_b`); a test named before any module counts as misplaced."""
    wrong, module = [], None
    for match in re.finditer(r"`(tests/\w+\.py)`|`(test_\w+)`", row):
        if match.group(1):
            path = README.parent / match.group(1)
            module = path.read_text(encoding="utf-8") if path.exists() else ""
        elif module is None or not re.search(rf"^def {match.group(2)}\(", module, re.M):
            wrong.append(match.group(2))
    return wrong


def test_each_guarantee_names_the_module_that_holds_its_tests():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Guarantees"):text.index("\n## ", text.index("## Guarantees"))]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "`test_" in line]
    assert len(rows) >= 10
    assert {row[:60]: misplaced_tests(row) for row in rows if misplaced_tests(row)} == {}
    # the check can fail: a test under the wrong module, or under none
    assert misplaced_tests("`tests/test_readme.py`: `test_step_budget`") == ["test_step_budget"]
    assert misplaced_tests("`test_the_readme_has_examples`") == ["test_the_readme_has_examples"]


def test_the_library_table_lists_every_built_in_function():
    from feel.builtins.registry import BUILTINS

    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Built-in functions"):text.index("## Connector mappings")]
    listed = set(re.findall(r"^\| `([^`]+)` \|", section, re.M))
    assert listed == set(BUILTINS)


def test_readme_dmn_example(tmp_path, monkeypatch):
    """The DMN example runs as written, on a loan.dmn (tests/dmn/loan.dmn) in the folder it
    runs in and a models/ folder holding it: a Python int as the input, values as shown."""
    import shutil

    [block] = [block for block in BLOCKS if "loan.dmn" in block]
    loan = README.parent / "tests" / "dmn" / "loan.dmn"
    shutil.copy(loan, tmp_path / "loan.dmn")
    (tmp_path / "models").mkdir()
    shutil.copy(loan, tmp_path / "models" / "loan.dmn")
    monkeypatch.chdir(tmp_path)
    assert run_block(block) >= 5
