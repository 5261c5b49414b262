"""Decision services as FEEL functions, the record of one evaluation, and the guard that
lets only our exceptions out of a model's evaluation."""

from __future__ import annotations

from typing import Any

from feel.diagnostics import Failure, WarningKind
from feel.dmn.boxed import conform
from feel.dmn.types import MISMATCH
from feel.dmn.xml import children, href_id
from feel import errors
from feel.errors import BudgetExceeded, FeelError
from feel.runtime import Scope, State
from feel.values import Function

# The model and its nodes (feel.dmn.model) are typed Any here: that module imports this one.
Model = _Node = Any


def as_feel_error(error: Exception, origin: str, name: str) -> FeelError:
    """The FeelError for a Python exception out of evaluating ``name`` of the model at
    ``origin`` (:func:`feel.errors.as_feel_error`, the one mapping)."""
    return errors.as_feel_error(error, f"{origin}: evaluating {name!r}")


class Run:
    """One evaluation: the inputs, the decisions already evaluated, the FEEL state."""

    __slots__ = ("inputs", "memo", "results", "state")

    def __init__(self, state: State, inputs: dict[str, Any]) -> None:
        self.state = state
        self.inputs = inputs
        self.memo: dict[int, Any] = {}
        self.results: dict[str, Any] = {}




class DecisionServiceFunction(Function):
    """A decision service as a function: input decisions and input data are its parameters."""

    __slots__ = ("input_data", "input_decisions", "model", "node", "outputs", "parameters")

    def __init__(self, model: Model, node: _Node) -> None:
        self.model = model
        self.node = node
        self.input_decisions = [href_id(e.get("href")) for e in children(node.element, "inputDecision")]
        self.input_data = [href_id(e.get("href")) for e in children(node.element, "inputData")]
        self.outputs = [href_id(e.get("href")) for e in children(node.element, "outputDecision")]
        names = []
        for _, ident in self.input_data + self.input_decisions:  # this order: TCK 0085
            target = model.nodes.get(ident)
            names.append(target.name if target else ident)
        self.parameters = tuple(names)

    @property
    def name(self) -> str:  # type: ignore[override]
        """The service's name."""
        return self.node.name

    def parameter_names(self) -> tuple[str, ...]:
        """Input decisions first, then input data."""
        return self.parameters

    def invoke(self, state: Any, args: list | None, named: dict | None = None) -> Any:
        """Evaluate the output decisions with the arguments standing for the inputs."""
        from feel.functions import bind_arguments

        if args is not None and len(args) != len(self.parameters):
            raise Failure(WarningKind.INVALID_ARGUMENTS,
                          f"{self.node.name}: expected {len(self.parameters)} argument(s)")  # fmt: skip
        bound = bind_arguments(self.node.name, self.parameters, args, named)
        run = Run(state, {})
        for _, ident in self.input_data:
            target = self.model.nodes.get(ident)
            if target is not None:
                run.inputs[target.name] = bound.get(target.name)
        for _, ident in self.input_decisions:
            target = self.model.nodes.get(ident)
            if target is not None:
                value = bound.get(target.name)
                kind = self.model.type(target.type_ref)
                converted = kind.conform(value, state) if kind is not None else value
                if converted is MISMATCH:
                    raise Failure(WarningKind.INVALID_ARGUMENTS,
                                  f"{self.node.name}: {target.name} is not a {kind.name}")  # fmt: skip
                run.memo[id(target)] = converted
        values = {}
        state.depth += 1  # a service whose decisions invoke it again: the depth budget
        if state.max_depth and state.depth > state.max_depth:
            state.depth -= 1
            raise BudgetExceeded("depth", f"{self.node.name}: decision service invocations "
                                          "nested too deeply")  # fmt: skip
        try:
            for _, ident in self.outputs:
                target = self.model.nodes.get(ident)
                if target is None:
                    state.warn(WarningKind.DMN, f"{self.node.name}: unknown output decision {ident}")
                    continue
                values[target.name] = self.model._decision(target, run)
        finally:
            state.depth -= 1
        result = next(iter(values.values())) if len(values) == 1 else values
        return conform(self.model.type(self.node.type_ref), result, Scope({}, None, state),
                       self.node.name)  # fmt: skip
