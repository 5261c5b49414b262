"""The interactive prompt, driven through its input and output streams."""

import io
import json

import pytest

import feel
from feel.repl import Session, open_brackets, run_repl


def session_output(*lines: str, variables=None) -> str:
    out = io.StringIO()
    code = run_repl(feel.Engine(), variables or {}, io.StringIO("\n".join(lines) + "\n"), out)
    assert code == 0
    return out.getvalue()


def test_result_with_type_and_warnings():
    out = session_output("1 + 1", '"a" + 1')
    assert "2    : number" in out
    assert "null    : Null" in out and "warning: INVALID_TYPE" in out


def test_syntax_error_shows_caret():
    out = session_output("1 +")
    assert "^" in out and "line 1, column 4" in out


def test_multi_line_input_continues_until_brackets_close():
    out = session_output("{a: 1,", " b: 2}")
    assert "{a: 1, b: 2}    : context" in out


def test_set_and_use_a_variable():
    out = session_output(":set x = 20 + 1", "x * 2")
    assert "x = 21" in out and "42    : number" in out


def test_vars_file(tmp_path):
    path = tmp_path / "vars.json"
    path.write_text(json.dumps({"limit": 10, "name": "Ada"}))
    out = session_output(f":vars {path}", "limit + 1", ":vars")
    assert "loaded 2 variable(s)" in out and "11    : number" in out and 'name = "Ada"' in out


def test_unary_command():
    assert "true    : boolean" in session_output(":unary < 10, [20..30] ; 25")
    assert "false    : boolean" in session_output(":unary < 10 ; 15")


def test_time_command():
    out = session_output(":time for x in 1..10 return x")
    assert "compile" in out and "evaluate" in out and "µs" in out


def test_help_quit_and_unknown_command():
    out = session_output(":help", ":nope", ":quit", "1 + 1")
    assert ":vars FILE.json" in out and "unknown command :nope" in out
    assert "2    : number" not in out


@pytest.mark.parametrize("text, depth", [("(", 1), ("[1, (2)", 1), ('"("', 0), ("{a: [1]}", 0), ("// (", 0)])
def test_open_brackets(text, depth):
    assert open_brackets(text) == depth


def test_session_handle_is_usable_directly():
    session = Session(feel.Engine(), {"a": 1})
    assert session.handle("a") == "1    : number"
    assert session.handle(":quit") is None
