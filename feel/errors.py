"""The exceptions that leave the library: every one is a :class:`FeelError`.

Evaluation problems are not exceptions: they give null plus a warning (see
:mod:`feel.diagnostics`). Exceptions are for text that does not parse, for budgets
that run out, for ``assert`` failures and for models that cannot be loaded.
"""

from __future__ import annotations


class FeelError(Exception):
    """Base class of every exception the library raises."""


class FeelSyntaxError(FeelError):
    """The expression text does not parse.

    ``line`` and ``column`` are 1-based; ``expression`` is the whole source text;
    ``expected`` lists what the parser would have accepted at the fault.
    """

    def __init__(
        self,
        message: str,
        *,
        expression: str = "",
        line: int = 1,
        column: int = 1,
        expected: tuple[str, ...] = (),
    ) -> None:
        self.reason = message
        self.expression = expression
        self.line = line
        self.column = column
        self.expected = expected
        super().__init__(self._render())

    def _render(self) -> str:
        from feel.diagnostics import caret_excerpt

        text = f"{self.reason} at line {self.line}, column {self.column}"
        if self.expected:
            text += "; expected " + ", ".join(self.expected)
        excerpt = caret_excerpt(self.expression, self.line, self.column)
        return f"{text}\n{excerpt}" if excerpt else text


class FeelEvaluationError(FeelError):
    """Evaluation was stopped on purpose (for example by ``assert``)."""


class BudgetExceeded(FeelEvaluationError):
    """An evaluation budget ran out; ``budget`` names it (steps, size, depth, time...)."""

    def __init__(self, budget: str, message: str) -> None:
        self.budget = budget
        super().__init__(message)


class DmnError(FeelError):
    """A DMN model could not be loaded or evaluated; the message names element and file."""
