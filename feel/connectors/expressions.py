"""The FEEL of connector fields and headers: field values, result and error expressions.

Every function here evaluates with an engine in the Camunda dialect
(``feel.Engine(dialect="camunda")``) unless the caller passes ``engine=``, since these
expressions were written for Camunda's engine. No evaluation problem vanishes:

- a warning from a connector function (``bpmnError(1, "m")``: the code is not text) raises
  :class:`ConnectorError` with the warning's text, always: the Java runtime fails the job
  when its function throws;
- other warnings (a missing variable, ``"a" + 1``...) leave the value null as Camunda does;
  with ``strict=True`` they raise :class:`ConnectorError`, which carries them in ``warnings``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import feel
from feel.builtins.connectors import CONNECTOR_FUNCTIONS, backoff_function
from feel.connectors.errors import ConnectorError
from feel.connectors.outcomes import BpmnError, IgnoreError, JobError, error_of
from feel.connectors.secrets import Secrets, replace_secrets, secret_names
from feel.connectors.values import normalize, to_json_value
from feel.diagnostics import Warning
from feel.render import render
from feel.values import type_name

#: A key no result may produce: the runtime's marker of its own intrinsic functions.
RESERVED_KEY = "camunda.function.type"

_CAMUNDA: list[feel.Engine] = []  # made on first use, never changed afterwards


def connector_engine(engine: feel.Engine | None = None,
                     random: Callable[[], float] | None = None) -> feel.Engine:  # fmt: skip
    """The engine connector expressions run with: ``engine``, else one in the Camunda
    dialect; with ``random`` (a callable giving floats in [0, 1)), one whose ``backoff``
    draws its jitter from it."""
    if engine is None:
        if not _CAMUNDA:
            _CAMUNDA.append(feel.Engine(dialect="camunda"))
        engine = _CAMUNDA[0]
    if random is None:
        return engine
    functions = {**engine.settings.functions, "backoff": backoff_function(random)}
    return engine.derive(functions=functions, override_builtins=True)


def is_expression(value: Any) -> bool:
    """True for a field value that is a FEEL expression (a string starting with ``=``)."""
    return isinstance(value, str) and value.lstrip().startswith("=")


def expression_text(value: str) -> str:
    """The FEEL text of a field or header: without its leading ``=`` and outer white space."""
    return value.lstrip()[1:].strip() if is_expression(value) else value.strip()


def is_blank(value: str | None) -> bool:
    """True for None, an empty text, white space, or a lone ``=``."""
    return value is None or not value.strip() or value.strip() == "="


def is_connector_warning(warning: Warning) -> bool:
    """True for a warning from a connector function (which fails a job)."""
    return warning.message.startswith(tuple(f"{name}:" for name in CONNECTOR_FUNCTIONS))


def evaluate(text: str, scope: Mapping[str, Any], engine: feel.Engine | None = None,
             strict: bool = False, what: str = "the expression") -> tuple[Any, list[Warning]]:  # fmt: skip
    """The value of ``text`` in ``scope`` and its warnings; raises :class:`ConnectorError`
    on a connector function's warning, and on any warning when ``strict``."""
    result = connector_engine(engine).evaluate_result(text, scope)
    fatal = [w for w in result.warnings if strict or is_connector_warning(w)]
    if fatal:
        raise ConnectorError(f"{what} failed: " + "; ".join(str(w) for w in fatal), result.warnings)
    return result.value, result.warnings


