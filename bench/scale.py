"""``python -m bench --scale``: records per second, in one process and on a local Dask cluster.

Measured on one credit decision (``bench/credit.dmn``, :data:`CREDIT_DMN`: a decision table
over three inputs and a required decision) and one mapping expression (:data:`MAPPING`),
over records made by :func:`credit_records`: the pickle round trip of an expression and of the model, records per
second through ``evaluate_many`` and through :func:`feel.batch.evaluate_columns` on a pandas
DataFrame, and through :func:`feel.dask.evaluate` on a ``LocalCluster`` of 2 worker
processes (cluster start-up not counted; one warm-up run first). Slow (a minute or so), so
opt-in. The tests use the same model and records (``tests/test_dask.py``).
"""

from __future__ import annotations

import argparse
import pickle
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feel
import feel.dmn

#: The credit decision: a decision table over three inputs and a required decision.
CREDIT_DMN = (Path(__file__).resolve().parent / "credit.dmn").read_text(encoding="utf-8")

#: A mapping as a connector might write it: a context built from one record.
MAPPING = ('{name: upper case(Employment), yearly: Monthly Income * 12, '
           'adult: Applicant Age >= 18}')  # fmt: skip

EMPLOYMENTS = ("employed", "self-employed", "unemployed", "retired", None)


def credit_records(count: int, seed: int = 19) -> list[dict[str, Any]]:
    """``count`` records for :data:`CREDIT_DMN` (about one in twenty with a missing value)."""
    chance = random.Random(seed)
    records = []
    for _ in range(count):
        income = 0 if chance.random() < 0.05 else chance.randrange(500, 12_000)
        records.append({
            "Applicant Age": None if chance.random() < 0.05 else chance.randrange(15, 80),
            "Monthly Income": float(income) if chance.random() < 0.5 else income,
            "Monthly Debt": chance.randrange(0, 3_000),
            "Employment": chance.choice(EMPLOYMENTS),
        })  # fmt: skip
    return records


def per_second(action: Callable[[], Any], count: int, repeat: int) -> float:
    """Records per second: ``count`` divided by the median time of ``action``."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return count / statistics.median(samples)


def round_trip_us(value: Any, repeat: int) -> tuple[int, float]:
    """The pickled size of ``value`` in bytes and the median µs of dumps + loads."""
    data = pickle.dumps(value)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        pickle.loads(pickle.dumps(value))
        samples.append((time.perf_counter() - start) * 1e6)
    return len(data), statistics.median(samples)


def main(argv: list[str] | None = None) -> None:
    """Print the throughput table in Markdown."""
    parser = argparse.ArgumentParser(prog="python -m bench --scale")
    parser.add_argument("--scale", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--records", type=int, default=20_000, help="records in one process")
    parser.add_argument("--cluster-records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args(argv)
    model = feel.dmn.load(CREDIT_DMN)
    mapping = feel.compile(MAPPING, ["Monthly Income", "Applicant Age"])
    records = credit_records(options.records)

    size, cost = round_trip_us(mapping, options.repeat * 10)
    print(f"pickle round trip: expression {cost:.0f} µs ({size} bytes)", end="; ")
    size, cost = round_trip_us(model, options.repeat * 3)
    print(f"credit model {cost / 1000:.1f} ms ({size} bytes)\n")

    print("| what | records/s |\n|---|---:|")
    rows = [
        ("decision, model.evaluate_many, 1 process",
         lambda: list(model.evaluate_many("Approval", records))),
        ("expression, Expression.evaluate_many, 1 process",
         lambda: list(mapping.evaluate_many(records))),
    ]  # fmt: skip
    try:
        import pandas

        from feel.batch import evaluate_columns

        frame = pandas.DataFrame(records)
        rows.append(("decision, evaluate_columns on a DataFrame, 1 process",
                     lambda: evaluate_columns(model, frame, "Approval")))  # fmt: skip
    except ImportError:
        print("| pandas not installed: pip install -e '.[dask]' | |")
    for label, action in rows:
        print(f"| {label} | {per_second(action, len(records), options.repeat):,.0f} |")
    _cluster_rows(model, mapping, options.cluster_records, options.repeat)


def _cluster_rows(model: Any, mapping: Any, count: int, repeat: int) -> None:
    try:
        import dask.dataframe
        import pandas
        from dask.distributed import Client, LocalCluster

        import feel.dask
    except ImportError:
        print("| Dask not installed: pip install -e '.[dask]' | |")
        return
    frame = dask.dataframe.from_pandas(pandas.DataFrame(credit_records(count)), npartitions=8)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:  # fmt: skip
        frame = client.persist(frame)  # the data on the workers, as a real job would have it
        for label, target, decision in (
            ("decision", model, "Approval"),
            ("expression", mapping, None),
        ):

            def run() -> Any:  # a new collection each time: Dask keeps a computed one's result
                return feel.dask.evaluate(target, frame, decision).compute()

            run()  # warm-up: the workers import feel
            rate = per_second(run, count, repeat)
            print(f"| {label}, feel.dask on a LocalCluster of 2 worker processes | {rate:,.0f} |")
