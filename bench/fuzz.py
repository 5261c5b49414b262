"""``python -m bench.fuzz --minutes N``: feed the engine hostile input and report what escapes.

Generators (shared with ``tests/test_fuzz.py``, which drives them from hypothesis):

- random text over an alphabet of FEEL symbols, keywords and odd characters;
- expressions derived from ``grammar/feel.lark`` (read with Lark, expanded at random with a
  height limit), valid or slightly broken by token mutations;
- mutations of the literal expressions of the DMN TCK (``<text>`` elements of the .dmn files);
- hostile Python values as variables (cycles, deep nesting, sets, bytes, generators,
  objects with side-effecting ``__getattr__``, NaN decimals...);
- attacks on the budgets (:mod:`bench.hostile`): values sharing sub-structure, built-ins
  over large lists, regular expressions outside RE2's subset.

Every input must either evaluate to a FEEL value or raise a :class:`feel.FeelError`, within
the engine's budgets. Anything else is a finding, printed with a shrunk reproduction.
Generators take a :class:`Chooser`, so hypothesis (shrinkable draws) and ``random.Random``
(fast, seeded) drive the same code.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from decimal import Decimal
from typing import Any

import feel
from feel import temporal
from feel.values import Function, Range

from bench.hostile import hostile_expression
from bench.inputs import (
    Chooser, RandomChooser, VARIABLE_EXPRESSIONS, grammar_expression,
    mutate_text, random_text, random_variables, tck_expressions,
)


#: Budgets small enough that a fuzz input costs milliseconds, not seconds.
FUZZ_BUDGETS: dict[str, Any] = {
    "max_size": 10_000, "max_steps": 200_000, "max_string": 100_000, "max_depth": 60,
    "timeout": 1.0,
}  # fmt: skip
#: An evaluation slower than this (compile included) is a finding: the budgets did not bound it.
SLOW_SECONDS = 5.0


@dataclass
class Finding:
    """Something that broke a guarantee."""

    kind: str  # "exception", "slow", "bad value"
    detail: str
    text: str
    variables: str
    signature: str

    def report(self) -> str:
        """A paste-able reproduction."""
        return (f"[{self.kind}] {self.detail}\n  feel.evaluate({self.text!r}, {self.variables})\n"
                f"  signature: {self.signature}")  # fmt: skip


def _where(error: BaseException) -> str:
    """The innermost frame of ours in the traceback, as file:line."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/feel/" in f.filename] or frames
    last = ours[-1] if ours else None
    return f"{os.path.basename(last.filename)}:{last.lineno}" if last else "?"


def bad_value(value: Any, depth: int = 0, seen: set[int] | None = None) -> str | None:
    """Why ``value`` is not a FEEL value (None when it is): a cycle, a foreign type, a NaN..."""
    seen = set() if seen is None else seen
    kind = type(value)
    if value is None or kind in (str, bool):
        return None
    if kind is Decimal:
        return None if value.is_finite() else f"non-finite number {value}"
    if isinstance(value, (Function, Range)) or temporal.is_temporal(value):
        return None
    if kind in (list, dict):
        if id(value) in seen:
            return f"a {kind.__name__} that contains itself"
        if depth > 500:
            return None  # deep, but not wrong in itself
        seen.add(id(value))
        items = value.values() if kind is dict else value
        if kind is dict and any(type(k) is not str for k in value):
            return "a context key that is not a string"
        for item in items:
            why = bad_value(item, depth + 1, seen)
            if why:
                return why
        seen.discard(id(value))
        return None
    return f"a Python {kind.__name__} leaked out"


def fast_path_differs(engine: feel.Engine, text: str, variables: dict[str, Any] | None,
                      value: Any) -> str | None:  # fmt: skip
    """What is wrong when the fast path of ``text`` (feel.fastpath) computes anything but
    ``value``, the closures' value, or warns otherwise than they do; None when it agrees,
    gives up, or there is none."""
    compiled = engine.compile(text, list(variables or ()))
    try:
        fast_value = compiled.program("generated").evaluate(variables or {})
    except feel.Declined:
        return None  # no fast path, or it declined at its start: the closures evaluate
    except feel.BudgetExceeded as error:  # final: the closures never run after it
        if error.budget == "time":  # (the clock: not the same in two runs)
            return None
        return f"the fast path ran out of its {error.budget} budget, the closures did not"
    if not identical(fast_value, value):
        return f"the fast path differs: {fast_value!r} instead of {value!r}"
    try:  # its warnings: those of the closures, or it gives up
        warned = said(compiled.program("generated").evaluate_result(variables or {}))
    except feel.Declined:
        return None
    expected = said(compiled.closures_result(variables or {}))
    if warned != expected:
        return f"the fast path's warnings differ: {warned} instead of {expected}"
    return None


