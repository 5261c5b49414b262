"""FEEL for connector runtimes: the jobs every Camunda-style connector runtime does.

- :func:`evaluate_field`: a field value starting with ``=`` is a FEEL expression.
- :func:`map_response`: ``result variable`` and ``result expression`` of a response.
- :func:`evaluate_error_expression`: ``bpmnError(...)`` / ``jobError(...)`` from a response
  or a technical error.
- :func:`resolve_secrets`: ``{{secrets.NAME}}`` (and the legacy ``secrets.NAME``)
  replaced after FEEL ran, so secret values never reach FEEL, its warnings or its errors;
  :func:`evaluate_field` replaces only the placeholders the field itself names, never one
  that data brought into the result.
- :func:`is_activated` and :func:`map_variables`: inbound activation conditions and
  variable mappings over ``request`` (``body``, ``headers``, ``params``).
- :func:`to_json_value`: results as JSON-ready Python values.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import feel
from feel import temporal
from feel.diagnostics import Failure
from feel.errors import FeelError
from feel.values import Function, Range


class ConnectorError(FeelError):
    """A connector job could not be done (a result that is not a context, a bad error...)."""


class SecretNotFound(ConnectorError):
    """A ``{{secrets.NAME}}`` placeholder names a secret the provider does not have."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"secret {name!r} not found")


@dataclass(frozen=True)
class BpmnError:
    """Throw a BPMN error with ``code`` and ``message`` (and ``variables``)."""

    code: str
    message: str
    variables: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class JobError:
    """Fail the job: ``message``, ``variables``, ``retries`` left, ``retry_backoff`` (ISO 8601)."""

    message: str
    variables: dict[str, Any] = field(default_factory=dict)
    retries: int = 0
    retry_backoff: str = "PT0S"


def is_expression(value: Any) -> bool:
    """True for a field value that is a FEEL expression (a string starting with ``=``)."""
    return isinstance(value, str) and value.lstrip().startswith("=")


def _expression_text(value: str) -> str:
    return value.lstrip()[1:].strip()


def _engine(engine: feel.Engine | None) -> feel.Engine:
    return engine or feel.api.default_engine()


def to_json_value(value: Any, decimals: str = "float") -> Any:
    """A JSON-ready Python value: whole numbers become ``int``; other numbers ``float``
    (``decimals="float"``) or ``str`` (``decimals="string"``, exact); temporal values
    their ISO 8601 text (a zoned date and time as ``2023-01-19T10:00:00+01:00[Europe/Paris]``);
    ranges and functions their FEEL text."""
    if decimals not in ("float", "string"):
        raise ConnectorError(f'decimals must be "float" or "string", not {decimals!r}')
    return _json(value, decimals == "string")


def _json(value: Any, exact: bool) -> Any:
    if value is None or isinstance(value, (bool, str)):
        return value
    if type(value) is Decimal:
        if value.is_finite() and value == value.to_integral_value() and value.adjusted() < 34:
            return int(value)
        return format(value, "f") if exact and value.is_finite() else float(value)
    if isinstance(value, list):
        return [_json(item, exact) for item in value]
    if isinstance(value, dict):
        return {key: _json(item, exact) for key, item in value.items()}
    if type(value) is temporal.DateTime and value.zone:
        fixed = temporal.DateTime(value.year, value.month, value.day, value.hour, value.minute,
                                  value.second, value.nanos, offset=value.utc_offset())  # fmt: skip
        return f"{temporal.to_string(fixed)}[{value.zone}]"
    if temporal.is_temporal(value):
        return temporal.to_string(value)
    if isinstance(value, (Range, Function)):
        from feel.render import render

        return render(value)
    return value


def evaluate_field(value: Any, variables: Mapping[str, Any] | None = None, *,
                   engine: feel.Engine | None = None, decimals: str = "float",
                   secrets: SecretProvider | None = None) -> Any:  # fmt: skip
    """The value of a connector field: ``"= a + 1"`` is evaluated, anything else is literal.

    With ``secrets`` (a provider, see :func:`resolve_secrets`), the secret placeholders
    written in the field are replaced in the result afterwards, as a connector runtime does
    before calling the connector. Only the names the field's own text holds are looked up:
    a placeholder that data put into the result (a variable whose value is the text
    ``"{{secrets.TOKEN}}"``) stays as it is, so data cannot pull a secret into a field.
    """
    names = None if secrets is None else _secret_names(value)
    if is_expression(value):
        value = to_json_value(_engine(engine).evaluate(_expression_text(value), variables), decimals)
    return value if secrets is None else _resolve(value, secrets, names)


