"""Reporting a TCK run: ``tck_results.csv``, the folder table, the summary, failure notes."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from tck.runner import LEVELS, NON_COMPLIANT, SUCCESS, CaseResult, FolderResult, Report

EXPECTED_TOTALS = {"compliance-level-2": 116, "compliance-level-3": 3275}


def write_csv(rows: Iterable[CaseResult], out: TextIO) -> None:
    """The TCK's own result format: one row per test case, every field quoted.

    Fields: ``level/folder``, test file name without ``.xml``, test case id, ``SUCCESS`` /
    ``ERROR`` / ``IGNORED``, detail (one line).
    """
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for row in rows:
        writer.writerow([row.folder, row.file, row.id, row.status, " ".join(row.detail.split())])


def folder_line(folder: FolderResult) -> str:
    """One line of the folder table: name, passed/total, seconds, a marker when not all pass."""
    mark = "" if folder.passed == folder.total else "  <"
    return f"{folder.folder:72} {folder.passed:4}/{folder.total:<4} {folder.seconds:6.2f} s{mark}"


def slowest(report: Report, count: int = 10) -> list[str]:
    """Lines for the ``count`` slowest folders."""
    folders = sorted(report.folders, key=lambda f: -f.seconds)[:count]
    return [f"  {f.seconds:6.2f} s  {f.folder}" for f in folders]


def summary_line(report: Report) -> str:
    """``TCK: P passed of T (level 2: a/116, level 3: b/3275)``."""
    l2, l3 = LEVELS
    return (
        f"TCK: {report.passed()} passed of {report.total()} "
        f"(level 2: {report.passed(l2)}/{report.total(l2)}, "
        f"level 3: {report.passed(l3)}/{report.total(l3)})"
    )


def failures_markdown(report: Report) -> str:
    """A Markdown table of failing folders: folder, failing count, the first failure reason."""
    lines = [
        "# TCK failures",
        "",
        "Written by `python -m tck --failures-md FILE`. " + summary_line(report) + ".",
        "",
        "| folder | failing | first failure (test file, case id: reason) |",
        "|---|---|---|",
    ]
    for folder in report.folders:
        failing = [r for r in folder.results if r.status != SUCCESS]
        if not failing:
            continue
        first = failing[0]
        reason = " ".join(first.detail.split()).replace("|", "\\|")
        if len(reason) > 300:
            reason = reason[:297] + "..."
        label = folder.folder + (" (not counted)" if folder.level == NON_COMPLIANT else "")
        lines.append(
            f"| {label} | {len(failing)}/{folder.total} | {first.file} {first.id}: {reason} |"
        )
    return "\n".join(lines) + "\n"


def print_report(report: Report, out: TextIO, *, table: bool = True) -> None:
    """The folder table (unless already streamed), slowest folders, totals; last line summary."""
    if table:
        for folder in report.folders:
            print(folder_line(folder), file=out)
    print("\nslowest folders:", file=out)
    for line in slowest(report):
        print(line, file=out)
    non_compliant = [f for f in report.folders if f.level == NON_COMPLIANT]
    if non_compliant:
        passed = sum(f.passed for f in non_compliant)
        total = sum(f.total for f in non_compliant)
        print(f"non-compliant (not counted): {passed}/{total}", file=out)
    for level, expected in EXPECTED_TOTALS.items():
        found = report.total(level)
        if found and found != expected and not report.filtered:
            print(f"note: {level} has {found} test cases, the TCK publishes {expected}", file=out)
    print(f"time: {report.seconds:.1f} s", file=out)
    print(summary_line(report), file=out)


def write_text(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` (UTF-8)."""
    Path(path).write_text(text, encoding="utf-8")
