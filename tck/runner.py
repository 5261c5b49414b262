"""The DMN TCK runner: discovery, test-file parsing, evaluation, comparison, reporting.

Test cases live in ``TestCases/<level>/<folder>/`` as DMN models and ``*-test-NN.xml``
files (format: ``testCases.xsd``). A test case passes only when every result node
matches; a model that fails to load fails all of its test cases, with the reason.
"""

from __future__ import annotations

import csv
import glob
import os
import time
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element

from feel import temporal
from feel.dmn import load_directory
from feel.dmn.xml import child, children, local, parse_xml
from feel.errors import FeelError
from feel.operators import equal

XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
LEVELS = ("compliance-level-2", "compliance-level-3")
PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_cases_dir() -> str:
    """``DMN_TCK_DIR``, else ``../shared/dmn-tck/TestCases`` beside the project."""
    return os.environ.get("DMN_TCK_DIR") or os.path.normpath(
        os.path.join(PROJECT_ROOT, "..", "shared", "dmn-tck", "TestCases")
    )


# -- values in the test files

_NUMERIC = {"decimal", "double", "float", "int", "integer", "long", "short", "byte",
            "nonNegativeInteger", "positiveInteger", "negativeInteger", "unsignedInt"}  # fmt: skip


def parse_value(element: Element | None) -> Any:
    """The FEEL value of a ``<value>``, ``<list>`` or component container element."""
    if element is None or element.get(XSI_NIL) == "true":
        return None
    items = child(element, "list")
    if items is not None:
        return parse_list(items)
    components = list(children(element, "component"))
    if components:
        return {c.get("name") or "": parse_container(c) for c in components}
    if local(element.tag) == "list":
        return parse_list(element)
    kind = (element.get(XSI_TYPE) or "").rpartition(":")[2]
    text = element.text or ""
    if kind in _NUMERIC:
        return Decimal(text.strip())
    if kind == "boolean":
        return text.strip() == "true"
    if kind == "date":
        return temporal.parse_date(text.strip())
    if kind == "dateTime":
        return temporal.parse_date_time(text.strip())
    if kind == "time":
        return temporal.parse_time(text.strip())
    if kind in ("duration", "dayTimeDuration", "yearMonthDuration"):
        return temporal.parse_duration(text.strip())
    return text


def parse_list(element: Element) -> list:
    """The items of a ``<list>``."""
    return [parse_container(item) for item in children(element, "item")]


def parse_container(element: Element) -> Any:
    """The value held by an ``<inputNode>``, ``<expected>``, ``<item>`` or ``<component>``."""
    if element.get(XSI_NIL) == "true":
        return None
    value = child(element, "value")
    if value is not None:
        return parse_value(value)
    items = child(element, "list")
    if items is not None:
        return parse_list(items)
    components = list(children(element, "component"))
    if components:
        return {c.get("name") or "": parse_container(c) for c in components}
    return None


# -- comparison

def _decimals_match(actual: Decimal, expected: Decimal) -> bool:
    if actual == expected:
        return True
    # Expected values of irrational results are written with 8 or more decimals (exp, log,
    # sqrt, stddev): compare at the precision the test wrote, truncated or rounded.
    exponent = expected.as_tuple().exponent
    if isinstance(exponent, int) and exponent <= -8:
        quantum = Decimal(1).scaleb(exponent)
        try:
            return expected in (actual.quantize(quantum, ROUND_DOWN),
                                actual.quantize(quantum, ROUND_HALF_EVEN))  # fmt: skip
        except InvalidOperation:
            return False
    return False


def matches(actual: Any, expected: Any) -> bool:
    """TCK comparison: numbers by value, temporal by kind and value, lists and contexts deeply."""
    if expected is None or actual is None:
        return expected is None and actual is None
    if type(expected) is Decimal:
        return type(actual) is Decimal and _decimals_match(actual, expected)
    if type(expected) is list:
        return (type(actual) is list and len(actual) == len(expected)
                and all(matches(a, e) for a, e in zip(actual, expected)))  # fmt: skip
    if type(expected) is dict:
        return (type(actual) is dict and actual.keys() == expected.keys()
                and all(matches(actual[k], expected[k]) for k in expected))  # fmt: skip
    if type(actual) is not type(expected):
        return False
    if temporal.is_temporal(expected):
        return equal(actual, expected) is True and temporal.to_string(actual) == temporal.to_string(
            expected) or _same_instant(actual, expected)  # fmt: skip
    return equal(actual, expected) is True


def _same_instant(actual: Any, expected: Any) -> bool:
    if type(expected) in (temporal.DateTime, temporal.Time):
        return (actual.zone == expected.zone and actual.offset == expected.offset
                and equal(actual, expected) is True and actual.nanos == expected.nanos)  # fmt: skip
    return equal(actual, expected) is True


