"""Function values that are not built-ins: FEEL ``function(...)`` definitions (and, re-exported
from :mod:`feel.convert`, :class:`PythonFunction` for Python callables).

Both bind positional or named arguments to parameter names and run in the caller's
evaluation state, so warnings and budgets of a call land in the evaluation that made it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# PythonFunction lives in feel.convert with to_feel (each needs the other); re-exported here.
from feel.convert import PythonFunction  # noqa: F401
from feel.diagnostics import Failure, WarningKind
from feel.errors import BudgetExceeded
from feel.runtime import Scope, State
from feel.values import Function


class UserFunction(Function):
    """A function defined in FEEL: parameters, the compiled body and the defining scope."""

    __slots__ = ("body", "checks", "name", "parameters", "scope")

    def __init__(
        self,
        parameters: tuple[str, ...],
        checks: tuple[Callable[[Any], Any] | None, ...],
        body: Callable[[Scope], Any],
        scope: Scope,
        name: str = "anonymous function",
    ) -> None:
        self.parameters = parameters
        self.checks = checks
        self.body = body
        self.scope = scope
        self.name = name

    def __repr__(self) -> str:
        return f"function({', '.join(self.parameters)})"

    def parameter_names(self) -> tuple[str, ...]:
        """The FEEL parameter names."""
        return self.parameters

    def invoke(self, state: State, args: list | None, named: dict | None = None) -> Any:
        """Bind the arguments and evaluate the body in a new scope over the defining one."""
        bound = bind_arguments(self.name, self.parameters, args, named)
        for (name, value), check in zip(bound.items(), self.checks):
            if check is not None and value is not None and check(value) is not True:
                raise Failure(
                    WarningKind.INVALID_ARGUMENTS,
                    f"{self.name}: argument {name!r} does not conform to its type",
                )
        state.tick()
        state.depth += 1
        if state.max_depth and state.depth > state.max_depth:
            raise BudgetExceeded(
                "depth", f"function calls nested deeper than {state.max_depth} levels"
            )
        try:
            return self.body(Scope(bound, self.scope, state))
        finally:
            state.depth -= 1


def bind_arguments(
    function_name: str, parameters: tuple[str, ...], args: list | None, named: dict | None
) -> dict[str, Any]:
    """Parameter name -> value; missing ones are null, unknown or extra ones a Failure."""
    if named is not None:
        unknown = [name for name in named if name not in parameters]
        if unknown:
            raise Failure(
                WarningKind.INVALID_ARGUMENTS,
                f"{function_name}: no parameter named {', '.join(map(repr, unknown))}",
            )
        return {name: named.get(name) for name in parameters}
    args = args or []
    if len(args) > len(parameters):
        raise Failure(
            WarningKind.INVALID_ARGUMENTS,
            f"{function_name}: expected {len(parameters)} argument(s), got {len(args)}",
        )
    bound = dict(zip(parameters, args))
    for name in parameters[len(args) :]:
        bound[name] = None
    return bound
