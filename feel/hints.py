"""Hints for the habits people bring to FEEL from other languages.

A syntax error or a warning that matches a common mistake gets one sentence that suggests
the fix: ``status == 200`` ("FEEL compares with one ``=``"), ``&&``/``||`` (``and``/``or``),
single-quoted strings, ``headers.Content-Type`` when the context has a key ``Content-Type``
(backticks), ``items[0]`` (lists start at 1), a list item that is not a string in
``string join``, a mistyped variable or function name (the closest name in scope).

The parser and the compiler call these functions where they make the error or the warning;
nothing here changes what an expression evaluates to, only what the message says. Warnings
are made on the evaluation path, so the hint functions return the plain message when the
evaluation drops its warnings (:class:`feel.runtime.Dropping`) and after
:data:`MAX_HINTED_WARNINGS` warnings, which keeps a loop that warns on every item cheap.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from feel.diagnostics import Failure, WarningKind, position
from feel.errors import FeelSyntaxError
from feel.values import type_name

#: Warnings of one evaluation after which no more hints are computed.
MAX_HINTED_WARNINGS = 20

#: How many names of a scope are compared with a mistyped one (a cap on the work).
MAX_CANDIDATES = 2000

# Operators of other languages: (text at the fault, the hint).
_OPERATOR_HINTS = (
    ("===", "FEEL compares with one `=` (did you mean `=`?)"),
    ("!==", "FEEL writes inequality as `!=`"),
    ("==", "did you mean `=`? FEEL compares with one `=`, as in `status = 200`"),
    ("&&", "FEEL writes `and` for `&&`, as in `a and b`"),
    ("||", "FEEL writes `or` for `||`, as in `a or b`"),
    ("'", "FEEL strings take double quotes: write \"text\", not 'text'"),
    ("!", "FEEL negates with the function `not(x)`; `!=` is inequality"),
)

# Names of other languages for FEEL's literals and functions.
_LITERALS = {"True": "true", "False": "false", "None": "null", "nil": "null", "NULL": "null",
             "undefined": "null", "TRUE": "true", "FALSE": "false"}  # fmt: skip
_FUNCTION_ALIASES = {
    "len": "`string length(s)` or `count(list)`", "length": "`string length(s)` or `count(list)`",
    "size": "`count(list)`", "upper": "`upper case(s)`", "toUpperCase": "`upper case(s)`",
    "lower": "`lower case(s)`", "toLowerCase": "`lower case(s)`", "strip": "`trim(s)`",
    "startsWith": "`starts with(s, match)`", "endsWith": "`ends with(s, match)`",
    "str": "`string(x)`", "toString": "`string(x)`", "int": "`decimal(n, 0)` or `floor(n)`",
    "parseInt": "`number(s)`", "float": "`number(s)`", "join": "`string join(list, delimiter)`",
    "concat": "`concatenate(lists...)` or `+` for strings", "keys": "`get entries(context).key`",
    "filter": "a filter `list[item > 1]`", "map": "`for x in list return ...`",
    "includes": "`list contains(list, x)` or `contains(s, match)`", "isEmpty": "`is empty(list)`",
}  # fmt: skip


def syntax_hint(text: str, offset: int) -> str | None:
    """The hint for a syntax error at ``offset`` of ``text``, or None."""
    for written, hint in _OPERATOR_HINTS:
        for start in range(max(offset - len(written) + 1, 0), offset + 1):
            if text.startswith(written, start):
                if written == "!" and text.startswith("!=", start):
                    continue
                return hint
    return None


def with_hint(error: FeelSyntaxError) -> FeelSyntaxError:
    """``error`` with ``.hint`` set (None when no hint applies) and the hint as the last line
    of its message."""
    offset = _offset(error.expression, error.line, error.column)
    hint = syntax_hint(error.expression, offset)
    error.hint = hint  # type: ignore[attr-defined]
    if hint:
        error.args = (f"{error.args[0]}\nhint: {hint}",)
    return error


def syntax_error_at(text: str, offset: int, message: str,
                    expected: tuple[str, ...] = ()) -> FeelSyntaxError:  # fmt: skip
    """A :class:`FeelSyntaxError` at ``offset`` of ``text``, with its hint."""
    line, column = position(text, offset)
    return with_hint(FeelSyntaxError(message, expression=text, line=line, column=column,
                                     expected=expected))  # fmt: skip


def _offset(text: str, line: int, column: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return len(text)
    return start + column - 1


def _hinting(scope: Any) -> bool:
    """True when this evaluation keeps its warnings and has not warned too often yet."""
    state = scope.state
    return state.keeps_warnings and len(state.warnings) < MAX_HINTED_WARNINGS


def names_in_scope(scope: Any) -> list[str]:
    """The names visible in ``scope``, innermost first (at most :data:`MAX_CANDIDATES`)."""
    found: list[str] = []
    level = scope
    while level is not None and len(found) < MAX_CANDIDATES:
        found.extend(name for name in level.names() if isinstance(name, str))
        level = level.parent
    return found[:MAX_CANDIDATES]


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``name`` (a typo, other capitals), or None."""
    # a name much longer or shorter is no typo ('error' is not 'ignoreError')
    slack = max(2, len(name) // 3)
    pool = [c for c in candidates if c != name and abs(len(c) - len(name)) <= slack]
    lowered = {c.lower(): c for c in pool}
    if name.lower() in lowered:
        return lowered[name.lower()]
    matches = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    return matches[0] if matches else None


def no_variable(name: str, scope: Any, functions: Any) -> str:
    """The message of NO_VARIABLE_FOUND for ``name``, with the closest name in scope."""
    message = f"no variable found for name {name!r}"
    if not _hinting(scope):
        return message
    if name in _LITERALS:
        return f"{message}; FEEL writes {_LITERALS[name]}"
    return _did_you_mean(message, closest(name, names_in_scope(scope)) or closest(name, functions))


def no_function(name: str, scope: Any, functions: Any) -> str:
    """The message of NO_FUNCTION_FOUND for ``name``, with the closest function name."""
    message = f"no function found: {name!r}"
    if not _hinting(scope):
        return message
    if name in _FUNCTION_ALIASES:
        return f"{message}; FEEL writes {_FUNCTION_ALIASES[name]}"
    return _did_you_mean(message, closest(name, functions) or closest(name, names_in_scope(scope)))


def _did_you_mean(message: str, suggestion: str | None) -> str:
    return f"{message}; did you mean {suggestion!r}?" if suggestion else message


def no_context_entry(name: str, context: dict[Any, Any], scope: Any) -> str:
    """The message of NO_CONTEXT_ENTRY_FOUND: a key that continues ``name`` with a symbol
    (``Content`` of ``headers.Content-Type``) asks for backticks; else the closest key."""
    message = f"no context entry found with key {name!r}"
    if not _hinting(scope):
        return message
    keys = [key for key in context if isinstance(key, str)][:MAX_CANDIDATES]
    for key in keys:
        if (
            len(key) > len(name)
            and key.lower().startswith(name.lower())
            and not (key[len(name)].isalnum() or key[len(name)] == "_")
        ):
            return f"{message}; the context has a key {key!r}: write `{key}` in backticks"
    suggestion = closest(name, keys)
    return f"{message}; did you mean {suggestion!r}?" if suggestion else message


def index_out_of_range(position: int, length: int) -> str:
    """The message of an index outside a list; index 0 reminds that lists start at 1."""
    message = f"index {position} is out of range"
    if position == 0:
        return f"{message}: FEEL lists start at 1 (the first item is [1], the last [-1])"
    return f"{message} (the list has {length} item{'' if length == 1 else 's'})"


def not_a_string_item(function: str, position: int, item: Any) -> Failure:
    """The Failure for a list item that should be a string: says which one and what it is."""
    return Failure(WarningKind.INVALID_ARGUMENTS,
                   f"{function}: item {position} of the list is a {type_name(item)}, not a "
                   "string; convert it with string()")  # fmt: skip
