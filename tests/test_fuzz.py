"""Fuzzing with hypothesis: whatever the input, a FEEL value or a FeelError, within the budgets.

The generators live in ``bench/fuzz.py`` (``python -m bench.fuzz --minutes N`` runs them for
longer); here hypothesis drives them through :class:`bench.inputs.DrawChooser`, so failures
shrink. :func:`bench.fuzz.check` evaluates one input and returns a Finding when anything
other than a FEEL value or a :class:`feel.FeelError` came out, when the value is not a FEEL
value (a Python object, a NaN, a cycle), when ``to_python`` of it fails, or when it took
longer than the budgets allow.
"""

from __future__ import annotations

import os
import random
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import feel
from bench import fuzz, hostile, inputs

ENGINE = feel.Engine(**fuzz.FUZZ_BUDGETS)
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip


def assert_no_finding(text: str, variables: dict | None = None, unary: bool = False) -> None:
    finding = fuzz.check(ENGINE, text, variables, unary)
    assert finding is None, finding.report()


@st.composite
def choosers(draw) -> inputs.DrawChooser:
    """A Chooser whose every choice is a shrinkable hypothesis draw."""
    return inputs.DrawChooser(draw)


@FAST
@given(st.text(max_size=80))
def test_random_text(text):
    assert_no_finding(text)


@FAST
@given(choosers())
def test_feel_fragment_soup(chooser):
    assert_no_finding(inputs.random_text(chooser))


@FAST
@given(choosers())
def test_grammar_expressions(chooser):
    assert_no_finding(inputs.grammar_expression(chooser))


@FAST
@given(choosers())
def test_broken_grammar_expressions(chooser):
    assert_no_finding(inputs.grammar_expression(chooser, broken=True))


@FAST
@given(choosers())
def test_grammar_expressions_as_unary_tests(chooser):
    assert_no_finding(" ".join(inputs.derive(chooser, "unary_tests", height=6)), {"x": 1}, True)


def test_the_grammar_generator_makes_mostly_valid_expressions():
    chooser = inputs.RandomChooser(random.Random(7))
    texts = [inputs.grammar_expression(chooser) for _ in range(300)]
    compiled = 0
    for text in texts:
        try:
            ENGINE.compile(text, ["x", "y", "a b", "Full Name"])
            compiled += 1
        except feel.FeelSyntaxError:
            pass
    assert compiled >= 150, f"only {compiled} of 300 generated expressions compile"
    assert len(set(texts)) >= 200


def test_the_grammar_is_read_from_feel_lark():
    grammar = inputs.grammar()
    assert {"for_expression", "if_expression", "quantified_expression", "function_definition",
            "interval", "context_literal", "list_literal", "postfix", "type"} <= set(grammar.rules)
    assert all(height < 10**9 for height in grammar.height.values())


def tck_texts() -> tuple[str, ...]:
    texts = inputs.tck_expressions()
    if not texts:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the DMN TCK is missing: no .dmn files under {inputs.TCK_FOLDER}")
        pytest.skip(f"the DMN TCK is not checked out at {inputs.TCK_FOLDER}")
    return texts


def test_tck_expressions_evaluate_or_raise_feel_errors():
    texts = tck_texts()
    assert len(texts) > 1000
    findings = [f for f in (fuzz.check(ENGINE, text) for text in texts) if f is not None]
    assert findings == [], "\n".join(f.report() for f in findings[:5])


@FAST
@given(choosers())
def test_tck_mutations(chooser):
    texts = tck_texts()
    assert_no_finding(inputs.mutate_text(chooser, chooser.pick(texts), texts))


@FAST
@given(choosers(), st.sampled_from(inputs.VARIABLE_EXPRESSIONS))
def test_random_variables(chooser, text):
    assert_no_finding(text, inputs.random_variables(chooser))


@FAST
@given(choosers())
def test_random_variables_in_grammar_expressions(chooser):
    assert_no_finding(inputs.grammar_expression(chooser), inputs.random_variables(chooser))


@FAST
@given(choosers(), st.sampled_from(["< 10", "x", "[1..y]", "not(y)", "-", "? > 1", "= y"]))
def test_random_values_in_unary_tests(chooser, tests):
    assert_no_finding(tests, inputs.random_variables(chooser), unary=True)


def test_non_finite_decimals_are_not_fuzz_findings():
    for number in ("NaN", "sNaN", "Infinity", "-Infinity"):
        assert fuzz.check(ENGINE, "[x]", {"x": Decimal(number)}) is None


def test_check_reports_what_it_should():
    assert fuzz.check(ENGINE, "1 + 1") is None
    assert fuzz.check(ENGINE, "(") is None  # a FeelSyntaxError is an allowed outcome
    assert fuzz.bad_value(Decimal("NaN")) is not None
    assert fuzz.bad_value([object()]) is not None
    cyclic: list = []
    cyclic.append(cyclic)
    assert fuzz.bad_value(cyclic) is not None
    assert fuzz.bad_value({"a": [Decimal(1), None, "s", True]}) is None


    class Leaky:
        def evaluate(self, text, variables):
            raise ZeroDivisionError("a bug")

    finding = fuzz.check(Leaky(), "1")  # type: ignore[arg-type]
    assert finding is not None and finding.kind == "exception"
    assert "ZeroDivisionError" in finding.signature


@pytest.mark.parametrize("kind", sorted(hostile.GENERATORS))
def test_the_attacks_on_the_budgets_are_valid_expressions(kind):
    chooser = inputs.RandomChooser(random.Random(kind))
    for _ in range(20):
        text = hostile.GENERATORS[kind](chooser)
        assert feel.Engine().compile(text).text == text
