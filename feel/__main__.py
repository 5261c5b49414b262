"""``python -m feel``: evaluate one expression, or start the interactive prompt.

    python -m feel "1 + 1"                      prints 2
    python -m feel "a * 2" --vars '{"a": 21}'   variables as JSON, or --vars @file.json
    python -m feel --json "{a: 1}"              the result as JSON
    python -m feel --unary "< 10" --input 5     unary tests against an input value (FEEL)
    echo "1 + 1" | python -m feel -             the expression from standard input
    python -m feel                              the interactive prompt (see feel.repl)

Exit codes: 0 evaluated, 1 syntax error, 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from decimal import Decimal
from typing import Any, TextIO

import feel
from feel.render import render


def _load_json(text: str) -> Any:
    if text.startswith("@"):
        with open(text[1:], encoding="utf-8") as handle:
            text = handle.read()
    return json.loads(text, parse_float=Decimal, parse_int=Decimal)


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m feel", description="Evaluate FEEL expressions.")
    parser.add_argument("expression", nargs="?", help="the expression; - reads standard input")
    parser.add_argument("--vars", help="variables: a JSON object, or @file.json")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--unary", metavar="TESTS", help="evaluate unary tests against --input")
    parser.add_argument("--input", metavar="VALUE", help="the input of --unary, as FEEL")
    return parser


def to_json(value: Any) -> str:
    """The JSON text of a FEEL value (see :func:`feel.connectors.to_json_value`)."""
    from feel.connectors import to_json_value

    return json.dumps(to_json_value(value), ensure_ascii=False)


def main(argv: list[str] | None = None, stdin: TextIO | None = None,
         stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:  # fmt: skip
    """Run the command line; returns the exit code."""
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    parser = _arguments()
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            options = parser.parse_args(argv)
    except SystemExit as leave:
        return 0 if leave.code == 0 else 2
    try:
        variables = _load_json(options.vars) if options.vars else {}
    except (OSError, ValueError, RecursionError) as error:
        print(f"--vars: {error}", file=stderr)
        return 2
    if not isinstance(variables, dict):
        print("--vars: expected a JSON object", file=stderr)
        return 2
    if options.input is not None and options.unary is None:
        print("--input needs --unary", file=stderr)
        return 2
    if options.unary is not None and options.expression is not None:
        print("give either an expression or --unary, not both", file=stderr)
        return 2
    engine = feel.Engine()
    try:
        if options.unary is not None:
            value = engine.evaluate(options.input, variables) if options.input else None
            result = engine.compile_unary_tests(options.unary, variables).test_result(value, variables)
        elif options.expression is None:
            from feel.repl import run_repl

            return run_repl(engine, variables, stdin, stdout)
        else:
            text = stdin.read() if options.expression == "-" else options.expression
            result = engine.compile(text, variables).evaluate_result(variables)
    except feel.FeelSyntaxError as error:
        print(error, file=stderr)
        return 1
    except feel.FeelError as error:
        print(f"error: {error}", file=stderr)
        return 1
    print(to_json(result.value) if options.json else render(result.value), file=stdout)
    for warning in result.warnings:
        print(f"warning: {warning}", file=stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
