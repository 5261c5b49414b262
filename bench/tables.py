"""The decision-table benchmark: one 50-rule, 4-input table, as DMN and written by hand.

The same rules are built twice from one list of cell specifications: as a DMN model
(evaluated with ``model.evaluate(name, record)``, a plain JSON record: ints, strings and
booleans, converted as :func:`feel.evaluate` converts variables) and as Python, where each
cell is a predicate built once and a rule matches when every predicate of it is true.
Both run FIRST (stop at the first match) and COLLECT (every match), measured interleaved
in one run so that the machine's load falls on both alike.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

#: Where a record's value sits among the inputs: name, FEEL type.
INPUTS = [("Age", "number"), ("Category", "string"), ("Score", "number"), ("Member", "boolean")]
CATEGORIES = ["gold", "silver", "bronze", "none"]

#: The records the tables are evaluated with, in turn.
RECORDS = [
    {"Age": 45, "Category": "silver", "Score": 640, "Member": True},
    {"Age": 23, "Category": "bronze", "Score": 710, "Member": False},
    {"Age": 67, "Category": "gold", "Score": 580, "Member": True},
    {"Age": 15, "Category": "none", "Score": 300, "Member": False},
]


def rule_cells() -> list[list[tuple]]:
    """50 rules of 4 cells each, as (kind, operands): ("range", low, high), ("lt", x),
    ("ge", x), ("one of", strings), ("is", boolean) or ("any",); the last rule matches all."""
    rules = []
    for number in range(49):
        low = 10 + (number * 7) % 60
        age = ("range", low, low + 9) if number % 3 else ("lt", low + 5)
        category = ("one of", (CATEGORIES[number % 4],)) if number % 5 else (
            ("one of", tuple(CATEGORIES[(number + k) % 4] for k in range(2))))  # fmt: skip
        score = ("ge", 300 + (number * 37) % 450) if number % 2 else ("any",)
        member = ("is", number % 4 == 0) if number % 3 == 0 else ("any",)
        rules.append([age, category, score, member])
    rules.append([("any",)] * 4)
    return rules


def _feel_cell(cell: tuple) -> str:
    kind = cell[0]
    if kind == "range":
        return f"[{cell[1]}..{cell[2]}]"
    if kind == "lt":
        return f"&lt; {cell[1]}"
    if kind == "ge":
        return f"&gt;= {cell[1]}"
    if kind == "one of":
        return ", ".join(f'"{text}"' for text in cell[1])
    if kind == "is":
        return "true" if cell[1] else "false"
    return "-"


def dmn_model_text(policy: str) -> str:
    """The DMN model of the table with hit policy ``policy``, decision ``Offer``."""
    inputs = "".join(f'<inputData id="in{i}" name="{name}"><variable name="{name}" typeRef="{kind}"/>'
                     f"</inputData>" for i, (name, kind) in enumerate(INPUTS))  # fmt: skip
    requirements = "".join(f'<informationRequirement><requiredInput href="#in{i}"/>'
                           "</informationRequirement>" for i in range(len(INPUTS)))  # fmt: skip
    columns = "".join(f'<input label="{name}"><inputExpression typeRef="{kind}"><text>{name}</text>'
                      "</inputExpression></input>" for name, kind in INPUTS)  # fmt: skip
    rules = "".join(
        "<rule>" + "".join(f"<inputEntry><text>{_feel_cell(cell)}</text></inputEntry>" for cell in cells)
        + f'<outputEntry><text>"offer {number}"</text></outputEntry></rule>'
        for number, cells in enumerate(rule_cells(), 1))  # fmt: skip
    return (f'<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" namespace="urn:bench" '
            f'name="bench">{inputs}<decision id="offer" name="Offer">{requirements}'
            f'<decisionTable hitPolicy="{policy}">{columns}<output name="Offer" typeRef="string"/>'
            f"{rules}</decisionTable></decision></definitions>")  # fmt: skip


def _python_cell(cell: tuple) -> Callable[[Any], bool]:
    kind = cell[0]
    if kind == "range":
        low, high = cell[1], cell[2]
        return lambda value: low <= value <= high
    if kind == "lt":
        limit = cell[1]
        return lambda value: value < limit
    if kind == "ge":
        limit = cell[1]
        return lambda value: value >= limit
    if kind == "one of":
        texts = cell[1]
        return lambda value: value in texts
    if kind == "is":
        expected = cell[1]
        return lambda value: value is expected
    return lambda value: True


def python_table(policy: str) -> Callable[[dict], Any]:
    """The table written by hand: a predicate per cell (``-`` cells left out)."""
    names = [name for name, _ in INPUTS]
    rules = []
    for number, cells in enumerate(rule_cells(), 1):
        checks = tuple((column, _python_cell(cell)) for column, cell in enumerate(cells) if cell[0] != "any")
        rules.append((checks, f"offer {number}"))
    first = policy == "FIRST"

    def evaluate(record: dict) -> Any:
        values = [record[name] for name in names]
        matched = []
        for checks, output in rules:
            for column, predicate in checks:
                if not predicate(values[column]):
                    break
            else:
                if first:
                    return output
                matched.append(output)
        return matched if not first else None

    return evaluate


def measure(batches: int = 1500) -> list[tuple[str, float, float, float, float]]:
    """(hit policy, µs per decision of feel.dmn, µs of the hand-written table, and the same
    two as medians): the best and the median of ``batches`` batches of one evaluation per
    record, the two interleaved batch by batch (on a shared machine the best of many short
    batches is the figure that other processes disturb least; the median shows the load)."""
    import statistics

    import feel.dmn
    from feel.convert import to_python

    rows = []
    for policy in ("FIRST", "COLLECT"):
        model = feel.dmn.load(dmn_model_text(policy))
        by_hand = python_table(policy)
        for record in RECORDS * 2:  # the two must agree (twice: the matcher is made at the second)
            result = model.evaluate("Offer", record)
            assert not result.warnings, result.warnings
            assert to_python(result.value) == by_hand(record), (policy, record)
        ours, theirs = [], []
        for _ in range(batches):
            start = time.perf_counter()
            for record in RECORDS:
                model.evaluate("Offer", record)
            middle = time.perf_counter()
            for record in RECORDS:
                by_hand(record)
            end = time.perf_counter()
            ours.append((middle - start) / len(RECORDS) * 1e6)
            theirs.append((end - middle) / len(RECORDS) * 1e6)
        rows.append((policy, min(ours), min(theirs), statistics.median(ours), statistics.median(theirs)))
    return rows


if __name__ == "__main__":
    for policy, ours, theirs, ours_median, theirs_median in measure():
        print(f"{policy}: best {ours:.2f} µs, by hand {theirs:.2f} µs, {ours / theirs:.2f}x; "
              f"median {ours_median:.2f} µs, by hand {theirs_median:.2f} µs, "
              f"{ours_median / theirs_median:.2f}x")
