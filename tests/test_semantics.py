"""The operator table (feel/semantics.py): each entry's inline operation is its general
operation on the operands its kind guard admits, and the two tiers read the same table."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import feel
from feel.diagnostics import Failure
from feel.dialect import CAMUNDA, DMN
from feel.semantics import ARITHMETIC, COMPARISON, DECISIVE, INLINE_NAMES, NEGATE, equality_of

#: FEEL numbers: up to 34 digits, exponents from tiny to past the range of a sum.
numbers = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
    lambda d: len(d.as_tuple().digits) <= 34 and -6000 < d.adjusted() < 6000)
edge_numbers = st.sampled_from([Decimal(0), Decimal("-0"), Decimal("1E6143"), Decimal("9.99E6144"),
                                Decimal("1E-6143"), Decimal(1), Decimal(-1)])
any_number = numbers | edge_numbers


@settings(max_examples=300, deadline=None)
@given(symbol=st.sampled_from([s for s, e in ARITHMETIC.items() if e.inline]), a=any_number,
       b=any_number)
def test_an_inline_arithmetic_operation_is_the_general_one_or_defers_to_it(symbol, a, b):
    entry = ARITHMETIC[symbol]
    try:
        general = entry.general(a, b)
    except Failure:
        general = "warns"
    try:
        inline = entry.inline(a, b)
    except ArithmeticError:
        assert general == "warns"  # the inline case defers to the general one, which warns
        return
    assert inline == general
    if entry.nonzero and not b:
        pytest.fail("a division by zero computed inline")


@settings(max_examples=300, deadline=None)
@given(symbol=st.sampled_from(sorted(COMPARISON)),
       pair=st.tuples(any_number, any_number) | st.tuples(st.text(max_size=5), st.text(max_size=5))
       | st.tuples(st.booleans(), st.booleans()))  # fmt: skip
def test_an_inline_comparison_is_the_general_one_for_the_kinds_it_admits(symbol, pair):
    entry = COMPARISON[symbol]
    a, b = pair
    if type(a) not in entry.kinds:
        return
    for dialect in (DMN, CAMUNDA):
        assert entry.inline(a, b) is entry.general(dialect)(a, b)


def test_equality_compares_booleans_inline_and_ordering_does_not():
    assert bool in COMPARISON["="].kinds and bool in COMPARISON["!="].kinds
    assert all(bool not in COMPARISON[s].kinds for s in ("<", "<=", ">", ">="))
    assert COMPARISON["="].general(DMN) is equality_of(DMN)[0]
    assert COMPARISON["!="].general(CAMUNDA) is equality_of(CAMUNDA)[1]


def test_the_generated_code_calls_the_inline_operations_by_their_names():
    for entry in ARITHMETIC.values():
        if entry.code:
            assert INLINE_NAMES[entry.code] is entry.inline
    assert INLINE_NAMES["NEGATE"] is NEGATE
    assert DECISIVE == {"and": False, "or": True}


@pytest.mark.parametrize("text, variables, value", [
    ("a / b", {"a": 1, "b": 4}, Decimal("0.25")),
    ("a / b", {"a": 1, "b": 0}, None),
    ("a = b", {"a": True, "b": True}, True),
    ("a != b", {"a": True, "b": False}, True),
    ("a = b", {"a": True, "b": 1}, None),
    ("a < b", {"a": "a", "b": "b"}, True),
    ("a and b", {"a": True, "b": None}, None),
    ("a or b", {"a": 1, "b": True}, True),
    ("-a", {"a": 2}, Decimal(-2)),
])  # fmt: skip
def test_both_tiers_read_the_table_alike(text, variables, value):
    expression = feel.Engine().compile(text, list(variables))
    closures = expression.program("closures").evaluate_result(variables)
    generated = expression.program("generated").evaluate_result(variables)  # (no give-up)
    assert closures.value == generated.value == value
    assert [w.kind for w in generated.warnings] == [w.kind for w in closures.warnings]


def test_an_overflow_computed_inline_is_left_to_the_closures_which_warn():
    variables = {"a": Decimal("1E6000"), "b": Decimal("1E6000")}
    expression = feel.Engine().compile("a * b", list(variables))
    with pytest.raises(feel.Declined):
        expression.program("generated").evaluate_result(variables)
    result = expression.program("closures").evaluate_result(variables)
    assert result.value is None and [w.kind.name for w in result.warnings] == ["ARITHMETIC"]
