"""The exceptions of :mod:`feel.connectors`, and the ones a connector may raise."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from feel.errors import FeelError


class ConnectorError(FeelError):
    """A connector job could not be done (a result that is not a context, a bad error...).

    ``warnings`` holds the FEEL warnings of the evaluation that failed, when there was one.
    """

    def __init__(self, message: str, warnings: Sequence[Any] = ()) -> None:
        super().__init__(message)
        self.warnings = list(warnings)


class SecretNotFound(ConnectorError):
    """A secret placeholder names a secret the provider does not have."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"Secret with name '{name}' is not available")


class ConnectorException(Exception):
    """What a connector raises to fail with an error ``code`` and error ``variables`` (the
    Java SDK's ``ConnectorException``): both reach the error expression's ``error``."""

    def __init__(self, message: str, code: str | None = None,
                 variables: dict[str, Any] | None = None) -> None:  # fmt: skip
        super().__init__(message)
        self.code = code
        self.variables = variables


class ConnectorRetryException(ConnectorException):
    """A failure that says how to retry (the Java SDK's ``ConnectorRetryException``):
    ``retries`` left (default: the job's retries - 1) and ``backoff`` (default: the
    ``retryBackoff`` header)."""

    def __init__(self, message: str, code: str | None = None, *, retries: int | None = None,
                 backoff: timedelta | None = None,
                 variables: dict[str, Any] | None = None) -> None:  # fmt: skip
        super().__init__(message, code, variables)
        self.retries = retries
        self.backoff = backoff
