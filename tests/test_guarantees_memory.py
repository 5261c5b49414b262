"""What the library promises about memory: values copied, compared, written or converted
count what they produce and stop at a budget before they are built; deep values are written
without recursion.

The README's "Guarantees" section names the tests behind each promise (issue 7); a
finding that cannot be fixed at once is a test marked ``xfail(strict=True)`` whose reason
says what is wrong, unmarked when fixed. Shared helpers: ``tests/guarantees_support.py``.
"""

from __future__ import annotations

import json
import tracemalloc
from decimal import Decimal
from typing import Any

import pytest
from guarantees_support import (
    budget_of, calls_of, cyclic_dict, deep_dict, deep_list, outcome, peak_bytes,
)

import feel
from feel import BudgetExceeded, FeelError


# -- memory: flatten stops at the size budget before it builds -----------------------------

def _shared_levels(levels: int) -> list:
    value: list = [0]
    for _ in range(levels):
        value = [value, value]
    return value


def test_flatten_of_shared_lists_stops_at_the_size_budget():
    engine = feel.Engine(max_steps=0, max_size=100_000, timeout=None)
    expression = "count(flatten(x))"
    tracemalloc.start()
    try:
        caught = budget_of(lambda: engine.evaluate(expression, {"x": _shared_levels(24)}))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.budget == "size"
    assert peak < 50_000_000  # 16 million leaves would take over 130 MB
    assert engine.evaluate(expression, {"x": _shared_levels(3)}) == 8


# -- memory: values copied, compared, written or converted count what they produce ---------

#: ``a0: [1, 2], a1: [a0, a0], ... a60: [a59, a59]``: 600 characters, 2**61 leaves in 61 lists.
DAG = "a0: [1, 2], " + ", ".join(f"a{i}: [a{i - 1}, a{i - 1}]" for i in range(1, 61))
#: The same shape built a second time, so that equality cannot stop at ``is``.
DAG_TWIN = DAG.replace("a", "b")
#: A list nested 10,000 deep, built by an expression.
DEEP = "(for i in 1..10000 return if i = 1 then [1] else [partial[-1]])[-1]"


@pytest.mark.parametrize("shape", ["list", "context"])
def test_deep_equality_of_shared_values_stops_at_the_step_budget(shape: str):
    dag = DAG if shape == "list" else "a0: {x: 1}, " + ", ".join(
        f"a{i}: {{x: a{i - 1}, y: a{i - 1}}}" for i in range(1, 61))  # fmt: skip
    text = "{" + dag + ", " + dag.replace("a", "b") + ", r: a60 = b60}.r"
    engine = feel.Engine(max_steps=100_000, timeout=None)
    assert budget_of(lambda: engine.evaluate(text)).budget == "steps"
    assert engine.evaluate("{" + DAG + ", " + DAG_TWIN + ", r: a3 = b3}.r") is True


@pytest.mark.parametrize("text", ["string(a60)", "to json(a60)", "string length(string(a60))"])
def test_texts_of_shared_values_stop_at_max_string_before_they_are_built(text: str):
    engine = feel.Engine(dialect="camunda", max_steps=0, timeout=None, max_string=100_000)
    peak = peak_bytes(lambda: budget_of(lambda: engine.evaluate("{" + DAG + ", r: " + text + "}.r")))
    assert peak < 5_000_000  # the whole text would be 2**61 numbers
    caught = budget_of(lambda: engine.evaluate("{" + DAG + ", r: " + text + "}.r"))
    assert caught.budget == "size" and "100000" in str(caught)
    assert engine.evaluate("{" + DAG + ", r: " + text.replace("a60", "a2") + "}.r") is not None


@pytest.mark.parametrize("text", [f"string({DEEP})", f"string length(to json({DEEP}))"])
def test_texts_of_deep_values_are_written_without_recursion(text: str):
    value = feel.Engine(dialect="camunda").evaluate(text)
    assert value == ("[" * 10_000 + "1" + "]" * 10_000 if text.startswith("string(") else 20_001)


def test_deep_equality_of_deep_values_is_a_feel_error_or_a_verdict():
    kind, value = outcome(lambda: feel.evaluate(f"{DEEP} = {DEEP}"))
    assert (kind, value) == ("value", True) or value.budget == "depth"


def test_to_python_of_shared_and_deep_results_is_linear_and_iterative():
    shared = feel.evaluate("{" + DAG + ", r: a60}.r")
    converted = feel.to_python(shared)
    assert converted[0] is converted[1] and converted[0][0][0][0][0][0] is converted[1][1][1][1][1][1]
    assert calls_of(lambda: feel.to_python(shared)) < 2_000
    deep = feel.to_python(feel.evaluate(DEEP))
    for _ in range(10_000 - 1):
        deep = deep[0]
    assert deep == [1]


def test_to_json_value_of_shared_results_stops_at_max_items():
    from feel.connectors import to_json_value

    shared = feel.evaluate("{" + DAG + ", r: a60}.r")
    assert budget_of(lambda: to_json_value(shared)).budget == "size"
    deep = to_json_value(feel.evaluate(DEEP))
    for _ in range(10_000 - 1):
        deep = deep[0]
    assert deep == [1]


