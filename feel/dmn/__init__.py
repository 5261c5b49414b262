"""DMN models: ``feel.dmn.load(path_or_text)`` and ``model.evaluate(name, inputs)``.

>>> model = feel.dmn.load("loan.dmn")                         # doctest: +SKIP
>>> model.evaluate("Approval", {"Applicant Age": 30}).value    # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import feel
from feel.dmn.dialect import DmnDialect, dmn_dialect_of
from feel.dmn.java import resolve_java
from feel.dmn.model import DecisionServiceFunction, DmnResult, Model
from feel.dmn.source import MAX_BYTES, open_document
from feel.dmn.xml import child, children, local, parse_xml
from feel.errors import DmnError

__all__ = ["MAX_BYTES", "DecisionServiceFunction", "DmnDialect", "DmnResult", "Model",
           "default_engine", "load", "load_directory"]  # fmt: skip

_ENGINE: feel.Engine | None = None


def default_engine() -> feel.Engine:
    """The engine DMN models use unless given one: ``external`` Java functions resolve to
    the allow-listed Python stand-ins of :mod:`feel.dmn.java`."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = feel.Engine(resolve_external=resolve_java)
    return _ENGINE


def _parsed(source: Any, max_bytes: int) -> tuple[Any, dict[str, str], str]:
    """The root element, namespace prefixes and origin of the document ``source``."""
    reader, origin = open_document(source, max_bytes)
    try:
        root, prefixes = parse_xml(reader, origin)
    finally:
        reader.close()
    return root, prefixes, origin


def load(path_or_text: Any, *, imports: Iterable[Any] = (), engine: feel.Engine | None = None,
         dialect: str | DmnDialect | None = None, max_bytes: int = MAX_BYTES) -> Model:  # fmt: skip
    """Load a DMN model from XML text, a file path, bytes or a file object (bytes decode
    by their byte order mark or XML declaration, else as UTF-8); ``imports`` are the
    models (or paths) it may import by namespace. Reading stops with a DmnError past
    ``max_bytes`` (50 MB; 0: no limit). The model keeps ``engine``'s functions, clock and
    budgets. ``dialect="camunda"`` evaluates as Camunda 8 does (dmn-scala,
    :mod:`feel.dmn.dialect`): every decision may read any variable the caller passes, in
    Camunda's FEEL. An argument of another type is a TypeError."""
    mode = dmn_dialect_of(dialect)
    root, prefixes, origin = _parsed(path_or_text, max_bytes)
    imported = [item if isinstance(item, Model) else load(item, engine=engine, dialect=mode,
                                                          max_bytes=max_bytes)
                for item in imports]  # fmt: skip
    return _model(root, origin, imported, engine, prefixes, mode)


def _model(root: Any, origin: str, imported: list[Model], engine: feel.Engine | None,
           prefixes: dict[str, str], mode: DmnDialect) -> Model:  # fmt: skip
    """The Model of a parsed document; only DmnErrors leave."""
    name = os.path.basename(origin)
    try:
        return Model(root, name, imported, engine or default_engine(), prefixes, mode)
    except DmnError:
        raise
    except RecursionError:
        raise DmnError(f"{origin}: the model is nested too deeply") from None
    except MemoryError:
        raise DmnError(f"{origin}: not enough memory to load the model") from None
    except Exception as error:
        raise DmnError(f"{origin}: cannot load the model: {error!r}") from error


def load_directory(directory: str, engine: feel.Engine | None = None,
                   dialect: str | DmnDialect | None = None, max_bytes: int = MAX_BYTES,
                   ) -> dict[str, Model]:  # fmt: skip
    """Every ``.dmn`` file of ``directory``, keyed by file name, imports resolved among
    them; ``max_bytes`` bounds each file as in :func:`load`."""
    mode = dmn_dialect_of(dialect)
    roots: dict[str, Any] = {}
    prefixes: dict[str, dict[str, str]] = {}
    for name in sorted(os.listdir(directory)):
        if name.endswith(".dmn"):
            roots[name], prefixes[name], _ = _parsed(os.path.join(directory, name), max_bytes)
    namespaces = {root.get("namespace"): name for name, root in roots.items()}
    models: dict[str, Model] = {}

    def build(name: str, visiting: frozenset[str]) -> Model:
        if name in models:
            return models[name]
        if name in visiting:
            raise DmnError(f"{name}: circular imports")
        root = roots[name]
        imported = []
        for element in children(root, "import"):
            target = namespaces.get(element.get("namespace"))
            if target is not None:
                imported.append(build(target, visiting | {name}))
        models[name] = _model(root, name, imported, engine, prefixes[name], mode)
        return models[name]

    for name in roots:
        build(name, frozenset())
    return models


# keep helpers importable for callers that inspect DMN XML themselves
_ = (child, local)
