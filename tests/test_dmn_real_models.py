"""feel.dmn on models as modelers write them and as users call them (issue 14).

The DMN files in tests/dmn/ are small files written for these tests in the shapes that
Camunda Modeler, Drools/Kogito (DMN 1.1 QName types), Camunda 7 (JUEL) and Trisotech
(boxed extensions) save; the others are inline.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

import feel
import feel.dmn
from feel.errors import DmnError

HERE = Path(__file__).resolve().parent / "dmn"
NS = 'xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" namespace="urn:test" name="test"'


def model(body: str, **options) -> feel.dmn.Model:
    return feel.dmn.load(f"<definitions {NS}>{body}</definitions>", **options)


def literal_decision(name: str, text: str, inputs: dict[str, str] | None = None,
                     type_ref: str = "") -> str:  # fmt: skip
    """A decision ``name`` with a literal expression, requiring the input data ``inputs``
    (name -> typeRef, declared here too)."""
    inputs = inputs or {}
    declared = "".join(f'<inputData id="in_{name}_{i}" name="{input_name}"><variable name="{input_name}" '
                       f'typeRef="{kind}"/></inputData>' for i, (input_name, kind) in enumerate(inputs.items()))  # fmt: skip
    required = "".join(f'<informationRequirement><requiredInput href="#in_{name}_{i}"/></informationRequirement>'
                       for i in range(len(inputs)))  # fmt: skip
    typed = f' typeRef="{type_ref}"' if type_ref else ""
    return (f'{declared}<decision id="d_{name}" name="{name}"><variable name="{name}"{typed}/>{required}'
            f"<literalExpression><text>{text}</text></literalExpression></decision>")  # fmt: skip


def warnings_of(result: feel.dmn.DmnResult) -> str:
    return " | ".join(str(warning) for warning in result.warnings)


# -- 1. inputs and settings as a user passes them


def test_the_readme_loan_model_takes_a_python_int():
    loan = feel.dmn.load(str(HERE / "loan.dmn"))
    result = loan.evaluate("Approval", {"Applicant Age": 30})
    assert result.value == "approved"
    assert result.warnings == []
    assert loan.evaluate("Approval", {"Applicant Age": 12}).value == "declined"
    assert loan.evaluate("Approval", {"Applicant Age": 80.5}).value == "referred"


@pytest.mark.parametrize("given, expected", [
    (30, Decimal(31)),
    (0.1, Decimal("1.1")),  # through the float's shortest repr, as feel.evaluate
    (Decimal("2.5"), Decimal("3.5")),
    (True, None),  # a boolean is not a number: null with a warning
])  # fmt: skip
def test_inputs_are_converted_as_feel_evaluate_converts_variables(given, expected):
    decision = model(literal_decision("Next", "x + 1", {"x": "number"}))
    result = decision.evaluate("Next", {"x": given})
    assert result.value == expected
    assert result.value == feel.evaluate("x + 1", {"x": given}) or expected is None
    if expected is None:
        assert "does not conform to type number" in warnings_of(result)


def test_temporal_list_and_dict_inputs_are_converted():
    body = (literal_decision("Later", "day + duration(\"P1D\")", {"day": "date"})
            + literal_decision("Total", "sum(amounts)", {"amounts": "Any"})
            + literal_decision("Name", "person.name + \" \" + string(person.age)", {"person": "Any"}))
    decisions = model(body)
    assert decisions.evaluate("Later", {"day": dt.date(2024, 2, 28)}).value == feel.evaluate('@"2024-02-29"')
    assert decisions.evaluate("Total", {"amounts": [1, 2.5, Decimal("0.5")]}).value == Decimal(4)
    assert decisions.evaluate("Name", {"person": {"name": "Ada", "age": 36}}).value == "Ada 36"


def test_inputs_that_are_not_a_mapping_are_a_dmn_error():
    decision = model(literal_decision("One", "1"))
    with pytest.raises(DmnError, match="mapping"):
        decision.evaluate("One", [("x", 1)])  # type: ignore[arg-type]


def test_the_model_keeps_the_engine_it_was_given():
    engine = feel.Engine(functions={"double": lambda x: x * 2}, max_string=20)
    decisions = feel.dmn.load(f"<definitions {NS}>" + literal_decision("Twice", "double(x)", {"x": "number"})
                              + literal_decision("Long", 's + s', {"s": "string"}) + "</definitions>",
                              engine=engine)  # fmt: skip
    assert decisions.evaluate("Twice", {"x": 21}).value == Decimal(42)
    assert decisions.evaluate("Long", {"s": "short"}).value == "shortshort"
    with pytest.raises(feel.BudgetExceeded) as exceeded:
        decisions.evaluate("Long", {"s": "a string of 15 "})
    with pytest.raises(feel.BudgetExceeded) as by_the_engine:
        engine.evaluate("s + s", {"s": "a string of 15 "})
    assert exceeded.value.budget == by_the_engine.value.budget


def test_decisions_are_found_by_name_or_by_id():
    loan = feel.dmn.load(str(HERE / "loan.dmn"))
    by_id = loan.evaluate("Decision_approval", {"Applicant Age": 30})
    assert by_id.value == loan.evaluate("Approval", {"Applicant Age": 30}).value == "approved"
    with pytest.raises(DmnError, match="nor with that id"):
        loan.evaluate("Decision_nothing", {})


# -- 2. bugs seen on real models


def _table_with_output_values(values: str, output: str) -> str:
    return f"""
    <inputData id="in_x" name="x"><variable name="x" typeRef="number"/></inputData>
    <decision id="d" name="Score">
      <informationRequirement><requiredInput href="#in_x"/></informationRequirement>
      <decisionTable>
        <input><inputExpression><text>x</text></inputExpression></input>
        <output name="score"><outputValues><text>{values}</text></outputValues></output>
        <rule><inputEntry><text>-</text></inputEntry><outputEntry><text>{output}</text></outputEntry></rule>
      </decisionTable>
    </decision>"""


@pytest.mark.parametrize("values, given, allowed", [
    ("[0..100]", 50, True), ("[0..100]", 150, False), ("&gt;= 0", 3, True), ("&gt;= 0", -3, False),
    ('"low", "high"', '"low"', True), ('"low", "high"', '"mid"', False),
    ("not(0)", 7, True), ("not(0)", 0, False),
])  # fmt: skip
def test_output_values_are_unary_tests(values, given, allowed):
    text = given if isinstance(given, str) else "x"
    number = 1 if isinstance(given, str) else given
    result = model(_table_with_output_values(values, text)).evaluate("Score", {"x": number})
    if allowed:
        assert result.value == feel.evaluate(text, {"x": number}) and result.warnings == []
    else:
        assert result.value is None
        assert "score value not allowed" in warnings_of(result)


def test_qname_type_refs_bound_to_the_model_namespace_resolve():
    kie = feel.dmn.load(str(HERE / "kie_types.dmn"))
    assert kie.evaluate("Age next year", {"Age": 30}).value == Decimal(31)
    refused = kie.evaluate("Age next year", {"Age": "thirty"})  # typed: not a silent pass
    assert refused.value is None and "does not conform to type tAge" in warnings_of(refused)
    too_old = kie.evaluate("Age next year", {"Age": 150})  # 151 is outside tAge's [0..150]
    assert too_old.value is None and "Age next year" in warnings_of(too_old)
    assert kie.evaluate("Greeting", {"Person": {"name": "Ada", "age": 36}}).value == "Hello Ada"
    wrong = kie.evaluate("Greeting", {"Person": {"name": "Ada", "age": 200}})
    assert wrong.value is None and "type tPerson" in warnings_of(wrong)
    assert kie.load_warnings == []


def test_an_unknown_type_ref_is_noted_at_load():
    decisions = model(literal_decision("One", "x", {"x": "other:tNothing"}))
    assert decisions.evaluate("One", {"x": 1}).value == Decimal(1)
    assert any("other:tNothing" in warning for warning in decisions.load_warnings)


def _conditional(condition: str) -> str:
    return f"""<decision id="c" name="Choice"><variable name="Choice"/><conditional>
      <if><literalExpression><text>{condition}</text></literalExpression></if>
      <then><literalExpression><text>"then"</text></literalExpression></then>
      <else><literalExpression><text>"else"</text></literalExpression></else>
    </conditional></decision>"""


@pytest.mark.parametrize("condition, expected, warned", [
    ("true", "then", False), ("false", "else", False), ("null", "else", False),
    ("1 &lt; null", "else", False), ('"abc"', None, True),
])  # fmt: skip
def test_a_boxed_conditional_with_a_null_condition_takes_else(condition, expected, warned):
    result = model(_conditional(condition)).evaluate("Choice", {})
    assert result.value == expected
    assert bool(result.warnings) == warned


def _boxed_for(source: str) -> str:
    return f"""<decision id="f" name="Squares"><variable name="Squares"/>
      <for iteratorVariable="n">
        <in><literalExpression><text>{source}</text></literalExpression></in>
        <return><literalExpression><text>n * n</text></literalExpression></return>
      </for></decision>"""


@pytest.mark.parametrize("source, expected", [
    ("[1..4]", [1, 4, 9, 16]), ("(1..4)", [4, 9]), ("[1, 2]", [1, 4]), ("3", [9]),
    ("[2..2]", [4]), ("null", None),
])  # fmt: skip
def test_a_boxed_for_iterates_over_a_range(source, expected):
    result = model(_boxed_for(source)).evaluate("Squares", {})
    assert result.value == (None if expected is None else [Decimal(v) for v in expected])


def test_boxed_some_and_every_iterate_over_ranges_too():
    body = """<decision id="s" name="Any even"><variable name="Any even"/><some iteratorVariable="n">
        <in><literalExpression><text>[1..3]</text></literalExpression></in>
        <satisfies><literalExpression><text>even(n)</text></literalExpression></satisfies></some></decision>
      <decision id="e" name="All small"><variable name="All small"/><every iteratorVariable="n">
        <in><literalExpression><text>[1..3]</text></literalExpression></in>
        <satisfies><literalExpression><text>n &lt; 3</text></literalExpression></satisfies></every></decision>"""
    decisions = model(body)
    assert decisions.evaluate("Any even", {}).value is True
    assert decisions.evaluate("All small", {}).value is False


def _requiring(name: str, *required: str) -> str:
    needs = "".join(f'<informationRequirement><requiredDecision href="#{r}"/></informationRequirement>'
                    for r in required)  # fmt: skip
    return (f'<decision id="{name}" name="{name}"><variable name="{name}"/>{needs}'
            f"<literalExpression><text>1</text></literalExpression></decision>")


@pytest.mark.parametrize("body, cycle", [
    (_requiring("A", "B") + _requiring("B", "C") + _requiring("C", "A"), "'A' -> 'B' -> 'C' -> 'A'"),
    (_requiring("Self", "Self"), "'Self' -> 'Self'"),
])  # fmt: skip
def test_a_requirement_cycle_is_refused_at_load_naming_it(body, cycle):
    with pytest.raises(DmnError, match="cycle") as refused:
        model(body)
    assert cycle in str(refused.value)


def test_a_long_chain_of_decisions_is_no_cycle_and_no_recursion_error():
    chain = _requiring("D0") + "".join(_requiring(f"D{i}", f"D{i - 1}") for i in range(1, 100))
    assert model(chain).evaluate("D99", {}).value == Decimal(1)
    deep = _requiring("D0") + "".join(_requiring(f"D{i}", f"D{i - 1}") for i in range(1, 3000))
    loaded = model(deep)  # the cycle check walks 3000 decisions without recursing
    result = loaded.evaluate("D2999", {})  # required decisions first, from an explicit stack
    assert result.value == Decimal(1) and len(result.results) == 3000


def test_other_expression_languages_are_named_not_parsed_as_feel():
    camunda7 = feel.dmn.load(str(HERE / "camunda7_juel.dmn"))
    dish = camunda7.evaluate("Dish", {"season": "Winter"})
    assert dish.value is None
    assert "JUEL" in warnings_of(dish) and "${season}" in warnings_of(dish)
    greeting = camunda7.evaluate("Greeting", {"name": "Ada"})
    assert greeting.value is None and "Groovy" in warnings_of(greeting)
    assert any("JUEL" in warning for warning in camunda7.load_warnings)
    assert "FeelSyntax" not in warnings_of(dish) and "unexpected" not in warnings_of(dish)


def test_a_definitions_wide_expression_language_applies_to_every_expression():
    text = (f'<definitions {NS} expressionLanguage="javascript">'
            + literal_decision("One", "1 + 1") + "</definitions>")  # fmt: skip
    result = feel.dmn.load(text).evaluate("One", {})
    assert result.value is None and "JavaScript" in warnings_of(result)
    feel_uri = (f'<definitions {NS} expressionLanguage="https://www.omg.org/spec/DMN/20230324/FEEL/">'
                + literal_decision("One", "1 + 1") + "</definitions>")  # fmt: skip
    assert feel.dmn.load(feel_uri).evaluate("One", {}).value == Decimal(2)


def test_trisotech_boxed_extensions_are_evaluated_or_reported():
    triso = feel.dmn.load(str(HERE / "trisotech_boxedext.dmn"))
    prices = {"Prices": [5, 20, 120]}
    assert triso.evaluate("Doubled", prices).value == [Decimal(10), Decimal(40), Decimal(240)]
    assert triso.evaluate("All positive", prices).value is True
    assert triso.evaluate("Any large", prices).value is True
    assert triso.evaluate("Cheap", prices).value == [Decimal(5)]
    unknown = triso.evaluate("Unknown", {})
    assert unknown.value is None
    assert "pivot is not supported" in warnings_of(unknown)  # never a silent null
    assert any("pivot" in warning for warning in triso.load_warnings)


# -- 3. Camunda's engines: dialect="camunda" (dmn-scala's behaviour)


def _undeclared_reader() -> str:
    return literal_decision("Discount", "if customer.vip then 0.1 else 0", {}) + literal_decision(
        "Price", "amount * (1 - Discount)", {"amount": "number"}).replace(
        "<literalExpression>", '<informationRequirement><requiredDecision href="#d_Discount"/>'
        "</informationRequirement><literalExpression>", 1)  # fmt: skip


def test_camunda_decisions_read_any_variable_the_caller_passes():
    variables = {"amount": 200, "customer": {"vip": True}}  # a process's variables
    camunda = model(_undeclared_reader(), dialect="camunda")
    result = camunda.evaluate("Price", variables)
    assert result.value == Decimal(180) and result.warnings == []
    assert camunda.engine.dialect.name == "camunda"  # its FEEL is Camunda's too
    standard = model(_undeclared_reader()).evaluate("Price", variables)
    assert standard.value == Decimal(200)  # `customer` is not an input of the model: null...
    assert "customer" in warnings_of(standard)  # ...and the warning says why


def test_camunda_requirements_still_come_before_the_callers_variables():
    camunda = model(_undeclared_reader(), dialect="camunda")
    # a variable named like a required decision does not replace the decision's value
    result = camunda.evaluate("Price", {"amount": 100, "Discount": 0.5, "customer": {"vip": False}})
    assert result.value == Decimal(100)


def test_camunda_keeps_the_engine_settings_and_only_changes_the_dialect():
    engine = feel.Engine(functions={"vat": lambda x: x * Decimal("1.2")})
    camunda = model(literal_decision("Gross", "vat(net)"), engine=engine, dialect="camunda")
    assert camunda.evaluate("Gross", {"net": 10}).value == Decimal("12.0")


@pytest.mark.parametrize("aggregation, standard, camunda", [
    ("", [], None), ('aggregation="COUNT"', Decimal(0), None), ('aggregation="SUM"', None, None),
])  # fmt: skip
def test_camunda_tables_that_match_nothing_give_null(aggregation, standard, camunda):
    body = f"""
    <inputData id="in_x" name="x"><variable name="x" typeRef="number"/></inputData>
    <decision id="d" name="Hits"><informationRequirement><requiredInput href="#in_x"/></informationRequirement>
      <decisionTable hitPolicy="COLLECT" {aggregation}>
        <input><inputExpression><text>x</text></inputExpression></input><output name="hit"/>
        <rule><inputEntry><text>&gt; 10</text></inputEntry><outputEntry><text>1</text></outputEntry></rule>
      </decisionTable></decision>"""
    assert model(body).evaluate("Hits", {"x": 1}).value == standard
    assert model(body, dialect="camunda").evaluate("Hits", {"x": 1}).value == camunda


def test_camunda_count_counts_matched_rules():
    body = """
    <inputData id="in_x" name="x"><variable name="x" typeRef="number"/></inputData>
    <decision id="d" name="Hits"><informationRequirement><requiredInput href="#in_x"/></informationRequirement>
      <decisionTable hitPolicy="COLLECT" aggregation="COUNT">
        <input><inputExpression><text>x</text></inputExpression></input><output name="hit"/>
        <rule><inputEntry><text>&gt; 0</text></inputEntry><outputEntry><text>"a"</text></outputEntry></rule>
        <rule><inputEntry><text>&gt; 1</text></inputEntry><outputEntry><text>"a"</text></outputEntry></rule>
      </decisionTable></decision>"""
    assert model(body).evaluate("Hits", {"x": 5}).value == Decimal(1)  # distinct outputs
    assert model(body, dialect="camunda").evaluate("Hits", {"x": 5}).value == Decimal(2)


def test_an_unknown_dialect_is_a_dmn_error():
    with pytest.raises(DmnError, match="unknown DMN dialect"):
        model(literal_decision("One", "1"), dialect="drools")


# -- 4. decision tables: FIRST stops, the generated matcher agrees with the closures


def _counting_engine() -> tuple[feel.Engine, list]:
    calls: list = []

    def seen(mark):
        calls.append(mark)
        return mark

    return feel.Engine(functions={"seen": seen}), calls


def test_first_stops_at_the_first_match():
    body = """
    <inputData id="in_x" name="x"><variable name="x" typeRef="number"/></inputData>
    <decision id="d" name="First"><informationRequirement><requiredInput href="#in_x"/></informationRequirement>
      <decisionTable hitPolicy="FIRST">
        <input><inputExpression><text>x</text></inputExpression></input><output name="out"/>
        <rule><inputEntry><text>&gt; 0</text></inputEntry><outputEntry><text>seen("out 1")</text></outputEntry></rule>
        <rule><inputEntry><text>seen("test 2") = "test 2"</text></inputEntry><outputEntry><text>seen("out 2")</text></outputEntry></rule>
      </decisionTable></decision>"""
    engine, calls = _counting_engine()
    first = model(body, engine=engine)
    for _ in range(3):  # the closures, then the generated matcher
        assert first.evaluate("First", {"x": 5}).value == "out 1"
    assert calls == ["out 1"] * 3  # rule 2 was never tried, its output never evaluated
    calls.clear()
    assert first.evaluate("First", {"x": -5}).value == "out 2"
    assert calls == ["test 2", "out 2"]


MIXED_TABLE = """
<inputData id="in_a" name="a"><variable name="a"/></inputData>
<inputData id="in_b" name="b"><variable name="b"/></inputData>
<inputData id="limit" name="limit"><variable name="limit"/></inputData>
<decision id="d" name="Mixed">
  <informationRequirement><requiredInput href="#in_a"/></informationRequirement>
  <informationRequirement><requiredInput href="#in_b"/></informationRequirement>
  <informationRequirement><requiredInput href="#limit"/></informationRequirement>
  <decisionTable hitPolicy="{policy}">
    <input><inputExpression><text>a</text></inputExpression></input>
    <input><inputExpression><text>b</text></inputExpression></input>
    <output name="rule"/>
    {rules}
  </decisionTable>
