"""Boxed expressions to closures ``evaluate(scope) -> value``, compiled once at load time.

Every FEEL text inside goes through :meth:`feel.Engine.compile` with the names of the
model, so names with spaces resolve; the closures use FEEL scopes, so a boxed context's
entries are visible to the FEEL texts of later entries exactly as in a FEEL context.
A FEEL text that does not parse makes its element evaluate to null with a warning: one
bad cell must not make a whole model unusable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element

from feel.diagnostics import Failure, WarningKind
from feel.dmn.types import MISMATCH, DmnType
from feel.dmn.xml import child, children, expression_element, local, text_of
from feel.errors import BudgetExceeded, FeelSyntaxError
from feel.functions import bind_arguments
from feel.runtime import Scope
from feel.values import Function

if TYPE_CHECKING:
    from feel.dmn.model import Model

Closure = Callable[[Scope], Any]


def null_with_warning(message: str) -> Closure:
    """A closure that records ``message`` and gives null."""

    def failing(scope: Scope) -> Any:
        scope.state.warn(WarningKind.DMN, message)
        return None

    return failing


def conform(kind: DmnType | None, value: Any, scope: Scope, what: str) -> Any:
    """``value`` converted to ``kind``; null with a warning when it does not conform."""
    if kind is None:
        return value
    converted = kind.conform(value, scope.state)
    if converted is MISMATCH:
        scope.state.warn(WarningKind.DMN, f"{what}: value does not conform to type {kind.name}")
        return None
    return converted


class BoxedCompiler:
    """Compiles the boxed expressions of one model."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.engine = model.engine

    def feel(self, text: str | None, where: str) -> Closure:
        """The closure of a FEEL expression text."""
        if text is None or not text.strip():
            return lambda scope: None
        try:
            return self.engine.compile(text, self.model.names)._closure
        except FeelSyntaxError as error:
            return null_with_warning(f"{where}: {error.reason} at line {error.line}, column "
                                     f"{error.column} in {text.strip()!r}")  # fmt: skip

    def unary(self, text: str | None, where: str) -> Any:
        """Compiled unary tests, or None for ``-`` / empty."""
        if text is None or text.strip() in ("", "-"):
            return None
        try:
            return self.engine.compile_unary_tests(text, self.model.names)
        except FeelSyntaxError as error:
            return _BrokenTests(f"{where}: {error.reason} in {text.strip()!r}")

    def expression(self, element: Element | None, where: str) -> Closure:
        """The closure of the boxed expression ``element``."""
        if element is None:
            return lambda scope: None
        kind = local(element.tag)
        method = getattr(self, "c_" + kind, None)
        if method is None:
            return null_with_warning(f"{where}: {kind} is not supported")
        closure = method(element, where)
        declared = self.model.type(element.get("typeRef")) if kind != "decisionTable" else None
        if declared is None:
            return closure
        return lambda scope: conform(declared, closure(scope), scope, where)

    def typed(self, element: Element, where: str) -> tuple[Closure, DmnType | None]:
        """The closure of the boxed expression inside ``element`` and the type of its variable."""
        variable = child(element, "variable")
        type_ref = variable.get("typeRef") if variable is not None else None
        type_ref = type_ref or element.get("typeRef")
        return self.expression(expression_element(element), where), self.model.type(type_ref)

    # -- the kinds of boxed expression

    def c_literalExpression(self, element: Element, where: str) -> Closure:
        return self.feel(text_of(element), where)

    def c_context(self, element: Element, where: str) -> Closure:
        entries: list[tuple[str | None, Closure, DmnType | None]] = []
        for entry in children(element, "contextEntry"):
            variable = child(entry, "variable")
            name = variable.get("name") if variable is not None else None
            closure, kind = self.typed(entry, f"{where}/{name or 'result'}")
            entries.append((name, closure, kind))

        def context(scope: Scope) -> Any:
            result: dict[str, Any] = {}
            inner = Scope(result, scope, scope.state)
            for name, closure, kind in entries:
                value = conform(kind, closure(inner), scope, f"{where}/{name}")
                if name is None:
                    return value
                result[name] = value
            return result

        return context

    def c_list(self, element: Element, where: str) -> Closure:
        items = [self.expression(item, f"{where}[{i}]") for i, item in enumerate(
            e for e in element if local(e.tag) in _BOXED_ITEMS)]  # fmt: skip
        return lambda scope: [item(scope) for item in items]

    def c_relation(self, element: Element, where: str) -> Closure:
        columns = [column.get("name") or "" for column in children(element, "column")]
        rows = []
        for row in children(element, "row"):
            cells = [self.expression(cell, where) for cell in row if local(cell.tag) in _BOXED_ITEMS]
            rows.append(cells)

        def relation(scope: Scope) -> Any:
            return [
                {name: cell(scope) for name, cell in zip(columns, cells)} for cells in rows
            ]

        return relation

    def c_invocation(self, element: Element, where: str) -> Closure:
        callee = self.expression(expression_element(element), where)
        bindings = []
        for binding in children(element, "binding"):
            parameter = child(binding, "parameter")
            name = parameter.get("name") if parameter is not None else ""
            bindings.append((name, self.expression(expression_element(binding), where)))

        def invocation(scope: Scope) -> Any:
            function = callee(scope)
            if not isinstance(function, Function):
                scope.state.warn(WarningKind.NOT_A_FUNCTION, f"{where}: nothing to invoke")
                return None
            named = {name: closure(scope) for name, closure in bindings}
            try:
                return function.invoke(scope.state, None, named)
            except Failure as failure:
                scope.state.warn(failure.kind, f"{where}: {failure.message}")
                return None

        return invocation

    def c_functionDefinition(self, element: Element, where: str) -> Closure:
        parameters = tuple(p.get("name") or "" for p in children(element, "formalParameter"))
        types = tuple(self.model.type(p.get("typeRef")) for p in children(element, "formalParameter"))
        kind = (element.get("kind") or "FEEL").upper()
        body = self.expression(expression_element(element), where)
        if kind == "JAVA":
            from feel.dmn.java import resolve_java

            def java(scope: Scope) -> Any:
                function = resolve_java(body(scope), parameters)
                if function is None:
                    scope.state.warn(WarningKind.UNSUPPORTED, f"{where}: unknown Java method")
                return function

            return java
        if kind != "FEEL":
            return null_with_warning(f"{where}: {kind} functions are not supported")

        def definition(scope: Scope) -> Any:
            return BoxedFunction(where, parameters, types, body, scope)

        return definition

    def c_conditional(self, element: Element, where: str) -> Closure:
        parts = [self.expression(_inner(element, part), where) for part in ("if", "then", "else")]
        condition, then, otherwise = parts

        def conditional(scope: Scope) -> Any:
            verdict = condition(scope)
            if type(verdict) is not bool:
                scope.state.warn(WarningKind.INVALID_TYPE, f"{where}: the condition is not a boolean")
                return None
            return then(scope) if verdict else otherwise(scope)

        return conditional

    def c_filter(self, element: Element, where: str) -> Closure:
        source = self.expression(_inner(element, "in"), where)
        match = self.expression(_inner(element, "match"), where)

        def filtering(scope: Scope) -> Any:
            items = source(scope)
            if type(items) is not list:
                scope.state.warn(WarningKind.INVALID_TYPE, f"{where}: the filter needs a list")
                return None
            kept = []
            for item in items:
                inner = Scope({"item": item}, scope, scope.state)
                if type(item) is dict:
                    inner = Scope(item, inner, scope.state)
                verdict = match(inner)
                if type(verdict) is not bool:
                    scope.state.warn(WarningKind.INVALID_TYPE, f"{where}: the match is not a boolean")
                    return None
                if verdict:
                    kept.append(item)
            return kept

        return filtering

    def _iterator(self, element: Element, where: str, result_tag: str) -> tuple:
        variable = element.get("iteratorVariable") or "item"
        source = self.expression(_inner(element, "in"), where)
        body = self.expression(_inner(element, result_tag), where)
        return variable, source, body

    def c_for(self, element: Element, where: str) -> Closure:
        variable, source, body = self._iterator(element, where, "return")

        def for_loop(scope: Scope) -> Any:
            items = source(scope)
            if items is None:
                return None
            results: list[Any] = []
            for item in items if type(items) is list else [items]:
                results.append(body(Scope({variable: item, "partial": results}, scope, scope.state)))
            return results

        return for_loop

    def _quantified(self, element: Element, where: str, every: bool) -> Closure:
        variable, source, body = self._iterator(element, where, "satisfies")

        def quantified(scope: Scope) -> Any:
            items = source(scope)
            if type(items) is not list:
                scope.state.warn(WarningKind.INVALID_TYPE, f"{where}: iteration needs a list")
                return None
            verdicts = [body(Scope({variable: item}, scope, scope.state)) for item in items]
            if any(type(verdict) is not bool for verdict in verdicts):
                scope.state.warn(WarningKind.INVALID_TYPE, f"{where}: a condition is not a boolean")
                return None
            return all(verdicts) if every else any(verdicts)

        return quantified

    def c_some(self, element: Element, where: str) -> Closure:
        return self._quantified(element, where, False)

    def c_every(self, element: Element, where: str) -> Closure:
        return self._quantified(element, where, True)

    def c_decisionTable(self, element: Element, where: str) -> Closure:
        from feel.dmn.tables import compile_table

        return compile_table(self, element, where)


