"""The interactive prompt of ``python -m feel`` (a plain line-reading loop)."""

from __future__ import annotations

from typing import Any, TextIO

import feel
from feel.render import describe


def run_repl(engine: feel.Engine, variables: dict[str, Any], stdin: TextIO, stdout: TextIO) -> int:
    """Read expressions line by line, print each result with its type and warnings."""
    interactive = stdin.isatty()
    while True:
        if interactive:
            stdout.write("feel> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            return 0
        text = line.strip()
        if not text:
            continue
        if text in (":quit", ":q", ":exit"):
            return 0
        try:
            result = engine.compile(text, variables).evaluate_result(variables)
        except feel.FeelError as error:
            print(error, file=stdout)
            continue
        print(describe(result.value), file=stdout)
        for warning in result.warnings:
            print(f"  warning: {warning}", file=stdout)
