"""What the library promises about host data that misbehaves, shares structure or nests
deeply: it is read without recursion, in linear work, refused when it contains itself, and a
failure while it is read is a FeelError; slow host functions end at the time budget.

The README's "Guarantees" section names the tests behind each promise (issue 7); a
finding that cannot be fixed at once is a test marked ``xfail(strict=True)`` whose reason
says what is wrong, unmarked when fixed. Shared helpers: ``tests/guarantees_support.py``.
"""

from __future__ import annotations

import collections
import json
import time
from decimal import Decimal
from typing import Any

import pytest
from guarantees_support import budget_of, calls_of

import feel
from feel import FeelError
from feel.runtime import CURRENT


# -- host data that misbehaves, shares structure or nests deeply ---------------------------


class _MappingWhoseIterationFails(collections.abc.Mapping):
    def __getitem__(self, key: str) -> int:
        return 1

    def __iter__(self) -> Any:
        raise ValueError("iteration failed")

    def __len__(self) -> int:
        return 1


class _DictWhoseItemsFail(dict):
    def items(self) -> Any:
        raise ValueError("items failed")


class _KeyWhoseTextFails:
    def __str__(self) -> str:
        raise RuntimeError("no text")


def test_variables_whose_iteration_fails_give_a_feel_error():
    with pytest.raises(FeelError, match="iteration failed"):
        feel.evaluate("1 + 1", _MappingWhoseIterationFails())


@pytest.mark.parametrize("value", [_DictWhoseItemsFail(a=1), {_KeyWhoseTextFails(): 1}],
                         ids=["items raises", "key str raises"])  # fmt: skip
def test_host_values_that_fail_while_read_give_a_feel_error(value):
    with pytest.raises(FeelError, match="could not be read"):
        feel.to_feel({"x": value})
    with pytest.raises(FeelError):
        feel.evaluate("count([x])", {"x": value})


def test_a_signalling_nan_is_null_with_no_exception():
    assert feel.evaluate("x + 1", {"x": Decimal("sNaN")}) is None
    assert feel.to_feel([Decimal("sNaN")]) == [None]


def _shared(levels: int, leaf: Any) -> Any:
    """A list of two references to the same list, ``levels`` deep: 2**levels paths."""
    value = leaf
    for _ in range(levels):
        value = [value, value]
    return value


@pytest.mark.parametrize("leaf", [Decimal(1), 1], ids=["FEEL values", "values to convert"])
def test_checking_shared_host_data_is_linear_in_its_distinct_objects(leaf):
    """60 levels of sharing are 2**60 paths but 60 lists: checking and converting them
    walks the lists (counted in calls, not seconds)."""
    assert feel.evaluate("x[2][1][2][1]", {"x": _shared(60, [leaf])}) is not None
    work_30 = calls_of(lambda: feel.to_python(feel.to_feel({"x": _shared(30, [leaf])})))
    work_60 = calls_of(lambda: feel.to_python(feel.to_feel({"x": _shared(60, [leaf])})))
    assert work_60 < 3 * work_30


def test_host_data_that_contains_itself_is_refused():
    cyclic: list[Any] = [1]
    cyclic.append([cyclic])
    for action in (lambda: feel.to_feel(cyclic), lambda: feel.evaluate("count(x)", {"x": cyclic}),
                   lambda: feel.to_feel({"a": [Decimal(1), cyclic]})):  # fmt: skip
        with pytest.raises(FeelError, match="contains itself"):
            action()


def test_deep_host_data_is_checked_without_recursion():
    deep: Any = Decimal(1)
    for _ in range(100_000):
        deep = [deep]
    assert feel.evaluate("count(x)", {"x": deep}) == 1


def test_deep_json_converts_both_ways():
    value = json.loads("[" * 600 + "1" + "]" * 600)
    assert feel.to_python(feel.to_feel(value)) == value


def test_deeper_data_than_the_stack_allows_is_the_depth_budget():
    deep: Any = 1
    for _ in range(100_000):
        deep = [deep]
    assert budget_of(lambda: feel.to_feel(deep)).budget == "depth"


def test_a_host_function_that_outlasts_the_timeout_ends_the_evaluation():
    calls = []

    def slow() -> int:
        calls.append(1)
        deadline = CURRENT.get().deadline  # the evaluation's own: past it, whatever the load
        while time.monotonic() <= deadline:
            pass
        return 1

    # (a timeout long enough that no stall of a loaded machine spends it before the call)
    engine = feel.Engine({"slow": slow}, timeout=1.0)
    assert budget_of(lambda: engine.evaluate("slow() + 1")).budget == "time"
    assert calls == [1]


