"""Reading TCK test files (``*-test-NN.xml``, schema ``testCases.xsd``) into plain records.

A value the runner cannot read spoils only its own test case: the case keeps the reason in
``problem`` and the runner reports it as ERROR without evaluating anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeTree

from tck.values import ValueFormatError, local, read_value


@dataclass
class InputNode:
    """An ``inputNode``: a value given to the model (input data or a decision override)."""

    name: str
    value: Any
    namespace: str | None = None


@dataclass
class ResultNode:
    """A ``resultNode``: a decision (or service output) and the value it should give."""

    name: str
    expected: Any
    error_result: bool = False


@dataclass
class TestCase:
    """One ``testCase``; it passes only when every result node matches."""

    id: str
    type: str = "decision"
    invocable: str | None = None
    inputs: list[InputNode] = field(default_factory=list)
    results: list[ResultNode] = field(default_factory=list)
    description: str = ""
    problem: str | None = None

    __test__ = False  # not a pytest class, despite the name


@dataclass
class TestFile:
    """A test file: its name without ``.xml``, the model it tests, its cases."""

    name: str
    model_name: str | None
    cases: list[TestCase]

    __test__ = False


def _flag(text: str | None) -> bool:
    return (text or "").strip() in ("true", "1")


def _read_case(element: Element, index: int) -> TestCase:
    case = TestCase(
        id=element.get("id") or f"{index:03d}",
        type=(element.get("type") or "decision").strip(),
        invocable=element.get("invocableName"),
    )
    try:
        for child in element:
            name = local(child.tag)
            if name == "description":
                case.description = (child.text or "").strip()
            elif name == "inputNode":
                case.inputs.append(
                    InputNode(child.get("name", ""), read_value(child), child.get("namespace"))
                )
            elif name == "resultNode":
                expected = next((e for e in child if local(e.tag) == "expected"), None)
                case.results.append(
                    ResultNode(
                        child.get("name", ""),
                        None if expected is None else read_value(expected),
                        _flag(child.get("errorResult")),
                    )
                )
    except ValueFormatError as error:
        case.problem = f"unreadable test value: {error}"
    return case


def parse_test_file(text: str | bytes, name: str) -> TestFile:
    """The test file ``name`` (no ``.xml``) from its XML text."""
    root = SafeTree.fromstring(text)
    model_name = None
    cases = []
    for child in root:
        tag = local(child.tag)
        if tag == "modelName":
            model_name = (child.text or "").strip() or None
        elif tag == "testCase":
            cases.append(_read_case(child, len(cases) + 1))
    return TestFile(name, model_name, cases)


def read_test_file(path: Path) -> TestFile:
    """The test file at ``path``."""
    return parse_test_file(path.read_bytes(), path.stem)
