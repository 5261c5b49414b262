"""Conversion functions (DMN 1.5, 10.3.4.1): ``number``, ``string``, ``range``.

``date``, ``time``, ``date and time`` and the durations are in :mod:`feel.builtins.temporal`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from feel import nodes as n
from feel import temporal
from feel.builtins import checks
from feel.builtins.registry import builtin
from feel.operators import compare
from feel.values import Function, Range, finite_number

_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)  # 0-9 only


@builtin("number", "from, grouping separator?, decimal separator?", scalar=True)
def number(from_: Any, grouping_separator: Any = None, decimal_separator: Any = None) -> Decimal:
    """The number written in ``from`` with the given separators, rounded to 34 digits like
    a number literal; null when it is beyond FEEL's range (``"1e999999999"``)."""
    text = checks.string("number", "from", from_)
    if grouping_separator is not None and grouping_separator not in (" ", ",", "."):
        raise checks.invalid("number", "grouping separator must be ' ', ',' or '.'")
    if decimal_separator is not None and decimal_separator not in (".", ","):
        raise checks.invalid("number", "decimal separator must be '.' or ','")
    if grouping_separator is not None and grouping_separator == decimal_separator:
        raise checks.invalid("number", "the separators must differ")
    if grouping_separator:
        text = text.replace(grouping_separator, "")
    if decimal_separator and decimal_separator != ".":
        if "." in text:
            raise checks.invalid("number", f"{from_!r} is not a number")
        text = text.replace(decimal_separator, ".")
    if not _NUMBER.fullmatch(text):
        raise checks.invalid("number", f"{from_!r} is not a number")
    value = finite_number(Decimal(text))
    if value is None:
        raise checks.invalid(
            "number", "out of range (FEEL numbers have 34 digits and an exponent within ±6143)"
        )
    return value


def to_feel_string(value: Any, nested: bool = False) -> str | None:
    """The text ``string(value)`` gives: strings as they are, numbers without exponent,
    temporal values in their ISO forms, lists and contexts in FEEL notation."""
    from feel.render import number_text, quote, render

    if value is None:
        return "null" if nested else None
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is Decimal:
        return number_text(value)
    if type(value) is str:
        return quote(value) if nested else value
    if temporal.is_temporal(value):
        text = temporal.to_string(value)
        return f'@"{text}"' if nested and type(value) is not str else text
    if type(value) is list or type(value) is dict:
        return render(value)  # counted against max_string as it is written
    if isinstance(value, Range):
        return render(value)
    if isinstance(value, Function):
        return f"function({', '.join(value.parameter_names())})"
    return str(value)


@builtin("string", "from", scalar=True)
def string(from_: Any) -> str | None:
    """The FEEL text of any value; null for null."""
    return to_feel_string(from_)


_LITERALS = (n.Constant, n.TemporalLiteral)


def _literal_endpoint(node: n.Node) -> bool:
    if isinstance(node, _LITERALS):
        return True
    if isinstance(node, n.Negation):
        return isinstance(node.operand, n.Constant)
    if isinstance(node, n.Invocation) and isinstance(node.callee, n.Name):
        return node.callee.name in ("date", "time", "date and time", "duration") and all(
            isinstance(argument, n.Constant) for argument in node.arguments
        )
    return False


@builtin("range", "from", needs_state=True)
def range_(state: Any, from_: Any) -> Range:
    """The range written in ``from``: ``"[1..10)"``, ``"< 10"``, ``"[@\\"2019-01-01\\"..]"``..."""
    from feel.builtins.index import builtin_index
    from feel.errors import FeelError
    from feel.parser import parse
    from feel.runtime import Scope, State

    text = checks.string("range", "from", from_)
    try:
        tree = parse(text, builtin_index())
    except FeelError:
        raise checks.invalid("range", f"{text!r} is not a range") from None
    if not isinstance(tree, n.Interval):
        raise checks.invalid("range", f"{text!r} is not a range")
    endpoints = [tree.low, tree.high]
    if not all(_literal_endpoint(node) for node in endpoints):
        raise checks.invalid("range", "range endpoints must be literals")
    inner = State(state.engine)
    value = state.engine.compile_tree(text, tree)(Scope({}, None, inner))
    if not isinstance(value, Range) or inner.warnings or value.start is None or value.end is None:
        raise checks.invalid("range", f"{text!r} is not a valid range")
    if compare(value.start, value.end) > 0:
        raise checks.invalid("range", "the start of the range is after its end")
    return value
