"""The exceptions that leave the library: every one is a :class:`FeelError`.

Evaluation problems are not exceptions: they give null plus a warning (see
:mod:`feel.diagnostics`). Exceptions are for text that does not parse, for budgets
that run out, for ``assert`` failures, for models that cannot be loaded, and (as
:class:`FeelInternalError`) for bugs of ours.
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


class FeelAssertionError(FeelEvaluationError):
    """``assert(value, condition, cause)`` found its condition not true (Camunda's built-in);
    ``cause`` is the text the expression gave, or Camunda's default."""

    def __init__(self, cause: str) -> None:
        self.cause = cause
        super().__init__(f"Assertion failure: {cause}")


class FeelInternalError(FeelError):
    """A bug of ours, not of the expression or the data: something went wrong inside the
    library. The message names the Python exception (chained as ``__cause__``); please
    report it with the expression. Never raised on purpose, unlike
    :class:`FeelEvaluationError`."""


class BudgetExceeded(FeelEvaluationError):
    """An evaluation budget ran out; ``budget`` names it (steps, size, depth, time...)."""

    def __init__(self, budget: str, message: str) -> None:
        self.budget = budget
        super().__init__(message)


class DmnError(FeelError):
    """A DMN model could not be loaded or evaluated; the message names element and file."""


def as_feel_error(error: Exception, doing: str = "evaluation") -> FeelError:
    """The FeelError for a Python exception out of ``doing`` (``"evaluation"``, or what a
    DMN model was evaluating): Python's stack running out is the depth budget, memory
    running out the size budget, a host's mapping or list changed while it was read a
    FeelError saying so (the host's doing), anything else a bug of ours, a
    :class:`FeelInternalError` naming it. The one mapping for :mod:`feel.api` and
    :mod:`feel.dmn` (an ``except`` clause calls it: a context manager costs a microsecond)."""
    if isinstance(error, RecursionError):
        return BudgetExceeded("depth", f"{doing} nested deeper than Python's stack allows")
    if isinstance(error, MemoryError):
        return BudgetExceeded("size", f"{doing} ran out of memory")
    if isinstance(error, RuntimeError) and "changed" in str(error) and "iteration" in str(error):
        return FeelError(f"{doing}: a mapping or list passed in changed while it was read "
                         "(another thread?)")  # fmt: skip
    return FeelInternalError(f"internal error in {doing}: {error!r}")
