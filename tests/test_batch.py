"""Pickling compiled expressions, unary tests and DMN models; batches of records; columns.

The pandas and pyarrow tests need the ``dask`` extra: without it they skip and say so,
except under ``CI=true``, where a missing extra fails them.
"""

from __future__ import annotations

import importlib
import itertools
import os
import pickle
import re
from decimal import Decimal
from pathlib import Path

import pytest

import feel
import feel.dmn
from bench.scale import CREDIT_DMN, MAPPING, credit_records
from feel.batch import evaluate_columns


def requires(module: str):
    """The module, or skip (fail under CI) saying which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        message = f"{module} is not installed ({error}): pip install -e '.[dask]'"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


ROOT = Path(__file__).resolve().parent.parent


def large_datasets_example(index: int) -> str:
    """The ``index``-th code block of the README's "Large datasets" section (``py`` blocks:
    tests/test_readme.py runs the ``python`` ones everywhere; these need the extras)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("\n## Large datasets") :]
    return re.findall(r"```py\n(.*?)```", section, re.S)[index]


def round_trip(value):
    copy = pickle.loads(pickle.dumps(value))
    assert copy is not value
    return copy


def shout(text):
    """A custom function (module level, so it pickles by reference)."""
    return text.upper() + "!"


# -- expressions and unary tests


@pytest.mark.parametrize(("text", "variables", "expected"), [
    ("a-b", {"a": 5, "b": 2}, Decimal(3)),
    ("a-b", {"a-b": 1}, Decimal(1)),
    ("Full Name", {"Full Name": "Ada"}, "Ada"),
    ("for x in 1..3 return x * x", {}, [Decimal(1), Decimal(4), Decimal(9)]),
    ("{a b: 1, c: a b + 1}.c", {}, Decimal(2)),
    ('date("2024-02-28") + duration("P1D")', {}, feel.evaluate('date("2024-02-29")')),
])  # fmt: skip
def test_a_pickled_expression_evaluates_as_the_original(text, variables, expected):
    compiled = feel.compile(text, list(variables))
    copy = round_trip(compiled)
    assert copy.text == text
    assert copy.evaluate(variables) == compiled.evaluate(variables) == expected


def test_an_expression_pickles_after_it_has_made_its_fast_path():
    compiled = feel.compile("x * 2 + 1", ["x"])
    for x in range(3):
        compiled.evaluate({"x": x})
    copy = round_trip(compiled)
    assert [copy.evaluate({"x": x}) for x in range(5)] == [Decimal(2 * x + 1) for x in range(5)]


def test_the_names_given_to_compile_travel_with_the_expression():
    compiled = feel.compile("Monthly Income * 12", iter(["Monthly Income", "plain"]))
    assert compiled.names == ("Monthly Income",)  # a plain word does not change the reading
    assert round_trip(compiled).evaluate({"Monthly Income": 10}) == Decimal(120)


def test_a_pickled_expression_keeps_its_engine_settings():
    engine = feel.Engine({"shout": shout}, max_size=10, dialect="camunda")
    copy = round_trip(engine.compile('shout("hi")'))
    assert copy.evaluate() == "HI!"
    assert copy.engine.settings.max_size == 10
    assert copy.engine.dialect.name == "camunda"
    with pytest.raises(feel.BudgetExceeded):
        round_trip(engine.compile("for x in 1..100 return x")).evaluate()


def test_pickled_warnings_are_the_same_warnings():
    compiled = feel.compile('"a" + 1')
    assert round_trip(compiled).evaluate_result().warnings == compiled.evaluate_result().warnings


def test_pickled_unary_tests_give_the_same_verdicts():
    tests = feel.compile_unary_tests("< 10, [20..30]")
    copy = round_trip(tests)
    values = [1, 15, 25, "x", None]
    assert [copy.test(v) for v in values] == [tests.test(v) for v in values]
    assert [tests.test(v) for v in values[:3]] == [True, False, True]


def test_pickled_unary_tests_keep_their_names():
    tests = feel.compile_unary_tests("> Lower Limit", ["Lower Limit"])
    assert round_trip(tests).test(5, {"Lower Limit": 3}) is True


# -- DMN models


