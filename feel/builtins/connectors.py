"""The functions of Camunda connector error expressions: ``bpmnError``, ``jobError``,
``ignoreError`` and ``backoff``, as the connector runtime defines them.

Each has the overloads of the Java runtime's function (``bpmnError`` with 1 to 3 arguments,
``jobError`` with 1 to 4, ``ignoreError`` with 0 or 1, ``backoff`` with 1, 3, 4 or 5) under
both parameter-name sets: the names of the connector guide (``code, message``) and the Java
runtime's (``errorCode, errorMessage``), so named calls written for either work.

An argument of the wrong type is null plus a warning that names the function and the
parameter; :func:`feel.connectors.run_job` fails the job on such a warning, as the Java
runtime fails it when its function throws.
"""

from __future__ import annotations

import math
import random as _random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from feel import temporal
from feel.builtins import checks
from feel.builtins.registry import Builtin, Signature, builtin

#: The names of the connector functions: a warning whose message starts with one of them
#: (``"bpmnError: ..."``) comes from a connector function and fails a job.
CONNECTOR_FUNCTIONS = ("bpmnError", "jobError", "ignoreError", "backoff")

_NANOS_PER_MILLI = 1_000_000


def _bpmn_error(code: Any, message: Any = None, variables: Any = None, *,
                with_variables: bool = False) -> dict:  # fmt: skip
    error: dict[str, Any] = {
        "code": checks.string("bpmnError", "code", code),
        "message": None if message is None else checks.string("bpmnError", "message", message),
    }
    if with_variables:
        error["variables"] = checks.context("bpmnError", "variables", variables)
    return error


@builtin("bpmnError", "code", scalar=True)
@builtin("bpmnError", "errorCode", scalar=True)
def bpmn_error_code(code: Any) -> dict:
    """``{code, message: null}``: a BPMN error with a code only."""
    return _bpmn_error(code)


@builtin("bpmnError", "code, message", scalar=True)
@builtin("bpmnError", "errorCode, errorMessage", scalar=True)
def bpmn_error(code: Any, message: Any) -> dict:
    """``{code, message}``: the result that throws a BPMN error (the connector guide's value)."""
    return _bpmn_error(code, checks.string("bpmnError", "message", message))


@builtin("bpmnError", "code, message, variables")
@builtin("bpmnError", "errorCode, errorMessage, variables")
def bpmn_error_variables(code: Any, message: Any, variables: Any) -> dict:
    """``{code, message, variables}``: a BPMN error that also sets variables."""
    return _bpmn_error(code, checks.string("bpmnError", "message", message), variables,
                       with_variables=True)  # fmt: skip


@builtin("jobError", "message, variables?, retries?, retryBackoff?")
@builtin("jobError", "errorMessage, variables?, retries?, retryBackoff?")
def job_error(message: Any, variables: Any = None, retries: Any = None,
              retryBackoff: Any = None) -> dict:  # fmt: skip
    """``{errorType: "jobError", errorMessage, variables, retries, retryBackoff}`` with the
    defaults ``{}``, 0 and ``PT0S``: the result that fails the job."""
    backoff = temporal.DayTimeDuration(0) if retryBackoff is None else checks.single(retryBackoff)
    if type(backoff) is not temporal.DayTimeDuration:
        raise checks.wrong("jobError", "retryBackoff", backoff, "a days and time duration")
    count = 0 if retries is None else checks.integer("jobError", "retries", retries)
    return {
        "errorType": "jobError",
        "errorMessage": checks.string("jobError", "message", message),
        "variables": {} if variables is None else checks.context("jobError", "variables", variables),
        "retries": Decimal(count),
        "retryBackoff": backoff,
    }


@builtin("ignoreError", "variables?")
def ignore_error(variables: Any = None) -> dict:
    """``{errorType: "ignoreError", variables}``: complete the job in spite of the error."""
    error: dict[str, Any] = {"errorType": "ignoreError"}
    if variables is not None:
        error["variables"] = checks.context("ignoreError", "variables", variables)
    return error


