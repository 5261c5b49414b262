"""A Python connector as a pyzeebe task: each job ends as :func:`feel.connectors.run_job` says.

Needs the ``zeebe`` extra (``pip install feel[zeebe]``: pyzeebe and grpcio); importing this
module without it raises :class:`feel.connectors.ConnectorError` saying so.

``connector_task(worker, "io.example:weather:1", fetch_weather)`` registers a task on a
``pyzeebe.ZeebeWorker``: it activates jobs of that type with all their variables, runs the
connector through :func:`run_job` with the job's custom headers and retries, and sends

- ``CompleteJob`` with the outcome's variables for :class:`Completed`,
- ``ThrowError`` with the code, message and variables for :class:`BpmnErrorThrown`,
- ``FailJob`` with the outcome's retries, backoff (milliseconds) and variables for
  :class:`Failed` (pyzeebe's own failure command always sends ``retries - 1``, so the
  adapter sends this one itself, through the worker's gateway adapter).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from feel.connectors.errors import ConnectorError

try:
    import pyzeebe
    from pyzeebe import Job, JobController
except ImportError as missing:  # pragma: no cover - exercised where the extra is absent
    raise ConnectorError("feel.connectors.zeebe needs the zeebe extra: pip install 'feel[zeebe]'",
                         ) from missing  # fmt: skip

from feel.connectors.jobs import run_job
from feel.connectors.outcomes import BpmnErrorThrown, Completed, Failed, Outcome


class _JobEnded(Exception):
    """Carries a non-completing outcome from the task function to the exception handler."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__("the connector job did not complete")
        self.outcome = outcome


def connector_task(worker: pyzeebe.ZeebeWorker, task_type: str,
                   connector: Callable[[dict[str, Any]], Any], *,
                   on_outcome: Callable[[Job, Outcome], None] | None = None,
                   **run_options: Any) -> None:  # fmt: skip
    """Register ``connector`` on ``worker`` as the task ``task_type``.

    ``run_options`` go to :func:`run_job` (``secrets``, ``secret_filter``, ``engine``,
    ``random``); ``on_outcome(job, outcome)``, when given, sees every outcome before its
    command is sent (for logging or metrics)."""
    adapter = worker.zeebe_adapter

    async def run(job: Job) -> dict[str, Any]:
        outcome = run_job(connector, variables=dict(job.variables), headers=dict(job.custom_headers),
                          retries=job.retries, **run_options)  # fmt: skip
        if on_outcome is not None:
            on_outcome(job, outcome)
        if isinstance(outcome, Completed):
            return outcome.variables
        raise _JobEnded(outcome)

    run.__annotations__ = {"job": Job, "return": dict}  # pyzeebe finds the job by its annotation

    async def send(error: Exception, job: Job, controller: JobController) -> None:
        if not isinstance(error, _JobEnded):
            # run_job never raises; anything else comes from pyzeebe itself
            await controller.set_failure_status(f"{type(error).__name__}: {error}")
            return
        outcome = error.outcome
        if isinstance(outcome, BpmnErrorThrown):
            await controller.set_error_status(outcome.message or "", outcome.code,
                                              outcome.variables)  # fmt: skip
        elif isinstance(outcome, Failed):
            await adapter.fail_job(job_key=job.key, retries=outcome.retries,
                                   message=outcome.message or "",
                                   retry_back_off_ms=outcome.retry_backoff_ms,
                                   variables=outcome.variables)  # fmt: skip

    worker.task(task_type, exception_handler=send, variables_to_fetch=[])(run)
