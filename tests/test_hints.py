"""Hints for common mistakes: syntax errors and warnings that suggest the fix."""

import pytest

import feel
from feel import hints


def syntax_error(text: str) -> feel.FeelSyntaxError:
    with pytest.raises(feel.FeelSyntaxError) as caught:
        feel.compile(text)
    return caught.value


def messages(text: str, variables=None) -> list[str]:
    result = feel.evaluate_result(text, variables or {})
    assert result.value is None
    return [warning.message for warning in result.warnings]


@pytest.mark.parametrize("text, hint", [
    ("status == 200", "did you mean `=`?"),
    ("count(x) == 1", "did you mean `=`?"),
    ("a === b", "one `=`"),
    ("a !== b", "`!=`"),
    ("a && b", "`and`"),
    ("a || b", "`or`"),
    ("'abc'", "double quotes"),
    ("x = 'abc'", "double quotes"),
    ("!done", "not(x)"),
])  # fmt: skip
def test_syntax_errors_of_other_languages_get_a_hint(text, hint):
    error = syntax_error(text)
    assert error.hint is not None and hint in error.hint
    last_line = str(error).splitlines()[-1]
    assert last_line == f"hint: {error.hint}"
    assert "^" in str(error)  # the caret is still there, above the hint


@pytest.mark.parametrize("text", ["1 +", "(1", "if x then 1", "[1, 2"])
def test_other_syntax_errors_get_no_hint(text):
    error = syntax_error(text)
    assert error.hint is None and "hint:" not in str(error)


def test_the_caret_of_a_hinted_error_is_at_the_fault():
    error = syntax_error("status == 200")
    assert (error.line, error.column) == (1, 9)
    assert str(error).splitlines()[1:3] == ["1 | status == 200", "            ^"]


def test_hint_on_a_later_line():
    error = syntax_error("{a: 1,\n b: x && y}")
    assert error.line == 2 and "`and`" in error.hint


def test_inequality_is_no_negation_mistake():
    assert feel.evaluate("1 != 2") is True


def test_a_key_with_a_symbol_asks_for_backticks():
    found = messages("headers.Content-Type", {"headers": {"Content-Type": "application/json"}})
    assert "the context has a key 'Content-Type': write `Content-Type` in backticks" in found[0]
    assert feel.evaluate("headers.`Content-Type`", {"headers": {"Content-Type": "json"}}) == "json"


def test_a_mistyped_key_suggests_the_closest():
    found = messages("weather.temprature", {"weather": {"temperature": 1, "wind": 2}})
    assert found == ["no context entry found with key 'temprature'; did you mean 'temperature'?"]


def test_index_zero_says_lists_start_at_1():
    (found,) = messages("items[0]", {"items": [1, 2]})
    assert "lists start at 1" in found
    (found,) = messages("items[3]", {"items": [1, 2]})
    assert found == "index 3 is out of range (the list has 2 items)"
    assert feel.evaluate("items[1]", {"items": ["a", "b"]}) == "a"


def test_string_join_names_the_item_that_is_not_a_string():
    (found,) = messages('string join(["a", "b", 1], ", ")')
    assert (
        found
        == "string join: item 3 of the list is a number, not a string; convert it with string()"
    )
    assert feel.evaluate('string join(["a", null, "b"], "-")') == "a-b"  # nulls still skipped


@pytest.mark.parametrize("text, variables, expected", [
    ("abx + 1", {"abc": 1}, "did you mean 'abc'?"),
    ("Order Total * 2", {"order total": 1}, "did you mean 'order total'?"),
    ("True", {}, "FEEL writes true"),
    ("None", {}, "FEEL writes null"),
])  # fmt: skip
def test_a_mistyped_variable_suggests_the_closest_name(text, variables, expected):
    assert expected in messages(text, variables)[0]


def test_names_bound_inside_the_expression_are_suggested():
    result = feel.evaluate_result("for price in [1, 2] return prise")
    assert result.value == [None, None]
    assert result.warnings[0].message.endswith("did you mean 'price'?")


@pytest.mark.parametrize("text, expected", [
    ('uper case("a")', "did you mean 'upper case'?"),
    ("is defind(x)", "did you mean 'is defined'?"),
    ('len("abc")', "FEEL writes `string length(s)` or `count(list)`"),
    ("toUpperCase(x)", "`upper case(s)`"),
])  # fmt: skip
def test_a_mistyped_function_suggests_the_closest_name(text, expected):
    assert expected in messages(text, {"x": "a"})[0]


def test_a_user_function_is_suggested_too():
    found = messages("{double: function(x) x * 2, r: double(1) + dubble(2)}.r")
    assert "did you mean 'double'?" in found[0]


def test_nothing_close_gives_no_suggestion():
    assert messages("zzzz", {"abc": 1}) == ["no variable found for name 'zzzz'"]


def test_hints_stop_after_many_warnings():
    result = feel.evaluate_result("for i in 1..50 return abx", {"abc": 1})
    hinted = [w for w in result.warnings if "did you mean" in w.message]
    assert len(result.warnings) == 50 and len(hinted) == hints.MAX_HINTED_WARNINGS


def test_hints_never_change_values():
    expression = feel.compile("abx", ["abc"])
    for _ in range(3):  # the second evaluation on gets the fast path
        assert expression.evaluate({"abc": 1}) is None
    assert "did you mean 'abc'?" in expression.evaluate_result({"abc": 1}).warnings[0].message


def test_closest_prefers_a_case_match():
    assert hints.closest("NAME", ["name", "nave"]) == "name"
    assert hints.closest("x", []) is None
