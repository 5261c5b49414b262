"""feel.dmn: loading models and evaluating decisions, tables, BKMs and services."""

from decimal import Decimal

import pytest

import feel
import feel.dmn

NS = 'xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" namespace="urn:test" name="test"'


def model(body: str, *imports: feel.dmn.Model) -> feel.dmn.Model:
    return feel.dmn.load(f"<definitions {NS}>{body}</definitions>", imports=imports)


def table(policy: str, rules: str, outputs: str = '<output name="out"/>', aggregation: str = "") -> str:
    extra = f' aggregation="{aggregation}"' if aggregation else ""
    return f"""
    <inputData id="i_age" name="Age"><variable name="Age" typeRef="number"/></inputData>
    <decision id="d" name="Result">
      <informationRequirement><requiredInput href="#i_age"/></informationRequirement>
      <decisionTable hitPolicy="{policy}"{extra}>
        <input><inputExpression><text>Age</text></inputExpression></input>
        {outputs}{rules}
      </decisionTable>
    </decision>"""


def rule(test: str, *outputs: str) -> str:
    cells = "".join(f"<outputEntry><text>{o}</text></outputEntry>" for o in outputs)
    return f"<rule><inputEntry><text>{test}</text></inputEntry>{cells}</rule>"


RULES = rule("&lt; 18", '"minor"') + rule("[18..65]", '"adult"') + rule("&gt;= 60", '"senior"')


@pytest.mark.parametrize("policy, age, expected", [
    ("UNIQUE", 10, "minor"), ("UNIQUE", 62, None), ("FIRST", 62, "adult"),
    ("RULE ORDER", 62, ["adult", "senior"]), ("COLLECT", 62, ["adult", "senior"]),
    ("ANY", 62, None), ("UNIQUE", None, None),
])  # fmt: skip
def test_hit_policies(policy, age, expected):
    result = model(table(policy, RULES)).evaluate("Result", {"Age": None if age is None else Decimal(age)})
    assert result.value == expected


def test_priority_and_output_order_follow_output_values():
    outputs = '<output name="out"><outputValues><text>"high", "low"</text></outputValues></output>'
    rules = rule("&gt; 0", '"low"') + rule("&gt; 5", '"high"')
    assert model(table("PRIORITY", rules, outputs)).evaluate("Result", {"Age": Decimal(9)}).value == "high"
    ordered = model(table("OUTPUT ORDER", rules, outputs)).evaluate("Result", {"Age": Decimal(9)})
    assert ordered.value == ["high", "low"]


@pytest.mark.parametrize("aggregation, expected", [("SUM", 3), ("MIN", 1), ("MAX", 2), ("COUNT", 2)])
def test_collect_aggregations(aggregation, expected):
    rules = rule("&gt; 0", "1") + rule("&gt; 5", "2")
    result = model(table("COLLECT", rules, aggregation=aggregation)).evaluate("Result", {"Age": Decimal(9)})
    assert result.value == expected


def test_default_output_and_several_outputs():
    outputs = ('<output name="a"><defaultOutputEntry><text>"none"</text></defaultOutputEntry></output>'
               '<output name="b"/>')  # fmt: skip
    rules = rule("&gt; 5", '"big"', "1")
    m = model(table("UNIQUE", rules, outputs))
    assert m.evaluate("Result", {"Age": Decimal(9)}).value == {"a": "big", "b": 1}
    assert m.evaluate("Result", {"Age": Decimal(1)}).value == {"a": "none", "b": None}


BKM = """
<businessKnowledgeModel id="b" name="Greet">
  <encapsulatedLogic><formalParameter name="who" typeRef="string"/>
    <literalExpression><text>"Hello " + who</text></literalExpression></encapsulatedLogic>
</businessKnowledgeModel>
<inputData id="n" name="Full Name"><variable name="Full Name" typeRef="string"/></inputData>
<decision id="d1" name="Greeting">
  <informationRequirement><requiredInput href="#n"/></informationRequirement>
  <knowledgeRequirement><requiredKnowledge href="#b"/></knowledgeRequirement>
  <literalExpression><text>Greet(Full Name)</text></literalExpression>
</decision>
<decision id="d2" name="Shout">
  <informationRequirement><requiredDecision href="#d1"/></informationRequirement>
  <context>
    <contextEntry><variable name="loud"/><literalExpression><text>upper case(Greeting)</text></literalExpression></contextEntry>
    <contextEntry><literalExpression><text>loud + "!"</text></literalExpression></contextEntry>
  </context>
</decision>
<decisionService id="s" name="Shouting">
  <outputDecision href="#d2"/><inputData href="#n"/>
</decisionService>
<decision id="d3" name="Via Service">
  <knowledgeRequirement><requiredKnowledge href="#s"/></knowledgeRequirement>
  <literalExpression><text>Shouting("Bo")</text></literalExpression>
</decision>
"""