#: The Java runtime's defaults: 50 ms, factor 1.6, at most 5 s, jitter 10 %.
BACKOFF_DEFAULTS = (temporal.DayTimeDuration(50 * _NANOS_PER_MILLI), Decimal("1.6"),
                    temporal.DayTimeDuration(5000 * _NANOS_PER_MILLI), Decimal("0.1"))  # fmt: skip


def _millis(parameter: str, value: Any) -> int:
    value = checks.single(value)
    if type(value) is not temporal.DayTimeDuration:
        raise checks.wrong("backoff", parameter, value, "a days and time duration")
    return int(value.nanos / _NANOS_PER_MILLI)  # Java's toMillis truncates toward zero


def backoff_delay(attempt: Any, min_delay: Any, factor: Any, max_delay: Any, jitter: Any,
                  random: Callable[[], float]) -> temporal.DayTimeDuration:  # fmt: skip
    """The delay before retry ``attempt`` (1 for the first): ``minDelay * factor^(attempt-1)``
    kept between ``minDelay`` and ``maxDelay``, moved by up to ``± jitter`` of itself
    (``random()`` gives a float in [0, 1)), rounded to milliseconds. Raises the Failure that
    names the argument the Java runtime refuses."""
    whole = int(checks.number("backoff", "attempt", attempt))  # Java's intValue truncates
    low, high = _millis("minDelay", min_delay), _millis("maxDelay", max_delay)
    f = float(checks.number("backoff", "factor", factor))
    spread = float(checks.number("backoff", "jitterFactor", jitter))
    if whole < 1:
        raise checks.invalid("backoff", f"'attempt' must be >= 1, but was {whole}")
    if f <= 0:
        raise checks.invalid("backoff", f"'factor' must be > 0, but was {f}")
    if low > high:
        raise checks.invalid("backoff", f"'minDelay' must be <= 'maxDelay', but {low}ms > {high}ms")
    if spread < 0:
        raise checks.invalid("backoff", f"'jitterFactor' must be >= 0, but was {spread}")
    try:
        raw = low * math.pow(f, whole - 1)
    except OverflowError:  # Java's Math.pow gives Infinity, which maxDelay then caps
        raw = math.inf
    clamped = max(float(low), min(float(high), raw))
    offset = 0.0
    if spread > 0:
        width = spread * clamped
        offset = -width + 2 * width * random()
    return temporal.DayTimeDuration(math.floor(clamped + offset + 0.5) * _NANOS_PER_MILLI)


def backoff_function(random: Callable[[], float] = _random.random) -> Builtin:
    """The ``backoff`` function drawing its jitter from ``random`` (a callable giving a float
    in [0, 1)); give an engine this one (``functions={"backoff": backoff_function(r)}`` with
    ``override_builtins=True``) to make its delays reproducible."""
    function = Builtin("backoff")
    min_delay, factor, max_delay, jitter = BACKOFF_DEFAULTS

    def one(attempt: Any) -> Any:
        return backoff_delay(attempt, min_delay, factor, max_delay, jitter, random)

    def three(attempt: Any, low: Any, f: Any) -> Any:
        return backoff_delay(attempt, low, f, max_delay, jitter, random)

    def four(attempt: Any, low: Any, f: Any, high: Any) -> Any:
        return backoff_delay(attempt, low, f, high, jitter, random)

    def five(attempt: Any, low: Any, f: Any, high: Any, spread: Any) -> Any:
        return backoff_delay(attempt, low, f, high, spread, random)

    names = ("attempt", "minDelay", "factor", "maxDelay", "jitterFactor")
    for impl, count in ((one, 1), (three, 3), (four, 4), (five, 5)):
        function.signatures.append(Signature.parse(", ".join(names[:count]), impl, False))
    return function


# The standard table's backoff: the process's random source.
for _signature in backoff_function().signatures:
    builtin("backoff", ", ".join(_signature.params))(_signature.impl)
