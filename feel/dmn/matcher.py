"""Decision-table rules as one generated Python function, for tables evaluated again.

A table's rules are tried cell by cell; done by calling one compiled unary-test closure
per cell, the calls cost more than the comparisons. So from a table's second evaluation
on (the first is left to the closures: generating costs a Python compilation, worth it
only for a table used again) its rules become the source of one function
``match(values, scope) -> [rule index, ...]`` where each cell is an inline comparison:

- ``< 18``, ``>= 2.5``, ``= 3``, ``7`` (any of ``< <= > >= = !=``): ``v0 < K3``;
- ``[18..65]``, ``]0..1[``, ``(1..5]``: ``K4 <= v0 <= K5``;
- ``"gold"``, ``"gold", "silver"``: ``v1 in K6``; ``true`` / ``false``: ``v2 is True``;
- ``-`` is left out, and any other cell calls its compiled unary tests as before.

An inline comparison is used only when the input has the constant's kind (``Decimal``,
``str``, ``bool``: a check made once per input); otherwise the cell's own closure decides,
with its warnings, so the generated function computes exactly what the closures compute.
Constants reach the function as names bound to values (``K3``), never as text: no text of
a model is ever part of the generated source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from feel.runtime import Scope
from feel.semantics import COMPARISON

#: A number literal of a unary test (FEEL's syntax: no exponent, no leading `+`).
_NUMBER = r"-?(?:\d+(?:\.\d+)?|\.\d+)"
_COMPARISON = re.compile(rf"\s*(<=|>=|!=|<|>|=)?\s*({_NUMBER})\s*")
_INTERVAL = re.compile(rf"\s*([\[\]\(])\s*({_NUMBER})\s*\.\.\s*({_NUMBER})\s*([\[\]\)])\s*")
_STRING = r'"([^"\\\n]*)"'
_STRINGS = re.compile(rf"\s*{_STRING}(?:\s*,\s*{_STRING})*\s*")
_ONE_STRING = re.compile(_STRING)
_BOOLEAN = re.compile(r"\s*(true|false)\s*")


def inline_test(text: str | None) -> tuple[type, str, tuple] | None:
    """How a cell text compares inline: (the input's kind, a template over ``{v}`` and
    ``{k0}``, ``{k1}``..., the constants), or None when its closure must decide."""
    if text is None:
        return None
    found = _COMPARISON.fullmatch(text)
    if found:
        return Decimal, "{v} %s {k0}" % COMPARISON[found.group(1) or "="].code, (Decimal(found.group(2)),)
    found = _INTERVAL.fullmatch(text)
    if found:
        opening, low, high, closing = found.groups()
        low_operator = "<=" if opening == "[" else "<"
        high_operator = "<=" if closing == "]" else "<"
        return Decimal, "{k0} %s {v} %s {k1}" % (low_operator, high_operator), (
            Decimal(low), Decimal(high))  # fmt: skip
    if _STRINGS.fullmatch(text):
        texts = tuple(_ONE_STRING.findall(text))
        if len(texts) == 1:
            return str, "{v} == {k0}", texts
        return str, "{v} in {k0}", (frozenset(texts),)
    found = _BOOLEAN.fullmatch(text)
    if found:
        return bool, "{v} is True" if found.group(1) == "true" else "{v} is False", ()
    return None


def generate(inputs: list[tuple[str | None, Callable]],
             rules: list[list[tuple[int, str | None, Callable]]],
             first_only: bool) -> Callable[[list | None, Scope], list[int]]:  # fmt: skip
    """The matching function of ``rules``: each rule a list of (column, cell text,
    predicate) for its cells other than ``-``; ``first_only`` stops at the first match.
    ``inputs`` are (name, closure) of the input expressions (name: the expression is just
    that name), read by the function itself when it is given no ``values``: a name bound
    in the innermost scope is read there, as its closure would, anything else calls it."""
    names: dict[str, Any] = {"Decimal": Decimal, "Scope": Scope}
    columns = len(inputs)
    kinds: dict[int, type] = {}
    lines = []
    for number, cells in enumerate(rules):
        conditions = []
        for column, text, predicate in cells:
            fallback = f"P{len(names)}"
            names[fallback] = predicate
            # the scope binding `?` for a cell's closure: made at its first use
            general = (f"{fallback}((s{column} := Scope({{'?': v{column}}}, scope, scope.state)) "
                       f"if s{column} is None else s{column}, v{column}) is True")  # fmt: skip
            inline = inline_test(text)
            if inline is None or kinds.setdefault(column, inline[0]) is not inline[0]:
                conditions.append(f"({general})")
                continue
            _, template, constants = inline
            bound = {}
            for index, value in enumerate(constants):
                name = f"K{len(names)}"
                names[name] = value
                bound[f"k{index}"] = name
            fast = template.format(v=f"v{column}", **bound)
            conditions.append(f"(({fast}) if f{column} else {general})")
        test = " and ".join(conditions) or "True"
        found = f"return [{number}]" if first_only else f"matched.append({number})"
        lines.append(f"    if {test}:\n        {found}")
    head = ["def match(values, scope):", "    if values is None:", "        d = scope.vars"]
    for column, (name, closure) in enumerate(inputs):
        names[f"E{column}"] = closure
        if name is None:
            head.append(f"        v{column} = E{column}(scope)")
        else:
            names[f"N{column}"] = name
            head.append(f"        v{column} = d[N{column}] if N{column} in d else E{column}(scope)")
    head.append("    else:")
    head.extend(f"        v{column} = values[{column}]" for column in range(columns))
    for column in range(columns):
        head.append(f"    s{column} = None")
        if column in kinds:
            head.append(f"    f{column} = type(v{column}) is {kinds[column].__name__}")
    names["str"], names["bool"] = str, bool
    body = "\n".join(head + (["    matched = []"] if not first_only else []) + lines +
                     ["    return []" if first_only else "    return matched"])  # fmt: skip
    namespace = dict(names)
    exec(compile(body, "<decision table>", "exec"), namespace)  # no model text in it
    return namespace["match"]  # type: ignore[no-any-return]