def _inner(element: Element, part: str) -> Element | None:
    """The boxed expression inside the child ``part`` (``<if>``, ``<in>``...) of ``element``."""
    found = child(element, part)
    return None if found is None else expression_element(found)


_BOXED_ITEMS = frozenset([
    "literalExpression", "context", "decisionTable", "invocation", "functionDefinition",
    "relation", "list", "conditional", "filter", "for", "some", "every",
])  # fmt: skip


class _BrokenTests:
    """Unary tests whose text did not parse: every test is null with a warning."""

    def __init__(self, message: str) -> None:
        self.message = message

    def run(self, value: Any, scope_vars: Any, state: Any, parent: Any = None) -> Any:
        state.warn(WarningKind.DMN, self.message)
        return None


class BoxedFunction(Function):
    """A function defined by a boxed function definition (or a BKM's logic)."""

    __slots__ = ("body", "name", "parameters", "result_type", "scope", "types")

    def __init__(self, name: str, parameters: tuple[str, ...], types: tuple,
                 body: Closure, scope: Scope | None, result_type: DmnType | None = None) -> None:  # fmt: skip
        self.name = name
        self.parameters = parameters
        self.types = types
        self.body = body
        self.scope = scope
        self.result_type = result_type

    def parameter_names(self) -> tuple[str, ...]:
        """The formal parameter names."""
        return self.parameters

    def invoke(self, state: Any, args: list | None, named: dict | None = None) -> Any:
        """Bind, convert the arguments to their types, evaluate the body."""
        bound = bind_arguments(self.name, self.parameters, args, named)
        for (name, value), kind in zip(list(bound.items()), self.types):
            if kind is not None and value is not None:
                converted = kind.conform(value, state)
                if converted is MISMATCH:
                    raise Failure(WarningKind.INVALID_ARGUMENTS,
                                  f"{self.name}: argument {name!r} is not a {kind.name}")  # fmt: skip
                bound[name] = converted
        state.depth += 1
        if state.max_depth and state.depth > state.max_depth:
            raise BudgetExceeded("depth", f"{self.name}: calls nested too deeply")
        try:
            scope = Scope(bound, self.scope, state)
            value = self.body(scope)
            return conform(self.result_type, value, scope, self.name)
        finally:
            state.depth -= 1
