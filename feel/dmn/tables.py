"""Decision tables: inputs, rules of unary tests, outputs, and every hit policy.

Hit policies: UNIQUE, ANY, PRIORITY, FIRST, RULE ORDER, OUTPUT ORDER, COLLECT (with
SUM, MIN, MAX, COUNT). PRIORITY and OUTPUT ORDER rank outputs by the position of their
value in the output's ``outputValues``. A table with several outputs yields contexts.
``inputValues`` and ``outputValues`` are unary tests (``[0..100]``, ``"a", "b"``): a value
they refuse makes the table null (an input) or the output null (an output), with a warning.

Speed: a table runs at about the speed of the same table written in Python with a
predicate per cell. Each input is evaluated once and bound, with the scope its cells test
``?`` in, once per evaluation (not per cell); a rule is a tuple of ``(column, predicate)``
pairs without its ``-`` cells, tried until a cell is not true; FIRST stops at the first
rule that matches, and only matched rules evaluate their outputs. The cells themselves
are FEEL's compiled unary tests, whose constant comparisons (``< 18``, ``"gold"``,
``[18..65]``) are Python comparisons when the input has the constant's kind. A FIRST or
UNIQUE table with one unchecked output returns its matched rule's output without the
general hit-policy code. Measured in ``python -m bench --tables`` on a 50-rule, 4-input
table (bench/tables.py): FIRST 1.5-1.6x the table by hand (was 2.0-2.2x; most of the gain
is feel.dmn.plan), COLLECT 0.8-0.9x (was 1.1x).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element

from feel.diagnostics import Failure, WarningKind
from feel.dmn.matcher import generate
from feel.dmn.xml import child, children, text_of
from feel.operators import compare, equal
from feel.runtime import Scope
from feel.values import DECIMAL

if TYPE_CHECKING:
    from feel.dmn.dialect import DmnDialect

# The compiler (feel.dmn.boxed.BoxedCompiler) is typed Any here: that module imports this one.
BoxedCompiler = Any

Closure = Callable[[Scope], Any]
Predicate = Callable[[Scope, Any], Any]

_POLICIES = {
    "U": "UNIQUE", "A": "ANY", "P": "PRIORITY", "F": "FIRST", "R": "RULE ORDER",
    "O": "OUTPUT ORDER", "C": "COLLECT",
}  # fmt: skip
_AGGREGATIONS = {"+": "SUM", "<": "MIN", ">": "MAX", "#": "COUNT"}


class _Output:
    __slots__ = ("allowed", "default", "kind", "name", "ranking")

    def __init__(self, name: str, allowed: Predicate | None, ranking: Closure | None,
                 default: Closure | None, kind: Any) -> None:  # fmt: skip
        self.name = name
        self.allowed = allowed  # the outputValues as a unary-tests predicate
        self.ranking = ranking  # the outputValues as a list, for PRIORITY and OUTPUT ORDER
        self.default = default
        self.kind = kind


def _predicate(tests: Any) -> Predicate | None:
    return None if tests is None else tests.predicate


def compile_table(compiler: BoxedCompiler, table: Element, where: str) -> Closure:
    """The closure of a decision table."""
    policy = (table.get("hitPolicy") or "UNIQUE").upper()
    policy = _POLICIES.get(policy, policy)
    aggregation = table.get("aggregation")
    aggregation = _AGGREGATIONS.get(aggregation, aggregation) if aggregation else None
    dialect = compiler.model.dialect

    expressions: list[Closure] = []
    input_names: list[str | None] = []  # the input expressions that are just a name
    checked_inputs: list[tuple[int, Predicate, str]] = []
    for number, element in enumerate(children(table, "input"), 1):
        source = child(element, "inputExpression")
        text = text_of(source)
        expressions.append(compiler.feel(text, f"{where} input {number}", source))
        name = text.strip() if text else None
        plain_name = name in compiler.names and not compiler.foreign(source)
        input_names.append(name if plain_name else None)
        values = child(element, "inputValues")
        allowed = _predicate(compiler.unary(text_of(values), f"{where} input values", values))
        if allowed is not None:
            checked_inputs.append((number - 1, allowed, element.get("label") or f"input {number}"))

    outputs = [_output(compiler, element, number, where, policy)
               for number, element in enumerate(children(table, "output"), 1)]  # fmt: skip

    rules: list[tuple[tuple[tuple[int, Predicate], ...], list[Closure]]] = []
    cells: list[list[tuple[int, str | None, Predicate]]] = []  # for the generated matcher
    for rule_number, rule in enumerate(children(table, "rule"), 1):
        checks = []
        texts = []
        for column, entry in enumerate(children(rule, "inputEntry")):
            text = text_of(entry)
            tests = _predicate(compiler.unary(text, f"{where} rule {rule_number}", entry))
            if tests is not None:  # `-`: any input
                checks.append((column, tests))
                texts.append((column, None if compiler.foreign(entry) else text, tests))
        results = [compiler.feel(text_of(entry), f"{where} rule {rule_number}", entry)
                   for entry in children(rule, "outputEntry")]  # fmt: skip
        rules.append((tuple(checks), results))
        cells.append(texts)

    single = len(outputs) == 1
    first_only = policy == "FIRST"
    checked_outputs = [(index, output) for index, output in enumerate(outputs) if output.allowed]
    results_of = [results for _, results in rules]
    #: a single output in every rule, unchecked: FIRST, UNIQUE and COLLECT without an
    #: aggregation return the output entries' values as they are
    plain = single and not checked_outputs and all(len(results) == 1 for results in results_of) and (
        policy in ("FIRST", "UNIQUE") or (policy == "COLLECT" and aggregation is None))  # fmt: skip
    #: [uses, the generated matcher]: made at the second evaluation (feel.dmn.matcher)
    generated: list[Any] = [0, None]

    def match_by_closures(values: list | None, scope: Scope) -> list[int]:
        if values is None:
            values = [expression(scope) for expression in expressions]
        scopes = [Scope({"?": value}, scope, scope.state) for value in values]  # cells read `?`
        matched = []
        for number, (checks, _) in enumerate(rules):
            for column, test in checks:
                if test(scopes[column], values[column]) is not True:
                    break
            else:
                matched.append(number)
                if first_only:
                    break
        return matched

    def matcher() -> Callable[[list | None, Scope], list[int]]:
        match = generated[1]
        if match is not None:
            return match  # type: ignore[no-any-return]
        generated[0] += 1
        if generated[0] >= 2:
            try:
                generated[1] = generate(list(zip(input_names, expressions)), cells, first_only)
                return generated[1]  # type: ignore[no-any-return]
            except Exception:  # a bug of the generator must not stop the table
                generated[1] = match_by_closures
        return match_by_closures

    def evaluate(scope: Scope) -> Any:
        state = scope.state
        values = None  # read by the matcher, unless the input values are checked first
        if checked_inputs:
            values = [expression(scope) for expression in expressions]
            for index, allowed, label in checked_inputs:
                value = values[index]
                if allowed(Scope({"?": value}, scope, state), value) is not True:
                    state.warn(WarningKind.DMN, f"{where}: {label} value is not among its input values")
                    return None
        return decide(scope, (generated[1] or matcher())(values, scope))

    def decide(scope: Scope, numbers: list[int]) -> Any:
        state = scope.state
        if plain and numbers:  # one output, no checks: the hit policy is simple
            if policy == "COLLECT":
                return [results_of[number][0](scope) for number in numbers]
            if len(numbers) == 1:  # FIRST, or UNIQUE as it should be
                return results_of[numbers[0]][0](scope)
        matched = [results_of[number] for number in numbers]
        if not matched:
            return _default(scope, outputs, single, policy, aggregation, dialect)
        if policy == "UNIQUE" and len(matched) > 1:
            state.warn(WarningKind.DMN, f"{where}: more than one rule matched a UNIQUE table")
            return None
        rows = []
        for results in matched:
            row = [result(scope) for result in results]
            for index, output in checked_outputs:
                value = row[index] if index < len(row) else None
                if value is not None and output.allowed(Scope({"?": value}, scope, state),  # type: ignore[misc]
                                                        value) is not True:  # fmt: skip
                    state.warn(WarningKind.DMN, f"{where}: {output.name} value not allowed")
                    row[index] = None
            rows.append(row)
        try:
            return _hit(scope, policy, aggregation, rows, outputs, single, dialect)
        except Failure as failure:
            state.warn(failure.kind, f"{where}: {failure.message}")
            return None

    if plain and not checked_inputs and policy != "COLLECT":
        singles = [results[0] for results in results_of]

        def evaluate_single(scope: Scope) -> Any:  # FIRST or UNIQUE, one output, no checks
            numbers = (generated[1] or matcher())(None, scope)
            if len(numbers) == 1:
                return singles[numbers[0]](scope)
            return decide(scope, numbers)

        return evaluate_single
    return evaluate


def _output(compiler: BoxedCompiler, element: Element, number: int, where: str, policy: str) -> _Output:
    values = child(element, "outputValues")
    values_text = text_of(values)
    allowed = _predicate(compiler.unary(values_text, f"{where} output values", values))
    ranking = None
    if policy in ("PRIORITY", "OUTPUT ORDER") and values_text and values_text.strip():
        ranking = compiler.feel(f"[{values_text}]", f"{where} output values", values)
    default_element = child(element, "defaultOutputEntry")
    default = None
    if default_element is not None:
        default = compiler.feel(text_of(default_element), where, default_element)
    name = element.get("name") or element.get("label") or f"output {number}"
    return _Output(name, allowed, ranking, default, compiler.model.type(element.get("typeRef")))


def _shape(row: list, outputs: list[_Output], single: bool) -> Any:
    return row[0] if single else {output.name: value for output, value in zip(outputs, row)}


def _default(scope: Scope, outputs: list[_Output], single: bool, policy: str,
             aggregation: str | None, dialect: DmnDialect) -> Any:  # fmt: skip
    if policy in ("COLLECT", "RULE ORDER", "OUTPUT ORDER") and not any(o.default for o in outputs):
        if dialect.no_match_is_null:
            return None
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
        allowed = output.ranking(scope) if output.ranking is not None else []
        rank = next((i for i, v in enumerate(allowed or []) if equal(v, value) is True), len(allowed or []))
        ranks.append(rank)
    return tuple(ranks)


def _hit(scope: Scope, policy: str, aggregation: str | None, rows: list, outputs: list[_Output],
         single: bool, dialect: DmnDialect) -> Any:  # fmt: skip
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
        if aggregation == "COUNT" and dialect.count_matched_rules:
            return Decimal(len(values))
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
