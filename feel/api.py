"""The public entry points: :class:`Engine`, :class:`Expression`, :class:`UnaryTests`.

Compile once, evaluate many times: ``Engine.compile`` parses and compiles a text into
closures; ``Expression.evaluate`` only runs them. ``Engine.evaluate`` keeps a bounded
LRU cache of compiled expressions keyed by the text and the names that change how it
tokenizes (names with spaces or symbols). From its second evaluation on, ``evaluate`` runs
an expression's fast path (:mod:`feel.fastpath`) when it has one, and the closures when
the fast path gives up; what follows is the cost of an evaluation by the closures.

What one evaluation costs besides the closures (measured on ``x between 1 and 10``, whose
closures take 0.15 µs): checking the variables (0.13 µs here; about 45 ns per number,
which is why a list of 100 numbers costs 4.5 µs on every call), a state (0.2 µs), the
context variable :data:`feel.runtime.CURRENT` (0.12 µs) and the scope (0.09 µs). A *light*
expression (no loop, call or deep equality: nothing that reads the context variable, see
:mod:`feel.compiler.core`) skips the context variable. An evaluation runs once: nothing
runs it again with another state.
"""

from __future__ import annotations

import datetime as _dt
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from feel import temporal
from feel.analysis import Reads, reads
from feel.compiler import Compiler
from feel.convert import PythonFunction, to_feel, variables_in
from feel.dialect import Dialect, dialect_of
from feel.diagnostics import Warning
from feel.errors import FeelError, FeelInternalError, FeelSyntaxError, as_feel_error
from feel.lexer import NameIndex, needs_index
from feel.lexer import scope_index as scope_index_over
from feel.nodes import UnaryTests as UnaryTestsNode
from feel.parser import parse
from feel.program import NO_GENERATED_TESTS, Declined, Program, UnaryProgram, tier_of
from feel.runtime import CURRENT, Dropping, Scope, State
from feel.settings import Settings
from feel.unary import compile_unary_tests
from feel.values import Function


@dataclass
class Result:
    """A value with the warnings that explain each null a failure produced."""

    value: Any
    warnings: list[Warning] = field(default_factory=list)


