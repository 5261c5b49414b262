"""Built-ins where Camunda's engine (feel-scala) is the reference, in both dialects.

Each case is (expression, dialect, expected) or (expression, dialect, expected, warning):
``warning`` is a piece of the message a null result must come with. The expectations come
from the DMN 1.5 specification for the ``dmn`` dialect and from Camunda's documentation of
its FEEL built-ins (docs.camunda.io, feel-scala's reference) for the ``camunda`` one; each
case runs by the closures and, from its second evaluation, by the fast path.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from feelcheck import same

import feel
from feel.builtins.registry import BUILTINS, builtins_for
from feel.dialect import CAMUNDA, DMN
from feel.render import render

UUID_V7 = "^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"

DEFAULT_DIALECT_BUGS = [
    # string() quotes the context keys that would not read back as names
    ('string({"{": "foo"})', "dmn", '{"{": "foo"}'),
    ('string({a b: 1, "x-y": 2})', "dmn", '{a b: 1, "x-y": 2}'),
    ('string({"true": 1, " a": 2, "1st": 3})', "dmn", '{"true": 1, " a": 2, "1st": 3}'),
    ('string({café: [{b: "x"}]})', "dmn", '{café: [{b: "x"}]}'),
    # XPath multi-line mode: ^ matches after every newline, a final one too
    ('matches("abcd\\n", "^$", "m")', "dmn", True),
    ('matches("abcd", "^$", "m")', "dmn", False),
    ('matches("a\\n\\nb", "^$", "m")', "dmn", True),
    ('matches("abcd\\n", "^$")', "dmn", False),
    ('matches("x\\ny\\n", "^y$", "m")', "dmn", True),
    # duplicate values: each repeated item once, in the order of its first occurrence
    ("duplicate values([1, 2, 3, 2, 1])", "dmn", [1, 2]),
    ("duplicate values([3, 1, 3, 1, 1])", "dmn", [3, 1]),
    ('duplicate values([1, "1", true, 1.0])', "dmn", [1]),
    ("duplicate values([1, 2, 3])", "dmn", []),
    ("duplicate values(null)", "dmn", None, "must be a list"),
    # date and time(value, zone): the same instant in an IANA zone or at an offset; a local
    # value gets the zone as it is
    ('string(date and time(@"2020-07-31T14:27:30@Europe/Berlin", "Z"))', "dmn",
     "2020-07-31T12:27:30Z"),
    ('string(date and time(@"2020-07-31T14:27:30@Europe/Berlin", "+05:30"))', "dmn",
     "2020-07-31T17:57:30+05:30"),
    ('string(date and time(@"2020-07-31T14:27:30@Europe/Berlin", "America/Los_Angeles"))',
     "dmn", "2020-07-31T05:27:30@America/Los_Angeles"),
    ('string(date and time(@"2020-07-31T14:27:30", "Z"))', "dmn", "2020-07-31T14:27:30Z"),
    ('string(date and time(@"2020-07-31T14:27:30", "Europe/Berlin"))', "dmn",
     "2020-07-31T14:27:30@Europe/Berlin"),
    ('date and time(@"2020-07-31T14:27:30", "Mars/Base")', "dmn", None, "unknown time zone"),
    ('date and time(@"2020-07-31T14:27:30Z", "+19:00")', "dmn", None, "unknown time zone"),
    # decimal(n, scale, mode): Java's rounding modes, in any case
    ('decimal(-2.5, 0, "UP")', "dmn", -3), ('decimal(-2.5, 0, "DOWN")', "dmn", -2),
    ('decimal(-2.5, 0, "CEILING")', "dmn", -2), ('decimal(-2.5, 0, "FLOOR")', "dmn", -3),
    ('decimal(-2.5, 0, "HALF_UP")', "dmn", -3), ('decimal(-2.5, 0, "HALF_DOWN")', "dmn", -2),
    ('decimal(-2.5, 0, "HALF_EVEN")', "dmn", -2), ('decimal(2.55, 1, "half_up")', "dmn", Decimal("2.6")),
    ('decimal(1.50, 1, "UNNECESSARY")', "dmn", Decimal("1.5")),
    ('decimal(7, 2, "UNNECESSARY")', "dmn", 7),
    ('decimal(1.5, 0, "UNNECESSARY")', "dmn", None, "necessary"),
    ('decimal(1.5, 0, "ROUND")', "dmn", None, "unknown rounding mode"),
    # to json: Java's ISO text of a zoned date and time, functions by their parameters
    ('to json(@"2023-06-14T14:55:00@Europe/Berlin")', "dmn",
     '"2023-06-14T14:55:00+02:00[Europe/Berlin]"'),
    ('to json(@"2023-01-14T14:55:00@Europe/Berlin")', "dmn",
     '"2023-01-14T14:55:00+01:00[Europe/Berlin]"'),
    ('to json({when: @"2023-06-14T14:55:00+02:00", day: @"2023-06-14"})', "dmn",
     '{"when":"2023-06-14T14:55:00+02:00","day":"2023-06-14"}'),
    ("to json(function(a, b) a + b)", "dmn", '"function(a, b)"'),
    ("to json([1, {f: function(x) x}])", "dmn", '[1,{"f":"function(x)"}]'),
    # get value with a list of keys; an empty list finds nothing
    ("get value({a: 1}, [])", "dmn", None),
    ('get value({a: {b: 2}}, ["a", "b"])', "dmn", 2),
    ('get value({a: {b: 3}}, ["b"])', "dmn", None),
    # context merge and put all take their contexts as a list or as varargs
    ("context merge({a: 1}, {b: 2})", "dmn", {"a": 1, "b": 2}),
    ("context merge({a: 1}, {a: 2}, {c: 3})", "dmn", {"a": 2, "c": 3}),
    ("context merge([{a: 1}, {b: 2}])", "dmn", {"a": 1, "b": 2}),
    ("context merge(contexts: [{a: 1}, {b: 2}])", "dmn", {"a": 1, "b": 2}),
    ("context merge({a: 1}, 2)", "dmn", None, "must be a context"),
    ("put all({x: 1}, {y: 2}, {x: 3})", "dmn", {"x": 3, "y": 2}),
    # trim and is blank use Java's white space: a non-breaking space is not white space
    ('trim("\\t a b \\n")', "dmn", "a b"),
    ('string length(trim("\\u00a0a "))', "dmn", 2),
    ('is blank(" \\t\\n\\u2003")', "dmn", True), ('is blank("\\u00a0")', "dmn", False),
    ('is blank("")', "dmn", True),
    # uuid() is of version 7, as Camunda's
    (f'matches(uuid(), "{UUID_V7}")', "dmn", True),
    # extract has Camunda's parameter names
    ('extract(input: "a1b22", pattern: "[0-9]+")', "dmn", ["1", "22"]),
    ('extract("a1b22", "[0-9]+")', "dmn", ["1", "22"]),
]  # fmt: skip

CAMUNDA_DIALECT = [
    # DMN 1.1's and(list) / or(list), which feel-scala keeps
    ("and([true, false])", "camunda", False), ("and(false, null, true)", "camunda", False),
    ("and([true, true])", "camunda", True), ("and(list: [true, null])", "camunda", None),
    ("or([false, true])", "camunda", True), ("or(false, null, true)", "camunda", True),
    ("not(or([false]))", "camunda", True), ("x and or(x, false)", "camunda", True),
    ("x and (x)", "camunda", True), ("(x)or(false)", "camunda", True),
    ("and([true])", "dmn", None, "no function found"),
    # Camunda's parameter names in named calls; DMN 1.5's keep working
    ("abs(number: -1)", "camunda", 1), ("abs(n: -1)", "camunda", 1), ("abs(-2)", "camunda", 2),
    ("abs(number: -1)", "dmn", None, "no signature"),
    ("get entries(context: {a: 1})", "camunda", [{"key": "a", "value": 1}]),
    ("get entries(m: {a: 1})", "camunda", [{"key": "a", "value": 1}]),
    ("union(lists: [[1, 2], [2, 3]])", "camunda", [1, 2, 3]),
    ("union([1, 2], [2, 3])", "camunda", [1, 2, 3]),
    ("concatenate(lists: [[1], [2, 3]])", "camunda", [1, 2, 3]),
    ("append(list: [1], items: [2, 3])", "camunda", [1, 2, 3]),
    ("sublist(list: [1, 2, 3], start: 2)", "camunda", [2, 3]),
    ("sublist(list: [1, 2, 3], start: 2, length: 1)", "camunda", [2]),
    ("sublist(list: [1, 2, 3], start position: 2)", "camunda", [2, 3]),
    ('get value(context: {a: 1}, key: "a")', "camunda", 1),
    ('get value(context: {a: {b: 1}}, keys: ["a", "b"])', "camunda", 1),
    ('get value(m: {a: 1}, key: "a")', "camunda", 1),
    # Java's date and time texts, in functions and in @"..." literals
    ('string(time("T23:59:00"))', "camunda", "23:59:00"),
    ('string(@"T23:59:00")', "camunda", "23:59:00"),
    ('string(time("10:30"))', "camunda", "10:30:00"),
    ('string(time("T10:15:30.5+01:00"))', "camunda", "10:15:30.5+01:00"),
    ('string(time("10:15:30@Europe/Paris"))', "camunda", "10:15:30@Europe/Paris"),
    ('time("10:30+01:00")', "camunda", None, "not a valid time"),
    ('time("24:00:00")', "camunda", None, "not a valid time"),
    ('string(date and time(date("2012-12-24"), time("T23:59:00")))', "camunda",
     "2012-12-24T23:59:00"),
    ('string(date and time("2021-09-08T10:30:00+02:00[Europe/Berlin]"))', "camunda",
     "2021-09-08T10:30:00@Europe/Berlin"),
    ('string(@"2021-09-08T10:30:00+02:00[Europe/Berlin]")', "camunda",
     "2021-09-08T10:30:00@Europe/Berlin"),
    ('string(date and time("2021-09-08T10:30:00+01:00[Europe/Berlin]"))', "camunda",
     "2021-09-08T11:30:00@Europe/Berlin"),
    ('string(date and time("2021-09-08T10:30"))', "camunda", "2021-09-08T10:30:00"),
    ('date and time("2023-02-29T10:00:00")', "camunda", None, "not a valid date and time"),
    ('date and time("2021-09-08T10:30:00+02:00[Mars/Base]")', "camunda", None, "not a valid"),
    ('string(duration("PT-5M"))', "camunda", "-PT5M"),
    ('string(duration("P-1Y"))', "camunda", "-P1Y"),
    ('string(@"P-1Y")', "camunda", "-P1Y"),
    ('string(duration("P1Y-2M"))', "camunda", "P10M"),
    ('string(duration("P-1Y-2M"))', "camunda", "-P1Y2M"),
    ('string(duration("-PT-5M"))', "camunda", "PT5M"),
    ('string(duration("PT-3M-4S"))', "camunda", "-PT3M4S"),
    ('string(duration("P1DT-1H"))', "camunda", "PT23H"),
    ('duration("PT-1.5S") = -duration("PT1.5S")', "camunda", True),
    ('duration("P1W")', "camunda", None, "not a valid duration"),
    ('duration("P1Y2D")', "camunda", None, "not a valid duration"),
    ('duration("PT")', "camunda", None, "not a valid duration"),
    ('time("T23:59:00")', "dmn", None, "not a valid time"),
    ('duration("PT-5M")', "dmn", None, "not a valid duration"),
    # string() as Camunda writes values
    ('string(@"P0D")', "camunda", "P0D"), ('string(@"PT0H0M0S")', "camunda", "P0D"),
    ('string(@"-PT0S")', "camunda", "P0D"), ('string(@"P0Y0M")', "camunda", "P0Y"),
    ('string(@"-PT2M30S")', "camunda", "-PT2M30S"),
    ('string(@"P1DT2H3M4S")', "camunda", "P1DT2H3M4S"),
    ('string(@"PT1.5S")', "camunda", "PT1S"), ('string(@"P25M")', "camunda", "P2Y1M"),
    ('string(@"-P3Y1M")', "camunda", "-P3Y1M"),
    ("string({a: 1, b: 2})", "camunda", "{a:1, b:2}"), ("string({})", "camunda", "{}"),
    ("string([])", "camunda", "[]"), ("string([1, 2, 3])", "camunda", "[1, 2, 3]"),
    ('string({a: "x", b: [1, "y", null], c: {d: true}})', "camunda",
     '{a:"x", b:[1, "y", null], c:{d:true}}'),
    ("string([{l: [1, 2]}, 3])", "camunda", "[{l:[1, 2]}, 3]"),
    ('string({"x-y": 1})', "camunda", "{x-y:1}"),
    ('string({d: @"2012-12-25", p: @"P0D"})', "camunda", "{d:2012-12-25, p:P0D}"),
    ('string("hello")', "camunda", "hello"), ("string(1.1)", "camunda", "1.1"),
    ("string(true)", "camunda", "true"), ("string(null)", "camunda", None),
    ('string(date and time("2012-12-25T11:00:00+02:00"))', "camunda",
     "2012-12-25T11:00:00+02:00"),
    ("string([1..10])", "camunda", "[1..10]"), ("string((1..10])", "camunda", "(1..10]"),
    ("string(function(a, b) a)", "camunda", "function(a, b)"),
    ("string(date(10000, 1, 1))", "camunda", "+10000-01-01"),
    ("string(date(10000, 1, 1))", "dmn", "10000-01-01"),
    ('string(@"P0D")', "dmn", "PT0S"), ("string({a: 1, b: 2})", "dmn", "{a: 1, b: 2}"),
    # substring as feel-scala bounds it
    ('substring("abc", 4, 4)', "camunda", ""), ('substring("abc", 4)', "camunda", ""),
    ('substring("abc", 0)', "camunda", ""), ('substring("abc", -1)', "camunda", "c"),
    ('substring("abc", 2, 5)', "camunda", "bc"), ('substring("abc", 1.9, 1)', "camunda", "a"),
    ('substring("abc", 5)', "camunda", None, "out of range"),
    ('substring("abc", -4)', "camunda", None, "out of range"),
    ('substring("abc", 2, -1)', "camunda", None, "negative length"),
    ('substring("abc", 4, 4)', "dmn", None, "out of range"),
    # feel-scala's edge cases of standard functions
    ("sublist([1, 2, 3], 5)", "camunda", []), ("sublist([1, 2, 3], -5)", "camunda", [1, 2, 3]),
    ("sublist([1, 2, 3], 2, 5)", "camunda", [2, 3]), ("sublist([1, 2, 3], -2, 1)", "camunda", [2]),
    ("sublist([1, 2, 3], 5)", "dmn", None, "out of range"),
    ("insert before([1, 3], 9, 2)", "camunda", [1, 3, 2]),
    ("insert before([1, 3], -9, 2)", "camunda", [2, 1, 3]),
    ("insert before([1, 3], 2, 2)", "camunda", [1, 2, 3]),
    ("remove([1, 2, 3], 5)", "camunda", [1, 2, 3]), ("remove([1, 2, 3], -1)", "camunda", [1, 2]),
    ("remove([1, 2, 3], 0)", "camunda", None, "out of range"),
    ("odd(1.5)", "camunda", False), ("even(1.5)", "camunda", False), ("odd(-3)", "camunda", True),
    ("even(1.5)", "dmn", None, "integer"),
    ('context([{key: "a", value: 1}, {key: "a", value: 2}])', "camunda", {"a": 2}),
    ('context([{key: "a", value: 1}, {key: "a", value: 2}])', "dmn", None, "duplicate key"),
    ("string(sqrt(2))", "camunda", "1.4142135623730951"), ("string(sqrt(16))", "camunda", "4.0"),
    ("string(exp(1))", "camunda", "2.718281828459045"),
    ("string(log(10))", "camunda", "2.302585092994046"),
    ("string(stddev(2, 4, 7, 5))", "camunda", "2.0816659994661326"),
    ("stddev([2, 4, 7, 5]) = stddev(2, 4, 7, 5)", "camunda", True),
    ("stddev([1])", "camunda", None, "two numbers"),
    ("log(0)", "camunda", None, "positive"), ("exp(1000)", "camunda", None, "not a finite"),
    ("sqrt(-1)", "camunda", None, "negative"),
    ("sqrt(2) = 1.414213562373095048801688724209698", "dmn", True),
]  # fmt: skip

CASES = DEFAULT_DIALECT_BUGS + CAMUNDA_DIALECT
_ENGINES = {name: feel.Engine(dialect=name) for name in ("dmn", "camunda")}


def _check(case: tuple) -> None:
    expression, dialect, expected = case[:3]
    warning = case[3] if len(case) > 3 else None
    engine = _ENGINES[dialect]
    variables: dict[str, Any] = {"x": True}
    compiled = engine.compile(expression, list(variables))
    result = compiled.program("closures").evaluate_result(variables)
    message = (f"\n  expression: {expression}\n  dialect: {dialect}\n"
               f"  expected: {render(feel.to_feel(expected))}\n  actual: {render(result.value)}"
               f"\n  warnings: {[str(w) for w in result.warnings]}")  # fmt: skip
    assert same(result.value, expected), message
    if warning is not None:
        assert any(warning in str(w) for w in result.warnings), message
    try:  # the generated code, where there is some, gives the same value
        generated = compiled.program("generated").evaluate(variables)
    except feel.Declined:
        return
    assert same(generated, expected), f"{message}\n  generated code: {render(generated)}"


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case[1]}: {case[0]}")
def test_builtin(case: tuple) -> None:
    _check(case)


def test_the_default_dialect_has_the_standard_table():
    assert builtins_for(DMN) is BUILTINS


def test_camunda_switches_are_on_in_the_camunda_dialect_only():
    switches = CAMUNDA.switches()
    for name in ("camunda_builtins", "java_temporal_texts", "camunda_string_format"):
        assert switches[name] is True
        assert getattr(DMN, name) is False


def test_named_only_aliases_never_take_positional_calls():
    table = builtins_for(CAMUNDA)
    aliases = [s for s in table["abs"].signatures if s.named_only]
    assert [s.params for s in aliases] == [("number",)]
    assert not any(s.accepts_count(1) for s in aliases)


def test_an_unknown_switch_is_refused_at_registration():
    from feel.builtins.registry import builtin

    with pytest.raises(ValueError, match="unknown dialect switch"):
        builtin("nothing", "x", dialect="no_such_switch")


@pytest.mark.parametrize(
    "key", ["a", "a b", "a 1", "x1", "café au lait", "_", "{", "a-b", "a  b", " a", "", "if x", "null"]
)
def test_string_of_a_context_reads_back_as_the_same_context(key):
    text = feel.evaluate("string(c)", {"c": {key: [1, {key: "v"}]}})
    assert feel.evaluate(text) == {key: [1, {key: "v"}]}, text
