"""Boxed expressions to closures ``evaluate(scope) -> value``, compiled once at load time.

Every FEEL text inside goes through :meth:`feel.Engine.compile` with the names of the
model, so names with spaces resolve; the closures use FEEL scopes, so a boxed context's
entries are visible to the FEEL texts of later entries exactly as in a FEEL context.
A FEEL text that does not parse makes its element evaluate to null with a warning: one
bad cell must not make a whole model unusable. So does a text in another expression
language (``expressionLanguage="juel"`` in Camunda 7 files): the warning names it.

The same text often stands in many cells (``"gold"``, ``< 18``, ``true``): each distinct
text is compiled once per model, and every compilation reuses the model's name index.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.etree.ElementTree import Element

from feel.diagnostics import Failure, WarningKind
from feel.dmn.literals import literal_closure
from feel.dmn.types import MISMATCH, DmnType
from feel.dmn.xml import (
    BOXED,
    child,
    children,
    expression_element,
    foreign_language,
    local,
    text_of,
)
from feel.errors import BudgetExceeded, FeelSyntaxError
from feel.functions import bind_arguments
from feel.runtime import Scope
from feel.values import Function

# A model (feel.dmn.model.Model) is typed Any here: the model module imports this one.
Model = Any

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
        self._expressions: dict[str, Any] = {}
        self._tests: dict[str, Any] = {}
        self._default_language = model.root.get("expressionLanguage")
        self.names = frozenset(model.names)
        #: Iterates as FEEL's `for` does: a list, a range's values, a single value.
        #: Compiled at its first use (by a boxed iteration): most models have none.
        self._domain: Closure | None = None

    def compiled(self, text: str) -> Any:
        """The :class:`feel.Expression` of ``text`` (compiled once per model)."""
        found = self._expressions.get(text)
        if found is None:
            found = self._expressions[text] = self.engine.compile(text, self.model.name_index)
        return found

    def compiled_tests(self, text: str) -> Any:
        """The :class:`feel.UnaryTests` of ``text`` (compiled once per model)."""
        found = self._tests.get(text)
        if found is None:
            found = self._tests[text] = self.engine.compile_unary_tests(text, self.model.name_index)
        return found

    def domain(self, scope: Scope, value: Any) -> Any:
        """The items an iteration over ``value`` visits (a range's values too), or null."""
        if self._domain is None:
            self._domain = self.engine.compile("for item in domain return item").closure
        return self._domain(Scope({"domain": value}, None, scope.state))

    def foreign(self, element: Element | None) -> str | None:
        """The expression language of ``element`` when it is not FEEL (its own
        ``expressionLanguage``, else the model's default), else None."""
        language = element.get("expressionLanguage") if element is not None else None
        return foreign_language(language or self._default_language)

    def _foreign_message(self, language: str, text: str | None, where: str) -> str:
        message = (f"{where}: the expression is written in {language}, not FEEL, and feel "
                   f"evaluates FEEL only: {(text or '').strip()!r}")  # fmt: skip
        self.model.load_warnings.append(message)
        return message

    def feel(self, text: str | None, where: str, element: Element | None = None) -> Closure:
        """The closure of a FEEL expression text (of ``element``, whose language it checks)."""
        language = self.foreign(element)
        if language is not None and text is not None and text.strip():
            return null_with_warning(self._foreign_message(language, text, where))
        if text is None or not text.strip():
            return lambda scope: None
        limit = self.engine.max_string
        if limit and len(text) > limit:  # compiling costs far more memory than the text
            return null_with_warning(f"{where}: the FEEL text has {len(text):,} characters, more "
                                     f"than the engine's max_string ({limit:,})")  # fmt: skip
        literal = literal_closure(text, self.engine.max_string)  # no parse (feel.dmn.literals)
        if literal is not None:
            return literal
        found = self._expressions.get(text)
        return found.scoped() if found is not None else self._on_first_use(text, where)

    def _on_first_use(self, text: str, where: str) -> Closure:
        """The closure of ``text``, compiled at its first evaluation: a model's many texts
        are not all evaluated (half the TCK's load time went into compiling them at load).
        A syntax error is the same null and warning either way; a text compiled once is
        compiled once for the model."""
        made: list[Closure] = []

        def compile_then_run(scope: Scope) -> Any:
            if not made:
                try:
                    closure = self.compiled(text).scoped()
                except FeelSyntaxError as error:
                    closure = null_with_warning(f"{where}: {error.reason} at line {error.line}, "
                                                f"column {error.column} in {text.strip()!r}")  # fmt: skip
                made.append(closure)
            return made[0](scope)

        return compile_then_run

    def unary(self, text: str | None, where: str, element: Element | None = None) -> Any:
        """Compiled unary tests, or None for ``-`` / empty."""
        if text is None or text.strip() in ("", "-"):
            return None
        language = self.foreign(element)
        if language is not None:
            return _BrokenTests(self._foreign_message(language, text, where))
        try:
            return self.compiled_tests(text)
        except FeelSyntaxError as error:
            return _BrokenTests(f"{where}: {error.reason} in {text.strip()!r}")

    def expression(self, element: Element | None, where: str) -> Closure:
        """The closure of the boxed expression ``element``."""
        if element is None:
            return lambda scope: None
        kind = local(element.tag)
        method = getattr(self, "c_" + kind, None)
        if method is None:
            message = f"{where}: the boxed expression {kind} is not supported"
            self.model.load_warnings.append(message)
            return null_with_warning(message)
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
        return self.feel(text_of(element), where, element)

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
            e for e in element if local(e.tag) in BOXED)]  # fmt: skip
        return lambda scope: [item(scope) for item in items]

    def c_relation(self, element: Element, where: str) -> Closure:
        columns = [column.get("name") or "" for column in children(element, "column")]
        rows = []
        for row in children(element, "row"):
            cells = [self.expression(cell, where) for cell in row if local(cell.tag) in BOXED]
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
            if verdict is True:
                return then(scope)
            if verdict is False or verdict is None:  # null takes the else branch, as in `if`
                return otherwise(scope)
            scope.state.warn(WarningKind.INVALID_TYPE, f"{where}: the condition is not a boolean")
            return None  # DMN 1.5 (TCK 1150): another value is an error

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
        variable = element.get("iteratorVariable") or element.get("variable") or "item"
        source = self.expression(_inner(element, "in"), where)
        body = self.expression(_inner(element, result_tag), where)
        return variable, source, body

    def c_for(self, element: Element, where: str) -> Closure:
        variable, source, body = self._iterator(element, where, "return")
        return self._for_loop(variable, source, body)

    def _for_loop(self, variable: str, source: Closure, body: Closure) -> Closure:
        def for_loop(scope: Scope) -> Any:
            items = source(scope)
            if items is None:
                return None
            if type(items) is not list:  # a range iterates over its values, as in FEEL
                items = self.domain(scope, items)
                if items is None:
                    return None
            state = scope.state
            results: list[Any] = []
            for item in items:
                state.tick()
                results.append(body(Scope({variable: item, "partial": results}, scope, state)))
            return results

        return for_loop

    def _quantified(self, element: Element, where: str, every: bool, result_tag: str = "satisfies") -> Closure:
        variable, source, body = self._iterator(element, where, result_tag)

        def quantified(scope: Scope) -> Any:
            items = source(scope)
            if items is not None and type(items) is not list:
                items = self.domain(scope, items)
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

    def c_iterator(self, element: Element, where: str) -> Closure:
        """Trisotech's boxed iterator of DMN 1.3 files (``boxedext:iterator``, before DMN
        1.4 had for, some and every): ``iteratorType`` FOR, SOME or EVERY, parts ``in`` and
        ``return`` (``satisfies`` accepted too)."""
        kind = (element.get("iteratorType") or "FOR").upper()
        result_tag = "return" if child(element, "return") is not None else "satisfies"
        if kind not in ("FOR", "SOME", "EVERY") or child(element, "in") is None or (
                child(element, result_tag) is None):  # fmt: skip
            message = f"{where}: this Trisotech iterator (iteratorType {kind!r}) is not supported"
            self.model.load_warnings.append(message)
            return null_with_warning(message)
        if kind == "FOR":
            variable, source, body = self._iterator(element, where, result_tag)
            return self._for_loop(variable, source, body)
        return self._quantified(element, where, kind == "EVERY", result_tag)

    def c_decisionTable(self, element: Element, where: str) -> Closure:
        from feel.dmn.tables import compile_table

        return compile_table(self, element, where)


def _inner(element: Element, part: str) -> Element | None:
    """The boxed expression inside the child ``part`` (``<if>``, ``<in>``...) of ``element``."""
    found = child(element, part)
    return None if found is None else expression_element(found)




class _BrokenTests:
    """Unary tests whose text did not parse: every test is null with a warning."""

    def __init__(self, message: str) -> None:
        self.message = message

    def run(self, value: Any, scope_vars: Any, state: Any, parent: Any = None) -> Any:
        """Null, with the warning."""
        state.warn(WarningKind.DMN, self.message)
        return None

    @property
    def predicate(self) -> Callable[[Scope, Any], Any]:
        """As :attr:`feel.UnaryTests.predicate`: null, with the warning."""

        def broken(scope: Scope, value: Any) -> Any:
            scope.state.warn(WarningKind.DMN, self.message)
            return None

        return broken


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