class Engine:
    """A FEEL engine: built-in and custom functions, a clock, and budgets.

    ``functions`` maps FEEL names to Python callables (or :class:`feel.values.Function`
    objects); a name of a built-in is refused unless ``override_builtins`` is true.
    ``clock`` returns the current time as an aware ``datetime`` (for ``now()``/``today()``).
    Budgets, each exceeded as :class:`feel.BudgetExceeded` naming it: ``max_size`` items in
    a list built by iteration, ``max_string`` characters in a string built by ``+``,
    ``max_tokens`` tokens in a text to compile (a syntax error beyond),
    ``max_depth`` nested function calls, ``max_steps`` loop iterations and calls per
    evaluation, ``timeout`` seconds of wall time per evaluation (None for no limit).
    ``resolve_type(name)`` may give a predicate for type names unknown to FEEL and
    ``resolve_external(definition, parameter_names)`` a Function for ``external`` ones.
    ``dialect`` is ``"dmn"`` (DMN 1.5, the default) or ``"camunda"`` (see :mod:`feel.dialect`).
    ``tier`` chooses the code that evaluates: ``"auto"``, ``"closures"`` or ``"generated"``
    (see :attr:`feel.settings.Settings.tier`; the same tier for one expression:
    :meth:`Expression.program`). All of these together are the engine's :attr:`settings`; :meth:`derive` changes some.
    """

    def __init__(
        self,
        functions: Mapping[str, Callable[..., Any] | Function] | None = None,
        clock: Callable[[], _dt.datetime] | None = None,
        *,
        override_builtins: bool = False,
        max_size: int = 2_000_000,
        max_depth: int = 180,
        max_steps: int = 2_000_000,
        max_string: int = 10_000_000,
        max_tokens: int = 200_000,
        timeout: float | None = 10.0,
        cache_size: int = 1024,
        resolve_type: Callable[[str], Callable[[Any], bool] | None] | None = None,
        resolve_external: Callable[[Any, tuple[str, ...]], Function | None] | None = None,
        dialect: str | Dialect | None = None,
        tier: str = "auto",
    ) -> None:
        self._configure(Settings(
            functions=functions or {}, clock=clock, override_builtins=override_builtins,
            max_size=max_size, max_depth=max_depth, max_steps=max_steps, max_string=max_string,
            max_tokens=max_tokens, timeout=timeout, cache_size=cache_size,
            resolve_type=resolve_type, resolve_external=resolve_external,
            dialect=dialect_of(dialect), tier=tier,
        ))  # fmt: skip

    @classmethod
    def from_settings(cls, settings: Settings) -> Engine:
        """An engine with ``settings``."""
        engine = cls.__new__(cls)
        engine._configure(settings)
        return engine

    def derive(self, **changes: Any) -> Engine:
        """A new engine with these settings, ``changes`` applied (names of :class:`Settings`):
        ``engine.derive(dialect="camunda")`` keeps the functions, clock and budgets."""
        return Engine.from_settings(self.settings.derive(**changes))

    def __reduce__(self) -> tuple[Any, ...]:
        return Engine.from_settings, (self.settings,)

    def _configure(self, settings: Settings) -> None:
        from feel.builtins import builtins_for

        self.settings = settings
        self.dialect = settings.dialect
        builtins = builtins_for(settings.dialect)
        self.functions: dict[str, Function] = dict(builtins)
        for name, function in settings.functions.items():
            if name in builtins and not settings.override_builtins:
                raise FeelError(
                    f"{name!r} is a built-in function; pass override_builtins=True to replace it"
                )
            self.functions[name] = (
                function if isinstance(function, Function) else PythonFunction(name, function)
            )
        self.clock = settings.clock or _system_clock
        self.max_size = settings.max_size
        self.max_depth = settings.max_depth
        self.max_steps = settings.max_steps
        self.max_string = settings.max_string
        self.max_tokens = settings.max_tokens
        self.timeout = settings.timeout
        self.resolve_type = settings.resolve_type
        self.resolve_external = settings.resolve_external
        #: The evaluation at which an expression gets its generated code (0: never).
        self._generate_at = {"auto": 2, "generated": 1, "closures": 0}[settings.tier]
        self._extra_names = [name for name in settings.functions if needs_index(name)]
        self._cached = lru_cache(maxsize=settings.cache_size)(self._compile_cached)
        self._keys: dict[tuple, frozenset[str]] = {}  # variable names -> their _names_key
        self._key_names = 0  # how many names the keys of _keys hold

    def now(self) -> Any:
        """The engine clock's current date and time as a FEEL value."""
        return temporal.from_python(self.clock())

    def _index(self, names: Iterable[str] | NameIndex | None) -> Any:
        if isinstance(names, NameIndex):
            return names
        return scope_index([*self._extra_names, *(name for name in names or () if type(name) is str)])

    def name_index(self, names: Iterable[str]) -> NameIndex:
        """The names in scope made ready once, to pass as ``names=`` to :meth:`compile` and
        :meth:`compile_unary_tests` for many texts (a DMN model's thousand cells share one)."""
        return self._index(list(names))

    def compile(self, expression: str, names: Iterable[str] | None = None) -> Expression:
        """Compile ``expression``; ``names`` are the names in scope (for multi-word names)."""
        kept = _names_kept(names)
        index = self._index(names)
        names = kept
        with _internal_errors_as_feel_errors(expression):
            tree = parse(expression, index, max_string=self.max_string, max_tokens=self.max_tokens)
            compiler = Compiler(expression, self)
            closure = compiler.expression(tree)
            return Expression(expression, closure, self, compiler.light,
                              (tree, compiler.constants), reads(tree, self.functions),
                              names)  # fmt: skip

    def compile_unary_tests(self, tests: str, names: Iterable[str] | None = None) -> UnaryTests:
        """Compile unary tests such as ``< 10, [20..30]`` or ``not("a", "b")``."""
        kept = _names_kept(names)
        index = self._index(names)
        names = kept
        with _internal_errors_as_feel_errors(tests):
            tree = parse(tests, index, "unary_tests_start", self.max_string, self.max_tokens)
            assert isinstance(tree, UnaryTestsNode)
            compiler = Compiler(tests, self)
            test = compile_unary_tests(compiler, tree)
            return UnaryTests(tests, test, self, compiler.light,
                              reads(tree, self.functions, frozenset(["?"])), names)  # fmt: skip

    def compile_tree(self, text: str, tree: Any) -> Callable[[Scope], Any]:
        """The closure of ``tree``, parsed from ``text``: for built-ins that read FEEL text
        (``range()``), which may not import the compiler."""
        return Compiler(text, self).expression(tree)

    def _compile_cached(self, expression: str, names: frozenset[str], unary: bool) -> Any:
        if unary:
            return self.compile_unary_tests(expression, names)
        return self.compile(expression, names)

    def _names_key(self, variables: Mapping[str, Any] | None) -> frozenset[str]:
        if not variables:
            return _NO_NAMES
        if type(variables) is dict:
            # the same names come again and again: remembered (0.4 of the 1.2 µs that
            # evaluate("x between 1 and 10", ...) took went into finding them)
            names = tuple(variables)
            try:
                known = self._keys.get(names)
            except Exception:  # a key object whose hash or == fails
                return _names_needing_index(variables)
            if known is None:
                # bounded by count and by the names kept (1,024 keys of 20,000 names took 719 MB)
                known = _names_needing_index(variables)
                if len(names) <= _KEY_NAMES:
                    if len(self._keys) >= 1024 or self._key_names + len(names) > _KEY_NAMES:
                        self._keys.clear()
                        self._key_names = 0
                    self._keys[names] = known
                    self._key_names += len(names)
            return known
        if not isinstance(variables, Mapping):
            raise FeelError("the variables must be a mapping of names to values")
        try:
            return _names_needing_index(variables)
        except Exception as error:  # a host mapping whose iteration fails
            raise FeelError(f"the variables could not be read: {error}") from None

    def evaluate(self, expression: str, variables: Mapping[str, Any] | None = None) -> Any:
        """Evaluate ``expression`` with ``variables`` (compiled once, then cached)."""
        if not isinstance(expression, str):
            raise FeelError("the expression must be a string")
        return self._cached(expression, self._names_key(variables), False).evaluate(variables)

    def evaluate_result(self, expression: str, variables: Mapping[str, Any] | None = None) -> Result:
        """Like :meth:`evaluate`, with the warnings."""
        if not isinstance(expression, str):
            raise FeelError("the expression must be a string")
        compiled = self._cached(expression, self._names_key(variables), False)
        return compiled.evaluate_result(variables)

    def unary_test(self, tests: str, value: Any, variables: Mapping[str, Any] | None = None) -> Any:
        """True, False or None: does ``value`` satisfy the unary ``tests``?"""
        if not isinstance(tests, str):
            raise FeelError("the unary tests must be a string")
        return self._cached(tests, self._names_key(variables), True).test(value, variables)


