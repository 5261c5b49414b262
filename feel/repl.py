"""The interactive prompt of ``python -m feel``.

Each result is shown in FEEL notation with its type, warnings under it, syntax errors with
the caret message. An unclosed bracket continues the input on the next line. Commands:

    :vars FILE.json        load variables from a JSON file
    :set name = expr       bind a variable to the value of an expression
    :unary TESTS ; VALUE   evaluate unary tests against the value of an expression
    :time EXPR             show compile and evaluation time
    :help                  this list
    :quit                  leave (so does end of input)

With ``prompt_toolkit`` installed and a terminal on standard input, the prompt has
history kept between runs (``~/.feel_history``, or ``$FEEL_HISTORY``), syntax
highlighting and completion of built-in names and variables; otherwise it reads plain
lines, which is also how the tests drive it.
"""

from __future__ import annotations

import json
import os
import re
import time
from decimal import Decimal
from typing import Any, TextIO

import feel
from feel.render import describe

HELP = __doc__.split("Commands:")[1].split("With ``prompt_toolkit``")[0].rstrip()  # type: ignore[union-attr]


def open_brackets(text: str) -> int:
    """How many brackets are left open in ``text`` (outside strings and comments)."""
    depth = 0
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"?|//[^\n]*|/\*.*?(?:\*/|$)|[()\[\]{}]', text, re.S):
        token = match.group()
        if token in "([{":
            depth += 1
        elif token in ")]}":
            depth -= 1
    return depth


class Session:
    """The state of one interactive session: engine and variables; one method per input."""

    def __init__(self, engine: feel.Engine, variables: dict[str, Any] | None = None) -> None:
        self.engine = engine
        self.variables: dict[str, Any] = dict(variables or {})

    def handle(self, text: str) -> str | None:
        """The output for one complete input; None means quit."""
        text = text.strip()
        if not text:
            return ""
        if text.startswith(":"):
            command, _, rest = text[1:].partition(" ")
            handler = getattr(self, f"cmd_{command}", None)
            if handler is None:
                return f"unknown command :{command} (try :help)"
            return handler(rest.strip())
        return self.show(text)

    def show(self, text: str) -> str:
        """Evaluate ``text`` and describe its value and warnings."""
        try:
            result = self.engine.compile(text, self.variables).evaluate_result(self.variables)
        except feel.FeelError as error:
            return str(error)
        lines = [describe(result.value)]
        lines.extend(f"  warning: {warning}" for warning in result.warnings)
        return "\n".join(lines)

    def cmd_quit(self, rest: str) -> None:
        return None

    cmd_q = cmd_exit = cmd_quit

    def cmd_help(self, rest: str) -> str:
        return HELP.strip("\n")

    def cmd_vars(self, rest: str) -> str:
        if not rest:
            if not self.variables:
                return "no variables"
            from feel.render import render

            return "\n".join(f"{name} = {render(feel.to_feel(value))}" for name, value in self.variables.items())
        try:
            with open(rest, encoding="utf-8") as handle:
                loaded = json.load(handle, parse_float=Decimal, parse_int=Decimal)
        except (OSError, ValueError, RecursionError) as error:
            return f":vars: {error}"
        if not isinstance(loaded, dict):
            return ":vars: the file must hold a JSON object"
        self.variables.update(loaded)
        return f"loaded {len(loaded)} variable(s): {', '.join(loaded)}"

    def cmd_set(self, rest: str) -> str:
        name, equals, expression = rest.partition("=")
        if not equals or not name.strip():
            return "usage: :set name = expression"
        try:
            result = self.engine.compile(expression, self.variables).evaluate_result(self.variables)
        except feel.FeelError as error:
            return str(error)
        self.variables[name.strip()] = result.value
        return f"{name.strip()} = {describe(result.value)}"

    def cmd_unary(self, rest: str) -> str:
        tests, semicolon, value_text = rest.partition(";")
        if not semicolon:
            return "usage: :unary TESTS ; VALUE"
        try:
            value = self.engine.evaluate(value_text.strip(), self.variables)
            compiled = self.engine.compile_unary_tests(tests.strip(), self.variables)
            result = compiled.test_result(value, self.variables)
        except feel.FeelError as error:
            return str(error)
        return "\n".join([describe(result.value)] + [f"  warning: {w}" for w in result.warnings])

    def cmd_time(self, rest: str) -> str:
        try:
            started = time.perf_counter()
            compiled = self.engine.compile(rest, self.variables)
            compiled_at = time.perf_counter()
            runs, value = 0, None
            while time.perf_counter() - compiled_at < 0.2 or runs < 3:
                value = compiled.evaluate(self.variables)
                runs += 1
            evaluated = (time.perf_counter() - compiled_at) / runs
        except feel.FeelError as error:
            return str(error)
        return (f"{describe(value)}\ncompile {(compiled_at - started) * 1e6:.1f} µs, "
                f"evaluate {evaluated * 1e6:.1f} µs (mean of {runs})")  # fmt: skip


