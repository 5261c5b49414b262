"""What the library promises about DMN files and models: loading is bounded (bytes, depth,
encodings), recursion in models stops at the depth budget, and only our exceptions leave.

The README's "Guarantees" section names the tests behind each promise (issue 7); a
finding that cannot be fixed at once is a test marked ``xfail(strict=True)`` whose reason
says what is wrong, unmarked when fixed. Shared helpers: ``tests/guarantees_support.py``.
"""

from __future__ import annotations

import codecs
import collections
import tracemalloc
from typing import Any

import pytest
from guarantees_support import DMN, budget_of, chain_of_decisions

import feel
from feel import FeelError


# -- DMN files and models: loading is bounded, only our exceptions leave -------------------


def _named_model(name: str = "Grüße", declaration: str = "") -> str:
    return (declaration + DMN + f'<decision name="{name}" id="d"><literalExpression>'
            '<text>"é"</text></literalExpression></decision></definitions>')  # fmt: skip


LATIN_1 = '<?xml version="1.0" encoding="ISO-8859-1"?>'


@pytest.mark.parametrize("document", [
    _named_model(),
    _named_model().encode("utf-8"),
    codecs.BOM_UTF8 + _named_model().encode("utf-8"),
    _named_model(declaration='<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16"),
    _named_model(declaration=LATIN_1).encode("latin-1"),
    _named_model(declaration='<?xml version="1.0" encoding="windows-1252"?>').encode("cp1252"),
    _named_model(declaration=LATIN_1),  # text already decoded: the declaration is moot
    bytearray(_named_model().encode("utf-8")),
], ids=["str", "utf-8 bytes", "utf-8 bom", "utf-16 bom", "iso-8859-1", "windows-1252",
        "str declaring latin-1", "bytearray"])  # fmt: skip
def test_dmn_load_decodes_bytes_by_their_bom_or_declaration(document):
    import feel.dmn

    model = feel.dmn.load(document)
    assert model.decision_names == ["Grüße"]
    assert model.evaluate("Grüße").value == "é"


def test_dmn_load_reads_paths_and_file_objects_in_their_declared_encoding(tmp_path):
    import pathlib

    import feel.dmn

    path = tmp_path / "latin.dmn"
    path.write_bytes(_named_model(declaration=LATIN_1).encode("latin-1"))
    with open(path, "rb") as binary, open(path, encoding="latin-1") as text:
        for source in (str(path), pathlib.Path(path), binary, text):
            assert feel.dmn.load(source).evaluate("Grüße").value == "é"
        assert not binary.closed and not text.closed  # the caller's files: the caller closes them
    with pytest.raises(feel.DmnError, match="No such file"):
        feel.dmn.load(str(tmp_path / "missing.dmn"))


@pytest.mark.parametrize("document, encoding", [
    (_named_model().encode("latin-1"), "UTF-8"),  # no declaration: UTF-8, and it is not
    (_named_model(declaration='<?xml version="1.0" encoding="UTF-8"?>').encode("latin-1"), "UTF-8"),
    (_named_model(declaration='<?xml version="1.0" encoding="klingon"?>').encode("utf-8"), "klingon"),
], ids=["latin-1 undeclared", "latin-1 declared utf-8", "unknown encoding"])  # fmt: skip
def test_undecodable_dmn_bytes_are_a_dmn_error_naming_the_encoding(document, encoding, tmp_path):
    import feel.dmn

    path = tmp_path / "odd.dmn"
    path.write_bytes(document)
    for source in (document, str(path)):
        with pytest.raises(feel.DmnError, match=encoding):
            feel.dmn.load(source)


@pytest.mark.parametrize("argument", [None, 5, 1.5, [DMN], {"a": 1}, object()],
                         ids=["None", "int", "float", "list", "dict", "object"])  # fmt: skip
def test_dmn_load_of_a_wrong_argument_type_is_a_type_error(argument):
    import feel.dmn

    with pytest.raises(TypeError, match="takes XML text, a path, bytes or a file object"):
        feel.dmn.load(argument)


class _EndlessFile:
    """A binary file that never ends: a DMN start, then comments forever."""

    def __init__(self) -> None:
        self.reads = 0

    def read(self, size: int = -1) -> bytes:
        self.reads += 1
        if self.reads == 1:
            return DMN.encode()
        return b"<!--" + b"x" * max(size - 7, 1) + b"-->"


def test_loading_an_endless_file_stops_at_max_bytes_reading_in_chunks():
    import feel.dmn

    endless = _EndlessFile()
    tracemalloc.start()
    try:
        with pytest.raises(feel.DmnError, match="max_bytes"):
            feel.dmn.load(endless, max_bytes=2_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert endless.reads <= 2_000_000 // 65_536 + 2  # it stopped where the limit is
    assert peak < 20_000_000
    with pytest.raises(feel.DmnError):  # NUL bytes: no document, and no endless read
        feel.dmn.load("/dev/zero")
    with pytest.raises(feel.DmnError, match="max_bytes"):
        feel.dmn.load("/dev/zero", max_bytes=1_000)  # past the limit in the first chunk


def test_the_default_byte_limit_is_tens_of_mb_and_settable():
    import feel.dmn

    assert 10_000_000 <= feel.dmn.MAX_BYTES <= 100_000_000
    document = DMN + "<!--" + "x" * 5_000 + "--></definitions>"
    for source in (document, document.encode()):
        with pytest.raises(feel.DmnError, match="max_bytes"):
            feel.dmn.load(source, max_bytes=len(document) - 1)
        assert feel.dmn.load(source, max_bytes=len(document)).decision_names == []
        assert feel.dmn.load(source, max_bytes=0).decision_names == []  # 0: no limit
    with pytest.raises(TypeError, match="max_bytes"):
        feel.dmn.load(document, max_bytes=-1)


def _typed_model(item_definitions: str, type_ref: str = "T") -> str:
    return (DMN + item_definitions + f'<inputData name="i" id="i"><variable name="i" typeRef="{type_ref}"/>'
            '</inputData><decision name="d" id="d"><variable name="d" typeRef="T"/><informationRequirement>'
            '<requiredInput href="#i"/></informationRequirement><literalExpression><text>i</text>'
            '</literalExpression></decision><decision name="e" id="e"><informationRequirement>'
            '<requiredInput href="#i"/></informationRequirement><literalExpression><text>i instance of T'
            "</text></literalExpression></decision></definitions>")  # fmt: skip


@pytest.mark.parametrize("item_definitions, cycle", [
    ('<itemDefinition name="T"><typeRef>T</typeRef></itemDefinition>', "'T' -> 'T'"),
    ('<itemDefinition name="T" typeRef="T"/>', "'T' -> 'T'"),
    ('<itemDefinition name="T"><typeRef>U</typeRef></itemDefinition>'
     '<itemDefinition name="U"><typeRef>T</typeRef></itemDefinition>', "'T' -> 'U' -> 'T'"),
    ('<itemDefinition name="T" isCollection="true"><typeRef>T</typeRef></itemDefinition>', "'T' -> 'T'"),
], ids=["self", "self as attribute", "A -> B -> A", "collection of itself"])  # fmt: skip
def test_self_referencing_item_definitions_are_a_load_warning_naming_the_cycle(item_definitions, cycle):
    import feel.dmn

    model = feel.dmn.load(_typed_model(item_definitions))
    assert any("cycle" in warning and cycle in warning for warning in model.load_warnings)
    for value in (1, {"a": 1}, [1, 2]):
        assert model.evaluate("d", {"i": value}).value is not None  # not checked, not a loop
        assert model.evaluate("e", {"i": value}).value is True


RECURSIVE_TREE = ('<itemDefinition name="T"><itemComponent name="n"><typeRef>number</typeRef>'
                  '</itemComponent><itemComponent name="next"><typeRef>T</typeRef></itemComponent>'
                  "</itemDefinition>")  # fmt: skip


def _tree(depth: int, leaf: Any = 0) -> Any:
    value: Any = None
    for level in range(depth):
        value = {"n": leaf if level == 0 else level, "next": value}
    return value


def test_a_recursive_item_definition_checks_deep_values_or_names_the_depth_budget():
    import feel.dmn

    model = feel.dmn.load(_typed_model(RECURSIVE_TREE))
    assert model.load_warnings == []
    assert feel.to_python(model.evaluate("d", {"i": _tree(60)}).value) == _tree(60)
    mismatch = model.evaluate("d", {"i": _tree(60, leaf="not a number")})
    assert mismatch.value is None and "does not conform" in mismatch.warnings[0].message
    assert model.evaluate("e", {"i": _tree(60, leaf="not a number")}).value is False
    assert budget_of(lambda: model.evaluate("d", {"i": _tree(20_000)})).budget == "depth"


def test_deeply_nested_legitimate_item_definitions_still_work():
    import feel.dmn

    levels = 40
    definitions = "".join(
        f'<itemDefinition name="T{i}"><itemComponent name="x"><typeRef>T{i + 1}</typeRef>'
        "</itemComponent></itemDefinition>" for i in range(levels)) + (
        f'<itemDefinition name="T{levels}"><typeRef>number</typeRef></itemDefinition>'
        '<itemDefinition name="T"><typeRef>T0</typeRef></itemDefinition>')  # fmt: skip
    model = feel.dmn.load(_typed_model(definitions))
    value: Any = 7
    for _ in range(levels):
        value = {"x": value}
    assert model.load_warnings == []
    assert model.evaluate("e", {"i": value}).value is True
    assert feel.to_python(model.evaluate("d", {"i": value}).value) == value


def test_a_chain_of_10000_decisions_loads_and_evaluates_without_recursion():
    import feel.dmn

    # names without spaces: spaced names are the "scale of names" threat (test_guarantees_names)
    chain = chain_of_decisions(10_000).replace("Decision Number ", "D")
    result = feel.dmn.load(chain).evaluate("D9999")
    assert result.value == 9999 and len(result.results) == 10_000


def _recursive_bkm(logic: str) -> str:
    return (DMN + '<businessKnowledgeModel name="fact" id="fact"><knowledgeRequirement>'
            '<requiredKnowledge href="#fact"/></knowledgeRequirement><encapsulatedLogic>'
            f'<formalParameter name="n" typeRef="number"/>{logic}</encapsulatedLogic>'
            '</businessKnowledgeModel><inputData name="N" id="N"/><decision name="d" id="d">'
            '<informationRequirement><requiredInput href="#N"/></informationRequirement>'
            '<knowledgeRequirement><requiredKnowledge href="#fact"/></knowledgeRequirement>'
            "<literalExpression><text>fact(N)</text></literalExpression></decision></definitions>")  # fmt: skip


FACTORIAL = ("<literalExpression><text>if n &lt;= 1 then 1 else n * fact(n - 1)</text>"
             "</literalExpression>")  # fmt: skip
FACTORIAL_BOXED = ('<context><contextEntry><variable name="below"/><invocation><literalExpression>'
                   '<text>fact</text></literalExpression><binding><parameter name="n"/>'
                   "<literalExpression><text>max(n - 1, 0)</text></literalExpression></binding>"
                   "</invocation></contextEntry><contextEntry><literalExpression><text>if n &lt;= 1 "
                   "then 1 else n * below</text></literalExpression></contextEntry></context>")  # fmt: skip


@pytest.mark.parametrize("logic", [FACTORIAL, FACTORIAL_BOXED], ids=["literal", "boxed invocation"])
@pytest.mark.parametrize("engine", [None, feel.Engine(max_depth=0)], ids=["default", "no depth budget"])
def test_recursive_business_knowledge_models_stop_at_the_depth_budget(logic, engine):
    import feel.dmn

    model = feel.dmn.load(_recursive_bkm(logic), engine=engine)
    if logic is FACTORIAL:
        assert model.evaluate("d", {"N": 10}).value == 3_628_800
    assert budget_of(lambda: model.evaluate("d", {"N": 100_000})).budget == "depth"


def test_a_decision_service_invoking_itself_stops_at_the_depth_budget():
    import feel.dmn

    model = feel.dmn.load(DMN + '<decisionService name="S" id="S"><outputDecision href="#d"/>'
                          '</decisionService><decision name="d" id="d"><knowledgeRequirement>'
                          '<requiredKnowledge href="#S"/></knowledgeRequirement><literalExpression>'
                          "<text>S()</text></literalExpression></decision></definitions>")  # fmt: skip
    for name in ("d", "S"):
        assert budget_of(lambda: model.evaluate(name)).budget == "depth"


def _nested_contexts(depth: int) -> str:
    return (DMN + '<decision name="d" id="d">' + '<context><contextEntry><variable name="x"/>' * depth
            + "<literalExpression><text>1</text></literalExpression>"
            + "</contextEntry></context>" * depth + "</decision></definitions>")  # fmt: skip


def test_deep_boxed_contexts_evaluate_or_are_a_dmn_error():
    import feel.dmn

    value = feel.dmn.load(_nested_contexts(50)).evaluate("d").value
    for _ in range(50):
        value = value["x"]
    assert value == 1
    with pytest.raises(feel.DmnError, match="nested too deeply"):
        feel.dmn.load(_nested_contexts(10_000))


def test_deeply_nested_xml_elements_load():
    import feel.dmn

    model = feel.dmn.load(DMN + "<extensionElements>" * 100_000 + "</extensionElements>" * 100_000
                          + "</definitions>")  # fmt: skip
    assert model.decision_names == []


def test_a_business_knowledge_model_with_10000_parameters_works():
    import feel.dmn

    count = 10_000
    parameters = "".join(f'<formalParameter name="p{i}"/>' for i in range(count))
    arguments = ", ".join(str(i) for i in range(count))
    model = feel.dmn.load(DMN + f'<businessKnowledgeModel name="f" id="f"><encapsulatedLogic>{parameters}'
                          f"<literalExpression><text>p0 + p{count - 1}</text></literalExpression>"
                          '</encapsulatedLogic></businessKnowledgeModel><decision name="d" id="d">'
                          '<knowledgeRequirement><requiredKnowledge href="#f"/></knowledgeRequirement>'
                          f"<literalExpression><text>f({arguments})</text></literalExpression>"
                          "</decision></definitions>")  # fmt: skip
    assert model.evaluate("d").value == count - 1


def test_a_20_mb_literal_expression_is_null_with_a_warning_within_bounded_memory():
    import feel.dmn

    document = (DMN + '<decision name="d" id="d"><literalExpression><text>"' + "a" * 20_000_000
                + '"</text></literalExpression></decision></definitions>')  # fmt: skip
    tracemalloc.start()
    try:
        result = feel.dmn.load(document).evaluate("d")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.value is None and "max_string" in result.warnings[0].message
    assert peak < 10 * len(document)  # the literal once or twice, not 260 bytes a character


def test_a_feel_text_longer_than_max_string_is_null_with_a_warning():
    import feel.dmn

    text = "1+" * 150 + "1"  # 301 characters
    document = (DMN + f'<decision name="d" id="d"><literalExpression><text>{text}</text>'
                "</literalExpression></decision></definitions>")  # fmt: skip
    refused = feel.dmn.load(document, engine=feel.Engine(max_string=300)).evaluate("d")
    assert refused.value is None and "max_string" in refused.warnings[0].message
    assert feel.dmn.load(document, engine=feel.Engine(max_string=301)).evaluate("d").value == 151


class _InputsThatFail(collections.abc.Mapping):
    def __getitem__(self, key: str) -> Any:
        raise TypeError("broken mapping")

    def __contains__(self, key: object) -> bool:
        raise TypeError("broken mapping")

    def __iter__(self) -> Any:
        raise TypeError("broken mapping")

    def __len__(self) -> int:
        return 1


def test_dmn_inputs_that_fail_while_read_give_a_feel_error():
    import feel.dmn

    for dialect in (None, "camunda"):
        model = feel.dmn.load(_typed_model(RECURSIVE_TREE), dialect=dialect)
        with pytest.raises(FeelError):
            model.evaluate("d", _InputsThatFail())