class Expression:
    """A compiled FEEL expression: immutable, reusable, safe to share between threads.

    ``light`` (from the compiler: no loop, call or deep equality) lets :meth:`evaluate` skip
    the context variable :data:`feel.runtime.CURRENT`. ``source`` (the tree and
    its constant closures) is kept until the fast path is made: at the second
    :meth:`evaluate`, or when :meth:`program` or :meth:`why_not_generated` asks for it.
    """

    __slots__ = ("_closure", "_fast", "_light", "_reads", "_source", "_uses", "_why_not",
                 "engine", "names", "text")  # fmt: skip

    def __init__(self, text: str, closure: Callable[[Scope], Any], engine: Engine,
                 light: bool = False, source: tuple[Any, dict] | None = None,
                 names_read: Reads | None = None, names: tuple[str, ...] = ()) -> None:  # fmt: skip
        self.text = text
        self._reads = names_read or Reads()
        #: The names given to ``compile`` that change how the text reads (for pickling).
        self.names = names
        self._closure = closure
        self.engine = engine
        self._light = light
        #: The tree and its constants, kept until the fast path is made (:mod:`feel.fastpath`).
        self._source = source
        self._fast: Callable[[dict], Any] | None = None
        self._why_not: str | None = None
        self._uses = 0

    def __repr__(self) -> str:
        return f"<feel.Expression {self.text!r}>"

    @property
    def variables(self) -> tuple[str, ...]:
        """The names of the variables the expression reads (its free names, in order of
        first appearance; computed at compile time): ``compile("a.b + c").variables`` is
        ``("a", "c")``. Names bound inside it and function names are not variables."""
        return self._reads.variables

    @property
    def paths(self) -> tuple[tuple[str, ...], ...]:
        """Each read of a variable as a path: its name, then the context keys read from it
        where they are written out (``response.body.id`` is ``("response", "body", "id")``,
        ``x`` alone ``("x",)``), in order of first appearance."""
        return self._reads.paths

    @property
    def closure(self) -> Callable[[Scope], Any]:
        """The compiled ``(scope) -> value``, for embedders (DMN) that evaluate many
        expressions in one :class:`State`: the caller sets :data:`feel.runtime.CURRENT`."""
        return self._closure

    def scoped(self) -> Callable[[Scope], Any]:
        """As :attr:`closure`, in the engine's tier: for the ``"generated"`` tier, the
        generated code (made now) called on the names the scope chain sees, the closure
        where there is none or it declines. DMN evaluates its cells through this."""
        if self.engine._generate_at != 1:
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
        if fast is not None:
            if type(variables) is dict or variables is None:
                try:
                    return fast(_NO_VARIABLES if variables is None else variables)
                except Exception:
                    pass  # not a common case: the closures evaluate (and warn)
        scope_vars = variables_in(variables)
        if self._light:
            try:
                return self._closure(Scope(scope_vars, None, Dropping.for_engine(self.engine)))
            except FeelError:
                raise
            except Exception as error:  # only our exceptions leave the library
                raise as_feel_error(error) from error
        return self.run(scope_vars, Dropping.for_engine(self.engine))

    def _warm_up(self) -> None:
        """Count an evaluation; at the second (the engine's tier may say the first, or
        never), make the fast path (once: a fast path costs a Python compilation,
        50-225 µs, worth it only for an expression used again)."""
        self._uses += 1
        at = self.engine._generate_at
        if at and self._uses >= at:
            self._generated()

    def _generated(self) -> Callable[[dict], Any] | None:
        """The fast path, made now if not yet (once, whoever asks first), or None."""
        if self._source is None:  # made (or refused) already: _fast and _why_not are set
            return self._fast
        with _GENERATING:
            source = self._source
            if source is None:
                return self._fast
            from feel import fastpath  # here: a process that evaluates nothing twice never loads it

            try:
                fast, why = fastpath.translate(source[0], self.engine, source[1], self.text)
            except Exception as error:  # a bug of the translation must not stop the evaluation
                fast, why = None, f"the translation failed: {error!r}"
            self._fast, self._why_not = fast, why
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
        return Program(self, tier, fast)

    def why_not_generated(self) -> str | None:
        """None when the expression has generated code (made now if not yet), else why not:
        ``compile("f(1)").why_not_generated()`` names the call it does not cover."""
        return None if self._generated() is not None else (self._why_not or "no generated code")

    def evaluate_result(self, variables: Mapping[str, Any] | None = None) -> Result:
        """The value together with the warnings that explain its nulls."""
        state = State.for_engine(self.engine)
        value = self.run(variables_in(variables), state)
        return Result(value, state.warnings)

    def run(self, scope_vars: Mapping[str, Any], state: State, parent: Scope | None = None) -> Any:
        """Evaluate in ``state`` with FEEL-valued ``scope_vars`` (no conversion): for embedders
        such as the DMN evaluator that share one state across many expressions."""
        token = CURRENT.set(state)
        try:
            return self._closure(Scope(scope_vars, parent, state))
        except FeelError:
            raise
        except Exception as error:  # only our exceptions leave the library
            raise as_feel_error(error) from error
        finally:
            CURRENT.reset(token)


