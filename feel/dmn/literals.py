"""Whole FEEL texts that are one literal, compiled without the parser.

A DMN model is full of output entries and literal expressions that are one literal
(``"Approved"``, ``100``, ``true``): in the TCK's models one compiled text in eleven. For
those the closure is the constant itself, as the compiler makes it (``compiler.constant``),
without tokenizing, parsing, compiling and analysing the text. Only literals whose value
needs no decoding qualify: a string without backslash escapes or surrogates, an unsigned
number without exponent, ``true``, ``false``, ``null``; anything else (and a string over
the engine's ``max_string``, which is a syntax error) takes the compiler.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from feel.compiler import constant
from feel.values import finite_number

#: white space as FEEL counts it around a literal: the usual ASCII kinds only (others
#: take the compiler, which knows FEEL's full list)
_LITERAL = re.compile(r'[ \t\r\n]*(?:"([^"\\\n\ud800-\udfff]*)"|([0-9]+(?:\.[0-9]+)?)|(true|false|null))[ \t\r\n]*')
_KEYWORDS = {"true": True, "false": False, "null": None}


def literal_closure(text: str, max_string: int | None) -> Callable[[Any], Any] | None:
    """The constant closure of ``text`` when it is one plain literal, else None."""
    found = _LITERAL.fullmatch(text)
    if found is None:
        return None
    string, number, keyword = found.groups()
    if string is not None:
        if max_string is not None and len(string) > max_string:
            return None
        return constant(string)
    if number is not None:
        value = finite_number(Decimal(number))
        return None if value is None else constant(value)
    return constant(_KEYWORDS[keyword])
