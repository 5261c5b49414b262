"""Range functions (DMN 1.5, 10.3.4.10): Allen's interval relations over points and ranges.

Each function takes two points, a point and a range, or two ranges, with the spec's
parameter names for each form. A missing endpoint of a range written as ``< 10`` is
unbounded (below every point, or above).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from feel.builtins import checks
from feel.builtins.registry import builtin
from feel.operators import compare
from feel.values import Range

_LOW, _HIGH = object(), object()


def _cmp(a: Any, b: Any) -> int:
    """Order with unbounded endpoints: _LOW below and _HIGH above every point."""
    if a is b:
        return 0
    if a is _LOW or b is _HIGH:
        return -1
    if a is _HIGH or b is _LOW:
        return 1
    return compare(a, b)


class _R:
    """A range with unbounded endpoints made explicit."""

    __slots__ = ("e", "ei", "s", "si")

    def __init__(self, r: Range) -> None:
        if r.operator is None and (r.start is None or r.end is None):
            raise checks.invalid("range function", "a range endpoint is null")
        self.s = _LOW if r.start is None else r.start
        self.e = _HIGH if r.end is None else r.end
        self.si, self.ei = r.start_included, r.end_included


def lt(a: Any, b: Any) -> bool:
    return _cmp(a, b) < 0


def eq(a: Any, b: Any) -> bool:
    return _cmp(a, b) == 0


def gt(a: Any, b: Any) -> bool:
    return _cmp(a, b) > 0


Relation = Callable[[Any, Any], bool]


def _register(name: str, forms: dict[tuple[str, str], Relation]) -> None:
    """Register ``name`` for each form: ("point", "range") and so on, with parameter names."""
    names = {("point", "point"): "point1, point2", ("point", "range"): "point, range",
             ("range", "point"): "range, point", ("range", "range"): "range1, range2"}  # fmt: skip

    def dispatch(a: Any, b: Any) -> Any:
        if a is None or b is None:
            return None
        kind = ("range" if isinstance(a, Range) else "point",
                "range" if isinstance(b, Range) else "point")  # fmt: skip
        relation = forms.get(kind)
        if relation is None:
            raise checks.invalid(name, f"no form for a {kind[0]} and a {kind[1]}")
        x = _R(a) if kind[0] == "range" else a
        y = _R(b) if kind[1] == "range" else b
        return relation(x, y)

    for kind in forms:
        builtin(name, names[kind])(dispatch)


_register("before", {
    ("point", "point"): lambda p1, p2: lt(p1, p2),
    ("point", "range"): lambda p, r: lt(p, r.s) or (eq(p, r.s) and not r.si),
    ("range", "point"): lambda r, p: lt(r.e, p) or (eq(r.e, p) and not r.ei),
    ("range", "range"): lambda a, b: lt(a.e, b.s) or (eq(a.e, b.s) and not (a.ei and b.si)),
})  # fmt: skip
_register("after", {
    ("point", "point"): lambda p1, p2: gt(p1, p2),
    ("point", "range"): lambda p, r: gt(p, r.e) or (eq(p, r.e) and not r.ei),
    ("range", "point"): lambda r, p: gt(r.s, p) or (eq(r.s, p) and not r.si),
    ("range", "range"): lambda a, b: gt(a.s, b.e) or (eq(a.s, b.e) and not (a.si and b.ei)),
})  # fmt: skip
_register("meets", {
    ("range", "range"): lambda a, b: a.ei and b.si and eq(a.e, b.s),
})
_register("met by", {
    ("range", "range"): lambda a, b: a.si and b.ei and eq(a.s, b.e),
})
_register("overlaps", {
    ("range", "range"): lambda a, b: (
        (gt(a.e, b.s) or (eq(a.e, b.s) and a.ei and b.si))
        and (lt(a.s, b.e) or (eq(a.s, b.e) and a.si and b.ei))
    ),
})
_register("overlaps before", {
    ("range", "range"): lambda a, b: (
        (lt(a.s, b.s) or (eq(a.s, b.s) and a.si and not b.si))
        and (gt(a.e, b.s) or (eq(a.e, b.s) and a.ei and b.si))
        and (lt(a.e, b.e) or (eq(a.e, b.e) and (not a.ei or b.ei)))
    ),
})
_register("overlaps after", {
    ("range", "range"): lambda a, b: (
        (lt(b.s, a.s) or (eq(b.s, a.s) and b.si and not a.si))
        and (gt(b.e, a.s) or (eq(b.e, a.s) and b.ei and a.si))
        and (lt(b.e, a.e) or (eq(b.e, a.e) and (not b.ei or a.ei)))
    ),
})
_register("finishes", {
    ("point", "range"): lambda p, r: r.ei and eq(r.e, p),
    ("range", "range"): lambda a, b: (
        a.ei == b.ei and eq(a.e, b.e)
        and (gt(a.s, b.s) or (eq(a.s, b.s) and (not a.si or b.si)))
    ),
})
_register("finished by", {
    ("range", "point"): lambda r, p: r.ei and eq(r.e, p),
    ("range", "range"): lambda a, b: (
        a.ei == b.ei and eq(a.e, b.e)
        and (lt(a.s, b.s) or (eq(a.s, b.s) and (a.si or not b.si)))
    ),
})


def _includes_point(r: _R, p: Any) -> bool:
    return (lt(r.s, p) and gt(r.e, p)) or (eq(r.s, p) and r.si) or (eq(r.e, p) and r.ei)


def _includes_range(a: _R, b: _R) -> bool:
    return (lt(a.s, b.s) or (eq(a.s, b.s) and (a.si or not b.si))) and (
        gt(a.e, b.e) or (eq(a.e, b.e) and (a.ei or not b.ei)))  # fmt: skip


_register("includes", {
    ("range", "point"): _includes_point,
    ("range", "range"): _includes_range,
})
_register("during", {
    ("point", "range"): lambda p, r: _includes_point(r, p),
    ("range", "range"): lambda a, b: _includes_range(b, a),
})
_register("starts", {
    ("point", "range"): lambda p, r: r.si and eq(r.s, p),
    ("range", "range"): lambda a, b: (
        eq(a.s, b.s) and a.si == b.si
        and (lt(a.e, b.e) or (eq(a.e, b.e) and (not a.ei or b.ei)))
    ),
})
_register("started by", {
    ("range", "point"): lambda r, p: r.si and eq(r.s, p),
    ("range", "range"): lambda a, b: (
        eq(a.s, b.s) and a.si == b.si
        and (lt(b.e, a.e) or (eq(b.e, a.e) and (not b.ei or a.ei)))
    ),
})
_register("coincides", {
    ("point", "point"): lambda p1, p2: eq(p1, p2),
    ("range", "range"): lambda a, b: (
        eq(a.s, b.s) and a.si == b.si and eq(a.e, b.e) and a.ei == b.ei
    ),
})
