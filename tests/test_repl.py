"""The interactive prompt, driven through its input and output streams."""

import io
import json
import re
import sys

import pytest

import feel
from feel.repl import (
    BANNER,
    RESULT_WIDTH,
    STYLES,
    Session,
    completions,
    format_duration,
    highlight,
    history_path,
    open_brackets,
    prompt_toolkit_reader,
    run_repl,
    shorten,
)


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
    assert re.search(r"compile [\d.]+ (ns|µs|ms|s), evaluate [\d.]+ (ns|µs|ms|s) \(mean of \d+\)", out)


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


# -- commands in more detail


def test_set_shows_warnings_and_refuses_names_feel_cannot_read():
    out = session_output(":set y = 1 / 0", "y")
    assert "y = null    : Null" in out and "warning:" in out
    assert "is not a name" in session_output(":set 1x = 2")
    assert "is not a name" in session_output(":set if = 2")
    assert "usage: :set" in session_output(":set x")
    assert "usage: :set" in session_output(":set x =")


def test_set_binds_multi_word_names():
    out = session_output(":set unit price = 2.5", "unit price * 4")
    assert "unit price = 2.5    : number" in out and "10.0    : number" in out


def test_set_syntax_error_leaves_variables_alone():
    session = Session(feel.Engine(), {"a": 1})
    assert "^" in session.handle(":set a = 1 +")
    assert session.handle("a") == "1    : number"


def test_vars_errors():
    assert ":vars:" in session_output(":vars /no/such/file.json")
    assert "no variables" in session_output(":vars")


def test_vars_file_must_hold_an_object(tmp_path):
    path = tmp_path / "list.json"
    path.write_text("[1, 2]")
    assert "must hold a JSON object" in session_output(f":vars {path}")


def test_variables_given_to_the_prompt():
    assert "42    : number" in session_output("a * 2", variables={"a": 21})


def test_unary_usage_warnings_and_errors():
    assert "usage: :unary" in session_output(":unary < 10")
    assert "usage: :unary" in session_output(":unary ; 5")
    assert "^" in session_output(":unary < ; 5")
    assert "null    : Null" in session_output(':unary < 10 ; "a"')


def test_time_usage_and_syntax_error():
    assert "usage: :time" in session_output(":time")
    assert "^" in session_output(":time 1 +")


def test_help_lists_every_command():
    out = session_output(":help")
    for command in (":vars", ":set", ":unary", ":time", ":help", ":quit"):
        assert command in out


@pytest.mark.parametrize("leave", [":quit", ":q", ":exit"])
def test_quit_forms(leave):
    assert "3    : number" not in session_output(leave, "1 + 2")


# -- multi-line input and interrupts


def test_multi_line_list_and_function_call():
    out = session_output("sum([1,", "2,", "3])")
    assert "6    : number" in out


def test_empty_line_gives_up_on_an_unclosed_bracket():
    out = session_output("[1, 2", "", "1 + 1")
    assert "^" in out and "2    : number" in out


def test_end_of_input_inside_an_unclosed_bracket_evaluates_what_was_typed():
    out = session_output("[1,")
    assert "^" in out


class Interrupting(io.StringIO):
    """stdin whose second line is Ctrl-C."""

    def __init__(self, text):
        super().__init__(text)
        self.reads = 0

    def readline(self, *args):
        self.reads += 1
        if self.reads == 2:
            raise KeyboardInterrupt
        return super().readline(*args)


def test_ctrl_c_drops_the_input_and_keeps_the_session():
    out = io.StringIO()
    code = run_repl(feel.Engine(), {}, Interrupting("[1,\n2]\n5 * 5\n"), out)
    assert code == 0 and "(interrupted)" in out.getvalue() and "25    : number" in out.getvalue()


@pytest.mark.parametrize("text, depth", [
    ("`a (b`", 0), ("`a (b` + (", 1), ('"\\"("', 0), ("/* ( */ [", 1), ("1)", -1),
])  # fmt: skip
def test_open_brackets_ignores_names_escapes_and_comments(text, depth):
    assert open_brackets(text) == depth


# -- completion, highlighting, history (pure functions; no terminal needed)

