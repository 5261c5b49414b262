"""``python -m feel``: one-shot evaluation, exit codes, JSON output, unary tests."""

import io
import json
import subprocess
import sys

import pytest

import feel
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


def test_evaluation_stopped_by_a_budget_exits_3():
    code, out, err = run("count(for i in 1..100000000 return i)")
    assert code == 3 and out == "" and err.startswith("stopped:") and err.count("\n") == 1


def test_prompt_from_a_pipe_with_variables():
    code, out, _ = run("--vars", '{"a": 20}', stdin=":set b = a + 1\nb * 2\n")
    assert code == 0 and "b = 21    : number" in out and "42    : number" in out


# -- exit codes of the issue "a newcomer's first hour"


def test_failed_assert_exits_3():
    code, out, err = run('assert(-1, -1 > 0, "must be positive")')
    assert (code, out) == (3, "") and "must be positive" in err


def test_strict_makes_warnings_exit_4_and_prints_them():
    code, out, err = run("--strict", "x.y", "--vars", '{"x": {}}')
    assert (code, out) == (4, "null\n") and "NO_CONTEXT_ENTRY_FOUND" in err
    assert run("--strict", "1 + 1") == (0, "2\n", "")
    assert run("x.y", "--vars", '{"x": {}}')[0] == 0  # without --strict a warning is no failure


def test_unary_without_input_is_a_usage_error():
    code, out, err = run("--unary", "< 10")
    assert (code, out) == (2, "") and "--input" in err


def test_bad_json_in_a_vars_file_names_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"a": 1,')
    code, out, err = run("a", "--vars", f"@{path}")
    assert (code, out) == (2, "") and str(path) in err and "not valid JSON" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("flag", ["--version", "-h"])
def test_version_and_help(flag):
    code, out, err = run(flag)
    assert code == 0 and err == ""
    if flag == "--version":
        assert out == f"feel {feel.__version__}\n"
    else:
        assert "exit codes: 0 evaluated, 1 syntax error, 2 usage error" in out


def test_version_from_the_module_entry_point():
    completed = subprocess.run([sys.executable, "-m", "feel", "--version"], capture_output=True, text=True)
    assert (completed.returncode, completed.stdout) == (0, f"feel {feel.__version__}\n")


# -- hostile input to the command line: one line on stderr and a documented code


def test_lone_surrogate_in_vars_is_a_usage_error():
    code, out, err = run("x", "--vars", '{"x": "\\ud800"}')
    assert (code, out) == (2, "") and "lone surrogate" in err and err.count("\n") == 1


def test_vars_from_an_endless_file_is_refused_by_size(monkeypatch):
    import feel.__main__ as cli

    monkeypatch.setattr(cli, "MAX_INPUT", 1024)  # /dev/zero at the real limit reads 64 MiB
    code, out, err = run("x", "--vars", "@/dev/zero")
    assert (code, out) == (2, "") and "larger than" in err and err.count("\n") == 1


def test_vars_from_dev_zero_in_a_process():
    completed = subprocess.run([sys.executable, "-m", "feel", "x", "--vars", "@/dev/zero"],
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 2 and "Traceback" not in completed.stderr
    assert completed.stderr.count("\n") == 1 and "larger than 64 MiB" in completed.stderr


def test_a_lone_surrogate_in_the_expression_is_a_syntax_error_with_a_caret():
    out, err = io.StringIO(), io.StringIO()
    code = main(["-"], stdin=io.StringIO('"a\ud800b"'), stdout=out, stderr=err)
    assert code == 1 and "lone surrogate" in err.getvalue() and "^" in err.getvalue()


def test_invalid_utf8_on_stdin_gives_one_line():
    class NotUtf8(io.StringIO):
        def read(self, *args):
            raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    out, err = io.StringIO(), io.StringIO()
    code = main(["-"], stdin=NotUtf8(), stdout=out, stderr=err)
    assert code == 2 and "not UTF-8" in err.getvalue() and err.getvalue().count("\n") == 1


def test_a_closed_pipe_exits_5_without_a_traceback():
    process = subprocess.Popen([sys.executable, "-m", "feel", "for i in 1..200000 return i"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader went away, as `feel ... | head -c 1` does
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 5
    assert "Traceback" not in err and err == "feel: the output was closed before the result was written\n"
