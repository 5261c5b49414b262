"""Literals, arithmetic and the decimal model."""

from decimal import Decimal

import pytest
from feelcheck import check

CASES = [
    ("1", 1), (".5", Decimal("0.5")), ("1.2e3", 1200), ("1e-4", Decimal("0.0001")),
    ("-5", -5), ("--5", 5), ('"a\\"b"', 'a"b'), ('"tab\\there"', "tab\there"),
    ('"\\u00e9"', "é"), ('"\\U01F600"', "\U0001F600"), ('"\\ud83d\\ude00"', "\U0001F600"),
    ('"\\d+"', "\\d+"), ("true", True), ("false", False), ("null", None),
    ("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("2 ** 3", 8), ("2 ** -1", Decimal("0.5")),
    ("10 / 4", Decimal("2.5")), ("1 / 3", Decimal("0.3333333333333333333333333333333333")),
    ("0.1 + 0.2", Decimal("0.3")), ("5 - 2 - 1", 2), ("2 * 3 ** 2", 18),
    ('"foo" + "bar"', "foobar"), ("1 + null", None), ("null - 1", None),
    ("1 / 0", None), ('"a" + 1', None), ("true + 1", None), ("-null", None),
    ("10000000000000000000000000000000000 + 1", Decimal("1.000000000000000000000000000000000E+34")),
    ("// comment\n1 + /* inner */ 2", 3),
]  # fmt: skip


@pytest.mark.parametrize("expression, expected", CASES)
def test_value(expression, expected):
    check(expression, expected)


def test_caller_decimal_context_untouched():
    import decimal

    import feel

    before = decimal.getcontext().prec
    decimal.getcontext().prec = 5
    try:
        assert feel.evaluate("1 / 3") == Decimal("0.3333333333333333333333333333333333")
    finally:
        decimal.getcontext().prec = before
