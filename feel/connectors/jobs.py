"""A whole outbound job, in the order and with the rules of Camunda's connector runtime.

:func:`run_job` takes what a job worker receives (the variables Zeebe input-mapped, the
custom headers, the remaining retries) and a connector (a Python callable taking the
resolved variables), and returns how the job ends: :class:`Completed`,
:class:`BpmnErrorThrown` or :class:`Failed`. The steps:

1. an invalid ``retryBackoff`` header (not a Java ``Duration``: ``PT5M``, ``P1DT2H``; no years
   or months) fails the job with 0 retries before anything else happens;
2. secret placeholders in the variables are replaced (a :class:`SecretFilter` may restrict
   which); a missing secret fails the job with 0 retries and a message naming it;
3. the connector runs; an exception becomes the ``error`` context (``type``, ``message``,
   ``code`` and ``variables`` where it has them: see :class:`ConnectorException`);
4. the response (normalised as the Java runtime's JSON mapping does) fills the result
   variable and the result expression's context;
5. the error expression sees the mapped variables when there are any (else the response),
   the ``error`` context after an exception (also as ``response.error``) and ``job.retries``;
   it may ask for a BPMN error, a job error or to ignore the error; a value it cannot give
   or a failure while evaluating fails the job with 0 retries;
6. otherwise the job completes, or (after an exception) fails with ``retries - 1`` and the
   header's backoff.

Messages are cut to 6,000 characters; the secret values this job resolved are masked
(``***``) in every message, error context and error variable that leaves it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

import feel
from feel import temporal
from feel.connectors.errors import ConnectorError, ConnectorRetryException, SecretNotFound
from feel.connectors.expressions import (
    connector_engine,
    evaluate,
    expression_text,
    is_blank,
    output_variables,
    response_scope,
)
from feel.connectors.outcomes import (
    BpmnError,
    BpmnErrorThrown,
    Completed,
    Failed,
    IgnoreError,
    JobError,
    Outcome,
    error_of,
)
from feel.connectors.secrets import (
    SecretAllowListUnavailable,
    SecretFilter,
    Secrets,
    mask,
    replace_secrets,
)
from feel.connectors.values import normalize, to_runtime_json
from feel.errors import FeelError

#: The custom headers the runtime reads.
RESULT_VARIABLE, RESULT_EXPRESSION = "resultVariable", "resultExpression"
ERROR_EXPRESSION, RETRY_BACKOFF = "errorExpression", "retryBackoff"

#: Messages longer than this are cut (Zeebe refuses enormous messages).
MAX_MESSAGE_LENGTH = 6000

#: The backoff after a strict secret filter could not read its allow-list (as in Java).
ALLOW_LIST_RETRY_BACKOFF = timedelta(seconds=5)

_JAVA_DURATION = re.compile(
    r"([-+]?)P(?:([-+]?[0-9]+)D)?"
    r"(T(?:([-+]?[0-9]+)H)?(?:([-+]?[0-9]+)M)?(?:([-+]?[0-9]+)(?:[.,]([0-9]{0,9}))?S)?)?",
    re.IGNORECASE,
)


def parse_java_duration(text: str) -> timedelta:
    """``text`` read as ``java.time.Duration.parse`` reads it (``PT5M``, ``P2DT3H``,
    ``-PT0.5S``); raises ValueError for anything else (``P1M``, ``5m``, ``""``)."""
    match = _JAVA_DURATION.fullmatch(text) if isinstance(text, str) else None
    if match is None or match.group(3) == "T" or (match.group(2) is None and match.group(3) is None):
        raise ValueError(f"not a duration: {text!r}")
    sign, days, _, hours, minutes, seconds, fraction = match.groups()
    nanos = 0
    if fraction:
        nanos = int(fraction.ljust(9, "0"))
        if seconds and seconds.startswith("-"):
            nanos = -nanos
    total = timedelta(days=int(days or 0), hours=int(hours or 0), minutes=int(minutes or 0),
                      seconds=int(seconds or 0), microseconds=nanos / 1000)  # fmt: skip
    return -total if sign == "-" else total


def _cut(message: str | None) -> str | None:
    return None if message is None else message[:MAX_MESSAGE_LENGTH]


def _type_name(error: BaseException) -> str:
    kind = type(error)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def error_context(error: BaseException, secrets: list[str]) -> dict[str, Any]:
    """The ``error`` an error expression sees for an exception: ``type``, ``message`` (cut,
    masked), ``code`` (never masked: boundary events match on it) and ``variables`` (masked)."""
    context: dict[str, Any] = {"type": _type_name(error)}
    message = str(error)
    if message:
        context["message"] = mask(_cut(message), secrets)
    code = getattr(error, "code", None)
    if code is None:
        code = getattr(error, "error_code", None)
    if isinstance(code, (str, int)) and not isinstance(code, bool):
        context["code"] = str(code)
    variables = getattr(error, "variables", None)
    if isinstance(variables, Mapping):
        context["variables"] = mask(normalize(variables), secrets)
    return context


def _warnings(warnings: list[Any], secrets: list[str]) -> tuple[str, ...]:
    return tuple(mask([str(w) for w in warnings], secrets))


def _final_failure(error: Exception, secrets: list[str]) -> Failed:
    """A failure while handling the connector's result: 0 retries (as the Java runtime)."""
    return Failed(_cut(mask(str(error), secrets)), 0, None, {},
                  _warnings(getattr(error, "warnings", []), secrets))  # fmt: skip