</decision>"""

MIXED_CELLS = [
    ("&lt; 10", '"gold"'), ("[10..20)", '"gold", "silver"'), ("]20..30]", "-"), ("&gt;= 30", "true"),
    ("= 5", "false"), ("!= 5", 'not("gold")'), ("&lt;= limit", "-"), ("-", '"bronze"'),
    ('"ten"', "-"), ("7", '"a\\"b"'), ("-", "-"),
]  # fmt: skip


def _mixed(policy: str) -> str:
    rules = "".join(f"<rule><inputEntry><text>{a}</text></inputEntry><inputEntry><text>{b}</text></inputEntry>"
                    f"<outputEntry><text>{number}</text></outputEntry></rule>"
                    for number, (a, b) in enumerate(MIXED_CELLS, 1))  # fmt: skip
    return MIXED_TABLE.replace("{policy}", policy).replace("{rules}", rules)


@pytest.mark.parametrize("policy", ["FIRST", "COLLECT", "RULE ORDER", "UNIQUE"])
@pytest.mark.parametrize("a, b", [
    (5, "gold"), (15, "silver"), (25, True), (30, True), (5, False), (6, "bronze"), (40, None),
    ("ten", "gold"), (None, None), (7, 'a"b'), (Decimal("19.5"), "silver"), (True, "gold"),
    ([1], "gold"), (dt.date(2024, 1, 1), "x"),
])  # fmt: skip
def test_the_generated_matcher_gives_what_the_closures_give(policy, a, b):
    inputs = {"a": a, "b": b, "limit": 8}
    closures = model(_mixed(policy)).evaluate("Mixed", inputs)  # a first evaluation
    warmed = model(_mixed(policy))
    for _ in range(2):
        warmed.evaluate("Mixed", {"a": 0, "b": "gold", "limit": 1})  # the matcher is made
    generated = warmed.evaluate("Mixed", inputs)
    assert generated.value == closures.value
    assert [str(w) for w in generated.warnings] == [str(w) for w in closures.warnings]


def test_the_cells_of_a_model_are_compiled_once_per_text_with_one_name_index(monkeypatch):
    import feel.api

    built = []
    real = feel.api.scope_index
    monkeypatch.setattr(feel.api, "scope_index", lambda names: built.append(1) or real(names))
    rules = "".join(f'<rule><inputEntry><text>"gold"</text></inputEntry><inputEntry><text>&lt; {n % 3}</text>'
                    f'</inputEntry><outputEntry><text>"r"</text></outputEntry></rule>' for n in range(30))  # fmt: skip
    compiled = []
    real_compile = feel.Engine.compile_unary_tests

    def counting(self, text, names=None):
        compiled.append(text)
        return real_compile(self, text, names)

    monkeypatch.setattr(feel.Engine, "compile_unary_tests", counting)
    body = MIXED_TABLE.replace("{policy}", "FIRST").replace("{rules}", rules)
    loaded = feel.dmn.load(f"<definitions {NS}>{body}</definitions>")
    assert loaded.evaluate("Mixed", {"a": "gold", "b": 1}).value == "r"
    assert len(built) <= 2  # the model's index (and the engine's own), not one per text
    assert sorted(compiled) == ['"gold"', "< 0", "< 1", "< 2"]  # 60 cells, 4 texts


def test_decision_service_inputs_are_converted_too():
    body = """
    <inputData id="in_x" name="x"><variable name="x" typeRef="number"/></inputData>
    <decision id="d_half" name="Half"><variable name="Half" typeRef="number"/>
      <literalExpression><text>h / 2</text></literalExpression></decision>
    <decision id="d_total" name="Total"><variable name="Total" typeRef="number"/>
      <informationRequirement><requiredInput href="#in_x"/></informationRequirement>
      <informationRequirement><requiredDecision href="#d_half"/></informationRequirement>
      <literalExpression><text>x + Half</text></literalExpression></decision>
    <decisionService id="svc" name="Service">
      <outputDecision href="#d_total"/><inputDecision href="#d_half"/><inputData href="#in_x"/>
    </decisionService>"""
    result = model(body).evaluate("Service", {"x": 1, "Half": 0.5})
    assert result.value == Decimal("1.5") and result.warnings == []


def test_pickled_models_keep_their_prefixes_and_dialect():
    import pickle

    kie = pickle.loads(pickle.dumps(feel.dmn.load(str(HERE / "kie_types.dmn"))))
    assert kie.evaluate("Age next year", {"Age": 30}).value == Decimal(31)
    assert kie.evaluate("Age next year", {"Age": "thirty"}).value is None  # still typed
    camunda = pickle.loads(pickle.dumps(model(_undeclared_reader(), dialect="camunda")))
    assert camunda.evaluate("Price", {"amount": 200, "customer": {"vip": True}}).value == 180
    assert camunda.engine.dialect.name == "camunda"