class UnaryTests:
    """Compiled unary tests: ``test(value, variables)`` gives True, False or None."""

    __slots__ = ("_light", "_reads", "_test", "engine", "names", "text")

    def __init__(self, text: str, test: Callable[[Scope, Any], Any], engine: Engine,
                 light: bool = False, names_read: Reads | None = None,
                 names: tuple[str, ...] = ()) -> None:  # fmt: skip
        self.text = text
        self._reads = names_read or Reads()
        self.names = names  # as Expression.names
        self._test = test
        self.engine = engine
        self._light = light

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
        """The tests run in ``tier``: ``"auto"`` (as :meth:`test`) or ``"closures"`` (always
        a full state); ``"generated"`` is :class:`feel.Declined` (no generated code yet)."""
        if tier_of(tier) == "generated":
            raise Declined(NO_GENERATED_TESTS)
        return UnaryProgram(self, tier)

    def why_not_generated(self) -> str:
        """Why the tests have no generated code (unary tests have none yet)."""
        return NO_GENERATED_TESTS

    def test_many(self, values: Iterable[Any], variables: Mapping[str, Any] | None = None, *,
                  results: bool = False) -> Iterator[Any]:  # fmt: skip
        """The verdict for each of ``values``, lazily, with the same ``variables``; with
        ``results``, a :class:`Result` (verdict and warnings) for each."""
        from feel.reuse import test_each

        return test_each(self.test_result if results else self.test, values, variables)

    def test(self, value: Any, variables: Mapping[str, Any] | None = None) -> Any:
        """Whether ``value`` (a Python value, converted) satisfies the tests."""
        value, scope_vars = _value_in(value), variables_in(variables)
        if self._light:
            state = Dropping.for_engine(self.engine)
            try:
                return self._test(Scope({"?": value}, Scope(scope_vars, None, state), state),
                                  value)  # fmt: skip
            except FeelError:
                raise
            except Exception as error:  # only our exceptions leave the library
                raise as_feel_error(error) from error
        return self.run(value, scope_vars, Dropping.for_engine(self.engine))

    def test_result(self, value: Any, variables: Mapping[str, Any] | None = None) -> Result:
        """The verdict with the warnings."""
        state = State.for_engine(self.engine)
        verdict = self.run(_value_in(value), variables_in(variables), state)
        return Result(verdict, state.warnings)

    def run(self, value: Any, scope_vars: Mapping[str, Any], state: State,
            parent: Scope | None = None) -> Any:  # fmt: skip
        """Test a FEEL ``value`` in ``state`` (no conversion), for embedders."""
        scope = Scope(scope_vars, parent, state)
        token = CURRENT.set(state)
        try:
            return self._test(Scope({"?": value}, scope, state), value)
        except FeelError:
            raise
        except Exception as error:  # only our exceptions leave the library
            raise as_feel_error(error) from error
        finally:
            CURRENT.reset(token)