def test_a_pickled_model_gives_the_same_results():
    model = feel.dmn.load(CREDIT_DMN)
    copy = round_trip(model)
    assert copy.decision_names == model.decision_names
    for record in credit_records(200):
        inputs = feel.to_feel(record)
        original, again = model.evaluate("Approval", inputs), copy.evaluate("Approval", inputs)
        assert (again.value, again.results, again.warnings) == (
            original.value,
            original.results,
            original.warnings,
        )


def test_a_pickled_model_keeps_the_engine_it_was_given():
    engine = feel.Engine({"shout": shout})
    xml = CREDIT_DMN.replace("if Risk = ", 'if shout("x") = "X!" and Risk = ')
    copy = round_trip(feel.dmn.load(xml, engine=engine))
    record = {
        "Applicant Age": 40,
        "Monthly Income": 9000,
        "Monthly Debt": 100,
        "Employment": "employed",
    }
    assert copy.evaluate("Approval", feel.to_feel(record)).value == "approved"
    assert copy.engine.settings.functions == {"shout": shout}


def test_every_tck_model_evaluates_the_same_after_a_round_trip():
    from test_tck import tck_dir

    from tck.runner import LEVELS, run

    def pickled(folder):
        return pickle.loads(pickle.dumps(feel.dmn.load_directory(folder)))

    report = run(tck_dir(), loader=pickled)
    assert sum(report.total(level) for level in LEVELS) == 3391
    assert sum(report.passed(level) for level in LEVELS) == 3391


# -- batches of records


def test_evaluate_many_gives_what_evaluate_gives_for_each_record():
    compiled = feel.compile(MAPPING, ["Monthly Income", "Applicant Age"])
    records = credit_records(300)
    assert list(compiled.evaluate_many(records)) == [compiled.evaluate(r) for r in records]
    results = list(compiled.evaluate_many(records, results=True))
    assert [r.value for r in results] == [compiled.evaluate(r) for r in records]
    assert [r.warnings for r in results] == [compiled.evaluate_result(r).warnings for r in records]


def test_evaluate_many_tells_the_warnings_of_each_record():
    compiled = feel.compile("x + 1")
    first, second = compiled.evaluate_many([{"x": 1}, {"x": "one"}], results=True)
    assert (first.value, first.warnings) == (Decimal(2), [])
    assert second.value is None
    assert [w.kind for w in second.warnings] == [feel.WarningKind.INVALID_TYPE]


def test_evaluate_many_is_lazy():
    compiled = feel.compile("x * x")
    squares = compiled.evaluate_many({"x": n} for n in itertools.count())
    assert list(itertools.islice(squares, 4)) == [Decimal(0), Decimal(1), Decimal(4), Decimal(9)]


def test_one_record_alone_is_refused_at_once():
    with pytest.raises(feel.FeelError, match="iterable of records"):
        feel.compile("x").evaluate_many({"x": 1})
    with pytest.raises(feel.FeelError, match="iterable of records"):
        feel.dmn.load(CREDIT_DMN).evaluate_many("Approval", {"Monthly Income": 1})


def test_a_record_that_is_not_a_mapping_is_our_error():
    with pytest.raises(feel.FeelError):
        list(feel.compile("x").evaluate_many([{"x": 1}, 42]))


def test_test_many_gives_what_test_gives():
    tests = feel.compile_unary_tests("[1..limit]")
    assert list(tests.test_many([0, 1, 5, 6, "a"], {"limit": 5})) == [
        False,
        True,
        True,
        False,
        None,
    ]
    verdicts = list(tests.test_many(["a"], {"limit": 5}, results=True))
    assert verdicts[0].value is None and verdicts[0].warnings


def test_model_evaluate_many_gives_what_evaluate_gives_for_each_record():
    model = feel.dmn.load(CREDIT_DMN)
    records = credit_records(300)
    expected = [model.evaluate("Approval", feel.to_feel(r)) for r in records]
    assert list(model.evaluate_many("Approval", records)) == [e.value for e in expected]
    results = list(model.evaluate_many("Approval", records, results=True))
    assert [(r.value, r.results, r.warnings) for r in results] == [
        (e.value, e.results, e.warnings) for e in expected
    ]
    assert {"approved", "review", "declined"} == {e.value for e in expected}


