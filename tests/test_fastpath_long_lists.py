"""Loops of the generated code over lists longer than MAX_ITEMS: a step per item charged to
the budgets where the closures' loop counts it (feel.fastpath.helpers._charged: far from the
budget a chunk at a time, what a stopped loop did not reach given back). The generated tier
gives the closures' value and warnings, and runs out of the step budget at the item where
the closures run out of theirs, raising their error (final: the closures never run after)."""

from __future__ import annotations

from decimal import Decimal

import pytest

import feel
from tiers import assert_generated_is_closures, recording_states
from bench.fuzz import identical, said
from feel.fastpath.helpers import CHUNK, MAX_ITEMS
from feel.runtime import State

SIZES = [MAX_ITEMS + 1, CHUNK, 2 * CHUNK, 2 * CHUNK + 7]
EXPRESSIONS = [
    "for x in xs return x * 2",
    "sum(for x in xs return x + 1)",
    "xs[item > 100]",
    "xs[item > 100 and item < 2000]",
    "some x in xs satisfies x = 1500",
    "some x in xs satisfies x > 10000",
    "every x in xs satisfies x < 1500",
    "every x in xs satisfies x >= 0",
    "items[item.price > 300].name",
    "for i in items return i.name",
    "some i in items satisfies i.price = null",
    "max(xs)", "min(xs)", "sum(xs)", "count(items)", "mean(xs)",
    "items.name", "count(items.price)",
]


