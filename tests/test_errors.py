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


# -- bugs of ours and failures on purpose have distinct types --------------------------------


def test_an_internal_error_while_compiling_is_a_feel_internal_error(monkeypatch):
    import feel.api

    def broken(self, tree):
        raise ValueError("a bug")

    monkeypatch.setattr(feel.api.Compiler, "expression", broken)
    with pytest.raises(feel.FeelInternalError, match="a bug") as raised:
        feel.Engine().compile("1 + 1")
    assert not isinstance(raised.value, (feel.FeelSyntaxError, feel.FeelEvaluationError))
    assert isinstance(raised.value.__cause__, ValueError)


def test_an_internal_error_while_evaluating_is_a_feel_internal_error():
    def broken(scope):
        raise KeyError("a bug")

    for entry in ("evaluate", "evaluate_result"):
        expression = feel.Engine().compile("x + 1", ["x"])  # its first evaluation: the closures
        expression._closure = broken  # stands for a bug in a compiled closure
        with pytest.raises(feel.FeelInternalError, match="a bug") as raised:
            getattr(expression, entry)({"x": 1})
        assert not isinstance(raised.value, feel.FeelEvaluationError)


def test_an_assert_failure_is_an_evaluation_error_on_purpose_not_an_internal_one():
    engine = feel.Engine(dialect="camunda")
    assert engine.evaluate('assert(x, x > 0, "x must be positive")', {"x": 3}) == 3
    with pytest.raises(feel.FeelAssertionError) as raised:
        engine.evaluate('assert(x, x > 0, "x must be positive")', {"x": -3})
    assert raised.value.cause == "x must be positive"
    assert isinstance(raised.value, feel.FeelEvaluationError)
    assert not isinstance(raised.value, feel.FeelInternalError)


def test_an_internal_error_in_a_dmn_model_is_a_feel_internal_error(monkeypatch):
    import feel.dmn
    from feel.dmn.model import Model

    model = feel.dmn.load("""<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"
        namespace="n" name="m" id="m"><decision name="D" id="d"><informationRequirement>
        <requiredDecision href="#e"/></informationRequirement><literalExpression><text>E + 1</text>
        </literalExpression></decision><decision name="E" id="e"><literalExpression>
        <text>1</text></literalExpression></decision></definitions>""")
    assert model.evaluate("D").value == 2

    def broken(self, node, run):
        raise IndexError("a bug")

    monkeypatch.setattr(Model, "_decision", broken)
    with pytest.raises(feel.FeelInternalError, match="a bug"):
        model.evaluate("D")
