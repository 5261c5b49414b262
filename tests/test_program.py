"""feel.Program: evaluating in a chosen tier (feel.program), as tests and benchmarks do.

The values of every tier on the case suite are compared in tests/test_tiers.py (through
tests/tiers.py, which forces the tiers through this API); here: what each tier promises,
what a declined generated tier does, and forcing tiers from many threads at once.
"""

from __future__ import annotations

import pickle
from decimal import Decimal
import threading

import pytest
from casebook import lift, load
from tiers import ENGINE, recording_states

import feel
from bench.fuzz import identical, said
from feel import fastpath


@pytest.fixture
def made(monkeypatch):
    """The fast paths made while the test runs (feel.fastpath.translate is counted)."""
    calls: list[str] = []
    lock = threading.Lock()
    translate = fastpath.translate

    def counted(tree, *rest):
        with lock:
            calls.append(type(tree).__name__)
        return translate(tree, *rest)

    monkeypatch.setattr(fastpath, "translate", counted)
    return calls


def _cyclic() -> dict:
    x: dict = {"a": 1}
    x["self"] = x
    return {"x": x}


# -- the closures tier


def test_forcing_the_closures_never_makes_a_fast_path(made):
    expression = ENGINE.compile("x * 2 + y", ["x", "y"])
    program = expression.program("closures")
    for x in range(5):
        assert program.evaluate({"x": x, "y": 1}) == 2 * x + 1
        assert program.evaluate_result({"x": x, "y": 1}).value == 2 * x + 1
    assert made == []
    assert program.source is None
    expression.evaluate({"x": 1, "y": 1})  # "auto" makes it at its second evaluation
    expression.evaluate({"x": 1, "y": 1})
    assert len(made) == 1


def test_the_tiers_read_a_variable_alike_on_every_call():
    # the result the tiers differed on by design until both read variables where the
    # expression reads them (feel.hostvars): x.a of a value that contains itself elsewhere
    expression = ENGINE.compile("x.a + 1", ["x"])
    programs = [expression.program(tier) for tier in ("closures", "auto", "generated")]
    for _ in range(4):
        assert [_value_or_error(program, _cyclic()) for program in programs] == [2, 2, 2]
    whole = ENGINE.compile("count(x) + 1", ["x"])
    for tier in ("closures", "auto", "auto", "auto"):
        with pytest.raises(feel.FeelError, match="contains itself"):
            whole.program(tier).evaluate({"x": [_cyclic()]})


def _value_or_error(program: feel.Program, variables: dict):
    try:
        return program.evaluate(variables)
    except feel.FeelError as error:
        return error


def test_the_closures_tier_keeps_the_warnings():
    program = ENGINE.compile("x.y", ["x"]).program("closures")
    result = program.evaluate_result({"x": {"z": 1}})
    assert result.value is None
    assert [w.kind for w in result.warnings] == [feel.WarningKind.NO_CONTEXT_ENTRY_FOUND]


# -- the generated tier


def test_forcing_generated_makes_the_code_at_once_and_only_once(made):
    expression = ENGINE.compile("x * 2", ["x"])
    program = expression.program("generated")
    assert len(made) == 1 and "def fast(v, st=None)" in program.source
    assert program.evaluate({"x": 21}) == 42
    assert expression.program("generated").evaluate({"x": 1}) == 2
    for _ in range(3):
        assert expression.evaluate({"x": 3}) == 6  # "auto" uses the code already made
    assert len(made) == 1 and expression.why_not_generated() is None


@pytest.mark.parametrize("text, construct", [
    ("f(1)", "f"),
    ("for x in xs, y in ys return x + y", "several lists"),
    ("{a: 1, a: 2}", "duplicate context entry"),
    ("(x and " * 110 + "x" + ")" * 110, "Python could not compile"),
])  # fmt: skip
def test_generated_on_an_expression_without_code_is_declined_with_the_reason(text, construct):
    expression = ENGINE.compile(text, ["x", "xs", "ys"])
    reason = expression.why_not_generated()
    assert reason is not None and construct in reason
    with pytest.raises(feel.Declined) as declined:
        expression.program("generated")
    assert declined.value.reason == reason and isinstance(declined.value, feel.FeelError)
    assert expression.why_not_generated() == reason  # asked again: the same answer
    # the other tiers evaluate it all the same
    assert identical(expression.program("closures").evaluate({}), expression.evaluate({}))


def test_the_reason_survives_the_auto_tier_having_tried_first(made):
    expression = ENGINE.compile("f(1)", [])
    for _ in range(3):
        expression.evaluate()
    assert len(made) == 1
    assert "(f)" in expression.why_not_generated()
    with pytest.raises(feel.Declined, match=r"\(f\)"):
        expression.program("generated")
    assert len(made) == 1


