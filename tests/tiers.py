"""The one place tests choose an evaluation tier; everything else calls these three.

Each forces its tier through the public :meth:`feel.Expression.program` (see
:mod:`feel.program`), on an expression freshly compiled with the variables' names:

- :func:`closure_tier`: the ``"closures"`` tier: the closures of :mod:`feel.compiler` with a
  full state, never generated code.
- :func:`fast_tier`: the ``"generated"`` tier: the generated Python of :mod:`feel.fastpath`,
  called on the host's variables. It may have no generated code for the expression or give
  up on the variables (:class:`feel.Declined`); both give :data:`DECLINED`, which is not a
  failure: the ``"auto"`` tier then evaluates by the closures.
- :func:`result_tier`: the public ``Engine.evaluate_result``, value and warning kinds.

A declined fast tier is a marker and not ``None`` because null is a value a tier gives.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import feel

#: The engine every tier runs on (the DMN 1.5 dialect, default budgets).
ENGINE = feel.Engine()

#: An engine of each dialect, for the tests run in both.
DIALECTS = {"dmn": ENGINE, "camunda": feel.Engine(dialect="camunda")}


@functools.lru_cache(maxsize=None)
def compiled_once(dialect: str, text: str, names: tuple[str, ...]) -> feel.Expression:
    """``text`` compiled once by the engine of ``dialect`` (:data:`DIALECTS`), with the
    variables' ``names``: a test run over many variables compiles it once."""
    return DIALECTS[dialect].compile(text, list(names))


class _Declined:
    """The marker of a fast tier that declined the expression."""

    def __repr__(self) -> str:
        return "DECLINED"


#: What :func:`fast_tier` gives when the fast path declines (refuses or gives up).
DECLINED: Any = _Declined()


def closure_tier(text: str, variables: Mapping[str, Any] | None = None) -> Any:
    """The value of ``text`` by the closures (a FEEL value)."""
    return ENGINE.compile(text, list(variables or ())).program("closures").evaluate(variables)


def fast_tier(text: str, variables: Mapping[str, Any] | None = None) -> Any:
    """The value of ``text`` by its generated Python, or :data:`DECLINED`."""
    compiled = ENGINE.compile(text, list(variables or ()))
    try:
        return compiled.program("generated").evaluate(dict(variables or {}))
    except feel.Declined:
        return DECLINED


def result_tier(text: str, variables: Mapping[str, Any] | None = None) -> tuple[Any, list[str]]:
    """The value of ``text`` by ``evaluate_result``, with the kinds of its warnings."""
    result = ENGINE.evaluate_result(text, variables)
    return result.value, [warning.kind.value for warning in result.warnings]


def assert_generated_is_closures(expression: feel.Expression, given: dict) -> None:
    """The generated tier of ``expression`` runs on ``given`` to the end (no
    :class:`feel.Declined`) and gives the closures' value, and with ``evaluate_result``
    their value and warnings (what they say, and where)."""
    from bench.fuzz import identical, said

    closures = expression.closures_result(given)
    generated = expression.program("generated")
    assert identical(generated.evaluate(given), closures.value)
    result = generated.evaluate_result(given)
    assert identical(result.value, closures.value)
    assert said(result) == said(closures)


def recording_states(made: list):
    """A ``State.for_engine`` (as a plain function, for ``classmethod``) that appends each
    state it makes to ``made``: ``monkeypatch.setattr(State, "for_engine",
    classmethod(recording_states(made)))`` counts the states an evaluation makes."""
    from feel.runtime import State

    original = State.for_engine.__func__

    def recorded(cls, engine):
        made.append(original(cls, engine))
        return made[-1]

    return recorded