NAMES = ["string length", "string join", "string", "starts with", "sum", "my var", "if", "jobError"]


@pytest.mark.parametrize("before, expected", [
    ("str", [("string", -3), ("string join", -3), ("string length", -3)]),
    ("1 + string le", [("string length", -9)]),
    ("abs(my v", [("my var", -4)]),
    ("su", [("sum", -2)]),
    ("string jo", [("string join", -9)]),  # not "jobError" for "jo": one Tab completes
    ("xsu", []),
    ("sum", []),
    ("", []),
    ("1 + ", []),
])  # fmt: skip
def test_completions(before, expected):
    assert completions(before, NAMES) == expected


def test_session_completes_builtins_keywords_and_variables():
    session = Session(feel.Engine(), {"order total": 1})
    offered = {name for name, _ in completions("x + ", session.names())}
    assert offered == set()
    assert ("order total", -3) in completions("1 + ord", session.names())
    assert ("upper case", -2) in completions("up", session.names())
    assert ("satisfies", -3) in completions("sat", session.names())


def test_highlight_covers_the_line_and_colours_tokens():
    line = 'if x > 1.5 then string length("a(") else @"P1D" // note'
    parts = highlight(line)
    assert "".join(text for _, text in parts) == line
    styles = dict((text, style) for style, text in parts)
    assert styles["if"] == styles["then"] == styles["else"] == STYLES["keyword"]
    assert styles["1.5"] == STYLES["number"] and styles['"a("'] == STYLES["string"]
    assert styles["string length"] == STYLES["builtin"] and styles["// note"] == STYLES["comment"]
    assert styles['@"P1D"'] == STYLES["string"]
    assert all(style == "" for style, text in parts if text == "x")


def test_highlight_leaves_names_that_contain_keywords_alone():
    assert highlight("iffy + x1") == [("", "iffy + x1")]


def test_history_path(monkeypatch, tmp_path):
    monkeypatch.setenv("FEEL_HISTORY", str(tmp_path / "h"))
    assert history_path() == str(tmp_path / "h")
    monkeypatch.delenv("FEEL_HISTORY")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert history_path() == str(tmp_path / ".feel_history")


def test_without_prompt_toolkit_the_reader_is_none(monkeypatch):
    monkeypatch.setitem(sys.modules, "prompt_toolkit", None)
    assert prompt_toolkit_reader(Session(feel.Engine())) is None


def test_a_pipe_never_gets_a_prompt_string():
    out = session_output("1")
    assert "feel>" not in out


# -- the prompt_toolkit reader, driven through its pipe input (the `repl` extra)


def test_prompt_toolkit_session_keeps_history(monkeypatch, tmp_path):
    pipe = pytest.importorskip("prompt_toolkit.input").create_pipe_input
    from prompt_toolkit.output import DummyOutput

    monkeypatch.setenv("FEEL_HISTORY", str(tmp_path / "history"))
    runs = [
        ("1 + 1\r{a: 1,\rb: 2}\r:quit\r", ["2    : number", "{a: 1, b: 2}    : context"]),
        # Up Up recalls the first run's multi-line entry as one (":quit" is the last one)
        ("\x1b[A" * 2 + "\r\x04", ["{a: 1, b: 2}    : context"]),
        ("[1,\r\r\x04", None),  # an empty line inside a bracket gives up: syntax error
        ("\x04", []),  # Ctrl-D on an empty line leaves
    ]
    for text, shown in runs:
        with pipe() as keys:
            keys.send_text(text)
            out = io.StringIO()
            code = run_repl(feel.Engine(), {}, io.StringIO(), out,
                            reader=lambda s: prompt_toolkit_reader(s, input=keys, output=DummyOutput()))
        if shown is None:
            assert code == 0 and "^" in out.getvalue()
        else:
            assert code == 0 and out.getvalue() == "".join(line + "\n" for line in shown)
    history = (tmp_path / "history").read_text()
    assert "+1 + 1\n" in history and "+{a: 1,\n+b: 2}\n" in history


