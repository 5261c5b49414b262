"""FEEL for connector runtimes: the Python counterpart of Camunda's connector runtime.

- :func:`run_job` (:mod:`feel.connectors.jobs`): a whole outbound job, in the Java runtime's
  order, ending as :class:`Completed`, :class:`BpmnErrorThrown` or :class:`Failed`;
- :func:`evaluate_field`, :func:`map_response`, :func:`evaluate_error_expression`
  (:mod:`feel.connectors.expressions`): single fields and headers;
- :func:`resolve_secrets`, :class:`SecretFilter`, :class:`SecretProvider`
  (:mod:`feel.connectors.secrets`): placeholders replaced after FEEL ran;
- :func:`correlate`, :func:`is_activated`, :func:`map_variables` (:mod:`feel.connectors.inbound`);
- :func:`verify_hmac`, :func:`webhook_path` (:mod:`feel.connectors.webhooks`);
- :func:`normalize`, :func:`to_runtime_json`, :func:`to_json_value` (:mod:`feel.connectors.values`);
- :mod:`feel.connectors.zeebe`: a pyzeebe adapter (the ``zeebe`` extra), imported on demand.

Every function evaluates with ``feel.Engine(dialect="camunda")`` unless given ``engine=``.
"""

from feel.builtins.connectors import backoff_function
from feel.connectors.errors import (
    ConnectorError,
    ConnectorException,
    ConnectorRetryException,
    SecretNotFound,
)
from feel.connectors.expressions import (
    connector_engine,
    evaluate_error_expression,
    evaluate_field,
    is_expression,
    map_response,
)
from feel.connectors.inbound import (
    Activated,
    NotActivated,
    correlate,
    is_activated,
    map_variables,
)
from feel.connectors.jobs import parse_java_duration, run_job
from feel.connectors.outcomes import (
    BpmnError,
    BpmnErrorThrown,
    Completed,
    Failed,
    IgnoreError,
    JobError,
    error_of,
)
from feel.connectors.secrets import (
    SecretAllowListUnavailable,
    SecretFilter,
    SecretProvider,
    environment_secrets,
    mask,
    resolve_secrets,
    secret_names,
)
from feel.connectors.values import normalize, to_json_value, to_runtime_json
from feel.connectors.webhooks import signed_bytes, verify_hmac, webhook_path

__all__ = [
    "Activated",
    "BpmnError",
    "BpmnErrorThrown",
    "Completed",
    "ConnectorError",
    "ConnectorException",
    "ConnectorRetryException",
    "Failed",
    "IgnoreError",
    "JobError",
    "NotActivated",
    "SecretAllowListUnavailable",
    "SecretFilter",
    "SecretNotFound",
    "SecretProvider",
    "backoff_function",
    "connector_engine",
    "correlate",
    "environment_secrets",
    "error_of",
    "evaluate_error_expression",
    "evaluate_field",
    "is_activated",
    "is_expression",
    "map_response",
    "map_variables",
    "mask",
    "normalize",
    "parse_java_duration",
    "resolve_secrets",
    "run_job",
    "secret_names",
    "signed_bytes",
    "to_json_value",
    "to_runtime_json",
    "verify_hmac",
    "webhook_path",
]
