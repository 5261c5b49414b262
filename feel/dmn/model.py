"""DMN models: loading the decision requirements graph and evaluating it.

A :class:`Model` holds its item definitions, input data, decisions, business knowledge
models and decision services, each compiled once at load time. ``Model.evaluate(name,
inputs)`` evaluates a decision (and the decisions it requires, each once) or a decision
service. A decision sees what it requires: its required decisions and input data by
name, its required BKMs and decision services as functions, and elements of imported
models under the import's prefix (``prefix.name``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

import feel
from feel.diagnostics import Failure, Warning, WarningKind
from feel.dmn.boxed import BoxedCompiler, BoxedFunction, conform
from feel.dmn.types import MISMATCH, DmnType, any_type, builtin_check
from feel.dmn.xml import child, children, expression_element, href_id, local, text_of
from feel.errors import DmnError
from feel.runtime import CURRENT, Scope, State
from feel.values import Function


@dataclass
class DmnResult:
    """The value of the evaluated element, every decision evaluated on the way, warnings."""

    value: Any
    results: dict[str, Any] = field(default_factory=dict)
    warnings: list[Warning] = field(default_factory=list)


class _Node:
    """A DRG element: name, id, the XML element, and its requirements."""

    def __init__(self, model: Model, element: Element) -> None:
        self.model = model
        self.element = element
        self.name = element.get("name") or ""
        self.id = element.get("id") or f"name:{self.name}"  # some models leave out ids
        variable = child(element, "variable")
        self.type_ref = variable.get("typeRef") if variable is not None else None
        self.requirements: list[tuple[str, str]] = []  # (namespace, id)
        for requirement in list(children(element, "informationRequirement")) + list(
            children(element, "knowledgeRequirement")
        ) + list(children(element, "authorityRequirement")):
            for reference in requirement:
                if local(reference.tag) in ("requiredDecision", "requiredInput", "requiredKnowledge"):
                    self.requirements.append(href_id(reference.get("href")))


class _Run:
    """One evaluation: the inputs, the decisions already evaluated, the FEEL state."""

    def __init__(self, state: State, inputs: dict[str, Any]) -> None:
        self.state = state
        self.inputs = inputs
        self.memo: dict[int, Any] = {}
        self.results: dict[str, Any] = {}


class Model:
    """A loaded DMN model (one ``definitions`` document)."""

    def __init__(self, root: Element, origin: str, imports: list[Model], engine: feel.Engine) -> None:
        if local(root.tag) != "definitions":
            raise DmnError(f"{origin}: the root element is {local(root.tag)}, not definitions")
        self.origin = origin
        self.name = root.get("name") or ""
        self.namespace = root.get("namespace") or ""
        self.engine = engine.derive(resolve_type=self._type_predicate)
        self.root = root
        self.imports: dict[str, Model] = {}
        self.imported_by_namespace: dict[str, tuple[str, Model]] = {}
        available = {model.namespace: model for model in imports}
        for element in children(root, "import"):
            namespace = element.get("namespace") or ""
            prefix = element.get("name") or ""
            imported = available.get(namespace)
            if imported is None:
                raise DmnError(f"{origin}: import of {namespace!r} ({prefix}) not found")
            self.imports[prefix] = imported
            self.imported_by_namespace[namespace] = (prefix, imported)
        self.nodes: dict[str, _Node] = {}
        self.kinds: dict[str, str] = {}
        for element in root:
            kind = local(element.tag)
            if kind in ("decision", "inputData", "businessKnowledgeModel", "decisionService"):
                node = _Node(self, element)
                self.nodes[node.id] = node
                self.kinds[node.id] = kind
        self.by_name = {node.name: node for node in self.nodes.values()}
        self.names = self._collect_names()
        self._types: dict[str, DmnType] = {}
        self._item_definitions = {e.get("name") or "": e for e in children(root, "itemDefinition")}
        compiler = BoxedCompiler(self)
        self.bodies: dict[str, Any] = {}
        self.input_types: dict[str, DmnType | None] = {}
        for node_id, node in self.nodes.items():
            kind = self.kinds[node_id]
            where = f"{origin}: {kind} {node.name!r}"
            if kind == "decision":
                self.bodies[node_id] = compiler.expression(expression_element(node.element), where)
            elif kind == "businessKnowledgeModel":
                logic = child(node.element, "encapsulatedLogic")
                self.bodies[node_id] = (
                    compiler.c_functionDefinition(logic, where) if logic is not None else None
                )
            elif kind == "inputData":
                self.input_types[node_id] = self.type(node.type_ref)

    # -- names and types

    def _collect_names(self) -> list[str]:
        names: set[str] = set()
        for element in self.root.iter():
            tag = local(element.tag)
            name = element.get("name")
            if name and tag in ("decision", "inputData", "businessKnowledgeModel", "decisionService",
                                "variable", "formalParameter", "parameter", "column",
                                "itemComponent", "output", "import"):  # fmt: skip
                names.add(name)
            if tag in ("for", "some", "every") and element.get("iteratorVariable"):
                names.add(element.get("iteratorVariable") or "")
        for prefix, imported in self.imports.items():
            for name in imported.names:
                names.add(f"{prefix}.{name}")
        return sorted(names)

    def _type_predicate(self, name: str) -> Any:
        """``instance of`` for the names of item definitions."""
        kind = self.type(name)
        if kind is None:
            return None
        return lambda value: value is not None and kind.conform(value, State(self.engine), False) is not MISMATCH and (
            kind.collection == (type(value) is list) or not kind.collection)  # fmt: skip

    def type(self, type_ref: str | None) -> DmnType | None:
        """The type a ``typeRef`` names (None: no conversion)."""
        if not type_ref:
            return None
        if type_ref in self._types:
            return self._types[type_ref]
        prefix, _, rest = type_ref.partition(".")
        if rest and prefix in self.imports:
            return self.imports[prefix].type(rest)
        element = self._item_definitions.get(type_ref)
        if element is not None:
            kind = DmnType(type_ref)
            self._types[type_ref] = kind  # before filling it: recursive types
            self._fill(kind, element)
            return kind
        check = builtin_check(type_ref)
        if check is None:
            return None
        kind = DmnType(type_ref)
        kind.check = check
        self._types[type_ref] = kind
        return kind

    def _fill(self, kind: DmnType, element: Element) -> None:
        components = list(children(element, "itemComponent"))
        base_ref = text_of(element, "typeRef") or element.get("typeRef")
        item = DmnType(kind.name + "[item]")
        if components:
            item.components = []
            for component in components:
                inner = DmnType(component.get("name") or "")
                self._fill(inner, component)
                item.components.append((component.get("name") or "", inner))
        elif child(element, "functionItem") is not None:
            item.check = lambda value: isinstance(value, Function)
        elif base_ref:
            item.base = self.type(base_ref.strip())
        else:
            item.check = any_type().check
        constraint = text_of(child(element, "allowedValues")) or text_of(child(element, "typeConstraint"))
        if constraint and constraint.strip():
            try:
                item.allowed = self.engine.compile_unary_tests(constraint, self.names)
            except feel.FeelSyntaxError:
                item.allowed = None
        if element.get("isCollection") == "true":
            kind.collection = True
            kind.item = item
        else:
            kind.check, kind.components, kind.base, kind.allowed = (
                item.check, item.components, item.base, item.allowed)  # fmt: skip

    # -- pickling and batches (the work is in feel.batch)

    def __reduce__(self) -> tuple[Any, ...]:
        from feel.batch import model_again, model_parts

        return model_again, model_parts(self)

    def evaluate_many(self, name: str, records: Any, *, results: bool = False) -> Any:
        """An iterator over the value of the decision or decision service ``name`` for each
        record (a mapping of Python values, converted); with ``results``, each DmnResult."""
        from feel.batch import decide_each

        return decide_each(self, name, records, results)

    # -- evaluation

    def _node(self, name: str) -> _Node:
        node = self.by_name.get(name)
        if node is None:
            raise DmnError(f"{self.origin}: no decision or decision service named {name!r}")
        return node

    @property
    def decision_names(self) -> list[str]:
        """The names of the decisions."""
        return [n.name for i, n in self.nodes.items() if self.kinds[i] == "decision"]

    def evaluate(self, name: str, inputs: dict[str, Any] | None = None) -> DmnResult:
        """Evaluate the decision or decision service ``name`` with FEEL-valued ``inputs``."""
        node = self._node(name)
        state = State.for_engine(self.engine)
        run = _Run(state, dict(inputs or {}))
        kind = self.kinds[node.id]
        token = CURRENT.set(state)  # budgets reach traversals (deep equality, string(), ...)
        try:
            if kind == "decision":
                value = self._decision(node, run)
            elif kind == "decisionService":
                service = self._service_function(node, run)
                named = {p: run.inputs.get(p) for p in service.parameters}
                value = service.invoke(state, None, named)
            else:
                raise DmnError(f"{self.origin}: {name!r} is a {kind}, not a decision")
        finally:
            CURRENT.reset(token)
        return DmnResult(value, run.results, state.warnings)

    def _decision(self, node: _Node, run: _Run) -> Any:
        key = id(node)
        if key in run.memo:
            return run.memo[key]
        scope = Scope(self._requirement_scope(node, run), None, run.state)
        value = self.bodies[node.id](scope)
        value = conform(node.model.type(node.type_ref), value, scope, f"decision {node.name!r}")
        run.memo[key] = value
        run.results[node.name] = value
        return value

    def _requirement_scope(self, node: _Node, run: _Run) -> dict[str, Any]:
        scope: dict[str, Any] = {}
        for namespace, ident in node.requirements:
            owner, prefix = self, None
            if namespace and namespace != self.namespace:
                found = self.imported_by_namespace.get(namespace)
                if found is None:
                    continue
                prefix, owner = found
            required = owner.nodes.get(ident)
            if required is None:
                continue
            value = owner._value_of(required, run, prefix)
            if prefix is None:
                scope[required.name] = value
            else:
                scope.setdefault(prefix, {})[required.name] = value
        return scope

    def _value_of(self, node: _Node, run: _Run, prefix: str | None) -> Any:
        kind = self.kinds[node.id]
        if kind == "decision":
            return self._decision(node, run)
        if kind == "inputData":
            inputs = run.inputs
            qualified = f"{{{self.namespace}}}{node.name}"  # Clark notation: {namespace}name
            if qualified in inputs:
                value = inputs[qualified]
            elif prefix is not None and type(inputs.get(prefix)) is dict and node.name in inputs[prefix]:
                value = inputs[prefix][node.name]
            elif prefix is not None and f"{prefix}.{node.name}" in inputs:
                value = inputs[f"{prefix}.{node.name}"]
            else:  # an input of an imported model, given by its own name (TCK 0089)
                value = inputs.get(node.name)
            scope = Scope({}, None, run.state)
            return conform(self.input_types.get(node.id), value, scope, f"input {node.name!r}")
        if kind == "businessKnowledgeModel":
            return self._bkm_function(node, run)
        return self._service_function(node, run)

    def _bkm_function(self, node: _Node, run: _Run) -> Any:
        key = ("bkm", id(node))
        if key in run.memo:  # type: ignore[comparison-overlap]
            return run.memo[key]  # type: ignore[index]
        definition = self.bodies.get(node.id)
        if definition is None:
            return None
        requirements: dict[str, Any] = {}
        scope = Scope(requirements, None, run.state)
        function = definition(scope)
        if isinstance(function, BoxedFunction):
            function.name = node.name
            function.result_type = self.type(node.type_ref)
        run.memo[key] = function  # type: ignore[index]
        requirements.update(self._requirement_scope(node, run))
        return function

    def _service_function(self, node: _Node, run: _Run) -> DecisionServiceFunction:
        return DecisionServiceFunction(self, node)


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
        run = _Run(state, {})
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
        for _, ident in self.outputs:
            target = self.model.nodes.get(ident)
            if target is None:
                state.warn(WarningKind.DMN, f"{self.node.name}: unknown output decision {ident}")
                continue
            values[target.name] = self.model._decision(target, run)
        result = next(iter(values.values())) if len(values) == 1 else values
        return conform(self.model.type(self.node.type_ref), result, Scope({}, None, state),
                       self.node.name)  # fmt: skip
