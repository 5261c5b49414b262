"""Dialects: where Camunda's FEEL departs from DMN 1.5, as one small table of switches.

An engine has one dialect, fixed when it is made (``feel.Engine(dialect="camunda")``). The
compiler, the built-in table and the parser read its switches when they compile an
expression, so a compiled expression never asks which dialect it runs in. ``"dmn"`` (the
default) follows the DMN 1.5 specification and its TCK; ``"camunda"`` does what Camunda's
engine (feel-scala, which runs Zeebe's expressions, its connectors and its DMN) does.

Each switch is named for the behaviour it turns on, and the README's dialect table lists
every one with the reason for it. Add a switch here, read it where the behaviour is
compiled, and add its row to that table.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from feel.errors import FeelError


@dataclass(frozen=True)
class Dialect:
    """The switches of one dialect; every field is False in DMN 1.5."""

    #: The dialect's name: ``"dmn"`` or ``"camunda"``.
    name: str
    #: Built-in functions only Camunda has (DMN 1.1's ``and``/``or``), Camunda's parameter
    #: names (``abs(number: -1)``), which the TCK refuses, and feel-scala's edge cases of
    #: standard functions (``substring("abc", 4, 4)`` is ``""``; see
    #: :mod:`feel.builtins.camunda_library`).
    camunda_builtins: bool = False
    #: Deep equality (feel-scala's ValComparator): items or entries of different kinds make
    #: two lists or contexts unequal (``{x: 1} = {x: true}`` is false), where DMN 1.5 makes
    #: the whole comparison null.
    deep_equality_across_kinds: bool = False
    #: Equality (feel-scala's ValComparator) can't compare a local time or date and time with
    #: one that has an offset or zone, two ranges, or two functions: null with a warning,
    #: where DMN 1.5 finds them unequal (or equal: the same range, the same function).
    strict_kind_equality: bool = False
    #: A unary test written as a boolean literal (``true``, ``false``) is equality with the
    #: input, as feel-scala parses it: a null input gives false, an input of another kind
    #: null; DMN 1.5 gives the literal itself for an input that is not a boolean.
    boolean_literal_tests_equal: bool = False
    #: ``for``, ``some``, ``every`` and filters need a list (or a range to iterate): over
    #: any other value they give null with a warning, where DMN 1.5 takes the value as a
    #: list of one item.
    iteration_needs_list: bool = False
    #: ``some``/``every`` are three-valued, like ``or``/``and``: when no item decides, a
    #: verdict that is not a boolean (null included) makes the result null; DMN 1.5 counts
    #: such a verdict as not satisfied (``some`` false, ``every`` false).
    three_valued_quantifiers: bool = False
    #: Date, time and duration texts as Java reads them (functions and ``@"..."`` literals):
    #: ``time("T23:59:00")``, ``"10:30"`` without seconds, ``"...+02:00[Europe/Berlin]"``,
    #: signed components (``"PT-5M"``, ``"P-1Y"``).
    java_temporal_texts: bool = False
    #: ``string()`` as Camunda writes values: durations ``P0D``/``P0Y``, contexts
    #: ``{a:1, b:"x"}`` (keys bare, no space after the colon), strings inside quoted as is.
    camunda_string_format: bool = False

    def __repr__(self) -> str:
        return f"<feel.Dialect {self.name}>"

    def switches(self) -> dict[str, Any]:
        """The switches that differ from DMN 1.5, by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name != "name" and getattr(self, f.name) != getattr(DMN, f.name)}  # fmt: skip


#: The DMN 1.5 standard, as its TCK checks it: the default.
DMN = Dialect("dmn")

#: Camunda 8's FEEL engine (feel-scala), as its documentation and behaviour define it.
CAMUNDA = Dialect(
    "camunda", camunda_builtins=True, deep_equality_across_kinds=True, strict_kind_equality=True,
    boolean_literal_tests_equal=True, iteration_needs_list=True, three_valued_quantifiers=True,
    java_temporal_texts=True, camunda_string_format=True,
)  # fmt: skip

DIALECTS = {dialect.name: dialect for dialect in (DMN, CAMUNDA)}


def dialect_of(value: str | Dialect | None) -> Dialect:
    """The dialect for ``value``: a name (``"dmn"``, ``"camunda"``), a Dialect or None (DMN)."""
    return chosen(value, DIALECTS, DMN, Dialect, FeelError, "dialect")


def chosen(value: Any, table: dict[str, Any], default: Any, kind: type, error: type[Exception],
           what: str) -> Any:  # fmt: skip
    """``value`` when it is a ``kind`` already, ``default`` for None, else the entry of
    ``table`` that ``value`` names (in any case); any other value raises ``error``."""
    if value is None:
        return default
    if isinstance(value, kind):
        return value
    if isinstance(value, str) and value.lower() in table:
        return table[value.lower()]
    raise error(f"unknown {what} {value!r}: use one of {', '.join(sorted(table))}")
