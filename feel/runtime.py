"""Run-time state of one evaluation and the scope chain.

A compiled expression is a tree of closures ``evaluate(scope) -> value``. Everything that
changes during one evaluation lives in a :class:`State` reached from the scope, never in
the closures, so one compiled expression can run in many threads at once.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from typing import Any

from feel.diagnostics import Failure, Span, Warning, WarningKind, span_at
from feel.errors import BudgetExceeded

#: The state of the evaluation running in this thread (or task), for work done outside the
#: closures (deep equality, string(), to json...) that must still respect the budgets.
CURRENT: ContextVar[State | None] = ContextVar("feel_current_state", default=None)


def checkpoint() -> None:
    """Count one step of a long traversal against the current evaluation's budgets."""
    state = CURRENT.get()
    if state is not None:
        state.steps += 1
        if not state.steps & 1023:
            state.check()


def charge(n: int) -> bool:
    """Count ``n`` steps of work done at once (items visited, characters scanned,
    comparisons) against the current evaluation's budgets; the budgets are checked whenever
    the count crosses a multiple of 1024, as :meth:`State.tick` does. Returns True, so that
    a predicate can charge inside ``and``."""
    state = CURRENT.get()
    if state is not None and n > 0:
        before = state.steps
        state.steps = before + n
        if (before ^ state.steps) >> 10:
            state.check()
    return True


#: How many comparisons of a quadratic built-in (``distinct values``, ``union``, ``mode``...)
#: make one step: a comparison costs a fraction of a loop iteration, and charging each one
#: as a step made ``distinct values`` of 2,000 items exceed the default step budget. The
#: clock is still read every 16,384 comparisons (a few milliseconds).
COMPARISONS_PER_STEP = 16


def charge_comparisons(n: int) -> bool:
    """Count ``n`` comparisons of a quadratic built-in, plus one step for the item that
    needs them (see :data:`COMPARISONS_PER_STEP`)."""
    return charge(1 + n // COMPARISONS_PER_STEP)


#: Marks "not found" in a scope lookup (``None`` is the FEEL null, a legitimate value).
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING", "__slots__": ()})()


class State:
    """What one evaluation collects and consults: warnings, budgets, the engine and clock."""

    #: False for a :class:`Dropping` state: hint functions skip their work (:mod:`feel.hints`).
    keeps_warnings = True

    __slots__ = ("_now", "deadline", "depth", "engine", "max_depth", "max_steps", "steps",
                 "warnings")  # fmt: skip

    def __init__(
        self, engine: Any, max_steps: int = 0, max_depth: int = 0, timeout: float | None = None
    ) -> None:
        self.engine = engine
        self.warnings: list[Warning] = []
        self.steps = 0
        self.max_steps = max_steps
        self.depth = 0
        self.max_depth = max_depth
        self.deadline = time.monotonic() + timeout if timeout else 0.0
        self._now: Any = None

    @classmethod
    def for_engine(cls, engine: Any) -> State:
        """A fresh state with the budgets of ``engine``."""
        return cls(engine, engine.max_steps, engine.max_depth, engine.timeout)

    def tick(self) -> None:
        """Count one evaluation step (a loop iteration or a call); every 1024 steps, check
        the step and time budgets (so reading the clock costs next to nothing).

        Hot loops inline this as ``state.steps += 1`` plus a call to :meth:`check` when
        ``steps & 1023 == 0``.
        """
        self.steps += 1
        if not self.steps & 1023:
            self.check()

    def check(self) -> None:
        """Raise :class:`BudgetExceeded` when the step or time budget has run out."""
        if self.max_steps and self.steps > self.max_steps:
            raise BudgetExceeded("steps", f"evaluation took more than {self.max_steps} steps")
        self.check_clock()

    def check_clock(self) -> None:
        """Raise :class:`BudgetExceeded` when the time budget has run out."""
        if self.deadline and time.monotonic() > self.deadline:
            raise BudgetExceeded("time", "evaluation ran out of time")

    def warn(self, kind: WarningKind, message: str, span: Span | None = None) -> None:
        """Record one warning (the value that goes with it is null)."""
        self.warnings.append(Warning(kind, message, span))

    def now(self) -> Any:
        """The current date and time from the engine's clock, fixed for one evaluation."""
        if self._now is None:
            self._now = self.engine.now()
        return self._now

    def call(self, function: Any, args: list | None, named: dict | None = None) -> Any:
        """Invoke a FEEL function value; a failure becomes null plus a warning."""
        try:
            return function.invoke(self, args, named)
        except Failure as failure:
            self.warn(failure.kind, failure.message)
            return None


class Dropping(State):
    """The state of an evaluation whose caller wants the value alone (``evaluate``): its
    warnings are dropped as they come, so that making their messages costs nothing."""

    __slots__ = ()
    keeps_warnings = False

    def warn(self, kind: WarningKind, message: str, span: Span | None = None) -> None:
        pass


def warn(scope: Scope, kind: WarningKind, message: str, where: tuple[str, int, int]) -> None:
    """Record a warning located at ``where`` (text, start, end) in the state of ``scope``."""
    text, start, end = where
    scope.state.warn(kind, message, span_at(text, start, end))


def pending_scope(holder: list) -> Scope:
    """The scope of a state not made until needed: ``holder`` is ``[engine]`` (what
    ``evaluate_result`` gives generated code for its ``st``; a state costs more than most
    evaluations do), or ``[engine, scope]`` once this made the scope of a state that keeps
    warnings (at the first slow branch), which it gives."""
    if len(holder) == 1:
        holder.append(Scope({}, None, State.for_engine(holder[0])))
    return holder[1]


class Scope:
    """One level of names: ``vars`` (any mapping) over ``parent``; ``state`` is shared."""

    __slots__ = ("parent", "state", "vars")

    def __init__(self, vars: Any, parent: Scope | None, state: State) -> None:
        self.vars = vars
        self.parent = parent
        self.state = state

    def child(self, vars: Any) -> Scope:
        """A new innermost scope with ``vars`` over this one."""
        return Scope(vars, self, self.state)

    def lookup(self, name: str, function: bool = False) -> Any:
        """The value of ``name`` in the innermost scope that has it, else :data:`MISSING`;
        ``function``: where only a function matters (a call of a built-in of that name), a
        host's variable of another kind is not read (:meth:`unread_function`)."""
        scope = self
        while True:
            vars = scope.vars
            if name in vars:
                return vars[name]
            if scope.parent is None:
                return scope.unread_function(name) if function else scope.unread(name)
            scope = scope.parent

    def unread(self, name: str) -> Any:
        """The value of ``name`` in this outermost scope that its ``vars`` do not hold yet,
        else :data:`MISSING`: read where a lookup ends (the closures' walks inline
        :meth:`lookup`). None here; the host's variables not read yet in an evaluation
        (:class:`feel.hostvars.HostScope`)."""
        return MISSING

    def unread_path(self, name: str, keys: tuple[str, ...]) -> Any:
        """``(value, taken)``: :meth:`unread`'s ``name`` followed through the first
        ``taken`` of ``keys``, or MISSING (here, always: see :class:`feel.hostvars.HostScope`)."""
        return MISSING

    def unread_function(self, name: str) -> Any:
        """:meth:`unread` where its value may be a function, else MISSING (here, always)."""
        return MISSING

    def names(self) -> Any:
        """The names this level binds (read or not)."""
        return self.vars.keys()
