"""The pyzeebe adapter against a local gRPC gateway on 127.0.0.1 (the generated Zeebe gateway
servicer that pyzeebe ships), with a real pyzeebe worker: the commands the gateway receives
are the outcomes of run_job. Skips where the zeebe extra is absent, except under CI=true."""

import asyncio
import json
import os

import pytest

if os.environ.get("CI") == "true":
    import pyzeebe  # CI installs the zeebe extra: its absence is a failure there
else:
    pyzeebe = pytest.importorskip("pyzeebe", reason="the zeebe extra (pyzeebe) is not installed")

import grpc  # noqa: E402
from pyzeebe.proto import gateway_pb2, gateway_pb2_grpc  # noqa: E402

from feel.connectors import ConnectorException  # noqa: E402
from feel.connectors.zeebe import connector_task  # noqa: E402

JOBS = [  # key, retries, custom headers, variables
    (1, 3, {"resultExpression": "={t: temp}"}, {"city": "Berlin"}),
    (2, 3, {"errorExpression": 'if temp < -50 then bpmnError("COLD", "too cold: " + string(temp)) else null'},
     {"city": "Vostok"}),
    (3, 3, {"retryBackoff": "PT5S"}, {"city": "nowhere"}),
    (4, 3, {"errorExpression": 'jobError("retry later", {why: error.code}, 7, @"PT2M")'}, {"city": "nowhere"}),
]  # fmt: skip


def weather(variables):
    city = variables["city"]
    if city == "nowhere":
        raise ConnectorException("no such city", code="404")
    return {"temp": -60 if city == "Vostok" else 1}


class Gateway(gateway_pb2_grpc.GatewayServicer):
    """Hands out JOBS once, then nothing; records the commands it receives."""

    def __init__(self):
        self.pending = list(JOBS)
        self.commands = {}
        self.done = asyncio.Event()

    async def ActivateJobs(self, request, context):
        if not self.pending:
            await asyncio.sleep(0.05)  # a long poll that finds nothing
            return
        jobs = [gateway_pb2.ActivatedJob(key=key, type=request.type, retries=retries,
                                         customHeaders=json.dumps(headers), variables=json.dumps(variables),
                                         worker=request.worker, bpmnProcessId="p", elementId="task")
                for key, retries, headers, variables in self.pending]  # fmt: skip
        self.pending = []
        yield gateway_pb2.ActivateJobsResponse(jobs=jobs)

    def _record(self, key, command):
        self.commands[key] = command
        if len(self.commands) == len(JOBS):
            self.done.set()

    async def CompleteJob(self, request, context):
        self._record(request.jobKey, ("complete", json.loads(request.variables or "{}")))
        return gateway_pb2.CompleteJobResponse()

    async def ThrowError(self, request, context):
        self._record(request.jobKey, ("throw", request.errorCode, request.errorMessage,
                                      json.loads(request.variables or "{}")))  # fmt: skip
        return gateway_pb2.ThrowErrorResponse()

    async def FailJob(self, request, context):
        self._record(request.jobKey, ("fail", request.retries, request.retryBackOff, request.errorMessage,
                                      json.loads(request.variables or "{}")))  # fmt: skip
        return gateway_pb2.FailJobResponse()


async def run_worker_against_local_gateway():
    gateway = Gateway()
    server = grpc.aio.server()
    gateway_pb2_grpc.add_GatewayServicer_to_server(gateway, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    worker = pyzeebe.ZeebeWorker(channel, name="feel-test", max_connection_retries=1)
    connector_task(worker, "io.example:weather:1", weather)
    work = asyncio.create_task(worker.work())
    try:
        await asyncio.wait_for(gateway.done.wait(), timeout=120)  # a hang guard, not a timing check
    finally:
        await worker.stop()
        await asyncio.wait_for(work, timeout=60)  # a hang guard
        await channel.close()
        await server.stop(None)
    return gateway.commands


def test_a_pyzeebe_worker_sends_the_outcomes_of_run_job():
    commands = asyncio.run(run_worker_against_local_gateway())
    assert commands[1] == ("complete", {"t": 1})
    assert commands[2] == ("throw", "COLD", "too cold: -60", {})
    # an exception without an error expression: retries - 1, the header's backoff in ms
    assert commands[3] == ("fail", 2, 5000, "no such city", {})
    # jobError: its own retries and backoff, and `error` added to its variables
    assert commands[4] == ("fail", 7, 120000, "retry later", {"why": "404", "error": "retry later"})
