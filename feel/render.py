"""FEEL notation of values, as the command line and the REPL print them.

Strings are quoted, numbers plain (never in exponent form), temporal values as ``@"..."``
literals, so that what is printed reads back as FEEL.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from feel import temporal
from feel.values import Function, Range, type_name


def number_text(value: Decimal) -> str:
    """A number without exponent: ``1E+3`` is ``1000``, ``1E-7`` is ``0.0000001``."""
    text = format(value, "f")
    return "0" if text in ("-0", "0") else text


def quote(text: str) -> str:
    """A FEEL string literal for ``text``."""
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        .replace("\r", "\\r").replace("\t", "\\t")
    )  # fmt: skip
    return f'"{escaped}"'


def render(value: Any) -> str:
    """The FEEL notation of ``value``."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is Decimal:
        return number_text(value)
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, list):
        return "[" + ", ".join(render(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {render(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Range):
        low, high = render(value.start), render(value.end)
        if value.operator in ("<", "<="):
            return f"{value.operator} {high}"
        if value.operator is not None:
            return f"{value.operator} {low}"
        return (
            ("[" if value.start_included else "(") + f"{low}..{high}"
            + ("]" if value.end_included else ")")
        )  # fmt: skip
    if isinstance(value, Function):
        try:
            return f"function({', '.join(value.parameter_names())})"
        except NotImplementedError:
            return "function(...)"
    if temporal.is_temporal(value):
        return "@" + quote(temporal.to_string(value))
    return repr(value)


_PLAIN_NAME = re.compile(r"[^\W\d]\w*(?: [^\W\d]\w*)*")
#: Words a context key cannot be bare: FEEL's keywords and literals.
_RESERVED = frozenset([
    "true", "false", "null", "and", "or", "not", "in", "if", "then", "else", "for", "return",
    "some", "every", "satisfies", "between", "instance", "of", "function", "external",
])  # fmt: skip


def context_key(key: str) -> str:
    """A context key as FEEL writes it: bare when it reads back as a plain name (words of
    letters, digits and ``_``, each starting with a letter or ``_``, separated by single
    spaces, none a keyword), else quoted."""
    if _PLAIN_NAME.fullmatch(key) and not _RESERVED.intersection(key.split(" ")):
        return key
    return quote(key)


_key = context_key


def describe(value: Any) -> str:
    """``value`` in FEEL notation followed by its type, as the REPL shows results."""
    return f"{render(value)}    : {type_name(value)}"
