"""Running TCK folders: load each folder's models once, evaluate every test case, compare.

Nothing a model does may stop the run: any exception while loading or evaluating becomes
ERROR for the test cases concerned, with the exception as the detail. A test case that runs
longer than ``case_seconds`` (``SIGALRM``, main thread only) is stopped and reported ERROR.

Overhead measured on the full TCK (3,391 compliant cases): reading the 150 test files takes
about 0.3 s; the rest of the run time is model loading and evaluation.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from tck.cases import ResultNode, TestCase, TestFile, read_test_file
from tck.compare import mismatch, show

SUCCESS, ERROR, IGNORED = "SUCCESS", "ERROR", "IGNORED"
#: The number tolerance of the TCK's reference (Drools) runner: |expected - actual| < 1e-8.
#: The expected values of irrational results were computed in binary floating point
#: (``5.66666666666667``), which no decimal128 engine reproduces digit for digit.
REFERENCE_TOLERANCE = Decimal("1E-8")
LEVELS = ("compliance-level-2", "compliance-level-3")
NON_COMPLIANT = "non-compliant"
_MAX_DETAIL = 400

Loader = Callable[[Path], dict[str, Any]]


@dataclass
class CaseResult:
    """One row of ``tck_results.csv``: folder, test file, test case id, status, detail."""

    folder: str
    file: str
    id: str
    status: str
    detail: str = ""


@dataclass
class FolderResult:
    """The results of one TCK folder (``compliance-level-3/0050-feel-abs-function``)."""

    folder: str
    results: list[CaseResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def level(self) -> str:
        """``compliance-level-2``, ``compliance-level-3`` or ``non-compliant``."""
        return self.folder.split("/", 1)[0]

    @property
    def passed(self) -> int:
        """How many test cases succeeded."""
        return sum(r.status == SUCCESS for r in self.results)

    @property
    def total(self) -> int:
        """How many test cases the folder has."""
        return len(self.results)


@dataclass
class Report:
    """The results of a run, folder by folder, in run order."""

    folders: list[FolderResult] = field(default_factory=list)
    seconds: float = 0.0
    filtered: bool = False  # only some folders were run

    def rows(self) -> Iterator[CaseResult]:
        """Every test case result, in run order."""
        for folder in self.folders:
            yield from folder.results

    def passed(self, level: str | None = None) -> int:
        """Passed test cases in ``level``, or in both compliance levels when None."""
        return sum(f.passed for f in self.folders if _counts(f.level, level))

    def total(self, level: str | None = None) -> int:
        """Test cases in ``level``, or in both compliance levels when None."""
        return sum(f.total for f in self.folders if _counts(f.level, level))


def _counts(folder_level: str, level: str | None) -> bool:
    return folder_level in LEVELS if level is None else folder_level == level


def default_cases_dir() -> Path:
    """``$DMN_TCK_DIR``, else ``../shared/dmn-tck/TestCases`` beside the project root."""
    configured = os.environ.get("DMN_TCK_DIR")
    if configured:
        return Path(configured)
    root = Path(__file__).resolve().parent.parent
    return (root.parent / "shared" / "dmn-tck" / "TestCases").resolve()


def discover(
    cases_dir: Path, include_non_compliant: bool = False, only: str | None = None
) -> list[tuple[str, Path]]:
    """The (``level/folder``, path) pairs to run, in order; ``only`` filters by name.

    ``only`` is a glob (``*abs*``) when it has wildcards, else a substring of the
    ``level/folder`` name.
    """
    levels = (*LEVELS, NON_COMPLIANT) if include_non_compliant else LEVELS
    found = []
    for level in levels:
        base = cases_dir / level
        if not base.is_dir():
            continue
        for path in sorted(p for p in base.iterdir() if p.is_dir()):
            name = f"{level}/{path.name}"
            if only and not (
                fnmatch(name, only) if any(c in only for c in "*?[") else only in name
            ):
                continue
            found.append((name, path))
    return found


class CaseTimeout(BaseException):
    """A test case ran past its time limit (BaseException: engines must not swallow it)."""


@contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    usable = (
        seconds
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise CaseTimeout(f"stopped after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _describe(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}".strip()
    text = " ".join(text.split())
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 3] + "..."


def _default_loader(folder: Path) -> dict[str, Any]:
    from feel.dmn import load_directory

    return load_directory(folder)


def _pick_model(models: dict[str, Any], test_file: TestFile, folder: Path) -> Any:
    wanted = test_file.model_name
    if wanted is not None:
        if wanted in models:
            return models[wanted]
        for name, model in models.items():  # a modelName given without the .dmn suffix
            if Path(name).stem == wanted:
                return model
        raise LookupError(f"model {wanted!r} not found in {sorted(models)}")
    if len(models) == 1:
        return next(iter(models.values()))
    own = models.get(folder.name + ".dmn")
    if own is None:
        raise LookupError(f"test file names no model and the folder has {sorted(models)}")
    return own


def inputs_of(case: TestCase) -> dict[str, Any]:
    """The input values of a test case, by node name.

    A node with a ``namespace`` (an input of an imported model, TCK 0089) is keyed
    ``{namespace}name`` (Clark notation), so that it cannot be mistaken for an input of the
    model under test.
    """
    return {
        (f"{{{node.namespace}}}{node.name}" if node.namespace else node.name): node.value
        for node in case.inputs
    }


def service_output(value: Any, node: ResultNode) -> Any:
    """A decision service output: the named entry of a multi-output result, else the value."""
    if type(value) is dict and node.name in value:
        return value[node.name]
    return value


def check(node: ResultNode, actual: Any, tolerance: Decimal | None = None) -> str | None:
    """None when a result node is satisfied by ``actual``, else the reason."""
    if node.error_result and actual is not None:
        return f"expected an error (null), found {show(actual)}"
    return mismatch(node.expected, actual, tolerance)


def run_case(
    model: Any, case: TestCase, tolerance: Decimal | None = REFERENCE_TOLERANCE
) -> tuple[str, str]:
    """Evaluate one test case: (status, detail). Never raises (except KeyboardInterrupt)."""
    if case.problem:
        return ERROR, case.problem
    if not case.results:
        return ERROR, "test case has no result node"
    inputs = inputs_of(case)
    failures = []
    try:
        if case.type == "decisionService":
            if not case.invocable:
                return ERROR, "decision service test case without invocableName"
            value = model.evaluate(case.invocable, dict(inputs)).value
            actuals = [service_output(value, node) for node in case.results]
        elif case.type == "decision":
            actuals = [model.evaluate(node.name, dict(inputs)).value for node in case.results]
        else:
            return ERROR, f"unsupported test case type {case.type!r}"
    except Exception as error:
        return ERROR, _describe(error)
    for node, actual in zip(case.results, actuals):
        reason = check(node, actual, tolerance)
        if reason:
            failures.append(f"{node.name}: {reason}" if len(case.results) > 1 else reason)
    if failures:
        detail = "; ".join(failures)
        return ERROR, detail if len(detail) <= _MAX_DETAIL else detail[: _MAX_DETAIL - 3] + "..."
    return SUCCESS, ""


def run_folder(
    name: str,
    path: Path,
    loader: Loader | None = None,
    tolerance: Decimal | None = REFERENCE_TOLERANCE,
    case_seconds: float | None = 10.0,
) -> FolderResult:
    """Run every test file of one folder, loading its models once."""
    started = time.perf_counter()
    result = FolderResult(name)
    test_files: list[TestFile] = []
    for test_path in sorted(path.glob("*-test-*.xml")):
        try:
            test_files.append(read_test_file(test_path))
        except Exception as error:
            detail = f"unreadable test file: {_describe(error)}"
            result.results.append(CaseResult(name, test_path.stem, "", ERROR, detail))
    models: dict[str, Any] | None = None
    load_problem = ""
    try:
        with _deadline(case_seconds):
            models = (loader or _default_loader)(path)
    except (Exception, CaseTimeout) as error:
        load_problem = f"cannot load models: {_describe(error)}"
    for test_file in test_files:
        model, problem = None, load_problem
        if models is not None:
            try:
                model = _pick_model(models, test_file, path)
            except LookupError as error:
                problem = str(error)
        for case in test_file.cases:
            if model is None:
                status, detail = ERROR, problem
            else:
                try:
                    with _deadline(case_seconds):
                        status, detail = run_case(model, case, tolerance)
                except CaseTimeout as error:
                    status, detail = ERROR, f"timeout: {error}"
            result.results.append(CaseResult(name, test_file.name, case.id, status, detail))
    result.seconds = time.perf_counter() - started
    return result


def run(
    cases_dir: Path | None = None,
    *,
    include_non_compliant: bool = False,
    only: str | None = None,
    loader: Loader | None = None,
    tolerance: Decimal | None = REFERENCE_TOLERANCE,
    case_seconds: float | None = 10.0,
    on_folder: Callable[[FolderResult], None] | None = None,
) -> Report:
    """Run the TCK under ``cases_dir`` (default :func:`default_cases_dir`).

    Numbers match within ``tolerance`` (default :data:`REFERENCE_TOLERANCE`; 0 or None:
    exactly).
    ``loader`` maps a folder to its models by file name (default
    ``feel.dmn.load_directory``); ``on_folder`` is called after each folder.
    """
    started = time.perf_counter()
    report = Report(filtered=bool(only))
    for name, path in discover(cases_dir or default_cases_dir(), include_non_compliant, only):
        folder = run_folder(name, path, loader, tolerance, case_seconds)
        report.folders.append(folder)
        if on_folder is not None:
            on_folder(folder)
    report.seconds = time.perf_counter() - started
    return report
