"""``if``, ``instance of``, filters, ``for`` and quantifiers: branches and loops."""

from __future__ import annotations

from decimal import Decimal

from feel import nodes as n
from feel.fastpath.helpers import (
    MAX_ITEMS, _at_constant, _called, _domain_list, _indexed, _project_lacking, _spanned,
)
from feel.fastpath.kinds import (
    BOOL, FEEL, LIST, NULL, NUM, RAW, RAW_LIST, STR, VERDICT, Unsupported, Value,
)
from feel.fastpath.paths import converted_entry
from feel.fastpath.writer import Writer
from feel.iteration import filtered, warn_not_boolean
from feel.runtime import charge
from feel.types import type_predicate


class Control(Writer):
    """The translation of branches and of loops over one list."""

    def t_If(self, node: n.If) -> Value:
        condition = self.condition(node.condition)
        verdict = condition.code if condition.kind == BOOL else self.assign(condition.code)
        test = verdict if condition.kind == BOOL else f"{verdict} is True"
        result = self.temp()
        kinds = []
        with self.block(f"if {test}:"):
            then = self.feel(self.value(node.then))
            self.line(f"{result} = {then.code}")
            kinds.append(then.kind)
        with self.block("else:"):
            if condition.kind not in (BOOL, VERDICT):  # neither boolean nor null: the closures warn
                with self.block(f"if {verdict} is not False and {verdict} is not None:"):
                    self.warn_not_boolean(node, "if", verdict, condition)
            otherwise = self.feel(self.value(node.otherwise))
            self.line(f"{result} = {otherwise.code}")
            kinds.append(otherwise.kind)
        return Value(result, kinds[0] if kinds[0] == kinds[1] else FEEL)

    def condition(self, node: n.Node) -> Value:
        """The verdict of ``node``, a condition that only a true verdict passes (an ``if``'s,
        a filter's): where a null verdict would be no warning, a false may stand for it
        (see :attr:`feel.fastpath.writer.Writer.truthy`)."""
        self.truthy = node
        try:
            return self.value(node)
        finally:
            self.truthy = None

    def t_InstanceOf(self, node: n.InstanceOf) -> Value:
        if self.engine.resolve_type is not None:
            raise Unsupported("a type predicate of the host")
        predicate = type_predicate(node.type, None)
        value = self.assign(self.feel(self.value(node.value)).code)
        result = self.temp()
        # a list's items are tested charged to the budgets (feel.runtime.charge): in the
        # state of the slow branches, as the closures test them in theirs
        with self.block(f"if type({value}) is list or type({value}) is dict:"):
            self.slow(result, _called, self.cell(predicate), value)
        with self.block("else:"):
            self.line(f"{result} = {self.cell(predicate)}({value})")
        return Value(result, BOOL)

    def items_of(self, domain: n.Node, where: n.Node, filtering: bool = False,
                 counted: str = "") -> tuple[str, str, str, bool]:  # fmt: skip
        """The local holding the list a loop runs over (counted as one), the local the loop
        takes its items from (the list itself, or past :data:`MAX_ITEMS` items the list
        charged to the budgets as the loop goes: :func:`feel.fastpath.helpers._charged`),
        the kind of its items, and whether the list may be null. A value that is not a
        list is made one, or null, where it is found, as the closures make it (a filter's:
        :func:`feel.iteration.filtered`; a ``for``'s or a quantifier's, with a warning at
        ``where``: :func:`feel.iteration.iterated`); over null the loop runs over nothing,
        and the caller makes its result null. ``counted``: a local that holds the iterator
        the loop takes the items from (its length hint says how many are left)."""
        value = self.value(domain)
        self.count_loop()
        listed = value.kind in (LIST, RAW_LIST)
        maybe_null = not listed or value.code in self.nullable
        if listed:
            items = self.assign(value.code)
        else:  # (a local of its own: the value's may be a variable's, read again later)
            items = self.temp()
            self.line(f"{items} = {value.code}")
        walked = self.temp()
        test = ""  # (tested inline: a call less)
        if not listed:
            test = f"type({items}) is not list"
        elif maybe_null and not filtering:  # a loop's result that may be null: warned of
            test = f"{items} is None"
        if test:
            with self.block(f"if {test}:"):
                dialect = self.engine.dialect
                if filtering:
                    self.slow(items, filtered, f"_feel({items})", self.where(where),
                              repr(dialect.iteration_needs_list))  # fmt: skip
                else:
                    self.slow(items, _domain_list, f"_feel({items})", self.where(where),
                              repr(self.engine.max_size), repr(dialect.iteration_needs_list))
        if maybe_null:
            self.line(f"if {items} is None: {walked} = ()")
        with self.block(f"{'elif' if maybe_null else 'if'} len({items}) > {MAX_ITEMS}:"):
            self.line("if st is None: st = _state()")
            if counted:
                self.line(f"{counted} = iter({items})")
                self.line(f"{walked} = _charged(st, {counted}, len({items}))")
            else:
                self.line(f"{walked} = _charged(st, {items})")
        with self.block("else:"):
            self.line(f"{walked} = {f'{counted} = iter({items})' if counted else items}")
        return items, walked, RAW if value.kind in (RAW, RAW_LIST) else FEEL, maybe_null

    def close_charged(self, walked: str) -> None:
        """A line after a loop that may stop early: the items of a long list it did not
        reach are given back to the budgets (:func:`feel.fastpath.helpers._charged`)."""
        self.line(f"if type({walked}) is _GENERATOR: {walked}.close()")

    def t_Filter(self, node: n.Filter) -> Value:
        return self.filter(node)

    def filter(self, node: n.Filter, projected: str | None = None, where: str = "") -> Value:
        """``items[condition]``; ``projected``: the name of the entry the kept items are
        projected on (``items[price > 10].name``, the path at ``where``), taken where they
        are kept, in the same loop. A condition that may be a number is an index where the
        closures take it as one (see :meth:`indexed`)."""
        if self.facts.constant(node.condition) is not None:
            return self.constant_index(node)
        # where the verdict may be a number, the loop takes the items from an iterator,
        # whose length hint says the item's position
        counted = "" if _surely_a_verdict(node.condition) else self.temp()
        items, walked, kind, maybe_null = self.items_of(node.base, node, True, counted)
        if projected is not None:
            self.count_walk()  # (the projection's walk, counted as if apart)
        kept, item, warned = self.temp(), self.temp(), self.temp()
        added = item if projected is None else self.temp()
        self.line(f"{kept} = []")
        self.line(f"{warned} = False")
        lacking = ""  # kept items not contexts with the projected entry: projected after the loop
        if projected is not None:
            lacking = self.temp()
            self.line(f"{lacking} = []")
        tried = self.temp()  # whether the first item's verdict was a number
        if counted:
            self.line(f"{tried} = False")
        with self.loop(f"for {item} in {walked}:", node.condition, {"item": Value(item, kind)},
                       Value(item, kind)):  # fmt: skip
            condition = self.condition(node.condition)
            if condition.kind == BOOL:  # true or false, nothing else
                keeps = condition.code
            else:
                verdict = self.assign(condition.code)
                keeps = f"{verdict} is True"
            with self.block(f"if {keeps}:"):
                if projected is not None:  # (one lookup, where the item is kept)
                    later = f"_projected_later(st, {item}, {kept}, {lacking})"
                    self.read_entry(added, f"{item}[{projected!r}] if type({item}) is dict else "
                                    f"None if {item} is None else {later}", later)  # fmt: skip
                self.line(f"{kept}.append({added})")
                adding = len(self.lines) - 1
            maybe_index = condition.kind not in (BOOL, VERDICT)
            if maybe_index:
                self.other_verdict(node, items, counted, tried, warned, verdict, condition)
            converting = f"{kept}.append({converted_entry(added)})"
        if maybe_index:
            self.close_charged(walked)
        trials = [tried] if maybe_index else []
        # (a condition that reads `item` is never tried on an empty list, as in the closures)
        if (condition.kind != BOOL and not self.facts.uses(node.condition, "item")
                and not _never_an_index(node.condition)):
            trials.append(f"{items} is not None and not {items}" if maybe_null else f"not {items}")
        if trials:
            maybe_index = self.indexed(node, items, kept, " or ".join(trials), projected, where) \
                or maybe_index
        if projected is not None:
            self.projected_after(kept, lacking, projected, where)
        if maybe_null:
            self.line(f"if {items} is None: {kept} = None")
            self.nullable.add(kept)
        if maybe_index:  # an item, or a list
            return Value(kept, RAW if kind == RAW or projected is not None else FEEL)
        if kind != RAW:
            return Value(kept, LIST)
        if projected is not None:  # converted in the same loop if it is converted next
            self.convertible(kept, adding, converting)
        return Value(kept, RAW_LIST)

    def other_verdict(self, node: n.Filter, items: str, counted: str, tried: str, warned: str,
                      verdict: str, condition: Value) -> None:  # fmt: skip
        """Lines in a filter's loop: a verdict neither boolean nor null. Of the first item,
        a number is an index (for the closures too: the loop stops, ``tried`` says so, see
        :meth:`indexed`); else the closures' warning, once (``warned``), the item not kept.
        ``counted``: the iterator the loop takes the items of ``items`` from."""
        if not counted:
            raise Unsupported("a verdict that may be a number")  # (never: a safety net)
        with self.block(f"elif {verdict} is not False and {verdict} is not None:"):
            (number,) = self.converted((verdict, condition))
            with self.block(f"if len({items}) - _HINT({counted}) == 1 and "
                            f"type({number}) is Decimal:"):  # fmt: skip
                self.line(f"{tried} = True")
                self.line("break")
            with self.block(f"if not {warned}:"):
                self.warn_not_boolean(node, "a filter", verdict, condition)
                self.line(f"{warned} = True")

    def projected_after(self, kept: str, lacking: str, projected: str, where: str) -> None:
        """Lines after a fused filter+projection's loop: the kept items that were not
        contexts with the entry ``projected`` (``lacking``), projected as the closures project
        them after the filter, in order; and the projection's walk, which the closures
        charge, past :data:`MAX_ITEMS` kept items (fewer are bounded at translation, see
        ``count_walk``)."""
        with self.block(f"if {lacking}:"):
            self.slow(self.temp(), _project_lacking, kept, lacking, repr(projected), where)
        with self.block(f"if type({kept}) is list and len({kept}) > {MAX_ITEMS}:"):
            self.slow(self.temp(), _called, self.cell(charge), f"len({kept})")

    def constant_index(self, node: n.Filter) -> Value:
        """``items[k]`` with a constant number ``k``: the item at that position in a list
        long enough, else as the closures take it (:func:`feel.iteration.at_index` after
        :func:`feel.iteration.filtered`, in a slow branch). A constant of another kind is
        the closures' (a filter by a constant condition)."""
        index = self.facts.value(node.condition)
        if type(index) is not Decimal:
            raise Unsupported("constant filter")
        base = self.value(node.base)
        items, result = self.assign(base.code), self.temp()
        needs_list = repr(self.engine.dialect.iteration_needs_list)
        general = (_at_constant, items if base.kind in (LIST, FEEL) else f"_feel({items})",
                   self.cell(index), self.where(node), needs_list)
        position = int(index) if index == index.to_integral_value() and abs(index) < 10**9 else 0
        if not position:  # 0, a fraction, or past any list: the closures' warning
            self.slow(result, *general)
        else:
            with self.block(f"if type({items}) is list and len({items}) >= {abs(position)}:"):
                self.line(f"{result} = {items}[{position - 1 if position > 0 else position}]")
            with self.block("else:"):
                self.slow(result, *general)
        return Value(result, RAW if base.kind in (RAW, RAW_LIST) else FEEL)

    def indexed(self, node: n.Filter, items: str, kept: str, trial: str, projected: str | None,
                where: str) -> bool:  # fmt: skip
        """Lines: where ``trial`` holds (the first item's verdict was a number, or the list
        is empty), the condition evaluated where the filter is, outside any item, as the
        closures evaluate it then: a number is an index, ``kept`` the item at it (projected
        on ``projected`` at ``where``): :func:`feel.fastpath.helpers._indexed`. Of an empty
        list its warnings are dropped (:func:`feel.iteration.filter_of_empty`). Whether the
        condition there may be a number (the result an item)."""
        with self.block(f"if {trial}:"):
            mark = self.temp()
            self.line(f"{mark} = _warned(st)")
            outside = self.value(node.condition)
            (index,) = self.converted((self.assign(outside.code), outside))
            self.line(f"if not {items}: _forget(st, {mark})")
            self.slow(kept, _indexed, items, index, self.where(node), f"not {items}",
                      repr(projected), where or "None")  # fmt: skip
        return outside.kind not in (BOOL, VERDICT, NULL, STR, LIST)

    def t_For(self, node: n.For) -> Value:
        """``for x in domain return body`` over one list or one ``low..high``."""
        if len(node.iterations) != 1 or self.facts.uses(node.body, "partial"):
            raise Unsupported("for over several lists, or reading partial")
        (iteration,) = node.iterations
        if iteration.high is not None:
            bounds = [self.feel(self.value(end), number=True)
                      for end in (iteration.domain, iteration.high)]  # fmt: skip
            low, high = (self.assign(end.code) for end in bounds)
            self.count_loop()
            # numbers, or dates from bounds of unknown kind
            kind = NUM if all(end.kind == NUM for end in bounds) else FEEL
            items, walked = self.temp(), self.temp()
            self.line(f"{walked} = {items} = _span({low}, {high})")
            # more than MAX_ITEMS integers (charged as made), or other bounds: the closures'
            with self.block(f"if {items} is None:"):
                self.slow(items, _spanned, low, high, self.where(iteration),
                          repr(self.engine.max_size))  # fmt: skip
                self.line(f"{walked} = () if {items} is None else {items}")
            maybe_null = True
        else:
            items, walked, kind, maybe_null = self.items_of(iteration.domain, iteration)
        results, item = self.temp(), self.temp()
        self.line(f"{results} = []")
        with self.loop(f"for {item} in {walked}:", node.body, {iteration.name: Value(item, kind)}):
            self.line(f"{results}.append({self.feel(self.value(node.body)).code})")
        if maybe_null:
            self.line(f"if {items} is None: {results} = None")
            self.nullable.add(results)
        return Value(results, LIST)

    def t_Quantified(self, node: n.Quantified) -> Value:
        """``some``/``every`` over one list, settled as the closures settle it: by a true
        (some), by anything but a true (every) or, with three values, by a false; a null
        leaves it unsettled (null in the end, with three values), and a verdict neither a
        boolean nor null also warns, once."""
        if len(node.iterations) != 1 or node.iterations[0].high is not None:
            raise Unsupported("quantifier over several lists or a range")
        (iteration,) = node.iterations
        items, walked, kind, maybe_null = self.items_of(iteration.domain, iteration)
        every = node.quantifier == "every"
        three_valued = self.engine.dialect.three_valued_quantifiers
        unsettled = not every or three_valued  # a verdict may settle nothing
        result, item, warned = self.temp(), self.temp(), self.temp()
        self.line(f"{result} = {every}")
        if unsettled:
            self.line(f"{warned} = False")
        with self.loop(f"for {item} in {walked}:", node.condition,
                       {iteration.name: Value(item, kind)}):  # fmt: skip
            condition = self.value(node.condition)
            if condition.kind == BOOL:  # true or false, nothing else
                settles = f"not {condition.code}" if every else condition.code
            else:
                verdict = self.assign(condition.code)
                settles = f"{verdict} is {'not True' if not unsettled else not every}"
            maybe_other = condition.kind not in (BOOL, VERDICT)  # neither boolean nor null
            with self.block(f"if {settles}:"):
                if maybe_other and not unsettled:  # warned, then settled
                    with self.block(f"if {verdict} is not False and {verdict} is not None:"):
                        self.warn_not_boolean(node, node.quantifier, verdict, condition)
                self.line(f"{result} = {not every}")
                self.line("break")
            if condition.kind == VERDICT and three_valued:  # a null, unless settled later
                self.line(f"elif {verdict} is None: {result} = None")
            elif maybe_other and unsettled:  # neither settling nor the other boolean
                with self.block(f"elif {verdict} is not {every}:"):
                    if three_valued:
                        self.line(f"{result} = None")  # unless settled later
                    with self.block(f"if {verdict} is not None and not {warned}:"):
                        self.warn_not_boolean(node, node.quantifier, verdict, condition)
                        self.line(f"{warned} = True")
        self.close_charged(walked)
        if maybe_null:
            self.line(f"if {items} is None: {result} = None")
        unsure = maybe_null or three_valued and condition.kind != BOOL
        return Value(result, VERDICT if unsure else BOOL)

    def warn_not_boolean(self, node: n.If | n.Filter | n.Quantified, word: str, verdict: str,
                         condition: Value) -> None:  # fmt: skip
        """Lines: the closures' warning for a verdict of the condition of ``node`` (an
        ``if``, a filter or a quantifier, named ``word``) that is not a boolean."""
        self.slow(self.temp(), warn_not_boolean, repr(word), *self.converted((verdict, condition)),
                  self.where(node.condition))


