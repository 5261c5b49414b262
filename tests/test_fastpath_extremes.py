"""``max`` and ``min`` of a list of numbers in the generated code: picked by C loops and
checked at the extremes (feel.fastpath.helpers._extreme). Each odd number the closures
convert to null or round is put at each place of a list of plain ones, under the default
context and under one that does not trap InvalidOperation (where a NaN is passed over by
Python's ordering): the generated code gives the closures' value or gives up."""

from __future__ import annotations

import decimal
from decimal import Decimal

import pytest

import feel
from bench.fuzz import identical, said
from test_fastpath import Contrary  # a Decimal that orders itself backwards

ODD = [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity"),
       Decimal("1E+7000"), Decimal("-1E+7000"), Decimal("1E-7000"), Decimal("-1E-7000"),
       Decimal("0E+7000"), Decimal("1E+6100"), Decimal("-1E+6100"),
       Decimal("123456789012345678901234567890123456789"), Decimal("-0"),
       Decimal("-123456789012345678901234567890123456789")]  # fmt: skip
PLAIN = [Decimal(3), Decimal("-2.5"), Decimal(7)]


def lists():
    for odd in ODD + [Contrary(1), 5, 2.5, "a", None]:
        for place in range(len(PLAIN) + 1):
            yield PLAIN[:place] + [odd] + PLAIN[place:]
    yield [odd for odd in ODD if odd.is_finite()]
    yield [Decimal("NaN")]


@pytest.mark.parametrize("pick", ["max", "min"])
@pytest.mark.parametrize("traps", [True, False], ids=["trapping", "not-trapping"])
def test_extremes_give_the_closures_value_or_give_up(pick, traps):
    expression = feel.compile(f"{pick}(numbers)", ["numbers"])
    generated = expression.program("generated")
    taken = 0
    with decimal.localcontext() as context:
        context.traps[decimal.InvalidOperation] = traps
        for numbers in lists():
            variables = {"numbers": numbers}
            closures = expression.closures_result(variables)
            try:
                result = generated.evaluate_result(variables)
            except feel.Declined:
                continue
            taken += 1
            assert identical(result.value, closures.value), numbers
            assert said(result) == said(closures), numbers
    assert taken >= len(PLAIN) + 1  # the plain lists with a rounded or small number in them


@pytest.mark.parametrize("traps", [True, False], ids=["trapping", "not-trapping"])
def test_a_list_of_plain_numbers_is_picked_without_giving_up(traps):
    numbers = [Decimal(i) for i in range(-50, 50, 3)]
    with decimal.localcontext() as context:
        context.traps[decimal.InvalidOperation] = traps
        for pick, expected in (("max", Decimal(49)), ("min", Decimal(-50))):
            generated = feel.compile(f"{pick}(numbers)", ["numbers"]).program("generated")
            assert generated.evaluate({"numbers": numbers}) == expected