def test_bkm_context_and_required_decisions():
    m = model(BKM)
    result = m.evaluate("Shout", {"Full Name": "Ada"})
    assert result.value == "HELLO ADA!"
    assert result.results["Greeting"] == "Hello Ada"


def test_decision_service_directly_and_from_feel():
    m = model(BKM)
    assert m.evaluate("Shouting", {"Full Name": "Ada"}).value == "HELLO ADA!"
    assert m.evaluate("Via Service", {}).value == "HELLO BO!"


def test_input_of_wrong_type_is_null_with_warning():
    result = model(BKM).evaluate("Greeting", {"Full Name": Decimal(1)})
    assert result.value is None
    assert any("conform" in w.message for w in result.warnings)


TYPES = """
<itemDefinition name="tPerson">
  <itemComponent name="name"><typeRef>string</typeRef></itemComponent>
  <itemComponent name="age"><typeRef>number</typeRef>
    <allowedValues><text>[0..150]</text></allowedValues></itemComponent>
</itemDefinition>
<itemDefinition name="tPeople" isCollection="true"><typeRef>tPerson</typeRef></itemDefinition>
<inputData id="p" name="People"><variable name="People" typeRef="tPeople"/></inputData>
<decision id="d" name="Ages">
  <variable name="Ages" typeRef="number"/>
  <informationRequirement><requiredInput href="#p"/></informationRequirement>
  <literalExpression><text>People.age</text></literalExpression>
</decision>
<decision id="e" name="Is Person">
  <literalExpression><text>{name: "x", age: 1} instance of tPerson</text></literalExpression>
</decision>
"""


def test_item_definitions_and_singleton_conversion():
    m = model(TYPES)
    one = [{"name": "Ann", "age": Decimal(30)}]
    assert m.evaluate("Ages", {"People": one}).value == 30  # [30] -> 30 for a number
    assert m.evaluate("Ages", {"People": [{"name": "Ann", "age": Decimal(200)}]}).value is None
    assert m.evaluate("Ages", {"People": {"name": "Ann", "age": Decimal(3)}}).value == 3
    assert m.evaluate("Is Person", {}).value is True


def test_imports_by_prefix():
    imported = feel.dmn.load(
        '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" namespace="urn:lib" name="lib">'
        + BKM + "</definitions>"
    )
    body = """<import namespace="urn:lib" name="lib" importType="https://www.omg.org/spec/DMN/20230324/MODEL/"/>
    <decision id="x" name="Uses Import">
      <knowledgeRequirement><requiredKnowledge href="urn:lib#b"/></knowledgeRequirement>
      <literalExpression><text>lib.Greet("Cy")</text></literalExpression>
    </decision>"""
    assert model(body, imported).evaluate("Uses Import", {}).value == "Hello Cy"


def test_unsupported_or_broken_text_is_null_with_warning_not_an_exception():
    body = '<decision id="x" name="Broken"><literalExpression><text>1 +</text></literalExpression></decision>'
    result = model(body).evaluate("Broken", {})
    assert result.value is None and result.warnings


@pytest.mark.parametrize("text", [
    "not xml", "<definitions", "<other/>",
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><definitions>&b;</definitions>',
])  # fmt: skip
def test_bad_models_raise_dmn_error(text):
    with pytest.raises(feel.DmnError):
        feel.dmn.load(text if text.startswith("<") else "<" + text)


def test_unknown_decision_is_a_dmn_error():
    with pytest.raises(feel.DmnError, match="Nope"):
        model(BKM).evaluate("Nope", {})


def test_missing_file_is_a_dmn_error(tmp_path):
    with pytest.raises(feel.DmnError):
        feel.dmn.load(str(tmp_path / "missing.dmn"))


def test_budgets_reach_traversals_in_models():
    """Deep equality in a decision counts its steps against the engine's budget."""
    body = ('<inputData id="i_a" name="a"/><inputData id="i_b" name="b"/>'
            '<decision id="d" name="Same"><informationRequirement><requiredInput href="#i_a"/>'
            '</informationRequirement><informationRequirement><requiredInput href="#i_b"/>'
            '</informationRequirement><literalExpression><text>a = b</text></literalExpression>'
            '</decision>')  # fmt: skip
    engine = feel.Engine(max_steps=1000, timeout=None)
    same = feel.dmn.load(f"<definitions {NS}>{body}</definitions>", engine=engine)
    numbers = [Decimal(i) for i in range(5000)]
    with pytest.raises(feel.BudgetExceeded):
        same.evaluate("Same", {"a": numbers, "b": list(numbers)})
    assert same.evaluate("Same", {"a": numbers[:10], "b": numbers[:10]}).value is True
