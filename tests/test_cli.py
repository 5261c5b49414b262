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


def test_help_exits_0():
    code, out, _ = run("--help")
    assert code == 0 and "--unary" in out


@pytest.mark.parametrize("argv", [
    ["--input", "5"],                      # --input without --unary
    ["1", "--unary", "< 10"],              # both an expression and --unary
    ["1", "--vars", "@/no/such/file.json"],
    ["1", "--vars", '"text"'],
])  # fmt: skip
def test_more_usage_errors(argv):
    code, out, err = run(*argv)
    assert code == 2 and out == "" and err


@pytest.mark.parametrize("argv, printed", [
    (["--unary", "[1..10]", "--input", "11"], "false\n"),
    (["--unary", "< limit", "--input", "x", "--vars", '{"limit": 10, "x": 3}'], "true\n"),
    (["--unary", "null", "--input", "null"], "true\n"),
    (["--unary", "-", "--input", "1"], "true\n"),  # "-" is the test "anything"
    (["--unary", "< 10", "--input", '"a"'], "null\n"),
])  # fmt: skip
def test_unary_table(argv, printed):
    assert run(*argv)[1] == printed


def test_unary_syntax_error_exit_1():
    code, out, err = run("--unary", "< ", "--input", "1")
    assert code == 1 and out == "" and "^" in err


@pytest.mark.parametrize("expression, expected", [
    ('date and time("2023-01-19T10:00:00@Europe/Paris")', "2023-01-19T10:00:00+01:00[Europe/Paris]"),
    ('duration("PT90M")', "PT1H30M"),
    ("1/4", 0.25),
    ("10000000000000000000000", 10**22),
    ("[1..2]", "[1..2]"),
])  # fmt: skip
def test_json_output_table(expression, expected):
    code, out, _ = run("--json", expression)
    assert code == 0 and json.loads(out) == expected


def test_json_of_unary_result_and_stdin_with_variables():
    assert run("--json", "--unary", "> 1", "--input", "2")[1] == "true\n"
    assert run("-", "--vars", '{"a": 2}', stdin="a *\n 3\n")[1] == "6\n"


def test_stdin_syntax_error_and_empty_stdin():
    assert run("-", stdin="1 +")[0] == 1
    assert run("-", stdin="")[0] == 1


def test_evaluation_budget_error_exit_1():
    code, out, err = run("count(for i in 1..100000000 return i)")
    assert code == 1 and out == "" and err.startswith("error:")


def test_prompt_from_a_pipe_with_variables():
    code, out, _ = run("--vars", '{"a": 20}', stdin=":set b = a + 1\nb * 2\n")
    assert code == 0 and "b = 21    : number" in out and "42    : number" in out
