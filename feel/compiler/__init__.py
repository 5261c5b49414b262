"""AST to closures: each node becomes one Python function ``evaluate(scope) -> value``, once.

Evaluation never walks the tree: a compiled expression is a tree of closures that call
each other directly. Closures hold only what was known at compile time (child closures,
constants, spans); everything that changes during an evaluation lives in the
:class:`feel.runtime.State` reached through ``scope.state``, so one compiled expression
is reentrant and can be shared between threads.

Failures raised by operators and functions (:class:`feel.diagnostics.Failure`) are caught
by the node that called them, which records a warning with its own span and yields null.
Constant sub-expressions (``2 * 3``, ``-1``) and calls of ``date``, ``time``, ``date and
time`` and ``duration`` with constant arguments (unless a scope binds the name at run time)
are constant closures: which nodes are constants, and their values, the tree's
:class:`feel.facts.Facts` say, the facts the generated code reads too.

Speed: in CPython a call costs little (20 ns); what a closure does inside costs. So the
common cases get closures of their own, chosen at compile time, that test the kinds of
the values once and fall back to the general path (which warns, converts, or calls the
operator of :mod:`feel.operators`): a constant operand of the usual kind is captured
(``x > 99``, ``a + " "``), ``a.b.c`` is one closure, a built-in called by its name goes
straight to its overload. A loop over a chain of operators in one closure was slower
than a closure per operator (0.89 µs against 0.81 for the five ``+`` of the benchmark's
string concatenation).
"""

from feel.compiler.compiler import Compiler
from feel.compiler.core import MAX_DEPTH, Closure, constant, unless_bound
from feel.compiler.paths import member
from feel.runtime import warn

__all__ = ["MAX_DEPTH", "Closure", "Compiler", "constant", "member", "unless_bound", "warn"]
