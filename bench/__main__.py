"""``python -m bench``: median microseconds per benchmark expression.

Columns: (a) parse + compile from scratch, (b) evaluate the compiled expression (from the
second evaluation on, its fast path: :mod:`feel.fastpath`), (c) the same computation
written by hand in Python, the ratio b/c, then what an evaluation by the closures alone
costs (the ``"closures"`` tier of :mod:`feel.program`, with a full state: the evaluations
the fast path gives up, and the first two, which skip the state when the expression is
light), and what making the fast path costs, once. Then the decision-table rows: a 50-rule, 4-input table evaluated
by ``feel.dmn`` against the same table written by hand (:mod:`bench.tables`).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import feel
from bench import tables
from bench.cases import CASES, JSON_CASES
from bench.scale import main as scale_main
from bench.cold import cold_table


def median_us(action: Callable[[], Any], repeat: int, number: int) -> float:
    """Median over ``repeat`` runs of the mean time of ``number`` calls, in microseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            action()
        samples.append((time.perf_counter() - start) / number * 1e6)
    return statistics.median(samples)


def making_us(engine: feel.Engine, text: str, names: list[str], count: int) -> float:
    """Median microseconds of translating ``text`` into its fast path (its ``"generated"``
    program, made at once), over ``count`` runs."""
    samples = []
    for _ in range(count):
        compiled = engine.compile(text, names)
        start = time.perf_counter()
        try:
            compiled.program("generated")
        except feel.Declined:
            pass  # the time to find out: a row of no fast path shows it
        samples.append((time.perf_counter() - start) * 1e6)
    return statistics.median(samples)


def import_ms() -> float:
    """Median wall time of ``python -c "import feel"`` in a fresh process, in milliseconds."""
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import feel"], check=True)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def table_rows() -> None:
    """Print the decision-table rows (:mod:`bench.tables`): best and median of the batches."""
    print("| decision table (50 rules, 4 inputs) | feel.dmn µs | by hand µs | ratio "
          "| median feel.dmn µs | median by hand µs | median ratio |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|")
    for policy, ours, theirs, ours_median, theirs_median in tables.measure():
        print(f"| {policy} | {ours:.1f} | {theirs:.1f} | {ours / theirs:.1f}x | {ours_median:.1f} "
              f"| {theirs_median:.1f} | {ours_median / theirs_median:.1f}x |")  # fmt: skip


def json_rows(engine: feel.Engine, repeat: int) -> None:
    """Print the rows of the benchmark expressions with plain JSON variables (ints, floats,
    strings: :data:`bench.cases.JSON_CASES`), the evaluation, the same computation by hand
    and the evaluation with its warnings (what a connector's job does) measured in turns,
    a round of each at a time."""
    print("| expression, JSON variables | (b) evaluate µs | (c) Python µs | b/c "
          "| (r) evaluate_result µs | r/c |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|")
    for name, text, variables, by_hand in JSON_CASES:
        compiled = engine.compile(text, list(variables))
        warnings = compiled.evaluate_result(variables).warnings
        if warnings:
            print(f"| {name} | warning: {warnings[0]} | | |")
            continue
        compiled.evaluate(variables)  # the second evaluation makes the fast path
        ours, theirs, results = [], [], []
        for _ in range(repeat):
            ours.append(median_us(lambda: compiled.evaluate(variables), 1, 1000))
            theirs.append(median_us(lambda: by_hand(variables), 1, 1000))
            results.append(median_us(lambda: compiled.evaluate_result(variables), 1, 1000))
        b, c, r = statistics.median(ours), statistics.median(theirs), statistics.median(results)
        print(f"| {name} | {b:.2f} | {c:.2f} | {b / c:.1f}x | {r:.2f} | {r / c:.1f}x |")


def main() -> None:
    """Print the benchmark table in Markdown."""
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--scale", action="store_true", help="records/s instead (bench/scale.py)")
    parser.add_argument("--tables", action="store_true", help="only the decision-table rows")
    if "--scale" in sys.argv[1:]:  # opt-in: a minute or more, with a Dask cluster
        return scale_main(sys.argv[1:])
    options = parser.parse_args()
    if options.tables:
        return table_rows()
    engine = feel.Engine()
    print("| expression | (a) parse+compile µs | (b) evaluate µs | (c) Python µs | b/c "
          "| closures alone µs | making the fast path µs |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, text, variables, by_hand in CASES:
        names = list(variables)
        compiled = engine.compile(text, names)
        warnings = compiled.evaluate_result(variables).warnings
        if warnings:
            print(f"| {name} | warning: {warnings[0]} | | | | | |")
            continue
        a = median_us(lambda: engine.compile(text, names), options.repeat, 200)
        b = median_us(lambda: compiled.evaluate(variables), options.repeat, 1000)
        c = median_us(lambda: by_hand(variables), options.repeat, 1000)
        closures = engine.compile(text, names).program("closures")  # never makes a fast path
        alone = median_us(lambda: closures.evaluate(variables), options.repeat, 1000)
        made = making_us(engine, text, names, options.repeat * 5)
        print(f"| {name} | {a:.1f} | {b:.2f} | {c:.2f} | {b / c:.1f}x | {alone:.1f} | {made:.0f} |")
    print()
    json_rows(engine, options.repeat)
    print()
    table_rows()
    cold_table(CASES, options.repeat)
    print(f"\nimport feel: {import_ms():.0f} ms (median of 5 fresh processes, python startup included)")


if __name__ == "__main__":
    main()
