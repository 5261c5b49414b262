"""PySpark: a decision or an expression over a Spark DataFrame with ``mapInPandas``.

>>> from feel.spark import PartitionMapper                                     # doctest: +SKIP
>>> mapper = PartitionMapper(model, "Approval", keep=["id"])
>>> frame.mapInPandas(mapper, schema="id long, Approval string")              # doctest: +SKIP

Spark pickles the mapper (with cloudpickle) and so the model, which travels as its text
(see :mod:`feel.batch`) and is loaded again on each executor. Nothing here imports pyspark:
a mapper is a plain callable from an iterator of pandas DataFrames to another, so it works
anywhere such iterators appear. The schema is the caller's, as ``mapInPandas`` wants it;
results are :func:`feel.to_python` values (``int`` for whole numbers, ``Decimal`` for others,
``str``, ``bool``, dates), which Arrow casts to the schema's types.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from feel.batch import evaluate_columns

__all__ = ["PartitionMapper"]


class PartitionMapper:
    """A function for ``DataFrame.mapInPandas``: for each pandas DataFrame, the columns of
    ``keep`` and the result column ``name`` (the decision's name, or ``"result"``), and with
    ``warnings`` a ``warnings`` column (an array of strings per row)."""

    def __init__(self, target: Any, decision: str | None = None, *, name: str | None = None,
                 keep: Sequence[str] = (), warnings: bool = False) -> None:  # fmt: skip
        self.target = target
        self.decision = decision
        self.name = name or decision or "result"
        self.keep = list(keep)
        self.warnings = warnings

    def __call__(self, frames: Iterable[Any]) -> Iterator[Any]:
        """The result frame of each frame of ``frames``."""
        for frame in frames:
            out = evaluate_columns(self.target, frame, self.decision, name=self.name,
                                   warnings=self.warnings)  # fmt: skip
            if not self.warnings:
                out = out.to_frame()
            kept = frame[self.keep] if self.keep else None
            yield out if kept is None else kept.join(out)
