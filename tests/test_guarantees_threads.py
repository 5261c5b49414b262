"""What the library promises about sharing: a compiled expression, the module functions
and their cache are safe between threads; variables passed in are never mutated and
results are fresh values.

The README's "Guarantees" section names the tests behind each promise (issue 7); a
finding that cannot be fixed at once is a test marked ``xfail(strict=True)`` whose reason
says what is wrong, unmarked when fixed. Shared helpers: ``tests/guarantees_support.py``.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
from guarantees_support import outcome

import feel


# -- threads -------------------------------------------------------------------------------

SHARED = [
    ("for i in 1..200 return i * k", {"k": 3}),
    ("{f: function(n) if n <= 1 then 1 else n * f(n - 1), r: f(k)}.r", {"k": 20}),
    ("xs[item > k]", {"xs": list(range(300)), "k": 150}),
    ("sum(for x in xs return x) / count(xs)", {"xs": [1, 2, 3, 4]}),
    ("some x in xs satisfies x > k", {"xs": list(range(50)), "k": 48}),
    ("1 / k + missing", {"k": 0}),
    ('string join(for p in people[age >= k] return p.name, ", ")',
     {"people": [{"name": f"p{i}", "age": i} for i in range(60)], "k": 30}),
    ("sort(xs, function(a, b) a > b)[1]", {"xs": list(range(100))}),
    ('matches(s, "^(a+)+$")', {"s": "a" * 30}),
    ("date(\"2021-01-31\") + duration(\"P1M\") * k", {"k": 3}),
    ("for i in 1..k return partial", {"k": 0}),
]  # fmt: skip


def _snapshot(result: feel.Result) -> tuple:
    return repr(result.value), [(w.kind, w.message, w.span) for w in result.warnings]


def test_compiled_expressions_are_safe_to_share_between_threads():
    compiled = [(feel.compile(text, list(v)), v) for text, v in SHARED]
    expected = [_snapshot(c.evaluate_result(v)) for c, v in compiled]
    tasks = [i % len(compiled) for i in range(2000)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(
                lambda i: (i, _snapshot(compiled[i][0].evaluate_result(compiled[i][1]))), tasks))
    finally:
        sys.setswitchinterval(interval)
    assert all(snapshot == expected[i] for i, snapshot in results)


def test_module_functions_and_cache_are_safe_between_threads():
    expected = [_snapshot(feel.evaluate_result(text, v)) for text, v in SHARED]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(
            lambda i: (i, _snapshot(feel.evaluate_result(*SHARED[i]))),
            [i % len(SHARED) for i in range(1000)]))  # fmt: skip
    assert all(snapshot == expected[i] for i, snapshot in results)


def test_a_small_cache_evicting_under_threads_gives_right_answers():
    engine = feel.Engine(cache_size=4)
    texts = [f"for i in 1..{n} return i * k" for n in range(1, 25)]

    def run(i: int) -> bool:
        n = i % len(texts) + 1
        return engine.evaluate(texts[n - 1], {"k": 2}) == [Decimal(2 * j) for j in range(1, n + 1)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(run, range(2000)))


FIRST_USE = """
import threading, feel
errors, results = [], []
def work(i):
    try:
        results.append(feel.compile(f"for x in 1..{i} return x + 1").evaluate()[-1])
    except BaseException as error:
        errors.append(repr(error))
threads = [threading.Thread(target=work, args=(i,)) for i in range(1, 17)]
[t.start() for t in threads]
[t.join() for t in threads]
print(len(errors), sorted(int(r) for r in results))
"""


def test_first_use_from_many_threads_at_once():
    run = subprocess.run([sys.executable, "-c", FIRST_USE], capture_output=True, text=True,
                         timeout=120, check=True)  # fmt: skip
    assert run.stdout.split(" ", 1) == ["0", f"{list(range(2, 18))}\n"]


def test_a_budget_in_one_thread_does_not_touch_the_others():
    engine = feel.Engine(max_steps=50_000)
    runaway = engine.compile("for x in 1..1000, y in 1..1000 return x")
    fine = engine.compile("count(for x in 1..300, y in 1..100 return x)")

    def run(i: int) -> Any:
        return outcome(lambda: (runaway if i % 2 else fine).evaluate())

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(run, range(60)))
    for i, (kind, value) in enumerate(results):
        if i % 2:
            assert kind == "error" and value.budget == "steps"
        else:
            assert (kind, value) == ("value", Decimal(30000))


# -- no mutation ---------------------------------------------------------------------------

MUTATORS = [
    "sort(xs)", "sort(xs, function(a, b) a > b)", "reverse(xs)", "append(xs, 9)",
    "insert before(xs, 1, 0)", "remove(xs, 1)", "list replace(xs, 1, 0)", "distinct values(xs)",
    "union(xs, xs)", "flatten(nested)", "concatenate(xs, xs)", "sublist(xs, 1, 2)",
    "for x in xs return x", "xs[item > 1]", "xs[1]", "people[age > 1]", "people.name",
    "context put(ctx, \"a\", 0)", "context put(ctx, [\"b\", \"c\"], 0)", "context merge([ctx, ctx])",
    "put all(ctx, {z: 1})", "put(ctx, \"a\", 0)", "{a: ctx, b: xs}", "get entries(ctx)",
    "ctx.b", "for p in people return context put(p, \"age\", 0)", "sort(people, function(a, b) a.age > b.age)",
    "mode(xs)", "median(xs)", "index of(xs, 2)", "duplicate values(xs)", "partition(xs, 1)",
    "string join(names)", "min(xs)", "sum(xs)", "product(xs)", "{xs: xs, ys: append(xs, 1)}",
]  # fmt: skip


def _mutable_variables() -> dict[str, Any]:
    return {
        "xs": [3, 1, 2, 2], "nested": [[1, [2]], [3]], "names": ["a", "b"],
        "ctx": {"a": 1, "b": {"c": 2}},
        "people": [{"name": "ann", "age": 3}, {"name": "bob", "age": 1}],
        "tuple": (1, 2), "feel_xs": [Decimal(3), Decimal(1)],
    }  # fmt: skip


@pytest.mark.parametrize("text", MUTATORS)
def test_variables_are_never_mutated(text):
    variables = _mutable_variables()
    before = copy.deepcopy(variables)
    feel.evaluate_result(text, variables)
    feel.evaluate_result(text.replace("xs", "feel_xs"), variables)
    assert variables == before


def test_results_are_fresh_values():
    compiled = feel.compile("{a: [1, [2]], b: [[3]]}")
    first = compiled.evaluate()
    first["a"].append(9)
    first["a"][1].append(9)
    first["b"][0].append(9)
    assert compiled.evaluate() == {"a": [1, [2]], "b": [[3]]}
    again = feel.evaluate("[[1]]")
    again[0].append(2)
    assert feel.evaluate("[[1]]") == [[1]]
