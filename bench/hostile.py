"""The fuzzer's attacks on the budgets: short expressions that make a lot of work.

Each generator writes a text of a few hundred characters at most that, without budgets,
would run for minutes or build gigabytes:

- values that share sub-structure (``a1: [a0, a0]`` many levels deep), then walked by a
  built-in or a conversion that could expand every path (``flatten``, ``string``, ``to json``,
  deep equality);
- built-ins over large lists, once or in a loop (quadratic ones such as ``distinct values``
  and ``union``, linear ones called many times such as ``list contains`` or ``string join``);
- regular expressions outside RE2's subset (back-references, counted repeats over 1,000)
  over long strings.

The fuzzer runs them under its small budgets: an input that the budgets do not stop within
:data:`bench.fuzz.SLOW_SECONDS` is a finding, as is a ``MemoryError`` or any exception that
is not a :class:`feel.FeelError`.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Chooser(Protocol):
    """The source of randomness (see :class:`bench.fuzz.Chooser`)."""

    def pick(self, options: Any) -> Any:
        """One of ``options``."""

    def integer(self, low: int, high: int) -> int:
        """An integer in ``[low, high]``."""


#: What walks a value that shares sub-structure: each may expand every path through it.
SHARED_WALKS = ["count(flatten({v}))", "string length(string({v}))", "string length(to json({v}))",
                "{v} = {v}", "count(distinct values(flatten({v})))", "list contains(flatten({v}), 2)",
                "count(for x in flatten({v}) return x)", "{v}[1] instance of list<list<Any>>"]  # fmt: skip

#: Built-ins over a list ``{l}`` (or its text ``{s}``): quadratic ones, then linear ones.
LIST_CALLS = ["count(distinct values({l}))", "count(union({l}, {l}))", "count(duplicate values({l}))",
              "count(mode({l}))", "count(sort({l}, function(a, b) a > b))", "list contains({l}, -1)",
              "index of({l}, -1)", "string length(string join({s}))", "max({l})", "sum({l})",
              "{l} instance of list<number>", "count(reverse({l}))", "count(flatten([{l}, {l}]))"]  # fmt: skip

#: Patterns outside RE2's subset (back-references, large counted repeats), over ``{s}``.
PATTERNS = [r"^(a?){{{n}}}a{{{n}}}\\1$", r"^(.*)(.*)(.*)x\\1\\2\\3$", r"(.{{0,1001}}){{4}}b",
            r"^((a+)+)\\1$", r"(a|aa)+\\1c", r"^(a*)*(a*)*\\1\\2$"]  # fmt: skip
REGEX_CALLS = ['matches({s}, "{p}")', 'replace({s}, "{p}", "b")', 'count(split({s}, "{p}"))',
               'count(extract({s}, "{p}"))']  # fmt: skip


def shared_structure(chooser: Chooser) -> str:
    """A context that builds a value sharing its items ``levels`` deep, then walks it."""
    levels = chooser.integer(10, 60)
    width = chooser.integer(2, 4)
    entries = ["a0: [1, 2]"] + [
        f"a{i}: [" + ", ".join([f"a{i - 1}"] * width) + "]" for i in range(1, levels + 1)
    ]
    walk = chooser.pick(SHARED_WALKS).format(v=f"a{levels}")
    return "{" + ", ".join(entries) + f", r: {walk}}}.r"


def large_lists(chooser: Chooser) -> str:
    """A built-in over a list of up to 100,000 numbers, once or in a loop of calls."""
    size = chooser.pick([1_000, 10_000, 100_000])
    items = f"for i in 1..{size} return i"
    call = chooser.pick(LIST_CALLS).format(l="l", s="s")
    loops = chooser.pick([1, 1, 100, 1_000])
    body = call if loops == 1 else f"count(for j in 1..{loops} return {call})"
    return f'{{l: {items}, s: for i in l return "ab", r: {body}}}.r'


def hostile_regex(chooser: Chooser) -> str:
    """A regex built-in with a pattern RE2 refuses, over a long string."""
    length = chooser.pick([30, 2_000, 4_000, 100_000])
    letter = chooser.pick(["a", "ab", "x"])
    pattern = chooser.pick(PATTERNS).format(n=chooser.integer(20, 40))
    call = chooser.pick(REGEX_CALLS).format(s="s", p=pattern)
    return f'{{s: string join(for i in 1..{length} return "{letter}"), r: {call}}}.r'


GENERATORS = {"shared structure": shared_structure, "large lists": large_lists,
              "hostile regex": hostile_regex}  # fmt: skip


def hostile_expression(chooser: Chooser) -> str:
    """One attack on the budgets, of any kind."""
    return GENERATORS[chooser.pick(sorted(GENERATORS))](chooser)