@pytest.mark.parametrize("text", ["get entries(x)", "for e in get entries(x) return e.value",
                                  "string(x)", "x = y", "count(get value(x, \"k1\") + [])",
                                  "context merge([x, {extra: 1}])"])  # fmt: skip
def test_a_dict_changed_by_another_thread_during_evaluation_gives_a_value_or_feel_error(text):
    # The host's dicts are read as they are (no copy when they already are FEEL values), so
    # another thread may change one while a built-in walks it: never a foreign exception.
    import sys
    import threading

    shared = {f"k{i}": [Decimal(i)] for i in range(300)}
    stop = threading.Event()

    def churn() -> None:
        i = 0
        while not stop.is_set():
            shared[f"extra{i % 50}"] = [Decimal(i)]
            shared.pop(f"extra{(i + 25) % 50}", None)
            i += 1

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    worker = threading.Thread(target=churn)
    worker.start()
    try:
        expression = feel.compile(text, ["x", "y"])
        for _ in range(200):
            try:
                expression.evaluate({"x": shared, "y": shared})
            except feel.FeelInternalError:  # the host's doing, not a bug of ours
                raise
            except FeelError:
                pass
    finally:
        stop.set()
        worker.join()
        sys.setswitchinterval(interval)


class _CountingDict(dict):
    """A context subclass that counts how often its entries are read (converted)."""

    reads = 0

    def items(self):  # what the conversion of a dict subclass reads
        type(self).reads += 1
        return super().items()


@pytest.mark.parametrize("tier", ["closures", "generated", "auto"])
def test_a_variable_is_converted_when_read_and_an_unread_one_never(tier):
    """Both tiers convert a variable where the expression reads it: one that contains
    itself is refused only when read, a variable never read is never converted."""
    cyclic: dict[str, Any] = {"a": 1}
    cyclic["self"] = cyclic
    expression = feel.compile("y + 1")
    program = expression.program(tier)
    for evaluate in (program.evaluate, lambda v: program.evaluate_result(v).value):
        _CountingDict.reads = 0
        assert evaluate({"x": cyclic, "y": 2, "z": _CountingDict(a=1)}) == 3
        assert _CountingDict.reads == 0
    with pytest.raises(FeelError, match="contains itself"):
        feel.compile("count(x) + y").program("closures").evaluate({"x": [cyclic], "y": 2})


def test_the_closures_convert_a_variable_once_an_evaluation():
    _CountingDict.reads = 0
    program = feel.compile("for i in 1..5 return c.a + i").program("closures")
    assert program.evaluate({"c": _CountingDict(a=1)}) == [Decimal(n) for n in range(2, 7)]
    assert _CountingDict.reads == 1


def test_a_host_variable_named_like_a_built_in_is_read_when_called():
    """A variable that is a function, named like a built-in, is what the call calls;
    another value of that name does not hide the built-in."""
    for tier in ("closures", "auto"):
        assert feel.compile("sum([1, 2])").program(tier).evaluate({"sum": 5}) == 3
        doubled = feel.compile("sum(3)").program(tier).evaluate({"sum": lambda x: x * 2})
        assert doubled == 6, tier


@pytest.mark.parametrize("tier", ["closures", "generated"])
def test_a_path_converts_only_what_it_reaches(tier):
    """``x.a`` reads the host's contexts entry by entry: a part of ``x`` the path does not
    reach is never converted, in either tier; what it reaches is converted once."""
    cyclic: dict[str, Any] = {"a": 1, "inner": {"b": [1, 2]}}
    cyclic["self"] = cyclic
    program = feel.compile("x.a + 1").program(tier)
    assert program.evaluate({"x": cyclic}) == 2
    assert program.evaluate_result({"x": cyclic}).value == 2
    assert feel.compile("x.inner.b").program(tier).evaluate({"x": cyclic}) == [1, 2]
    assert feel.compile("x.self.self.a").program(tier).evaluate({"x": cyclic}) == 1
    with pytest.raises(FeelError, match="contains itself"):
        feel.compile("x.self").program("closures").evaluate({"x": cyclic})


def test_a_path_read_in_a_loop_converts_what_it_reaches_once():
    _CountingDict.reads = 0
    program = feel.compile("for i in 1..5 return c.inner.a + i").program("closures")
    assert program.evaluate({"c": {"inner": _CountingDict(a=1)}}) == [Decimal(n) for n in range(2, 7)]
    assert _CountingDict.reads == 1


def test_a_path_that_stops_warns_as_before():
    """Where a host's context lacks the entry, the path warns as it always did, at the
    key that is missing."""
    result = feel.compile("x.b.zz").program("closures").evaluate_result({"x": {"b": {"c": 1}}})
    assert result.value is None
    assert [(w.kind.name, w.span.start, w.span.end) for w in result.warnings] == [
        ("NO_CONTEXT_ENTRY_FOUND", 0, 6)]
