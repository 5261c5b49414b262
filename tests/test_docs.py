"""Every example in docs/, CONTRIBUTING.md and CHANGELOG.md runs and shows its real result.

One form per kind of example, checked exactly:
- ```python blocks are doctests (``>>>`` lines and the output under them); the blocks of one
  file run in order in one namespace, as a reader would type them. A python block without
  ``>>>`` fails: it would be an example nobody checks.
- ```console blocks hold ``$ feel ...`` commands, each followed by what it prints (standard
  output, then standard error) and, when it is not 0, ``(exit N)``.
- ```feel-prompt blocks are prompt sessions: ``feel> `` and ``  ... `` lines are typed, the
  other lines are what the prompt prints.
"""

from __future__ import annotations

import doctest
import io
import re
import shlex
from pathlib import Path

import pytest

import feel
from feel.__main__ import main
from feel.repl import run_repl

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md"]
FENCE = re.compile(r"^```([\w-]*)\n(.*?)^```", re.S | re.M)


def blocks(path: Path, kind: str) -> list[str]:
    """The fenced blocks of ``kind`` in the document at ``path``."""
    return [body for info, body in FENCE.findall(path.read_text(encoding="utf-8")) if info == kind]


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_documents_exist_and_have_examples():
    assert (ROOT / "docs" / "guide.md").exists() and (ROOT / "docs" / "design.md").exists()
    guide = ROOT / "docs" / "guide.md"
    assert len(blocks(guide, "python")) >= 10
    assert blocks(guide, "console") and blocks(guide, "feel-prompt")


@pytest.mark.parametrize("path", DOCUMENTS, ids=_name)
def test_python_examples_are_doctests_that_pass(path):
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    namespace: dict = {"__name__": "docs"}
    examples = 0
    for number, block in enumerate(blocks(path, "python"), 1):
        assert ">>> " in block, f"{_name(path)}: python block {number} has no >>> example"
        test = parser.get_doctest(block, namespace, f"{_name(path)} block {number}",
                                  str(path), 0)  # fmt: skip
        examples += len(test.examples)
        out = io.StringIO()
        failed, _ = runner.run(test, out=out.write, clear_globs=False)
        assert failed == 0, out.getvalue()
        namespace.update(test.globs)  # get_doctest copies: the next block sees these names
    assert examples or not blocks(path, "python")


def console_commands(block: str) -> list[tuple[str, list[str], int]]:
    """``(command, expected lines, expected exit code)`` of a console block."""
    commands: list[tuple[str, list[str], int]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], [], 0))
        elif (exit_code := re.fullmatch(r"\(exit (\d+)\)", line)) is not None:
            command, lines, _ = commands[-1]
            commands[-1] = (command, lines, int(exit_code.group(1)))
        else:
            commands[-1][1].append(line)
    return commands


CONSOLE = [(path, command) for path in DOCUMENTS for block in blocks(path, "console")
           for command in console_commands(block)]  # fmt: skip


@pytest.mark.parametrize("path, command", CONSOLE, ids=[c[1][0] for c in CONSOLE])
def test_console_examples_print_what_they_show(path, command):
    text, expected, code = command
    argv = shlex.split(text)
    assert argv[0] == "feel", f"{_name(path)}: only `feel` commands are checked: {text}"
    out, err = io.StringIO(), io.StringIO()
    assert main(argv[1:], stdin=io.StringIO(), stdout=out, stderr=err) == code, err.getvalue()
    assert (out.getvalue() + err.getvalue()).splitlines() == expected


PROMPTS = [(path, block) for path in DOCUMENTS for block in blocks(path, "feel-prompt")]


@pytest.mark.parametrize("path, block", PROMPTS, ids=[_name(p) for p, _ in PROMPTS])
def test_prompt_sessions_print_what_they_show(path, block):
    typed, shown = [], []
    for line in block.splitlines():
        if line.startswith(("feel> ", "  ... ")):
            typed.append(line[6:])
        else:
            shown.append(line)
    out = io.StringIO()
    assert run_repl(feel.Engine(), {}, io.StringIO("\n".join(typed) + "\n"), out) == 0
    assert out.getvalue().splitlines() == shown


def test_the_doctest_check_can_fail():
    """A wrong result in an example is caught (the doctest runner really compares)."""
    test = doctest.DocTestParser().get_doctest(">>> 1 + 1\n3\n", {}, "wrong", None, 0)
    failed, attempted = doctest.DocTestRunner().run(test, out=lambda text: None)
    assert (failed, attempted) == (1, 1)


def test_links_between_the_documents_resolve():
    """Relative links name files that exist, and #anchors of docs/ pages name headings."""
    for path in DOCUMENTS:
        for target in re.findall(
            r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")
        ):
            if "://" not in target:
                assert (path.parent / target).exists(), f"{_name(path)} links to {target}"
        for anchor in re.findall(r"\]\(#([^)]+)\)", path.read_text(encoding="utf-8")):
            headings = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), re.M)
            slugs = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}
            assert anchor in slugs, f"{_name(path)}: no heading for #{anchor}"


def test_the_api_reference_is_current():
    """docs/api.md is what ``python docs/apidoc.py`` writes from today's docstrings."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "docs" / "apidoc.py"
    spec = importlib.util.spec_from_file_location("apidoc", path)
    apidoc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(apidoc)
    written = (path.parent / "api.md").read_text(encoding="utf-8")
    assert written == apidoc.reference(), "run python docs/apidoc.py"
