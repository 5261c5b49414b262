"""feel.dmn.plan: a decision that reads input data only evaluates as the general path does.

``model.evaluate(name, dict)`` takes the prebuilt plan; a mapping that is not a ``dict``
takes the general path. Both must give the same value, results and warnings, while the
plan reads its inputs by a loop and once it reads them by generated source.
"""

import datetime
import types
from decimal import Decimal

import pytest

import feel
import feel.dmn
from feel.dmn.plan import accepted_kinds
from feel.dmn.types import builtin_check

NS = 'xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" namespace="urn:plan" name="plan"'

#: input data: (id, name, typeRef or None)
INPUTS = [("n", "Amount", "number"), ("s", "Label", "string"), ("b", "Flag", "boolean"),
          ("d", "Day", "date"), ("u", "Loose", None), ("t", "Score", "tScore")]  # fmt: skip

TYPES = """<itemDefinition name="tScore"><typeRef>number</typeRef>
  <allowedValues><text>[0..100]</text></allowedValues></itemDefinition>"""


def _model(decision_type: str = "") -> feel.dmn.Model:
    data = "".join(
        f'<inputData id="{i}" name="{name}"><variable name="{name}"'
        + (f' typeRef="{kind}"' if kind else "") + "/></inputData>"
        for i, name, kind in INPUTS)  # fmt: skip
    requirements = "".join(f'<informationRequirement><requiredInput href="#{i}"/></informationRequirement>'
                           for i, _, _ in INPUTS)  # fmt: skip
    variable = f'<variable name="Echo" typeRef="{decision_type}"/>' if decision_type else ""
    echo = "{amount: Amount, label: Label, flag: Flag, day: Day, loose: Loose, score: Score}"
    return feel.dmn.load(f"""<definitions {NS}>{TYPES}{data}
      <decision id="echo" name="Echo">{variable}{requirements}
        <literalExpression><text>{echo}</text></literalExpression></decision>
      <decision id="table" name="Band">{requirements}
        <decisionTable hitPolicy="FIRST">
          <input><inputExpression><text>Amount</text></inputExpression></input>
          <input><inputExpression><text>Label</text></inputExpression></input>
          <output name="band"/>
          <rule><inputEntry><text>&lt; 10</text></inputEntry><inputEntry><text>"a", "b"</text></inputEntry>
            <outputEntry><text>"low"</text></outputEntry></rule>
          <rule><inputEntry><text>[10..20]</text></inputEntry><inputEntry><text>-</text></inputEntry>
            <outputEntry><text>"mid"</text></outputEntry></rule>
          <rule><inputEntry><text>-</text></inputEntry><inputEntry><text>-</text></inputEntry>
            <outputEntry><text>"other"</text></outputEntry></rule>
        </decisionTable></decision>
    </definitions>""")


RECORDS = [
    {"Amount": 5, "Label": "a", "Flag": True, "Day": datetime.date(2024, 2, 29), "Loose": 3, "Score": 50},
    {"Amount": Decimal("12.5"), "Label": "z", "Flag": False, "Day": None, "Loose": "x", "Score": 101},
    {"Amount": "12", "Label": 7, "Flag": 1, "Day": "2024-01-01", "Loose": [1, 2], "Score": True},
    {"Amount": 2.5, "Label": None, "Flag": None, "Loose": 1.25, "Score": 0},
    {"Amount": True, "Label": "b", "Flag": "yes", "Day": datetime.date(2020, 1, 1), "Score": -1},
    {},
    {"{urn:plan}Amount": 30, "Amount": 1, "Label": "a"},  # the Clark name comes first
]


def _same(planned: feel.dmn.DmnResult, general: feel.dmn.DmnResult) -> None:
    assert planned.value == general.value
    assert planned.results == general.results
    assert [(w.kind, w.message) for w in planned.warnings] == [(w.kind, w.message) for w in general.warnings]


