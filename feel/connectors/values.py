"""Values as the connector runtime sees them: Python responses in, JSON-ready results out.

The Java runtime passes a connector's response through its Jackson object mapper before
FEEL sees it, and writes the job's variables with the same mapper. :func:`normalize` does
to a Python response what that mapping does to a Java one:

- ``None``, booleans, strings, numbers stay (``Decimal`` too); ``float`` NaN and infinity
  become null, as FEEL has no such numbers;
- a ``date`` is ``"2024-01-31"``, a ``time`` ``"10:15:00"`` (``"10:15:00+01:00"`` when
  aware), a ``datetime`` ``"2024-01-31T10:15:00"``, aware ones with their offset
  (``"+01:00"``, ``"Z"`` for UTC; a zone's name is not written, as Jackson does by default),
  fractions of seconds without trailing zeros;
- a ``timedelta`` is Java's ``Duration`` text: hours, minutes and seconds (``"PT26H"``);
- ``bytes`` are base64 text; an ``Enum`` its name; a ``UUID`` its text;
- mappings become dicts with text keys (``True`` → ``"true"``); lists, tuples and sets lists;
- a dataclass is the dict of its fields; another object the dict of its public attributes
  and properties, ``{}`` when it has none (Jackson's empty bean);
- a structure that contains itself is refused (:class:`ConnectorError`).

:func:`to_runtime_json` writes FEEL results in the Java runtime's JSON form (whole numbers
exact; durations as ``java.time`` writes them: ``P1D`` is ``"PT24H"``, years and months
``"P1Y2M"``; zoned date-times with their offset only). :func:`to_json_value` is the FEEL
form the command line prints (``P1D`` stays ``"P1D"``, a zone stays ``[Europe/Paris]``).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as _dt
import enum
import json
import math
import uuid
from collections.abc import Mapping
from decimal import Decimal
from json.encoder import encode_basestring as _json_string  # ensure_ascii=False's
from typing import Any

from feel import temporal
from feel.connectors.errors import ConnectorError
from feel.errors import BudgetExceeded
from feel.render import write
from feel.values import Function, Range

# -- Python responses, as Jackson maps them


#: The most items :func:`normalize` and :func:`to_json_value` write (the default engine's
#: ``max_size``): a response or result that shares its lists (``[a, a]`` 60 levels deep is
#: 2**60 items once written out as JSON) is refused at this count, before it is built.
MAX_ITEMS = 2_000_000


def normalize(value: Any) -> Any:
    """A Python response as the Java runtime's JSON mapping would give it to FEEL."""
    leaf = _leaf(value)
    return _built(value, _leaf, _items, "the response") if leaf is _CONTAINER else leaf


#: What :func:`_leaf` gives for a value whose items must be written.
_CONTAINER: Any = object()


def _leaf(value: Any) -> Any:
    """The JSON form of a response value that has no items, else :data:`_CONTAINER`."""
    if value is None or isinstance(value, (bool, str, int, Decimal)):
        return value.name if isinstance(value, enum.Enum) else value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, enum.Enum):
        return value.name
    temporal_text = _temporal_text(value)
    if temporal_text is not None:
        return temporal_text
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, uuid.UUID):
        return str(value)
    return _CONTAINER


