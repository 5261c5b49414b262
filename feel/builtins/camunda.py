"""Camunda's extensions to the DMN library (feel-scala 1.17 to 1.22), by their FEEL names.

``is defined`` needs the unevaluated argument and is compiled specially
(:meth:`feel.compiler.Compiler.is_defined`); the function here serves calls through a
function value. ``string join`` with prefix and suffix, ``duplicate values``, ``is empty``
and ``partition`` live with their standard relatives; ``last day of month`` and
``date and time(date and time, timezone)`` with the temporal functions.
"""

from __future__ import annotations

import base64
import binascii
import decimal
import json
from json.encoder import encode_basestring as _json_string  # ensure_ascii=False's
import random
import secrets
import time
import unicodedata
import uuid as _uuid
from decimal import Decimal
from typing import Any

from feel import temporal
from feel.builtins import checks
from feel.builtins.numeric import _round, _scale
from feel.builtins.regex import compile_pattern
from feel.builtins.registry import builtin
from feel.convert import to_feel
from feel.errors import FeelAssertionError
from feel.render import number_text, write
from feel.values import Function


@builtin("is defined", "value")
def is_defined(value: Any) -> bool:
    """True unless the value is null (a missing variable is handled by the compiler)."""
    return value is not None


@builtin("get or else", "value, default")
def get_or_else(value: Any, default: Any) -> Any:
    """``value``, or ``default`` when it is null."""
    return default if value is None else value


@builtin("assert", "value, condition, cause?")
def assert_(value: Any, condition: Any, cause: Any = None) -> Any:
    """``value`` when ``condition`` is true; otherwise the evaluation fails with ``cause``."""
    if condition is True:
        return value
    raise FeelAssertionError(cause if type(cause) is str else "The condition is not fulfilled")


@builtin("extract", "input, pattern")
@builtin("extract", "string, pattern", named_only=True)
def extract(input: Any, pattern: Any) -> list:
    """Every substring that matches the regular expression ``pattern``."""
    text = checks.string("extract", "input", input)
    compiled = compile_pattern("extract", pattern)
    return [found.group(0) for found in compiled.finditer(text)]


#: What Java's ``String.trim`` removes: the characters up to U+0020 (controls and space).
_JAVA_TRIMMED = "".join(map(chr, range(0x21)))
#: Java's ``Character.isWhitespace`` besides the space separators, which it takes except
#: the non-breaking ones.
_JAVA_WHITE_SPACE = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f")
_NON_BREAKING = frozenset("\u00a0\u2007\u202f")


def _java_white_space(char: str) -> bool:
    if char in _JAVA_WHITE_SPACE:
        return True
    return unicodedata.category(char) in ("Zs", "Zl", "Zp") and char not in _NON_BREAKING


@builtin("trim", "string")
def trim(string: Any) -> str:
    """``string`` without the leading and trailing characters up to U+0020, as Java's
    ``String.trim`` (a non-breaking space stays)."""
    return checks.string("trim", "string", string).strip(_JAVA_TRIMMED)


@builtin("uuid", "")
def uuid() -> str:
    """A new UUID of version 7 (a millisecond timestamp, then random bits), the kind
    Camunda generates: later ones sort after earlier ones."""
    millis = time.time_ns() // 1_000_000
    bits = (millis & (1 << 48) - 1) << 80 | secrets.randbits(80)
    bits = bits & ~(0xF << 76) | 0x7 << 76  # version 7
    bits = bits & ~(0x3 << 62) | 0x2 << 62  # the RFC 4122 variant
    return str(_uuid.UUID(int=bits))


@builtin("to base64", "value")
def to_base64(value: Any) -> str:
    """The Base64 encoding of the UTF-8 bytes of ``value``."""
    return base64.b64encode(checks.string("to base64", "value", value).encode()).decode("ascii")


