"""What generated code calls at run time: the helpers a fast path gets as cells (HELPERS).

Each checks or converts a host value as the closures' variable check would, or raises
:class:`Decline` at the code's start for what only the closures handle (see
:mod:`feel.fastpath`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from decimal import getcontext as _GETCONTEXT
from itertools import islice
from operator import countOf as _COUNT
from operator import length_hint
from types import GeneratorType
from typing import Any

from feel.compiler.calls import call_failed
from feel.compiler.paths import member
from feel.compiler.structures import missing_variable
from feel.convert import DIGITS_LIMIT as _D34
from feel.convert import EXPONENT_LIMIT
from feel.hostvars import feel_value as _feel
from feel.hostvars import HostScope, host_scope, may_be_function, text_keys
from feel.iteration import at_index, bounded, filtered, iterated, numbers
from feel.runtime import CURRENT, Dropping, Scope, pending_scope
from feel.semantics import INLINE_NAMES
from feel.values import DECIMAL

_DL = 10**EXPONENT_LIMIT  # past FEEL's range (the closures decide)
# negated once: -_D34 or -_DL in a test would build a new int each time it runs
_ND34, _NDL = -_D34, -_DL

#: Walks over lists longer than this are counted against the budgets: a loop charges them
#: as it runs (:func:`_charged`), a built-in is called in the state (see :mod:`feel.fastpath`).
MAX_ITEMS = 256
#: How many items of a long list a loop runs between two charges of the budgets.
CHUNK = 1024


class Decline(Exception):
    """Raised by generated code at its start, before anything runs: this evaluation is
    for the closures (see :mod:`feel.fastpath`). Nothing is raised once the code has begun
    but the closures' own errors (a budget), which are final."""


class Elsewhere(Exception):
    """Raised by a helper to the generated code that called it, which catches it: the
    common case does not hold, and the caller's slow branch computes (the closures' member,
    a built-in called in the state). It never leaves the generated code."""


class Unsaid(Decline):
    """Raised by generated code at its start, before anything runs, for a caller that keeps
    warnings: a variable it reads is missing where the closures' warning depends on the
    names bound around the read (in a loop, read twice, inside a context), which the code
    does not give."""


class Shadowed(Decline):
    """Raised by generated code at its start, before anything runs: a host's variable named
    like a built-in the code calls may be a function, which the closures call instead."""


class Dotted(Decline):
    """Raised by generated code at its start, before anything runs: a dotted name it reads
    as a variable (``a.b``) is not among the host's, and the closures read it as a path."""


def _delegated(scope: Scope, closure: Callable[[Scope], Any], v: dict, levels: tuple) -> Any:
    """The closures' value of a node (``closure``) where a filter's item around binds a
    built-in's name the node calls: evaluated in the scopes the closures evaluate it in,
    over the host's variables ``v``, from the outermost: names bound (``(True, names)``:
    a loop's, a filter's ``item``) or a filter's item's entries (``(False, item)``, when
    the item is a context), in the state of ``scope``."""
    state = scope.state
    at = host_scope(v, state)
    for names, value in levels:
        if names or type(value) is dict:
            at = Scope(value, at, state)
    return closure(at)


def _binds_function(item: dict, name: str) -> bool:
    """Whether the filter's item ``item`` (a dict, or a subclass) has an entry ``name``
    that may be a function (the closures call it instead of the built-in of that name)."""
    if type(item) is not dict or not text_keys(item):
        item = _feel(item)
    return name in item and may_be_function(item[name])


def _slow(scope: Any, general: Callable, *arguments: Any) -> Any:
    """``general(scope, *arguments)``: a slow branch of generated code, the general case
    the closures call too, in the scope of the state made at the first slow branch (see
    :func:`state_maker`; for ``evaluate_result``'s holder list, a state that keeps
    warnings: :func:`feel.runtime.pending_scope`), that state the current one while it
    runs (for the budgets of deep equality and other walks)."""
    if type(scope) is list:
        scope = pending_scope(scope)
    token = CURRENT.set(scope.state)
    try:
        return general(scope, *arguments)
    finally:
        CURRENT.reset(token)


