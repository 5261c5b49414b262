"""The interactive prompt of ``python -m feel``.

Each result is shown in FEEL notation with its type, warnings under it, syntax errors with
the caret message. An incomplete expression (an open bracket or string, an ``if`` without
``else``, a ``for`` without ``return``: anything that stops at an unexpected end) continues
on the next line; an empty line gives up and evaluates what was typed. Results longer than
:data:`RESULT_WIDTH` characters are shortened (``[1, 2, 3, ...]``); ``:full`` shows them
whole. Commands:

    :vars FILE.json        load variables from a JSON file (:vars alone lists them)
    :set name = expr       bind a variable to the value of an expression
    :unary TESTS ; VALUE   evaluate unary tests against the value of an expression
    :time EXPR             show compile and evaluation time
    :full EXPR             evaluate and show the result unshortened
    :help                  this list
    :quit                  leave (so do :q, :exit and end of input; Ctrl-C drops the input)

On a terminal the prompt opens with a one-line banner (:data:`BANNER`), keeps its history
between runs (``~/.feel_history``, or the file ``$FEEL_HISTORY`` names) and completes
built-in names, keywords and variables with Tab, a multi-word name such as ``string join``
in one Tab (only the names that complete the longest fragment are offered). ``:time``
prints in the unit that fits (ns, µs, ms, s). A syntax error in a command's expression
puts its caret under the command as typed. With ``prompt_toolkit`` installed (the ``repl`` extra) it also highlights the input
and edits a multi-line entry as one; without it Python's ``readline`` gives history and
completion where available; from a pipe it reads plain lines, which is also how the tests
drive it.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TextIO

import feel
from feel.builtins import BUILTINS
from feel.hints import with_hint
from feel.render import describe, quote, render
from feel.values import type_name

HELP = __doc__.split("Commands:")[1].split("On a terminal")[0].strip("\n")  # type: ignore[union-attr]

KEYWORDS = ("if", "then", "else", "for", "in", "return", "some", "every", "satisfies", "and",
            "or", "between", "instance of", "function", "true", "false", "null", "not")  # fmt: skip

BANNER = (f"feel {feel.__version__}: FEEL expressions (DMN 1.5). "
          ":help lists the commands, :quit leaves.")  # fmt: skip

#: The longest result shown whole at the prompt; :time shows at most :data:`TIME_WIDTH`.
RESULT_WIDTH = 2000
TIME_WIDTH = 14

#: Why a syntax error means "type more": the text stopped before the expression did.
_INCOMPLETE = ("unexpected end of expression", "unterminated string", "unterminated comment")

Reader = Callable[[str], "str | None"]
"""Reads one line for a prompt; None at end of input; may raise KeyboardInterrupt."""

_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"?|`[^`]*`?|//[^\n]*|/\*.*?(?:\*/|$)|[()\[\]{}]', re.S)


def open_brackets(text: str) -> int:
    """How many brackets are left open in ``text`` (outside strings, `names` and comments)."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in "([{":
            depth += 1
        elif token in ")]}":
            depth -= 1
    return depth


def format_duration(seconds: float) -> str:
    """A duration in the unit that fits it, three significant digits: ``41.0 µs``, ``2.50 s``."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{_significant(seconds / scale)} {unit}"
    return f"{_significant(seconds / 1e-9)} ns"


def _significant(amount: float) -> str:
    if amount >= 100:
        return f"{amount:.0f}"
    return f"{amount:.1f}" if amount >= 10 else f"{amount:.2f}"


#: Lists and contexts nested deeper than this are shown as ``...`` by :func:`shorten`, which
#: recurses (a value nested 10,000 deep, which a ``for`` loop can build, must not overflow).
SHOWN_DEPTH = 100


def shorten(value: Any, width: int, depth: int = 0) -> tuple[str, bool]:
    """The FEEL notation of ``value`` in about ``width`` characters, and whether it was
    shortened: lists and contexts stop with ``...`` after the items that fit (at least
    one), long strings are cut. Only what is shown is rendered, so a huge list costs
    little."""
    if isinstance(value, (list, dict)) and depth >= SHOWN_DEPTH:
        return "...", True
    if isinstance(value, list):
        return _shortened_items([("", item) for item in value], width, "[]", depth)
    if isinstance(value, dict):
        return _shortened_items([(f"{_key(key)}: ", item) for key, item in value.items()],
                                width, "{}", depth)  # fmt: skip
    if isinstance(value, str) and len(value) > width:
        return quote(value[: max(width - 5, 3)])[:-1] + '..."', True
    return render(value), False


def _shortened_items(entries: list[tuple[str, Any]], width: int, brackets: str,
                     depth: int) -> tuple[str, bool]:  # fmt: skip
    parts: list[str] = []
    used, cut = 2, False
    for label, item in entries:
        text, item_cut = shorten(item, max(width - used - len(label), 10), depth + 1)
        text = label + text
        if parts and used + len(text) + 2 > width:
            parts.append("...")
            return brackets[0] + ", ".join(parts) + brackets[1], True
        parts.append(text)
        used += len(text) + 2
        cut = cut or item_cut
    return brackets[0] + ", ".join(parts) + brackets[1], cut


def _key(key: str) -> str:
    return key if key.replace(" ", "_").isidentifier() else quote(key)


def described(value: Any, width: int | None = RESULT_WIDTH) -> str:
    """``value`` in FEEL notation with its type, as the prompt shows results; past
    ``width`` characters shortened and said so (``width`` None: never shortened)."""
    if width is None:
        return describe(value)
    text, cut = shorten(value, width)
    if not cut:
        return f"{text}    : {type_name(value)}"
    size = f" of {len(value)} items" if isinstance(value, (list, dict)) else ""
    return f"{text}    : {type_name(value)}{size}, shortened (:full EXPR shows it all)"


def history_path() -> str:
    """The history file: ``$FEEL_HISTORY``, else ``~/.feel_history``."""
    return os.environ.get("FEEL_HISTORY") or os.path.join(os.path.expanduser("~"), ".feel_history")


def _is_name_char(char: str) -> bool:
    return char.isalnum() or char in "_?"


def completions(before: str, names: Iterable[str]) -> list[tuple[str, int]]:
    """Completions of the text before the cursor: ``(name, start)`` pairs, ``start`` being
    the (negative) offset where the completed fragment begins. Multi-word names complete
    across spaces: ``"1 + string le"`` offers ``string length`` from offset -9; only the
    names that complete the longest fragment are offered."""
    found: dict[str, int] = {}
    for name in names:
        lowest = max(0, len(before) - len(name))
        for start in range(lowest, len(before)):
            if not _is_name_char(before[start]) or (start and _is_name_char(before[start - 1])):
                continue
            fragment = before[start:]
            if name.startswith(fragment) and name != fragment:
                found[name] = start - len(before)
                break
    # The longest fragment wins: after "string jo" only "string join" is offered, not
    # "jobError" for "jo", so that one Tab completes a multi-word name.
    longest = min(found.values(), default=0)
    return sorted((name, start) for name, start in found.items() if start == longest)


_HIGHLIGHT = re.compile(
    r'(?P<comment>//[^\n]*|/\*.*?(?:\*/|$))|(?P<string>@?"(?:[^"\\]|\\.)*"?)|(?P<name>`[^`]*`?)'
    r"|(?P<number>(?<![\w.])\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|(?<![\w.])\.\d+)"
    r"|(?P<keyword>\b(?:if|then|else|for|in|return|some|every|satisfies|and|or|between|instance"
    r"|of|function|true|false|null|not)\b)"
    r"|(?P<builtin>\b(?:" + "|".join(re.escape(n) for n in sorted(BUILTINS, key=len, reverse=True))
    + r")(?=\s*\())",
    re.S,
)
STYLES = {"comment": "ansibrightblack", "string": "ansigreen", "name": "", "number": "ansicyan",
          "keyword": "ansimagenta bold", "builtin": "ansiblue"}  # fmt: skip


def highlight(line: str) -> list[tuple[str, str]]:
    """``(style, text)`` fragments of one input line (prompt_toolkit style strings)."""
    parts: list[tuple[str, str]] = []
    position = 0
    for match in _HIGHLIGHT.finditer(line):
        if match.start() > position:
            parts.append(("", line[position : match.start()]))
        parts.append((STYLES[match.lastgroup or "name"], match.group()))
        position = match.end()
    if position < len(line):
        parts.append(("", line[position:]))
    return parts


class Session:
    """The state of one interactive session: engine and variables; one method per input."""

    def __init__(self, engine: feel.Engine, variables: dict[str, Any] | None = None) -> None:
        self.engine = engine
        self.variables: dict[str, Any] = dict(variables or {})
        self._typed = ""  # the input being handled, for carets under what was typed

    def _as_typed(self, error: feel.FeelSyntaxError, fragment: str, after: int = 0) -> str:
        """The message of ``error`` (a syntax error in ``fragment``, the exact text a command
        compiled, found in the input from offset ``after`` on) with the caret under the
        command line as it was typed, not under the fragment alone."""
        start = self._typed.find(fragment, after)
        if start < 0:
            return str(error)
        lines = fragment.split("\n")
        offset = sum(len(line) + 1 for line in lines[: error.line - 1]) + error.column - 1
        offset += start
        text = self._typed
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        moved = feel.FeelSyntaxError(error.reason, expression=text, line=line, column=column,
                                     expected=error.expected)  # fmt: skip
        return str(with_hint(moved))

    def names(self) -> list[str]:
        """What completion offers: built-in names, keywords and variables."""
        return [*BUILTINS, *KEYWORDS, *self.variables]

    def needs_more(self, text: str) -> bool:
        """True while ``text`` is the beginning of an expression: a bracket or string left
        open, an ``if`` without ``else``, a ``for`` without ``return``, an operator with
        nothing after it. A command continues only while a bracket is open."""
        if not text.strip():
            return False
        if text.lstrip().startswith(":"):
            return open_brackets(text) > 0
        try:
            self.engine.compile(text, self.variables)
        except feel.FeelSyntaxError as error:
            return error.reason in _INCOMPLETE
        return False

    def handle(self, text: str) -> str | None:
        """The output for one complete input; None means quit."""
        text = text.strip()
        if not text:
            return ""
        self._typed = text
        if text.startswith(":"):
            command, _, rest = text[1:].partition(" ")
            handler = getattr(self, f"cmd_{command}", None)
            if handler is None:
                return f"unknown command :{command} (try :help)"
            return handler(rest.strip())
        return self.show(text)

    def _result(self, text: str) -> feel.Result:
        return self.engine.compile(text, self.variables).evaluate_result(self.variables)

    def show(self, text: str, width: int | None = RESULT_WIDTH) -> str:
        """Evaluate ``text`` and describe its value (shortened past ``width``) and warnings."""
        try:
            result = self._result(text)
        except feel.FeelError as error:
            return str(error)
        return _described(result, width)

    def cmd_full(self, rest: str) -> str:
        """Evaluate and show the result unshortened."""
        return self.show(rest, None) if rest else "usage: :full EXPR"

    def cmd_quit(self, rest: str) -> None:
        """Leave the prompt."""
        return None

    cmd_q = cmd_exit = cmd_quit

    def cmd_help(self, rest: str) -> str:
        """The list of commands."""
        return HELP

    def cmd_vars(self, rest: str) -> str:
        """Load variables from a JSON file, or list them."""
        if not rest:
            if not self.variables:
                return "no variables"
            return "\n".join(f"{name} = {render(feel.to_feel(value))}"
                             for name, value in self.variables.items())  # fmt: skip
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
        """Bind ``name`` to the value of an expression."""
        name, equals, expression = rest.partition("=")
        name = name.strip()
        if not equals or not name or not expression.strip():
            return "usage: :set name = expression"
        if not self._is_name(name):
            return f":set: {name!r} is not a name FEEL can refer to"
        try:
            result = self._result(expression)
        except feel.FeelSyntaxError as error:
            return self._as_typed(error, expression, after=self._typed.index("="))
        except feel.FeelError as error:
            return str(error)
        self.variables[name] = result.value
        return f"{name} = {_described(result)}"

    def _is_name(self, name: str) -> bool:
        """True when the expression ``name`` reads the variable ``name``."""
        marker = Decimal(7919)
        try:
            return self.engine.compile(name, [name]).evaluate({name: marker}) == marker
        except feel.FeelError:
            return False

    def cmd_unary(self, rest: str) -> str:
        """Evaluate unary tests against the value of an expression."""
        tests, semicolon, value_text = rest.partition(";")
        if not semicolon or not tests.strip() or not value_text.strip():
            return "usage: :unary TESTS ; VALUE"
        try:
            value = self.engine.evaluate(value_text.strip(), self.variables)
        except feel.FeelSyntaxError as error:
            return self._as_typed(error, value_text.strip(), after=self._typed.index(";"))
        except feel.FeelError as error:
            return str(error)
        try:
            compiled = self.engine.compile_unary_tests(tests.strip(), self.variables)
            result = compiled.test_result(value, self.variables)
        except feel.FeelSyntaxError as error:
            return self._as_typed(error, tests.strip(), after=len(":unary"))
        except feel.FeelError as error:
            return str(error)
        return _described(result)

    def cmd_time(self, rest: str) -> str:
        """Compile and evaluate repeatedly; show the value and both times."""
        if not rest:
            return "usage: :time EXPR"
        try:
            started = time.perf_counter()
            compiled = self.engine.compile(rest, self.variables)
            compiled_at = time.perf_counter()
            runs, value = 0, None
            while time.perf_counter() - compiled_at < 0.2 or runs < 3:
                value = compiled.evaluate(self.variables)
                runs += 1
            evaluated = (time.perf_counter() - compiled_at) / runs
        except feel.FeelSyntaxError as error:
            return self._as_typed(error, rest, after=len(":time"))
        except feel.FeelError as error:
            return str(error)
        return (f"{shorten(value, TIME_WIDTH)[0]}    : {type_name(value)}\n"
                f"compile {format_duration(compiled_at - started)}, "
                f"evaluate {format_duration(evaluated)} (mean of {runs})")  # fmt: skip


def _described(result: Any, width: int | None = RESULT_WIDTH) -> str:
    try:  # the whole text (:full) is counted against max_string as it is written
        shown = described(result.value, width)
    except feel.FeelError as error:
        shown = f"stopped: {error}"
    return "\n".join([shown] + [f"  warning: {w}" for w in result.warnings])


def run_repl(engine: feel.Engine, variables: dict[str, Any], stdin: TextIO, stdout: TextIO,
             *, reader: Callable[[Session], Reader | None] | None = None) -> int:  # fmt: skip
    """Run the prompt until ``:quit`` or end of input; returns the exit code.

    ``reader`` makes the line reader for the session (tests pass one built on
    prompt_toolkit's pipe input); by default a terminal gets :func:`prompt_toolkit_reader`
    or :func:`readline_reader` and anything else plain lines from ``stdin``.
    """
    session = Session(engine, variables)
    if stdin.isatty():
        print(BANNER, file=stdout)
    read = reader(session) if reader is not None else None
    if read is None and stdin.isatty():
        read = prompt_toolkit_reader(session)
        if read is None and stdin is sys.stdin:
            read = readline_reader(session)
    if read is None:
        read = _plain_reader(stdin, stdout, prompts=stdin.isatty())
    return _loop(session, read, stdout)


def _plain_reader(stdin: TextIO, stdout: TextIO, prompts: bool) -> Reader:
    def read(prompt: str) -> str | None:
        if prompts:
            stdout.write(prompt)
            stdout.flush()
        line = stdin.readline()
        return line.rstrip("\n") if line else None

    return read


def _loop(session: Session, read: Reader, stdout: TextIO) -> int:
    while True:
        try:
            text = read("feel> ")
            if text is None:
                return 0
            # A reader may return several lines (prompt_toolkit edits them in place); an empty
            # last line means the user gave up on completing the expression.
            while text.rsplit("\n", 1)[-1].strip() and session.needs_more(text):
                more = read("  ... ")
                if more is None:
                    break
                text += "\n" + more
            output = session.handle(text)
        except KeyboardInterrupt:
            print("(interrupted)", file=stdout)
            continue
        if output is None:
            return 0
        if output:
            print(output, file=stdout)


def prompt_toolkit_reader(session: Session, **options: Any) -> Reader | None:
    """A reader with history, highlighting and completion, or None without prompt_toolkit.
    ``options`` go to ``PromptSession`` (e.g. ``input``/``output`` for tests)."""
    try:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.completion import Completer, Completion
        from prompt_toolkit.history import FileHistory
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.lexers import Lexer
    except ImportError:
        return None

    class FeelCompleter(Completer):
        def get_completions(self, document: Any, complete_event: Any) -> Any:
            for name, start in completions(document.text_before_cursor, session.names()):
                yield Completion(name, start_position=start)

    class FeelLexer(Lexer):
        def lex_document(self, document: Any) -> Any:
            return lambda number: highlight(document.lines[number])

    keys = KeyBindings()

    @keys.add("enter")
    def _enter(event: Any) -> None:
        # Multi-line editing: Enter in an incomplete expression starts a new line, so history
        # keeps whole entries; an empty last line gives up, as with plain input.
        buffer = event.current_buffer
        last_line = buffer.document.text_before_cursor.rsplit("\n", 1)[-1]
        if last_line.strip() and session.needs_more(buffer.text):
            buffer.insert_text("\n")
        else:
            buffer.validate_and_handle()

    @keys.add("tab")
    def _tab(event: Any) -> None:
        # Complete at once (prompt_toolkit's own Tab completes in the background): the one
        # name offered, else the part all offered names share, else the menu.
        buffer = event.current_buffer
        found = completions(buffer.document.text_before_cursor, session.names())
        if not found:
            return
        start = found[0][1]
        shared = found[0][0]
        for name, _ in found:
            while not name.startswith(shared):
                shared = shared[:-1]
        if len(shared) > -start:
            buffer.delete_before_cursor(-start)
            buffer.insert_text(shared)
        else:
            buffer.start_completion(select_first=False)

    prompt = PromptSession(history=FileHistory(history_path()), completer=FeelCompleter(),
                           lexer=FeelLexer(), multiline=True, key_bindings=keys,
                           prompt_continuation="  ... ", **options)  # fmt: skip

    def read(message: str) -> str | None:
        try:
            return prompt.prompt(message)
        except EOFError:
            return None

    read.prompt_session = prompt  # type: ignore[attr-defined]
    return read


def readline_reader(session: Session) -> Reader | None:
    """A reader on ``input()`` with GNU readline history and Tab completion, or None where
    the ``readline`` module is missing. The history file is appended line by line."""
    try:
        import readline
    except ImportError:
        return None
    path = history_path()
    try:
        open(path, "a", encoding="utf-8").close()  # append_history_file needs the file
        readline.read_history_file(path)
    except OSError:
        pass
    matches: list[str] = []

    def complete(text: str, state: int) -> str | None:
        if state == 0:
            line = readline.get_line_buffer()[: readline.get_endidx()]
            matches[:] = [line[: len(line) + start] + name
                          for name, start in completions(line, session.names())]  # fmt: skip
        return matches[state] if state < len(matches) else None

    readline.set_completer_delims("")  # complete on the whole line: names may hold spaces
    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")

    def read(message: str) -> str | None:
        try:
            line = input(message)
        except EOFError:
            return None
        try:
            readline.append_history_file(1, path)
        except OSError:
            pass
        return line

    return read