def test_the_generated_tier_declines_what_its_code_declines_at_its_start():
    shadowed = ENGINE.compile("upper case(x)", ["x", "upper case"]).program("generated")
    given = {"x": "a", "upper case": lambda text: text + "!"}
    with pytest.raises(feel.Declined, match="declined these variables"):
        shadowed.evaluate(given)  # a host's function named like a built-in: the closures call it
    assert shadowed.expression.evaluate(given) == "a!" and shadowed.evaluate({"x": "a"}) == "A"
    # a filter whose condition is a number: the index, as the closures take it
    indexed = ENGINE.compile("xs[n]", ["xs", "n"]).program("generated")
    assert indexed.evaluate({"xs": [Decimal(5), Decimal(6)], "n": 1}) == 5
    # a built-in's arguments of other kinds: its general call, as the closures call it
    calls = ENGINE.compile("upper case(x)", ["x"]).program("generated")
    assert calls.evaluate({"x": 1}) is None and calls.evaluate({"x": "a"}) == "A"
    # an operator's operands of other kinds take its slow branch: the closures' general
    # case, called by the generated code itself (nothing declined, nothing run again)
    program = ENGINE.compile("x * 2", ["x"]).program("generated")
    assert program.evaluate({"x": "a"}) is None and program.evaluate({}) is None

    class Variables(dict):
        pass

    with pytest.raises(feel.Declined, match="reads a dict"):
        program.evaluate(Variables(x=1))
    # evaluate_result: the slow branches' warnings; a null it would not say why is declined
    assert program.evaluate_result({"x": 1}).value == 2
    slow, closures = program.evaluate_result({"x": "a"}), program.expression.closures_result({"x": "a"})
    assert slow.value is None and slow.warnings and said(slow) == said(closures)
    missing = program.evaluate_result({})  # a variable read once: the closures' warning
    assert [w.kind for w in missing.warnings] == [feel.WarningKind.NO_VARIABLE_FOUND]
    assert said(missing) == said(program.expression.closures_result({}))
    twice = ENGINE.compile("x * x", ["x"]).program("generated")
    with pytest.raises(feel.Declined, match="declined these variables"):
        twice.evaluate_result({})  # read twice, missing: the closures say it twice
    assert [w.kind for w in twice.expression.evaluate_result({}).warnings] == [
        feel.WarningKind.NO_VARIABLE_FOUND] * 2



def test_the_generated_tier_records_the_warnings_the_closures_give():
    cases = load()
    every = cases + [twin for twin in (lift(case, ENGINE) for case in cases) if twin is not None]
    compared = warned = 0
    for case in every:
        expression = ENGINE.compile(case.expression, list(case.variables))
        if expression.why_not_generated() is not None:
            continue
        try:
            result = expression.program("generated").evaluate_result(dict(case.variables))
        except feel.Declined:
            continue  # "auto" leaves these to the closures
        closures = expression.closures_result(case.variables)
        assert identical(result.value, closures.value), case.id
        assert said(result) == said(closures), case.id
        compared += 1
        warned += bool(result.warnings)
    assert compared >= 0.4 * len(every) and warned >= 20


def test_no_variables_is_an_empty_mapping_for_the_generated_tier():
    assert ENGINE.compile("1 + 2").program("generated").evaluate() == 3
    assert ENGINE.compile("x + 2", ["x"]).program("generated").evaluate() is None


# -- every tier, unary tests, misuse


def test_every_tier_agrees_on_the_cases_it_takes():
    cases = load()
    every = cases + [twin for twin in (lift(case, ENGINE) for case in cases) if twin is not None]
    generated = 0
    for case in every:
        expression = ENGINE.compile(case.expression, list(case.variables))
        closures = expression.program("closures").evaluate(case.variables)
        auto = expression.program("auto")
        for _ in range(3):  # the first, the one that makes the fast path, then the fast path
            assert identical(auto.evaluate(case.variables), closures), case.id
        result = auto.evaluate_result(case.variables)
        assert identical(result.value, closures), case.id
        if expression.why_not_generated() is None:
            try:
                value = expression.program("generated").evaluate(dict(case.variables))
            except feel.Declined:
                continue
            assert identical(value, closures), case.id
            generated += 1
    assert generated >= 0.4 * len(every)


