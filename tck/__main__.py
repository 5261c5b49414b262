"""``python -m tck [--cases DIR] [--csv FILE] [--only PATTERN] [--include-non-compliant] [--dialect D] [--tier T]``.

Runs the public DMN TCK test cases through ``feel.dmn``, writes the TCK's own
``tck_results.csv``, prints a line per folder as it finishes (passed/total, seconds), the ten
slowest folders, and as the last line ``TCK: P passed of T (level 2: a/116, level 3: b/3275)``.
Non-compliant folders run only with ``--include-non-compliant`` and are never counted.
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from tck.report import failures_markdown, folder_line, print_report, write_csv, write_text
from tck.runner import REFERENCE_TOLERANCE, FolderResult, default_cases_dir, run


def _tolerance(text: str) -> Decimal:
    try:
        return abs(Decimal(text))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


def main(argv: list[str] | None = None) -> int:
    """Run the TCK and report; exit 0 when it ran (whatever passed), 2 when it could not."""
    parser = argparse.ArgumentParser(prog="python -m tck", description=__doc__.split("\n\n")[1])
    parser.add_argument(
        "--cases",
        type=Path,
        default=None,
        help="the TestCases folder (default: $DMN_TCK_DIR, else "
        "../shared/dmn-tck/TestCases beside the project)",
    )
    parser.add_argument(
        "--csv",
        default="tck_results.csv",
        help="where to write the results (default: tck_results.csv; '-' for none)",
    )
    parser.add_argument(
        "--only",
        help="folders whose 'level/folder' name contains this text "
        "(or matches it, when it has * ? [)",
    )
    parser.add_argument(
        "--include-non-compliant",
        action="store_true",
        help="also run the non-compliant folder (reported apart, never counted)",
    )
    parser.add_argument("--failures", action="store_true", help="print every failing test case")
    parser.add_argument(
        "--failures-md", metavar="FILE", help="write a Markdown table of failing folders to FILE"
    )
    parser.add_argument(
        "--tolerance",
        type=_tolerance,
        default=REFERENCE_TOLERANCE,
        help="numbers match when closer than this (default 1E-8, as the TCK's "
        "reference runner; 0: exactly)",
    )
    parser.add_argument(
        "--dialect",
        default="dmn",
        help="the FEEL dialect of the engine: dmn (the default, the one the TCK checks) or camunda",
    )
    parser.add_argument(
        "--tier",
        default="auto",
        choices=["auto", "closures", "generated"],
        help="the code that evaluates (feel.settings.Settings.tier): auto (the default), "
        "closures (never generated code), generated (generated code from the first evaluation)",
    )
    parser.add_argument(
        "--case-seconds", type=float, default=10.0, help="time limit of one test case (default 10)"
    )
    options = parser.parse_args(argv)
    cases = options.cases or default_cases_dir()
    if not cases.is_dir():
        print(
            f"no TCK test cases at {cases}: get the TestCases folder of the public repository "
            "dmn-tck/tck (github.com/dmn-tck/tck) and pass --cases or set DMN_TCK_DIR",
            file=sys.stderr,
        )
        return 2

    def progress(folder: FolderResult) -> None:
        print(folder_line(folder), flush=True)
        if options.failures:
            for row in folder.results:
                if row.status != "SUCCESS":
                    print(f"    {row.file} {row.id}: {row.detail}")

    import feel.dmn

    try:
        engine = feel.dmn.default_engine().derive(dialect=options.dialect, tier=options.tier)
    except feel.FeelError as error:
        print(error, file=sys.stderr)
        return 2

    def loader(folder: Path) -> dict:
        return feel.dmn.load_directory(str(folder), engine=engine)

    report = run(
        cases,
        loader=loader,
        include_non_compliant=options.include_non_compliant,
        only=options.only,
        tolerance=options.tolerance,
        case_seconds=options.case_seconds,
        on_folder=progress,
    )
    if options.csv != "-":
        with open(options.csv, "w", newline="", encoding="utf-8") as out:
            write_csv(report.rows(), out)
    if options.failures_md:
        write_text(options.failures_md, failures_markdown(report))
    print_report(report, sys.stdout, table=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