def run_job(connector: Callable[[dict[str, Any]], Any], *, variables: Mapping[str, Any],
            headers: Mapping[str, Any] | None = None, retries: int,
            secrets: Secrets | None = None, secret_filter: SecretFilter | None = None,
            engine: feel.Engine | None = None,
            random: Callable[[], float] | None = None) -> Outcome:  # fmt: skip
    """How the job ends when ``connector`` runs it: :class:`Completed`,
    :class:`BpmnErrorThrown` or :class:`Failed` (see the module text for the order and
    rules). ``secrets`` is the provider (the environment when None); ``secret_filter`` None
    allows every name (the filter is disabled); ``random`` feeds ``backoff``'s jitter.
    Never raises: every problem is a :class:`Failed` that says what went wrong."""
    try:
        return _checked_run(connector, variables, headers, retries, secrets, secret_filter,
                            engine, random)  # fmt: skip
    except Exception as error:  # a fault of ours, or input of the wrong shape: still an outcome
        return Failed(_cut(f"{_type_name(error)}: {error}"), 0)


def _checked_run(connector: Callable[[dict[str, Any]], Any], variables: Mapping[str, Any],
                 headers: Mapping[str, Any] | None, retries: int, secrets: Secrets | None,
                 secret_filter: SecretFilter | None, engine: feel.Engine | None,
                 random: Callable[[], float] | None) -> Outcome:  # fmt: skip
    if type(retries) is not int:
        raise ConnectorError(f"retries must be an int, not {type(retries).__name__}")
    headers = dict(headers or {})
    raw_backoff = headers.get(RETRY_BACKOFF)
    backoff = None
    if raw_backoff is not None:
        try:
            backoff = parse_java_duration(raw_backoff)
        except ValueError:
            return Failed(_cut("Failed to parse retry backoff header. Expected ISO-8601 duration, "
                               f"e.g. PT5M, got: {raw_backoff}"), 0)  # fmt: skip
    try:
        allowed = secret_filter.allow_list() if secret_filter is not None else None
    except SecretAllowListUnavailable as error:
        return Failed(str(error), max(retries - 1, 0), ALLOW_LIST_RETRY_BACKOFF)
    try:
        resolved, used = replace_secrets(dict(variables), secrets, allowed)
    except (SecretNotFound, ConnectorError) as error:
        return Failed(_cut(str(error)), 0)
    try:
        return _run(connector, resolved, headers, retries, backoff, used,
                    connector_engine(engine, random))  # fmt: skip
    except Exception as error:  # a fault of ours must still end the job, and say why
        return Failed(_cut(mask(f"{_type_name(error)}: {error}", used)), 0)


def _run(connector: Callable[[dict[str, Any]], Any], resolved: dict[str, Any],
         headers: dict[str, Any], retries: int, backoff: timedelta | None, used: list[str],
         engine: feel.Engine) -> Outcome:  # fmt: skip
    warnings: list[Any] = []
    failure: Failed | None = None
    try:
        response = connector(resolved)
    except Exception as error:
        context = error_context(error, used)
        base: Any = {"error": context}
        left, delay = retries - 1, backoff
        if isinstance(error, ConnectorRetryException):
            left = left if error.retries is None else error.retries
            delay = delay if error.backoff is None else error.backoff
        failure = Failed(context.get("message"), max(left, 0), delay, {})
    else:
        try:
            mapped, warnings = output_variables(
                response, headers.get(RESULT_VARIABLE), headers.get(RESULT_EXPRESSION),
                engine=engine, convert=to_runtime_json)  # fmt: skip
            base = mapped if mapped else normalize(response)
        except FeelError as error:
            return _final_failure(error, used)
    expression = headers.get(ERROR_EXPRESSION)
    if not is_blank(expression):
        scope = response_scope(base, {"job": {"retries": retries}})
        try:
            value, more = evaluate(expression_text(expression), scope, engine, False,
                                   "the error expression")  # fmt: skip
            asked = error_of(value)
        except FeelError as error:
            return _final_failure(error, used)
        warnings = [*warnings, *more]
        ended = _ended_by(asked, used, _warnings(warnings, used))
        if ended is not None:
            return ended
    if failure is not None:
        return Failed(failure.message, failure.retries, failure.retry_backoff, {},
                      _warnings(warnings, used))  # fmt: skip
    return Completed(mapped, _warnings(warnings, used))


def _ended_by(asked: Any, used: list[str], warnings: tuple[str, ...]) -> Outcome | None:
    """The outcome an error expression's error asks for (None: no error)."""
    if isinstance(asked, BpmnError):
        return BpmnErrorThrown(asked.code, _cut(mask(asked.message, used)),
                               mask(to_runtime_json(asked.variables), used), warnings)  # fmt: skip
    if isinstance(asked, JobError):
        message = _cut(mask(asked.message, used))
        variables = mask(to_runtime_json(asked.variables), used)
        variables["error"] = message
        delay = temporal.parse_duration(asked.retry_backoff)
        return Failed(message, max(asked.retries, 0), timedelta(microseconds=delay.nanos // 1000),
                      variables, warnings)  # fmt: skip
    if isinstance(asked, IgnoreError):
        return Completed(to_runtime_json(asked.variables), warnings)
    return None
