"""One-line checks for data-driven tests: ``check("2 * (3 + 5)", 16)``."""

from __future__ import annotations

from typing import Any

import feel
from feel.operators import equal
from feel.render import render


def same(actual: Any, expected: Any) -> bool:
    """FEEL equality that also insists on the same kind (so 1 is not true, [] not null)."""
    expected = feel.to_feel(expected)
    if expected is None or actual is None:
        return expected is None and actual is None
    if type(actual) is not type(expected):
        return False
    if isinstance(actual, list):
        return len(actual) == len(expected) and all(map(same, actual, expected))
    if isinstance(actual, dict):
        return actual.keys() == expected.keys() and all(same(actual[k], expected[k]) for k in actual)
    return equal(actual, expected) is True


def check(expression: str, expected: Any, variables: dict | None = None) -> None:
    """Assert that ``expression`` evaluates to ``expected`` (a Python value)."""
    actual = feel.evaluate(expression, variables)
    assert same(actual, expected), (
        f"\n  expression: {expression}\n  variables:  {variables}\n"
        f"  expected:   {render(feel.to_feel(expected))}\n  actual:     {render(actual)}"
    )