def _charged(st: Any, items: Iterable, count: int | None = None,
             left: Iterator | None = None) -> Iterator[Any]:  # fmt: skip
    """The items of the list ``items`` (longer than :data:`MAX_ITEMS`; or of an iterator
    of ``count`` items) for a loop of generated code, a step each charged to the budgets of
    the state of ``st`` (made by the caller; for ``evaluate_result``'s holder list, made
    here), where the closures' loop counts them (:meth:`feel.runtime.State.tick`): the step
    budget runs out at the item where theirs does, so the budget error the generated code
    raises is theirs. Far from the budget, :data:`CHUNK` items are charged at once before
    the loop reaches them (the clock read then); closed early (a loop that stops: the
    generated code closes it), the items it did not reach are given back, as the closures
    never count them. ``left``: the iterator whose length hint says how many items are
    left (``items``' own by default)."""
    state = (pending_scope(st) if type(st) is list else st).state
    if count is None:
        count = len(items)  # type: ignore[arg-type]
    taken = iter(items)
    if left is None:
        left = taken
    limit = state.max_steps
    ahead = 0  # the steps charged for items not yet taken
    try:
        reached = 0
        while reached < count:
            chunk = min(CHUNK, count - reached)
            end = state.steps + chunk
            if limit and end >> 10 << 10 > limit:  # the budget may run out in this chunk
                for item in islice(taken, chunk):
                    state.tick()
                    yield item
            else:
                state.steps = end
                ahead = chunk
                state.check_clock()
                yield from islice(taken, chunk)
                ahead = 0
            reached += chunk
    finally:
        if ahead:  # closed before the chunk was done: what it did not take is given back
            state.steps -= ahead - (count - reached - length_hint(left))


def _domain_list(scope: Scope, value: Any, where: tuple, max_size: int,
                 needs_list: bool) -> list | None:  # fmt: skip
    """The values a ``for`` or a quantifier of generated code runs over when its domain
    is not a list, as a list (a range's numbers or dates made here), or None after the
    closures' warning: :func:`feel.iteration.iterated`."""
    values = iterated(scope, value, where, max_size, needs_list)
    return values if values is None or type(values) is list else list(values)


def state_maker(engine: Any) -> Callable[[], Scope]:
    """What generated code calls at its first slow branch when its caller gave it no state
    (``evaluate``, which wants the value alone): a scope over a :class:`Dropping` state."""

    def made() -> Scope:
        return Scope({}, None, Dropping.for_engine(engine))

    return made


def _silent(st: Any) -> None:
    """Null where the closures warn and the generated code does not say why (a missing
    variable read again or where names are bound): null for ``evaluate``, which drops
    warnings. Where the caller's state keeps them (``st``, the scope of ``evaluate_result``
    or of a DMN cell) the code raised :class:`Unsaid` at its start instead (a filter's
    reads warn: :func:`_lazy_variable`): reached there, it is a bug of the translation
    (never seen: the cross-tier tests and the fuzzer), and the evaluation falls back on
    the closures, in a state of their own (:meth:`feel.Expression.evaluate_result`)."""
    if _keeps(st):
        raise AssertionError("a missing variable the generated code does not warn of")
    return None


def _keeps(st: Any) -> bool:
    """Whether the caller of the generated code keeps warnings (``st``: ``evaluate_result``'s
    holder list, or a DMN cell's scope; None for ``evaluate``, which drops them)."""
    return st is not None and (type(st) is list or st.state.keeps_warnings)


def _entry(value: Any, key: str, st: Any = None, where: Any = None) -> Any:
    """``value.key`` off the common path, for an item of a list: null stays null, an entry
    missing from a context is null (and with ``where``, the closures' warning:
    :func:`_no_entry`; else see :func:`_silent`), a dict with keys of other kinds
    converted first (they are made text); anything else raises :class:`Elsewhere` for the
    caller's general member."""
    if value is None:
        return None
    if type(value) is not dict:
        raise Elsewhere  # (not a context: the caller's general member, see Writer.read_entry)
    if where is not None:
        return _no_entry(st, value, key, where)
    if not text_keys(value):  # a key of another kind is made text by the closures
        converted = _feel(value)
        if key in converted:
            return converted[key]
    return _silent(st)


