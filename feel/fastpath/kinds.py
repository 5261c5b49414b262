"""What the translation knows of a value: the code that holds it and its static kind."""

from __future__ import annotations

from feel.convert import EXPONENT_LIMIT

# Static kinds of the values in generated code. RAW is a host value nobody checked yet;
# FEEL a FEEL value of unknown kind; the others FEEL values of a known kind.
RAW, FEEL, NUM, STR, BOOL, NULL = "raw", "feel", "number", "string", "boolean", "null"
#: A list of host values nobody checked (a filter's result over a host list), and a list
#: of FEEL values: lists known to be lists, so that a path over them is a projection.
RAW_LIST, LIST = "list of raw", "list"
#: A string or null: what ``+`` with a string operand gives (null from its slow branch).
STRISH = "string or null"
#: A boolean or null: what a comparison gives (null from its slow branch), never a value of
#: another kind, so a condition needs no test for one (nor the closures' warning).
VERDICT = "boolean or null"


class Unsupported(Exception):
    """A construct the translation does not cover: the expression gets no fast path."""


class Value:
    """A value in generated code: the Python expression that holds it and its static kind."""

    __slots__ = ("code", "kind")

    def __init__(self, code: str, kind: str) -> None:
        self.code = code
        self.kind = kind


def in_range(name: str) -> str:
    """Code: the Decimal ``name`` is a FEEL number as it is (what
    :func:`feel.convert.is_feel` tests, written out where it runs for every number read)."""
    return (f"{name}.is_finite() and -{EXPONENT_LIMIT} < {name}.adjusted() < {EXPONENT_LIMIT}"
            f" and _PLUS({name}) == {name}")  # at most 34 digits, as is_feel  # fmt: skip


def small_int(name: str) -> str:
    """Code: ``name`` is a plain ``int`` of at most 34 digits, which ``Decimal(name)`` makes
    the FEEL number the closures' conversion makes, exactly (JSON numbers are mostly these:
    80 ns inline against 300 through the general conversion)."""
    return f"type({name}) is int and _ND34 < {name} < _D34"