def _never_an_index(condition: n.Node) -> bool:
    """Whether ``condition`` is a test that gives a boolean or null wherever it is
    evaluated, with no work to count: of an empty list the closures evaluate the condition
    once, outside any item, to see whether it is an index (``[][1]``), and keep nothing
    when it is not. Equality has a literal on one side (two variables could be large lists
    walked under the budgets), intervals have literal ends."""
    if type(condition) is n.Logical:
        return _never_an_index(condition.left) and _never_an_index(condition.right)
    if type(condition) is n.Comparison:
        sides = (condition.left, condition.right)
        if condition.operator in ("=", "!="):
            return all(map(_plain, sides)) and any(type(side) is n.Constant for side in sides)
        return all(map(_plain, sides))
    if type(condition) is n.Between:
        return _plain(condition.value) and all(
            type(end) is n.Constant for end in (condition.low, condition.high))
    if type(condition) is n.In:
        return _plain(condition.value) and all(map(_literal_test, condition.tests))
    return False


def _surely_a_verdict(condition: n.Node) -> bool:
    """Whether ``condition`` gives a boolean or null, never a number (an index): a
    comparison, a test, a quantifier, ``and``/``or``."""
    return type(condition) in (n.Comparison, n.Between, n.In, n.Logical, n.Quantified,
                               n.InstanceOf)  # fmt: skip


def _plain(node: n.Node) -> bool:
    """A literal or a name: nothing to compute."""
    return type(node) in (n.Constant, n.Name)


def _literal_test(test: n.Node) -> bool:
    """A literal, an interval or an open range with literal ends, as a test of ``in``."""
    if type(test) is n.Interval:
        return type(test.low) is n.Constant and type(test.high) is n.Constant
    if type(test) is n.OpenRange:
        return type(test.operand) is n.Constant
    return type(test) is n.Constant
