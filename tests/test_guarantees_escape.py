"""What the library promises about untrusted input: only FeelErrors leave, and no way out.

Only :class:`feel.FeelError` subclasses leave the library, for any text and any variables:
odd Python objects outside the value mapping, cyclic or deep structures, failing host
functions, non-finite and out-of-range numbers, non-ASCII digits. No way out of FEEL: no
Python attributes, modules, files, processes or network; externals and secrets stay shut.

The README's "Guarantees" section names the tests behind each promise (issue 7); a
finding that cannot be fixed at once is a test marked ``xfail(strict=True)`` whose reason
says what is wrong, unmarked when fixed. Shared helpers: ``tests/guarantees_support.py``.
"""

from __future__ import annotations

import collections
import datetime as dt
import subprocess
import sys
import types
from decimal import Decimal
from typing import Any, ClassVar

import pytest
from guarantees_support import (
    DMN, cyclic_dict, cyclic_list, deep_dict, deep_list, finishes_within, outcome, tuple_cycle,
)

from bench.inputs import Exploding, Spy

import feel
from feel import WarningKind


# -- only FeelErrors leave; what the value mapping does with odd Python objects ------------


# Spy (records attribute reads) and Exploding (raises on every use): bench/inputs.py


class Text(str):
    """A str subclass."""


#: Values outside the value mapping become null: they are not read, iterated or called.
UNMAPPED = {
    "set": lambda: {1, 2},
    "frozenset": lambda: frozenset([1]),
    "bytes": lambda: b"abc",
    "bytearray": lambda: bytearray(b"abc"),
    "memoryview": lambda: memoryview(b"abc"),
    "generator": lambda: (i for i in range(3)),
    "range": lambda: range(3),
    "object": object,
    "spy": Spy,
    "exploding": Exploding,
    "complex": lambda: 1j,
    "ellipsis": lambda: ...,
    "mapping proxy": lambda: types.MappingProxyType({"a": 1}),
    "str subclass": lambda: Text("a"),
    "float nan": lambda: float("nan"),
    "float inf": lambda: float("-inf"),
}

EXPRESSIONS_OVER_X = [
    "x", "x.a", "x.__class__", "x = x", "x != 1", "x < 1", "x + 1", "-x", "x[1]", "x[item > 0]",
    "string(x)", "count(x)", "for i in x return i", "some i in x satisfies i = 1", "{a: x}.a",
    "x instance of Any", "to json(x)", "x in [1..2]", "x(1)", "is defined(x.a)", "[x][1]",
    "sort(x)", "string join(x)", "get entries(x)", "flatten([x, [x]])", "distinct values([x, x])",
]  # fmt: skip


@pytest.mark.parametrize("name", sorted(UNMAPPED))
def test_values_outside_the_mapping_become_null_untouched(name):
    Spy.reads.clear()
    value = UNMAPPED[name]()
    assert feel.evaluate("x", {"x": value}) is None
    assert feel.evaluate("[x, 1]", {"x": value}) == [None, Decimal(1)]
    assert Spy.reads == []


def test_generator_is_not_consumed():
    generator = (i for i in range(3))
    feel.evaluate("count(x)", {"x": generator})
    assert next(generator) == 0


@pytest.mark.parametrize("name", sorted(UNMAPPED))
@pytest.mark.parametrize("text", EXPRESSIONS_OVER_X)
def test_any_expression_over_unmapped_values_gives_value_or_feel_error(name, text):
    Spy.reads.clear()
    kind, _ = outcome(lambda: feel.evaluate_result(text, {"x": UNMAPPED[name]()}))
    assert kind in ("value", "error")
    assert Spy.reads == []


