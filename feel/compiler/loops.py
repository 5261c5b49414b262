"""``for``, ``some``/``every`` and filters: loops over a list, counting steps."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from feel import iteration
from feel import nodes as n
from feel.compiler.core import Closure, Core
from feel.iteration import at_index as _at_index
from feel.runtime import Scope

#: Stands for the `partial` results in the bindings of nested iterations.
_PARTIAL = object()


class Loops(Core):
    """The closures of iterations and filters."""

    def iterations(self, node: n.Node, iterations: tuple[n.Iteration, ...]) -> list:
        """(name, domain closure, upper bound closure or None, where) per iteration context."""
        return [
            (it.name, self.compile(it.domain), self.compile(it.high) if it.high else None,
             self.where(it))
            for it in iterations
        ]  # fmt: skip

    def c_For(self, node: n.For) -> Closure:
        iterations = self.iterations(node, node.iterations)
        body = self.compile(node.body)
        max_size = self.engine.max_size
        needs_list = self.dialect.iteration_needs_list
        if len(iterations) > 1:

            bound = {"partial": _PARTIAL} if self.facts.uses(node.body, "partial") else {}

            def nested_loops(scope: Scope) -> Any:
                results: list[Any] = []
                failed = iteration.bind_all(scope, iterations, 0, bound, body, results, max_size,
                                            needs_list, None)  # fmt: skip
                return None if failed else results

            return nested_loops
        ((name, domain, high, where),) = iterations
        reuse = not self.facts.defines_function(node.body)
        # `partial` is a snapshot, so no result can contain the list being built
        snapshot = self.facts.uses(node.body, "partial")

        def for_loop(scope: Scope) -> Any:
            values = iteration.domain(scope, domain, high, where, max_size, needs_list)
            if values is None:
                return None
            results: list[Any] = []
            state = scope.state
            append = results.append
            # One scope for every iteration unless the body defines a function, which
            # could keep a reference to the scope of its own iteration.
            inner = Scope({"partial": results}, scope, state)
            for value in values:
                state.steps += 1
                if not state.steps & 1023:
                    state.check()
                if reuse:
                    inner.vars[name] = value
                else:
                    inner = Scope({name: value, "partial": results}, scope, state)
                if snapshot:
                    inner.vars["partial"] = list(results)
                append(body(inner))
            return results

        return for_loop

    def c_Quantified(self, node: n.Quantified) -> Closure:
        iterations = self.iterations(node, node.iterations)
        condition = self.compile(node.condition)
        every = node.quantifier == "every"
        max_size = self.engine.max_size
        needs_list = self.dialect.iteration_needs_list
        three_valued = self.dialect.three_valued_quantifiers
        decides = iteration.quantifier_decides(every, three_valued)
        where = self.where(node.condition)

        if len(iterations) == 1 and not self.facts.defines_function(node.condition):
            ((name, domain, high, domain_where),) = iterations
            word = node.quantifier

            def single_quantified(scope: Scope) -> Any:
                values = iteration.domain(scope, domain, high, domain_where, max_size, needs_list)
                if values is None:
                    return None
                state = scope.state
                inner = Scope({}, scope, state)
                vars = inner.vars
                undecided = warned = False
                for value in values:
                    state.steps += 1
                    if not state.steps & 1023:
                        state.check()
                    vars[name] = value
                    verdict = condition(inner)
                    if decides(verdict):
                        if verdict is not True and verdict is not False and not warned:
                            iteration.warn_not_boolean(scope, word, verdict, where)
                        return not every
                    if verdict is not True and verdict is not False:
                        undecided = True
                        if not warned and verdict is not None:
                            iteration.warn_not_boolean(scope, word, verdict, where)
                            warned = True
                return None if undecided and three_valued else every

            return single_quantified

        def quantified(scope: Scope) -> Any:
            results: list[Any] = []
            if iteration.bind_all(scope, iterations, 0, {}, condition, results, max_size,
                                  needs_list, decides):  # fmt: skip
                return None
            return iteration.quantified_result(scope, results, every, three_valued, where)

        return quantified

    # -- postfix
    def c_Filter(self, node: n.Filter) -> Closure:
        base = self.compile(node.base)
        condition = self.compile(node.condition)
        where = self.where(node)
        needs_list = self.dialect.iteration_needs_list
        index = self.facts.value(node.condition)
        if type(index) is Decimal:
            if not needs_list:
                return lambda scope: _at_index(scope, base(scope), index, where)

            def at_index_of_list(scope: Scope) -> Any:
                items = base(scope)
                if type(items) is not list:
                    items = iteration.filtered(scope, items, where, needs_list)
                return _at_index(scope, items, index, where)

            return at_index_of_list

        reuse = not self.facts.defines_function(node.condition)
        # the condition of an empty list is tried where the filter is (an index?) unless
        # it reads the item, which only items have
        try_empty = not self.facts.uses(node.condition, "item")
        condition_where = self.where(node.condition)

        def filtering(scope: Scope) -> Any:
            items = base(scope)
            if type(items) is not list:
                items = iteration.filtered(scope, items, where, needs_list)
                if items is None:
                    return None
            elif not items:
                return iteration.filter_of_empty(scope, condition, where) if try_empty else []
            kept = []
            state = scope.state
            warned = False
            # Without a function definition in the condition nothing can keep a reference
            # to the per-item scopes, so two scope objects serve every item.
            item_scope = Scope({"item": None}, scope, state)
            entries_scope = Scope(None, item_scope, state)
            for position, item in enumerate(items):
                state.steps += 1
                if not state.steps & 1023:
                    state.check()
                if not reuse:
                    item_scope = Scope({"item": None}, scope, state)
                    entries_scope = Scope(None, item_scope, state)
                item_scope.vars["item"] = item
                if type(item) is dict:
                    entries_scope.vars = item
                    verdict = condition(entries_scope)
                else:
                    verdict = condition(item_scope)
                if verdict is True:
                    kept.append(item)
                elif verdict is not False and verdict is not None:
                    if position == 0 and type(verdict) is Decimal:
                        return _at_index(scope, items, condition(scope), where)
                    if not warned:  # once: the same reason, item after item
                        iteration.warn_not_boolean(scope, "a filter", verdict, condition_where)
                        warned = True
            return kept

        return filtering
