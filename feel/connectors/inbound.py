"""Inbound events: activation conditions, correlation keys, message ids and variables.

:func:`correlate` decides what one event does, as the Java runtime's inbound correlation
does. The condition and the expressions see the whole payload: its top-level keys, and for
a webhook (a payload with ``request``) ``request`` with ``body``, ``headers`` and ``params``
and ``connectorData``, each ``{}`` when missing. A blank or null condition activates; only
``true`` activates; a condition that cannot be evaluated (a syntax error, a connector
function's warning) is a :class:`ConnectorError`, not a silent "no". The correlation key
and the message id are text (``=456`` gives ``"456"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import feel
from feel.connectors.errors import ConnectorError
from feel.connectors.expressions import evaluate, expression_text, is_blank, output_variables
from feel.connectors.values import normalize, to_json_value, to_runtime_json
from feel.errors import FeelSyntaxError
from feel.render import render
from feel.values import type_name


@dataclass(frozen=True)
class Activated:
    """The event activates: set ``variables``; correlate with ``correlation_key`` and
    ``message_id`` (None when no expression gives them)."""

    variables: dict[str, Any]
    correlation_key: str | None = None
    message_id: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotActivated:
    """The activation condition did not hold; ``reason`` says what it gave."""

    reason: str
    warnings: tuple[str, ...] = field(default=())


def payload_scope(payload: Any) -> dict[str, Any]:
    """The scope inbound expressions see for ``payload`` (see the module text)."""
    payload = normalize(payload)
    scope: dict[str, Any] = dict(payload) if isinstance(payload, Mapping) else {}
    if "request" in scope:
        request = dict(scope["request"]) if isinstance(scope["request"], Mapping) else {}
        for part in ("body", "headers", "params"):
            if request.get(part) is None:
                request[part] = {}
        scope["request"] = request
        if scope.get("connectorData") is None:
            scope["connectorData"] = {}
    return scope


def _evaluate(text: str, scope: dict[str, Any], engine: feel.Engine | None, strict: bool,
              what: str) -> tuple[Any, list[Any]]:  # fmt: skip
    try:
        return evaluate(expression_text(text), scope, engine, strict, what)
    except FeelSyntaxError as error:
        raise ConnectorError(f"{what} is not valid FEEL: {error}") from error


def _text_of(value: Any, what: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if type(value) is Decimal:
        return str(to_json_value(value))
    raise ConnectorError(f"{what} must give text or a number, not {type_name(value)}")


def correlate(payload: Any, *, activation_condition: str | None = None,
              result_variable: str | None = None, result_expression: str | None = None,
              correlation_key_expression: str | None = None,
              message_id_expression: str | None = None, engine: feel.Engine | None = None,
              strict: bool = False) -> Activated | NotActivated:  # fmt: skip
    """What one inbound event does: :class:`Activated` with the variables to set (the result
    variable holds the whole payload, the result expression adds its context's entries),
    the correlation key and the message id; or :class:`NotActivated` with the reason."""
    scope = payload_scope(payload)
    warnings: list[Any] = []
    if not is_blank(activation_condition):
        verdict, warnings = _evaluate(activation_condition or "", scope, engine, strict,
                                      "the activation condition")  # fmt: skip
        if verdict is not True:
            return NotActivated(f"the activation condition gave {render(verdict)}, not true",
                                tuple(str(w) for w in warnings))  # fmt: skip
    variables, more = output_variables(scope if isinstance(scope, Mapping) and scope else payload,
                                       None, result_expression, engine=engine,
                                       convert=to_runtime_json, strict=strict)  # fmt: skip
    warnings += more
    if result_variable and result_variable.strip():
        variables = {result_variable: to_runtime_json(feel.to_feel(normalize(payload))), **variables}
    found: list[str | None] = []
    for text, what in ((correlation_key_expression, "the correlation key expression"),
                       (message_id_expression, "the message id expression")):  # fmt: skip
        if is_blank(text):
            found.append(None)
            continue
        value, more = _evaluate(text or "", scope, engine, strict, what)
        warnings += more
        found.append(_text_of(value, what))
    return Activated(variables, found[0], found[1], tuple(str(w) for w in warnings))


def is_activated(condition: str | None, request: Mapping[str, Any] | None, *,
                 engine: feel.Engine | None = None, strict: bool = False) -> bool:  # fmt: skip
    """True when the activation ``condition`` holds for a webhook ``request`` (``body``,
    ``headers``, ``params``); an empty condition always holds."""
    outcome = correlate({"request": request or {}}, activation_condition=condition,
                        engine=engine, strict=strict)  # fmt: skip
    return isinstance(outcome, Activated)


def map_variables(mapping: str | None, request: Mapping[str, Any] | None, *,
                  engine: feel.Engine | None = None, decimals: str = "float",
                  strict: bool = False) -> dict[str, Any]:  # fmt: skip
    """The process variables an inbound variable mapping (a result expression) gives for a
    webhook ``request``."""
    if is_blank(mapping):
        return {}
    scope = payload_scope({"request": request or {}})
    variables, _ = output_variables(scope, None, mapping, engine=engine,
                                    convert=lambda v: to_json_value(v, decimals), strict=strict)  # fmt: skip
    return variables
