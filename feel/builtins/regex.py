"""XML Schema / XPath regular expressions for ``matches``, ``replace``, ``split``, ``extract``.

FEEL patterns follow XPath (``\\p{Lu}``, character-class subtraction ``[a-z-[aeiou]]``,
flags ``s m i x q``). ``elementpath`` translates them to Python's syntax. Matching runs on
RE2 (the ``google-re2`` package), whose time is linear in the input, so a pattern such
as ``(a+)+$`` cannot hang the host; only patterns RE2 cannot run (back-references, repeats
over 1,000) fall back to Python's ``re``, on inputs of at most :data:`FALLBACK_MAX_INPUT`
characters, and only when they hold at most one repetition, of at most
:data:`FALLBACK_MAX_REPEAT` (else null and a warning).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from feel.diagnostics import Failure, WarningKind

try:  # pragma: no cover - exercised where google-re2 is installed (a dependency)
    import re2 as _re2
except ImportError:  # pragma: no cover
    _re2 = None

#: Longest input given to Python's backtracking ``re`` (patterns RE2 cannot run).
FALLBACK_MAX_INPUT = 10_000

_FLAG_BITS = {"s": re.S, "m": re.M, "i": re.I, "x": re.X}


class Pattern:
    """A compiled FEEL pattern: ``search``, ``sub`` and ``split`` like ``re``'s."""

    __slots__ = ("engine", "groups", "linear")

    def __init__(self, engine: Any, linear: bool, groups: int) -> None:
        self.engine = engine
        self.linear = linear
        self.groups = groups

    def _guard(self, text: str) -> None:
        if not self.linear and len(text) > FALLBACK_MAX_INPUT:
            raise Failure(
                WarningKind.INVALID_ARGUMENTS,
                f"input longer than {FALLBACK_MAX_INPUT} characters for a pattern with "
                "back-references",
            )

    def search(self, text: str) -> Any:
        """The first match in ``text`` or None."""
        self._guard(text)
        return self.engine.search(text)

    def sub(self, replacement: Any, text: str) -> str:
        """``text`` with every match replaced."""
        self._guard(text)
        return self.engine.sub(replacement, text)

    def split(self, text: str) -> list:
        """``text`` split at the matches."""
        self._guard(text)
        return self.engine.split(text)

    def finditer(self, text: str) -> Any:
        """The matches in ``text``."""
        self._guard(text)
        return self.engine.finditer(text)


def _invalid(function: str, message: str) -> Failure:
    return Failure(WarningKind.INVALID_ARGUMENTS, f"{function}: {message}")


def _strip_white_space(pattern: str) -> str:
    """XPath's ``x`` flag: white space is removed, except inside character classes."""
    out, depth, escaped = [], 0, False
    for char in pattern:
        if not depth and char in " \t\n\r":
            continue  # removed even after a backslash: "a\\ s" is "a\\s"
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "[":
            depth += 1
            out.append(char)
        elif char == "]" and depth:
            depth -= 1
            out.append(char)
        elif depth or char not in " \t\n\r":
            out.append(char)
    return "".join(out)


@lru_cache(maxsize=512)
def _compile(pattern: str, flags: str) -> Pattern | str:
    from elementpath.regex import RegexError, translate_pattern

    bits = 0
    for flag in flags:
        if flag == "q":
            continue
        if flag not in _FLAG_BITS:
            return f"invalid flag {flag!r}"
        bits |= _FLAG_BITS[flag]
    if "x" in flags and "q" not in flags:
        pattern = _strip_white_space(pattern)
        bits &= ~re.X
    if "q" in flags:
        translated = re.escape(pattern)
    else:
        try:
            translated = translate_pattern(pattern, bits, "1.1")
        except (RegexError, re.error, ValueError, OverflowError) as error:
            return f"invalid pattern {pattern!r}: {error}"
    python_bits = bits & ~re.X  # the translation already removed the x-mode white space
    if bits & re.M:
        # XPath's multi-line ^ matches after every newline, a final one included
        # (matches("abcd\n", "^$", "m") is true); elementpath keeps Java's exception.
        translated = translated.replace("(?<!\\n\\Z)", "")
    try:
        fallback = re.compile(translated, python_bits)
    except (re.error, OverflowError) as error:
        return f"invalid pattern {pattern!r}: {error}"
    if _re2 is not None:
        inline = "".join(f for f in "ims" if python_bits & _FLAG_BITS[f])
        linear_text = translated.replace("(?!\\n\\Z)", "")
        if inline:
            linear_text = f"(?{inline}){linear_text}"
        options = _re2.Options()
        options.log_errors = False
        try:
            return Pattern(_re2.compile(linear_text, options), True, fallback.groups)
        except Exception:
            # Python's backtracking engine then runs it, and no budget can stop C code: only
            # patterns whose backtracking is bounded are let through (see FALLBACK_RULE).
            refusal = _fallback_refusal(translated, python_bits)
            if refusal:
                return f"pattern {pattern!r} {refusal}"
    return Pattern(fallback, False, fallback.groups)