def test_mapped_python_values():
    variables = {
        "i": 7, "f": 0.1, "t": (1, 2), "d": {1: "one"}, "b": True,
        "day": dt.date(2021, 1, 31), "moment": dt.datetime(2021, 1, 31, 10, 30),
        "span": dt.timedelta(hours=1), "fn": lambda a: a * 2,
    }  # fmt: skip
    result = feel.evaluate("[i, f, t, d, b, string(day), fn(21)]", variables)
    assert result == [Decimal(7), Decimal("0.1"), [Decimal(1), Decimal(2)], {"1": "one"}, True,
                      "2021-01-31", Decimal(42)]  # fmt: skip
    assert type(result[4]) is bool


def test_dict_keys_become_strings_and_mapping_kinds_are_accepted():
    assert feel.evaluate("x", {"x": {1: "a", None: "b"}}) == {"1": "a", "None": "b"}
    assert feel.evaluate("x", types.MappingProxyType({"x": 1})) == Decimal(1)
    assert feel.evaluate("x + y", collections.ChainMap({"x": 1}, {"y": 2})) == Decimal(3)


HOSTILE_STRUCTURES = {
    "cyclic dict": cyclic_dict,
    "cyclic list": cyclic_list,
    "cycle through a tuple": tuple_cycle,
    "list nested 5000 deep": lambda: deep_list(5000),
    "dict nested 5000 deep": lambda: deep_dict(5000),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_STRUCTURES))
@pytest.mark.parametrize("text", ["1", "x", "x = x", "string(x)", "count(x)", "to json(x)"])
def test_cyclic_or_deep_variables_give_value_or_feel_error(name, text):
    kind, _ = outcome(lambda: feel.evaluate(text, {"x": HOSTILE_STRUCTURES[name]()}))
    assert kind in ("value", "error")


@pytest.mark.parametrize("name", sorted(HOSTILE_STRUCTURES))
def test_cyclic_or_deep_tested_values_give_verdict_or_feel_error(name):
    kind, _ = outcome(lambda: feel.unary_test("1", HOSTILE_STRUCTURES[name]()))
    assert kind in ("value", "error")


@pytest.mark.parametrize("name", ["cyclic dict", "cyclic list", "list nested 5000 deep"])
def test_to_python_of_cyclic_or_deep_values_gives_value_or_feel_error(name):
    kind, _ = outcome(lambda: feel.to_python(HOSTILE_STRUCTURES[name]()))
    assert kind in ("value", "error")


def test_deep_result_can_be_converted_or_gives_feel_error():
    value = feel.evaluate("(for i in 1..3000 return if i = 1 then [1] else [partial[-1]])[-1]")
    kind, _ = outcome(lambda: feel.to_python(value))
    assert kind in ("value", "error")


def test_deep_result_fed_back_as_variable_gives_value_or_feel_error():
    value = feel.evaluate("(for i in 1..3000 return if i = 1 then [1] else [partial[-1]])[-1]")
    kind, _ = outcome(lambda: feel.evaluate("x", {"x": value}))
    assert kind in ("value", "error")


def has_cycle(value: Any, path: tuple[int, ...] = ()) -> bool:
    """Whether a list or dict contains itself, directly or further down."""
    if type(value) not in (list, dict):
        return False
    if id(value) in path:
        return True
    items = value.values() if type(value) is dict else value
    return any(has_cycle(item, (*path, id(value))) for item in items)


@pytest.mark.parametrize("text", [
    "for i in 1..3 return partial",
    "for i in 1..3 return [partial]",
    "for i in 1..3 return {p: partial}",
    "for a in [1, 2], b in [1] return partial",
    "for a in [1, 2] return for b in [1] return partial",
])  # fmt: skip
def test_partial_cannot_build_a_list_that_contains_itself(text):
    kind, value = outcome(lambda: feel.evaluate(text))
    assert kind == "error" or not has_cycle(value)


@pytest.mark.parametrize("variables", ["abc", [1, 2], {1}, 5, object()])
def test_variables_that_are_not_a_mapping_give_feel_error(variables):
    kind, _ = outcome(lambda: feel.evaluate("1", variables))
    assert kind in ("value", "error")


@pytest.mark.parametrize("names", [[1, None], 5, "ab"])
def test_odd_names_give_feel_error_or_compile(names):
    kind, _ = outcome(lambda: feel.compile("x + 1", names))
    assert kind in ("value", "error")


