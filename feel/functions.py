"""Function values that are not built-ins: FEEL ``function(...)`` definitions and Python callables.

Both bind positional or named arguments to parameter names and run in the caller's
evaluation state, so warnings and budgets of a call land in the evaluation that made it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from feel.diagnostics import Failure, WarningKind
from feel.errors import BudgetExceeded, FeelError
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


class PythonFunction(Function):
    """A Python callable offered to FEEL through ``feel.Engine(functions=...)``.

    Arguments arrive as FEEL values (``Decimal``, ``str``, ``dict``...); the result is
    converted with :func:`feel.convert.to_feel`. An exception from the callable becomes
    null plus a warning (a :class:`FeelError` is passed through, a ``MemoryError`` ends the
    evaluation as :class:`feel.BudgetExceeded` ``"size"``). Host code cannot be
    interrupted: a call that runs past the time budget ends the evaluation with
    :class:`feel.BudgetExceeded` when it returns.
    """

    __slots__ = ("callable", "name", "parameters", "variadic")

    def __init__(self, name: str, function: Callable[..., Any]) -> None:
        self.name = name
        self.callable = function
        parameters: list[str] = []
        variadic = False
        try:
            signature = inspect.signature(function)
        except (TypeError, ValueError):
            signature = None
        if signature is not None:
            for parameter in signature.parameters.values():
                if parameter.kind is parameter.VAR_POSITIONAL:
                    variadic = True
                elif parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY,
                                        parameter.POSITIONAL_ONLY):  # fmt: skip
                    parameters.append(parameter.name)
        self.parameters = tuple(parameters)
        self.variadic = variadic

    def __repr__(self) -> str:
        return f"<python function {self.name}>"

    def parameter_names(self) -> tuple[str, ...]:
        """The Python parameter names, which are also the FEEL ones."""
        return self.parameters

    def invoke(self, state: State, args: list | None, named: dict | None = None) -> Any:
        """Call the Python function; its exceptions become null plus a warning (but see the
        class docstring for FeelError and MemoryError)."""
        from feel.convert import to_feel

        try:
            if named is not None:
                unknown = [name for name in named if name not in self.parameters]
                if unknown:
                    raise Failure(
                        WarningKind.INVALID_ARGUMENTS,
                        f"{self.name}: no parameter named {', '.join(map(repr, unknown))}",
                    )
                result = self.callable(**named)
            else:
                result = self.callable(*(args or []))
        except (Failure, FeelError):
            raise
        except TypeError as error:
            raise Failure(WarningKind.INVALID_ARGUMENTS, f"{self.name}: {error}") from None
        except MemoryError:  # never a warning: the evaluation stops, as at the size budget
            raise BudgetExceeded("size", f"{self.name} ran out of memory") from None
        except Exception as error:
            raise Failure(
                WarningKind.FUNCTION_INVOCATION_FAILURE,
                f"{self.name} failed: {error.__class__.__name__}: {error}",
            ) from None
        # Host code cannot be interrupted; a call that ran past the time budget is
        # reported as soon as it returns.
        state.check()
        return to_feel(result)
