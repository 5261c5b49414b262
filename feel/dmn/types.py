"""DMN types: FEEL's built-in types and item definitions, with the spec's conversions.

A value given to or produced by a typed element is checked against its type (DMN 1.5,
10.3.2.9.4): a list of one item becomes the item where a single value is expected, a
single value becomes a list of one where a collection is expected, and anything that
still does not conform becomes null (with a warning).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from feel import temporal
from feel.errors import BudgetExceeded
from feel.values import Function, Range

#: Marks a value that does not conform (None is a conforming null).
MISMATCH: Any = type("Mismatch", (), {"__repr__": lambda self: "MISMATCH"})()

_TEMPORAL = {
    "date": temporal.Date,
    "time": temporal.Time,
    "dateTime": temporal.DateTime,
    "date and time": temporal.DateTime,
    "dayTimeDuration": temporal.DayTimeDuration,
    "days and time duration": temporal.DayTimeDuration,
    "yearMonthDuration": temporal.YearMonthDuration,
    "years and months duration": temporal.YearMonthDuration,
    "duration": (temporal.DayTimeDuration, temporal.YearMonthDuration),
}

_SIMPLE: dict[str, Callable[[Any], bool]] = {
    "number": lambda v: type(v) is Decimal,
    "string": lambda v: type(v) is str,
    "boolean": lambda v: type(v) is bool,
    "context": lambda v: type(v) is dict,
    "list": lambda v: type(v) is list,
    "function": lambda v: isinstance(v, Function),
    "range": lambda v: isinstance(v, Range),
    "Any": lambda v: True,
    "any": lambda v: True,
}


def builtin_check(name: str) -> Callable[[Any], bool] | None:
    """The membership test of a built-in type name, or None when it is not one."""
    for prefix in ("feel:", "FEEL:", "xsd:"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    if name in _SIMPLE:
        return _SIMPLE[name]
    kinds = _TEMPORAL.get(name)
    if kinds is not None:
        return lambda v: isinstance(v, kinds)  # type: ignore[arg-type]
    if name in ("integer", "int", "long", "decimal", "double"):
        return _SIMPLE["number"]
    return None


class DmnType:
    """A resolved type: a predicate plus how to convert values to it."""

    __slots__ = ("allowed", "base", "check", "collection", "components", "item", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        self.check: Callable[[Any], bool] | None = None  # for simple (non-structured) types
        self.collection = False
        self.item: DmnType | None = None  # the type of the items of a collection
        self.components: list[tuple[str, DmnType]] | None = None
        self.allowed: Any = None  # compiled unary tests
        self.base: DmnType | None = None  # the type this one restricts

    def __repr__(self) -> str:
        return f"DmnType({self.name})"

    @property
    def plain_check(self) -> Callable[[Any], bool] | None:
        """The membership test alone when it is the whole type (no base type, components,
        allowed values or collection): a value it accepts conforms as it is."""
        if self.allowed is None and self.base is None and self.components is None and (
                not self.collection):  # fmt: skip
            return self.check
        return None

    def conform(self, value: Any, state: Any, constraints: bool = True) -> Any:
        """``value`` converted to this type, or MISMATCH; ``constraints=False`` ignores
        allowed values (``instance of`` asks about the type only, TCK 0070). A value nested
        deeper than Python's stack (against a recursive type) is the depth budget."""
        try:
            return self._conform(value, state, constraints)
        except RecursionError:
            raise BudgetExceeded("depth", f"a value checked against the type {self.name} is "
                                          "nested too deeply") from None  # fmt: skip

    def _conform(self, value: Any, state: Any, constraints: bool) -> Any:
        if value is None:
            return None
        check = self.check
        if check is not None and self.allowed is None and self.base is None and (
                self.components is None and not self.collection) and check(value):  # fmt: skip
            return value  # the common case: a plain type, a value of it
        if self.collection:
            items = value if type(value) is list else [value]
            if self.item is None:
                converted = items
            else:
                converted = []
                for item in items:
                    result = self.item._conform(item, state, constraints)
                    if result is MISMATCH:
                        return MISMATCH
                    converted.append(result)
            return converted if not constraints or self._allowed(converted, state) else MISMATCH
        if type(value) is list and len(value) == 1 and not self._accepts_list():
            value = value[0]
            if value is None:
                return None
        converted = self._conform_single(value, state, constraints)
        if converted is MISMATCH or (constraints and not self._allowed(converted, state)):
            return MISMATCH
        return converted

    def _accepts_list(self) -> bool:
        kind: DmnType | None = self
        while kind is not None:
            if kind.collection or (kind.check is not None and kind.check([])):
                return True
            kind = kind.base
        return False

    def _conform_single(self, value: Any, state: Any, constraints: bool) -> Any:
        if self.base is not None:
            value = self.base._conform(value, state, constraints)
            if value is MISMATCH:
                return MISMATCH
        if self.components is not None:
            if type(value) is not dict:
                return MISMATCH
            result = dict(value)
            for name, kind in self.components:
                if name not in value:
                    return MISMATCH
                converted = kind._conform(value[name], state, constraints)
                if converted is MISMATCH:
                    return MISMATCH
                result[name] = converted
            return result
        if self.check is not None and not self.check(value):
            return MISMATCH
        return value

    def _allowed(self, value: Any, state: Any) -> bool:
        if self.allowed is None or value is None:
            return True
        return self.allowed.run(value, {}, state) is True


def loop_of(kind: DmnType) -> list[str] | None:
    """The names of a cycle of ``kind`` back to itself through base types and collection
    items (``T`` defined as ``T``, ``A`` as ``B`` and ``B`` as ``A``, a collection of
    itself), or None. Such a type never reaches a check: conforming a value to it would
    loop. A cycle through components is a recursive structure, and finite values end it."""
    names, seen = [kind.name], {id(kind)}
    step = kind.item if kind.collection else kind
    while step is not None:
        step = step.base
        if step is None:
            return None
        if step is kind:
            return names + [kind.name]
        if id(step) in seen:  # a loop that does not come back to kind: its own finding
            return None
        seen.add(id(step))
        names.append(step.name)
        if step.collection:
            step = step.item
    return None


def any_type() -> DmnType:
    """The type every value conforms to."""
    kind = DmnType("Any")
    kind.check = _SIMPLE["Any"]
    return kind
