"""Properties checked on generated inputs (hypothesis)."""

import decimal
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import feel
from feel.values import DECIMAL

numbers = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**20), max_value=10**20,
                      places=6)  # fmt: skip


def literal(value: Decimal) -> str:
    return f"({format(value, 'f')})"


@settings(max_examples=200, deadline=None)
@given(numbers, numbers, st.sampled_from(["+", "-", "*", "/"]))
def test_arithmetic_agrees_with_decimal(a, b, operator):
    result = feel.evaluate(f"{literal(a)} {operator} {literal(b)}")
    if operator == "/" and b == 0:
        assert result is None
        return
    operation = {"+": DECIMAL.add, "-": DECIMAL.subtract, "*": DECIMAL.multiply,
                 "/": DECIMAL.divide}[operator]  # fmt: skip
    assert result == operation(a, b)


@settings(max_examples=200, deadline=None)
@given(numbers, numbers)
def test_comparison_is_antisymmetric(a, b):
    less = feel.evaluate("a < b", {"a": a, "b": b})
    greater = feel.evaluate("a > b", {"a": a, "b": b})
    equal = feel.evaluate("a = b", {"a": a, "b": b})
    assert [less, greater, equal].count(True) == 1
    assert less == (not feel.evaluate("a >= b", {"a": a, "b": b}))


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_random_text_parses_or_raises_syntax_error(text):
    try:
        feel.compile(text)
    except feel.FeelSyntaxError as error:
        assert error.line >= 1 and error.column >= 1


_ALPHABET = list("0123456789abxy .,:()[]{}+-*/<>=!\"?@") + [
    " and ", " or ", " in ", " if ", " then ", " else ", " for ", " return ", " some ",
    " every ", " satisfies ", " between ", " instance of ", "function", "null", "true",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=25).map("".join))
def test_token_soup_evaluates_or_raises_feel_error(text):
    try:
        feel.evaluate(text, {"a": 1, "b": [1, 2], "x": {"y": "z"}})
    except feel.FeelError:
        pass


def test_decimal_context_is_local():
    assert decimal.getcontext() is not DECIMAL
