"""Every case of tests/cases/*.json, and its lifted twin, through every tier.

The cases are written from the DMN 1.5 spec (chapter 10: the semantics of FEEL and its
built-in functions); the format and the lifting of literals into variables are in
tests/casebook.py, the tiers in tests/tiers.py. For each case and twin: the closures give
the expected value (kind-exact, :func:`feelcheck.same`); the fast tier gives the closures'
value whenever it accepts the expression; ``evaluate_result`` gives the expected value and
a warning of the expected kind, or no warning when the case expects none.
"""

from __future__ import annotations

from typing import Any

import pytest
from casebook import Case, decode, lift, load
from feelcheck import same
from tiers import DECLINED, ENGINE, closure_tier, fast_tier, result_tier

import feel
from bench.fuzz import identical
from feel.render import render

CASES = load()
TWINS = [twin for twin in (lift(case, ENGINE) for case in CASES) if twin is not None]
EVERY = CASES + TWINS


def _about(case: Case, actual: Any, how: str) -> str:
    shown = repr(actual) if actual is DECLINED else render(actual)
    return (f"\n  case:       {case.id}\n  expression: {case.expression}\n"
            f"  variables:  {case.variables}\n  expected:   {render(case.value)}"
            f"\n  {how}: {shown}")  # fmt: skip


@pytest.mark.parametrize("case", EVERY, ids=lambda case: case.id)
def test_every_tier_gives_the_expected_value(case):
    closures = closure_tier(case.expression, case.variables)
    assert same(closures, case.value), _about(case, closures, "closures")

    fast = fast_tier(case.expression, case.variables)
    if fast is not DECLINED:  # else the closures evaluate: see test_the_fast_tier_takes_...
        assert identical(fast, closures), _about(case, fast, f"fast (closures {render(closures)})")

    value, kinds = result_tier(case.expression, case.variables)
    assert same(value, case.value), _about(case, value, "evaluate_result")
    if case.warning is None:
        assert kinds == [], _about(case, value, f"warnings {kinds}")
    else:
        assert case.warning in kinds, _about(case, value, f"warnings {kinds}")


def test_there_are_enough_cases_and_most_have_a_lifted_twin():
    assert len(CASES) >= 300
    assert len(TWINS) >= 0.8 * len(CASES)
    written = {(case.expression, repr(sorted(case.variables.items()))) for case in CASES}
    assert len(written) == len(CASES), "a case is written twice"


def test_lifting_turns_literals_into_variables():
    twin = lift(Case("t", 'date("2020-01-01") + @"P1D" > x', {"x": 1}, None), ENGINE)
    assert twin.expression == "date(x1) + x2 > x"
    assert twin.lifted == {"x1": '"2020-01-01"', "x2": '@"P1D"'}
    assert twin.variables["x1"] == "2020-01-01" and twin.variables["x"] == 1
    assert feel.to_feel(twin.variables["x2"]) == feel.evaluate('duration("P1D")')
    assert lift(Case("t", "null = null"), ENGINE) is None


def test_tags_decode_to_feel_values():
    assert same(decode({"@range": ["(", 1, 10, "]"]}), feel.evaluate("(1..10]"))
    assert same(decode({"@range": ["<", 10]}), feel.evaluate("< 10"))
    assert same(decode({"@range": [">=", 1]}), feel.evaluate(">= 1"))
    assert not same(decode({"@range": [">", 1]}), feel.evaluate(">= 1"))
    assert same(decode([{"@number": "0.10"}, {"@duration": "P1Y2M"}]),
                feel.evaluate('[0.1, duration("P14M")]'))  # fmt: skip
    assert not same(decode({"@date": "2020-01-01"}), feel.evaluate('date and time("2020-01-01")'))
    with pytest.raises(ValueError):
        decode({"@date": "P1D"})
    with pytest.raises(ValueError):
        decode({"@colour": "red"})


def test_the_fast_tier_takes_most_cases():
    """A floor, so that a fast tier (or an adapter) that declines everything is noticed."""
    taken = sum(fast_tier(case.expression, case.variables) is not DECLINED for case in EVERY)
    assert taken >= 0.4 * len(EVERY), f"the fast tier took {taken} of {len(EVERY)}"