def _items(value: Any) -> tuple[Any, Any]:
    """A new empty list or dict for the container ``value``, and its (key, item) pairs."""
    if isinstance(value, Mapping):
        return {}, ((_key(key), item) for key, item in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return [], ((None, item) for item in value)
    return {}, iter(_properties(value).items())


def _built(root: Any, leaf: Any, items: Any, what: str, limit: int = 0) -> Any:
    """``root`` written out item by item without recursion: ``leaf(v)`` is the form of a
    value or :data:`_CONTAINER`, ``items(v)`` the new container and the (key, item) pairs
    of one. A container met again inside itself is refused, and so is a result of more
    than ``limit`` (default :data:`MAX_ITEMS`) items."""
    limit = limit or MAX_ITEMS
    made = 0
    top, pairs = items(root)
    on_path = {id(root)}
    stack = [(root, top, pairs)]
    while stack:
        source, target, pairs = stack[-1]
        for key, item in pairs:
            made += 1
            if made > limit:
                raise BudgetExceeded("size", f"{what} has more than {limit} items")
            form = leaf(item)
            if form is _CONTAINER:
                if id(item) in on_path:
                    raise ConnectorError(f"{what} contains itself (a cycle cannot be written "
                                         "as JSON)")  # fmt: skip
                on_path.add(id(item))
                form, inner = items(item)
                stack.append((item, form, inner))
                if key is None:
                    target.append(form)
                else:
                    target[key] = form
                break
            if key is None:
                target.append(form)
            else:
                target[key] = form
        else:
            stack.pop()
            on_path.discard(id(source))
    return top


def _key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        raise ConnectorError("a response key is null (JSON keys are text)")
    return key if isinstance(key, str) else str(normalize(key))


def _properties(value: Any) -> dict[str, Any]:
    """The readable properties of an object: a dataclass's fields, else public attributes
    and properties (what Jackson's bean serializer reads from a Java object)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    found: dict[str, Any] = {}
    for name, item in getattr(value, "__dict__", {}).items():
        if not name.startswith("_") and not callable(item):
            found[name] = item
    for name in dir(type(value)):
        if not name.startswith("_") and isinstance(getattr(type(value), name, None), property):
            try:
                found[name] = getattr(value, name)
            except Exception as error:
                raise ConnectorError(f"reading the property {name!r} of the response failed: "
                                     f"{type(error).__name__}") from None  # fmt: skip
    return found


def _temporal_text(value: Any) -> str | None:
    if isinstance(value, _dt.datetime):
        text = value.strftime("%Y-%m-%dT%H:%M:%S") + _micro_fraction(value.microsecond)
        return text + _offset(value.utcoffset())
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, _dt.time):
        text = value.strftime("%H:%M:%S") + _micro_fraction(value.microsecond)
        return text + _offset(value.utcoffset())
    if isinstance(value, _dt.timedelta):
        return java_duration_text((value.days * 86400 + value.seconds) * 10**9
                                  + value.microseconds * 1000)  # fmt: skip
    return None


def _micro_fraction(micros: int) -> str:
    return "." + f"{micros:06d}".rstrip("0") if micros else ""


def _offset(delta: _dt.timedelta | None) -> str:
    if delta is None:
        return ""
    seconds = int(delta.total_seconds())
    if seconds == 0:
        return "Z"
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def _truncating_divmod(a: int, b: int) -> tuple[int, int]:
    """Java's ``/`` and ``%`` on longs: the quotient truncated toward zero."""
    quotient = abs(a) // b * (1 if a >= 0 else -1)
    return quotient, a - quotient * b


def java_duration_text(nanos: int) -> str:
    """The text ``java.time.Duration`` writes for ``nanos`` (``PT26H``, ``PT-1H-30M``,
    ``PT0.5S``, ``PT-0.5S``, ``PT0S``)."""
    if nanos == 0:
        return "PT0S"
    seconds, fraction = divmod(nanos, 10**9)  # Java keeps seconds floored, nanos in [0, 1e9)
    effective = seconds + 1 if seconds < 0 and fraction > 0 else seconds
    hours, rest = _truncating_divmod(effective, 3600)
    minutes, secs = _truncating_divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if secs == 0 and fraction == 0 and len(text) > 2:
        return text
    if seconds < 0 and fraction > 0:
        text += "-0" if secs == 0 else str(secs)
        digits = f"{10**9 - fraction:09d}"
    else:
        text += str(secs)
        digits = f"{fraction:09d}" if fraction else ""
    digits = digits.rstrip("0")
    return text + ("." + digits if digits else "") + "S"


def java_period_text(months: int) -> str:
    """The text ``java.time.Period`` writes for a years and months duration (``P1Y2M``,
    ``P-1Y-2M``, ``P0D``)."""
    if months == 0:
        return "P0D"
    years, rest = _truncating_divmod(months, 12)
    return "P" + (f"{years}Y" if years else "") + (f"{rest}M" if rest else "")


# -- FEEL results, in the runtime's JSON form


def _number(value: Decimal, exact: bool) -> Any:
    if value.is_finite() and value == value.to_integral_value() and value.adjusted() < 34:
        return int(value)
    if exact and value.is_finite():
        return format(value, "f")
    number = float(value)
    return number if math.isfinite(number) else format(value, "f")  # never Infinity


def _check_decimals(decimals: str) -> bool:
    if decimals not in ("float", "string"):
        raise ConnectorError(f'decimals must be "float" or "string", not {decimals!r}')
    return decimals == "string"


def to_runtime_json(value: Any, decimals: str = "float") -> Any:
    """A FEEL value as the Java runtime writes it into job variables (see the module text)."""
    return _json(value, _check_decimals(decimals), java=True)


def to_json_value(value: Any, decimals: str = "float") -> Any:
    """A JSON-ready Python value: whole numbers become ``int``; other numbers ``float``
    (``decimals="float"``) or ``str`` (``decimals="string"``, exact); temporal values
    their FEEL ISO 8601 text (a zoned date and time as ``2023-01-19T10:00:00+01:00[Europe/Paris]``);
    ranges and functions their FEEL text."""
    return _json(value, _check_decimals(decimals), java=False)


def json_text(value: Any, decimals: str = "float", limit: int | None = None) -> str:
    """The JSON text of :func:`to_json_value` of ``value`` (with ``json.dumps``'s default
    separators), written without recursion and refused past ``limit`` characters (default:
    the running evaluation's ``max_string``, else the default engine's) with
    :class:`feel.BudgetExceeded`; numbers beyond a float's range keep their digits."""
    exact = _check_decimals(decimals)

    def scalar(item: Any) -> str:
        if type(item) is Decimal:
            number = _number(item, exact)
            return number if type(number) is str and not exact else json.dumps(number)
        return json.dumps(_json_leaf(item, exact, False), ensure_ascii=False)

    return write(value, scalar, _json_string, ", ", ": ", limit, "the JSON text")


def _json(value: Any, exact: bool, java: bool) -> Any:
    if isinstance(value, (list, dict)):
        return _built(value, lambda item: _json_leaf(item, exact, java), _feel_items, "the value")
    return _json_leaf(value, exact, java)


def _feel_items(value: Any) -> tuple[Any, Any]:
    if isinstance(value, list):
        return [], ((None, item) for item in value)
    return {}, iter(value.items())


def _json_leaf(value: Any, exact: bool, java: bool) -> Any:
    if value is None or isinstance(value, (bool, str)):
        return value
    if type(value) is Decimal:
        return _number(value, exact)
    if isinstance(value, (list, dict)):
        return _CONTAINER
    if type(value) is temporal.DateTime and value.zone:
        fixed = temporal.DateTime(value.year, value.month, value.day, value.hour, value.minute,
                                  value.second, value.nanos, offset=value.utc_offset())  # fmt: skip
        return temporal.to_string(fixed) if java else f"{temporal.to_string(fixed)}[{value.zone}]"
    if java and type(value) is temporal.DayTimeDuration:
        return java_duration_text(value.nanos)
    if java and type(value) is temporal.YearMonthDuration:
        return java_period_text(value.months)
    if temporal.is_temporal(value):
        return temporal.to_string(value)
    if isinstance(value, (Range, Function)):
        from feel.render import render

        return render(value)
    return value
