"""The data-driven case format of tests/cases/*.json, and the lifting of literals.

Each file holds a list of cases::

    {"expression": "date(\\"2020-01-31\\") + duration(\\"P1D\\")",
     "variables": {"x": 1},             # optional: names to Python-ish values (tagged below)
     "value": {"@date": "2020-02-01"},  # the expected value, tagged where JSON lacks the kind
     "warning": null,                   # a WarningKind name (feel.diagnostics), or null
     "spec": "10.3.2.3.6"}              # optional: where the DMN 1.5 spec says so

``value`` and ``variables`` are JSON, with numbers read as exact decimals (``0.1`` is
``Decimal("0.1")``), and these tags (an object with the one key) for what JSON lacks:

===============================  ============================================
``{"@number": "0.1"}``            a number written as text (when JSON would round it)
``{"@date": "2020-01-01"}``       a date
``{"@time": "10:00:00Z"}``        a time
``{"@datetime": "2020-01-01T10:00:00"}``  a date and time
``{"@duration": "P1D"}``          a duration (days and time, or ``P1Y2M`` years and months)
``{"@range": ["[", 1, 10, ")"]}``  an interval (``"(" | "]"`` open at the start, ``")" | "["``
                                   at the end); ``{"@range": ["<=", 10]}`` a unary comparison
                                   (``<``, ``<=``, ``>``, ``>=``)
===============================  ============================================

``warning``: null means the evaluation warns about nothing; a kind means a warning of that
kind is among those of the evaluation. Files whose name starts with ``_`` are not loaded
(``_disagreements.json`` keeps cases on which the tiers or the spec disagree, for the lead).

Lifting (:func:`lift`): every number, string, boolean and ``@"..."`` literal of a case
becomes a variable ``x1``, ``x2``, ... holding its Python value, found from the parse tree
and replaced by its span in the text; ``null`` stays (a null variable and the null literal
are not read the same way by ``is defined``). The lifted text is parsed again and its
tree must be the original one with those literals turned into names, so lifting never
changes what a case means without the test saying so.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import feel
from feel import nodes as n
from feel import temporal
from feel.diagnostics import Failure, WarningKind
from feel.parser import parse
from feel.values import Range

CASES_DIR = Path(__file__).parent / "cases"

_TEMPORAL_TAGS = {"@date": "date", "@time": "time", "@datetime": "date and time",
                  "@duration": "duration"}  # fmt: skip


@dataclass(frozen=True)
class Case:
    """One case: the text, its variables (Python values), the expected FEEL value and
    warning kind; ``id`` names it in test reports, ``lifted`` maps the names of a lifted
    twin to the literal texts they replace."""

    id: str
    expression: str
    variables: dict[str, Any] = field(default_factory=dict)
    value: Any = None
    warning: str | None = None
    lifted: dict[str, str] = field(default_factory=dict)


def decode(value: Any) -> Any:
    """The FEEL value of a case's JSON ``value`` (tags as in the module docstring)."""
    if isinstance(value, dict):
        tags = [key for key in value if key.startswith("@")]
        if tags:
            if len(value) != 1:
                raise ValueError(f"a tagged value has exactly one key: {value!r}")
            return _tagged(tags[0], value[tags[0]])
        return {key: decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode(item) for item in value]
    if isinstance(value, bool) or value is None or isinstance(value, (str, Decimal)):
        return value
    if isinstance(value, int):
        return Decimal(value)
    raise ValueError(f"not a case value: {value!r}")


def _tagged(tag: str, body: Any) -> Any:
    if tag == "@number":
        return Decimal(body)
    if tag in _TEMPORAL_TAGS:
        parsed = temporal.parse_literal(body)
        kind = temporal.type_name(parsed)
        if not kind or _TEMPORAL_TAGS[tag] not in kind:
            raise ValueError(f"{tag} {body!r} is a {kind}")
        return parsed
    if tag == "@range":
        if len(body) == 2:  # a unary comparison: the missing endpoint is unbounded
            operator, endpoint = body
            included = operator.endswith("=")
            if operator in ("<", "<="):
                return Range(None, decode(endpoint), False, included, operator)
            if operator in (">", ">="):
                return Range(decode(endpoint), None, included, False, operator)
            raise ValueError(f"not a unary comparison: {operator!r}")
        opening, low, high, closing = body
        return Range(decode(low), decode(high), opening == "[", closing == "]")
    raise ValueError(f"unknown tag {tag}")


