"""The public entry point :class:`Engine` (what it compiles, :class:`Expression` and
:class:`UnaryTests`, is in :mod:`feel.compiled`; both are re-exported here and by ``feel``).

Compile once, evaluate many times: ``Engine.compile`` parses and compiles a text into
closures; ``Expression.evaluate`` only runs them. ``Engine.evaluate`` keeps a bounded
LRU cache of compiled expressions keyed by the text and the names that change how it
tokenizes (names with spaces or symbols). From its second evaluation on, ``evaluate`` runs
an expression's fast path (:mod:`feel.fastpath`) when it has one, and the closures when
the fast path declines (at its start); what follows is the cost of an evaluation by the closures.

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
from functools import lru_cache
from typing import Any

from feel import temporal
from feel.analysis import reads
from feel.compiler import Compiler
from feel.convert import PythonFunction
from feel.dialect import Dialect, dialect_of
from feel.errors import FeelError, FeelInternalError, FeelSyntaxError
from feel.lexer import NameIndex, needs_index
from feel.lexer import scope_index as scope_index_over
from feel.nodes import UnaryTests as UnaryTestsNode
from feel.parser import parse
from feel.runtime import Scope
from feel.compiled import Expression, Result, UnaryTests
from feel.settings import Settings
from feel.unary import compile_unary_tests
from feel.values import Function


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
        #: The evaluation at which an expression gets its generated code (0: never), from
        #: the tier (read by :mod:`feel.compiled`).
        self.generate_at = {"auto": 2, "generated": 1, "closures": 0}[settings.tier]
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
            return Expression(expression, closure, self, None,
                              (tree, compiler.facts), None, names)  # fmt: skip

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
            return UnaryTests(tests, test, self, compiler.facts.tests_light(tree),
                              reads(tree, self.functions, frozenset(["?"])), names, tree)  # fmt: skip

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
