"""The host's variables in an evaluation: each converted to its FEEL value where it is read.

``evaluate`` and the other entry points give the closures a :class:`HostScope` over the
host's dict: a variable is converted at its first read and kept for the next ones, and a
path into a variable (``response.body.id``) reads the host's contexts as they are, entry by
entry, and converts only what it reaches, as generated code reads them (see
:mod:`feel.fastpath`): a variable never read is never converted, nor refused (one that
contains itself, say), and the parts of a variable a path does not reach are not either.
One semantics in both tiers, and a large response read at one entry costs that entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from operator import countOf
from typing import Any

from feel.convert import DIGITS_LIMIT, is_feel_number, to_feel, variables_in
from feel.runtime import MISSING, Scope, State
from feel.values import Function

_D34, _ND34 = DIGITS_LIMIT, -DIGITS_LIMIT  # ints of fewer than 34 digits: converted exactly
_SCALARS = frozenset((str, bool, int, float, Decimal))  # converted again where read again


class HostScope(Scope):
    """The outermost scope of an evaluation of the host's variables (a dict with text
    keys): ``vars`` holds the variables read so far, converted; ``paths`` the contexts
    and lists paths reached inside variables not read whole, converted."""

    __slots__ = ("host", "paths")

    def __init__(self, host: dict, state: State) -> None:
        self.vars: dict[str, Any] = {}
        self.parent, self.state, self.host, self.paths = None, state, host, None

    def unread(self, name: str) -> Any:
        """The host's variable ``name`` converted (now, once), or MISSING."""
        value = self.host.get(name, MISSING)
        if value is not MISSING:
            value = self.vars[name] = feel_value(value)
        return value

    def unread_path(self, name: str, keys: tuple[str, ...]) -> Any:
        """``(value, taken)``: the host's variable ``name`` followed through the first
        ``taken`` of ``keys`` that are entries of its contexts as they are, converted (the
        rest of the path is for the caller), or MISSING when the host has no ``name``."""
        value = self.host.get(name, MISSING)
        if value is MISSING:
            return value
        taken = 0
        for key in keys:
            if type(value) is not dict or key not in value:
                break
            value = value[key]
            taken += 1
        if not taken:  # not a context with that entry: the variable, whole
            return self.unread(name), 0
        if value is None or type(value) in _SCALARS:
            return feel_value(value), taken  # (cheap again: not kept)
        paths = self.paths
        if paths is None:
            paths = self.paths = {}
        at = (name, *keys[:taken])  # a list read in a loop is converted once, not each time
        known = paths.get(at, MISSING)
        if known is MISSING:
            known = paths[at] = to_feel(value)
        return known, taken

    def unread_function(self, name: str) -> Any:
        """The host's variable ``name`` converted when it may be a function (what a call of
        a built-in of that name calls instead), else MISSING: another value of that name is
        not read."""
        value = self.host.get(name, MISSING)
        return MISSING if value is MISSING or not may_be_function(value) else self.unread(name)

    def names(self) -> Any:
        """The names of all the host's variables, read or not."""
        return self.host.keys()


def may_be_function(value: Any) -> bool:
    """Whether the host's ``value`` may convert to a FEEL function (anything callable)."""
    return callable(value) or isinstance(value, Function)


def feel_value(value: Any) -> Any:
    """The FEEL value of a host value, as both tiers read a variable: an int of fewer than
    34 digits (a JSON number, first) made Decimal here, text, booleans, nulls and FEEL
    numbers as they are (most variables are these), others by :func:`feel.convert.to_feel`."""
    kind = type(value)
    if kind is int and _ND34 < value < _D34:
        return Decimal(value)
    if kind is str or kind is bool or value is None or (kind is Decimal and is_feel_number(value)):
        return value
    return to_feel(value)


def text_keys(mapping: dict) -> bool:
    """Whether every key of the dict ``mapping`` is text (the closures make others text,
    which may collide with a text key: a dict with such keys is converted first)."""
    return countOf(map(type, mapping), str) == len(mapping)


def host_scope(variables: Mapping[str, Any] | None, state: State) -> Scope:
    """The outermost scope of an evaluation of the host's ``variables`` in ``state``: a
    :class:`HostScope` for a dict with text keys; other mappings are converted first, as
    a whole (keys of other kinds made text; :func:`feel.convert.variables_in`)."""
    if type(variables) is dict and text_keys(variables):
        return HostScope(variables, state)
    return Scope(variables_in(variables), None, state)
