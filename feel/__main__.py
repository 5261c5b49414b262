"""``feel`` / ``python -m feel``: evaluate one expression, or start the interactive prompt.

    feel "1 + 1"                      prints 2
    feel "a * 2" --vars '{"a": 21}'   variables as JSON, or --vars @file.json
    feel --json "{a: 1}"              the result as JSON
    feel --unary "< 10" --input 5     unary tests against an input value (FEEL)
    echo "1 + 1" | feel -             the expression from standard input
    feel --strict "x.y"               a result with warnings exits 4
    feel --version                    the version
    feel                              the interactive prompt (see feel.repl)

Exit codes (:data:`EXIT_CODES`): 0 evaluated, 1 syntax error, 2 usage error (bad options,
variables or input text), 3 evaluation stopped (a budget ran out, ``assert`` failed),
4 the result has warnings and ``--strict`` was given, 5 the output could not be written
(standard output closed, as when piped into ``head``). Every failure is one line on
standard error (a syntax error adds its caret), never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from decimal import Decimal
from typing import Any, TextIO

import feel
from feel.render import render

EVALUATED, SYNTAX_ERROR, USAGE_ERROR, STOPPED, WARNINGS, OUTPUT_CLOSED = range(6)
EXIT_CODES = {
    EVALUATED: "evaluated", SYNTAX_ERROR: "syntax error", USAGE_ERROR: "usage error",
    STOPPED: "evaluation stopped (budget, assert)", WARNINGS: "warnings under --strict",
    OUTPUT_CLOSED: "the output could not be written",
}  # fmt: skip

#: The most text read for ``--vars @file`` or ``-`` (standard input): 64 MiB, so that
#: ``--vars @/dev/zero`` is refused instead of filling the memory.
MAX_INPUT = 64 * 1024 * 1024


class UsageError(Exception):
    """A problem with the options or their input; its message is printed as is (exit 2)."""


def read_limited(handle: TextIO, what: str) -> str:
    """At most :data:`MAX_INPUT` characters of ``handle``; a UsageError beyond that."""
    try:
        text = handle.read(MAX_INPUT + 1)
    except UnicodeDecodeError as error:
        raise UsageError(
            f"{what} is not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    if len(text) > MAX_INPUT:
        raise UsageError(f"{what} is larger than {MAX_INPUT // (1024 * 1024)} MiB")
    return text


def load_variables(option: str) -> dict[str, Any]:
    """The variables of ``--vars``: a JSON object, given inline or as ``@file``."""
    source = "--vars"
    text = option
    if option.startswith("@"):
        path = option[1:]
        source = f"--vars {option}"
        try:
            with open(path, encoding="utf-8") as handle:
                text = read_limited(handle, source)
        except OSError as error:
            raise UsageError(f"{source}: {error.strerror or error}") from None
    try:
        variables = json.loads(text, parse_float=Decimal, parse_int=Decimal)
    except RecursionError:
        raise UsageError(f"{source}: the JSON is nested too deeply") from None
    except ValueError as error:
        raise UsageError(f"{source}: not valid JSON: {error}") from None
    if not isinstance(variables, dict):
        raise UsageError(f"{source}: expected a JSON object, not {type(variables).__name__}")
    try:
        json.dumps(variables, ensure_ascii=False, default=str).encode("utf-8")
    except UnicodeEncodeError as error:
        raise UsageError(f"{source}: the JSON holds {error.object[error.start]!r}, a lone "
                         "surrogate, which is not text") from None  # fmt: skip
    return variables


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="feel", description="Evaluate FEEL expressions; without one, start the prompt.",
        epilog="exit codes: " + ", ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES.items()),
    )  # fmt: skip
    parser.add_argument("expression", nargs="?", help="the expression; - reads standard input")
    parser.add_argument("--vars", help="variables: a JSON object, or @file.json")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--unary", metavar="TESTS", help="evaluate unary tests against --input")
    parser.add_argument("--input", metavar="VALUE", help="the input of --unary, as FEEL")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="a result with warnings exits 4 (the warnings are printed)",
    )
    parser.add_argument("--version", action="version", version=f"feel {feel.__version__}")
    return parser


def to_json(value: Any, limit: int | None = None) -> str:
    """The JSON text of a FEEL value (see :func:`feel.connectors.to_json_value`), written
    without recursion and refused past ``limit`` characters (default: the default
    engine's ``max_string``) with :class:`feel.BudgetExceeded`."""
    from feel.connectors.values import json_text

    return json_text(value, limit=limit)


def _write(stream: TextIO, text: str) -> None:
    """Write a line; text the stream cannot encode (a lone surrogate) is escaped."""
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        stream.write(text.encode("utf-8", "backslashreplace").decode("ascii", "replace") + "\n")


def _parse_options(parser: argparse.ArgumentParser, argv: list[str] | None,
                   stdout: TextIO, stderr: TextIO) -> argparse.Namespace | int:  # fmt: skip
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            options = parser.parse_args(argv)
    except SystemExit as leave:
        return EVALUATED if leave.code == 0 else USAGE_ERROR
    if options.input is not None and options.unary is None:
        raise UsageError("--input needs --unary")
    if options.unary is not None and options.input is None:
        raise UsageError("--unary needs --input VALUE (the value to test, as FEEL)")
    if options.unary is not None and options.expression is not None:
        raise UsageError("give either an expression or --unary, not both")
    return options


def main(argv: list[str] | None = None, stdin: TextIO | None = None,
         stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:  # fmt: skip
    """Run the command line; returns the exit code (see :data:`EXIT_CODES`)."""
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    try:
        return _run(argv, stdin, stdout, stderr)
    except BrokenPipeError:
        _silence(stdout)
        with contextlib.suppress(OSError):
            stderr.write("feel: the output was closed before the result was written\n")
        return OUTPUT_CLOSED


def _silence(stdout: TextIO) -> None:
    """After a broken pipe, point standard output at /dev/null so that Python's own flush
    at exit does not report the same broken pipe again."""
    if stdout is sys.stdout:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _run(argv: list[str] | None, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    try:
        options = _parse_options(_arguments(), argv, stdout, stderr)
        if isinstance(options, int):
            return options
        variables = load_variables(options.vars) if options.vars else {}
        text = options.expression
        if text == "-":
            text = read_limited(stdin, "standard input")
    except UsageError as error:
        _write(stderr, f"feel: {error}")
        return USAGE_ERROR
    engine = feel.Engine()
    try:
        if options.unary is not None:
            value = engine.evaluate(options.input, variables)
            result = engine.compile_unary_tests(options.unary, variables).test_result(
                value, variables
            )
        elif text is None:
            from feel.repl import run_repl

            return run_repl(engine, variables, stdin, stdout)
        else:
            result = engine.compile(text, variables).evaluate_result(variables)
    except feel.FeelSyntaxError as error:
        _write(stderr, str(error))
        return SYNTAX_ERROR
    except feel.FeelError as error:
        _write(stderr, f"stopped: {error}")
        return STOPPED
    try:  # the text is counted against max_string as it is written
        shown = (to_json if options.json else render)(result.value, engine.max_string)
    except feel.FeelError as error:
        _write(stderr, f"stopped: {error}")
        return STOPPED
    _write(stdout, shown)
    stdout.flush()
    for warning in result.warnings:
        _write(stderr, f"warning: {warning}")
    return WARNINGS if options.strict and result.warnings else EVALUATED


if __name__ == "__main__":
    sys.exit(main())