def _no_entry(st: Any, value: dict, key: str, where: tuple) -> None:
    """Null for the entry ``key`` missing from the dict ``value`` at ``where``, with the
    closures' warning where the caller keeps warnings (their general member, which reads
    the keys, not the values: nothing converted). A dict with keys of other kinds is
    converted first, as the closures make its keys text (one of them may be ``key``)."""
    if not text_keys(value):
        value = _feel(value)
        if key in value:
            return value[key]
    return _slow(st, member, value, key, where) if _keeps(st) else None


def _called(scope: Scope, function: Callable, *arguments: Any) -> Any:
    """``function(*arguments)``, a built-in that walks a value, run by :func:`_slow` in
    the state of the slow branches (its budgets)."""
    return function(*arguments)


def _walked(scope: Scope, function: Any, impl: Callable, where: tuple, *arguments: Any) -> Any:
    """The built-in ``function`` (its implementation ``impl``) where the generated code
    does not compute it (``max`` of a long list, of other kinds...), run by :func:`_slow`
    in the state of the slow branches (its budgets), as the closures call it: a failure is
    null with its warning."""
    try:
        return impl(*arguments)
    except Exception as error:
        return call_failed(scope, function, error, where)


def _projected_later(st: Any, item: Any, kept: list, lacking: list) -> None:
    """Null in the place of the entry of ``item``, an item of a filter projected in its
    loop (``items[price > 10].name``) that is not a context with it: the closures filter
    first, then project, so its entry, and any warning, is the closures' member after the
    loop (:func:`_project_lacking`), the item and its place in ``kept`` in ``lacking``
    until then; of a context with text keys only, null is its entry where the caller
    drops warnings."""
    if type(item) is not dict or not text_keys(item) or _keeps(st):
        lacking.append((len(kept), item))
    return None


def _project_lacking(scope: Scope, kept: list, lacking: list, key: str, where: tuple) -> None:
    """The entries ``key`` of the kept items ``lacking`` (see :func:`_projected_later`),
    in their places in ``kept``, by the closures' member (with their warnings), in order."""
    for place, item in lacking:
        kept[place] = member(scope, _feel(item), key, where)


def _no_variable(st: Any, v: dict, name: str, functions: Any, where: tuple) -> Any:
    """Null for the variable ``name`` missing from the host's ``v``, read where no name
    is bound, with the closures' warning where the caller keeps warnings (their hint from
    the host's names). Variables with keys of other kinds are converted first, as the
    closures convert them (a key made text may be ``name``)."""
    if not text_keys(v):
        v = _feel(v)
        if name in v:
            return v[name]
    if not _keeps(st):
        return None
    if type(st) is list:  # evaluate_result's: the names are the host's
        return _slow(st, _missing_from, v, name, functions, where)
    return _slow(st, missing_variable, name, functions, where)  # a DMN cell's scope


def _missing_from(scope: Scope, v: dict, name: str, functions: Any, where: tuple) -> None:
    """:func:`missing_variable` seen from the host's variables ``v``."""
    return missing_variable(HostScope(v, scope.state), name, functions, where)


def _member(value: Any, key: str, st: Any = None, where: Any = None) -> Any:
    """:func:`_entry`, and over a list of at most :data:`MAX_ITEMS` items, the projection
    (:class:`Elsewhere` with the warnings of its items taken back: the general member that
    follows warns of them again)."""
    if type(value) is not list or len(value) > MAX_ITEMS:
        return _entry(value, key, st, where)
    warned = _warned(st)
    try:
        return [x[key] if type(x) is dict and key in x else _entry(x, key, st, where) for x in value]
    except Elsewhere:
        warnings = _warnings(st)
        if warnings is not None:
            del warnings[warned:]
        raise


