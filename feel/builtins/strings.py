"""String functions (DMN 1.5, 10.3.4.3). Lengths and positions count Unicode code points."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from feel import hints
from feel.builtins import checks
from feel.builtins.regex import compile_pattern, replacement_template
from feel.builtins.registry import builtin
from feel.errors import BudgetExceeded
from feel.render import text_limit
from feel.runtime import charge


@builtin("substring", "string, start position, length?", light=True)
def substring(string: Any, start_position: Any, length: Any = None) -> str:
    """Characters from ``start position`` (1-based; negative counts from the end)."""
    text = checks.string("substring", "string", string)
    start = checks.number("substring", "start position", start_position)
    start_index = int(start.to_integral_value(rounding="ROUND_HALF_EVEN"))
    if start_index == 0 or abs(start_index) > len(text):
        if start_index == 0 or start_index > len(text):
            raise checks.invalid("substring", "start position out of range")
        start_index = 1
    begin = start_index - 1 if start_index > 0 else len(text) + start_index
    if length is None:
        return text[begin:]
    count = checks.number("substring", "length", length)
    if count < 0:
        raise checks.invalid("substring", "negative length")
    count_int = int(count)
    return text[begin : begin + count_int]


@builtin("string length", "string", light=True)
def string_length(string: Any) -> Decimal:
    """The number of characters."""
    return Decimal(len(checks.string("string length", "string", string)))


@builtin("upper case", "string", light=True)
def upper_case(string: Any) -> str:
    """Upper-cased."""
    return checks.string("upper case", "string", string).upper()


@builtin("lower case", "string", light=True)
def lower_case(string: Any) -> str:
    """Lower-cased."""
    return checks.string("lower case", "string", string).lower()


@builtin("substring before", "string, match", light=True)
def substring_before(string: Any, match: Any) -> str:
    """The text before the first occurrence of ``match`` ("" when absent)."""
    text = checks.string("substring before", "string", string)
    found = text.find(checks.string("substring before", "match", match))
    return "" if found < 0 else text[:found]


@builtin("substring after", "string, match", light=True)
def substring_after(string: Any, match: Any) -> str:
    """The text after the first occurrence of ``match`` ("" when absent)."""
    text = checks.string("substring after", "string", string)
    needle = checks.string("substring after", "match", match)
    found = text.find(needle)
    return "" if found < 0 else text[found + len(needle) :]


@builtin("contains", "string, match", light=True)
def contains(string: Any, match: Any) -> bool:
    """True when ``match`` occurs in ``string``."""
    return checks.string("contains", "match", match) in checks.string("contains", "string", string)


@builtin("starts with", "string, match", light=True)
def starts_with(string: Any, match: Any) -> bool:
    """True when ``string`` starts with ``match``."""
    text = checks.string("starts with", "string", string)
    return text.startswith(checks.string("starts with", "match", match))


@builtin("ends with", "string, match", light=True)
def ends_with(string: Any, match: Any) -> bool:
    """True when ``string`` ends with ``match``."""
    text = checks.string("ends with", "string", string)
    return text.endswith(checks.string("ends with", "match", match))


@builtin("matches", "input, pattern, flags?")
def matches(input: Any, pattern: Any, flags: Any = None) -> bool:
    """True when the XPath regular expression ``pattern`` matches part of ``input``."""
    text = checks.string("matches", "input", input)
    return compile_pattern("matches", pattern, flags).search(text) is not None


@builtin("replace", "input, pattern, replacement, flags?")
def replace(input: Any, pattern: Any, replacement: Any, flags: Any = None) -> str:
    """Every match of ``pattern`` replaced (``$1`` refers to a group)."""
    text = checks.string("replace", "input", input)
    template = checks.string("replace", "replacement", replacement)
    compiled = compile_pattern("replace", pattern, flags)
    if compiled.search("") is not None:
        raise checks.invalid("replace", "the pattern matches the empty string")
    expand = replacement_template("replace", template, compiled, "q" in (flags or ""))
    return compiled.sub(_bounded(expand, len(text), text_limit()), text)


def _bounded(expand: Any, length: int, limit: int) -> Any:
    """``expand`` for ``re.sub``, counting the length the result grows to as the matches
    are replaced (one step each): past ``limit`` characters the size budget stops the
    replacing before the result is joined (``replace(s, ".", "$0$0$0$0")`` nested grows
    four times a level)."""
    size = length

    def counted(match: Any) -> str:
        nonlocal size
        piece = expand(match)
        size += len(piece) - (match.end() - match.start())
        if size > limit:
            raise BudgetExceeded("size", f"replace would make a string of more than {limit} "
                                 "characters (max_string)")  # fmt: skip
        charge(1)
        return piece

    return counted


@builtin("split", "string, delimiter")
def split(string: Any, delimiter: Any) -> list:
    """``string`` split at each match of the pattern ``delimiter``."""
    text = checks.string("split", "string", string)
    compiled = compile_pattern("split", delimiter)
    if compiled.search("") is not None:
        raise checks.invalid("split", "the delimiter matches the empty string")
    if compiled.groups:
        parts, position = [], 0
        for found in compiled.finditer(text):
            parts.append(text[position : found.start()])
            position = found.end()
        parts.append(text[position:])
        return parts
    return compiled.split(text)


def _string_item(position: int, item: Any) -> str:
    unwrapped = checks.single(item)
    if type(unwrapped) is not str:
        raise hints.not_a_string_item("string join", position, unwrapped)
    return unwrapped


@builtin("string join", "list, delimiter?")
@builtin("string join", "list, delimiter, prefix, suffix")
def string_join(list: Any, delimiter: Any = None, prefix: Any = None, suffix: Any = None) -> str:
    """The strings of ``list`` joined; null items are skipped (Camunda adds prefix, suffix)."""
    if list is None:
        raise checks.invalid("string join", "the list is null")
    items = checks.items("string join", (list,))
    for name, value in (("delimiter", delimiter), ("prefix", prefix), ("suffix", suffix)):
        if value is not None:
            checks.string("string join", name, value)
    parts = []
    for position, item in enumerate(items, 1):
        if item is None:
            continue
        parts.append(item if type(item) is str else _string_item(position, item))
    return (prefix or "") + (delimiter or "").join(parts) + (suffix or "")
