"""``python -m tck [--cases DIR] [--csv FILE] [--only PATTERN] [--include-non-compliant]``.

Runs the public DMN TCK test cases through ``feel.dmn``, writes the TCK's
``tck_results.csv``, prints a table per folder, the slowest folders, and the last line
``TCK: P passed of T (level 2: a/116, level 3: b/3275)``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from tck.runner import default_cases_dir, run_all, summary, write_csv


def main(argv: list[str] | None = None) -> int:
    """Run the TCK and report; exit 0 when it ran (whatever passed), 2 when it could not."""
    parser = argparse.ArgumentParser(prog="python -m tck")
    parser.add_argument("--cases", default=default_cases_dir(), help="the TestCases folder")
    parser.add_argument("--csv", default="tck_results.csv", help="where to write the results")
    parser.add_argument("--only", help="run only folders whose path contains this text")
    parser.add_argument("--include-non-compliant", action="store_true")
    parser.add_argument("--failures", action="store_true", help="print each failing case")
    options = parser.parse_args(argv)
    if not os.path.isdir(options.cases):
        print(f"no TCK test cases at {options.cases}: get the TestCases folder of the public "
              "repository dmn-tck/tck and pass --cases or set DMN_TCK_DIR", file=sys.stderr)  # fmt: skip
        return 2
    started = time.perf_counter()
    results = run_all(options.cases, options.only, options.include_non_compliant)
    elapsed = time.perf_counter() - started
    write_csv(results, options.csv)
    for folder in results:
        mark = "" if folder.passed == len(folder.cases) else "  <"
        print(f"{folder.folder:70} {folder.passed:4}/{len(folder.cases):<4}{mark}")
        if options.failures:
            for case in folder.cases:
                if not case.passed:
                    print(f"    {case.test_file} {case.case_id}: {case.detail[:300]}")
    print("\nslowest folders:")
    for folder in sorted(results, key=lambda f: -f.seconds)[:10]:
        print(f"  {folder.seconds:6.2f} s  {folder.folder}")
    passed, total, levels = summary(results)
    if "non-compliant" in levels:
        p, t = levels["non-compliant"]
        print(f"non-compliant (not counted): {p}/{t}")
    l2, l3 = levels.get("compliance-level-2", (0, 0)), levels.get("compliance-level-3", (0, 0))
    print(f"time: {elapsed:.1f} s")
    print(f"TCK: {passed} passed of {total} (level 2: {l2[0]}/{l2[1]}, level 3: {l3[0]}/{l3[1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