def test_unary_tests_have_three_tiers():
    tests = ENGINE.compile_unary_tests("< limit, 10", ["limit"])
    for tier in ("auto", "closures"):
        program = tests.program(tier)
        assert program.test(3, {"limit": 5}) is True
        assert program.test(7, {"limit": 5}) is False
        assert program.test(10, {"limit": 5}) is True
        result = program.test_result("a", {"limit": 5})
        assert result.value is None and result.warnings
    assert tests.program("closures").test_result(3, {}).warnings  # no variable limit
    with pytest.raises(feel.Declined, match="constants"):  # (`< limit`: see test_fastpath_unary)
        tests.program("generated")
    assert "constants" in tests.why_not_generated()
    constant = ENGINE.compile_unary_tests("< 5, 10").program("generated")
    assert [constant.test(value) for value in (3, 7, 10)] == [True, False, True]


@pytest.mark.parametrize("tier", ["fast", "", None, 1, "Closures"])
def test_an_unknown_tier_is_a_feel_error(tier):
    with pytest.raises(feel.FeelError, match="unknown tier") as raised:
        ENGINE.compile("1").program(tier)
    assert not isinstance(raised.value, feel.Declined)
    with pytest.raises(feel.FeelError, match="unknown tier"):
        ENGINE.compile_unary_tests("1").program(tier)


@pytest.mark.parametrize("tier", ["auto", "closures", "generated"])
def test_programs_pickle_with_their_tier(tier):
    program = ENGINE.compile("x + 1", ["x"]).program(tier)
    again = pickle.loads(pickle.dumps(program))
    assert again.tier == tier and again.evaluate({"x": 1}) == 2
    tests = pickle.loads(pickle.dumps(ENGINE.compile_unary_tests("> 1").program("closures")))
    assert tests.tier == "closures" and tests.test(2) is True


# -- threads


def test_forcing_tiers_from_many_threads_at_once(made):
    threads_count, rounds = 8, 50
    shared = ENGINE.compile("x * 2 + 1", ["x"])
    without = ENGINE.compile("f(x)", ["x"])
    start = threading.Barrier(threads_count)
    failures: list[str] = []
    reasons: set[str] = set()

    def work(index: int) -> None:
        start.wait(timeout=120)
        tiers = ("generated", "closures", "auto")
        for step in range(rounds):
            tier = tiers[(index + step) % 3]
            x = index * rounds + step
            value = shared.program(tier).evaluate({"x": x})
            if value != 2 * x + 1:
                failures.append(f"{tier}: {value!r} for {x}")
            try:
                without.program("generated")
                failures.append("generated code for f(x)")
            except feel.Declined as declined:
                reasons.add(declined.reason)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)  # a hang guard, not a measure
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert len(made) == 2  # each expression's fast path tried once, whoever asked first
    assert len(reasons) == 1 and "(f)" in reasons.pop()


def test_the_engine_tier_decides_which_code_evaluates(made):
    """An engine's tier says which code evaluates: the generated code made at the first
    evaluation, or never."""
    generated = feel.Engine(tier="generated").compile("x.a + 1")
    assert generated.evaluate({"x": {"a": 1}}) == 2  # from the first evaluation
    assert made == ["Arithmetic"]
    closures = feel.Engine(tier="closures").compile("x.a + 1")
    for _ in range(3):
        assert closures.evaluate({"x": {"a": 1}}) == 2
    assert made == ["Arithmetic"]
    assert feel.Engine().derive(tier="generated").settings.tier == "generated"
    with pytest.raises(feel.FeelError):
        feel.Engine(tier="fast")


def test_scoped_runs_the_generated_code_on_the_names_the_scope_chain_sees():
    from feel.runtime import Scope, State

    engine = feel.Engine(tier="generated")
    expression = engine.compile("a + b")
    function = expression.scoped()
    assert function is not expression.closure
    state = State.for_engine(engine)
    outer = Scope({"a": Decimal(1), "b": Decimal(2)}, None, state)
    inner = Scope({"b": Decimal(10)}, outer, state)
    assert function(inner) == 11 == expression.closure(inner)
    assert function(Scope({"a": "x", "b": Decimal(1)}, None, state)) is None  # the closures warn
    assert state.warnings
    assert feel.Engine().compile("a + b").scoped() is not function


