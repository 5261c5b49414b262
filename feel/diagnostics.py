"""Warnings that explain why an evaluation produced null, and the caret renderer.

Every failure inside an evaluation (a type mismatch, a missing variable, a function
called with invalid arguments...) becomes null plus one :class:`Warning` that says
what happened and where in the source it happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class WarningKind(str, Enum):
    """What went wrong; stable identifiers that tools may match on."""

    NO_VARIABLE_FOUND = "NO_VARIABLE_FOUND"
    NO_CONTEXT_ENTRY_FOUND = "NO_CONTEXT_ENTRY_FOUND"
    NO_PROPERTY_FOUND = "NO_PROPERTY_FOUND"
    NOT_COMPARABLE = "NOT_COMPARABLE"
    INVALID_TYPE = "INVALID_TYPE"
    NO_FUNCTION_FOUND = "NO_FUNCTION_FOUND"
    INVALID_ARGUMENTS = "INVALID_ARGUMENTS"
    FUNCTION_INVOCATION_FAILURE = "FUNCTION_INVOCATION_FAILURE"
    NOT_A_FUNCTION = "NOT_A_FUNCTION"
    ARITHMETIC = "ARITHMETIC"
    INVALID_VALUE = "INVALID_VALUE"
    UNSUPPORTED = "UNSUPPORTED"
    DMN = "DMN"


@dataclass(frozen=True)
class Span:
    """A region of the source text: offsets ``start``..``end`` and the 1-based start line/column."""

    start: int
    end: int
    line: int
    column: int


@dataclass(frozen=True)
class Warning:
    """One explained failure: ``kind``, human ``message`` and the ``span`` it came from."""

    kind: WarningKind
    message: str
    span: Span | None = None

    def __str__(self) -> str:
        where = f" (line {self.span.line}, column {self.span.column})" if self.span else ""
        return f"{self.kind.value}: {self.message}{where}"


class Failure(Exception):
    """Internal signal: an operation failed and must yield null plus a warning.

    Operators, built-ins and temporal code raise it; the compiled node that called them
    catches it, records a :class:`Warning` with its own span, and returns null. It never
    leaves the library.
    """

    def __init__(self, kind: WarningKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def caret_excerpt(text: str, line: int, column: int, width: int = 1) -> str:
    """The source line ``line`` with a caret under ``column`` (both 1-based)."""
    lines = text.splitlines() or [""]
    if not 1 <= line <= len(lines):
        return ""
    source = lines[line - 1]
    gutter = f"{line} | "
    pad = " " * (len(gutter) + max(column - 1, 0))
    return f"{gutter}{source}\n{pad}{'^' * max(width, 1)}"


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset`` in ``text`` (the one place that counts them,
    for syntax errors and warnings alike)."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def span_at(text: str, start: int, end: int) -> Span:
    """The :class:`Span` of offsets ``start``..``end`` in ``text``."""
    line, column = position(text, start)
    return Span(start, end, line, column)
