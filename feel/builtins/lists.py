"""List functions (DMN 1.5, 10.3.4.4).

Equality and ordering are FEEL's (``feel.operators``), never Python's: in Python
``True == Decimal(1)``, in FEEL they are different kinds.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from feel.builtins import checks
from feel.builtins.registry import builtin
from feel.operators import compare, equal
from feel.errors import BudgetExceeded
from feel.runtime import CURRENT, charge, charge_comparisons
from feel.values import DECIMAL, Function


def _contains(items: list, value: Any) -> bool:
    return any(equal(item, value) is True for item in items)


def _distinct(items: list) -> list:
    kept: list = []
    for item in items:
        charge_comparisons(len(kept))  # the comparisons with the items kept so far
        if not _contains(kept, item):
            kept.append(item)
    return kept


@builtin("list contains", "list, element")
def list_contains(list: Any, element: Any) -> bool:
    """True when an item of ``list`` equals ``element``."""
    return _contains(checks.list_("list contains", "list", list), element)


@builtin("count", "list", walks_list=True)
def count(list: Any) -> Decimal:
    """The number of items."""
    return Decimal(len(checks.list_unvisited("count", "list", list)))


def _numbers(function: str, items: list) -> list[Decimal]:
    for item in items:
        if type(item) is not Decimal:
            raise checks.wrong(function, "list", item, "a list of numbers")
    return items


def _aggregate(name: str, compute: Any, walks_list: bool = False) -> None:
    """Register ``name(list)`` and ``name(n1, n2, ...)`` (``walks_list``: see the registry)."""

    @builtin(name, "list", walks_list=walks_list)
    def of_list(list: Any) -> Any:
        if list is None:
            return None
        return compute(checks.items(name, (list,)))

    @builtin(name, "n...", walks_list=walks_list)
    def of_arguments(*n: Any) -> Any:
        return compute(checks.items(name, n))


def _extreme(name: str, pick: int) -> Any:
    fast = min if pick < 0 else max

    def compute(items: list) -> Any:
        if not items:
            return None
        if all(type(item) is Decimal for item in items):
            return fast(items)
        best = items[0]
        for item in items[1:]:
            if compare(item, best) == pick:
                best = item
        if len(items) == 1:
            compare(best, best)  # a single item must still be comparable
        return best

    return compute


def _sum(items: list) -> Any:
    if not items:
        return None
    total = Decimal(0)
    for item in _numbers("sum", items):
        total = DECIMAL.add(total, item)
    return total


def _mean(items: list) -> Any:
    total = _sum(items)
    return None if total is None else DECIMAL.divide(total, Decimal(len(items)))


def _median(items: list) -> Any:
    if not items:
        return None
    _charge_sort(len(items))
    ordered = sorted(_numbers("median", items))
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return DECIMAL.divide(DECIMAL.add(ordered[middle - 1], ordered[middle]), Decimal(2))


def _stddev(items: list) -> Any:
    if len(items) < 2:
        if items:
            _numbers("stddev", items)
        return None
    numbers = _numbers("stddev", items)
    mean = _mean(numbers)
    squares = Decimal(0)
    for x in numbers:
        d = DECIMAL.subtract(x, mean)
        squares = DECIMAL.add(squares, DECIMAL.multiply(d, d))
    return DECIMAL.sqrt(DECIMAL.divide(squares, Decimal(len(numbers) - 1)))


def _mode(items: list) -> Any:
    if not items:
        return []
    counts: list[list] = []
    for item in items:
        charge_comparisons(len(counts))  # the comparisons with the values counted so far
        for entry in counts:
            if equal(entry[0], item) is True:
                entry[1] += 1
                break
        else:
            counts.append([item, 1])
    top = max(entry[1] for entry in counts)
    modes = [entry[0] for entry in counts if entry[1] == top]
    _charge_sort(len(modes))
    return sorted(modes, key=functools.cmp_to_key(compare))


def _product(items: list) -> Any:
    if not items:
        return None
    total = Decimal(1)
    for item in _numbers("product", items):
        total = DECIMAL.multiply(total, item)
    return total


def _all(items: list) -> Any:
    result: Any = True
    for item in items:
        if item is False:
            return False
        if item is not True:
            result = None
    return result


def _any(items: list) -> Any:
    result: Any = False
    for item in items:
        if item is True:
            return True
        if item is not False:
            result = None
    return result


_aggregate("min", _extreme("min", -1), walks_list=True)
_aggregate("max", _extreme("max", 1), walks_list=True)
_aggregate("sum", _sum, walks_list=True)
_aggregate("mean", _mean, walks_list=True)
_aggregate("median", _median)
_aggregate("stddev", _stddev)
_aggregate("mode", _mode)
_aggregate("product", _product)
_aggregate("all", _all)
_aggregate("any", _any)


def _position(function: str, items: list, position: Any, allow_end: bool = False) -> int:
    index = checks.whole(function, "position", position)
    size = len(items) + (1 if allow_end else 0)
    if index > 0 and index <= size:
        return index - 1
    if index < 0 and -index <= len(items):
        return len(items) + index
    raise checks.invalid(function, f"position {index} is out of range")


@builtin("sublist", "list, start position, length?")
def sublist(list: Any, start_position: Any, length: Any = None) -> list:
    """``length`` items from ``start position`` (1-based, negative from the end)."""
    items = checks.list_("sublist", "list", list)
    start = checks.integer("sublist", "start position", start_position)
    if start == 0 or abs(start) > len(items):
        raise checks.invalid("sublist", "start position out of range")
    begin = start - 1 if start > 0 else len(items) + start
    if length is None:
        return items[begin:]
    count = checks.integer("sublist", "length", length)
    if count < 0 or begin + count > len(items):
        raise checks.invalid("sublist", "length out of range")
    return items[begin : begin + count]


@builtin("append", "list, item...")
def append(list: Any, *item: Any) -> list:
    """``list`` followed by the items."""
    return [*checks.list_("append", "list", list), *item]


@builtin("concatenate", "list...")
def concatenate(*list: Any) -> list:
    """The lists one after the other."""
    result: Any = []
    for part in list:
        result.extend(checks.list_("concatenate", "list", part))
    return result


@builtin("insert before", "list, position, newItem")
def insert_before(list: Any, position: Any, newItem: Any) -> list:
    """``newItem`` inserted before ``position``."""
    items = [*checks.list_("insert before", "list", list)]
    items.insert(_position("insert before", items, position), newItem)
    return items


@builtin("remove", "list, position")
def remove(list: Any, position: Any) -> list:
    """``list`` without the item at ``position``."""
    items = [*checks.list_("remove", "list", list)]
    del items[_position("remove", items, position)]
    return items


@builtin("reverse", "list")
def reverse(list: Any) -> list:
    """The items in reverse order."""
    return checks.list_("reverse", "list", list)[::-1]


@builtin("index of", "list, match")
def index_of(list: Any, match: Any) -> list:
    """The 1-based positions of the items equal to ``match``."""
    items = checks.list_("index of", "list", list)
    return [Decimal(i + 1) for i, item in enumerate(items) if equal(item, match) is True]


@builtin("union", "list...")
def union(*list: Any) -> list:
    """The distinct items of all lists, in order."""
    combined: Any = []
    for part in list:
        combined.extend(checks.list_("union", "list", part))
    return _distinct(combined)


@builtin("distinct values", "list")
def distinct_values(list: Any) -> list:
    """The items without duplicates, first occurrence kept."""
    return _distinct(checks.list_("distinct values", "list", list))


@builtin("duplicate values", "list")
def duplicate_values(list: Any) -> list:
    """The items that occur more than once, each once, in the order of their first
    occurrence (Camunda extension: ``[1, 2, 3, 2, 1]`` gives ``[1, 2]``)."""
    items = checks.list_("duplicate values", "list", list)
    seen: Any = []
    repeated: Any = []  # parallel to seen: whether that value occurred again
    for item in items:
        charge_comparisons(len(seen))  # the comparisons with the values seen so far
        for index, earlier in enumerate(seen):
            if equal(earlier, item) is True:
                repeated[index] = True
                break
        else:
            seen.append(item)
            repeated.append(False)
    return [item for item, again in zip(seen, repeated) if again]


def _charge_sort(size: int) -> None:
    """Charge the comparisons of sorting ``size`` items (about n log2 n)."""
    charge(size * max(size.bit_length(), 1))


def _flatten(items: list) -> list:
    """The leaves of nested ``items``, without recursion; one step per item visited and the
    size budget checked as the result grows, so that lists sharing their items (``[a, a]``
    24 levels deep has 16 million leaves) stop at the budget instead of filling memory."""
    state = CURRENT.get()
    limit = getattr(getattr(state, "engine", None), "max_size", 0) or 0
    out: list = []
    stack = [iter(items)]
    charge(len(items))
    while stack:
        for item in stack[-1]:
            if type(item) is list:
                charge(len(item))
                stack.append(iter(item))
                break
            out.append(item)
            if limit and len(out) > limit:
                raise BudgetExceeded("size", f"flatten would make more than {limit} items")
        else:
            stack.pop()
    return out


@builtin("flatten", "list")
def flatten(list: Any) -> list:
    """Nested lists replaced by their items."""
    return _flatten(checks.list_unvisited("flatten", "list", list))


@builtin("sort", "list, precedes?", needs_state=True)
def sort(state: Any, list: Any, precedes: Any = None) -> list:
    """The items ordered by ``precedes(a, b)`` (ascending when omitted)."""
    items = checks.list_("sort", "list", list)
    _charge_sort(len(items))
    if precedes is None:
        return sorted(items, key=functools.cmp_to_key(compare))
    function = checks.function_("sort", "precedes", precedes)

    def order(a: Any, b: Any) -> int:
        if function.invoke(state, [a, b]) is True:
            return -1
        if function.invoke(state, [b, a]) is True:
            return 1
        return 0

    return sorted(items, key=functools.cmp_to_key(order))


@builtin("list replace", "list, position, newItem", needs_state=True)
def list_replace_position(state: Any, list: Any, position: Any, newItem: Any) -> list:
    """``list`` with the item at ``position`` (or those ``match`` accepts) replaced."""
    items = [*checks.list_("list replace", "list", list)]
    if isinstance(position, Function):
        return _replace_matching(state, items, position, newItem)
    items[_position("list replace", items, position)] = newItem
    return items


@builtin("list replace", "list, match, newItem", needs_state=True)
def list_replace_match(state: Any, list: Any, match: Any, newItem: Any) -> list:
    """``list`` with the items for which ``match(item, newItem)`` is true replaced."""
    items = [*checks.list_("list replace", "list", list)]
    return _replace_matching(state, items, checks.function_("list replace", "match", match),
                             newItem)  # fmt: skip


def _replace_matching(state: Any, items: list, match: Any, new_item: Any) -> list:
    try:
        arity = len(match.parameter_names())
    except NotImplementedError:
        arity = 2
    if arity != 2:
        raise checks.invalid("list replace", "match must take two parameters")
    result = []
    for item in items:
        verdict = match.invoke(state, [item, new_item])
        if verdict is not True and verdict is not False and verdict is not None:
            raise checks.invalid("list replace", "match must return a boolean")
        result.append(new_item if verdict is True else item)
    return result


@builtin("is empty", "list")
def is_empty(list: Any) -> bool:
    """True for the empty list (Camunda extension)."""
    return not checks.list_unvisited("is empty", "list", list)


@builtin("partition", "list, size")
def partition(list: Any, size: Any) -> list:
    """The list cut into sub-lists of ``size`` items (Camunda extension)."""
    items = checks.list_("partition", "list", list)
    step = checks.integer("partition", "size", size)
    if step <= 0:
        raise checks.invalid("partition", "size must be positive")
    return [items[i : i + step] for i in range(0, len(items), step)]