def variables(size: int, decimals: bool) -> dict:
    numbers = [Decimal(i) if decimals else i for i in range(size)]
    items = [{"name": f"item {i}", "price": numbers[i]} for i in range(size)]
    items[size // 2] = {"name": "no price"}  # a missing entry, warned of by the closures
    return {"xs": numbers, "items": items}


@pytest.mark.parametrize("text", EXPRESSIONS)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("decimals", [False, True], ids=["ints", "decimals"])
def test_a_long_list_is_looped_over_by_the_generated_code(text, size, decimals):
    expression = feel.compile(text, ["xs", "items"])
    given = variables(size, decimals)
    assert_generated_is_closures(expression, given)


def outcome(program: feel.Program, given: dict) -> tuple:
    """The value ``program`` gives, or the budget it runs out of."""
    try:
        return "value", program.evaluate(given)
    except feel.BudgetExceeded as error:
        return "budget", error.budget


BUDGETED = [
    "some x in xs satisfies x = {k}",
    "every x in xs satisfies x < {k}",
    "for x in xs return x + {k}",
    "xs[item > {k}]",
    "xs[{k} - 1000]",  # a number: an index, the loop stopped at the first item
    # two loops: the first stopped early gives back what its chunk did not reach
    "(some x in xs satisfies x = 3) and (some y in xs satisfies y = {k})",
    "count(xs[item < 2]) + count(for y in xs return y > {k})",
]


@pytest.mark.parametrize("text", BUDGETED)
@pytest.mark.parametrize("max_steps", [2 * CHUNK, 2 * CHUNK + 1, 3 * CHUNK - 1, 3 * CHUNK,
                                       3 * CHUNK + 500, 4 * CHUNK])
def test_the_step_budget_runs_out_at_the_item_where_the_closures_run_out(text, max_steps):
    # the generated code's budget error is final (the closures never run after it): it
    # must be raised where, and only where, the closures raise theirs
    engine = feel.Engine(max_steps=max_steps)
    given = {"xs": list(range(4 * CHUNK))}
    for k in (5, CHUNK - 1, CHUNK + 1, 2 * CHUNK + 3, 3 * CHUNK - 2, 4 * CHUNK):
        expression = engine.compile(text.format(k=k), ["xs"])
        generated, closures = expression.program("generated"), expression.program("closures")
        assert outcome(generated, given) == outcome(closures, given), k


def test_the_steps_a_stopped_loop_did_not_reach_are_given_back(monkeypatch):
    # a loop stopped in its first chunk counts what it reached, as the closures count it
    states: list = []
    monkeypatch.setattr(State, "for_engine", classmethod(recording_states(states)))
    for position in (3, CHUNK + 5, 2 * CHUNK - 1):
        expression = feel.compile(f"some x in xs satisfies x = {position}", ["xs"])
        given = {"xs": list(range(3 * CHUNK))}
        del states[:]
        assert expression.program("generated").evaluate_result(given).value is True
        assert expression.program("closures").evaluate_result(given).value is True
        generated, closures = states
        assert generated.steps == closures.steps == position + 1


def test_the_step_budget_stops_a_long_loop_in_both_tiers():
    engine = feel.Engine(max_steps=3 * CHUNK)
    expression = engine.compile("for x in xs return x + 1", ["xs"])
    within, beyond = {"xs": list(range(2 * CHUNK))}, {"xs": list(range(4 * CHUNK))}
    assert len(expression.program("generated").evaluate(within)) == 2 * CHUNK
    for tier in ("generated", "closures", "auto"):
        with pytest.raises(feel.BudgetExceeded) as exceeded:
            expression.program(tier).evaluate(beyond)
        assert exceeded.value.budget == "steps"


def test_the_step_budget_stops_instance_of_over_long_lists_in_both_tiers():
    # `instance of list<number>` tests each item, charged to the budgets in both tiers
    # (the generated code tested them uncharged: found by the fuzzer, 10 million tests)
    engine = feel.Engine(max_steps=20 * CHUNK)
    expression = engine.compile("count(for j in ns return l instance of list<number>)", ["ns", "l"])
    long = list(range(4 * CHUNK))
    within, beyond = {"ns": [1, 2], "l": long}, {"ns": list(range(10)), "l": long}
    assert expression.program("generated").evaluate(within) == 2
    with pytest.raises(feel.BudgetExceeded):
        expression.program("generated").evaluate(beyond)
    with pytest.raises(feel.BudgetExceeded):
        expression.program("closures").evaluate(beyond)


@pytest.mark.parametrize("text, items", [("xs[item > 0].f", list(range(12 * CHUNK))),
                                         ("xs[item.f].f", [{"f": True}] * (12 * CHUNK))])
def test_the_step_budget_counts_a_projected_filters_projection_in_both_tiers(text, items):
    # the closures filter, then project the kept items (a step each): so does the budget
    # of the generated code, which projects in the filter's loop (found by review)
    engine = feel.Engine(max_steps=20 * CHUNK)
    expression = engine.compile(text, ["xs"])
    with pytest.raises(feel.BudgetExceeded):
        expression.program("generated").evaluate({"xs": items})
    with pytest.raises(feel.BudgetExceeded):
        expression.program("closures").evaluate({"xs": items})
    within = {"xs": items[: 4 * CHUNK]}
    assert expression.program("generated").evaluate(within) == expression.program(
        "closures").evaluate(within)


def test_the_time_budget_stops_a_long_loop_at_its_first_chunk_in_the_generated_code():
    engine = feel.Engine(timeout=1e-9)  # past before the first chunk is charged
    expression = engine.compile("for x in xs return x + 1", ["xs"])
    with pytest.raises(feel.BudgetExceeded) as exceeded:
        expression.program("generated").evaluate({"xs": list(range(MAX_ITEMS + 1))})
    assert exceeded.value.budget == "time"
    short = expression.program("generated").evaluate({"xs": list(range(MAX_ITEMS))})
    assert len(short) == MAX_ITEMS  # a short list is not charged (bounded at translation)


@pytest.mark.parametrize("text", ["max(xs)", "min(xs)", "sum(xs)", "mean(xs)"])
def test_a_built_in_failing_over_a_long_list_warns_as_the_closures_do(text):
    expression = feel.compile(text, ["xs"])
    given = {"xs": list(range(MAX_ITEMS + 5)) + ["a"]}
    closures = expression.closures_result(given)
    result = expression.program("generated").evaluate_result(given)
    assert result.value is None is closures.value
    assert said(result) == said(closures) and closures.warnings


@pytest.mark.parametrize("text", ["for i in 1..{n} return i * 2", "for i in {n}..1 return i",
                                  "sum(for i in 0..{n} return i)", "for i in -5..{n} return i"])
@pytest.mark.parametrize("size", SIZES)
def test_a_long_range_is_looped_over_as_its_numbers_are_made(text, size):
    expression = feel.compile(text.format(n=size), [])
    closures = expression.closures_result({})
    assert identical(expression.program("generated").evaluate({}), closures.value)


def test_a_range_past_max_size_or_the_step_budget_stops_both_tiers():
    sized = feel.Engine(max_size=5000).compile("for i in 1..6000 return i")
    with pytest.raises(feel.BudgetExceeded):
        sized.program("generated").evaluate({})
    with pytest.raises(feel.BudgetExceeded) as exceeded:
        sized.evaluate({})
    assert exceeded.value.budget == "size"
    stepped = feel.Engine(max_steps=3 * CHUNK).compile("for i in 1..{} return i".format(4 * CHUNK))
    with pytest.raises(feel.BudgetExceeded):
        stepped.program("generated").evaluate({})
    with pytest.raises(feel.BudgetExceeded) as exceeded:
        stepped.evaluate({})
    assert exceeded.value.budget == "steps"
