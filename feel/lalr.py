"""A lean driver for Lark's LALR(1) tables.

Lark builds the tables from ``grammar/feel.lark`` (and caches them); this loop runs them.
It does what Lark's own loop does, minus the work FEEL does not need: unit reductions of
``?rule`` precedence levels (``1`` climbs about a dozen of them to become an
expression) keep their child without a callback call and are climbed in one step, states
and symbols are integers, and tokens are our own objects.
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
    """Runs the LALR tables of a Lark parser with its callbacks, over integer tables.

    Lark's table (states by number, actions by terminal name, ``Rule`` objects) is turned
    once into lists indexed by state, with terminals and nonterminals as integers and
    reductions as negative numbers. Unit reductions (a ``?rule`` level that keeps its only
    child) replace the top state without touching the values, and the chain of them depends
    only on the state below, the top state and the lookahead: the end of each chain is
    remembered the first time it is climbed, so ``1`` becomes an expression in one step
    instead of a dozen.
    """

    def __init__(self, lark_parser: Any) -> None:
        inner = lark_parser.parser.parser.parser
        table = inner.parse_table
        self.states = table.states  # Lark's rows: the expected tokens of an error
        self.start_states = table.start_states
        self.end_states = table.end_states
        symbols: dict[str, int] = {}
        rule_ids: dict[Any, int] = {}
        self.rules: list[tuple[int, int, Callable[[list], Any] | None]] = []
        for rule, callback in inner.callbacks.items():
            unit = rule.options.expand1 and len(rule.expansion) == 1 and not rule.alias
            origin = symbols.setdefault(rule.origin.name, len(symbols))
            rule_ids[rule] = len(self.rules)
            self.rules.append((len(rule.expansion), origin, None if unit else callback))
        count = max(table.states) + 1
        self.actions: list[dict[int, int]] = [{} for _ in range(count)]
        self.gotos: list[dict[int, int]] = [{} for _ in range(count)]
        for state, row in table.states.items():
            for name, (action, arg) in row.items():
                if name.isupper():
                    code = arg if action is Shift else ~rule_ids[arg]
                    self.actions[state][symbols.setdefault(name, len(symbols))] = code
                else:
                    self.gotos[state][symbols.setdefault(name, len(symbols))] = arg
        self.symbols = symbols
        self.end = symbols.setdefault("$END", len(symbols))
        self.unit_chains: dict[tuple[int, int, int], int] = {}

    def _climb(self, below: int, top: int, terminal: int) -> int:
        """The top state after every unit reduction on ``terminal`` from ``top`` over ``below``."""
        actions, gotos, rules = self.actions, self.gotos, self.rules
        state = top
        while True:
            code = actions[state].get(terminal)
            if code is None or code >= 0:
                return state
            size, origin, callback = rules[~code]
            if callback is not None or size != 1:
                return state
            state = gotos[below][origin]
            if terminal == self.end and state in self.end_states.values():
                return state

    def parse(self, tokens: list, start: str) -> Any:
        """The value the start rule's callback builds from ``tokens``."""
        actions, gotos, rules, symbols = self.actions, self.gotos, self.rules, self.symbols
        chains = self.unit_chains
        end_symbol = self.end
        end_state = self.end_states[start]
        state_stack = [self.start_states[start]]
        value_stack: list[Any] = []
        end = _End(tokens[-1].end_pos if tokens else 0)
        for token in (*tokens, end):
            terminal = symbols.get(token.type, -1)
            while True:
                top = state_stack[-1]
                code = actions[top].get(terminal)
                if code is None:
                    expected = {name for name in self.states[top] if name.isupper()}
                    raise UnexpectedToken(token, expected) from None
                if code >= 0:
                    state_stack.append(code)
                    value_stack.append(token)
                    break
                size, origin, callback = rules[~code]
                if callback is None:
                    below = state_stack[-2]
                    key = (below, top, terminal)
                    climbed = chains.get(key)
                    if climbed is None:
                        climbed = chains[key] = self._climb(below, top, terminal)
                    state_stack[-1] = climbed
                else:
                    if size:
                        value = callback(value_stack[-size:])
                        del state_stack[-size:]
                        del value_stack[-size:]
                    else:
                        value = callback([])
                    state_stack.append(gotos[state_stack[-1]][origin])
                    value_stack.append(value)
                if terminal == end_symbol and state_stack[-1] == end_state:
                    return value_stack[-1]
        raise UnexpectedToken(end, set())  # pragma: no cover - the table accepts or raises
