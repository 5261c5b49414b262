"""An engine's settings as one frozen value: budgets, functions, clock, dialect, resolvers.

``feel.Engine(**options)`` makes its :class:`Settings` from its options;
``engine.derive(**changes)`` makes a new engine from the same settings with some changed,
which is how a DMN model or a connector runtime adds what it needs (a type resolver, the
Camunda dialect) without losing what the caller configured.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from feel.dialect import Dialect, dialect_of
from feel.errors import FeelError

@dataclass(frozen=True)
class Settings:
    """Everything that decides how an engine compiles and evaluates (see :class:`feel.Engine`)."""

    functions: Mapping[str, Any] = field(default_factory=dict)
    clock: Callable[[], _dt.datetime] | None = None
    override_builtins: bool = False
    #: As max_steps: a loop the step budget lets run may keep every result (a 1,000,001-item
    #: ``for`` runs, as in Camunda's engine, which has no such budget).
    max_size: int = 2_000_000
    max_depth: int = 180
    max_steps: int = 2_000_000
    max_string: int = 10_000_000
    #: Compiling costs a few microseconds and a few hundred bytes per token: a text of
    #: more tokens is a syntax error (200,000 tokens: about 2 s and 70 MB at most).
    max_tokens: int = 200_000
    timeout: float | None = 10.0
    cache_size: int = 1024
    resolve_type: Callable[[str], Callable[[Any], bool] | None] | None = None
    resolve_external: Callable[[Any, tuple[str, ...]], Any] | None = None
    dialect: Dialect = field(default_factory=lambda: dialect_of(None))
    #: Which code evaluates (see :mod:`feel.program`): "auto" (the closures, then the
    #: generated code from an expression's second evaluation), "closures" (never generated
    #: code) or "generated" (generated code from the first evaluation, DMN cells included,
    #: the closures where it has none or declines): what tests and the TCK force.
    tier: str = "auto"

    def __post_init__(self) -> None:
        functions = self.functions or {}
        if not isinstance(functions, Mapping):
            raise FeelError("functions must be a mapping of FEEL names to callables")
        if any(type(name) is not str for name in functions):
            raise FeelError("function names must be strings")
        object.__setattr__(self, "functions", dict(functions))  # our own copy, never changed
        object.__setattr__(self, "dialect", dialect_of(self.dialect))
        if self.tier not in ("auto", "closures", "generated"):
            raise FeelError(f"unknown tier {self.tier!r}; the tiers are auto, closures, generated")

    def derive(self, **changes: Any) -> Settings:
        """These settings with ``changes`` (field names of :class:`Settings`)."""
        unknown = set(changes) - {f.name for f in fields(self)}
        if unknown:
            raise FeelError(f"unknown engine settings: {', '.join(sorted(unknown))}")
        return replace(self, **changes)
