"""Names with spaces, keywords and symbols, resolved against the scope (see NAMES.md)."""

import pytest
from feelcheck import check

import feel

CASES = [
    ("a-b", {"a": 5, "b": 2}, 3),
    ("a-b", {"a-b": 1}, 1),
    ("a - b", {"a-b": 1, "a": 5, "b": 2}, 3),
    ("Full Name", {"Full Name": "Ada"}, "Ada"),
    ("{Full Name: \"Ada\"}.Full Name", None, "Ada"),
    ("{a b: 1, c: a b + 1}.c", None, 2),
    ("Applicant Data.Monthly Income", {"Applicant Data": {"Monthly Income": 10}}, 10),
    ("Mike's daughter.name", {"Mike's daughter": {"name": "Ann"}}, "Ann"),
    ("`kebab-name` + 1", {"kebab-name": 1}, 2),
    ('date and time("2023-01-19T10:00:00") = date and time("2023-01-19T10:00:00")',
     {"date": 1}, True),
    ("get or else(null, 1)", None, 1),
    ("x.y / 2", {"x.y": 4}, 2),
    ("{a-b: 1, c: a-b + 1}.c", None, 2),
    ("for Item Price in [1, 2] return Item Price * 2", None, [2, 4]),
    ("(function(first value, second value) first value + second value)(1, 2)", None, 3),
    ("some a-b in [1, 2] satisfies a-b > 1", None, True),
    ("Is Affordable", {"Is Affordable": True}, True),
    ("? + 1", {"?": 1}, 2),
]  # fmt: skip


@pytest.mark.parametrize("expression, variables, expected", CASES)
def test_name(expression, variables, expected):
    check(expression, expected, variables)


def test_compile_with_names():
    expression = feel.compile("Monthly-Income * 12", names=["Monthly-Income"])
    assert expression.evaluate({"Monthly-Income": 10}) == 120


def test_unknown_name_warns():
    result = feel.evaluate_result("Missing Value + 1")
    assert result.value is None
    assert result.warnings[0].kind is feel.WarningKind.NO_VARIABLE_FOUND
    assert "Missing Value" in result.warnings[0].message