def test_prompt_toolkit_completer_and_lexer(monkeypatch, tmp_path):
    pytest.importorskip("prompt_toolkit")
    from prompt_toolkit.document import Document

    monkeypatch.setenv("FEEL_HISTORY", str(tmp_path / "history"))
    session = Session(feel.Engine(), {"unit price": 1})
    prompt = prompt_toolkit_reader(session).prompt_session
    found = [(c.text, c.start_position)
             for c in prompt.completer.get_completions(Document("2 * unit pri"), None)]
    assert found == [("unit price", -8)]
    session.variables["unit cost"] = 2  # later variables are offered too
    found = [c.text for c in prompt.completer.get_completions(Document("unit "), None)]
    assert found == ["unit cost", "unit price"]
    assert prompt.lexer.lex_document(Document("sum(1)"))(0) == highlight("sum(1)")


# -- a real terminal (a pseudo-terminal), without prompt_toolkit: the readline fallback

WITHOUT_PROMPT_TOOLKIT = ("import sys; sys.modules['prompt_toolkit'] = None; "
                          "from feel.__main__ import main; sys.exit(main([]))")  # fmt: skip


def run_in_terminal(keys: bytes, history: str, timeout: float = 120) -> tuple[int, str]:
    """Run the prompt in a pseudo-terminal, type ``keys``, return (exit code, screen text)."""
    import os
    import pty
    import select
    import time

    pid, fd = pty.fork()
    if pid == 0:  # the child: the prompt on a terminal
        os.environ["FEEL_HISTORY"] = history
        os.execv(sys.executable, [sys.executable, "-c", WITHOUT_PROMPT_TOOLKIT])
    os.write(fd, keys)
    screen, deadline = b"", time.monotonic() + timeout
    while time.monotonic() < deadline:
        if select.select([fd], [], [], 0.2)[0]:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            screen += chunk
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), screen.decode(errors="replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_terminal_without_prompt_toolkit_has_history_and_completion(tmp_path):
    history = str(tmp_path / "history")
    code, screen = run_in_terminal(b"1 + 1\r:quit\r", history)
    assert code == 0 and "feel> " in screen and "2    : number" in screen
    assert (tmp_path / "history").read_text().splitlines() == ["1 + 1", ":quit"]
    code, screen = run_in_terminal(b"\x1b[A\x1b[A\r:quit\r", history)  # Up Up: "1 + 1"
    assert code == 0 and "2    : number" in screen
    code, screen = run_in_terminal(b'upp\t("x")\r:quit\r', history)  # Tab: "upper case"
    assert code == 0 and '"X"    : string' in screen


# -- the issue "a newcomer's first hour": continuation, banner, units, shortening, carets


@pytest.mark.parametrize("lines, shown", [
    (["if 1 > 0 then", '"yes"', "else", '"no"'], '"yes"    : string'),
    (["for x in [1, 2]", "return x * 10"], "[10, 20]    : list"),
    (["some x in [1, 2]", "satisfies x > 1"], "true    : boolean"),
    (['"two', 'lines"'], '"two\\nlines"    : string'),
    (["1 +", "2"], "3    : number"),
    (["function(x)", "x + 1"], "function(x)    : function"),
])  # fmt: skip
def test_an_incomplete_expression_continues_on_the_next_line(lines, shown):
    out = session_output(*lines)
    assert out == shown + "\n"


def test_a_complete_line_does_not_wait():
    session = Session(feel.Engine(), {"x": 1})
    assert not session.needs_more("if x > 0 then 1 else 2")
    assert not session.needs_more("1 + 1)")  # a syntax error, not an incomplete expression
    assert session.needs_more("if x > 0 then 1") and session.needs_more("[1, 2")
    assert session.needs_more(":set y = [1,") and not session.needs_more(":set y = if")


def test_an_empty_line_gives_up_on_an_if_without_else():
    out = session_output("if true then 1", "", "2 * 2")
    assert "unexpected end of expression" in out and "4    : number" in out


@pytest.mark.parametrize("seconds, shown", [
    (3.2e-9, "3.20 ns"), (4.1e-5, "41.0 µs"), (0.000999, "999 µs"), (0.0123, "12.3 ms"),
    (2.5, "2.50 s"), (250.0, "250 s"),
])  # fmt: skip
def test_durations_in_fitting_units(seconds, shown):
    assert format_duration(seconds) == shown


def test_time_shortens_the_value_as_the_readme_shows():
    out = session_output(":time for x in 1..100 return x * x")
    assert out.startswith("[1, 4, 9, ...]    : list\ncompile ")


def test_long_results_are_shortened_and_full_shows_them():
    out = session_output("for x in 1..10000 return x")
    (line,) = out.splitlines()
    assert line.startswith("[1, 2, 3, ") and "..., " not in line
    assert line.endswith(", ...]    : list of 10000 items, shortened (:full EXPR shows it all)")
    assert len(line) < RESULT_WIDTH + 100
    full = session_output(":full for x in 1..10000 return x")
    assert full.startswith("[1, 2, 3, ") and full.endswith(", 9999, 10000]    : list\n")


def test_short_results_are_not_marked():
    assert session_output("[1, 2, 3]") == "[1, 2, 3]    : list\n"


@pytest.mark.parametrize("value, width, shown", [
    ([1, [2, 3], 4], 100, ("[1, [2, 3], 4]", False)),
    ("x" * 50, 20, ('"xxxxxxxxxxxxxxx..."', True)),
    ({"a": 1, "b c": 2, "d-e": 3}, 100, ('{a: 1, b c: 2, "d-e": 3}', False)),
])  # fmt: skip
def test_shorten(value, width, shown):
    assert shorten(feel.to_feel(value), width) == shown


@pytest.mark.parametrize("line, caret_under", [
    (":set x = 1 +", len(":set x = 1 +")),
    (":set  total   =  (1 +", len(":set  total   =  (1 +")),
    (":time  1 +", len(":time  1 +")),
    (":unary  < ; 5", len(":unary  <")),
    (":unary < 3 ;  1 +", len(":unary < 3 ;  1 +")),
    (":set ok = status == 200", len(":set ok = status =")),
])  # fmt: skip
def test_the_caret_of_a_command_is_under_what_was_typed(line, caret_under):
    out = Session(feel.Engine(), {"status": 200}).handle(line)
    source, caret = out.splitlines()[1:3]
    assert source == f"1 | {line}"
    assert caret == " " * (len("1 | ") + caret_under) + "^"


def test_the_caret_of_a_multi_line_set():
    out = Session(feel.Engine()).handle(":set y = {a: 1,\n b: 2 && 3}")
    assert "line 2, column 7" in out and "hint: FEEL writes `and`" in out


def test_no_banner_on_a_pipe_and_the_banner_names_help():
    assert BANNER.count("\n") == 0 and ":help" in BANNER and feel.__version__ in BANNER
    assert BANNER not in session_output("1")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_terminal_banner_continuation_and_one_tab_multi_word_completion(tmp_path):
    history = str(tmp_path / "history")
    keys = (b"if 2 > 1 then\r\"big\"\relse \"small\"\r"  # continues twice, then evaluates
            b'string jo\t(["a", "b"], "-")\r'          # one Tab: "string join"
            b":set n = 1 +\r:quit\r")  # fmt: skip
    code, screen = run_in_terminal(keys, history)
    assert code == 0
    shown = screen[screen.index(BANNER):]  # what the terminal echoed of the keys comes first
    assert shown.startswith(BANNER + "\r\nfeel> ")
    assert shown.count("  ... ") >= 2 and '"big"    : string' in shown
    assert '"a-b"    : string' in shown
    assert "1 | :set n = 1 +\r\n                ^" in shown


def test_prompt_toolkit_completes_a_multi_word_name_in_one_tab(monkeypatch, tmp_path):
    pipe = pytest.importorskip("prompt_toolkit.input").create_pipe_input
    from prompt_toolkit.output import DummyOutput

    monkeypatch.setenv("FEEL_HISTORY", str(tmp_path / "history"))
    with pipe() as keys:
        keys.send_text('string jo\t(["a", "b"], "+")\rif true then\r1 else 2\r\x04')
        out = io.StringIO()
        code = run_repl(feel.Engine(), {}, io.StringIO(), out,
                        reader=lambda s: prompt_toolkit_reader(s, input=keys, output=DummyOutput()))
    assert code == 0 and out.getvalue() == '"a+b"    : string\n1    : number\n'
