"""DMN models: loading the decision requirements graph and evaluating it.

A :class:`Model` holds its item definitions, input data, decisions, business knowledge
models and decision services, each compiled once at load time. ``Model.evaluate(name,
inputs)`` evaluates a decision (and the decisions it requires, each once) or a decision
service. A decision sees what it requires: its required decisions and input data by
name, its required BKMs and decision services as functions, and elements of imported
models under the import's prefix (``prefix.name``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.etree.ElementTree import Element

from feel.api import Engine
from feel.convert import to_feel, variables_in
from feel.diagnostics import Warning, WarningKind
from feel.dmn.boxed import BoxedCompiler, BoxedFunction, conform
from feel.dmn.dialect import STANDARD, DmnDialect
from feel.dmn.graph import find_cycle
from feel.dmn.plan import make_plan
from feel.dmn.services import DecisionServiceFunction, Run, as_feel_error
from feel.dmn.types import MISMATCH, DmnType, any_type, builtin_check, loop_of
from feel.dmn.xml import child, children, expression_element, href_id, local, parse_xml, text_of
from feel.errors import DmnError, FeelError, FeelSyntaxError
from feel.runtime import CURRENT, Scope, State
from feel.settings import Settings
from feel.values import Function

_UNTYPED = (None, None)
_UNPLANNED: Any = object()
#: Marks a decision being evaluated, in the memo of a run: met again, it requires itself.
_IN_PROGRESS: Any = type("InProgress", (), {"__repr__": lambda self: "IN_PROGRESS"})()


@dataclass(slots=True)
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
        self.qualified = "{" + model.namespace + "}" + self.name  # Clark notation
        variable = child(element, "variable")
        self.type_ref = variable.get("typeRef") if variable is not None else None
        self.requirements: list[tuple[str, str]] = []  # (namespace, id)
        for requirement in list(children(element, "informationRequirement")) + list(
            children(element, "knowledgeRequirement")
        ) + list(children(element, "authorityRequirement")):
            for reference in requirement:
                if local(reference.tag) in ("requiredDecision", "requiredInput", "requiredKnowledge"):
                    self.requirements.append(href_id(reference.get("href")))


class Model:
    """A loaded DMN model (one ``definitions`` document).

    ``prefixes`` are the document's namespace prefixes (for type references such as
    ``kie:tAge``); ``dialect`` is how it evaluates (:mod:`feel.dmn.dialect`).
    ``load_warnings`` lists what loading found but could not use (an unknown type, an
    expression in another language than FEEL); each such element warns again when it runs.
    """

    def __init__(self, root: Element, origin: str, imports: list[Model], engine: Engine,
                 prefixes: dict[str, str] | None = None, dialect: DmnDialect = STANDARD) -> None:  # fmt: skip
        if local(root.tag) != "definitions":
            raise DmnError(f"{origin}: the root element is {local(root.tag)}, not definitions")
        self.origin = origin
        self.name = root.get("name") or ""
        self.namespace = root.get("namespace") or ""
        self.prefixes = dict(prefixes or {})
        self.dialect = dialect
        self.load_warnings: list[str] = []
        changes: dict[str, Any] = {"resolve_type": self._type_predicate}
        if dialect.feel_dialect != engine.dialect.name and dialect is not STANDARD:
            changes["dialect"] = dialect.feel_dialect
        self.engine = engine.derive(**changes)
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
        self._check_requirements()
        self.names = self._collect_names()
        #: The names in scope, made ready once for the lexer: every FEEL text of the model
        #: is compiled with them (rebuilding them per text was 37% of the TCK's load time).
        self.name_index = self.engine.name_index(self.names)
        self._types: dict[str, DmnType | None] = {}
        self._resolved: dict[str, tuple[list[tuple], list[tuple]]] = {}
        #: The prebuilt evaluations of decisions that read input data only, by the name
        #: or id they were asked by (feel.dmn.plan); None: that one takes the general path.
        self._plans: dict[str, Any] = {}
        self._required: dict[str, list[tuple[Model, _Node]]] = {}
        self._item_definitions = {e.get("name") or "": e for e in children(root, "itemDefinition")}
        compiler = BoxedCompiler(self)
        self.bodies: dict[str, Any] = {}
        #: the type of each input data, and its membership test when that is the whole type
        self.input_types: dict[str, tuple[DmnType | None, Any]] = {}
        for node_id, node in self.nodes.items():
            kind = self.kinds[node_id]
            where = f"{origin}: {kind} {node.name!r}"
            if kind == "decision":
                self.bodies[node_id] = compiler.expression(expression_element(node.element), where)
                self.type(node.type_ref)  # resolved now: an unknown type is a load warning
            elif kind == "businessKnowledgeModel":
                logic = child(node.element, "encapsulatedLogic")
                self.bodies[node_id] = (
                    compiler.c_functionDefinition(logic, where) if logic is not None else None
                )
            elif kind == "inputData":
                declared = self.type(node.type_ref)
                self.input_types[node_id] = (declared, declared and declared.plain_check)

    def _check_requirements(self) -> None:
        """Refuse a decision that requires itself, naming the cycle."""
        edges = {}
        for node_id, node in self.nodes.items():
            if self.kinds[node_id] == "decision":
                edges[node_id] = [ident for namespace, ident in node.requirements
                                  if (not namespace or namespace == self.namespace)
                                  and self.kinds.get(ident) == "decision"]  # fmt: skip
        cycle = find_cycle(edges)
        if cycle is not None:
            names = " -> ".join(repr(self.nodes[ident].name) for ident in cycle)
            raise DmnError(f"{self.origin}: the decision requirements form a cycle: {names}")

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
            if tag in ("for", "some", "every", "iterator") and element.get("iteratorVariable"):
                names.add(element.get("iteratorVariable") or "")
        for prefix, imported in self.imports.items():
            for name in imported.names:
                names.add(f"{prefix}.{name}")
        return sorted(names)

    def _type_predicate(self, name: str) -> Any:
        """``instance of`` for the names of item definitions."""
        kind = self._resolve(name)
        if kind is None:
            return None
        return lambda value: value is not None and kind.conform(value, State(self.engine), False) is not MISMATCH and (
            kind.collection == (type(value) is list) or not kind.collection)  # fmt: skip

    def type(self, type_ref: str | None) -> DmnType | None:
        """The type a ``typeRef`` names (None: no conversion); a name that is neither an
        item definition nor a built-in type is noted in :attr:`load_warnings`."""
        if not type_ref:
            return None
        if type_ref in self._types:
            return self._types[type_ref]
        kind = self._resolve(type_ref)
        if kind is None:
            self._types[type_ref] = None
            self.load_warnings.append(f"{self.origin}: the type {type_ref!r} is neither an item "
                                      "definition nor a built-in type: its values are not checked")  # fmt: skip
        return kind

    def _resolve(self, type_ref: str) -> DmnType | None:
        if type_ref in self._types:
            return self._types[type_ref]
        prefix, _, rest = type_ref.partition(".")
        if rest and prefix in self.imports:
            return self.imports[prefix].type(rest)
        element = self._item_definitions.get(type_ref)
        if element is None and ":" in type_ref:
            # a QName (DMN 1.1 files: `kie:tAge`): its prefix bound to this model's
            # namespace names an item definition here, bound to an import's, one there
            prefix, _, rest = type_ref.partition(":")
            uri = self.prefixes.get(prefix)
            if uri is not None and uri == self.namespace and rest in self._item_definitions:
                return self._resolve(rest)
            if uri is not None and uri in self.imported_by_namespace:
                return self.imported_by_namespace[uri][1].type(rest)
            if uri is not None and "feel" in uri.lower():
                return self._resolve(rest)
        if element is not None:
            kind = DmnType(type_ref)
            self._types[type_ref] = kind  # before filling it: recursive types
            self._fill(kind, element)
            loop = loop_of(kind)
            if loop is not None:  # T defined as T: no value could ever be checked
                names = " -> ".join(repr(name.removesuffix("[item]")) for name in loop)
                self.load_warnings.append(f"{self.origin}: the item definitions form a cycle "
                                          f"({names}): values of {type_ref!r} are not checked")  # fmt: skip
                closing = kind.item if kind.collection and kind.item is not None else kind
                closing.base, closing.check = None, any_type().check
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
                item.allowed = self.engine.compile_unary_tests(constraint, self.name_index)
            except FeelSyntaxError:
                item.allowed = None
        if element.get("isCollection") == "true":
            kind.collection = True
            kind.item = item
        else:
            kind.check, kind.components, kind.base, kind.allowed = (
                item.check, item.components, item.base, item.allowed)  # fmt: skip

    # -- pickling and batches (the work is in feel.dmn.reuse)

    def __reduce__(self) -> tuple[Any, ...]:
        from feel.dmn.reuse import model_parts

        return model_again, model_parts(self)

    def evaluate_many(self, name: str, records: Any, *, results: bool = False) -> Any:
        """An iterator over the value of the decision or decision service ``name`` for each
        record (a mapping of Python values, converted); with ``results``, each DmnResult."""
        from feel.dmn.reuse import decide_each

        return decide_each(self, name, records, results)

    # -- evaluation

    def _node(self, name: str) -> _Node:
        node = self.by_name.get(name) or self.nodes.get(name)  # by name, else by id
        if node is None:
            raise DmnError(f"{self.origin}: no decision or decision service named {name!r} "
                           "(nor with that id)")  # fmt: skip
        return node

    @property
    def decision_names(self) -> list[str]:
        """The names of the decisions."""
        return [n.name for i, n in self.nodes.items() if self.kinds[i] == "decision"]

    def evaluate(self, name: str, inputs: dict[str, Any] | None = None) -> DmnResult:
        """Evaluate the decision or decision service ``name`` (its name or its id) with
        ``inputs``, Python values converted as :func:`feel.evaluate` converts variables."""
        plan = self._plans.get(name, _UNPLANNED) if type(name) is str else None
        if plan is _UNPLANNED:
            plan = self._plan(name)
        if plan is not None and type(inputs) is dict:
            return plan(inputs)
        node = self._node(name)
        engine = self.engine
        state = State(engine, engine.max_steps, engine.max_depth, engine.timeout)
        if inputs is None:
            inputs = {}
        elif type(inputs) is not dict and not isinstance(inputs, Mapping):
            raise DmnError(f"{self.origin}: the inputs must be a mapping of names to values")
        if self.dialect.caller_variables:  # any of them may be read: converted at once
            try:
                inputs = variables_in(inputs)
            except FeelError as error:
                raise DmnError(f"{self.origin}: {error}") from None
        # otherwise each input the model reads is converted when it is read (_value_of)
        run = Run(state, inputs)
        kind = self.kinds[node.id]
        token = CURRENT.set(state)  # budgets reach traversals (deep equality, string(), ...)
        try:
            if kind == "decision":
                value = self._decision(node, run)
            elif kind == "decisionService":
                service = self._service_function(node, run)
                named = {p: _feel_value(self, p, run.inputs.get(p)) for p in service.parameters}
                value = service.invoke(state, None, named)
            else:
                raise DmnError(f"{self.origin}: {name!r} is a {kind}, not a decision")
        except FeelError:
            raise
        except Exception as error:  # only our exceptions leave
            raise as_feel_error(error, self.origin, node.name) from error
        finally:
            CURRENT.reset(token)
        return DmnResult(value, run.results, state.warnings)

    def _plan(self, name: str) -> Any:
        """The prebuilt evaluation of the decision ``name`` when it reads input data of
        this model only (None otherwise), remembered."""
        node = self.by_name.get(name) or self.nodes.get(name)
        plan = None
        if node is not None and self.kinds[node.id] == "decision" and not self.dialect.caller_variables:
            local_inputs, others = self._requirements_of(node)
            if not others:
                plan = make_plan(self, node, local_inputs, Run, DmnResult)
        if node is not None and len(self._plans) < 4096:  # names asked for that exist only
            self._plans[name] = plan
        return plan

    def _decision(self, node: _Node, run: Run) -> Any:
        key = id(node)
        memo = run.memo
        if key in memo:
            value = memo[key]
            if value is _IN_PROGRESS:  # only through decision services: loading refused the rest
                raise DmnError(f"{self.origin}: decision {node.name!r} requires itself")
            return value
        if self._decision_requirements(node):
            self._required_first(node, run)
        memo[key] = _IN_PROGRESS
        state = run.state
        callers = Scope(run.inputs, None, state) if self.dialect.caller_variables else None
        scope = Scope(self._requirement_scope(node, run), callers, state)
        value = self.bodies[node.id](scope)
        if node.type_ref and value is not None:
            declared = self.type(node.type_ref)
            if declared is not None:
                value = conform(declared, value, scope, f"decision {node.name!r}")
        memo[key] = value
        run.results[node.name] = value
        return value

    def _decision_requirements(self, node: _Node) -> list[tuple[Model, _Node]]:
        """The decisions ``node`` requires, each with the model that owns it (found once)."""
        found = self._required.get(node.id)
        if found is None:
            found = self._required[node.id] = [
                (owner, required) for owner, required, _ in self._requirements_of(node)[1]
                if owner.kinds[required.id] == "decision"]  # fmt: skip
        return found

    def _required_first(self, node: _Node, run: Run) -> None:
        """Evaluate the decisions ``node`` requires, deepest first, with an explicit stack:
        each then finds its own requirements done, so a chain of 10,000 decisions needs
        no deeper Python stack than one decision does."""
        memo = run.memo
        expanded: set[int] = set()
        pending = [(owner, required, False) for owner, required in
                   reversed(self._decision_requirements(node))]  # fmt: skip
        while pending:
            owner, required, ready = pending.pop()
            if id(required) in memo:
                continue
            if ready:
                owner._decision(required, run)
                continue
            if id(required) in expanded:  # reached again from what it requires
                raise DmnError(f"{self.origin}: decision {required.name!r} requires itself")
            expanded.add(id(required))
            pending.append((owner, required, True))
            pending.extend((inner, below, False) for inner, below in
                           reversed(owner._decision_requirements(required)))  # fmt: skip

    def _caller_scope(self, run: Run) -> Scope | None:
        """Under the requirements, the caller's variables when the dialect lets every
        decision read them (Camunda), else nothing."""
        if not self.dialect.caller_variables:
            return None
        return Scope(run.inputs, None, run.state)

    def _requirements_of(self, node: _Node) -> tuple[list[tuple], list[tuple]]:
        """The requirements of ``node`` that resolve, found once: its own model's input data
        as (name, Clark name, type, plain check, node), and the others as (owning model,
        node, import prefix or None)."""
        resolved = self._resolved.get(node.id)
        if resolved is None:
            local_inputs, others = [], []
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
                if prefix is None and owner.kinds[required.id] == "inputData":
                    declared, check = owner.input_types[required.id]
                    local_inputs.append((required.name, required.qualified, declared, check, required))
                else:
                    others.append((owner, required, prefix))
            resolved = self._resolved[node.id] = (local_inputs, others)
        return resolved

    def _requirement_scope(self, node: _Node, run: Run) -> dict[str, Any]:
        scope: dict[str, Any] = {}
        inputs = run.inputs
        local_inputs, others = self._requirements_of(node)
        for name, qualified, declared, check, required in local_inputs:  # the common case, inline
            value = inputs[qualified] if qualified in inputs else inputs.get(name)
            kind = type(value)
            if kind is int:  # as feel.convert converts it: the exact Decimal
                value = Decimal(value)
            if kind is int or kind is str or kind is bool or value is None:  # FEEL values now
                if declared is None or value is None or (check is not None and check(value)):
                    scope[name] = value
                    continue
            scope[name] = self._input(required, value, run)
        for owner, required, prefix in others:
            value = owner._value_of(required, run, prefix)
            if prefix is None:
                scope[required.name] = value
            else:
                scope.setdefault(prefix, {})[required.name] = value
        return scope

    def _input(self, node: _Node, value: Any, run: Run) -> Any:
        """The value given for the input data ``node``, converted as :func:`feel.evaluate`
        converts variables and checked against the input's type."""
        kind = type(value)
        if kind is int:
            value = Decimal(value)
        elif kind is not str and kind is not bool and value is not None:
            try:
                value = to_feel(value)
            except RecursionError:
                raise DmnError(f"{self.origin}: input {node.name!r} is nested too deeply "
                               "(or contains itself)") from None  # fmt: skip
        declared, check = self.input_types.get(node.id) or _UNTYPED
        if declared is None or value is None:
            return value
        if check is not None and check(value):
            return value
        converted = declared.conform(value, run.state)
        if converted is MISMATCH:
            run.state.warn(WarningKind.DMN, f"input {node.name!r}: value does not conform to "
                                            f"type {declared.name}")  # fmt: skip
            return None
        return converted

    def _value_of(self, node: _Node, run: Run, prefix: str | None) -> Any:
        kind = self.kinds[node.id]
        if kind == "decision":
            return self._decision(node, run)
        if kind == "inputData":
            inputs = run.inputs
            name = node.name
            if node.qualified in inputs:  # Clark notation: {namespace}name
                value = inputs[node.qualified]
            elif prefix is None:
                value = inputs.get(name)
            elif isinstance(inputs.get(prefix), Mapping) and name in inputs[prefix]:
                value = inputs[prefix][name]
            elif f"{prefix}.{name}" in inputs:
                value = inputs[f"{prefix}.{name}"]
            else:  # an input of an imported model, given by its own name (TCK 0089)
                value = inputs.get(name)
            return self._input(node, value, run)
        if kind == "businessKnowledgeModel":
            return self._bkm_function(node, run)
        return self._service_function(node, run)

    def _bkm_function(self, node: _Node, run: Run) -> Any:
        key = ("bkm", id(node))
        if key in run.memo:  # type: ignore[comparison-overlap]
            return run.memo[key]  # type: ignore[index]
        definition = self.bodies.get(node.id)
        if definition is None:
            return None
        requirements: dict[str, Any] = {}
        scope = Scope(requirements, self._caller_scope(run), run.state)
        function = definition(scope)
        if isinstance(function, BoxedFunction):
            function.name = node.name
            function.result_type = self.type(node.type_ref)
        run.memo[key] = function  # type: ignore[index]
        requirements.update(self._requirement_scope(node, run))
        return function

    def _service_function(self, node: _Node, run: Run) -> DecisionServiceFunction:
        return DecisionServiceFunction(self, node)


def _feel_value(model: Model, name: str, value: Any) -> Any:
    """``value`` as FEEL sees it (as :func:`feel.evaluate` converts variables)."""
    try:
        return to_feel(value)
    except RecursionError:
        raise DmnError(f"{model.origin}: input {name!r} is nested too deeply (or contains itself)") from None


def model_again(xml: str, origin: str, imports: list[Model], settings: Settings,
                prefixes: dict[str, str] | None = None, dialect: Any = None) -> Model:  # fmt: skip
    """The DMN model that was pickled (see :func:`feel.dmn.reuse.model_parts`)."""
    root, _ = parse_xml(xml, origin)
    return Model(root, origin, imports, Engine.from_settings(settings), prefixes,
                 dialect or STANDARD)  # fmt: skip