@pytest.mark.parametrize("response", [lambda: cyclic_dict(), lambda: {"b": deep_list(5_000)},
                                      lambda: {"b": deep_dict(5_000)}],
                         ids=["cyclic", "list 5000 deep", "dict 5000 deep"])  # fmt: skip
def test_connector_responses_that_are_cyclic_or_deep_give_feel_errors_or_values(response):
    from feel import connectors
    from feel.connectors import jobs

    for action in (lambda: connectors.map_response(response(), "out"),
                   lambda: connectors.normalize(response())):  # fmt: skip
        kind, _ = outcome(action)
        assert kind in ("value", "error")
    outcome_ = jobs.run_job(lambda v: response(), variables={}, headers={"resultVariable": "r"},
                            retries=1)  # fmt: skip
    assert type(outcome_).__name__ in ("Completed", "Failed")


def test_a_cyclic_connector_response_is_refused():
    from feel import connectors

    with pytest.raises(FeelError, match="contains itself"):
        connectors.normalize(cyclic_dict())


@pytest.mark.parametrize("option", [[], ["--json"]], ids=["FEEL", "JSON"])
def test_the_cli_writes_deep_results_and_refuses_huge_ones(option: list[str]):
    import io

    from feel.__main__ import STOPPED, main

    out, err = io.StringIO(), io.StringIO()
    assert main([*option, DEEP], stdout=out, stderr=err) == 0
    assert out.getvalue().startswith("[" * 100)
    if not option:
        return  # the same writer: one huge case is enough (10 million characters take seconds)
    out, err = io.StringIO(), io.StringIO()
    assert main([*option, "{" + DAG + ", r: a60}.r"], stdout=out, stderr=err) == STOPPED
    assert "max_string" in err.getvalue() and out.getvalue() == ""


def test_the_repl_shows_deep_and_huge_results():
    from feel.repl import described

    assert described(feel.evaluate(DEEP)).startswith("[[[")
    with pytest.raises(BudgetExceeded):
        described(feel.evaluate("{" + DAG + ", r: a60}.r"), None)


@pytest.mark.parametrize("text", ['replace("a", "a", r)',
                                  '{b: replace(r, ".", "$0$0$0$0"), c: replace(b, ".", "$0$0$0$0")}.c'])
def test_replace_is_refused_before_it_grows_past_max_string(text: str):
    engine = feel.Engine(max_string=10_000)
    caught = budget_of(lambda: engine.evaluate(text, {"r": "x" * 1_000 if "{" in text else "x" * 10_001}))
    assert caught.budget == "size"
    assert len(engine.evaluate(text, {"r": "x" * 100 if "{" in text else "x" * 9_999})) in (1_600, 9_999)


def test_a_memory_error_of_host_code_ends_the_evaluation():
    """A MemoryError is never a warning: the host is short of memory, and a null would hide
    it; the evaluation stops with the size budget instead."""
    def greedy(*args: Any) -> Any:
        raise MemoryError

    for text in ("f(1)", "sort([3, 1, 2], f)"):
        assert budget_of(lambda: feel.evaluate_result(text, {"f": greedy})).budget == "size"


def test_the_variable_name_cache_is_bounded_by_the_names_it_keeps():
    engine = feel.Engine()
    for i in range(5):  # unbounded, the keys would keep 100,000 names
        engine.evaluate("1", {f"v{i} {j}": j for j in range(20_000)})
    assert sum(map(len, engine._keys)) <= 65_536
    assert engine._key_names <= 65_536


def test_decimal_variables_are_rounded_to_34_digits_in_both_tiers():
    long = Decimal("1." + "1" * 50)
    expected = Decimal("1." + "1" * 33)
    assert feel.evaluate("x", {"x": long}) == expected and feel.to_feel([long]) == [expected]
    for text in ("x", "max(xs)", "x + 0"):
        compiled = feel.compile(text, ["x", "xs"])
        for _ in range(3):  # the third runs the fast path
            assert compiled.evaluate({"x": long, "xs": [long]}) == expected
        assert str(compiled.evaluate({"x": long, "xs": [long]})) == str(expected)
    assert feel.evaluate("x", {"x": Decimal("sNaN")}) is None


@pytest.mark.parametrize("text, expected", [
    ("to json(1e6143)", "1" + "0" * 6143), ("to json(0.1 + 0.2)", "0.3"),
    ("to json(1234567890.123456789012345678901234)", "1234567890.123456789012345678901234"),
    ("to json([1.0, -0, 2.5])", "[1,0,2.5]"),
])  # fmt: skip
def test_to_json_writes_numbers_with_all_their_digits(text: str, expected: str):
    engine = feel.Engine(dialect="camunda")
    assert engine.evaluate(text) == expected
    assert json.loads(expected, parse_int=Decimal) is not None  # JSON, never Infinity