@pytest.mark.parametrize("error", [RuntimeError("boom"), RecursionError(), ValueError(),
                                   StopIteration(), TypeError()])  # fmt: skip
def test_host_function_exceptions_become_null_and_warning(error):
    def fails(*args):
        raise error

    result = feel.evaluate_result("f(1)", {"f": fails})
    assert result.value is None and result.warnings
    assert feel.evaluate("sort([3, 1, 2], f)", {"f": fails}) is None


# -- non-finite and out-of-range numbers (G4) ----------------------------------------------


@pytest.mark.parametrize("number", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_non_finite_decimal_variables_become_null(number):
    assert feel.evaluate("x", {"x": Decimal(number)}) is None
    assert feel.evaluate("[x]", {"x": Decimal(number)}) == [None]


@pytest.mark.parametrize("number", ["NaN", "sNaN", "Infinity"])
@pytest.mark.parametrize("text", ["x < 1", "x = 1", "x + 1", "sort([x, 1])", "string(x)",
                                  "floor(x)", "decimal(x, 2)", "x in [1..2]"])  # fmt: skip
def test_non_finite_decimal_variables_give_value_or_feel_error(number, text):
    kind, _ = outcome(lambda: feel.evaluate(text, {"x": Decimal(number)}))
    assert kind in ("value", "error")


def test_power_never_gives_infinity():
    assert feel.evaluate("0 ** -1") is None


@pytest.mark.parametrize("text", ["1e999999999", 'from json("1e999999999")',
                                  'number("1e999999999")', 'number("-1e999999999")'])  # fmt: skip
def test_out_of_range_numbers_are_refused(text):
    kind, value = outcome(lambda: feel.evaluate(text))
    assert kind == "error" or value is None


def test_out_of_range_negative_literal_is_a_feel_error():
    kind, _ = outcome(lambda: feel.evaluate("-1e999999999"))
    assert kind in ("value", "error")



def test_to_python_of_an_out_of_range_decimal_does_not_hang():
    assert finishes_within("from decimal import Decimal\nfeel.to_python(Decimal('1E+9999999'))", 120)


@pytest.mark.parametrize("text", ['substring("abc", 1, 1e999999999)',
                                  "sublist([1, 2, 3], 1, 1e999999999)",
                                  "decimal(1, 1e999999999)",
                                  'substring("abc", 1, number("1e999999999"))'])  # fmt: skip
def test_huge_numbers_do_not_hang(text):
    assert finishes_within(f"feel.evaluate({text!r})", 120)  # a hang guard: it takes ms


def test_string_of_a_huge_number_respects_max_string():
    code = "print(feel.Engine(max_string=1000).evaluate('string length(string(1e999999))'))"
    run = subprocess.run([sys.executable, "-c", "import feel\n" + code], capture_output=True,
                         text=True, timeout=60, check=False)  # fmt: skip
    assert run.stdout.strip() in ("None", "")


def test_number_of_a_long_text_has_34_digits():
    assert feel.evaluate('number("' + "9" * 1000 + '")') == Decimal("1E+1000")


def test_number_of_an_out_of_range_text_is_null_with_a_warning():
    result = feel.evaluate_result('number("1e999999999")')
    assert result.value is None and "out of range" in str(result.warnings[0])


#: Results a host will print: their str() and repr() must work.
PRINTABLE = [
    'duration("P999999999999999999999999999Y") * 1e6000',
    'duration("PT999999999999999999999999999S") * 1e6000',
    'duration("P99999999Y") * 1e6000', 'duration("PT1S") * 1e6000', 'duration("P1Y") / 1e-6000',
    'date(999999999, 12, 31) - date(-999999999, 1, 1)', 'duration("P1D") * 1e30',
    'duration("P' + "9" * 5000 + 'D")',
]  # fmt: skip


@pytest.mark.parametrize("text", PRINTABLE)
def test_results_can_be_printed(text):
    result = feel.evaluate_result(text)
    assert str(result.value) and repr(result.value)
    feel.to_python(result.value)
    kind, _ = outcome(lambda: feel.evaluate("string(x)", {"x": result.value}))
    assert kind == "value"


# -- small correctness points: digits are 0-9 only -----------------------------------------

@pytest.mark.parametrize("expression, ascii_twin", [
    ('date("٢٠٢٠-٠١-٠١")', 'date("2020-01-01")'),
    ('time("١٢:٠٠:٠٠")', 'time("12:00:00")'),
    ('number("١")', 'number("1")'),
    ('duration("P١D")', 'duration("P1D")'),
])  # fmt: skip
def test_non_ascii_digits_are_refused_by_conversions(expression: str, ascii_twin: str):
    result = feel.evaluate_result(expression)
    assert result.value is None and result.warnings
    assert feel.evaluate(ascii_twin) is not None


# -- no way out ----------------------------------------------------------------------------

VALUES = ["1", '"s"', "[1]", "{a: 1}", "[1..2]", "function(a) a", 'date("2021-01-01")',
          "duration(\"P1D\")", "true", "null", "string", "x", "f"]  # fmt: skip
ATTRIBUTES = ["__class__", "__dict__", "__globals__", "__code__", "__module__", "__builtins__",
              "__subclasses__", "__init__", "__reduce__", "mro", "body", "scope", "callable",
              "parameters", "engine", "state", "vars", "secret", "invoke"]  # fmt: skip


def _escape_variables() -> dict[str, Any]:
    return {"x": Spy(), "f": len}


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("attribute", ATTRIBUTES)
def test_no_python_attribute_is_reachable(value, attribute):
    Spy.reads.clear()
    text = f"({value}).{attribute}"
    result = feel.evaluate_result(text, _escape_variables())
    assert result.value in (None, [None])
    assert Spy.reads == []
    by_name = feel.evaluate(f'get value({value}, "{attribute}")', _escape_variables())
    assert by_name is None


ESCAPES = [
    '__import__("os")', '__import__("os").system("true")', "__builtins__", "globals()",
    'open("/etc/passwd")', 'eval("1")', 'exec("1")', 'getattr(1, "__class__")', "locals()",
    "compile", 'sys.modules', 'os.environ', 'system("true")', "string.__call__(1)",
    'date and time("2021-01-01T00:00:00@../../../../etc/passwd")',
    'time("10:00:00@/etc/localtime")', 'from json("{\\"__class__\\": 1}").__class__',
    'context({key: "__class__", value: 1}).__class__', "x.secret", "f.__self__",
]  # fmt: skip


@pytest.mark.parametrize("text", ESCAPES)
def test_escape_attempts_give_null(text):
    result = feel.evaluate_result(text, _escape_variables())
    assert result.value is None or result.value == Decimal(1)  # a context entry "__class__"


class Audit:
    """Records sensitive audit events (open, socket, subprocess, exec...) while active."""

    SENSITIVE = ("open", "os.", "socket.", "subprocess.", "exec", "ctypes.", "urllib.",
                 "http.", "shutil.", "pty.", "webbrowser.", "sys._getframe", "object.__getattr__")  # fmt: skip
    active = False
    events: ClassVar[list[str]] = []
    installed = False

    @classmethod
    def hook(cls, event: str, args: Any) -> None:
        if cls.active and event.startswith(cls.SENSITIVE):
            cls.events.append(event)


def test_no_expression_touches_files_processes_or_network():
    if not Audit.installed:
        sys.addaudithook(Audit.hook)
        Audit.installed = True
    texts = [t for t in ESCAPES if "@" not in t] + [f"({v}).{a}" for v in VALUES for a in ATTRIBUTES]
    compiled = [feel.compile(text) for text in texts]
    for expression in compiled:  # warm up: first uses import modules lazily, and the
        for _ in range(2):  # second makes the generated code (our own source, exec'd)
            expression.evaluate_result(_escape_variables())
    Audit.events.clear()
    Audit.active = True
    try:
        for expression in compiled:
            expression.evaluate_result(_escape_variables())
    finally:
        Audit.active = False
    assert Audit.events == []


def test_objects_passed_in_expose_nothing():
    Spy.reads.clear()
    spy = Spy()
    for text in ["x.secret", "x.__dict__", "get value(x, \"secret\")", "get entries(x)",
                 "string(x)", "x", "to json(x)"]:  # fmt: skip
        assert feel.evaluate(text, {"x": spy}) in (None, "null")
    assert Spy.reads == []


def test_external_functions_are_off_by_default():
    text = ('function(x) external {java: {class: "java.lang.Math", '
            'method signature: "max(double, double)"}}')
    result = feel.evaluate_result(text)
    assert result.value is None
    assert [w.kind for w in result.warnings] == [WarningKind.UNSUPPORTED]
    call = feel.evaluate_result("{biggest: " + text + ", r: biggest(1, 2)}.r")
    assert call.value is None and call.warnings


def test_external_functions_only_through_the_resolver():
    seen = []

    def resolve(definition, names):
        seen.append((definition, names))

    engine = feel.Engine(resolve_external=resolve)
    assert engine.evaluate('function(a) external {python: {module: "os"}}') is None
    assert seen == [({"python": {"module": "os"}}, ("a",))]


BOMB = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        + DMN + '<decision name="d" id="d"><literalExpression><text>"&c;"</text>'
        "</literalExpression></decision></definitions>")  # fmt: skip
