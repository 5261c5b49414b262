"""Fast paths: an expression evaluated often is translated into one Python function.

The closures of :mod:`feel.compiler` serve every evaluation: they convert each variable
where it is first read (:mod:`feel.hostvars`), and each node is a call. Once an :class:`feel.api.Expression` has
been evaluated twice, :func:`generate` translates its tree into the source of a single
function ``fast(variables)`` that reads the host's dict directly and checks only the
values it uses, where it uses them, with the kinds known at translation time (a constant,
the result of an arithmetic operation) never checked again.

A fast path computes the common case inline, checking kinds where values are read: host
ints (most JSON numbers) are converted where they are read, or compared with whole
constants as they are; ``max``/``min`` pick among ints or floats and convert the pick.
Each operator's kind guard, inline operation and general helper come from its entry in
:mod:`feel.semantics`, the table the closures read too. Where an operator's operands are of
other kinds (a null from a missing variable, a string in arithmetic), its *slow branch*
calls the general helper the closures call (:func:`feel.semantics.arithmetic_values`,
:func:`~feel.semantics.compare_values`, :func:`~feel.semantics.not_boolean`) with the operands already computed, in a
state made at the first slow branch (``fast(v, st)``: DMN passes its own scope, whose
state collects the warnings): nothing runs twice. So does a missing context entry
(:func:`feel.compiler.paths.member` over the host's dict), a missing variable read once
where no name is bound (:func:`feel.compiler.structures.missing_variable`, its hint from
the host's names), an ``if`` condition of another kind, and ``string()`` of a list or
context (called in that state, whose budgets its walk charges), and a list longer than
:data:`MAX_ITEMS` (or a ``low..high`` of more numbers): a loop over it takes its items
charged to the budgets of that state, a built-in walking it is called in
that state (as ``max``/``min`` are of anything but a list of numbers they pick among as they
are). A loop over a value that is not a list takes it as the closures do, where it finds it
(:func:`feel.iteration.iterated`, :func:`~feel.iteration.filtered`: a list of one item, or
null, whose loop runs over nothing and whose result is null), and ``for x in low..high``
with bounds that are not integers, or dates, is :func:`~feel.iteration.bounded`'s. A
filter's condition that gives a number is an index as the closures take it (the first
item's verdict, or an empty list's condition, evaluated again outside any item:
:func:`~feel.iteration.at_index`); ``in`` and ``substring`` over a value of another kind
call the closures' test and the built-in's general call; a context that is a dict
subclass, or has keys of other kinds, is converted as the closures convert it; a missing
variable a filter reads where its items lack the entry warns at each read, as theirs.
For a caller that keeps warnings, a missing variable read twice, in a loop or inside a
context (the closures warn at each read, with a hint of the names around it) is declined
at the code's start, before anything runs (:class:`~feel.fastpath.helpers.Unsaid`), as is
a host's function named like a built-in the code calls (:class:`~.helpers.Shadowed`: the
closures call it) and a dotted name the host does not give (:class:`~.helpers.Dotted`:
the closures read it as a path); variables with keys of other kinds are converted first,
as theirs, and a built-in's name read as a value, missing, is the built-in. Where a
filter's item binds a function to the name of a built-in the condition calls, the call
is the closures' own, compiled from the same node and evaluated in the names and items
around it (:func:`~.helpers._delegated`). So the closures never evaluate after the
generated code has begun: a declined evaluation is declined before its first line, and
nothing is counted twice. (A bug of the generated code, an exception of ours it did not
mean, still falls back on the closures, in a state of their own; the fuzzer and the
cross-tier tests look for them.)

What it computes must equal what the closures compute: tests/feelcheck.py runs every case of the language tables both ways, tests/test_tiers.py runs the case files
through every tier, the TCK passes with either tier forced (``python -m tck --tier``), and
tests/test_fastpath.py and ``python -m bench.fuzz`` compare the two on random variables.

Unary tests (:func:`translate_tests`) are translated as ``? in (tests)``, which the
closures test with the same function: constant tests of one kind (numbers, strings,
intervals, open ranges, lists), with ``not(...)`` negating the verdict; the input is the
variable ``?`` among the host's. Decision tables still test their input entries by the
closures' predicates (:mod:`feel.dmn` reads them itself).

Budgets: a fast path walks at most :data:`MAX_ITEMS` items uncounted in each loop,
projection or list built-in it holds, never a loop inside a loop, and the translation
refuses an expression whose uncounted walks could add up to half the engine's ``max_steps``
(or an engine whose ``max_size`` is below :data:`MAX_ITEMS`). A longer list is counted:
a loop charges a step per item where the closures' loop counts it, so the step budget runs
out at the same item in both tiers (:func:`~feel.fastpath.helpers._charged`: far from the
budget, :data:`~feel.fastpath.helpers.CHUNK` items at a time before it runs them, the
clock read then, and what a loop that stops early did not reach given back); a projection
or a built-in over it is the closures' own, in the state. Past a budget the generated code
raises the closures' error, and that is final. Strings are checked against ``max_string``
where they are built, and past it the slow branch raises the size budget as the closures
do. So the generated code runs out of a budget where the closures would (to within its
uncounted walks).

Both tiers read the host's variables the same way: each value where it is read, a path
into a variable entry by entry, so a variable that would be refused (nested too deeply,
containing itself) makes an evaluation fail only where the expression reads a part of it
that is refused (``x.a + 1`` with ``x = {"a": 1, "self": x}`` is 2 in both).

Measured with ``python -m bench`` (medians, this 2-core machine): the twelve benchmark
expressions went from 4-17 times their hand-written Python to 0.3-3.0 times (result mapping
4.6 -> 0.55 µs, ``upper case(substring(...))`` 1.9 -> 0.2, ``max`` over 100 numbers 9.9 ->
5.2, of which 3 µs check the numbers). Making a fast path costs 0.3-2 ms, once (the benchmark's
column; most of it Python's ``compile()`` of the source).
"""

from feel.fastpath.helpers import MAX_ITEMS, Decline
from feel.fastpath.kinds import Unsupported
from feel.fastpath.translator import generate, translate, translate_tests

__all__ = ["MAX_ITEMS", "Decline", "Unsupported", "generate", "translate", "translate_tests"]