# -- running

@dataclass
class CaseResult:
    """One test case's outcome."""

    folder: str
    test_file: str
    case_id: str
    passed: bool
    detail: str = ""


@dataclass
class FolderResult:
    """All test cases of one folder, and how long they took."""

    folder: str
    cases: list[CaseResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> int:
        """How many test cases passed."""
        return sum(case.passed for case in self.cases)


def _short(value: Any) -> str:
    from feel.render import render

    text = render(value)
    return text if len(text) <= 120 else text[:117] + "..."


def run_folder(path: str, level: str) -> FolderResult:
    """Run every test file of one TCK folder."""
    name = os.path.basename(path)
    result = FolderResult(f"{level}/{name}")
    started = time.perf_counter()
    try:
        models = load_directory(path)
        load_error = ""
    except FeelError as error:
        models, load_error = {}, f"model not loaded: {error}"
    except Exception as error:  # noqa: BLE001 - report, never crash the run
        models, load_error = {}, f"model not loaded: {error!r}"
    for test_path in sorted(glob.glob(os.path.join(path, "*-test-*.xml"))):
        test_file = os.path.splitext(os.path.basename(test_path))[0]
        with open(test_path, encoding="utf-8") as handle:
            root = parse_xml(handle.read(), test_path)
        model_name = (child(root, "modelName").text or "").strip() if child(root, "modelName") is not None else ""
        model = models.get(model_name) or (next(iter(models.values())) if len(models) == 1 else None)
        for case in children(root, "testCase"):
            case_id = case.get("id") or ""
            if load_error or model is None:
                result.cases.append(CaseResult(result.folder, test_file, case_id, False,
                                               load_error or f"no model {model_name}"))  # fmt: skip
                continue
            result.cases.append(_run_case(result.folder, test_file, case, model))
    result.seconds = time.perf_counter() - started
    return result


def _run_case(folder: str, test_file: str, case: Element, model: Any) -> CaseResult:
    case_id = case.get("id") or ""
    try:
        inputs = {node.get("name") or "": parse_container(node) for node in children(case, "inputNode")}
        invocable = case.get("invocableName")
        problems = []
        for node in children(case, "resultNode"):
            name = node.get("name") or ""
            expected_element = child(node, "expected")
            expected = parse_container(expected_element) if expected_element is not None else None
            if node.get("errorResult") == "true":
                expected = None
            target = invocable if case.get("type") == "decisionService" and invocable else name
            actual = model.evaluate(target, inputs).value
            if not matches(actual, expected):
                problems.append(f"{name}: expected {_short(expected)}, found {_short(actual)}")
        return CaseResult(folder, test_file, case_id, not problems, "; ".join(problems))
    except Exception as error:  # noqa: BLE001 - one failing case must not stop the run
        return CaseResult(folder, test_file, case_id, False, f"{type(error).__name__}: {error}")


def discover(cases_dir: str, include_non_compliant: bool = False) -> list[tuple[str, str]]:
    """(level, folder path) of every test folder, in order."""
    levels = LEVELS + (("non-compliant",) if include_non_compliant else ())
    found = []
    for level in levels:
        for path in sorted(glob.glob(os.path.join(cases_dir, level, "*"))):
            if os.path.isdir(path):
                found.append((level, path))
    return found


def run_all(cases_dir: str, only: str | None = None, include_non_compliant: bool = False) -> list[FolderResult]:
    """Run every folder (whose path contains ``only``, when given)."""
    results = []
    for level, path in discover(cases_dir, include_non_compliant):
        if only and only not in path:
            continue
        results.append(run_folder(path, level))
    return results


def write_csv(results: list[FolderResult], path: str) -> None:
    """The TCK's ``tck_results.csv``: one row per test case."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        for folder in results:
            for case in folder.cases:
                writer.writerow([case.folder, case.test_file, case.case_id,
                                 "SUCCESS" if case.passed else "ERROR", case.detail])  # fmt: skip


def summary(results: list[FolderResult]) -> tuple[int, int, dict[str, tuple[int, int]]]:
    """(passed, total, per level (passed, total)) over levels 2 and 3."""
    levels: dict[str, tuple[int, int]] = {}
    for folder in results:
        level = folder.folder.split("/")[0]
        passed, total = levels.get(level, (0, 0))
        levels[level] = (passed + folder.passed, total + len(folder.cases))
    counted = [levels.get(level, (0, 0)) for level in LEVELS]
    return sum(p for p, _ in counted), sum(t for _, t in counted), levels