def response_scope(response: Any, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The scope of result and error expressions: the response's top-level keys, the
    response as ``response``, then ``extra``."""
    scope: dict[str, Any] = dict(response) if isinstance(response, Mapping) else {}
    scope["response"] = response
    if extra:
        scope.update(extra)
    return scope


def _contains_reserved_key(value: Any) -> bool:
    if isinstance(value, str):
        return RESERVED_KEY in value
    if isinstance(value, dict):
        return any(_contains_reserved_key(k) or _contains_reserved_key(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_contains_reserved_key(item) for item in value)
    return False


def output_variables(response: Any, result_variable: str | None, result_expression: str | None,
                     *, engine: feel.Engine | None = None, convert: Callable[[Any], Any],
                     strict: bool = False) -> tuple[dict[str, Any], list[Warning]]:  # fmt: skip
    """The variables a response gives: ``{result_variable: response}`` (a blank name sets
    nothing) and the entries of the context the result expression gives; with the warnings."""
    variables: dict[str, Any] = {}
    response = normalize(response)
    if result_variable and result_variable.strip():
        variables[result_variable] = convert(feel.to_feel(response))
    if is_blank(result_expression):
        return variables, []
    value, warnings = evaluate(expression_text(result_expression or ""), response_scope(response),
                               engine, strict, "the result expression")  # fmt: skip
    if value is None:
        return variables, warnings
    if not isinstance(value, dict):
        shown = render(value)
        raise ConnectorError(f"the result expression must give a context, not {type_name(value)}: "
                             f"{shown[:200]}", warnings)  # fmt: skip
    if _contains_reserved_key(value):
        raise ConnectorError(f"the result contains the reserved literal {RESERVED_KEY!r}", warnings)
    variables.update(convert(value))
    return variables, warnings


def evaluate_field(value: Any, variables: Mapping[str, Any] | None = None, *,
                   engine: feel.Engine | None = None, decimals: str = "float",
                   secrets: Secrets | None = None, strict: bool = False) -> Any:  # fmt: skip
    """The value of a connector field: ``"= a + 1"`` is evaluated, anything else is literal.

    With ``secrets``, the secret placeholders written in the field are replaced in the result
    afterwards, as a connector runtime does before calling the connector. Only the names the
    field's own text holds are looked up: a placeholder that data put into the result (a
    variable whose value is the text ``"{{secrets.TOKEN}}"``) stays as it is.
    """
    names = None if secrets is None else frozenset(secret_names(value))
    if is_expression(value):
        found, _ = evaluate(expression_text(value), variables or {}, engine, strict, "the field")
        value = to_json_value(found, decimals)
    return value if secrets is None else replace_secrets(value, secrets, names)[0]


def map_response(response: Any, result_variable: str | None = None,
                 result_expression: str | None = None, *, engine: feel.Engine | None = None,
                 decimals: str = "float", strict: bool = False) -> dict[str, Any]:  # fmt: skip
    """The process variables to set for a connector response.

    ``{result_variable: response}`` and/or the entries of the context the result expression
    yields (the response is ``response``, its top-level keys are visible too). A result that
    is not a context, or holds the reserved ``camunda.function.type``, raises
    :class:`ConnectorError`.
    """
    return output_variables(response, result_variable, result_expression, engine=engine,
                            convert=lambda v: to_json_value(v, decimals), strict=strict)[0]  # fmt: skip


def convert_error(error: Any, convert: Callable[[Any], Any]) -> Any:
    """``error`` (from :func:`error_of`) with its variables in JSON form."""
    if isinstance(error, (BpmnError, JobError, IgnoreError)):
        return dataclasses.replace(error, variables=convert(error.variables))
    return error


def evaluate_error_expression(expression: str | None, response: Any = None,
                              error: Mapping[str, Any] | None = None,
                              variables: Mapping[str, Any] | None = None, *,
                              engine: feel.Engine | None = None, strict: bool = False,
                              ) -> BpmnError | JobError | IgnoreError | None:  # fmt: skip
    """The error an error expression asks for: None, a :class:`BpmnError`, a
    :class:`JobError` or an :class:`IgnoreError` (the shapes: :func:`feel.connectors.error_of`).

    ``response``, its top-level keys, ``variables`` and ``error`` (``{type, message, code}``
    of a technical failure; unbound when None) are visible.
    """
    if is_blank(expression):
        return None
    extra = dict(variables or {})
    if error is not None:
        extra["error"] = dict(error)
    value, _ = evaluate(expression_text(expression or ""), response_scope(normalize(response), extra),
                        engine, strict, "the error expression")  # fmt: skip
    return convert_error(error_of(value), to_json_value)
