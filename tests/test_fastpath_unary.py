"""Unary tests in the generated tier: ``? in (tests)`` translated as an expression's ``in``
(the closures test both with one function, :func:`feel.unary.compile_tests`), ``not(...)``
negating the verdict. The generated tier gives the closures' verdict and warnings on inputs
of every kind; the ``"auto"`` tier runs it from the second test on; tests it does not cover
(``-``, tests that are not constants of one kind) are declined with the reason."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

import feel
from bench.fuzz import identical, said
from tiers import DIALECTS

TESTS = [
    "< 10", "<= 10", "> 1, < 0", ">= 200, < 100", "[1..10]", "(1..10)", "]1..10[", "[200..299]",
    "1, 2, 3", '"a", "b"', '"a"', "5", "not(1, 2)", "not(< 5)", 'not("a", "b")', "[1, 2, 3]",
    "[1, 2]", "[1..5], 7", "< 2.5", '>= "b"', "< 0, 5.5", "not([1..3], 9)",
]
INPUTS = {
    "int": 2, "big int": 250, "decimal": Decimal("2.5"), "float": 2.0, "text": "a",
    "other text": "b", "null": None, "true": True, "list": [1, 2], "context": {"a": 1},
    "date": datetime.date(2024, 1, 2), "huge": 10**40, "past FEEL's range": 10**7000,
    "nan": float("nan"),
}


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("text", TESTS)
def test_the_generated_tier_of_unary_tests_is_the_closures(dialect, text):
    tests = DIALECTS[dialect].compile_unary_tests(text)
    assert tests.why_not_generated() is None
    generated, closures = tests.program("generated"), tests.program("closures")
    assert generated.source and "def fast" in generated.source
    for name, value in INPUTS.items():
        expected = closures.test_result(value)
        assert identical(generated.test(value), expected.value), name
        result = generated.test_result(value, {})
        assert identical(result.value, expected.value), name
        assert said(result) == said(expected), name


def test_the_auto_tier_makes_the_generated_code_at_the_second_test(monkeypatch):
    from feel import fastpath

    made = []
    original = fastpath.translate_tests

    def counted(tree, engine, text=""):
        made.append(text)
        return original(tree, engine, text)

    monkeypatch.setattr(fastpath, "translate_tests", counted)
    tests = feel.compile_unary_tests("[18..65]")
    assert tests.test(17) is False and made == []  # the first: the closures alone
    assert tests.test(18) is True and made == ["[18..65]"]  # made once, at the second
    assert [tests.test(age) for age in (65, 66)] == [True, False] and made == ["[18..65]"]
    assert tests.test_result(40).value is True and tests.why_not_generated() is None


@pytest.mark.parametrize("text, why", [("-", "no tests"), ("> x", "constants"),
                                       ("? > 5", "constants")])  # fmt: skip
def test_unary_tests_without_generated_code_are_declined_with_the_reason(text, why):
    tests = feel.compile_unary_tests(text, ["x"])
    assert why in tests.why_not_generated()
    with pytest.raises(feel.Declined, match=why):
        tests.program("generated")
    closures = tests.program("closures").test(7, {"x": 3})
    assert tests.program("auto").test(7, {"x": 3}) is closures is tests.test(7, {"x": 3})


def test_the_input_is_among_the_variables_and_hides_one_named_so():
    tests = feel.compile_unary_tests("< 10, 20")
    generated = tests.program("generated")
    assert generated.test(20, {"?": 5, "y": 1}) is True
    assert generated.test(15, {"?": 5}) is False
    with pytest.raises(feel.Declined, match="reads a dict"):
        generated.test(5, _Mapping())
    assert tests.test(5, _Mapping()) is True  # (auto: the closures)


class _Mapping(dict):
    """Variables that are not a dict (a subclass): the generated code declines them."""