def test_model_evaluate_many_refuses_an_unknown_decision_before_any_record():
    with pytest.raises(feel.DmnError, match="Aproval"):
        feel.dmn.load(CREDIT_DMN).evaluate_many("Aproval", iter([]))


# -- columns


def test_a_dataframe_gives_a_column_with_its_index():
    pandas = requires("pandas")
    model = feel.dmn.load(CREDIT_DMN)
    records = credit_records(200)
    frame = pandas.DataFrame(records, index=range(1000, 1200))
    column = evaluate_columns(model, frame, "Approval")
    assert column.name == "Approval"
    assert list(column.index) == list(frame.index)
    assert column.tolist() == list(model.evaluate_many("Approval", records))


def test_missing_cells_of_a_dataframe_are_null():
    pandas = requires("pandas")
    frame = pandas.DataFrame({"x": [1.5, None, float("nan")], "s": ["a", None, "c"],
                              "t": pandas.to_datetime(["2024-01-01", None, "2024-03-01"])})  # fmt: skip
    compiled = feel.compile("[x, s, t]")
    rows = evaluate_columns(compiled, frame, python=False).tolist()
    assert rows[0][:2] == [Decimal("1.5"), "a"]
    assert rows[0][2] == feel.evaluate('date and time("2024-01-01T00:00:00")')
    assert rows[1] == [None, None, None]
    assert rows[2][0] is None


def test_a_dataframe_with_warnings_gives_two_columns():
    pandas = requires("pandas")
    frame = pandas.DataFrame({"x": [1, "one"]}, dtype=object)
    out = evaluate_columns(feel.compile("x + 1"), frame, name="y", warnings=True)
    assert list(out.columns) == ["y", "warnings"]
    assert out["y"].tolist() == [2, None]
    assert out["warnings"][0] == [] and "INVALID_TYPE" in out["warnings"][1][0]


def test_an_arrow_table_gives_an_arrow_column():
    pyarrow = requires("pyarrow")
    records = credit_records(100)
    table = pyarrow.Table.from_pylist(records)
    model = feel.dmn.load(CREDIT_DMN)
    column = evaluate_columns(model, table, "Approval")
    assert isinstance(column, pyarrow.Array)
    assert column.to_pylist() == list(model.evaluate_many("Approval", records))
    with_warnings = evaluate_columns(feel.compile("upper case(Employment)"), table, warnings=True)
    assert with_warnings.column_names == ["result", "warnings"]
    missing = [i for i, r in enumerate(records) if r["Employment"] is None]
    assert missing and all(with_warnings["warnings"][i].as_py() for i in missing)


def test_results_that_make_no_arrow_column_are_our_error():
    pyarrow = requires("pyarrow")
    table = pyarrow.table({"x": [1, 2]})
    with pytest.raises(feel.FeelError, match="Arrow"):
        evaluate_columns(feel.compile('if x = 1 then "one" else [x]'), table)


def test_columns_need_a_frame_and_the_right_target():
    with pytest.raises(feel.FeelError, match="DataFrame"):
        evaluate_columns(feel.compile("x"), [{"x": 1}])
    pandas = requires("pandas")
    frame = pandas.DataFrame({"x": [1]})
    with pytest.raises(feel.FeelError, match="DMN model"):
        evaluate_columns(feel.compile("x"), frame, "Approval")
    with pytest.raises(feel.FeelError, match="decision name"):
        evaluate_columns(feel.dmn.load(CREDIT_DMN), frame)


def test_a_partition_mapper_maps_pandas_frames_as_mapinpandas_does():
    pandas = requires("pandas")
    from feel.spark import PartitionMapper

    model = feel.dmn.load(CREDIT_DMN)
    records = credit_records(60)
    frames = [pandas.DataFrame(records[:30]).assign(id=range(30)),
              pandas.DataFrame(records[30:]).assign(id=range(30, 60))]  # fmt: skip
    mapper = round_trip(PartitionMapper(model, "Approval", keep=["id"], warnings=True))
    out = pandas.concat(list(mapper(iter(frames))))
    assert list(out.columns) == ["id", "Approval", "warnings"]
    assert out["id"].tolist() == list(range(60))
    assert out["Approval"].tolist() == list(model.evaluate_many("Approval", records))
