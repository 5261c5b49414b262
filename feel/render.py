"""FEEL notation of values, as the command line and the REPL print them, and the text
writer that ``string()``, ``to json`` and the command line's ``--json`` share.

Strings are quoted, numbers plain (never in exponent form), temporal values as ``@"..."``
literals, so that what is printed reads back as FEEL.

Lists and contexts are written without recursion (a list nested 100,000 deep is written
like any other), one step charged per item (:func:`feel.runtime.charge`), and the length
of the text is counted as it grows: past the limit (the evaluation's ``max_string``, else
the default engine's) :class:`feel.BudgetExceeded` for the size budget stops the writing,
so a short expression whose value shares its lists (``a1: [a0, a0]`` 60 levels deep,
2**60 items) costs what the limit allows, never gigabytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from itertools import repeat
from typing import Any

from feel import temporal
from feel.errors import BudgetExceeded
from feel.runtime import CURRENT, charge
from feel.values import Function, Range, type_name

#: The limit of a text written outside an evaluation: the default engine's max_string.
DEFAULT_MAX_STRING = 10_000_000


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


def text_limit() -> int:
    """The most characters a text written now may have: the running evaluation's
    ``max_string``, else :data:`DEFAULT_MAX_STRING`."""
    engine = getattr(CURRENT.get(), "engine", None)
    return getattr(engine, "max_string", 0) or DEFAULT_MAX_STRING


class _Text:
    """Pieces of a text and their total length, refused past ``limit`` characters."""

    __slots__ = ("length", "limit", "parts", "pieces", "what")

    def __init__(self, limit: int, what: str) -> None:
        self.limit, self.what, self.length = limit, what, 0
        self.parts: list[str] = []
        self.pieces: list[str] = []

    def add(self, piece: str) -> None:
        self.length += len(piece)
        if self.length > self.limit:
            raise BudgetExceeded("size", f"{self.what} would be longer than {self.limit} "
                                 "characters (max_string)")  # fmt: skip
        self.parts.append(piece)
        if len(self.parts) > 4096:  # joined now and then: a list of tiny strings costs more
            self.pieces.append("".join(self.parts))
            self.parts.clear()

    def text(self) -> str:
        return "".join(self.pieces) + "".join(self.parts)


def write(value: Any, scalar: Callable[[Any], str], key: Callable[[str], str],
          comma: str, colon: str, limit: int | None = None, what: str = "the text") -> str:  # fmt: skip
    """The text of ``value``: lists as ``[...]`` and contexts as ``{...}`` with ``comma``
    between items and ``colon`` after each ``key(name)``, anything else as ``scalar(v)``;
    iterative, one step charged per item, refused past ``limit`` characters (default
    :func:`text_limit`) with :class:`feel.BudgetExceeded` before the text is joined."""
    out = _Text(text_limit() if limit is None else limit, what)
    add = out.add
    stack: list[tuple[Any, str]] = [(iter(((None, value),)), "")]
    started = [False]
    while stack:
        items, closer = stack[-1]
        for label, item in items:
            if started[-1]:
                add(comma)
            started[-1] = True
            if label is not None:
                add(key(label))
                add(colon)
            kind = type(item)
            if kind is list or kind is dict:
                charge(len(item))
                add("[" if kind is list else "{")
                stack.append((zip(repeat(None), item) if kind is list else iter(item.items()),
                              "]" if kind is list else "}"))  # fmt: skip
                started.append(False)
                break
            add(scalar(item))
        else:
            add(closer)
            stack.pop()
            started.pop()
    return out.text()


def _scalar(value: Any) -> str:
    """The FEEL notation of a value that is neither a list nor a context."""
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
    if isinstance(value, Range):
        low, high = _scalar(value.start), _scalar(value.end)
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
    if isinstance(value, list):  # a subclass
        return render(list(value))
    if isinstance(value, dict):
        return render(dict(value))
    return repr(value)


def render(value: Any, limit: int | None = None) -> str:
    """The FEEL notation of ``value``, at most ``limit`` characters (default
    :func:`text_limit`; beyond, :class:`feel.BudgetExceeded` for the size budget)."""
    kind = type(value)
    if kind is not list and kind is not dict:
        return _scalar(value)
    return write(value, _scalar, context_key, ", ", ": ", limit, "the FEEL text")


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
