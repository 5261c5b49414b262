"""Built-ins: list, numeric, context, range, Camunda and connector functions."""

from decimal import Decimal

import pytest
from feelcheck import check

import feel

D = Decimal

CASES = [
    # lists
    ("list contains([1, 2], 2)", True), ("list contains([1, null], null)", True),
    ("list contains([true], 1)", False), ("count([1, 2, 3])", 3), ("count(null)", None),
    ("min([3, 1, 2])", 1), ("min(3, 1, 2)", 1), ("max(list: [1, 2])", 2), ("max([])", None),
    ('min(["b", "a"])', "a"), ('max([1, "a"])', None), ("min()", None),
    ("sum([1, 2, 3])", 6), ("sum(1, 2)", 3), ("sum([])", None), ("sum([1, null])", None),
    ("mean([1, 2, 3, 4])", D("2.5")), ("median([8, 2, 5, 3, 4])", 4), ("median([6, 1, 2, 3])", D("2.5")),
    ("mode([6, 3, 9, 6, 6])", [6]), ("mode([3, 6, 1, 9, 6, 1, 3])", [1, 3, 6]), ("mode([])", []),
    ("stddev([2, 4])", D("1.414213562373095048801688724209698")), ("stddev([1])", None),
    ("product([2, 3, 4])", 24), ("product(2, 3)", 6), ("all([true, true])", True),
    ("all([true, false])", False), ("all([true, null])", None), ("all([])", True),
    ("any([false, true])", True), ("any([])", False), ("any(false, null)", None),
    ("sublist([1, 2, 3], 2)", [2, 3]), ("sublist([1, 2, 3], -2, 1)", [2]), ("sublist([1], 3)", None),
    ("append([1], 2, 3)", [1, 2, 3]), ("concatenate([1], [2], [3])", [1, 2, 3]),
    ("insert before([1, 3], 2, 2)", [1, 2, 3]), ("insert before([1], 5, 2)", None),
    ("remove([1, 2, 3], 2)", [1, 3]), ("reverse([1, 2, 3])", [3, 2, 1]),
    ("index of([1, 2, 1], 1)", [1, 3]), ("union([1, 2], [2, 3])", [1, 2, 3]),
    ("distinct values([1, 2, 1, true, true])", [1, 2, True]), ("flatten([1, [2, [3]]])", [1, 2, 3]),
    ("sort([3, 1, 2], function(a, b) a < b)", [1, 2, 3]), ("sort([3, 1, 2])", [1, 2, 3]),
    ("sort(list: [1, 2], precedes: function(x, y) x > y)", [2, 1]),
    ("list replace([1, 2, 3], 2, 9)", [1, 9, 3]), ("list replace([1, 2, 3], -1, 9)", [1, 2, 9]),
    ("list replace([1, 2, 3], function(item, newItem) item > 1, 0)", [1, 0, 0]),
    ("list replace(1, 1, 5)", [5]), ("count(5)", 1),
    ("duplicate values([1, 2, 1, 3, 2])", [1, 2]), ("is empty([])", True),
    ("partition([1, 2, 3], 2)", [[1, 2], [3]]),
    # numbers
    ("decimal(1/3, 2)", D("0.33")), ("decimal(1.5, 0)", 2), ("decimal(2.5, 0)", 2),
    ("decimal(2.5, 0, \"HALF_UP\")", 3), ("floor(1.5)", 1), ("floor(-1.5)", -2),
    ("floor(1.56, 1)", D("1.5")), ("floor(1.5, null)", None), ("ceiling(1.2)", 2),
    ("ceiling(-1.56, 1)", D("-1.5")), ("round up(5.5, 0)", 6), ("round up(-5.5, 0)", -6),
    ("round down(5.5, 0)", 5), ("round half up(5.5, 0)", 6), ("round half up(-5.5, 0)", -6),
    ("round half down(5.5, 0)", 5), ("round half down(-5.5, 0)", -5),
    ("abs(-1)", 1), ("abs(n: -1)", 1), ("abs(number: -1)", None), ("string(abs(@\"-P1D\"))", "P1D"),
    ("modulo(10, 4)", 2), ("modulo(-10, 4)", 2), ("modulo(10, -4)", -2), ("modulo(1, 0)", None),
    ("sqrt(16)", 4), ("sqrt(-1)", None), ("exp(0)", 1), ("log(1)", 0), ("log(0)", None),
    ("odd(3)", True), ("even(3)", False), ("even(2.5)", None),
    ("decimal(1, 10000)", None),
    # contexts
    ('get value({a: 1}, "a")', 1), ('get value({a: {b: 2}}, ["a", "b"])', 2),
    ('get value({a: 1}, "b")', None), ('get entries({a: 1})', [{"key": "a", "value": 1}]),
    ('context([{key: "a", value: 1}])', {"a": 1}), ('context([{key: "a", value: 1}, {key: "a", value: 2}])', None),
    ('context put({a: 1}, "b", 2)', {"a": 1, "b": 2}), ('context put({a: {b: 1}}, ["a", "b"], 2)', {"a": {"b": 2}}),
    ('context merge([{a: 1}, {a: 2, b: 3}])', {"a": 2, "b": 3}), ('put({a: 1}, "a", 3)', {"a": 3}),
    ('put all({a: 1}, {b: 2})', {"a": 1, "b": 2}),
    # ranges
    ("before(1, 10)", True), ("before(1, [2..5])", True), ("before([1..5], [5..10])", False),
    ("before([1..5), [5..10])", True), ("after(10, [1..5])", True), ("meets([1..5], [5..10])", True),
    ("met by([5..10], [1..5])", True), ("overlaps([1..5], [3..8])", True), ("overlaps([1..3], [4..8])", False),
    ("overlaps before([1..5], [3..8])", True), ("overlaps after([3..8], [1..5])", True),
    ("finishes(5, [1..5])", True), ("finishes([3..5], [1..5])", True), ("finished by([1..5], 5)", True),
    ("includes([1..10], 5)", True), ("includes([1..10], [4..6])", True), ("during(5, [1..10])", True),
    ("during([4..6], [1..10])", True), ("starts(1, [1..10])", True), ("starts([1..5], [1..10])", True),
    ("started by([1..10], 1)", True), ("coincides(5, 5)", True), ("coincides([1..5], [1..5])", True),
    ("before(point1: 1, point2: 2)", True), ("includes(range: [1..5], point: 3)", True),
    ("before(1, \"a\")", None), ("includes(< 10, 5)", True),
    # Camunda extensions
    ("get or else(null, 2)", 2), ("get or else(1, 2)", 1), ("is defined(x)", False),
    ("is defined(1)", True), ('trim("  a ")', "a"), ('is blank("  ")', True),
    ('to base64("FEEL")', "RkVFTA=="), ('from base64("RkVFTA==")', "FEEL"), ('from base64("%")', None),
    ('from json("{\\"a\\": [1, 2.5, null]}")', {"a": [1, D("2.5"), None]}),
    ('to json({a: [1, 2.5, null, "x"]})', '{"a":[1,2.5,null,"x"]}'),
    ('string length(uuid())', 36), ('random number() < 1', True),
    ('last day of month(date("2024-02-10"))', feel.evaluate('date("2024-02-29")')),
    # connector functions
    ('bpmnError("123", "error received")', {"code": "123", "message": "error received"}),
    ('bpmnError("1", "m", {a: 1})', {"code": "1", "message": "m", "variables": {"a": 1}}),
    ('bpmnError(1, "m")', None),
    ('jobError("failed").errorType', "jobError"), ('jobError("failed").retries', 0),
    ('jobError("failed", {a: 1}, 3, @"PT5S").retries', 3),
    ('string(jobError("failed").retryBackoff)', "PT0S"), ('jobError(1)', None),
]  # fmt: skip


@pytest.mark.parametrize("expression, expected", CASES)
def test_function(expression, expected):
    check(expression, expected)


def test_assert_fails_the_evaluation():
    assert feel.evaluate("assert(1, 1 > 0)") == 1
    with pytest.raises(feel.FeelEvaluationError, match="too small"):
        feel.evaluate('assert(x, x > 5, "too small")', {"x": 1})


def test_wrong_arity_is_null_with_warning():
    result = feel.evaluate_result("count([1], [2])")
    assert result.value is None
    assert result.warnings[0].kind is feel.WarningKind.INVALID_ARGUMENTS


def test_named_argument_warning_names_the_parameter():
    result = feel.evaluate_result('bpmnError(code: 1, message: "m")')
    assert result.value is None and "code" in result.warnings[0].message
