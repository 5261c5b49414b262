"""Iteration: the values ``for``, ``some``, ``every`` and filters run over, and how the
verdicts of quantifiers and filters combine.

The compiler (:mod:`feel.compiler`) makes the closures of those nodes; what they share at
run time is here. Where the dialect decides (:mod:`feel.dialect`), the compiler passes
the switch in as a plain value once, at compile time.

A numeric domain (``1..n``, ``[1..n]``) is a lazy ``range`` of Decimals, not a list: a
``for`` over a million numbers holds the million results, not twice a million values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from feel import hints
from feel import operators as op
from feel import temporal
from feel.diagnostics import Failure, WarningKind
from feel.errors import BudgetExceeded
from feel.runtime import Scope, warn
from feel.values import Range, type_name

Closure = Callable[[Scope], Any]


def domain(scope: Scope, low_closure: Closure, high: Closure | None, where: tuple,
           max_size: int, needs_list: bool) -> Iterable | None:  # fmt: skip
    """The values an iteration context runs over, or None after a warning: those of the
    value of ``low_closure`` (:func:`iterated`) or, with ``high``, from it to the value of
    ``high`` (:func:`bounded`)."""
    low = low_closure(scope)
    if high is None:
        if type(low) is list:
            return low
        return iterated(scope, low, where, max_size, needs_list)
    return bounded(scope, low, high(scope), where, max_size)


def iterated(scope: Scope, value: Any, where: tuple, max_size: int,
             needs_list: bool) -> Iterable | None:  # fmt: skip
    """The values ``for x in value`` runs over, or None after a warning. A value that is
    neither a list nor a range is a list of one item (DMN 1.5, with a warning that says
    so) or, when ``needs_list`` (the Camunda dialect), null with a warning."""
    if type(value) is list:
        return value
    if type(value) is Range:
        return range_values(scope, value, where, max_size)
    if value is None:
        warn(scope, WarningKind.INVALID_TYPE, "can't iterate over null", where)
        return None
    if needs_list:
        warn(scope, WarningKind.INVALID_TYPE,
             f"can't iterate over a {type_name(value)}: a list is expected", where)  # fmt: skip
        return None
    warn(scope, WarningKind.INVALID_TYPE,
         f"iterating over a {type_name(value)}, not a list: taken as a list of one item",
         where)  # fmt: skip
    return [value]


def bounded(scope: Scope, low: Any, top: Any, where: tuple, max_size: int) -> Iterable | None:
    """The values ``for x in low..top`` runs over (integers or dates, either way), or None
    after a warning."""
    if type(low) is Decimal and type(top) is Decimal:
        if low != low.to_integral_value() or top != top.to_integral_value():
            warn(scope, WarningKind.INVALID_TYPE, "a range to iterate needs integer bounds", where)
            return None
        return numbers(int(low), int(top), max_size)
    if type(low) is temporal.Date and type(top) is temporal.Date:
        try:
            return dates(low, top, max_size)
        except Failure as failure:
            warn(scope, failure.kind, failure.message, where)
            return None
    warn(scope, WarningKind.INVALID_TYPE,
         f"can't iterate from {type_name(low)} to {type_name(top)}", where)  # fmt: skip
    return None


def filtered(scope: Scope, items: Any, where: tuple, needs_list: bool) -> list | None:
    """The items a filter tests: a list as it is; null is null, and any other value a list
    of one item (DMN 1.5) or, when ``needs_list`` (the Camunda dialect), null with a
    warning."""
    if type(items) is list or items is None:
        return items
    if needs_list:
        warn(scope, WarningKind.INVALID_TYPE,
             f"can't filter a {type_name(items)}: a list is expected", where)  # fmt: skip
        return None
    return [items]


def numbers(first: int, last: int, max_size: int) -> Iterable:
    """The integers from ``first`` to ``last`` inclusive, either way, as Decimals (lazily);
    more than ``max_size`` of them are refused before any is made."""
    if abs(last - first) >= max_size:
        raise BudgetExceeded("size", f"iteration over more than {max_size} values")
    step = 1 if last >= first else -1
    return map(Decimal, range(first, last + step, step))


def range_values(scope: Scope, interval: Range, where: tuple, max_size: int) -> Iterable | None:
    """The integers or dates in an ascending interval, for ``for x in [1..3]``."""
    start, end = interval.start, interval.end
    kind = type(start)
    if interval.operator is None and kind is type(end) and kind in (Decimal, temporal.Date):
        if kind is Decimal and (start != start.to_integral_value() or end != end.to_integral_value()):
            warn(scope, WarningKind.INVALID_TYPE, "a range to iterate needs integer bounds", where)
            return None
        if op.compare(start, end) <= 0:
            if kind is Decimal:
                first = int(start) + (0 if interval.start_included else 1)
                last = int(end) - (0 if interval.end_included else 1)
                if last < first:
                    return []
                return numbers(first, last, max_size)
            values = dates(start, end, max_size)
            if values and not interval.start_included:
                values = values[1:]
            if values and not interval.end_included:
                values = values[:-1]
            return values
    warn(scope, WarningKind.INVALID_TYPE, "only ascending ranges of integers or dates can be iterated",
         where)  # fmt: skip
    return None


def dates(low: Any, top: Any, max_size: int) -> list:
    """The dates from ``low`` to ``top`` inclusive, one day apart, in either direction; a
    span over ``max_size`` days is refused before any date is built."""
    first, last = low.days(), top.days()
    if abs(last - first) >= max_size:
        raise BudgetExceeded("size", f"iteration over more than {max_size} values")
    step = 1 if last >= first else -1
    return [temporal.Date.from_days(day) for day in range(first, last + step, step)]


#: Iteration contexts as the compiler prepares them: (name, domain, upper bound or None, where).
Iterations = list[tuple[str, Closure, Closure | None, tuple]]


def bind_all(
    scope: Scope, iterations: Iterations, level: int, bound: dict, body: Closure,
    results: list, max_size: int, needs_list: bool, decides: Callable[[Any], bool] | None,
) -> bool:  # fmt: skip
    """Run ``body`` for every combination of the iteration contexts, appending to
    ``results``; stop early at a result that ``decides`` (for some/every). True if a
    domain could not be iterated."""
    name, low, high, where = iterations[level]
    values = domain(scope, low, high, where, max_size, needs_list)
    if values is None:
        return True
    last = level == len(iterations) - 1
    state = scope.state
    for value in values:
        state.steps += 1
        if not state.steps & 1023:
            state.check()
        vars = dict(bound)
        if "partial" in vars:
            vars["partial"] = list(results)  # a snapshot: no result may contain the results
        vars[name] = value
        inner = Scope(vars, scope, state)
        if last:
            result = body(inner)
            results.append(result)
            if len(results) > max_size:
                raise BudgetExceeded("size", f"a list of more than {max_size} items")
            if decides is not None and decides(result):
                return False
        else:
            if bind_all(inner, iterations, level + 1, bound, body, results, max_size,
                        needs_list, decides):  # fmt: skip
                return True
            if decides is not None and results and decides(results[-1]):
                return False
    return False


def quantifier_decides(every: bool, three_valued: bool) -> Callable[[Any], bool]:
    """Whether one verdict settles ``some`` (a true) or ``every``: a false, or in DMN 1.5
    anything but a true (``three_valued``, as Camunda: only a false)."""
    if not every:
        return lambda verdict: verdict is True
    if three_valued:
        return lambda verdict: verdict is False
    return lambda verdict: verdict is not True


def quantified_result(scope: Scope, verdicts: list, every: bool, three_valued: bool,
                      where: tuple) -> Any:  # fmt: skip
    """The value of ``some``/``every`` from the verdicts it collected (the last decisive,
    if one was): a warning for the first verdict that is not a boolean nor null."""
    decides = quantifier_decides(every, three_valued)
    undecided = False
    for verdict in verdicts:
        if verdict is not True and verdict is not False:
            undecided = True
            if verdict is not None:
                warn_not_boolean(scope, "every" if every else "some", verdict, where)
                break
    if verdicts and decides(verdicts[-1]):
        return not every
    return None if three_valued and undecided else every


def warn_not_boolean(scope: Scope, word: str, verdict: Any, where: tuple) -> None:
    """The warning for a condition whose value is neither a boolean nor null (null
    explained itself where it arose)."""
    if verdict is not None:
        warn(scope, WarningKind.INVALID_TYPE,
             f"the condition of {word} is a {type_name(verdict)}, not a boolean", where)  # fmt: skip


def at_index(scope: Scope, items: Any, index: Any, where: tuple) -> Any:
    """``items[index]`` for a number ``index`` (1-based; negative from the end): out of
    range is null with a warning, as any index of an empty list is."""
    if items is None:
        return None
    if type(items) is not list:
        items = [items]
    if type(index) is not Decimal or index != index.to_integral_value():
        warn(scope, WarningKind.INVALID_TYPE, "a filter index must be an integer", where)
        return None
    position = int(index)
    if position > 0 and position <= len(items):
        return items[position - 1]
    if position < 0 and -position <= len(items):
        return items[position]
    warn(scope, WarningKind.INVALID_VALUE, hints.index_out_of_range(position, len(items)), where)
    return None


def filter_of_empty(scope: Scope, condition: Closure, where: tuple) -> Any:
    """``[][condition]``: no item to test, so the condition is evaluated once where the
    filter is; a number is an index (out of range: null with a warning, as ``[][1]``),
    anything else keeps nothing. Warnings of that trial (a name no item defines) are
    dropped: they would blame names that only items could have had."""
    state = scope.state
    mark = len(state.warnings)
    index = condition(scope)
    del state.warnings[mark:]
    if type(index) is Decimal:
        return at_index(scope, [], index, where)
    return []