_BUILTIN_NAMES: NameIndex | None = None


def scope_index(names: Iterable[str]) -> NameIndex:
    """The index of the built-in names plus ``names`` (only those that need one)."""
    global _BUILTIN_NAMES
    if _BUILTIN_NAMES is None:  # at the first compilation: import feel loads no built-ins
        from feel.builtins.index import builtin_index

        _BUILTIN_NAMES = builtin_index()
    return scope_index_over(names, _BUILTIN_NAMES)


def _system_clock() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc).astimezone()


_NO_NAMES: frozenset[str] = frozenset()
#: The most variable names :meth:`Engine._names_key` remembers, across all its keys.
_KEY_NAMES = 65_536
_NO_VARIABLES: dict[str, Any] = {}  # read by fast paths, never written
_GENERATING = threading.Lock()  # one fast path made at a time (each once, 50-225 µs)


def _scoped_generated(fast: Callable[[dict], Any], closure: Callable[[Scope], Any]) -> Callable[[Scope], Any]:
    """``fast`` as a function of a scope (see :meth:`Expression.scoped`)."""

    def generated(scope: Scope) -> Any:
        chain = []
        level: Scope | None = scope
        while level is not None:
            chain.append(level.vars)
            level = level.parent
        names: dict[str, Any] = {}
        for vars in reversed(chain):  # inner names hide outer ones
            names.update(vars)
        try:
            return fast(names, scope)  # (its slow branches warn in the scope's state)
        except Exception:
            return closure(scope)  # not a case the generated code covers: with the warnings

    return generated


def _names_kept(names: Iterable[str] | None) -> tuple[str, ...]:
    """The names of ``names`` that change how a text reads (those the lexer is told about)."""
    if isinstance(names, NameIndex):
        return names.sorted_names()
    try:
        kept = {name for name in names or () if type(name) is str and needs_index(name)}
    except TypeError:
        raise FeelError("the names must be an iterable of strings") from None
    return tuple(sorted(kept))


def _names_needing_index(variables: Mapping[str, Any]) -> frozenset[str]:
    return frozenset(name for name in variables if type(name) is str and needs_index(name))


def _value_in(value: Any) -> Any:
    """The FEEL value of a Python value given to unary tests."""
    try:
        return to_feel(value)
    except RecursionError:
        raise FeelError("the value is nested too deeply (or contains itself)") from None


@contextmanager
def _internal_errors_as_feel_errors(text: Any) -> Iterator[None]:
    """Let FeelErrors through; text nested deeper than the stack is a FeelSyntaxError;
    anything else (a bug of ours) a FeelInternalError."""
    try:
        yield
    except FeelError:
        raise
    except RecursionError:
        raise FeelSyntaxError("expression nested too deeply", expression=str(text)) from None
    except Exception as error:
        raise FeelInternalError(f"internal error while compiling {str(text)[:200]!r}: "
                                f"{error!r}") from error  # fmt: skip


_DEFAULT: Engine | None = None
_DEFAULT_LOCK = threading.Lock()


def default_engine() -> Engine:
    """The engine behind the module-level functions."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Engine()
    return _DEFAULT