@builtin("from base64", "value")
def from_base64(value: Any) -> str:
    """The text whose UTF-8 bytes ``value`` encodes in Base64."""
    text = checks.string("from base64", "value", value)
    try:
        return base64.b64decode(text, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise checks.invalid("from base64", "not valid Base64 of UTF-8 text") from None


@builtin("is blank", "string")
def is_blank(string: Any) -> bool:
    """True when ``string`` is empty or only white space as Java's ``String.isBlank`` sees
    it (a non-breaking space is not white space)."""
    return all(map(_java_white_space, checks.string("is blank", "string", string)))


@builtin("random number", "")
def random_number() -> Decimal:
    """A random number between 0 and 1."""
    return Decimal(repr(random.random()))


def _from_json(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, list):
        return [_from_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _from_json(item) for key, item in value.items()}
    return value


@builtin("from json", "value")
def from_json(value: Any) -> Any:
    """The FEEL value of a JSON text."""
    text = checks.string("from json", "value", value)
    try:
        parsed = json.loads(text, parse_float=Decimal, parse_int=Decimal)
        return to_feel(parsed)
    except (ValueError, RecursionError):
        raise checks.invalid("from json", "not valid JSON") from None


def _json_scalar(value: Any) -> str:
    """The JSON text of a FEEL value that is neither a list nor a context."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is Decimal:
        return _json_number(value)
    if isinstance(value, str):
        return _json_string(value)
    if type(value) is temporal.DateTime and value.zone:
        # Java's ISO form of a zoned date and time: the offset, then the zone in brackets
        offset = temporal.DateTime(value.year, value.month, value.day, value.hour,
                                   value.minute, value.second, value.nanos, value.utc_offset())
        return _json_string(f"{temporal.to_string(offset)}[{value.zone}]")
    if temporal.is_temporal(value):
        return _json_string(temporal.to_string(value))
    if isinstance(value, Function):
        try:
            return _json_string(f"function({', '.join(value.parameter_names())})")
        except NotImplementedError:
            return '"function(...)"'
    raise checks.invalid("to json", "the value has no JSON form")


def _json_number(value: Decimal) -> str:
    """Every digit of ``value``, never an exponent (``1e6143`` is a 1 and 6143 zeros, not
    ``Infinity``); a whole number without a fraction (``1.0`` is ``1``)."""
    if value == value.to_integral_value():
        value = value.quantize(_ONE) if value.adjusted() < 34 else value
    return number_text(value)


_ONE = Decimal(1)


@builtin("to json", "value")
def to_json(value: Any) -> str:
    """The JSON text of a FEEL value (temporal values as ISO strings, numbers with all
    their digits); written without recursion and stopped at ``max_string`` characters."""
    return write(value, _json_scalar, _json_string, ",", ":", what="to json")


#: Java's ``java.math.RoundingMode`` names; ``UNNECESSARY`` asserts that no rounding is needed.
_MODES = {
    "UP": decimal.ROUND_UP, "DOWN": decimal.ROUND_DOWN, "CEILING": decimal.ROUND_CEILING,
    "FLOOR": decimal.ROUND_FLOOR, "HALF_UP": decimal.ROUND_HALF_UP,
    "HALF_DOWN": decimal.ROUND_HALF_DOWN, "HALF_EVEN": decimal.ROUND_HALF_EVEN,
    "UNNECESSARY": None,
}  # fmt: skip


@builtin("decimal", "n, scale, mode", light=True)
def decimal_with_mode(n: Any, scale: Any, mode: Any) -> Decimal:
    """``n`` rounded to ``scale`` digits with a Java rounding mode name (``"HALF_UP"``...,
    in any case); ``"UNNECESSARY"`` gives ``n`` at that scale, or null when that would
    round it (Java's ArithmeticException)."""
    name = checks.string("decimal", "mode", mode).upper()
    if name not in _MODES:
        raise checks.invalid(
            "decimal", f"unknown rounding mode {mode!r}: use one of {', '.join(_MODES)}"
        )
    number = checks.number("decimal", "n", n)
    digits = _scale("decimal", scale)
    rounding = _MODES[name]
    if rounding is None:
        exact = _round(number, digits, decimal.ROUND_DOWN)
        if exact != number:
            raise checks.invalid("decimal", f"rounding {number} to {digits} digits is necessary")
        return exact
    return _round(number, digits, rounding)


@builtin("substring", "string, start position, length?", dialect="camunda", light=True)
def substring(string: Any, start_position: Any, length: Any = None) -> str:
    """feel-scala's ``substring``: the start (truncated to a whole number) counts from 1, or
    from the end when negative, and may be one past the last character (``substring("abc",
    4)`` is ``""``, as is a start of 0); a start outside the string or a negative length is
    null, as Java's ``String.substring`` refuses them."""
    text = checks.string("substring", "string", string)
    start = checks.whole("substring", "start position", start_position)
    begin = start - 1 if start > 0 else len(text) + start
    if not 0 <= begin <= len(text):
        raise checks.invalid("substring", "start position out of range")
    if length is None:
        return text[begin:]
    end = min(begin + checks.whole("substring", "length", length), len(text))
    if end < begin:
        raise checks.invalid("substring", "negative length")
    return text[begin:end]