def said(result: feel.Result) -> list[tuple[Any, str, Any]]:
    """What the warnings of ``result`` say, and where."""
    return [(w.kind, str(w), w.span) for w in result.warnings]


def identical(a: Any, b: Any) -> bool:
    """Same kinds, and for numbers the same digits and exponent, all the way down."""
    if type(a) is not type(b):
        return False
    if type(a) is Decimal:
        return a.as_tuple() == b.as_tuple()
    if type(a) is list:
        return len(a) == len(b) and all(map(identical, a, b))
    if type(a) is dict:
        return list(a) == list(b) and all(identical(a[key], b[key]) for key in a)
    if hasattr(a, "callable"):  # a host's function, wrapped afresh by each conversion
        return a.callable is b.callable
    return a is b or a == b


def check(engine: feel.Engine, text: str, variables: dict[str, Any] | None = None,
          unary: bool = False, tally: Counter[str] | None = None) -> Finding | None:  # fmt: skip
    """Evaluate ``text``; a Finding if anything but a FEEL value or a FeelError came out.
    ``tally`` counts the outcomes: value, null, syntax error, budget, other FeelError."""
    shown = _show(variables)
    started = time.monotonic()
    try:
        if unary:
            value = engine.compile_unary_tests(text, list(variables or ())).test(
                (variables or {}).get("x"), variables)
            why = bad_value(value)
        else:
            value = engine.evaluate(text, variables)
            why = bad_value(value) or fast_path_differs(engine, text, variables, value)
        if why is None:
            feel.to_python(value)
        outcome = "null" if value is None else "value"
    except feel.FeelSyntaxError:
        why, outcome = None, "syntax error"
    except feel.BudgetExceeded:
        why, outcome = None, "budget"
    except feel.FeelError:
        why, outcome = None, "other FeelError"
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt):
            raise
        where = _where(error)
        return Finding("exception", f"{type(error).__name__}: {str(error)[:200]}", text, shown,
                       f"{type(error).__name__} at {where}")  # fmt: skip
    elapsed = time.monotonic() - started
    if tally is not None:
        tally[outcome] += 1
    if why is not None:
        return Finding("bad value", why, text, shown, why.split(" ")[0] + " " + why[-20:])
    if elapsed > SLOW_SECONDS:
        return Finding("slow", f"{elapsed:.1f} s", text, shown, "slow")
    return None


def _show(variables: dict[str, Any] | None) -> str:
    try:
        return repr(variables)[:300]
    except BaseException:
        return "<variables without a repr>"


