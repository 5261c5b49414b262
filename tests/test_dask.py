"""feel.dask on a real distributed LocalCluster of 2 worker processes, 100,000 records.

The decision runs over all 100,000 records (a DataFrame, the common case); the Bag test
takes the first 10,000, as a Bag costs Dask more per record than the evaluation does.

Needs the ``dask`` extra: without it the tests skip and say so, except under ``CI=true``,
where a missing extra fails them.
"""

from __future__ import annotations

import os

import pytest
from test_batch import ROOT, large_datasets_example, requires

import feel
import feel.dmn
from bench.scale import CREDIT_DMN, MAPPING, credit_records

RECORDS = 100_000


@pytest.fixture(scope="module")
def client():
    requires("pandas")
    requires("pyarrow")
    distributed = requires("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:  # fmt: skip
        with distributed.Client(cluster) as client:
            yield client


@pytest.fixture(scope="module")
def records():
    return credit_records(RECORDS)


def test_the_cluster_has_two_worker_processes(client):
    pids = set(client.run(os.getpid).values())
    assert len(pids) == 2 and os.getpid() not in pids


def test_a_decision_over_a_dask_dataframe_equals_local_evaluation(client, records):
    import dask.dataframe
    import pandas

    import feel.dask

    model = feel.dmn.load(CREDIT_DMN)
    frame = dask.dataframe.from_pandas(pandas.DataFrame(records), npartitions=8)
    column = feel.dask.evaluate(model, frame, "Approval")
    assert column.npartitions == 8
    distributed = column.compute()
    local = [feel.to_python(v) for v in model.evaluate_many("Approval", records)]
    assert len(distributed) == RECORDS
    assert distributed.tolist() == local
    assert list(distributed.index) == list(range(RECORDS))
    assert {"approved", "review", "declined"} == set(local)


def test_an_expression_over_a_dask_bag_equals_local_evaluation_with_warnings(client, records):
    import dask.bag

    import feel.dask

    mapping = feel.compile(MAPPING, ["Monthly Income", "Applicant Age"])
    records = records[:10_000]
    bag = dask.bag.from_sequence(records, npartitions=4)
    distributed = feel.dask.evaluate(mapping, bag, warnings=True, python=False).compute()
    local = list(mapping.evaluate_many(records, results=True))
    assert [r.value for r in distributed] == [r.value for r in local]
    assert [r.warnings for r in distributed] == [r.warnings for r in local]
    assert any(r.warnings for r in local) and not all(r.warnings for r in local)


def test_warnings_over_a_dask_dataframe_come_per_row(client, records):
    import dask.dataframe
    import pandas

    import feel.dask

    upper = feel.compile("upper case(Employment)")
    frame = dask.dataframe.from_pandas(pandas.DataFrame(records[:2000]), npartitions=2)
    out = feel.dask.evaluate(upper, frame, name="shouted", warnings=True).compute()
    assert list(out.columns) == ["shouted", "warnings"]
    for record, value, warnings in zip(records, out["shouted"], out["warnings"]):
        if record["Employment"] is None:
            assert value is None and warnings
        else:
            assert value == record["Employment"].upper() and warnings == []


def test_anything_else_than_a_dask_collection_is_refused():
    requires("dask.dataframe")
    import feel.dask

    with pytest.raises(feel.FeelError, match="Dask DataFrame or Bag"):
        feel.dask.evaluate(feel.compile("x"), [{"x": 1}])


def test_the_readme_dask_example_runs(client, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    example = large_datasets_example(0)
    namespace = {"__name__": "__main__"}
    exec(compile(example, "README.md", "exec"), namespace)
    shown = example.split("print(approvals.tolist())  # ", 1)[1].splitlines()[0]
    assert capsys.readouterr().out.strip() == shown
    model = feel.dmn.load(CREDIT_DMN)
    rows = namespace["applicants"].to_dict("records")
    assert namespace["approvals"].tolist() == list(model.evaluate_many("Approval", rows))
