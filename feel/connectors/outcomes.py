"""What an error expression asks for, and how a job ends.

:func:`error_of` reads an error expression's value with the Java runtime's rules:

- null or ``{}``: no error;
- ``{errorType: "bpmnError", errorCode | code, errorMessage | message, variables}``: a BPMN
  error; without a code it is no error (the Java runtime drops such an error);
- the connector guide's ``{code, message, variables}`` without ``errorType``: a BPMN error,
  which needs a non-empty code;
- ``{errorType: "jobError", errorMessage | message, variables, retries, retryBackoff}``: fail
  the job;
- ``{errorType: "ignoreError", variables}``: complete the job with these variables;
- anything else is a :class:`ConnectorError` that says why (a value that is not a context, an
  unknown ``errorType``, a context without ``errorType`` or code, a code that is no text).

Numbers given as a code or message are read as their text, as the Java runtime's JSON
mapping reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from feel import temporal
from feel.connectors.errors import ConnectorError
from feel.connectors.values import to_json_value
from feel.diagnostics import Failure
from feel.values import type_name


@dataclass(frozen=True)
class BpmnError:
    """Throw a BPMN error with ``code`` and ``message`` (and ``variables``)."""

    code: str
    message: str | None = None
    variables: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class JobError:
    """Fail the job: ``message``, ``variables``, ``retries`` left, ``retry_backoff`` (ISO 8601)."""

    message: str | None
    variables: dict[str, Any] = field(default_factory=dict)
    retries: int = 0
    retry_backoff: str = "PT0S"


@dataclass(frozen=True)
class IgnoreError:
    """Complete the job in spite of the error, with ``variables``."""

    variables: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Completed:
    """Complete the job with ``variables``."""

    variables: dict[str, Any]
    #: FEEL warnings of the job's expressions that did not end it (a missing variable...).
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class BpmnErrorThrown:
    """Throw the BPMN error ``code`` with ``message`` and ``variables``."""

    code: str
    message: str | None
    variables: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Failed:
    """Fail the job with ``message``, ``retries`` left and ``retry_backoff`` (None: none
    given), setting ``variables``."""

    message: str | None
    retries: int
    retry_backoff: timedelta | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def retry_backoff_ms(self) -> int:
        """The backoff in whole milliseconds (0 when none was given)."""
        if self.retry_backoff is None:
            return 0
        return self.retry_backoff // timedelta(milliseconds=1)


Outcome = Completed | BpmnErrorThrown | Failed


def error_of(value: Any) -> BpmnError | JobError | IgnoreError | None:
    """The error a FEEL error-expression value asks for (see the module text)."""
    if value is None or value == {}:
        return None
    if not isinstance(value, dict):
        raise ConnectorError("the error expression must give a context or null, not "
                             f"{type_name(value)}: {_shown(value)}")  # fmt: skip
    kind = value.get("errorType")
    if kind == "jobError":
        return JobError(
            _text(_either(value, "errorMessage", "message"), "jobError message"),
            _variables(value.get("variables")),
            _retries(value.get("retries")),
            _backoff(value.get("retryBackoff")),
        )
    if kind == "ignoreError":
        return IgnoreError(_variables(value.get("variables")))
    if kind not in (None, "bpmnError"):
        raise ConnectorError('errorType must be "bpmnError", "jobError" or "ignoreError", '
                             f"not {_shown(kind)}")  # fmt: skip
    code = _either(value, "errorCode", "code")
    if kind is None and code is None:
        raise ConnectorError("an error expression's context needs an errorType or a code (a BPMN "
                             f"error needs a code): {_shown(value)}")  # fmt: skip
    if code is None:
        return None  # {errorType: "bpmnError"} without a code: the Java runtime throws nothing
    code_text = _text(code, "BPMN error code")
    if not code_text:
        raise ConnectorError("a BPMN error needs a code that is not empty")
    return BpmnError(code_text, _text(_either(value, "errorMessage", "message"), "BPMN error message"),
                     _variables(value.get("variables")))  # fmt: skip


def _either(value: dict, first: str, second: str) -> Any:
    found = value.get(first)
    return value.get(second) if found is None else found


def _shown(value: Any) -> str:
    from feel.render import render

    text = render(value)
    return text if len(text) <= 200 else text[:200] + "..."


def _text(value: Any, what: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if type(value) is Decimal:
        return str(to_json_value(value))
    raise ConnectorError(f"the {what} must be a string, not {type_name(value)}")


def _variables(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConnectorError(f"error variables must be a context, not {type_name(value)}")
    return value


def _retries(value: Any) -> int:
    if value is None:
        return 0
    if type(value) is not Decimal or value != value.to_integral_value() or value < 0:
        raise ConnectorError(f"retries must be a whole number of at least 0, not {_shown(value)}")
    return int(value)


def _backoff(value: Any) -> str:
    if value is None:
        return "PT0S"
    parsed: Any = value
    if isinstance(value, str):
        try:
            parsed = temporal.parse_duration(value)
        except Failure:
            parsed = None
    if type(parsed) is not temporal.DayTimeDuration:
        raise ConnectorError(f"the retry backoff must be a days and time duration, not {_shown(value)}")
    return temporal.to_string(parsed)
