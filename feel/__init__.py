"""feel: a FEEL (DMN 1.5 Friendly Enough Expression Language) engine.

>>> import feel
>>> feel.evaluate("for x in 1..3 return x * x")
[Decimal('1'), Decimal('4'), Decimal('9')]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from feel.api import Engine, Expression, Result, UnaryTests, default_engine
from feel.convert import to_feel, to_python
from feel.diagnostics import Span, Warning, WarningKind
from feel.errors import (
    BudgetExceeded,
    DmnError,
    FeelAssertionError,
    FeelError,
    FeelEvaluationError,
    FeelInternalError,
    FeelSyntaxError,
)
from feel.program import Declined, Program, UnaryProgram
from feel.values import Function, Range

__version__ = "0.1.0"
"""The version of this package (PEP 440); the wheel's metadata is read from here."""

__all__ = [
    "BudgetExceeded", "Declined", "DmnError", "Engine", "Expression", "FeelAssertionError",
    "FeelError", "FeelEvaluationError", "FeelInternalError", "FeelSyntaxError", "Function",
    "Program", "Range", "Result", "Span", "UnaryProgram", "UnaryTests",
    "Warning", "WarningKind", "__version__", "compile", "compile_unary_tests", "evaluate",
    "evaluate_result", "to_feel", "to_python", "unary_test",
]  # fmt: skip


def evaluate(expression: str, variables: Mapping[str, Any] | None = None) -> Any:
    """Evaluate a FEEL expression with Python ``variables``; compiled expressions are cached."""
    return default_engine().evaluate(expression, variables)


def evaluate_result(expression: str, variables: Mapping[str, Any] | None = None) -> Result:
    """Evaluate and return a :class:`Result` with the value and its warnings."""
    return default_engine().evaluate_result(expression, variables)


def compile(expression: str, names: Iterable[str] | None = None) -> Expression:
    """Compile a FEEL expression (no cache); ``names`` are the names in scope."""
    return default_engine().compile(expression, names)


def unary_test(tests: str, value: Any, variables: Mapping[str, Any] | None = None) -> Any:
    """True, False or None: does ``value`` satisfy the unary ``tests``?"""
    return default_engine().unary_test(tests, value, variables)


def compile_unary_tests(tests: str, names: Iterable[str] | None = None) -> UnaryTests:
    """Compile unary tests (decision table input entries)."""
    return default_engine().compile_unary_tests(tests, names)
