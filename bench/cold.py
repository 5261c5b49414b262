"""The cold path: a new expression parsed, compiled and evaluated once, here and in feelin.

Hosts meet many expressions only once (DMN cells at load time, connector mappings, the
prompt), so this is measured apart from the evaluation of a compiled expression. feelin
(JavaScript on V8) is timed side by side in the same run when ``node`` and the ``feelin``
package are present (``npm install feelin`` in ``bench/js``, ignored by git); otherwise its
column says why it is empty. Both sides get each text with a varying run of trailing
spaces, so neither can answer from a cache, and JSON variables.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import feel

JS_FOLDER = Path(__file__).with_name("js")

_FEELIN_SCRIPT = r"""
const { evaluate } = require(process.argv[1] + "/node_modules/feelin");
const job = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = {};
for (const [, text, variables] of job.cases)  // warm up V8 first: the JIT, not feelin, is cold
  for (let i = 0; i < job.number; i++) evaluate(text + " ".repeat(i % 8), variables);
for (const [name, text, variables] of job.cases) {
  const samples = [];
  for (let r = 0; r < job.repeat; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < job.number; i++) evaluate(text + " ".repeat(i % 8), variables);
    samples.push(Number(process.hrtime.bigint() - start) / 1000 / job.number);
  }
  samples.sort((a, b) => a - b);
  out[name] = samples[Math.floor(samples.length / 2)];
}
console.log(JSON.stringify(out));
"""


def json_variables(variables: dict) -> Any:
    """``variables`` as JSON data (Decimal as numbers), or None when they are not JSON."""
    try:
        return json.loads(json.dumps(variables, default=_json_number))
    except TypeError:
        return None


def _json_number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value).__name__)


def ours_us(text: str, variables: Any, repeat: int, number: int) -> float:
    """Median microseconds of compiling ``text`` anew and evaluating it once."""
    engine = feel.Engine()
    names = list(variables)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for i in range(number):
            engine.compile(text + " " * (i % 8), names).evaluate(variables)
        samples.append((time.perf_counter() - start) / number * 1e6)
    return statistics.median(samples)


def feelin_us(cases: list, repeat: int, number: int) -> tuple[dict[str, float], str]:
    """feelin's median microseconds per case name, or an empty dict and why."""
    node = shutil.which("node")
    if node is None:
        return {}, "node is not installed"
    if not (JS_FOLDER / "node_modules" / "feelin").is_dir():
        return {}, f"feelin is not installed (npm install feelin in {JS_FOLDER})"
    job = {"cases": cases, "repeat": repeat, "number": number}
    done = subprocess.run([node, "-e", _FEELIN_SCRIPT, str(JS_FOLDER)], input=json.dumps(job),
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    if done.returncode != 0:
        return {}, "feelin failed: " + done.stderr.strip().splitlines()[-1]
    return json.loads(done.stdout), ""


def cold_table(cases: list, repeat: int) -> None:
    """Print the cold-path table: ours, feelin's, and their ratio, per case."""
    rows = [(name, text, variables) for name, text, variables, _ in cases]
    json_rows = [[name, text, json_variables(v)] for name, text, v in rows]
    json_rows = [row for row in json_rows if row[2] is not None]
    # interleaved: feelin's whole run sits between two halves of ours
    first = {name: ours_us(text, v, repeat, 100) for name, text, v in rows}
    theirs, why = feelin_us(json_rows, repeat, 100)
    second = {name: ours_us(text, v, repeat, 100) for name, text, v in rows}
    print("\n| expression | cold path µs (parse+compile+first evaluate) | feelin µs | ours/feelin |")
    print("|---|---:|---:|---:|")
    ratios = []
    for name, _, _ in rows:
        ours = statistics.median([first[name], second[name]])
        if name in theirs:
            ratios.append(ours / theirs[name])
            print(f"| {name} | {ours:.1f} | {theirs[name]:.1f} | {ratios[-1]:.2f} |")
        else:
            print(f"| {name} | {ours:.1f} | {'n/a' if not why else ''} | |")
    if why:
        print(f"\nfeelin column skipped: {why}")
    elif ratios:
        print(f"\ngeometric mean ours/feelin: {statistics.geometric_mean(ratios):.2f}")
