"""FEEL string literals: escapes decoded (``\\n``, ``\\"``, ``\\u00e9``, ``\\U01F600``, surrogate
pairs), lone surrogates refused with a syntax error at their place in the text."""

from __future__ import annotations

import re
from collections.abc import Callable

from feel.errors import FeelSyntaxError
from feel.hints import syntax_error_at

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(r"\\(U[0-9a-fA-F]{6}|u[0-9a-fA-F]{4}|.)", re.DOTALL)


def unescape(body: str, text: str | None = None, offset: int = 0) -> str:
    """The value of a FEEL string literal's body: escapes decoded, unknown ones kept.

    A surrogate escape must be half of a pair (``"\\ud83d\\ude00"`` is one character): a lone
    one, or a code point beyond U+10FFFF, is a syntax error at its place in ``text``, where
    the body starts at ``offset``.
    """
    if "\\" not in body and _SURROGATE.search(body) is None:
        return body
    where = body if text is None else text

    def fail(position: int, message: str) -> FeelSyntaxError:
        return syntax_error_at(where, offset + position, message)

    out: list[str] = []
    high: tuple[int, int, str] | None = None  # a high surrogate escape waiting for its low half
    position = 0
    for match in _ESCAPE.finditer(body):
        start = match.start()
        if high is not None and start != position:
            raise fail(high[1], _LONE_SURROGATE % high[2])
        out.append(_literal_text(body, position, start, fail))
        position = match.end()
        code = match.group(1)
        if code[0] not in "uU" or len(code) == 1:
            if high is not None:
                raise fail(high[1], _LONE_SURROGATE % high[2])
            out.append(_ESCAPES.get(code, "\\" + code))
            continue
        value = int(code[1:], 16)
        if value > 0x10FFFF:
            raise fail(start, f"code point {match.group()} is beyond U+10FFFF")
        if 0xD800 <= value <= 0xDBFF and high is None:
            high = (value, start, match.group())
        elif 0xDC00 <= value <= 0xDFFF and high is not None:
            out.append(chr(0x10000 + ((high[0] - 0xD800) << 10) + (value - 0xDC00)))
            high = None
        elif high is not None:
            raise fail(high[1], _LONE_SURROGATE % high[2])
        elif 0xD800 <= value <= 0xDFFF:
            raise fail(start, _LONE_SURROGATE % match.group())
        else:
            out.append(chr(value))
    if high is not None:
        raise fail(high[1], _LONE_SURROGATE % high[2])
    out.append(_literal_text(body, position, len(body), fail))
    return "".join(out)


_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LONE_SURROGATE = (
    "lone surrogate %s: surrogate escapes come in pairs, \\ud800-\\udbff then \\udc00-\\udfff"
)


def _literal_text(body: str, start: int, end: int, fail: Callable) -> str:
    """``body[start:end]``, which must hold no surrogate code point of its own."""
    found = _SURROGATE.search(body, start, end)
    if found is not None:
        raise fail(found.start(), f"lone surrogate U+{ord(found.group()):04X} in a string")
    return body[start:end]
