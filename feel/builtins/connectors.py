"""Functions of Camunda connector error expressions: ``bpmnError`` and ``jobError``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from feel import temporal
from feel.builtins import checks
from feel.builtins.registry import builtin


@builtin("bpmnError", "code, message, variables?")
def bpmn_error(code: Any, message: Any, variables: Any = None) -> dict:
    """``{code, message}`` (and ``variables``): the result that raises a BPMN error."""
    error: dict[str, Any] = {
        "code": checks.string("bpmnError", "code", code),
        "message": checks.string("bpmnError", "message", message),
    }
    if variables is not None:
        error["variables"] = checks.context("bpmnError", "variables", variables)
    return error


@builtin("jobError", "message, variables?, retries?, retryBackoff?")
def job_error(message: Any, variables: Any = None, retries: Any = None,
              retryBackoff: Any = None) -> dict:  # fmt: skip
    """``{errorType: "jobError", message, variables, retries, retryBackoff}`` with defaults
    ``{}``, 0 and ``PT0S``: the result that fails the job."""
    backoff = temporal.DayTimeDuration(0) if retryBackoff is None else retryBackoff
    if type(backoff) is not temporal.DayTimeDuration:
        raise checks.wrong("jobError", "retryBackoff", backoff, "a days and time duration")
    return {
        "errorType": "jobError",
        "message": checks.string("jobError", "message", message),
        "variables": {} if variables is None else checks.context("jobError", "variables", variables),
        "retries": Decimal(0) if retries is None else Decimal(checks.integer("jobError", "retries", retries)),
        "retryBackoff": backoff,
    }
