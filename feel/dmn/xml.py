"""Reading DMN XML: defusedxml parsing and namespace-free element helpers.

DMN 1.1 to 1.5 differ in their namespace URI but barely in element names, so elements
are matched by local name. Parsing goes through ``defusedxml``: DMN files come from
users, and entity-expansion bombs or external entities must not be followed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeTree

from feel.errors import DmnError


def local(tag: Any) -> str:
    """The local part of an element's tag (``{ns}decision`` -> ``decision``)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_xml(source: str, origin: str) -> Element:
    """The root element of a DMN document given as text; a DmnError names ``origin``."""
    try:
        return SafeTree.fromstring(source)
    except Exception as error:
        raise DmnError(f"{origin}: not a readable DMN document: {error}") from None


def children(element: Element, name: str) -> Iterator[Element]:
    """The direct children with local name ``name``."""
    return (child for child in element if local(child.tag) == name)


def child(element: Element, name: str) -> Element | None:
    """The first direct child with local name ``name``."""
    return next(children(element, name), None)


def text_of(element: Element | None, name: str = "text") -> str | None:
    """The text of the child ``name`` (``<text>`` by default) of ``element``."""
    if element is None:
        return None
    found = child(element, name)
    return None if found is None or found.text is None else found.text


def href_id(href: str | None) -> tuple[str, str]:
    """(namespace, id) of an ``href`` such as ``#_id`` or ``http://ns#_id``."""
    if not href:
        return "", ""
    namespace, _, ident = href.partition("#")
    return namespace, ident


def expression_element(element: Element) -> Element | None:
    """The boxed expression among the children of ``element`` (skipping variables etc.)."""
    for candidate in element:
        if local(candidate.tag) in BOXED:
            return candidate
    return None


BOXED = frozenset([
    "literalExpression", "context", "decisionTable", "invocation", "functionDefinition",
    "relation", "list", "conditional", "filter", "for", "some", "every",
])  # fmt: skip