@pytest.mark.parametrize("decision", ["Echo", "echo", "Band"])
@pytest.mark.parametrize("record", RECORDS, ids=range(len(RECORDS)))
def test_plan_gives_what_the_general_path_gives(decision: str, record: dict) -> None:
    planned_model, general_model = _model(), _model()
    import feel.dmn.plan as plan

    for _ in range(plan.GENERATE_AT + 2):  # read by a loop, then by generated source
        planned = planned_model.evaluate(decision, dict(record))
        general = general_model.evaluate(decision, types.MappingProxyType(record))  # not a dict
        _same(planned, general)


def test_inputs_are_converted_and_checked_as_declared() -> None:
    model = _model()
    for _ in range(3):
        result = model.evaluate("Echo", {"Amount": 7, "Label": 7, "Flag": True, "Score": 101})
        value = result.value
        assert value["amount"] == Decimal(7) and type(value["amount"]) is Decimal
        assert value["label"] is None and value["score"] is None  # a number is no string; > 100
        assert value["flag"] is True
        messages = [w.message for w in result.warnings]
        assert any("'Label'" in m for m in messages) and any("'Score'" in m for m in messages)


def test_a_typed_decision_conforms_its_value() -> None:
    model = _model(decision_type="string")  # a context is not a string: null and a warning
    for _ in range(2):
        result = model.evaluate("Echo", {"Amount": 1})
        assert result.value is None
        assert any("does not conform to type string" in w.message for w in result.warnings)


def test_a_decision_requiring_a_decision_takes_the_general_path() -> None:
    model = feel.dmn.load(f"""<definitions {NS}>
      <inputData id="x" name="X"><variable name="X" typeRef="number"/></inputData>
      <decision id="a" name="A"><informationRequirement><requiredInput href="#x"/></informationRequirement>
        <literalExpression><text>X + 1</text></literalExpression></decision>
      <decision id="b" name="B"><informationRequirement><requiredDecision href="#a"/></informationRequirement>
        <literalExpression><text>A * 2</text></literalExpression></decision>
    </definitions>""")
    for _ in range(3):
        result = model.evaluate("B", {"X": 4})
        assert result.value == Decimal(10)
        assert result.results == {"A": Decimal(5), "B": Decimal(10)}


def test_unknown_names_are_refused_and_not_remembered() -> None:
    model = _model()
    for number in range(5000):  # more than the plans kept: names that exist only are kept
        with pytest.raises(feel.errors.DmnError):
            model.evaluate(f"nothing {number}", {})
    assert model.evaluate("Band", {"Amount": 15}).value == "mid"


@pytest.mark.parametrize("type_ref, kinds", [
    (None, {type(None), int, str, bool}), ("number", {type(None), int}),
    ("string", {type(None), str}), ("boolean", {type(None), bool}), ("date", {type(None)}),
])  # fmt: skip
def test_accepted_kinds_follow_the_declared_type(type_ref: str | None, kinds: set) -> None:
    check = builtin_check(type_ref) if type_ref else None
    accepted = accepted_kinds(object() if type_ref else None, check)
    assert set(accepted) == kinds


def test_the_reader_is_generated_once_after_many_evaluations(monkeypatch: pytest.MonkeyPatch) -> None:
    import feel.dmn.plan as plan

    made = []
    original = plan._reader

    def counting(*args: object) -> object:
        made.append(args)
        return original(*args)

    monkeypatch.setattr(plan, "_reader", counting)
    model = _model()
    for _ in range(plan.GENERATE_AT - 1):
        assert model.evaluate("Band", {"Amount": 3, "Label": "a"}).value == "low"
    assert made == []  # read by a loop so far
    for _ in range(3):
        assert model.evaluate("Band", {"Amount": 3, "Label": "a"}).value == "low"
    assert len(made) == 1
    model.evaluate("Band", types.MappingProxyType({"Amount": 3}))  # the general path
    assert len(made) == 1