def _warnings(st: Any) -> list | None:
    """The warnings of the slow branches so far (None before the state is made)."""
    if st is None or type(st) is list and len(st) == 1:
        return None
    return (st[1] if type(st) is list else st).state.warnings


def _forget(st: Any, mark: int) -> None:
    """Drop the warnings the slow branches gave since there were ``mark`` of them."""
    warnings = _warnings(st)
    if warnings is not None:
        del warnings[mark:]


def _indexed(scope: Scope, items: list, index: Any, where: tuple, empty: bool,
             key: str | None, key_where: tuple | None) -> Any:  # fmt: skip
    """A filter whose condition, evaluated outside any item, gave ``index``, as the
    closures take it: after a number at the first item, ``items[index]``
    (:func:`feel.iteration.at_index`, null with a warning for anything else); of an
    ``empty`` list, that or, for anything but a number, nothing kept. ``key``: the entry
    the filter's result is projected on (the path at ``key_where``), by the closures'
    :func:`feel.compiler.paths.member`."""
    value = [] if empty and type(index) is not Decimal else at_index(scope, items, index, where)
    return value if key is None else member(scope, _feel(value), key, key_where)


def _at_constant(scope: Scope, items: Any, index: Decimal, where: tuple, needs_list: bool) -> Any:
    """``items[index]`` for a constant number ``index``, as the closures take it: the
    items a filter tests (:func:`feel.iteration.filtered`), the item at ``index``
    (:func:`feel.iteration.at_index`, null with a warning out of range)."""
    return at_index(scope, filtered(scope, items, where, needs_list), index, where)


def _warned(st: Any) -> int:
    """How many warnings the slow branches gave so far."""
    warnings = _warnings(st)
    return 0 if warnings is None else len(warnings)


def _item_entry(item: Any, name: str) -> Any:
    """The entry ``name`` of a filter's item, a host's dict or dict subclass without that
    key, as the closures see it: of one that is not a dict with text keys (a subclass,
    keys of other kinds made text), converted first; :data:`_ABSENT` where it has none."""
    if type(item) is dict and text_keys(item):
        return _ABSENT
    converted = _feel(item)
    return converted.get(name, _ABSENT) if type(converted) is dict else _ABSENT


def _variable(v: dict, name: str, st: Any = None) -> Any:
    """The variable ``name`` checked (null when missing, as the closures say)."""
    value = v.get(name, _ABSENT)
    if value is _ABSENT:
        return _entry(v, name, st)
    return value if type(value) is str else _feel(value)


def _lazy_variable(v: dict, name: str, st: Any, where: Any, functions: Any,
                   around: tuple) -> tuple[Any, bool]:  # fmt: skip
    """The variable ``name`` checked, read in a filter's condition where the item has no
    entry of that name, and whether it is missing: then null, with the closures' warning
    where the caller keeps warnings (at each read, as they read it again), their hint from
    the names ``around`` the read (:func:`_missing_around`)."""
    value = v.get(name, _ABSENT)
    if value is not _ABSENT:
        return (value if type(value) is str else _feel(value)), False
    if not text_keys(v):  # converted first, as the closures convert them (keys made text)
        v = _feel(v)
        if name in v:
            return v[name], False
    if _keeps(st):
        _slow(st, _missing_around, v, name, functions, where, around, type(st) is list)
    return None, True


def _missing_around(scope: Scope, v: dict, name: str, functions: Any, where: tuple,
                    around: tuple, host: bool) -> None:  # fmt: skip
    """:func:`missing_variable` seen from the scopes the closures read ``name`` in: the
    host's variables ``v`` (``host``; else the caller's ``scope``), then ``around``,
    outermost first, each ``(True, names)`` (a context's entries so far, a filter's
    ``item``) or ``(False, item)`` (a filter's item: its entries, where it is a context)."""
    state = scope.state
    chain: Scope = HostScope(v, state) if host else scope
    for named, value in around:
        if named:
            chain = Scope(dict.fromkeys(value), chain, state)
        elif isinstance(value, dict):
            chain = Scope(value if type(value) is dict and text_keys(value) else _feel(value),
                          chain, state)  # fmt: skip
    return missing_variable(chain, name, functions, where)


