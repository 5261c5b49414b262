"""Helpers shared by the guarantee tests (``tests/test_guarantees_*.py``).

A plain module, imported by name (``tests/`` is on the path, see ``conftest.py``): outcomes
and budgets of an action, work counted in calls or bytes instead of seconds, hostile host
data, and DMN documents.
"""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from typing import Any

import pytest

from bench.inputs import deep_list, recursive_dict, recursive_list  # noqa: F401 (deep_list: re-exported)
from feel import BudgetExceeded, FeelError


def outcome(action: Any) -> tuple[str, Any]:
    """("value", v) or ("error", FeelError); anything else propagates and fails the test."""
    try:
        return "value", action()
    except FeelError as error:
        return "error", error


def budget_of(action: Any) -> BudgetExceeded:
    """The BudgetExceeded that ``action`` raises."""
    with pytest.raises(BudgetExceeded) as caught:
        action()
    return caught.value


cyclic_dict, cyclic_list = recursive_dict, recursive_list  # the fuzzer's, in bench/inputs.py


def tuple_cycle() -> list:
    """A list that contains itself through a tuple."""
    value: list = []
    value.append((value,))
    return value


def deep_dict(depth: int) -> dict:
    """A dict nested ``depth`` deep under the key "a"."""
    value: dict = {"a": 1}
    for _ in range(depth):
        value = {"a": value}
    return value


def finishes_within(code: str, seconds: float) -> bool:
    """Whether a fresh interpreter running ``code`` (after ``import feel``) ends in time."""
    try:
        subprocess.run([sys.executable, "-c", "import feel\n" + code], timeout=seconds,
                       capture_output=True, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        return False
    return True


def calls_of(action: Any) -> int:
    """How many Python and C functions ``action()`` calls (a count, not a clock)."""
    calls = 0

    def count(frame: Any, event: str, arg: Any) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    previous = sys.getprofile()
    sys.setprofile(count)
    try:
        action()
    finally:
        sys.setprofile(previous)
    return calls


#: The opening tag of a DMN 1.3 document; a document adds its elements and ``</definitions>``.
DMN = '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" name="m" namespace="m">'


def chain_of_decisions(count: int) -> str:
    """A DMN document of ``count`` decisions "Decision Number i", each requiring the one before."""
    parts = [DMN]
    for i in range(count):
        needs = (f'<informationRequirement><requiredDecision href="#d{i - 1}"/>'
                 "</informationRequirement>") if i else ""  # fmt: skip
        text = f"Decision Number {i - 1} + 1" if i else "0"
        parts.append(f'<decision name="Decision Number {i}" id="d{i}">{needs}'
                     f"<literalExpression><text>{text}</text></literalExpression></decision>")  # fmt: skip
    return "".join(parts) + "</definitions>"


def peak_bytes(action: Any) -> int:
    """The peak of memory traced while ``action()`` runs, in bytes."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
