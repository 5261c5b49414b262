"""The one place tests choose an evaluation tier; everything else calls these three.

Today a tier is forced through private parts of :class:`feel.api.Expression`:

- :func:`closure_tier`: a freshly compiled expression evaluated once. The first evaluation
  never takes the fast path (it is made at the second), so this is the closures of
  :mod:`feel.compiler`, run as ``evaluate`` runs them (the QUIET state, then a full one).
- :func:`fast_tier`: the generated Python of :func:`feel.fastpath.generate`, made from the
  tree and constants the expression keeps until its second evaluation, and called on the
  host's variables. It may refuse the expression (no translation) or give up at run time
  (raise); both give :data:`DECLINED`, which is not a failure: the closures then evaluate.
- :func:`result_tier`: the public ``Engine.evaluate_result``, value and warning kinds.

When the core redesign (issue 15) adds a public ``Program`` with an explicit tier choice,
only the bodies of these functions change; the case files and tests/test_tiers.py stay.
A declined fast tier is a marker and not ``None`` because null is a value a tier gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import feel
from feel import fastpath

#: The engine every tier runs on (the DMN 1.5 dialect, default budgets).
ENGINE = feel.Engine()


class _Declined:
    """The marker of a fast tier that declined the expression."""

    def __repr__(self) -> str:
        return "DECLINED"


#: What :func:`fast_tier` gives when the fast path declines (refuses or gives up).
DECLINED: Any = _Declined()


def closure_tier(text: str, variables: Mapping[str, Any] | None = None) -> Any:
    """The value of ``text`` by the closures (a FEEL value)."""
    return ENGINE.compile(text, list(variables or ())).evaluate(variables)


def fast_tier(text: str, variables: Mapping[str, Any] | None = None) -> Any:
    """The value of ``text`` by its generated Python, or :data:`DECLINED`."""
    compiled = ENGINE.compile(text, list(variables or ()))
    tree, constants = compiled._source
    fast = fastpath.generate(tree, ENGINE, constants)
    if fast is None:
        return DECLINED
    try:
        return fast(dict(variables or {}))
    except Exception:  # the fast path's way of giving up (see feel.fastpath)
        return DECLINED


def result_tier(text: str, variables: Mapping[str, Any] | None = None) -> tuple[Any, list[str]]:
    """The value of ``text`` by ``evaluate_result``, with the kinds of its warnings."""
    result = ENGINE.evaluate_result(text, variables)
    return result.value, [warning.kind.value for warning in result.warnings]