def shrink(engine: feel.Engine, finding: Finding, variables: Any, seconds: float = 20.0) -> str:
    """A shorter text with the same finding signature (greedy chunk deletion)."""
    text = finding.text
    deadline = time.monotonic() + seconds
    chunk = max(1, len(text) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        at, progressed = 0, False
        while at < len(text) and time.monotonic() < deadline:
            candidate = text[:at] + text[at + chunk:]
            again = check(engine, candidate, variables() if callable(variables) else variables)
            if again is not None and again.signature == finding.signature:
                text, progressed = candidate, True
            else:
                at += chunk
        if not progressed:
            chunk //= 2
    return text


# -- the command ---------------------------------------------------------------------------

GENERATORS = ("text", "grammar", "broken grammar", "tck mutation", "variables", "hostile")


def one_input(chooser: Chooser, kind: str) -> tuple[str, Callable[[], Any] | None, bool]:
    """(text, variables factory or None, unary?) for one input of generator ``kind``."""
    if kind == "text":
        return random_text(chooser), None, False
    if kind in ("grammar", "broken grammar"):
        text = grammar_expression(chooser, broken=kind == "broken grammar")
        return text, None, False
    if kind == "hostile":
        return hostile_expression(chooser), None, False
    if kind == "tck mutation":
        texts = tck_expressions()
        return mutate_text(chooser, chooser.pick(texts), texts), None, False
    seed = chooser.integer(0, 2**32)
    text = chooser.pick(VARIABLE_EXPRESSIONS)
    if chooser.integer(0, 3) == 0:
        text = grammar_expression(chooser)

    def factory() -> dict[str, Any]:
        return random_variables(RandomChooser(random.Random(seed)))

    return text, factory, chooser.integer(0, 9) == 0


class Watchdog(threading.Thread):
    """Prints the current input and exits when one input runs far past every budget."""

    def __init__(self, limit: float) -> None:
        super().__init__(daemon=True)
        self.limit = limit
        self.current: tuple[float, str] = (time.monotonic(), "")

    def run(self) -> None:
        while True:
            time.sleep(1.0)
            started, text = self.current
            if time.monotonic() - started > self.limit:
                print(f"\nHANG: more than {self.limit:.0f} s on: {text!r}", flush=True)
                os._exit(3)


def budget_overhead(repeat: int = 15, closures: bool = False) -> float:
    """Print the evaluation time of the benchmark expressions with the default budgets and
    with step, time and depth budgets off (best of ``repeat`` interleaved runs); return the
    geometric mean of the ratios. ``closures``: the ``"closures"`` tier (feel.program), as
    fast paths (feel.fastpath) have their budgets settled when they are made.

    (The step counter still counts with ``max_steps=0``: this measures the checks, not the
    counting, which no engine setting removes.)
    """
    from bench.__main__ import median_us
    from bench.cases import CASES

    cases = [*CASES, ("loop of 10000", "count(for x in 1..10000 return x)", {}, None)]
    guarded, free = feel.Engine(), feel.Engine(max_steps=0, timeout=None, max_depth=0)
    print(f"\n{'closures alone' if closures else 'with fast paths'}:\n")
    print("| expression | budgets µs | no budgets µs | ratio |\n|---|---:|---:|---:|")
    product, count = 1.0, 0
    for name, text, variables, _ in cases:
        a, b = guarded.compile(text, list(variables)), free.compile(text, list(variables))
        if closures:  # never make a fast path
            a, b = a.program("closures"), b.program("closures")  # type: ignore[assignment]
        number = 20 if "10000" in name else 1000
        timings: list[list[float]] = [[], []]  # interleaved so that drift hits both alike
        for _ in range(repeat):
            for slot, compiled in enumerate((a, b)):
                timings[slot].append(
                    median_us(partial(compiled.evaluate, variables or None), 1, number))
        with_budgets, without = min(timings[0]), min(timings[1])  # the least disturbed runs
        ratio = with_budgets / without
        product *= ratio
        count += 1
        print(f"| {name} | {with_budgets:.1f} | {without:.1f} | {ratio:.3f} |")
    mean = product ** (1 / count)
    print(f"\ngeometric mean of the ratios: {mean:.3f} ({(mean - 1) * 100:+.1f}%)")
    return mean


def main(argv: list[str] | None = None) -> int:
    """Run the generators in turn for ``--minutes``; print counts and findings."""
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz")
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--kinds", default=",".join(GENERATORS),
                        help="the generators to run, separated by commas")  # fmt: skip
    parser.add_argument("--overhead", action="store_true",
                        help="measure what the budgets cost on the benchmark instead")  # fmt: skip
    options = parser.parse_args(argv)
    if options.overhead:
        budget_overhead()
        budget_overhead(closures=True)
        return 0
    seed = options.seed if options.seed is not None else random.randrange(2**32)
    print(f"seed {seed}; budgets {FUZZ_BUDGETS}")
    chooser = RandomChooser(random.Random(seed))
    engine = feel.Engine(**FUZZ_BUDGETS)  # type: ignore[arg-type]
    kinds = [k for k in options.kinds.split(",")
             if k in GENERATORS and (k != "tck mutation" or tck_expressions())]  # fmt: skip
    counts = {kind: [0, 0] for kind in kinds}  # inputs, findings
    tallies: dict[str, Counter[str]] = {kind: Counter() for kind in kinds}
    findings: dict[str, Finding] = {}
    watchdog = Watchdog(limit=60.0)
    watchdog.start()
    deadline = time.monotonic() + options.minutes * 60
    while time.monotonic() < deadline:
        kind = chooser.pick(kinds)
        text, factory, unary = one_input(chooser, kind)
        watchdog.current = (time.monotonic(), text)
        finding = check(engine, text, factory() if factory else None, unary, tallies[kind])
        counts[kind][0] += 1
        if finding is None:
            continue
        counts[kind][1] += 1
        if finding.signature not in findings:
            if finding.kind != "slow":
                finding.text = shrink(engine, finding, factory)
            findings[finding.signature] = finding
            print(finding.report(), flush=True)
    total = sum(c[0] for c in counts.values())
    print(f"\n{total} inputs in {options.minutes} min (seed {seed}):")
    for kind, (inputs, found) in counts.items():
        shares = ", ".join(f"{name} {n / max(inputs, 1):.0%}" for name, n in
                           tallies[kind].most_common())  # fmt: skip
        print(f"  {kind:15} {inputs:8} inputs, {found} with findings ({shares})")
    print(f"{len(findings)} distinct findings")
    for finding in findings.values():
        print(finding.report())
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