def _function_or_variable(v: dict, name: str) -> Any:
    """The variable ``name`` checked, or :data:`_ABSENT` (a function or dotted name, for
    the closures) when missing."""
    value = v.get(name, _ABSENT)
    return value if value is _ABSENT or type(value) is str else _feel(value)


def _has(value: Any, key: str) -> bool:
    """Whether the context ``value`` has an entry ``key`` that is not null
    (``is defined(value.key)``)."""
    if type(value) is dict:
        if key in value:
            entry = value[key]
            return entry is not None and (type(entry) is str or _feel(entry) is not None)
        if text_keys(value):
            return False
    elif not isinstance(value, dict):
        return False
    # a subclass, or keys of other kinds (made text): the context the closures convert
    entry = _feel(value).get(key)
    return entry is not None


def _extreme(items: Any, pick: Callable) -> Any:
    """``pick(items)`` (``max`` or ``min``) when ``items`` is a list of at most
    :data:`MAX_ITEMS` FEEL numbers as they are (null when empty), else :class:`Elsewhere`."""
    if type(items) is not list or len(items) > MAX_ITEMS:
        raise Elsewhere
    if not items:
        return None
    if type(items[0]) is not Decimal:
        return _extreme_of_json(items, pick)
    # (a subclass of Decimal could order itself: converted first by the closures)
    if _COUNT(map(type, items), Decimal) != len(items):
        raise Elsewhere
    # The closures convert each number first: null for a NaN, an infinity or one past
    # FEEL's range (then the pick is null), rounded to 34 digits otherwise. Such numbers
    # are the list's extremes (NaN aside): both are picked by C loops and checked, 2.8x a
    # bare max's time where checking each number in a loop took 3.6x. A NaN makes the ordering
    # comparisons signal InvalidOperation: where the thread's context does not trap it
    # (a host's choice), each number is checked.
    try:
        if not _GETCONTEXT().traps[InvalidOperation]:
            return _checked_extreme(items, pick)
        best, other = pick(items), (min if pick is max else max)(items)
    except InvalidOperation:
        raise Elsewhere from None
    _range_checked(other)
    # Rounding never reverses an order, so when the pick has at most 34 digits it is the
    # closures' value too (the one difference: a longer number that rounds to exactly the
    # pick and comes first in the list is their pick, with another exponent, equal in FEEL).
    return _range_checked(best)


def _range_checked(number: Decimal) -> Decimal:
    """``number`` when it is a FEEL number as it is, else :class:`Elsewhere`."""
    exponent = _ADJUSTED(number)
    if (not -EXPONENT_LIMIT < exponent < EXPONENT_LIMIT or not _IS_FINITE(number)
            or _PLUS(number) != number):  # (a numeric test: -0 has its 34 digits, stays -0)
        raise Elsewhere
    return number


def _checked_extreme(items: list, pick: Callable) -> Any:
    """:func:`_extreme` of a list of Decimals, each checked first (a NaN among them, under
    a context that does not trap InvalidOperation, would be passed over by ``pick``)."""
    low, high = -EXPONENT_LIMIT, EXPONENT_LIMIT  # (locals: read 200 times here)
    for x in items:
        exponent = _ADJUSTED(x)  # is_finite only where adjusted() is 0, as for NaN
        if exponent <= low or exponent >= high or (not exponent and not _IS_FINITE(x)):
            raise Elsewhere
    return _range_checked(pick(items))


