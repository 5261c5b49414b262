"""The public DMN TCK, run through the runner's API: the passed count never falls.

``tck/baseline.txt`` holds the number of compliance-level-2 and -3 test cases that passed
when it was last raised; this test fails if a change makes fewer pass, and names them.
Without the TCK checkout the test skips and says where to get it, except under ``CI=true``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tck.runner import ERROR, LEVELS, default_cases_dir, run

BASELINE = Path(__file__).resolve().parent.parent / "tck" / "baseline.txt"


def tck_dir() -> Path:
    """The TCK's TestCases folder, or skip (fail under CI) when it is missing."""
    cases = default_cases_dir()
    if all((cases / level).is_dir() for level in LEVELS):
        return cases
    message = (f"the DMN TCK test cases are not at {cases}: clone the public repository "
               "dmn-tck/tck and point DMN_TCK_DIR at its TestCases folder")  # fmt: skip
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def baseline() -> int:
    """The recorded figure (raise it as more pass; never lower it)."""
    return int(BASELINE.read_text().split()[0])


@pytest.fixture(scope="module")
def report():
    return run(tck_dir())


def test_the_tck_has_all_its_test_cases(report):
    assert report.total("compliance-level-2") == 116
    assert report.total("compliance-level-3") == 3275


def test_passed_test_cases_do_not_fall_below_the_baseline(report):
    failing = [f"{row.folder} {row.file} {row.id}: {row.detail}"
               for folder in report.folders if folder.level in LEVELS
               for row in folder.results if row.status == ERROR]  # fmt: skip
    assert report.passed() >= baseline(), "\n".join(failing[:30])


def test_the_baseline_is_not_behind_the_run(report):
    """When more pass, the baseline must be raised so the gain is kept."""
    assert report.passed() <= baseline(), (
        f"{report.passed()} passed: raise tck/baseline.txt to that figure")


@pytest.mark.parametrize("tier", ["closures", "generated"])
def test_every_tier_passes_the_whole_tck(tier):
    """With a tier forced for every expression of every model (feel.settings.Settings.tier):
    ``"closures"`` never runs generated code; ``"generated"`` runs it from the first
    evaluation wherever an expression has it (the closures only where it has none or
    declines), so each of its values is checked against the TCK's."""
    import feel.dmn

    engine = feel.dmn.default_engine().derive(tier=tier)
    tier_report = run(tck_dir(), loader=lambda folder: feel.dmn.load_directory(str(folder), engine=engine))
    assert tier_report.passed() == tier_report.total("compliance-level-2") + tier_report.total(
        "compliance-level-3") == baseline()  # fmt: skip
