"""Syntax errors: FeelSyntaxError with line, column, a caret excerpt and what was expected."""

import pytest

import feel

BAD = [
    ("1 +", 1, 4), ("(1", 1, 3), ("1 2 +", 1, 3), ("if 1 then 2", 1, 12),
    ('"unterminated', 1, 1), ("{a: 1,, }", 1, 7), ("1 +\n  * 2", 2, 3), ("a ! b", 1, 3),
    ("/* open comment", 1, 1), ("[1, 2", 1, 6),
]  # fmt: skip


@pytest.mark.parametrize("text, line, column", BAD)
def test_position(text, line, column):
    with pytest.raises(feel.FeelSyntaxError) as caught:
        feel.compile(text)
    error = caught.value
    assert (error.line, error.column) == (line, column), str(error)
    assert error.expression == text
    assert "^" in str(error)


def test_message_shows_caret_under_fault():
    with pytest.raises(feel.FeelSyntaxError) as caught:
        feel.compile("1 + * 2")
    lines = str(caught.value).splitlines()
    assert lines[1] == "1 | 1 + * 2"
    assert lines[2].index("^") == lines[1].index("*")
    assert caught.value.expected


def test_syntax_error_is_a_feel_error():
    assert issubclass(feel.FeelSyntaxError, feel.FeelError)


@pytest.mark.parametrize("depth", [1000, 10000])
def test_deep_nesting_is_a_syntax_error(depth):
    with pytest.raises(feel.FeelSyntaxError):
        feel.compile("(" * depth + "1" + ")" * depth)


def test_long_flat_chain_is_refused_not_crashing():
    with pytest.raises(feel.FeelSyntaxError):
        feel.compile(" + ".join(["1"] * 5000))


@pytest.mark.parametrize("value", [None, 1, b"1 + 1"])
def test_non_string_expression(value):
    with pytest.raises(feel.FeelError):
        feel.evaluate(value)
