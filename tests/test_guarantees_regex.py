"""What the library promises about regular expressions: they cannot hang the host (RE2,
or bounded backtracking on Python's ``re``, or refused with a warning).

The README's "Guarantees" section names the tests behind each promise (issue 7); a
finding that cannot be fixed at once is a test marked ``xfail(strict=True)`` whose reason
says what is wrong, unmarked when fixed. Shared helpers: ``tests/guarantees_support.py``.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from guarantees_support import finishes_within, outcome

import feel


# -- regular expressions -------------------------------------------------------------------


def _returns_within(seconds: float, action: Any) -> tuple[bool, Any]:
    """Run ``action`` in a daemon thread; (finished in time, its value)."""
    box: list[Any] = []
    thread = threading.Thread(target=lambda: box.append(outcome(action)), daemon=True)
    thread.start()
    thread.join(seconds)
    return (not thread.is_alive()), (box[0] if box else None)


EVIL = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"


@pytest.mark.parametrize("text, expected", [
    (f'matches("{EVIL}", "(a+)+$")', False),
    (f'matches("{EVIL}", "^(a|aa)+$")', False),
    (f'matches("{EVIL}", "^(a|a?)+$")', False),
    (f'matches("{EVIL}", "(.*a){20}$")', False),
    (f'replace("{EVIL}", "(a+)+$", "b")', EVIL),
    (f'split("{EVIL}", "(a+)+$")', [EVIL]),
])  # fmt: skip
def test_catastrophic_patterns_return_quickly(text, expected):
    finished, result = _returns_within(120, lambda: feel.evaluate(text))  # a hang guard: it takes ms
    assert finished
    assert result == ("value", expected)


@pytest.mark.parametrize("pattern", [r"^((a+)+)\\1$", r"(a*)*(a*)*\\1\\2$"])
def test_catastrophic_back_reference_patterns_return_quickly(pattern):
    text = f'matches("{EVIL}", "{pattern}")'
    assert finishes_within(f"feel.evaluate({text!r})", 120)  # a hang guard: it takes ms


# -- regular expressions outside RE2: bounded backtracking or refused ----------------------

@pytest.mark.parametrize("pattern, text", [
    (r"^(.*)(.*)(.*)x\1\2\3$", "a" * 4000),
    (r"^(a?){30}a{30}\1$", "a" * 30),
    (r".{0,1001}.{0,1001}.{0,1001}.{0,1001}x", "a" * 4000),
    (r"(.{0,101})\1b", "a" * 4000),
])  # fmt: skip
def test_patterns_outside_re2_with_unbounded_backtracking_are_refused(pattern: str, text: str):
    result = feel.Engine().evaluate_result("matches(s, p)", {"s": text, "p": pattern})
    assert result.value is None
    assert "backtracking" in result.warnings[0].message  # refused before matching


@pytest.mark.parametrize("pattern, text, expected", [
    (r"(ab)\1", "abab", True), (r"(a{2})\1", "aaaa", True), (r"(a)\1", "ab", False),
    (r"(.{0,100})\1b", "aab", True),
])  # fmt: skip
def test_back_references_with_bounded_backtracking_still_match(pattern, text, expected):
    assert feel.evaluate("matches(s, p)", {"s": text, "p": pattern}) is expected
