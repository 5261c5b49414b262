"""Loading a DMN model does no repeated or needless work, and the shortcuts give what the
compiler gives: literal texts without the parser, the names of an index found once, the
iteration helper compiled at its first use. Work is counted in calls, never timed."""

from decimal import Decimal

import pytest

import feel
import feel.dmn
import feel.parser
from feel.dmn.literals import literal_closure
from feel.lexer import NameIndex

NS = 'xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" namespace="urn:load" name="load"'


@pytest.mark.parametrize("text", [
    '"Approved"', ' "two words" ', '""', '"ünïcode ✓"', "0", "100", "12.50", "007",
    "1" * 40, "0.000000000000000000000000000000000000001", "true", "false", " null\n",
])  # fmt: skip
def test_a_literal_closure_is_the_compiled_value(text: str) -> None:
    closure = literal_closure(text, None)
    assert closure is not None
    compiled = feel.Engine().compile(text).evaluate({})
    value = closure(None)
    assert value == compiled and type(value) is type(compiled)
    if type(value) is Decimal:
        assert str(value) == str(compiled)


@pytest.mark.parametrize("text", [
    '"a\\nb"', '"\\u0041"', "-1", "1e5", "1.", ".5", "٣", '"a" + "b"', "true and false",
    "Age", '@"2024-01-01"', '"unterminated', "nulls", "\u00a0 1",
])  # fmt: skip
def test_other_texts_take_the_compiler(text: str) -> None:
    assert literal_closure(text, None) is None


def test_a_string_over_max_string_takes_the_compiler() -> None:
    assert literal_closure('"abcd"', 4) is not None
    assert literal_closure('"abcde"', 4) is None  # the compiler refuses it as a syntax error


def _model(outputs: list[str]) -> str:
    rules = "".join(f"<rule><inputEntry><text>-</text></inputEntry><outputEntry><text>{text}</text>"
                    "</outputEntry></rule>" for text in outputs)  # fmt: skip
    return f"""<definitions {NS}>
      <inputData id="x" name="X"><variable name="X" typeRef="number"/></inputData>
      <decision id="d" name="D"><informationRequirement><requiredInput href="#x"/></informationRequirement>
        <decisionTable hitPolicy="COLLECT"><input><inputExpression><text>X</text></inputExpression></input>
          <output name="o"/>{rules}</decisionTable></decision></definitions>"""


def test_literal_texts_are_never_parsed_and_others_at_their_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    original = feel.parser.parse

    def counting(text: str, *args: object, **kwargs: object) -> object:
        parsed.append(text)
        return original(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("feel.api.parse", counting)
    outputs = ['"a"', "1", "true", "null", '"a" + "b"', "X + 1", "X + 1"]
    model = feel.dmn.load(_model(outputs))
    assert parsed == []  # nothing at load: not the literals, no iteration helper, no `-`
    for _ in range(3):
        result = model.evaluate("D", {"X": 2})
        assert result.value == ["a", Decimal(1), True, None, "ab", Decimal(3), Decimal(3)]
        assert not result.warnings
    assert sorted(parsed) == sorted(['"a" + "b"', "X + 1", "X"])  # each text once


def test_a_syntax_error_is_the_same_warning_at_each_evaluation() -> None:
    model = feel.dmn.load(_model(["1 +", '"ok"']))
    for _ in range(2):
        result = model.evaluate("D", {"X": 1})
        assert result.value == [None, "ok"]
        assert len(result.warnings) == 1 and "in '1 +'" in result.warnings[0].message


def test_the_iteration_helper_is_compiled_at_its_first_use() -> None:
    model = feel.dmn.load(f"""<definitions {NS}>
      <decision id="d" name="D"><for iteratorVariable="i"><in><literalExpression><text>[1..3]</text>
        </literalExpression></in><return><literalExpression><text>i * 2</text></literalExpression>
        </return></for></decision></definitions>""")
    assert model.evaluate("D").value == [Decimal(2), Decimal(4), Decimal(6)]


def test_the_names_of_an_index_are_found_once_and_again_after_a_change() -> None:
    index = NameIndex(["Applicant Age", "x-y"])
    first = index.names()
    assert first == {"Applicant Age", "x-y"}
    assert index.names() is first  # remembered
    index.add("Monthly Income")
    assert index.names() == {"Applicant Age", "x-y", "Monthly Income"}
    derived = NameIndex(["a b"], index)
    assert derived.names() == {"Applicant Age", "x-y", "Monthly Income", "a b"}
    assert index.names() == {"Applicant Age", "x-y", "Monthly Income"}