XXE = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + DMN
       + '<decision name="d" id="d"><literalExpression><text>"&x;"</text>'
       "</literalExpression></decision></definitions>")  # fmt: skip


@pytest.mark.parametrize("document", [BOMB, XXE], ids=["entity expansion", "external entity"])
def test_dmn_documents_cannot_expand_or_read_entities(document):
    import feel.dmn

    with pytest.raises(feel.DmnError):
        feel.dmn.load(document)


def test_dmn_java_externals_are_an_allow_list():
    import feel.dmn

    engine = feel.dmn.default_engine()
    for java_class, signature in [("java.lang.Runtime", "exec(java.lang.String)"),
                                  ("java.lang.System", "exit(int)"),
                                  ("java.lang.Class", "forName(java.lang.String)")]:  # fmt: skip
        text = (f'{{f: function(a) external {{java: {{class: "{java_class}", '
                f'method signature: "{signature}"}}}}, r: f("true")}}.r')
        result = engine.evaluate_result(text)
        assert result.value is None and result.warnings
    maximum = 'function(a, b) external {java: {class: "java.lang.Math", method signature: ' \
              '"max(double, double)"}}'
    assert engine.evaluate("{f: " + maximum + ", r: f(1, 2)}.r") == Decimal(2)


@pytest.mark.parametrize("data", ["{{secrets.TOKEN}}", "secrets.TOKEN", "{{ secrets.TOKEN }}",
                                  ["{{secrets.TOKEN}}"], {"a": "x secrets.TOKEN"}])
@pytest.mark.parametrize("field", ['= "Hello " + name', '= {greeting: "Hello", name: name}',
                                   '= {url: "{{secrets.HOST}}", name: name}'])  # fmt: skip
def test_data_cannot_pull_secrets_into_a_connector_field(data, field):
    from feel import connectors

    secrets = {"TOKEN": "s3cr3t", "HOST": "example.org"}
    kind, value = outcome(lambda: connectors.evaluate_field(field, {"name": data}, secrets=secrets))
    assert kind == "error" or "s3cr3t" not in str(value)
    if "{" in field:  # the data stays as it was
        assert kind == "value" and value["name"] == data


def test_secrets_named_in_the_field_resolve():
    from feel import connectors

    field = '= "Bearer {{secrets.TOKEN}}"'
    assert connectors.evaluate_field(field, {}, secrets={"TOKEN": "s3cr3t"}) == "Bearer s3cr3t"
