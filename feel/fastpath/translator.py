"""The translator put together, and :func:`generate`: a tree to the function ``fast(v)``."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from feel import nodes as n
from feel.fastpath.arithmetic import Operators
from feel.fastpath.calls import Calls
from feel.fastpath.control import Control
from feel.fastpath.kinds import Unsupported
from feel.fastpath.paths import Paths
from feel.facts import Facts


class Translator(Paths, Operators, Control, Calls):
    """Writes the body of ``fast(v)`` for one tree: the node methods of every construct."""


def generate(tree: n.Node, engine: Any, facts: Facts,
             text: str = "") -> Callable[..., Any] | None:  # fmt: skip
    """The fast path of ``tree`` (compiled by ``engine``), or None when the
    tree holds a construct the translation does not cover. ``facts`` are the tree's facts
    (the closures were compiled from the same); ``text`` is the source the
    spans of warnings point into. The function ``fast(v, st=None)`` takes the variables as
    the host passed them (a dict) and, optionally, the scope whose state collects the
    warnings of its slow branches (made at the first one when not given); it raises
    :class:`feel.fastpath.Decline` at its start, before anything runs, when the closures
    must evaluate, and past a budget the closures' error."""
    return translate(tree, engine, facts, text)[0]


def translate(tree: n.Node, engine: Any, facts: Facts,
              text: str = "") -> tuple[Callable[..., Any] | None, str | None]:  # fmt: skip
    """:func:`generate`'s function and None, or None and why there is none (the construct
    the translation stopped at: what ``Expression.why_not_generated`` says)."""
    translator = Translator(engine, facts, text)
    translator.read_once = facts.read_once(tree)
    try:
        result = translator.feel(translator.value(tree))
    except Unsupported as refused:
        return None, f"the generated code does not cover a part of the expression ({refused or '?'})"
    except (RecursionError, MemoryError):
        return None, "the expression is nested too deeply to translate"
    translator.line(f"return {result.code}")
    if translator.shadowed:  # decided before anything runs: nothing runs twice
        hidden = " or ".join(f"{name!r} in v" if any_value else
                             f"{name!r} in v and _may_be_function(v[{name!r}])"
                             for name, any_value in sorted(translator.shadowed.items()))  # fmt: skip
        translator.lines.insert(0, f"    if {hidden}: raise Shadowed")
    if translator.dotted:
        missing = " or ".join(f"{name!r} not in v" for name in sorted(translator.dotted))
        translator.lines.insert(0, f"    if {missing}: raise Dotted")
    if translator.unsure:
        lacks = _lacks(translator)
        translator.lines.insert(0, f"    if st is not None and {lacks} and _keeps(st): raise Unsaid")
    names = list(translator.cells)
    source = (f"def make({', '.join(names)}):\n    def fast(v, st=None):\n"
              + "\n".join("    " + line for line in translator.lines)
              + "\n    return fast\n")  # fmt: skip
    namespace: dict[str, Any] = {}
    try:
        with warnings.catch_warnings():  # Python's, on code it finds odd: not for the host
            warnings.simplefilter("ignore")
            code = compile(source, "<feel fast path>", "exec")
    except (SyntaxError, RecursionError, MemoryError):  # e.g. over 100 levels of indentation
        return None, "Python could not compile the generated code (nested too deeply)"
    exec(code, namespace)
    fast = namespace["make"](*(translator.cells[name] for name in names))
    fast.source = source  # type: ignore[attr-defined]
    return fast, None


def translate_tests(tree: n.UnaryTests, engine: Any, text: str = "") -> tuple[Callable[..., Any] | None, str | None]:  # fmt: skip
    """The generated code of unary tests ``tree`` (their function and None, or None and why
    there is none): ``fast(v, st=None)`` with the input as ``v["?"]`` among the variables.
    The tests are ``? in (tests)``, which the closures test with the same function
    (:func:`feel.unary.compile_tests`); ``not(...)`` negates that verdict, null staying
    null. ``-`` (no test) needs no code."""
    if not tree.tests:
        return None, "no tests (`-` is true of every input): nothing to generate"
    value = n.Name(tree.start, tree.end, "?")
    membership = n.In(tree.start, tree.end, value, tree.tests)
    fast, why = translate(membership, engine, Facts(engine), text)
    if fast is None or not tree.negated:
        return fast, why
    tested = fast

    def negated(v: dict, st: Any = None) -> Any:
        verdict = tested(v, st)
        return None if verdict is None else not verdict

    negated.source = tested.source  # type: ignore[attr-defined]
    return negated, None


def _lacks(translator: Translator) -> str:
    """Code: the host's ``v`` lacks one of the names the translation is unsure of (tested
    one by one for a few: 25 ns a name, where a set comparison costs 100)."""
    unsure = sorted(translator.unsure)
    if len(unsure) <= 4:
        return "(" + " or ".join(f"{name!r} not in v" for name in unsure) + ")"
    return f"not v.keys() >= {translator.cell(frozenset(unsure))}"
