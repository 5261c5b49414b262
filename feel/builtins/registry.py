"""The table of built-in functions: FEEL name -> :class:`Builtin`, and the ``@builtin`` decorator.

A built-in is a plain Python function over FEEL values, declared with the FEEL parameter
names of the spec::

    @builtin("substring", "string, start position, length?")
    def substring(string, start, length=None): ...

``?`` marks an optional parameter, ``...`` a variadic last parameter (the function then
receives the remaining positional arguments as ``*args``). Several declarations with the
same FEEL name are overloads (``date(from)`` and ``date(year, month, day)``): positional
calls pick the first whose arity fits, named calls the first whose parameter names fit.
An implementation signals invalid arguments by raising :class:`feel.diagnostics.Failure`
(``feel.builtins.checks.invalid`` makes one); the call site turns that into null plus a warning.
``needs_state=True`` passes the evaluation :class:`feel.runtime.State` first (for the
clock, or to call FEEL functions given as arguments with ``state.call``).

Three flags, read by both tiers (:mod:`feel.compiler` and :mod:`feel.fastpath`), declare what
a call may skip; each implies that the overload needs no state:

- ``scalar=True``: given scalar arguments it counts no steps and gives a value whose size the
  caller bounds (generated code calls it, checking the length of a text result);
- ``light=True`` (implies ``scalar``): whatever its arguments, it takes no state, reads no
  clock and counts no steps, so a call of it keeps an expression *light* (run without the
  context variable :data:`feel.runtime.CURRENT`);
- ``walks_list=True``: it walks one list, at most once (generated code counts the call as a
  loop and bounds the list).

``dialect="switch name"`` registers an overload only for engines whose dialect has that
switch (a field of :class:`feel.dialect.Dialect`) on; ``dialect="camunda"`` means the
``camunda_builtins`` switch. Such overloads come before the standard ones. ``named_only=True``
makes an overload that only named calls pick (Camunda's parameter names for a standard
function): positional calls, and the compiler's direct calls, never see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from feel.diagnostics import Failure, WarningKind
from feel.values import Function


@dataclass(frozen=True, slots=True)
class Signature:
    """One overload: FEEL parameter names, how many are required, whether the last is variadic."""

    params: tuple[str, ...]
    required: int
    variadic: bool
    impl: Callable[..., Any]
    needs_state: bool
    named_only: bool = False
    #: The flags of the module docstring.
    scalar: bool = False
    light: bool = False
    walks_list: bool = False

    @classmethod
    def parse(
        cls, spec: str, impl: Callable[..., Any], needs_state: bool, named_only: bool = False,
        **flags: bool,
    ) -> Signature:
        """Build a signature from a spec such as ``"string, start position, length?"``;
        ``flags`` are ``scalar``, ``light`` and ``walks_list``."""
        params: list[str] = []
        required = 0
        variadic = False
        for raw in filter(None, (p.strip() for p in spec.split(","))):
            if raw.endswith("..."):
                variadic = True
                raw = raw[:-3].strip()
                required = len(params) + 1
            elif raw.endswith("?"):
                raw = raw[:-1].strip()
            else:
                required = len(params) + 1
            params.append(raw)
        return cls(tuple(params), required, variadic, impl, needs_state, named_only, **flags)

    def accepts_count(self, count: int) -> bool:
        """True when ``count`` positional arguments fit (never for a named-only overload)."""
        if self.named_only:
            return False
        if self.variadic:
            return count >= self.required
        return self.required <= count <= len(self.params)

    def bind_named(self, named: dict[str, Any]) -> list[Any] | None:
        """Positional arguments for ``named``, or None when the names do not fit."""
        if any(name not in self.params for name in named):
            return None
        if any(self.params[i] not in named for i in range(self.required)):
            return None
        last = max(self.params.index(name) for name in named) if named else -1
        args = [named.get(self.params[i]) for i in range(last + 1)]
        if self.variadic and self.params[-1] in named:
            rest = args.pop()
            args.extend(rest if isinstance(rest, list) else [rest])
        return args


class Builtin(Function):
    """A built-in function: a FEEL name and its overloads."""

    __slots__ = ("name", "signatures")

    def __init__(self, name: str) -> None:
        self.name = name
        self.signatures: list[Signature] = []

    def __repr__(self) -> str:
        return f"<built-in function {self.name}>"

    def parameter_names(self) -> tuple[str, ...]:
        """The parameter names of the first overload."""
        return self.signatures[0].params if self.signatures else ()

    def positional(self, count: int) -> Signature | None:
        """The overload a positional call with ``count`` arguments calls, if any."""
        return next((s for s in self.signatures if s.accepts_count(count)), None)

    def invoke(self, state: Any, args: list | None, named: dict | None = None) -> Any:
        """Pick the overload that fits the arguments and call it."""
        if named is not None:
            for signature in self.signatures:
                bound = signature.bind_named(named)
                if bound is not None:
                    return self._call(signature, state, bound)
            raise Failure(
                WarningKind.INVALID_ARGUMENTS,
                f"{self.name}: no signature takes the parameters {', '.join(named)}"
                f" (expected {self._describe()})",
            )
        args = args or []
        for signature in self.signatures:
            if signature.accepts_count(len(args)):
                return self._call(signature, state, args)
        raise Failure(
            WarningKind.INVALID_ARGUMENTS,
            f"{self.name}: expected {self._describe()}, got {len(args)} argument(s)",
        )

    @staticmethod
    def _call(signature: Signature, state: Any, args: list[Any]) -> Any:
        if signature.needs_state:
            return signature.impl(state, *args)
        return signature.impl(*args)

    def _describe(self) -> str:
        return " or ".join(f"({', '.join(s.params)})" for s in self.signatures)


#: FEEL name -> Builtin. Filled at import time by the category modules, never afterwards.
BUILTINS: dict[str, Builtin] = {}

#: Dialect switch (a field of :class:`feel.dialect.Dialect`) -> FEEL name -> Builtin: the
#: overloads that switch adds before the standard ones. Filled at import time, never afterwards.
DIALECT_BUILTINS: dict[str, dict[str, Builtin]] = {}

#: ``@builtin(..., dialect="camunda")`` is short for the switch ``camunda_builtins``.
_SWITCH_ALIASES = {"camunda": "camunda_builtins"}

_TABLES: dict[tuple[str, ...], dict[str, Builtin]] = {}  # switches on -> the whole table


def builtin(
    name: str, params: str, *, needs_state: bool = False, dialect: str | None = None,
    named_only: bool = False, scalar: bool = False, light: bool = False,
    walks_list: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as (an overload of) the built-in ``name``; with
    ``dialect`` (a switch name, or ``"camunda"``), only for engines whose dialect has that
    switch on, tried before the standard overloads. ``scalar``, ``light`` and ``walks_list``
    are the flags of the module docstring (``light`` implies ``scalar``)."""
    scalar = scalar or light
    if needs_state and (scalar or walks_list):
        raise ValueError(f"the built-in {name!r} needs a state: its flags say it needs none")
    if scalar and walks_list:
        raise ValueError(f"the built-in {name!r} walks a list: it cannot be scalar or light")
    switch = _SWITCH_ALIASES.get(dialect, dialect) if dialect is not None else None
    if switch is not None and switch not in _switch_names():
        raise ValueError(f"unknown dialect switch {dialect!r} for the built-in {name!r}")
    table = BUILTINS if switch is None else DIALECT_BUILTINS.setdefault(switch, {})

    def register(impl: Callable[..., Any]) -> Callable[..., Any]:
        function = table.get(name)
        if function is None:
            function = table[name] = Builtin(name)
        function.signatures.append(Signature.parse(
            params, impl, needs_state, named_only, scalar=scalar, light=light,
            walks_list=walks_list,
        ))
        return impl

    return register


def flags_of(signature: Signature) -> dict[str, bool]:
    """The flags of ``signature`` as ``@builtin`` takes them (for an alias of an overload)."""
    return {"scalar": signature.scalar, "light": signature.light,
            "walks_list": signature.walks_list}  # fmt: skip


def _switch_names() -> set[str]:
    from dataclasses import fields

    from feel.dialect import Dialect

    return {f.name for f in fields(Dialect)} - {"name"}


def builtins_for(dialect: Any) -> dict[str, Builtin]:
    """The built-in table of engines of ``dialect`` (a :class:`feel.dialect.Dialect`): the
    standard table with the overloads of each switch it has on in front (made once)."""
    switches = tuple(sorted(s for s in DIALECT_BUILTINS if getattr(dialect, s, False)))
    if not switches:
        return BUILTINS
    table = _TABLES.get(switches)
    if table is None:
        table = dict(BUILTINS)
        for switch in switches:
            for name, extra in DIALECT_BUILTINS[switch].items():
                merged = Builtin(name)
                merged.signatures = [*extra.signatures,
                                     *getattr(table.get(name), "signatures", ())]  # fmt: skip
                table[name] = merged
        _TABLES[switches] = table
    return table