def _extreme_of_json(items: list, pick: Callable) -> Any:
    """:func:`_extreme` of a list of plain ints (or of finite floats), JSON numbers: picked
    among the host's numbers and only the pick converted. The closures convert each number
    first; a conversion never reverses an order (ints exactly or rounded to 34 digits,
    floats by their shortest repr), so the pick converted is theirs, equal in FEEL. The
    kinds are counted, the pick made and the sum taken by C loops (2.9x a bare ``max``
    where converting each number took 9x). The sum bounds the other numbers: with the pick
    of fewer than 34 digits and the sum too, none of the at most :data:`MAX_ITEMS` numbers
    is past FEEL's range (the closures make those null)."""
    count = len(items)
    if _COUNT(map(type, items), int) == count:
        best = pick(items)
        if _ND34 < best < _D34 and _ND34 < sum(items) < _D34:
            return Decimal(best)
    elif _COUNT(map(type, items), float) == count:
        total = sum(items)  # nan or infinite when one is (or when large ones add up)
        if total - total == 0.0:
            return Decimal(repr(pick(items)))
    raise Elsewhere


_ADJUSTED, _IS_FINITE, _PLUS = Decimal.adjusted, Decimal.is_finite, DECIMAL.plus
_ABSENT: Any = type("Absent", (), {"__slots__": (), "__repr__": lambda self: "ABSENT"})()
_UNSET: Any = type("Unset", (), {"__slots__": (), "__repr__": lambda self: "UNSET"})()


def _span(low: Any, high: Any) -> list | None:
    """The integers from ``low`` to ``high`` (either way) as ``for x in low..high`` runs
    over them, when they are integers and at most :data:`MAX_ITEMS`; None for more, or for
    bounds of other kinds (see :func:`_spanned`)."""
    if type(low) is not Decimal or type(high) is not Decimal:
        return None
    if low != low.to_integral_value() or high != high.to_integral_value():
        return None
    if abs(high - low) >= MAX_ITEMS:
        return None
    step = 1 if high >= low else -1
    return [Decimal(i) for i in range(int(low), int(high) + step, step)]


def _spanned(scope: Scope, low: Any, high: Any, where: tuple, max_size: int) -> Iterable | None:
    """What ``for x in low..high`` runs over where :func:`_span` does not say: more than
    :data:`MAX_ITEMS` integers, made as the loop takes them and charged as :func:`_charged`
    charges a list's items (more than ``max_size`` of them are the size budget, as the
    closures say: :func:`feel.iteration.numbers`); dates, charged as a list; or None after
    the closures' warning (:func:`feel.iteration.bounded`)."""
    if type(low) is Decimal and type(high) is Decimal and low == low.to_integral_value() \
            and high == high.to_integral_value():
        first, last = int(low), int(high)
        numbers(first, last, max_size)  # (more than max_size: the size budget, theirs)
        step = 1 if last >= first else -1
        left = iter(range(first, last + step, step))  # (its length hint: how many are left)
        return _charged(scope, map(Decimal, left), abs(last - first) + 1, left)
    values = bounded(scope, low, high, where, max_size)
    if values is None:
        return None
    values = list(values)
    return _charged(scope, values) if len(values) > MAX_ITEMS else values


#: The names generated code reads, and what they are (passed to it as cells).
HELPERS: dict[str, Any] = {
    "Elsewhere": Elsewhere, "Decimal": Decimal, "_feel": _feel,
    "_member": _member, "_MEMBER": member, "_entry": _entry, **INLINE_NAMES,
    "_extreme": _extreme, "_has": _has, "_span": _span, "_ABSENT": _ABSENT,
    "_UNSET": _UNSET, "_PLUS": DECIMAL.plus, "_D34": _D34, "_ND34": _ND34, "_DL": _DL,
    "_NDL": _NDL, "_slow": _slow, "_charged": _charged, "_GENERATOR": GeneratorType, "_walked": _walked,
    "_variable": _variable, "_no_entry": _no_entry, "_called": _called,
    "_projected_later": _projected_later, "_item_entry": _item_entry,
    "_lazy_variable": _lazy_variable,
    "_no_variable": _no_variable, "_function_or_variable": _function_or_variable,
    "_may_be_function": may_be_function, "_HINT": length_hint, "_warned": _warned,
    "_forget": _forget, "_keeps": _keeps, "Unsaid": Unsaid, "Shadowed": Shadowed, "Dotted": Dotted,
    "_binds_function": _binds_function,
}  # fmt: skip
