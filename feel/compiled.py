"""What :meth:`feel.Engine.compile` and :meth:`~feel.Engine.compile_unary_tests` give:
:class:`Expression` and :class:`UnaryTests`, compiled once, evaluated many times, and the
:class:`Result` of an evaluation with its warnings.

An expression evaluates in its engine's tier (:mod:`feel.program`): by its closures, or by
its generated code (:mod:`feel.fastpath`), made at its second evaluation (``"auto"``), at
its first (``"generated"``) or never (``"closures"``). Either way an evaluation runs once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from feel.analysis import Reads, reads
from feel.convert import to_feel
from feel.diagnostics import Warning
from feel.errors import BudgetExceeded, FeelError, as_feel_error
from feel.hostvars import HostScope, host_scope
from feel.program import NO_GENERATED_TESTS, Declined, Program, UnaryProgram, run_generated, tier_of
from feel.runtime import CURRENT, Dropping, Scope, State

@dataclass(slots=True)
class Result:
    """A value with the warnings that explain each null a failure produced."""

    value: Any
    warnings: list[Warning] = field(default_factory=list)


class Expression:
    """A compiled FEEL expression: immutable, reusable, safe to share between threads.

    ``light`` (a fact of the tree: no loop, call or deep equality; None: found from the
    tree at the second evaluation, see :meth:`feel.facts.Facts.light`) lets
    :meth:`evaluate` skip the context variable :data:`feel.runtime.CURRENT`. ``source`` (the tree and
    its :class:`feel.facts.Facts`) is kept until the fast path is made: at the second
    :meth:`evaluate`, or when :meth:`program` or :meth:`why_not_generated` asks for it.
    """

    __slots__ = ("_closure", "_fast", "_light", "_reads", "_source", "_uses", "_why_not",
                 "engine", "names", "text")  # fmt: skip

    def __init__(self, text: str, closure: Callable[[Scope], Any], engine: Any,
                 light: bool | None = False, source: tuple[Any, Any] | None = None,
                 names_read: Reads | None = None, names: tuple[str, ...] = ()) -> None:  # fmt: skip
        self.text = text
        #: What it reads (see :attr:`variables`); None: found in the tree when first asked,
        #: or when the fast path is made, whichever comes first (it was a tenth of a compile).
        self._reads = names_read if names_read is not None or source is not None else Reads()
        #: The names given to ``compile`` that change how the text reads (for pickling).
        self.names = names
        self._closure = closure
        self.engine = engine
        self._light = light if light is not None or source is not None else False
        #: The tree and its facts, kept until the fast path is made (:mod:`feel.fastpath`).
        self._source = source
        self._fast: Callable[[dict], Any] | None = None
        self._why_not: str | None = None
        self._uses = 0

    def __repr__(self) -> str:
        return f"<feel.Expression {self.text!r}>"

    @property
    def variables(self) -> tuple[str, ...]:
        """The names of the variables the expression reads (its free names, in order of
        first appearance; found once, without evaluating): ``compile("a.b + c").variables`` is
        ``("a", "c")``. Names bound inside it and function names are not variables."""
        return self._names_read().variables

    @property
    def paths(self) -> tuple[tuple[str, ...], ...]:
        """Each read of a variable as a path: its name, then the context keys read from it
        where they are written out (``response.body.id`` is ``("response", "body", "id")``,
        ``x`` alone ``("x",)``), in order of first appearance."""
        return self._names_read().paths

    def _names_read(self) -> Reads:
        if self._reads is None:
            self._from_tree()
        return self._reads  # type: ignore[return-value]  # (filled by _from_tree)

    def _from_tree(self) -> None:
        """Find what the tree has yet to say (what the expression reads, whether it is
        light), when first asked or before the tree is let go."""
        source = self._source  # (read once: another thread lets it go after filling both)
        if source is not None:
            if self._reads is None:
                self._reads = reads(source[0], self.engine.functions)
            if self._light is None:
                self._light = source[1].light(source[0])

    @property
    def closure(self) -> Callable[[Scope], Any]:
        """The compiled ``(scope) -> value``, for embedders (DMN) that evaluate many
        expressions in one :class:`State`: the caller sets :data:`feel.runtime.CURRENT`."""
        return self._closure

    def scoped(self) -> Callable[[Scope], Any]:
        """As :attr:`closure`, in the engine's tier: for the ``"generated"`` tier, the
        generated code (made now) called on the names the scope chain sees, the closure
        where there is none or it declines. DMN evaluates its cells through this."""
        if self.engine.generate_at != 1:
            return self._closure
        fast = self._generated()
        if fast is None:
            return self._closure
        return _scoped_generated(fast, self._closure)

    # -- pickling and batches (the work is in feel.reuse)

    def __reduce__(self) -> tuple[Any, ...]:
        from feel.reuse import compiled_again

        return compiled_again, (self.engine, self.text, self.names, False)

    def evaluate_many(self, records: Iterable[Mapping[str, Any] | None], *,
                      results: bool = False) -> Iterator[Any]:  # fmt: skip
        """The value for each mapping of ``records``, lazily; with ``results``, a
        :class:`Result` (value and warnings) for each."""
        from feel.reuse import evaluate_each

        return evaluate_each(self.evaluate_result if results else self.evaluate, records)

    def evaluate(self, variables: Mapping[str, Any] | None = None) -> Any:
        """The value of the expression with ``variables`` (Python values, converted)."""
        fast = self._fast
        if fast is None and self._source is not None:
            self._warm_up()
            fast = self._fast
        if fast is not None and (type(variables) is dict or variables is None):
            try:
                return fast(variables if variables is not None else _NO_VARIABLES)
            except BudgetExceeded:
                raise  # where the closures' budget runs out (feel.fastpath: budgets)
            except Exception:
                pass  # declined at its start: the closures evaluate (and warn)
        state = Dropping.for_engine(self.engine)
        if self._light:  # (None until known: the general way, right for any expression)
            try:
                return self._closure(host_scope(variables, state))
            except FeelError:
                raise
            except Exception as error:  # only our exceptions leave the library
                raise as_feel_error(error) from error
        return self._run_in(host_scope(variables, state))

    def _warm_up(self) -> None:
        """Count an evaluation; at the second (the engine's tier may say the first, or
        never), make the fast path (once: a fast path costs a Python compilation,
        0.3-2 ms, worth it only for an expression used again)."""
        self._uses += 1
        at = self.engine.generate_at
        if at and self._uses >= at:
            self._generated()
        elif self._uses == 2 and self._light is None:
            self._from_tree()  # (used again: worth the walks, which a first use is not)

    def _generated(self) -> Callable[[dict], Any] | None:
        """The fast path, made now if not yet (once, whoever asks first), or None."""
        if self._source is None:  # made (or refused) already: _fast and _why_not are set
            return self._fast
        with _GENERATING:
            source = self._source
            if source is None:
                return self._fast
            from feel import fastpath  # here: a process that evaluates nothing twice never loads it

            fast, why = _translated(fastpath.translate, source[0], self.engine, source[1], self.text)
            self._fast, self._why_not = fast, why
            self._from_tree()  # (the tree is let go now)
            self._source = None  # last: readers outside the lock test it first
            return fast

    def program(self, tier: str = "auto") -> Program:
        """The expression evaluated in ``tier``: ``"auto"`` (as :meth:`evaluate`),
        ``"closures"`` (never generated code) or ``"generated"`` (the generated code, made
        now; :class:`feel.Declined` when there is none). See :mod:`feel.program`."""
        if tier_of(tier) != "generated":
            return Program(self, tier)
        fast = self._generated()
        if fast is None:
            raise Declined(self._why_not or "no generated code")
        return Program(self, tier, fast, partial(_fresh_generated_result, self.engine, fast))

    def why_not_generated(self) -> str | None:
        """None when the expression has generated code (made now if not yet), else why not:
        ``compile("f(1)").why_not_generated()`` names the call it does not cover."""
        return None if self._generated() is not None else (self._why_not or "no generated code")

    def evaluate_result(self, variables: Mapping[str, Any] | None = None) -> Result:
        """The value together with the warnings that explain its nulls (from the second
        evaluation on, by the generated code where it has one, as :meth:`evaluate`: its
        slow branches warn in the result's state, and it leaves to the closures what it
        would not say why)."""
        fast = self._fast
        if fast is None and self._source is not None:
            self._warm_up()
            fast = self._fast
        if fast is not None and (type(variables) is dict or variables is None):
            holder = [self.engine]  # its state made at the first slow branch (pending_scope)
            try:
                return _generated_result(fast, variables, holder)
            except BudgetExceeded:
                raise  # where the closures' budget runs out (feel.fastpath: budgets)
            except Exception:
                # not a common case: the closures evaluate, in a new state, whose time
                # budget is what is left of the slow branches' state when one was made
                if len(holder) > 1:
                    return self._closures_result(variables, holder[1].state.deadline)
        return self.closures_result(variables)

    def closures_result(self, variables: Mapping[str, Any] | None = None) -> Result:
        """:meth:`evaluate_result` by the closures alone (the ``"closures"`` tier)."""
        return self._closures_result(variables, None)

    def _closures_result(self, variables: Mapping[str, Any] | None, deadline: float | None) -> Result:
        state = State.for_engine(self.engine)
        if deadline is not None:
            state.deadline = deadline
        value = self._run_in(host_scope(variables, state))
        return Result(value, state.warnings)

    def run(self, scope_vars: Mapping[str, Any], state: State, parent: Scope | None = None) -> Any:
        """Evaluate in ``state`` with FEEL-valued ``scope_vars`` (no conversion): for embedders
        such as the DMN evaluator that share one state across many expressions."""
        return self._run_in(Scope(scope_vars, parent, state))

    def _run_in(self, scope: Scope) -> Any:
        """Evaluate in ``scope`` (its state the current one while it runs)."""
        token = CURRENT.set(scope.state)
        try:
            return self._closure(scope)
        except FeelError:
            raise
        except Exception as error:  # only our exceptions leave the library
            raise as_feel_error(error) from error
        finally:
            CURRENT.reset(token)


class UnaryTests:
    """Compiled unary tests: ``test(value, variables)`` gives True, False or None."""

    __slots__ = ("_fast", "_light", "_reads", "_test", "_tree", "_uses", "_why_not", "engine",
                 "names", "text")  # fmt: skip

    def __init__(self, text: str, test: Callable[[Scope, Any], Any], engine: Any,
                 light: bool = False, names_read: Reads | None = None,
                 names: tuple[str, ...] = (), tree: Any = None) -> None:  # fmt: skip
        self.text = text
        self._reads = names_read or Reads()
        self.names = names  # as Expression.names
        self._test = test
        self.engine = engine
        self._light = light
        #: the tree, until the generated code is made (at the second test, as an
        #: expression's: see Expression._warm_up) or refused; then None
        self._tree = tree
        self._fast: Callable[..., Any] | None = None
        self._why_not: str | None = None if tree is not None else NO_GENERATED_TESTS
        self._uses = 0

    def __repr__(self) -> str:
        return f"<feel.UnaryTests {self.text!r}>"

    @property
    def variables(self) -> tuple[str, ...]:
        """The names of the variables the tests read besides the input (``?``), as
        :attr:`Expression.variables`: ``compile_unary_tests("< limit").variables`` is
        ``("limit",)``."""
        return self._reads.variables

    @property
    def paths(self) -> tuple[tuple[str, ...], ...]:
        """Each read of a variable as a path (see :attr:`Expression.paths`)."""
        return self._reads.paths

    @property
    def predicate(self) -> Callable[[Scope, Any], Any]:
        """The compiled ``(scope, value) -> True/False/None``, for embedders (DMN): ``scope``
        must bind ``?`` to ``value``, and the caller sets :data:`feel.runtime.CURRENT`."""
        return self._test

    # -- pickling and batches (the work is in feel.reuse)

    def __reduce__(self) -> tuple[Any, ...]:
        from feel.reuse import compiled_again

        return compiled_again, (self.engine, self.text, self.names, True)

    def program(self, tier: str = "auto") -> UnaryProgram:
        """The tests run in ``tier``: ``"auto"`` (as :meth:`test`), ``"closures"`` (always a
        full state) or ``"generated"`` (the generated code, made now; :class:`feel.Declined`
        when there is none: tests that are not constants of one kind, ``-``)."""
        if tier_of(tier) != "generated":
            return UnaryProgram(self, tier)
        fast = self._generated()
        if fast is None:
            raise Declined(self._why_not or NO_GENERATED_TESTS)
        return UnaryProgram(self, tier, fast, partial(_generated_test, self.engine, fast, False),
                            partial(_generated_test, self.engine, fast, True))

    def why_not_generated(self) -> str | None:
        """None when the tests have generated code (made now if not yet), else why not."""
        return None if self._generated() is not None else (self._why_not or NO_GENERATED_TESTS)

    def _generated(self) -> Callable[..., Any] | None:
        """The generated code, made now if not yet (once, whoever asks first), or None."""
        if self._tree is None:
            return self._fast
        with _GENERATING:
            tree = self._tree
            if tree is None:
                return self._fast
            from feel import fastpath  # here: a process that tests nothing twice never loads it

            fast, why = _translated(fastpath.translate_tests, tree, self.engine, self.text)
            self._fast, self._why_not = fast, why
            self._tree = None  # last: readers outside the lock test it first
            return fast

    def _warm_up(self) -> None:
        """Count a test; at the second (the engine's tier may say the first, or never),
        make the generated code (see :meth:`Expression._warm_up`)."""
        self._uses += 1
        at = self.engine.generate_at
        if at and self._uses >= at:
            self._generated()

    def test_many(self, values: Iterable[Any], variables: Mapping[str, Any] | None = None, *,
                  results: bool = False) -> Iterator[Any]:  # fmt: skip
        """The verdict for each of ``values``, lazily, with the same ``variables``; with
        ``results``, a :class:`Result` (verdict and warnings) for each."""
        from feel.reuse import test_each

        return test_each(self.test_result if results else self.test, values, variables)

    def test(self, value: Any, variables: Mapping[str, Any] | None = None) -> Any:
        """Whether ``value`` (a Python value, converted) satisfies the tests (from the second
        test on, by the generated code where the tests have one)."""
        value = _value_in(value)
        fast = self._fast
        if fast is None and self._tree is not None:
            self._warm_up()
            fast = self._fast
        if fast is not None:
            given = with_input(value, variables)
            if given is not None:
                try:
                    return fast(given)
                except BudgetExceeded:
                    raise  # where the closures' budget runs out (feel.fastpath: budgets)
                except Exception:
                    pass  # declined at its start: the closures test
        state = Dropping.for_engine(self.engine)
        if self._light:
            try:
                return self._test(Scope({"?": value}, host_scope(variables, state), state), value)
            except FeelError:
                raise
            except Exception as error:  # only our exceptions leave the library
                raise as_feel_error(error) from error
        return self._run_in(value, host_scope(variables, state))

    def test_result(self, value: Any, variables: Mapping[str, Any] | None = None) -> Result:
        """The verdict with the warnings (by the generated code, as :meth:`test`)."""
        value = _value_in(value)
        fast = self._fast
        if fast is None and self._tree is not None:
            self._warm_up()
            fast = self._fast
        given = with_input(value, variables) if fast is not None else None
        if given is not None:
            holder = [self.engine]  # its state made at the first slow branch
            try:
                return _generated_result(fast, given, holder)  # type: ignore[arg-type]
            except BudgetExceeded:
                raise
            except Exception:
                pass  # declined at its start: the closures test
        return self._closures_result(value, variables)

    def closures_result(self, value: Any, variables: Mapping[str, Any] | None = None) -> Result:
        """:meth:`test_result` by the closures alone (the ``"closures"`` tier)."""
        return self._closures_result(_value_in(value), variables)

    def _closures_result(self, value: Any, variables: Mapping[str, Any] | None) -> Result:
        """:meth:`closures_result` of a FEEL ``value`` (converted already)."""
        state = State.for_engine(self.engine)
        verdict = self._run_in(value, host_scope(variables, state))
        return Result(verdict, state.warnings)

    def run(self, value: Any, scope_vars: Mapping[str, Any], state: State,
            parent: Scope | None = None) -> Any:  # fmt: skip
        """Test a FEEL ``value`` in ``state`` (no conversion), for embedders."""
        return self._run_in(value, Scope(scope_vars, parent, state))

    def _run_in(self, value: Any, scope: Scope) -> Any:
        """Test a FEEL ``value`` in ``scope`` (its state the current one while it runs)."""
        state = scope.state
        token = CURRENT.set(state)
        try:
            return self._test(Scope({"?": value}, scope, state), value)
        except FeelError:
            raise
        except Exception as error:  # only our exceptions leave the library
            raise as_feel_error(error) from error
        finally:
            CURRENT.reset(token)


_NO_VARIABLES: dict[str, Any] = {}  # read by fast paths, never written
_GENERATING = threading.Lock()  # one fast path made at a time (each once, 0.3-2 ms)


def _generated_result(fast: Callable[..., Any], variables: Mapping[str, Any] | None,
                      holder: list) -> Result:  # fmt: skip
    """The :class:`Result` of the generated code ``fast`` on the dict ``variables``: its
    slow branches warn in a state that keeps warnings, made at the first one in ``holder``
    (``[engine]``, see :func:`feel.runtime.pending_scope`; a missing variable whose warnings
    it would not give is declined at its start: :class:`feel.fastpath.helpers.Unsaid`).
    Raises what the generated code raises when it declines (at its start) or runs out of
    a budget."""
    value = fast(_NO_VARIABLES if variables is None else variables, holder)
    return Result(value, holder[1].state.warnings if len(holder) > 1 else [])


def _fresh_generated_result(engine: Any, fast: Callable[..., Any],
                            variables: Mapping[str, Any] | None) -> Result:  # fmt: skip
    """:func:`_generated_result` with a holder of its own (for a :class:`Program`)."""
    return _generated_result(fast, variables, [engine])


def _scoped_generated(fast: Callable[[dict], Any], closure: Callable[[Scope], Any]) -> Callable[[Scope], Any]:
    """``fast`` as a function of a scope (see :meth:`Expression.scoped`)."""

    def generated(scope: Scope) -> Any:
        chain = []
        level: Scope | None = scope
        while level is not None:
            chain.append(level.host if type(level) is HostScope else level.vars)  # (raw: read as such)
            level = level.parent
        names: dict[str, Any] = {}
        for vars in reversed(chain):  # inner names hide outer ones
            names.update(vars)
        state = scope.state
        steps, warned = state.steps, len(state.warnings)
        try:
            return fast(names, scope)  # (its slow branches warn in the scope's state)
        except BudgetExceeded:
            raise  # where the closures' budget runs out (feel.fastpath: budgets)
        except Exception:
            # not a case the generated code covers: the closures, with the warnings, and
            # the steps and warnings of its slow branches taken back (counted once)
            state.steps = steps
            del state.warnings[warned:]
            return closure(scope)

    return generated


def _translated(translate: Callable[..., tuple], *arguments: Any) -> tuple[Any, str | None]:
    """``translate(*arguments)``: generated code and None, or None and why there is none (a
    bug of the translation is no code, and says so: it must not stop an evaluation)."""
    try:
        return translate(*arguments)
    except Exception as error:
        return None, f"the translation failed: {error!r}"


def _generated_test(engine: Any, fast: Callable[..., Any], result: bool, value: Any,
                    variables: Mapping[str, Any] | None = None) -> Any:  # fmt: skip
    """The verdict of unary tests' generated code ``fast`` on ``value`` (converted) with
    ``variables`` (with ``result``, a :class:`Result`): :class:`feel.Declined` where it
    declines, as the ``"generated"`` tier of an expression."""
    given = with_input(_value_in(value), variables)
    if given is None:
        raise Declined(f"the generated code reads a dict, not a {type(variables).__name__}")
    if result:
        return run_generated(partial(_fresh_generated_result, engine, fast), given)
    return run_generated(fast, given)


def with_input(value: Any, variables: Mapping[str, Any] | None) -> dict | None:
    """The variables the generated code of unary tests reads: the host's (a dict) with the
    input ``value`` (FEEL) as ``?``; None for variables that are not a dict."""
    if variables is None:
        return {"?": value}
    if type(variables) is not dict:
        return None
    given = dict(variables)
    given["?"] = value
    return given


def _value_in(value: Any) -> Any:
    """The FEEL value of a Python value given to unary tests."""
    try:
        return to_feel(value)
    except RecursionError:
        raise FeelError("the value is nested too deeply (or contains itself)") from None
