"""Decision tables: inputs, rules of unary tests, outputs, and every hit policy.

Hit policies: UNIQUE, ANY, PRIORITY, FIRST, RULE ORDER, OUTPUT ORDER, COLLECT (with
SUM, MIN, MAX, COUNT). PRIORITY and OUTPUT ORDER rank outputs by the position of their
value in the output's ``outputValues``. A table with several outputs yields contexts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element

from feel.diagnostics import Failure, WarningKind
from feel.dmn.xml import child, children, text_of
from feel.operators import compare, equal
from feel.runtime import Scope
from feel.values import DECIMAL

if TYPE_CHECKING:
    from feel.dmn.boxed import BoxedCompiler

Closure = Callable[[Scope], Any]

_POLICIES = {
    "U": "UNIQUE", "A": "ANY", "P": "PRIORITY", "F": "FIRST", "R": "RULE ORDER",
    "O": "OUTPUT ORDER", "C": "COLLECT",
}  # fmt: skip
_AGGREGATIONS = {"+": "SUM", "<": "MIN", ">": "MAX", "#": "COUNT"}


class _Output:
    __slots__ = ("default", "kind", "name", "values")

    def __init__(self, name: str, values: Any, default: Closure | None, kind: Any) -> None:
        self.name = name
        self.values = values
        self.default = default
        self.kind = kind


def compile_table(compiler: BoxedCompiler, table: Element, where: str) -> Closure:
    """The closure of a decision table."""
    policy = (table.get("hitPolicy") or "UNIQUE").upper()
    policy = _POLICIES.get(policy, policy)
    aggregation = table.get("aggregation")
    aggregation = _AGGREGATIONS.get(aggregation, aggregation) if aggregation else None

    inputs = []
    for number, element in enumerate(children(table, "input"), 1):
        expression = compiler.feel(text_of(child(element, "inputExpression")), f"{where} input {number}")
        allowed = compiler.unary(text_of(child(element, "inputValues")), f"{where} input values")
        inputs.append((expression, allowed, element.get("label") or f"input {number}"))

    outputs = []
    for number, element in enumerate(children(table, "output"), 1):
        values_text = text_of(child(element, "outputValues"))
        values = compiler.engine.compile(f"[{values_text}]", compiler.model.names) if (
            values_text and values_text.strip()) else None  # fmt: skip
        default_element = child(element, "defaultOutputEntry")
        default = compiler.feel(text_of(default_element), where) if default_element is not None else None
        name = element.get("name") or element.get("label") or f"output {number}"
        outputs.append(_Output(name, values, default, compiler.model.type(element.get("typeRef"))))

    rules = []
    for rule_number, rule in enumerate(children(table, "rule"), 1):
        tests = [compiler.unary(text_of(entry), f"{where} rule {rule_number}")
                 for entry in children(rule, "inputEntry")]  # fmt: skip
        results = [compiler.feel(text_of(entry), f"{where} rule {rule_number}")
                   for entry in children(rule, "outputEntry")]  # fmt: skip
        rules.append((tests, results))

    single = len(outputs) == 1

    def evaluate(scope: Scope) -> Any:
        state = scope.state
        values = [expression(scope) for expression, _, _ in inputs]
        for value, (_, allowed, label) in zip(values, inputs):
            if allowed is not None and allowed.run(value, {}, state, scope) is not True:
                state.warn(WarningKind.DMN, f"{where}: {label} value is not among its input values")
                return None
        matched = []
        for tests, results in rules:
            if all(test is None or test.run(value, {}, state, scope) is True
                   for test, value in zip(tests, values)):  # fmt: skip
                matched.append(results)
        if not matched:
            return _default(scope, outputs, single, policy, aggregation)
        rows = []
        for results in matched:
            row = [result(scope) for result in results]
            for index, (value, output) in enumerate(zip(row, outputs)):
                if output.values is not None and value is not None:
                    allowed_values = output.values._closure(scope) or []
                    if not any(equal(value, candidate) is True for candidate in allowed_values):
                        state.warn(WarningKind.DMN, f"{where}: {output.name} value not allowed")
                        row[index] = None
            rows.append(row)
        try:
            return _hit(scope, policy, aggregation, rows, outputs, single, where)
        except Failure as failure:
            state.warn(failure.kind, f"{where}: {failure.message}")
            return None

    return evaluate


def _shape(row: list, outputs: list[_Output], single: bool) -> Any:
    return row[0] if single else {output.name: value for output, value in zip(outputs, row)}


def _default(scope: Scope, outputs: list[_Output], single: bool, policy: str,
             aggregation: str | None) -> Any:  # fmt: skip
    if policy in ("COLLECT", "RULE ORDER", "OUTPUT ORDER") and not any(o.default for o in outputs):
        if policy == "COLLECT" and aggregation == "COUNT":
            return Decimal(0)
        return None if aggregation else []
    if not any(output.default for output in outputs):
        return None
    row = [output.default(scope) if output.default else None for output in outputs]
    return _shape(row, outputs, single)


def _priority(scope: Scope, row: list, outputs: list[_Output]) -> tuple:
    ranks = []
    for value, output in zip(row, outputs):
        allowed = output.values._closure(scope) if output.values is not None else []
        rank = next((i for i, v in enumerate(allowed or []) if equal(v, value) is True), len(allowed or []))
        ranks.append(rank)
    return tuple(ranks)


def _hit(scope: Scope, policy: str, aggregation: str | None, rows: list, outputs: list[_Output],
         single: bool, where: str) -> Any:  # fmt: skip
    if policy == "UNIQUE":
        if len(rows) > 1:
            raise Failure(WarningKind.DMN, "more than one rule matched a UNIQUE table")
        return _shape(rows[0], outputs, single)
    if policy == "ANY":
        first = rows[0]
        if any(not all(equal(a, b) is True or (a is None and b is None) for a, b in zip(first, row))
               for row in rows[1:]):  # fmt: skip
            raise Failure(WarningKind.DMN, "rules of an ANY table gave different outputs")
        return _shape(first, outputs, single)
    if policy == "FIRST":
        return _shape(rows[0], outputs, single)
    if policy == "PRIORITY":
        best = min(rows, key=lambda row: _priority(scope, row, outputs))
        return _shape(best, outputs, single)
    if policy == "OUTPUT ORDER":
        ordered = sorted(rows, key=lambda row: _priority(scope, row, outputs))
        return [_shape(row, outputs, single) for row in ordered]
    if policy == "RULE ORDER":
        return [_shape(row, outputs, single) for row in rows]
    if policy == "COLLECT":
        if aggregation is None:
            return [_shape(row, outputs, single) for row in rows]
        if not single:
            raise Failure(WarningKind.DMN, "an aggregation needs a single output")
        values = [row[0] for row in rows]
        return _aggregate(aggregation, values)
    raise Failure(WarningKind.DMN, f"unknown hit policy {policy}")


def _aggregate(aggregation: str, values: list) -> Any:
    if aggregation == "COUNT":
        distinct: list = []
        for value in values:
            if not any(equal(value, seen) is True for seen in distinct):
                distinct.append(value)
        return Decimal(len(distinct))
    present = [value for value in values if value is not None]
    if not present:
        return None
    if aggregation == "SUM":
        if any(type(value) is not Decimal for value in present):
            raise Failure(WarningKind.DMN, "SUM needs numbers")
        total = Decimal(0)
        for value in present:
            total = DECIMAL.add(total, value)
        return total
    ordered = sorted(present, key=functools.cmp_to_key(compare))
    if aggregation == "MIN":
        return ordered[0]
    if aggregation == "MAX":
        return ordered[-1]
    raise Failure(WarningKind.DMN, f"unknown aggregation {aggregation}")
