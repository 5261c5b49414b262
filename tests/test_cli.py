"""``python -m feel``: one-shot evaluation, exit codes, JSON output, unary tests."""

import io
import json
import subprocess
import sys

import pytest

from feel.__main__ import main


def run(*argv, stdin=""):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_prints_feel_notation():
    assert run("1 + 1") == (0, "2\n", "")
    assert run('{a: [1, "x"], b: null}')[1] == '{a: [1, "x"], b: null}\n'


def test_variables_as_json_and_file(tmp_path):
    assert run("a * 2", "--vars", '{"a": 21}')[1] == "42\n"
    path = tmp_path / "vars.json"
    path.write_text('{"a": 1.5}')
    assert run("a * 2", "--vars", f"@{path}")[1] == "3.0\n"


def test_syntax_error_exit_1_with_caret():
    code, out, err = run("1 +")
    assert code == 1 and out == ""
    assert "^" in err and "line 1, column 4" in err


def test_usage_error_exit_2():
    assert run("1", "--vars", "[1]")[0] == 2
    assert run("1", "--vars", "{bad json")[0] == 2
    assert run("--no-such-option")[0] == 2


def test_json_output():
    assert json.loads(run("--json", "{a: 1, b: 1.5, c: [true]}")[1]) == {"a": 1, "b": 1.5, "c": [True]}


def test_stdin_expression():
    assert run("-", stdin="2 * 3")[1] == "6\n"


def test_unary_option():
    assert run("--unary", "< 10", "--input", "5")[1] == "true\n"


def test_warnings_on_stderr():
    code, out, err = run("1 / 0")
    assert (code, out) == (0, "null\n") and "division by zero" in err


def test_module_entry_point():
    completed = subprocess.run([sys.executable, "-m", "feel", "1 + 1"], capture_output=True, text=True)
    assert completed.returncode == 0 and completed.stdout == "2\n"


@pytest.mark.parametrize("line, shown", [("1 + 2", "3    : number"), ("[1]", "[1]    : list")])
def test_prompt_reads_lines(line, shown):
    code, out, _ = run(stdin=f"{line}\n:quit\n")
    assert code == 0 and shown in out
