"""TCK test-file values (the ``valueType`` of ``testCases.xsd``) as FEEL values.

A ``valueType`` element (``inputNode``, ``expected``, ``item``, ``component``) holds one of:

| XML                                        | FEEL value                         |
|--------------------------------------------|------------------------------------|
| ``<value xsi:type="xsd:decimal">1.5``      | ``Decimal("1.5")`` (also double...) |
| ``<value xsi:type="xsd:string">a``         | ``"a"`` (whitespace kept)          |
| ``<value xsi:type="xsd:boolean">true``     | ``True``                           |
| ``<value xsi:type="xsd:date">`` and        | :mod:`feel.temporal` values        |
| ``dateTime``, ``time``, ``duration``       |                                    |
| ``<value>text</value>`` (no type)          | ``"text"``                         |
| ``<value xsi:nil="true"/>``                | ``None``                           |
| ``<list><item>...</item></list>``          | ``list``                           |
| ``<component name="a">...</component>``... | ``dict`` (nested valueTypes)       |

Elements are matched by local name, so both default-namespace and ``tc:``-prefixed files
read the same; the ``xsi:type`` prefix (``xsd:``, ``xs:``...) is ignored for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element

from feel import temporal

XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
_NIL = XSI + "nil"
_TYPE = XSI + "type"


class ValueFormatError(ValueError):
    """A test-file value the runner cannot read (unknown type, malformed text)."""


def local(tag: Any) -> str:
    """The local part of an element tag (``{ns}value`` -> ``value``); '' for comments."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def is_nil(element: Element) -> bool:
    """True when the element carries ``xsi:nil="true"`` (or ``"1"``)."""
    return element.get(_NIL, "").strip() in ("true", "1")


def _number(text: str) -> Decimal:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        raise ValueFormatError(f"not a number: {text!r}") from None
    if not number.is_finite():
        raise ValueFormatError(f"not a finite number: {text!r}")
    return number


def _boolean(text: str) -> bool:
    word = text.strip()
    if word in ("true", "1"):
        return True
    if word in ("false", "0"):
        return False
    raise ValueFormatError(f"not a boolean: {text!r}")


def _temporal(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def read(text: str) -> Any:
        try:
            return parse(text.strip())
        except Exception as error:
            raise ValueFormatError(f"{text!r}: {error}") from None

    return read


_NUMBER_TYPES = (
    "decimal",
    "double",
    "float",
    "integer",
    "int",
    "long",
    "short",
    "byte",
    "nonNegativeInteger",
    "nonPositiveInteger",
    "positiveInteger",
    "negativeInteger",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
)

#: xsi:type local name -> reader of the element text.
READERS: dict[str, Callable[[str], Any]] = {
    **dict.fromkeys(_NUMBER_TYPES, _number),
    "string": str,
    "boolean": _boolean,
    "date": _temporal(temporal.parse_date),
    "dateTime": _temporal(temporal.parse_date_time),
    "time": _temporal(temporal.parse_time),
    "duration": _temporal(temporal.parse_duration),
    "dayTimeDuration": _temporal(temporal.parse_duration),
    "yearMonthDuration": _temporal(temporal.parse_duration),
}


def read_simple(element: Element) -> Any:
    """The FEEL value of one ``<value>`` element."""
    if is_nil(element):
        return None
    text = element.text or ""
    type_name = element.get(_TYPE)
    if type_name is None:
        return text  # untyped: the TCK means a string
    reader = READERS.get(type_name.rpartition(":")[2].strip())
    if reader is None:
        raise ValueFormatError(f"unsupported xsi:type {type_name!r}")
    return reader(text)


def read_value(element: Element) -> Any:
    """The FEEL value held by a ``valueType`` element (see the module table)."""
    if is_nil(element):
        return None
    components: dict[str, Any] | None = None
    for child in element:
        name = local(child.tag)
        if name == "value":
            return read_simple(child)
        if name == "list":
            if is_nil(child):
                return None
            return [read_value(item) for item in child if local(item.tag) == "item"]
        if name == "component":
            if components is None:
                components = {}
            key = child.get("name")
            if key is None:
                raise ValueFormatError("component without a name")
            components[key] = read_value(child)
    return components  # None when the element holds nothing
