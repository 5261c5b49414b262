"""Compiled expressions and unary tests made again and run many times: what pickling and
``evaluate_many``/``test_many`` need (see :mod:`feel.batch` for the whole story).

Pickling carries the engine (by its settings), the source text and the names given to
``compile``; :func:`compiled_again` compiles them again on unpickling. A batch is a lazy
loop over the one-record entry point, so it gives exactly what one call per record gives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from feel.errors import FeelError


def compiled_again(engine: Any, text: str, names: tuple[str, ...], unary: bool) -> Any:
    """The compiled expression (or unary tests, when ``unary``) that ``engine`` (a
    :class:`feel.Engine`, not imported: the engine imports this module) pickled."""
    if unary:
        return engine.compile_unary_tests(text, names)
    return engine.compile(text, names)


def evaluate_each(evaluate: Callable[[Any], Any], records: Iterable[Any]) -> Iterator[Any]:
    """``evaluate(record)`` for each record, lazily."""
    refuse_mapping(records, "records")
    return map(evaluate, records)


def test_each(test: Callable[..., Any], values: Iterable[Any],
              variables: Mapping[str, Any] | None) -> Iterator[Any]:  # fmt: skip
    """``test(value, variables)`` for each value, lazily."""
    refuse_mapping(values, "values")
    return (test(value, variables) for value in values)


def refuse_mapping(items: Any, what: str) -> None:
    """A :class:`FeelError` unless ``items`` is an iterable of records: a dict is iterable
    (over its keys), so one record passed alone is a mistake worth naming."""
    if isinstance(items, Mapping) or isinstance(items, (str, bytes)):
        raise FeelError(
            f"the {what} must be an iterable of records, not one {type(items).__name__}"
        )