def _response_scope(response: Any, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    scope: dict[str, Any] = {}
    if isinstance(response, Mapping):
        scope.update(response)
    scope["response"] = response
    if extra:
        scope.update(extra)
    return scope


def map_response(response: Any, result_variable: str | None = None,
                 result_expression: str | None = None, *, engine: feel.Engine | None = None,
                 decimals: str = "float") -> dict[str, Any]:  # fmt: skip
    """The process variables to set for a connector response.

    ``{result_variable: response}`` and/or the entries of the context the result
    expression yields (the response is ``response``, its top-level keys are visible too).
    """
    variables: dict[str, Any] = {}
    if result_variable:
        variables[result_variable] = to_json_value(feel.to_feel(response), decimals)
    if result_expression and result_expression.strip():
        text = _expression_text(result_expression) if is_expression(result_expression) else (
            result_expression.strip())  # fmt: skip
        value = _engine(engine).evaluate(text, _response_scope(response))  # (its fast path)
        if value is None:
            return variables
        if not isinstance(value, dict):
            raise ConnectorError(
                f"the result expression must give a context, not {feel.values.type_name(value)}"
            )
        variables.update(to_json_value(value, decimals))
    return variables


def evaluate_error_expression(expression: str | None, response: Any = None,
                              error: Mapping[str, Any] | None = None,
                              variables: Mapping[str, Any] | None = None, *,
                              engine: feel.Engine | None = None) -> BpmnError | JobError | None:  # fmt: skip
    """The error an error expression asks for: None, a :class:`BpmnError` or a :class:`JobError`.

    In the expression ``response``, the response's top-level keys and ``error``
    (``{code, message}`` of a technical failure) are visible. Both the ``{code, message}``
    form of ``bpmnError`` and the ``{errorType, errorCode, errorMessage}`` form work; an
    empty context or null means no error.
    """
    if not expression or not expression.strip():
        return None
    text = _expression_text(expression) if is_expression(expression) else expression.strip()
    extra = dict(variables or {})
    if error is not None:
        # Unbound otherwise: `is defined(error)` is false and `error != null` still works.
        extra["error"] = dict(error)
    value = _engine(engine).evaluate(text, _response_scope(response, extra))
    return _error_of(value)


def _error_of(value: Any) -> BpmnError | JobError | None:
    if value is None or value == {}:
        return None
    if not isinstance(value, dict):
        raise ConnectorError(
            f"the error expression must give a context or null, not {feel.values.type_name(value)}"
        )
    plain = to_json_value(value)
    kind = plain.get("errorType")
    if kind == "jobError" or (kind is None and "retries" in plain and "code" not in plain):
        return JobError(
            _text(plain.get("message", plain.get("errorMessage")), "jobError message"),
            _variables(plain.get("variables")),
            _retries(plain.get("retries")),
            _backoff(plain.get("retryBackoff", plain.get("timeout"))),
        )
    if kind not in (None, "bpmnError"):
        raise ConnectorError(f'errorType must be "bpmnError" or "jobError", not {kind!r}')
    code = plain.get("code", plain.get("errorCode"))
    if code is None or code == "":
        raise ConnectorError("a BPMN error needs a code")
    message = plain.get("message", plain.get("errorMessage"))
    return BpmnError(_text(code, "BPMN error code"), _text(message, "BPMN error message"),
                     _variables(plain.get("variables")))  # fmt: skip


def _text(value: Any, what: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ConnectorError(f"the {what} must be a string")
    return str(value)


def _variables(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConnectorError("error variables must be a context")
    return value


def _retries(value: Any) -> int:
    if value is None:
        return 0
    if type(value) is not int or value < 0:
        raise ConnectorError(f"retries must be a whole number of at least 0, not {value!r}")
    return value


def _backoff(value: Any) -> str:
    if value is None:
        return "PT0S"
    parsed: Any = None
    if isinstance(value, str):
        try:
            parsed = temporal.parse_duration(value)
        except Failure:
            parsed = None
    if type(parsed) is not temporal.DayTimeDuration:
        raise ConnectorError(f"the retry backoff must be a days and time duration, not {value!r}")
    return temporal.to_string(parsed)


# One pass over both forms: text a secret brings in is never searched for placeholders again.
_SECRET = re.compile(
    r"\{\{\s*secrets\.(?P<name>[A-Za-z0-9_.\-/]+?)\s*\}\}"
    r"|(?<![\w.{])secrets\.(?P<legacy>[A-Za-z0-9_\-]+)"
)

SecretProvider = Callable[[str], "str | None"] | Mapping[str, str]


def environment_secrets(prefix: str = "") -> Callable[[str], str | None]:
    """A provider reading secret ``NAME`` from the environment variable ``prefix + NAME``."""
    return lambda name: os.environ.get(prefix + name)


def resolve_secrets(value: Any, provider: SecretProvider | None = None) -> Any:
    """``value`` with ``{{secrets.NAME}}`` and ``secrets.NAME`` replaced, through lists and
    dicts (a new structure; the input is not modified). ``provider`` is a mapping or a
    callable returning the secret or None; by default the environment
    (:func:`environment_secrets`). An unknown name raises :class:`SecretNotFound`, which
    names the secret and never shows a value; a provider that fails raises
    :class:`ConnectorError` without the provider's own exception attached."""
    return _resolve(value, provider, None)


def _strings(value: Any) -> Iterator[str]:
    """The strings in ``value``, through lists, tuples and dict values (as resolving walks)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _secret_names(value: Any) -> set[str]:
    """The secret names the placeholders in ``value`` (a field as modeled) refer to."""
    return {match.group("name") or match.group("legacy")
            for text in _strings(value) if "secrets." in text
            for match in _SECRET.finditer(text)}  # fmt: skip


def _resolve(value: Any, provider: SecretProvider | None, names: set[str] | None) -> Any:
    """:func:`resolve_secrets`, limited to the placeholders of ``names`` unless it is None."""
    if provider is None:
        provider = environment_secrets()
    lookup = provider.get if isinstance(provider, Mapping) else provider

    def secret(match: re.Match) -> str:
        name = match.group("name") or match.group("legacy")
        if names is not None and name not in names:
            return match.group(0)  # not written in the field: data, left as it is
        failed = False
        try:
            found = lookup(name)
        except Exception:  # the provider's message might hold a value: do not chain it
            failed = True
        if failed:
            raise ConnectorError(f"the secret provider failed for {name!r}")
        if found is None:
            raise SecretNotFound(name)
        return found if isinstance(found, str) else str(found)

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return _SECRET.sub(secret, item) if "secrets." in item else item
        if isinstance(item, list):
            return [walk(x) for x in item]
        if isinstance(item, tuple):
            return tuple(walk(x) for x in item)
        if isinstance(item, dict):
            return {key: walk(x) for key, x in item.items()}
        return item

    return walk(value)


# -- inbound


def _request_scope(request: Mapping[str, Any] | None) -> dict[str, Any]:
    request = dict(request or {})
    for key in ("body", "headers", "params"):
        request.setdefault(key, None)
    return {"request": request}


def is_activated(condition: str | None, request: Mapping[str, Any] | None, *,
                 engine: feel.Engine | None = None) -> bool:  # fmt: skip
    """True when the activation ``condition`` holds for ``request`` (empty means always)."""
    if condition is None or not condition.strip() or condition.strip() == "=":
        return True
    text = _expression_text(condition) if is_expression(condition) else condition.strip()
    return _engine(engine).evaluate(text, _request_scope(request)) is True


def map_variables(mapping: str | None, request: Mapping[str, Any] | None, *,
                  engine: feel.Engine | None = None, decimals: str = "float") -> dict[str, Any]:  # fmt: skip
    """The process variables an inbound variable mapping gives for ``request``."""
    if mapping is None or not mapping.strip():
        return {}
    text = _expression_text(mapping) if is_expression(mapping) else mapping.strip()
    value = _engine(engine).evaluate(text, _request_scope(request))
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConnectorError("a variable mapping must give a context")
    return to_json_value(value, decimals)
