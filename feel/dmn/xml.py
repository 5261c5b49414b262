"""Reading DMN XML: defusedxml parsing and namespace-free element helpers.

DMN 1.1 to 1.5 differ in their namespace URI but barely in element names, so elements
are matched by local name. Parsing goes through ``defusedxml``: DMN files come from
users, and entity-expansion bombs or external entities must not be followed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeTree

from feel.errors import DmnError


def local(tag: Any) -> str:
    """The local part of an element's tag (``{ns}decision`` -> ``decision``)."""
    try:
        return _LOCAL_NAMES[tag]
    except KeyError:
        name = tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
        if len(_LOCAL_NAMES) < 4096:  # bounded: a file of made-up tags must not grow it
            _LOCAL_NAMES[tag] = name
        return name
    except TypeError:  # comments and processing instructions: their tag is a function
        return ""


#: Local names by tag: a model's loading asks for them over 100,000 times, of a few dozen tags.
_LOCAL_NAMES: dict[Any, str] = {}


def parse_xml(source: Any, origin: str) -> tuple[Element, dict[str, str]]:
    """The root element of a DMN document given as text (a ``str``, or a text stream such
    as :class:`feel.dmn.source.DecodedReader`), and its namespace prefixes
    (``{"kie": "http://..."}``: ElementTree forgets them, but DMN 1.1 files write type
    references such as ``kie:tAge`` with them); a DmnError names ``origin``. The parser
    reads text, so an ``encoding`` in the XML declaration does not decode it again."""
    prefixes: dict[str, str] = {}
    stream = io.StringIO(source) if isinstance(source, str) else source
    try:
        parsing = SafeTree.iterparse(stream, events=("start-ns",))
        for _, (prefix, uri) in parsing:
            prefixes.setdefault(prefix, uri)  # the outermost declaration of a prefix
        root = parsing.root  # type: ignore[attr-defined]
    except DmnError:  # from the stream: too large, or bytes it cannot decode
        raise
    except Exception as error:
        raise DmnError(f"{origin}: not a readable DMN document: {error}") from None
    if root is None:
        raise DmnError(f"{origin}: not a readable DMN document: no root element")
    return root, prefixes


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
    """The boxed expression among the children of ``element`` (skipping variables etc.);
    failing one, a child that is no part of DMN's structure around an expression (an
    extension element such as Trisotech's ``boxedext:...``), so that it is reported as
    unsupported rather than silently evaluated as null."""
    unknown = None
    for candidate in element:
        name = local(candidate.tag)
        if name in BOXED:
            return candidate
        if unknown is None and name and name not in _AROUND_EXPRESSIONS:
            unknown = candidate
    return unknown


#: Children of the elements that hold an expression which are not the expression itself.
_AROUND_EXPRESSIONS = frozenset([
    "variable", "informationRequirement", "knowledgeRequirement", "authorityRequirement",
    "description", "extensionElements", "question", "allowedAnswers", "supportedObjective",
    "impactedPerformanceIndicator", "decisionMaker", "decisionOwner", "usingProcess",
    "usingTask", "formalParameter", "parameter", "binding", "text", "typeRef",
])  # fmt: skip


BOXED = frozenset([
    "literalExpression", "context", "decisionTable", "invocation", "functionDefinition",
    "relation", "list", "conditional", "filter", "for", "some", "every",
    "iterator",  # Trisotech's boxed extension (boxedext:iterator) of DMN 1.3 files
])  # fmt: skip

#: Names of expression languages that are not FEEL, as Camunda 7 and others write them.
_LANGUAGE_NAMES = {"juel": "JUEL", "groovy": "Groovy", "javascript": "JavaScript",
                   "ecmascript": "JavaScript", "js": "JavaScript", "python": "Python",
                   "jython": "Python", "jruby": "JRuby", "ruby": "Ruby", "mvel": "MVEL",
                   "xpath": "XPath", "java": "Java", "sql": "SQL"}  # fmt: skip


def foreign_language(language: str | None) -> str | None:
    """The name of the expression language ``language`` (an ``expressionLanguage``
    attribute) when it is not FEEL, else None (absent, ``feel``, or a FEEL URI such as
    ``https://www.omg.org/spec/DMN/20230324/FEEL/``)."""
    if language is None or not language.strip() or "feel" in language.lower():
        return None
    value = language.strip()
    word = value.lower().rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    return _LANGUAGE_NAMES.get(word, value)
