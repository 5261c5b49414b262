"""Comparison, equality, between, in, and three-valued logic."""

import pytest
from feelcheck import check

CASES = [
    ("1 = 1", True), ("1 = 1.0", True), ("1 != 2", True), ('"a" < "b"', True),
    ("1 < 2", True), ("2 <= 2", True), ("3 > 2", True), ("2 >= 3", False),
    ('1 = "1"', None), ("1 < true", None), ("null = null", True), ("null = 1", False),
    ("1 != null", True), ("null < 1", None), ("[1, 2] = [1, 2]", True),
    ("[1, 2] = [2, 1]", False), ("{a: 1} = {a: 1}", True), ("{a: 1} = {a: 2}", False),
    ("{a: 1} = {b: 1}", False), ("true = true", True), ("true = 1", None),
    ("5 between 1 and 10", True), ("0 between 1 and 10", False), ("1 between 1 and 1", True),
    ("5 in [1..10]", True), ("10 in [1..10)", False), ("1 in (1..10]", False),
    ("1 in ]1..10]", False), ("10 in [1..10[", False), ("5 in < 10", True), ("5 in > 10", False),
    ("5 in (1, 5, 7)", True), ("6 in (1, 5, 7)", False), ("5 in [1, 5, 7]", True),
    ('"b" in ["a", "b"]', True), ("5 in (< 3, > 4)", True), ("null in [1, 2]", False),
    ("true and true", True), ("true and false", False), ("false and null", False),
    ("null and false", False), ("true and null", None), ("true or null", True),
    ("null or true", True), ("false or null", None), ("false or false", False),
    ('1 and true', None), ("1 < 2 and 2 < 3", True),
    ("(< 10) = (< 10)", True), ("[1..2] = [1..2]", True), ("[1..2] = [1..2)", False),
    ("(< 10) = (null..10)", False), ("(=10) = [10..10]", False), ("(=10) = (=10)", True),
    ("(!=10) = (!=10)", True), ("(=10).start", 10), ("(<= 10).end included", True),
    ("[1..10[.start", 1), ("5 in (null..10]", None), ("10 in =10", True), ("10 in (!=10)", False),
    ("10 in (=10)", True), ('"a" in ("b".."d")', False), ("true in [false, 2, 3]", False),
    ('"b" in [["f".."h"], ["a".."c"]]', True),
]  # fmt: skip


@pytest.mark.parametrize("expression, expected", CASES)
def test_value(expression, expected):
    check(expression, expected)
