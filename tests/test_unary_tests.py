"""Unary tests: decision-table input entries, with ``?`` as the input."""

import pytest

import feel

CASES = [
    ("-", 5, True), ("-", None, True), ("5", 5, True), ("5", 6, False),
    ("< 10", 5, True), ("< 10", 10, False), ("<= 10", 10, True), ("> 1, < 0", 5, True),
    ("[1..10]", 10, True), ("(1..10)", 1, False), ("]1..10[", 5, True),
    ("1, 2, 3", 2, True), ("1, 2, 3", 4, False), ('"a", "b"', "b", True),
    ("not(1, 2)", 3, True), ("not(1, 2)", 2, False), ("not(< 5)", 7, True),
    ("? > 5", 7, True), ("? > 5", 3, False), ("? > 5", None, None),
    ("= 5", 5, True), ("!= 5", 5, False), ("!= 5", 6, True),
    ("null", None, True), ("null", 1, False), ("< 10", None, None),
    ("[1, 2, 3]", 2, True), ("[1, 2]", [1, 2], True),
    ("true", True, True), ("false", True, False), ("x", 3, True),
    ('< date("2020-01-01")', "x", None),
]  # fmt: skip


@pytest.mark.parametrize("tests, value, expected", CASES)
def test_unary(tests, value, expected):
    assert feel.unary_test(tests, value, {"x": 3}) is expected


def test_compiled_unary_tests_are_reusable():
    compiled = feel.compile_unary_tests("[18..65]")
    assert [compiled.test(age) for age in (17, 18, 65, 66)] == [False, True, True, False]


def test_input_name_from_variables():
    compiled = feel.compile_unary_tests("> Min Age", names=["Min Age"])
    assert compiled.test(30, {"Min Age": 18}) is True
