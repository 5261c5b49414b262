"""A decision or an expression over a Dask DataFrame or Bag: ``feel.dask.evaluate``.

>>> import feel.dask                                            # doctest: +SKIP
>>> approvals = feel.dask.evaluate(model, frame, "Approval")    # a lazy dask Series
>>> approvals.compute()                                         # doctest: +SKIP

Each partition is evaluated by :func:`feel.batch.evaluate_columns` (DataFrames) or by
``evaluate_many`` (Bags) on whichever worker holds it; the model or expression travels to
the workers pickled (as its text, see :mod:`feel.batch`) and is compiled again there, once
per task, which costs far less than a partition of a few thousand records takes. Needs the
``dask`` extra (``pip install 'feel[dask]'``); importing this module without Dask raises
an ImportError that says so.
"""

from __future__ import annotations

from typing import Any

try:
    import dask.bag
    import dask.dataframe
    import pandas
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        f"feel.dask needs the dask extra: pip install 'feel[dask]' ({error})"
    ) from None

from feel.batch import WARNINGS_COLUMN, evaluate_columns
from feel.convert import to_python
from feel.errors import FeelError

__all__ = ["evaluate"]


def evaluate(target: Any, data: Any, decision: str | None = None, *, name: str | None = None,
             warnings: bool = False, python: bool = True) -> Any:  # fmt: skip
    """Evaluate an expression (``target`` a :class:`feel.Expression`) or a decision (``target``
    a DMN model and ``decision`` its name) for every row of a Dask DataFrame or every record
    (a dict) of a Dask Bag, lazily.

    A DataFrame gives a Dask Series named ``name`` (the decision's name, or ``"result"``) with
    the DataFrame's index, or with ``warnings`` a DataFrame whose second column holds each
    row's warnings (strings). A Bag gives a Bag of values, or with ``warnings`` of
    :class:`feel.Result` (expressions) or :class:`feel.dmn.DmnResult` (decisions). Values are
    converted by :func:`feel.to_python` unless ``python`` is false.
    """
    if isinstance(data, dask.dataframe.DataFrame):
        name = name or decision or "result"
        meta: Any = pandas.Series([], dtype=object, name=name)
        if warnings:
            meta = pandas.DataFrame({name: meta, WARNINGS_COLUMN: pandas.Series([], dtype=object)})
        return data.map_partitions(_frame_partition, target, decision, name, warnings, python,
                                   meta=meta)  # fmt: skip
    if isinstance(data, dask.bag.Bag):
        return data.map_partitions(_bag_partition, target, decision, warnings, python)
    raise FeelError(f"expected a Dask DataFrame or Bag, not {type(data).__name__}")


def _frame_partition(partition: Any, target: Any, decision: str | None, name: str,
                     warnings: bool, python: bool) -> Any:  # fmt: skip
    return evaluate_columns(
        target, partition, decision, name=name, warnings=warnings, python=python
    )


def _bag_partition(records: Any, target: Any, decision: str | None, warnings: bool,
                   python: bool) -> list[Any]:  # fmt: skip
    if decision is None:
        outcomes = target.evaluate_many(records, results=warnings)
    else:
        outcomes = target.evaluate_many(decision, records, results=warnings)
    if not python:
        return list(outcomes)
    if not warnings:
        return [to_python(value) for value in outcomes]
    converted = []
    for outcome in outcomes:
        outcome.value = to_python(outcome.value)
        converted.append(outcome)
    return converted
