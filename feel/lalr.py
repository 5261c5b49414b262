"""A lean driver for Lark's LALR(1) tables.

Lark builds the tables from ``grammar/feel.lark`` (and caches them); this loop runs them.
It does what Lark's own loop does, minus the work FEEL does not need: unit reductions of
``?rule`` precedence levels (``1`` climbs about a dozen of them to become an
expression) keep their child without a callback call, and tokens are our own objects.
Measured on the benchmark expressions: parsing takes about half of Lark's time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lark.exceptions import UnexpectedToken
from lark.parsers.lalr_analysis import Shift


class _End:
    """The end-of-input token."""

    __slots__ = (
        "column",
        "end_column",
        "end_line",
        "end_pos",
        "line",
        "start_pos",
        "type",
        "value",
    )  # fmt: skip

    def __init__(self, position: int) -> None:
        self.type = "$END"
        self.value = ""
        self.start_pos = self.end_pos = position
        self.line = self.column = self.end_line = self.end_column = None


class Driver:
    """Runs the LALR tables of a Lark parser with its callbacks."""

    def __init__(self, lark_parser: Any) -> None:
        inner = lark_parser.parser.parser.parser
        table = inner.parse_table
        self.states = table.states
        self.start_states = table.start_states
        self.end_states = table.end_states
        self.reductions: dict[Any, tuple[int, str, Callable[[list], Any] | None]] = {}
        for rule, callback in inner.callbacks.items():
            unit = rule.options.expand1 and len(rule.expansion) == 1 and not rule.alias
            self.reductions[rule] = (len(rule.expansion), rule.origin.name,
                                     None if unit else callback)  # fmt: skip

    def parse(self, tokens: list, start: str) -> Any:
        """The value the start rule's callback builds from ``tokens``."""
        states = self.states
        reductions = self.reductions
        end_state = self.end_states[start]
        state_stack = [self.start_states[start]]
        value_stack: list[Any] = []
        end = _End(tokens[-1].end_pos if tokens else 0)
        for token in (*tokens, end):
            kind = token.type
            while True:
                row = states[state_stack[-1]]
                try:
                    action, arg = row[kind]
                except KeyError:
                    expected = {name for name in row if name.isupper()}
                    raise UnexpectedToken(token, expected) from None
                if action is Shift:
                    state_stack.append(arg)
                    value_stack.append(token)
                    break
                size, origin, callback = reductions[arg]
                if callback is None:
                    value = value_stack[-1]
                    del state_stack[-1]
                    del value_stack[-1]
                elif size:
                    value = callback(value_stack[-size:])
                    del state_stack[-size:]
                    del value_stack[-size:]
                else:
                    value = callback([])
                state_stack.append(states[state_stack[-1]][origin][1])
                value_stack.append(value)
                if kind == "$END" and state_stack[-1] == end_state:
                    return value_stack[-1]
        raise UnexpectedToken(end, set())  # pragma: no cover - the table accepts or raises
