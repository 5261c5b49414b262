"""How a DMN model is evaluated: the DMN 1.5 standard, or as Camunda 8 evaluates it.

Camunda 8 runs decisions with dmn-scala (camunda/dmn-scala), whose behaviour differs from
the standard in a few places; ``feel.dmn.load(..., dialect="camunda")`` follows it. Each
difference is one switch below, read when a model is loaded (never while it evaluates),
in the manner of :mod:`feel.dialect` for the FEEL language itself.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from feel.dialect import chosen
from feel.errors import DmnError


@dataclass(frozen=True)
class DmnDialect:
    """The switches of one way of evaluating DMN; every switch is False in DMN 1.5."""

    #: ``"dmn"`` or ``"camunda"``.
    name: str
    #: The FEEL dialect of the model's expressions (:mod:`feel.dialect`).
    feel_dialect: str = "dmn"
    #: Every decision and business knowledge model may read any variable the caller
    #: passes, declared as input data or not: a business rule task hands dmn-scala all the
    #: process variables, and dmn-scala puts them under each decision's requirements.
    caller_variables: bool = False
    #: A multiple-hit table (COLLECT, RULE ORDER, OUTPUT ORDER, with or without an
    #: aggregation) that matches no rule and has no default output gives null, where
    #: DMN 1.5 gives an empty list (and COUNT gives 0); dmn-scala returns null for any
    #: table that matched nothing.
    no_match_is_null: bool = False
    #: COLLECT with COUNT counts the rules that matched, where DMN 1.5 counts the distinct
    #: output values (dmn-scala counts the matches).
    count_matched_rules: bool = False

    def switches(self) -> dict[str, Any]:
        """The switches that differ from DMN 1.5, by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name != "name" and getattr(self, f.name) != getattr(STANDARD, f.name)}  # fmt: skip


#: The DMN 1.5 standard, as its TCK checks it: the default.
STANDARD = DmnDialect("dmn")

#: Camunda 8 (dmn-scala), with the Camunda dialect of FEEL.
CAMUNDA = DmnDialect("camunda", feel_dialect="camunda", caller_variables=True,
                     no_match_is_null=True, count_matched_rules=True)  # fmt: skip

DIALECTS = {dialect.name: dialect for dialect in (STANDARD, CAMUNDA)}


def dmn_dialect_of(value: str | DmnDialect | None) -> DmnDialect:
    """The DMN dialect for ``value``: ``"dmn"`` (or None), ``"camunda"``, or a DmnDialect."""
    return chosen(value, DIALECTS, STANDARD, DmnDialect, DmnError, "DMN dialect")