#: What a pattern RE2 cannot run (back-references, repeats over RE2's 1,000) must be to run
#: on Python's backtracking ``re``: at most one repetition, bounded by this many, on inputs
#: of at most :data:`FALLBACK_MAX_INPUT` characters. ``(.{0,100})\1b`` on 10,000 characters
#: takes 0.05 s; with 1,000 it took 4.6 s, and two repetitions multiply
#: (``^(.*)(.*)(.*)x\1\2\3$``, ``^(a?){30}a{30}\1$`` ran for minutes).
FALLBACK_MAX_REPEAT = 100


def _fallback_refusal(translated: str, bits: int) -> str:
    """Why Python's ``re`` must not run ``translated`` (empty when it may)."""
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_parse  # type: ignore[no-redef]

    repeats = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None)}
    highs: list[int] = []

    def walk(items: Any) -> None:
        for op, argument in items:
            if op in repeats:
                highs.append(argument[1])
                walk(argument[2])
            elif op is sre_parse.SUBPATTERN:
                walk(argument[-1])
            elif op is sre_parse.BRANCH:
                for branch in argument[1]:
                    walk(branch)
            elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
                walk(argument[1])

    try:
        walk(sre_parse.parse(translated, bits))
    except Exception:
        return "cannot be checked for bounded backtracking"
    if len(highs) > 1:
        return ("needs Python's backtracking engine (back-references or repeats over 1,000) "
                "and has more than one repetition, which could run for hours")  # fmt: skip
    if highs and highs[0] > FALLBACK_MAX_REPEAT:
        return ("needs Python's backtracking engine (back-references or repeats over 1,000) "
                f"and repeats more than {FALLBACK_MAX_REPEAT} times, which could run for hours")
    return ""


def compile_pattern(function: str, pattern: Any, flags: Any = None) -> Pattern:
    """The compiled ``pattern`` with ``flags``; a Failure naming ``function`` when invalid."""
    if type(pattern) is not str:
        raise _invalid(function, "the pattern must be a string")
    if flags is not None and type(flags) is not str:
        raise _invalid(function, "the flags must be a string")
    compiled = _compile(pattern, flags or "")
    if isinstance(compiled, str):
        raise _invalid(function, compiled)
    return compiled


_REPLACEMENT = re.compile(r"(?:[^\\$]|\\[\\$]|\$\d+)*")


def replacement_template(function: str, replacement: str, pattern: Pattern, literal: bool) -> Any:
    """A function for ``re.sub`` that expands XPath's ``$N`` references and ``\\$``/``\\\\``."""
    if literal:
        return lambda match: replacement
    if not _REPLACEMENT.fullmatch(replacement):
        raise _invalid(function, f"invalid replacement {replacement!r}")
    parts = re.split(r"(\\[\\$]|\$\d+)", replacement)

    def expand(match: Any) -> str:
        out = []
        for part in parts:
            if part.startswith("\\") and len(part) == 2:
                out.append(part[1])
            elif part.startswith("$") and part[1:].isdigit():
                # $12 means group 12 if it exists, else group 1 followed by "2": take digits
                # while the number stays a group (never int() of all of a long digit run)
                index, used = int(part[1]), 2
                while used < len(part) and index * 10 + int(part[used]) <= pattern.groups:
                    index, used = index * 10 + int(part[used]), used + 1
                group = match.group(index) if index <= pattern.groups else ""
                out.append((group or "") + part[used:])
            else:
                out.append(part)
        return "".join(out)

    return expand
