"""Programs: a compiled expression (or unary tests) with its evaluation tier chosen.

An :class:`feel.Expression` evaluates in one of two tiers: the *closures* of
:mod:`feel.compiler` (every construct, warnings, budgets) and the *generated* Python code of
:mod:`feel.fastpath` (the common cases of the constructs it covers, made once, 0.3-2 ms).
``expression.evaluate`` chooses for itself; ``expression.program(tier)`` gives a
:class:`Program` that evaluates in the tier asked for, one of :data:`TIERS`:

- ``"auto"``: what ``evaluate`` does (the closures for the first evaluation, the generated
  code from the second on where there is one, the closures where it declines);
- ``"closures"``: always the closures, with a full evaluation state, never generated code;
- ``"generated"``: the generated code, made now. An expression without one raises
  :class:`Declined` at ``program("generated")``; variables it declines at its start,
  before anything runs (a host's function named like a built-in, a dotted name the host
  does not give) raise :class:`Declined` at ``evaluate`` (a slow branch is not declining:
  it is the generated code's own, see :mod:`feel.fastpath`; past a budget, the closures'
  error is raised, as they raise it); its
  ``evaluate_result`` records the warnings of its slow branches, and declines at its start,
  before anything runs, a missing variable it reads twice or in a loop (the closures warn
  at each read), as ``evaluate_result`` in ``"auto"`` then leaves it to the closures. Raising and not returning a marker: a marker would be a
  value a host could take for a result, and a test or a benchmark that forces this tier
  wants to know that the generated code did not compute what it measured.

``expression.why_not_generated()`` says why an expression has no generated code (None when
it has). Unary tests have the same three tiers (:meth:`feel.UnaryTests.program`): their
generated code is ``? in (tests)`` (see :func:`feel.fastpath.translate_tests`), for tests
that are constants of one kind; others are declined.
Tests and benchmarks force a tier through this API, never through private attributes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from feel.errors import BudgetExceeded, FeelError

#: The tiers :meth:`feel.Expression.program` accepts.
TIERS = ("auto", "closures", "generated")

#: Why unary tests have no generated code when no other reason is known.
NO_GENERATED_TESTS = "these unary tests have no generated code"

_NO_VARIABLES: dict[str, Any] = {}  # read by generated code, never written


class Declined(FeelError):
    """The ``"generated"`` tier cannot give this value: the expression has no generated
    code, or the code declined these variables; ``reason`` says which. (``"auto"``
    would evaluate by the closures instead.)"""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"declined by the generated tier: {reason}")


def tier_of(tier: Any) -> str:
    """``tier`` when it is one of :data:`TIERS`; else a :class:`feel.FeelError`."""
    if type(tier) is not str or tier not in TIERS:
        raise FeelError(f"unknown tier {tier!r}; the tiers are {', '.join(TIERS)}")
    return tier


class Program:
    """A compiled expression evaluated in one tier (see :mod:`feel.program`): made by
    :meth:`feel.Expression.program`; immutable and safe to share between threads."""

    __slots__ = ("_evaluate", "_generated", "_result", "expression", "tier")

    def __init__(self, expression: Any, tier: str, generated: Callable[[dict], Any] | None = None,
                 generated_result: Callable[[dict], Any] | None = None) -> None:  # fmt: skip
        self.expression = expression
        self.tier = tier
        self._generated = generated
        if tier == "auto":
            self._evaluate = expression.evaluate
            self._result = expression.evaluate_result
        elif tier == "closures":
            # the closures with a full state (test_program checks that it makes no
            # generated code)
            self._evaluate = lambda variables: expression.closures_result(variables).value
            self._result = expression.closures_result
        else:
            assert generated is not None and generated_result is not None
            self._evaluate = lambda variables: run_generated(generated, variables)
            self._result = lambda variables: run_generated(generated_result, variables)

    def __repr__(self) -> str:
        return f"<feel.Program {self.tier} {self.expression.text!r}>"

    def __reduce__(self) -> tuple[Any, ...]:
        return _program_of, (self.expression, self.tier)

    @property
    def source(self) -> str | None:
        """The Python source of the generated code (tier ``"generated"``), else None."""
        return getattr(self._generated, "source", None)

    def evaluate(self, variables: Mapping[str, Any] | None = None) -> Any:
        """The value of the expression with ``variables``, in this program's tier."""
        return self._evaluate(variables)

    def evaluate_result(self, variables: Mapping[str, Any] | None = None) -> Any:
        """The value with its warnings (a :class:`feel.Result`), in this program's tier
        (``"generated"``: :class:`Declined` where the generated code declines)."""
        return self._result(variables)


class UnaryProgram:
    """Compiled unary tests run in one tier: made by :meth:`feel.UnaryTests.program`."""

    __slots__ = ("_generated", "_result", "_test", "tests", "tier")

    def __init__(self, tests: Any, tier: str, generated: Callable[..., Any] | None = None,
                 generated_test: Callable[..., Any] | None = None,
                 generated_result: Callable[..., Any] | None = None) -> None:  # fmt: skip
        self.tests = tests
        self.tier = tier
        self._generated = generated
        if tier == "auto":
            self._test = tests.test
            self._result = tests.test_result
        elif tier == "closures":  # the closures with a full state
            self._test = lambda value, variables: tests.closures_result(value, variables).value
            self._result = tests.closures_result
        else:
            assert generated_test is not None and generated_result is not None
            self._test, self._result = generated_test, generated_result

    @property
    def source(self) -> str | None:
        """The Python source of the generated code (tier ``"generated"``), else None."""
        return getattr(self._generated, "source", None)

    def __repr__(self) -> str:
        return f"<feel.UnaryProgram {self.tier} {self.tests.text!r}>"

    def __reduce__(self) -> tuple[Any, ...]:
        return _program_of, (self.tests, self.tier)

    def test(self, value: Any, variables: Mapping[str, Any] | None = None) -> Any:
        """Whether ``value`` satisfies the tests (True, False or None), in this tier."""
        return self._test(value, variables)

    def test_result(self, value: Any, variables: Mapping[str, Any] | None = None) -> Any:
        """The verdict with its warnings (a :class:`feel.Result`), in this tier."""
        return self._result(value, variables)


def run_generated(generated: Callable[[dict], Any], variables: Mapping[str, Any] | None) -> Any:
    """``generated(variables)`` (the value, or the Result), :class:`Declined` where it declines."""
    if variables is None:
        variables = _NO_VARIABLES
    elif type(variables) is not dict:
        raise Declined(f"the generated code reads a dict, not a {type(variables).__name__}")
    try:
        return generated(variables)  # type: ignore[arg-type]
    except BudgetExceeded:
        raise  # where the closures' budget runs out (see feel.fastpath)
    except Exception as error:  # declined at its start (or a bug: see feel.fastpath)
        raise Declined(f"the generated code declined these variables "
                       f"({type(error).__name__})") from error  # fmt: skip


def _program_of(compiled: Any, tier: str) -> Any:
    return compiled.program(tier)
