"""Many records at once, and compiled things that travel: pickling and batch evaluation.

Pickling. A compiled :class:`feel.Expression` or :class:`feel.UnaryTests` is closures (and,
once warm, generated code), which ``pickle`` cannot carry; what it carries instead is the
engine (by its settings), the source text and the names given to ``compile`` that change
how the text reads, and :func:`compiled_again` compiles them again on unpickling. A DMN
model travels as its XML text, its imports and its engine's settings, and
:func:`model_again` loads it again. What a round trip costs is measured by
``python -m bench --scale``.

Batches. ``expression.evaluate_many(records)``, ``tests.test_many(values)`` and
``model.evaluate_many(decision, records)`` are lazy loops over the one-record entry points
(so a batch gives exactly what one call per record gives); :func:`evaluate_columns` does
the same over the rows of a pandas DataFrame or a pyarrow Table, imported only when one is
given. A record that breaks a budget stops the batch with the same exception as one call.
"""

from __future__ import annotations

import sys
from typing import Any

from feel.convert import to_python
from feel.errors import FeelError

# Pickling and batches of records are done below the engine (feel.reuse) and in
# feel.dmn.reuse; the names stay importable here.
from feel.reuse import compiled_again, evaluate_each, test_each  # noqa: F401

#: The column of warnings that :func:`evaluate_columns` adds when asked.
WARNINGS_COLUMN = "warnings"


def __getattr__(name: str) -> Any:
    # The DMN halves of pickling and batches, importable here as before (pickles made
    # earlier name feel.batch.model_again) without loading feel.dmn for expressions.
    if name in ("model_again",):
        from feel.dmn import model

        return getattr(model, name)
    if name in ("decide_each", "model_parts"):
        from feel.dmn import reuse

        return getattr(reuse, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- columns: pandas DataFrames and pyarrow Tables


def evaluate_columns(target: Any, data: Any, decision: str | None = None, *,
                     name: str | None = None, warnings: bool = False,
                     python: bool = True) -> Any:  # fmt: skip
    """Evaluate an expression (``target`` a :class:`feel.Expression`) or a decision (``target``
    a DMN model, ``decision`` its name) for each row of a pandas DataFrame or a pyarrow Table
    (or RecordBatch), the columns being the variables.

    Gives a pandas Series (index kept) for a DataFrame and a pyarrow Array for a Table, named
    ``name`` (the decision's name, or ``"result"``); with ``warnings``, a DataFrame or Table
    of two columns, the values and ``warnings`` (a list of strings per row). Values are
    converted by :func:`feel.to_python` unless ``python`` is false. Missing cells (None, NaN,
    NaT, NA) are null.
    """
    library = _library_of(data)
    records = _pandas_records(data) if library == "pandas" else data.to_pylist()
    name = name or decision or "result"
    if decision is None:
        if not hasattr(target, "evaluate_many") or hasattr(target, "by_name"):
            raise FeelError("give a compiled feel.Expression, or a DMN model and a decision name")
        outcomes = target.evaluate_many(records, results=warnings)
    else:
        if not hasattr(target, "by_name"):
            raise FeelError("a decision name goes with a DMN model (feel.dmn.load)")
        outcomes = target.evaluate_many(decision, records, results=warnings)
    values: list[Any] = []
    notes: list[list[str]] = []
    for outcome in outcomes:
        if warnings:
            notes.append([str(warning) for warning in outcome.warnings])
            outcome = outcome.value
        values.append(to_python(outcome) if python else outcome)
    if library == "pandas":
        return _pandas_out(data, name, values, notes if warnings else None)
    return _arrow_out(name, values, notes if warnings else None)


def _library_of(data: Any) -> str:
    # a DataFrame or Table can only exist if its library was imported: nothing imported here
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(data, pandas.DataFrame):
        return "pandas"
    arrow = sys.modules.get("pyarrow")
    if arrow is not None and isinstance(data, (arrow.Table, arrow.RecordBatch)):
        return "arrow"
    raise FeelError(f"expected a pandas DataFrame or a pyarrow Table, not {type(data).__name__}")


def _pandas_records(frame: Any) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts of Python values, missing cells as None (per column:
    a loop over cells calling ``pandas.isna`` would cost more than the evaluation)."""
    columns = []
    for column in frame.columns:
        series = frame[column]
        columns.append(series.astype(object).where(series.notna(), None).tolist())
    names = [str(column) for column in frame.columns]
    return [dict(zip(names, row)) for row in zip(*columns)] if names else [{} for _ in frame.index]


def _pandas_out(frame: Any, name: str, values: list[Any], notes: list[list[str]] | None) -> Any:
    import pandas

    series = pandas.Series(values, index=frame.index, name=name, dtype=object)
    if notes is None:
        return series
    return pandas.DataFrame(
        {name: series, WARNINGS_COLUMN: pandas.Series(notes, index=frame.index, dtype=object)}
    )


def _arrow_out(name: str, values: list[Any], notes: list[list[str]] | None) -> Any:
    import pyarrow

    try:
        array = pyarrow.array(values)
    except (pyarrow.ArrowException, TypeError, ValueError, OverflowError) as error:
        raise FeelError(
            f"the results do not make one Arrow column ({error}): "
            "use a pandas DataFrame, which holds any Python value"
        ) from None
    if notes is None:
        return array
    return pyarrow.table(
        {name: array, WARNINGS_COLUMN: pyarrow.array(notes, pyarrow.list_(pyarrow.string()))}
    )
