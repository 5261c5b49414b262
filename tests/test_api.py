"""The public API: evaluate, compile, results with warnings, Engine, Python values in."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

import feel


def test_evaluate_and_compile():
    assert feel.evaluate("1 + 1") == 2
    expression = feel.compile("a * 2")
    assert [expression.evaluate({"a": n}) for n in (1, 2)] == [2, 4]


def test_python_values_in():
    variables = {"i": 3, "f": 0.1, "d": Decimal("2.5"), "t": (1, 2), "b": True, "n": None}
    assert feel.evaluate("f", variables) == Decimal("0.1")
    assert feel.evaluate("i + d", variables) == Decimal("5.5")
    assert feel.evaluate("t", variables) == [1, 2]
    assert feel.evaluate("b and n = null", variables) is True
    assert feel.evaluate("x", {"x": float("nan")}) is None


def test_booleans_are_not_numbers():
    assert feel.evaluate("b = 1", {"b": True}) is None
    assert feel.evaluate("b + 1", {"b": True}) is None


def test_variables_are_not_mutated():
    variables = {"xs": [1, 2, 3], "ctx": {"a": 1}}
    feel.evaluate("for x in xs return x", variables)
    feel.evaluate("{a: 2, b: ctx}", variables)
    assert variables == {"xs": [1, 2, 3], "ctx": {"a": 1}}
    assert type(variables["xs"][0]) is int


def test_result_has_warnings_with_kind_message_and_position():
    result = feel.evaluate_result('1 +\n "a"')
    assert result.value is None
    (warning,) = result.warnings
    assert warning.kind is feel.WarningKind.INVALID_TYPE
    assert "string" in warning.message
    assert (warning.span.line, warning.span.column) == (1, 1)


def test_each_null_explained():
    result = feel.evaluate_result("[x.y, nope(1), 1 / 0]", {"x": {}})
    kinds = [w.kind for w in result.warnings]
    assert kinds == [
        feel.WarningKind.NO_CONTEXT_ENTRY_FOUND,
        feel.WarningKind.NO_FUNCTION_FOUND,
        feel.WarningKind.ARITHMETIC,
    ]


def test_custom_functions():
    def greet(name, greeting="Hello"):
        return f"{greeting}, {name}!"

    engine = feel.Engine(functions={"greet": greet, "total": lambda *xs: sum(xs)})
    assert engine.evaluate('greet("Ada")') == "Hello, Ada!"
    assert engine.evaluate('greet(greeting: "Hi", name: "Ada")') == "Hi, Ada!"
    assert engine.evaluate("total(1, 2, 3)") == 6
    result = engine.evaluate_result('greet(nobody: "x")')
    assert result.value is None and result.warnings[0].kind is feel.WarningKind.INVALID_ARGUMENTS


def test_custom_function_errors_become_warnings():
    def broken():
        raise RuntimeError("boom")

    result = feel.Engine(functions={"broken": broken}).evaluate_result("broken()")
    assert result.value is None
    assert "boom" in result.warnings[0].message


def test_custom_function_may_not_shadow_builtin_unless_asked():
    with pytest.raises(feel.FeelError):
        feel.Engine(functions={"count": len})
    engine = feel.Engine(functions={"count": lambda xs: 42}, override_builtins=True)
    assert engine.evaluate("count([1])") == 42


def test_engine_clock():
    fixed = dt.datetime(2023, 1, 19, 10, 0, tzinfo=dt.timezone.utc)
    engine = feel.Engine(clock=lambda: fixed)
    assert engine.evaluate("string(today())") == "2023-01-19"
    assert engine.evaluate("now() = @\"2023-01-19T10:00:00Z\"") is True


def test_compiled_expression_shared_between_threads():
    expression = feel.compile("for x in 1..50 return x * n + sum([n, x])")
    expected = {n: expression.evaluate({"n": n}) for n in range(40)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda n: (n, expression.evaluate({"n": n})), list(range(40)) * 5))
    assert all(value == expected[n] for n, value in results)


def test_evaluate_cache_respects_names():
    assert feel.evaluate("a-b", {"a": 5, "b": 2}) == 3
    assert feel.evaluate("a-b", {"a-b": 1}) == 1
    assert feel.evaluate("a-b", {"a": 5, "b": 2}) == 3


def test_to_python():
    assert feel.to_python(feel.evaluate("[1, 1.5, {a: 2}]")) == [1, Decimal("1.5"), {"a": 2}]


def test_engine_settings_are_one_value_that_derive_changes():
    double = lambda x: x * 2  # noqa: E731
    engine = feel.Engine({"double": double}, max_string=50, timeout=None)
    derived = engine.derive(max_steps=7, dialect="camunda")
    assert derived.settings.max_steps == 7 and derived.max_steps == 7
    assert derived.dialect.name == "camunda" and engine.dialect.name == "dmn"
    assert derived.settings.max_string == 50 and derived.settings.timeout is None
    assert derived.evaluate("double(4)") == 8
    with pytest.raises(feel.FeelError, match="unknown engine settings"):
        engine.derive(max_stpes=1)
    with pytest.raises(feel.FeelError, match="unknown dialect"):
        feel.Engine(dialect="scala")


def test_engines_pickle_with_their_settings():
    import pickle

    engine = pickle.loads(pickle.dumps(feel.Engine(max_steps=99, dialect="camunda")))
    assert engine.max_steps == 99 and engine.dialect.name == "camunda"
    assert engine.evaluate("1 + 1") == 2
