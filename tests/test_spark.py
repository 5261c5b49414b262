"""The README's PySpark recipe (mapInPandas with a pickled model) on a local Spark.

Needs Java and pyspark, which no extra installs (pyspark is large and a Spark session takes
about a minute to start on a busy machine): without them the tests skip and say so,
under ``CI=true`` too.
"""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest
from test_batch import ROOT, large_datasets_example, requires

import feel
import feel.dmn
from bench.scale import CREDIT_DMN, credit_records


@pytest.fixture(scope="module")
def spark():
    if importlib.util.find_spec("pyspark") is None:
        pytest.skip("pyspark is not installed: pip install pyspark (and Java 17 or later)")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java found (java on PATH or JAVA_HOME): PySpark needs Java 17 or later")
    requires("pandas")
    requires("pyarrow")
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("feel-tests")
               .config("spark.ui.enabled", "false").getOrCreate())  # fmt: skip
    yield session
    session.stop()


def test_the_readme_spark_recipe_runs(spark, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    example = large_datasets_example(1)
    namespace: dict = {"__name__": "__main__"}
    exec(compile(example, "README.md", "exec"), namespace)
    shown = example.split("print(sorted(approvals.collect()))\n# ", 1)[1].splitlines()[0]
    assert capsys.readouterr().out.strip() == shown
    rows = namespace["applicants"].toPandas().sort_values("id").to_dict("records")
    model = feel.dmn.load(CREDIT_DMN)
    spark_rows = sorted(namespace["approvals"].collect())
    assert [row["Approval"] for row in spark_rows] == list(model.evaluate_many("Approval", rows))


def test_an_expression_with_warnings_over_spark_equals_local_evaluation(spark):
    import pandas

    from feel.spark import PartitionMapper

    records = credit_records(2000)
    frame = spark.createDataFrame(pandas.DataFrame(records).assign(id=range(len(records))))
    mapper = PartitionMapper(feel.compile("upper case(Employment)"), name="shouted",
                             keep=["id"], warnings=True)  # fmt: skip
    rows = sorted(frame.mapInPandas(mapper, "id long, shouted string, warnings array<string>")
                  .collect())  # fmt: skip
    assert len(rows) == len(records)
    local = list(feel.compile("upper case(Employment)").evaluate_many(records, results=True))
    assert [row["shouted"] for row in rows] == [result.value for result in local]
    assert [list(row["warnings"]) for row in rows] == [
        [str(w) for w in result.warnings] for result in local
    ]
    assert any(row["warnings"] for row in rows)