def load(directory: Path = CASES_DIR) -> list[Case]:
    """The cases of every ``*.json`` in ``directory`` whose name does not start with ``_``."""
    cases = []
    for path in sorted(directory.glob("*.json")):
        if not path.name.startswith("_"):
            cases.extend(load_file(path))
    return cases


def load_file(path: Path) -> list[Case]:
    """The cases of one file, checked: known keys, a known warning kind."""
    entries = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    cases = []
    for index, entry in enumerate(entries, 1):
        unknown = set(entry) - {"expression", "variables", "value", "warning", "spec", "observed"}
        if unknown or "expression" not in entry or "value" not in entry:
            raise ValueError(f"{path.name} #{index}: bad keys {sorted(entry)}")
        warning = entry.get("warning")
        if warning is not None:
            WarningKind[warning]  # a KeyError names an unknown kind
        variables = {name: feel.to_python(decode(value))
                     for name, value in (entry.get("variables") or {}).items()}  # fmt: skip
        cases.append(Case(f"{path.stem}-{index}", entry["expression"], variables,
                          decode(entry["value"]), warning))  # fmt: skip
    return cases


def literals(tree: n.Node) -> list[n.Node]:
    """The liftable literals of ``tree``: number, string and boolean constants, and
    ``@"..."`` literals that are valid, in no particular order."""
    found = []
    for node in _nodes(tree):
        if isinstance(node, n.Constant) and node.value is not None:
            found.append(node)
        elif isinstance(node, n.TemporalLiteral) and _temporal_value(node) is not None:
            found.append(node)
    return found


def lift(case: Case, engine: feel.Engine) -> Case | None:
    """The twin of ``case`` whose literals are variables (None when it has none to lift)."""
    tree = parse(case.expression, engine.name_index(case.variables))
    chosen = sorted(literals(tree), key=lambda node: node.start)
    if not chosen:
        return None
    text, variables, lifted, names = case.expression, dict(case.variables), {}, {}
    number = 0
    for node in chosen:
        number += 1
        while f"x{number}" in case.expression or f"x{number}" in variables:
            number += 1
        name = f"x{number}"
        names[id(node)] = name
        lifted[name] = case.expression[node.start:node.end]
        variables[name] = feel.to_python(
            node.value if isinstance(node, n.Constant) else _temporal_value(node))
    for node in reversed(chosen):
        text = text[:node.start] + names[id(node)] + text[node.end:]
    again = parse(text, engine.name_index(variables))
    if _shape(again, {}) != _shape(tree, names):
        raise AssertionError(f"lifting {case.expression!r} as {text!r} changed its tree")
    return dataclasses.replace(case, id=case.id + "-lifted", expression=text,
                               variables=variables, lifted=lifted)  # fmt: skip


def _temporal_value(node: n.TemporalLiteral) -> Any:
    try:
        return temporal.parse_literal(node.text)
    except Failure:
        return None


def _nodes(node: Any) -> Any:
    """Every node under ``node`` (a node, or a tuple of nodes, pairs and strings)."""
    if isinstance(node, n.Node):
        for item in dataclasses.fields(node):
            yield from _nodes(getattr(node, item.name))
        yield node
    elif isinstance(node, tuple):
        for item in node:
            yield from _nodes(item)


def _shape(node: Any, names: dict[int, str]) -> Any:
    """``node`` without its spans, with the nodes of ``names`` as the names they become."""
    if isinstance(node, n.Node):
        if id(node) in names:
            return ("Name", names[id(node)])
        return (type(node).__name__, *(_shape(getattr(node, item.name), names)
                                       for item in dataclasses.fields(node)
                                       if item.name not in ("start", "end")))  # fmt: skip
    if isinstance(node, tuple):
        return tuple(_shape(item, names) for item in node)
    return node
