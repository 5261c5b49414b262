"""DMN models made again and run many times: what pickling a model and
``model.evaluate_many`` need (see :mod:`feel.batch` for the whole story).

A model travels as its XML text, its imports and its engine's settings, and
:func:`feel.dmn.model.model_again` loads it again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from feel.convert import variables_in
from feel.reuse import refuse_mapping

# The model is typed Any here: feel.dmn.model imports this module (on first need).


def model_parts(model: Any) -> tuple[Any, ...]:
    """What a DMN model is made from again: its XML text, origin, imported models, the
    settings of the engine it was given (the type resolver is the model's own, made anew),
    its namespace prefixes and its DMN dialect."""
    from xml.etree.ElementTree import tostring

    imported: list[Any] = []
    for candidate in model.imports.values():
        if all(candidate is not seen for seen in imported):
            imported.append(candidate)
    settings = model.engine.settings.derive(resolve_type=None)
    return (tostring(model.root, encoding="unicode"), model.origin, imported, settings,
            model.prefixes, model.dialect)  # fmt: skip


def decide_each(
    model: Any, decision: str, records: Iterable[Any], results: bool
) -> Iterator[Any]:
    """The value (or, with ``results``, the :class:`feel.dmn.DmnResult`) of ``decision`` for
    each record of Python values, lazily (an unknown name is refused at once)."""
    refuse_mapping(records, "records")
    if decision not in model.by_name:
        from feel.errors import DmnError

        raise DmnError(f"{model.origin}: no decision or decision service named {decision!r}")
    evaluate = model.evaluate
    if results:
        return (evaluate(decision, variables_in(record)) for record in records)
    return (evaluate(decision, variables_in(record)).value for record in records)
