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
from feel.dmn.xml import child, children, local, parse_xml
from feel.errors import DmnError

__all__ = ["DecisionServiceFunction", "DmnDialect", "DmnResult", "Model", "default_engine",
           "load", "load_directory"]  # fmt: skip

_ENGINE: feel.Engine | None = None


def default_engine() -> feel.Engine:
    """The engine DMN models use unless given one: ``external`` Java functions resolve to
    the allow-listed Python stand-ins of :mod:`feel.dmn.java`."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = feel.Engine(resolve_external=resolve_java)
    return _ENGINE


def _read(path_or_text: str) -> tuple[str, str]:
    if path_or_text.lstrip().startswith("<"):
        return path_or_text, "<text>"
    try:
        with open(path_or_text, encoding="utf-8") as handle:
            return handle.read(), path_or_text
    except OSError as error:
        raise DmnError(f"{path_or_text}: {error.strerror}") from None


def load(path_or_text: str, *, imports: Iterable[Any] = (), engine: feel.Engine | None = None,
         dialect: str | DmnDialect | None = None) -> Model:  # fmt: skip
    """Load a DMN model from a file path or XML text; ``imports`` are the models (or paths)
    it may import by namespace. The model keeps ``engine``'s functions, clock and budgets.
    ``dialect="camunda"`` evaluates as Camunda 8 does (dmn-scala, :mod:`feel.dmn.dialect`):
    every decision may read any variable the caller passes, in Camunda's FEEL."""
    mode = dmn_dialect_of(dialect)
    source, origin = _read(path_or_text)
    root, prefixes = parse_xml(source, origin)
    imported = [item if isinstance(item, Model) else load(item, engine=engine, dialect=mode)
                for item in imports]  # fmt: skip
    try:
        return Model(root, os.path.basename(origin), imported, engine or default_engine(),
                     prefixes, mode)  # fmt: skip
    except DmnError:
        raise
    except RecursionError:
        raise DmnError(f"{origin}: the model is nested too deeply") from None
    except Exception as error:
        raise DmnError(f"{origin}: cannot load the model: {error!r}") from error


def load_directory(directory: str, engine: feel.Engine | None = None,
                   dialect: str | DmnDialect | None = None) -> dict[str, Model]:  # fmt: skip
    """Every ``.dmn`` file of ``directory``, keyed by file name, imports resolved among them."""
    mode = dmn_dialect_of(dialect)
    roots: dict[str, Any] = {}
    prefixes: dict[str, dict[str, str]] = {}
    for name in sorted(os.listdir(directory)):
        if name.endswith(".dmn"):
            text, _ = _read(os.path.join(directory, name))
            roots[name], prefixes[name] = parse_xml(text, name)
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
        try:
            models[name] = Model(root, name, imported, engine or default_engine(), prefixes[name], mode)
        except DmnError:
            raise
        except Exception as error:
            raise DmnError(f"{name}: cannot load the model: {error!r}") from error
        return models[name]

    for name in roots:
        build(name, frozenset())
    return models


# keep helpers importable for callers that inspect DMN XML themselves
_ = (child, local)
