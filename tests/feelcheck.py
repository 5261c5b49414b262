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
    """Assert that ``expression`` evaluates to ``expected`` (a Python value) in every tier:
    as ``feel.evaluate`` runs it, by the closures, by its generated code (where it has some
    that takes these variables) and by ``evaluate`` again and again (see feel.program)."""
    actual = feel.evaluate(expression, variables)
    _assert_same(expression, variables, actual, expected, "")
    compiled = feel.compile(expression, list(variables or ()))
    actual = compiled.program("closures").evaluate(variables)
    _assert_same(expression, variables, actual, expected, " (closures)")
    try:
        actual = compiled.program("generated").evaluate(variables)
    except feel.Declined:
        pass  # no generated code, or it gives up on these variables: the closures evaluate
    else:
        _assert_same(expression, variables, actual, expected, " (generated code)")
    for _ in range(3):
        actual = compiled.evaluate(variables)
    _assert_same(expression, variables, actual, expected, " (evaluate, again)")


def _assert_same(expression: str, variables: Any, actual: Any, expected: Any, how: str) -> None:
    assert same(actual, expected), (
        f"\n  expression: {expression}\n  variables:  {variables}\n"
        f"  expected:   {render(feel.to_feel(expected))}\n  actual{how}: {render(actual)}"
    )