def test_a_scoped_evaluation_counts_its_slow_branches_once():
    """Slow branches run in the caller's state; where a filter's item then binds a
    function to the name of a built-in the condition calls, the generated code calls the
    closures' call in that state (it gave up there, and the closures evaluated again):
    the steps and warnings are the closures', each counted once."""
    from feel.runtime import CURRENT, Scope, State

    big = [Decimal(1)] * 3000
    items = [{"n": "ab"}, {"n": "c", "string length": len}]
    cases = [("x = y and count(items[string length(n) > 1]) > 0",
              {"x": big, "y": list(big), "items": items}),
             ("(x + 1 > 0) or count(items[string length(n) > 1]) > 0",
              {"x": True, "items": items})]  # fmt: skip
    for text, variables in cases:
        generated = ENGINE.compile(text, list(variables)).program("generated")
        assert generated.evaluate(variables) is True  # (computed: no give-up)
        seen = []
        for tier in ("closures", "generated"):
            engine = feel.Engine(tier=tier)
            function = engine.compile(text, list(variables)).scoped()
            state = State.for_engine(engine)
            token = CURRENT.set(state)
            try:
                value = function(Scope(variables, None, state))
            finally:
                CURRENT.reset(token)
            seen.append((value, state.steps, [w.kind for w in state.warnings]))
        (value, steps, warned), (generated_value, generated_steps, generated_warned) = seen
        assert (value, warned) == (generated_value, generated_warned), (text, seen)
        # counted once: the generated code's short filter (two items) is not charged (its
        # uncounted walks are bounded at translation), the equality's walk is, once
        assert steps - len(items) <= generated_steps <= steps, (text, seen)


def test_an_items_function_named_like_a_built_in_is_called_in_the_one_state(monkeypatch):
    # the generated code warns in a slow branch (its state made then), then meets a
    # filter's item that binds a function to a built-in's name: it calls the closures'
    # call of it there (it gave up, and the closures ran again in a second state)
    from feel.runtime import State

    expression = feel.Engine(timeout=5).compile("[x + 1, xs[string length(n) > 1]]", ["x", "xs"])
    assert expression.why_not_generated() is None
    made: list = []
    recorded = recording_states(made)
    monkeypatch.setattr(State, "for_engine", classmethod(recorded))
    xs = [{"n": "a", "string length": lambda text: 5}, {"n": "bc"}, {"n": "d"}]
    result = expression.program("generated").evaluate_result({"x": "a", "xs": xs})
    assert len(made) == 1
    expected = expression.closures_result({"x": "a", "xs": xs})
    assert result.value[0] is None and [item["n"] for item in result.value[1]] == ["a", "bc"]
    assert identical(result.value, expected.value) and said(result) == said(expected)


def test_a_missing_variable_the_code_would_not_warn_of_is_declined_before_anything_runs(monkeypatch):
    # read twice (or in a loop, or inside a context), a missing variable is a warning at
    # each read in the closures, with a hint of the names around it: for a caller that
    # keeps warnings the generated code declines at its start, before its first slow
    # branch (`y + 1` with a string would make a state and warn), so nothing runs twice
    from feel.runtime import State

    made: list = []
    recorded = recording_states(made)
    for text in ("[y + 1, x * x]", "[y + 1, for i in [1, 2] return i + x]", "[y + 1, {a: x, b: x}]"):
        expression = ENGINE.compile(text, ["x", "y"])
        with pytest.raises(feel.Declined, match="Unsaid"):
            expression.program("generated").evaluate_result({"y": "a"})
        expected = expression.closures_result({"y": "a"})
        monkeypatch.setattr(State, "for_engine", classmethod(recorded))
        made.clear()
        for _ in range(3):  # (the generated code is made at the second)
            result = expression.evaluate_result({"y": "a"})
            assert identical(result.value, expected.value) and said(result) == said(expected)
        assert len(made) == 3, text  # one state each: the closures'
        monkeypatch.undo()
        # with the variable there, or for evaluate, the generated code runs
        given = {"x": 2, "y": "a"}
        assert said(expression.program("generated").evaluate_result(given)) == said(
            expression.closures_result(given))
        assert identical(expression.program("generated").evaluate({"y": "a"}), expected.value)


def test_a_hosts_function_named_like_a_built_in_is_declined_before_anything_runs(monkeypatch):
    # the closures call the host's function; the generated code declines at its start,
    # before its first slow branch (`x + 1` with a string would make a state), so nothing
    # runs twice; a variable of that name that is not a function hides nothing
    from feel.runtime import State

    expression = ENGINE.compile("[x + 1, upper case(s)]", ["x", "s", "upper case"])
    given = {"x": "a", "s": "b", "upper case": lambda text: text + "!"}
    with pytest.raises(feel.Declined, match="Shadowed"):
        expression.program("generated").evaluate_result(given)
    made: list = []
    recorded = recording_states(made)
    monkeypatch.setattr(State, "for_engine", classmethod(recorded))
    for _ in range(3):  # (the generated code is made at the second)
        assert expression.evaluate_result(given).value == [None, "b!"]
    assert len(made) == 3  # one state each: the closures'
    monkeypatch.undo()
    plain = {"x": 1, "s": "b", "upper case": 5}
    assert expression.program("generated").evaluate(plain) == expression.closures_result(plain).value