def run_repl(engine: feel.Engine, variables: dict[str, Any], stdin: TextIO, stdout: TextIO) -> int:
    """Run the prompt until ``:quit`` or end of input; returns the exit code."""
    session = Session(engine, variables)
    if stdin.isatty():
        rich = _prompt_toolkit_reader(session)
        if rich is not None:
            return _loop(session, rich, stdout)
    interactive = stdin.isatty()

    def read(prompt: str) -> str | None:
        if interactive:
            stdout.write(prompt)
            stdout.flush()
        line = stdin.readline()
        return line if line else None

    return _loop(session, read, stdout)


def _loop(session: Session, read: Any, stdout: TextIO) -> int:
    while True:
        text = read("feel> ")
        if text is None:
            return 0
        while open_brackets(text) > 0:
            more = read("  ... ")
            if more is None:
                break
            text += "\n" + more
        output = session.handle(text)
        if output is None:
            return 0
        if output:
            print(output, file=stdout)


def _prompt_toolkit_reader(session: Session) -> Any:
    """A reader with history, highlighting and completion, or None without prompt_toolkit."""
    try:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.completion import WordCompleter
        from prompt_toolkit.history import FileHistory
    except ImportError:
        return None
    from feel.builtins import BUILTINS

    history = os.environ.get("FEEL_HISTORY") or os.path.join(os.path.expanduser("~"), ".feel_history")
    words = sorted(BUILTINS) + ["if", "then", "else", "for", "in", "return", "some", "every",
                                "satisfies", "and", "or", "between", "instance of", "function"]  # fmt: skip
    prompt = PromptSession(history=FileHistory(history))

    def read(message: str) -> str | None:
        completer = WordCompleter(words + list(session.variables), sentence=True)
        try:
            return prompt.prompt(message, completer=completer, lexer=_feel_lexer())
        except (EOFError, KeyboardInterrupt):
            return None

    return read


def _feel_lexer() -> Any:
    """A small prompt_toolkit lexer colouring strings, numbers and keywords."""
    from prompt_toolkit.lexers import Lexer

    pattern = re.compile(
        r'(?P<string>"(?:[^"\\]|\\.)*"?)|(?P<number>\b\d+(?:\.\d+)?\b)|(?P<keyword>\b(?:if|then|else|'
        r"for|in|return|some|every|satisfies|and|or|between|instance|of|function|true|false|null)\b)"
    )
    styles = {"string": "ansigreen", "number": "ansicyan", "keyword": "ansimagenta bold"}

    class FeelLexer(Lexer):
        def lex_document(self, document: Any) -> Any:
            def line(number: int) -> list[tuple[str, str]]:
                text = document.lines[number]
                parts, position = [], 0
                for match in pattern.finditer(text):
                    parts.append(("", text[position : match.start()]))
                    parts.append((styles[match.lastgroup or ""], match.group()))
                    position = match.end()
                parts.append(("", text[position:]))
                return parts

            return line

    return FeelLexer()
