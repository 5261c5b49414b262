"""Boolean functions and ``is`` (DMN 1.5, 10.3.4.1 and 10.3.4.9)."""

from __future__ import annotations

from typing import Any

from feel import temporal
from feel.builtins import checks
from feel.builtins.registry import builtin
from feel.operators import equal


@builtin("not", "negand", light=True)
def not_(negand: Any) -> bool | None:
    """Logical negation; null for anything but a boolean."""
    if type(negand) is not bool:
        if negand is None:
            return None
        raise checks.wrong("not", "negand", negand, "a boolean")
    return not negand


@builtin("is", "value1?, value2?")
def is_(value1: Any = None, value2: Any = None) -> bool:
    """True when both are the same kind and equal; temporal values must match exactly
    (a zone is not an offset, a local time is not a UTC one)."""
    if type(value1) is not type(value2):
        return value1 is None and value2 is None
    if temporal.is_temporal(value1):
        if type(value1) in (temporal.Time, temporal.DateTime):
            return (value1.offset, value1.zone, temporal.to_string(value1),
                    getattr(value1, "fold", 0)) == (value2.offset, value2.zone,
                    temporal.to_string(value2), getattr(value2, "fold", 0))  # fmt: skip
        return value1 == value2
    return equal(value1, value2) is True
