"""The connector functions: bpmnError, jobError, ignoreError and backoff, as Camunda defines them."""

from datetime import timedelta
from decimal import Decimal

import pytest

import feel
from feel.connectors import (
    BpmnError,
    Completed,
    ConnectorError,
    Failed,
    IgnoreError,
    JobError,
    backoff_function,
    connector_engine,
    error_of,
    evaluate_error_expression,
    run_job,
)

CAMUNDA = feel.Engine(dialect="camunda")


def value(expression, engine=CAMUNDA):
    return engine.evaluate_result(expression)


@pytest.mark.parametrize("expression, expected", [
    ('bpmnError("123")', {"code": "123", "message": None}),
    ('bpmnError("123", "error received")', {"code": "123", "message": "error received"}),
    ('bpmnError("123", "m", {a: 1})', {"code": "123", "message": "m", "variables": {"a": Decimal(1)}}),
    ('bpmnError(code: "C", message: "m")', {"code": "C", "message": "m"}),
    ('bpmnError(errorCode: "C", errorMessage: "m")', {"code": "C", "message": "m"}),
    ('bpmnError(errorCode: "C")', {"code": "C", "message": None}),
    ('ignoreError()', {"errorType": "ignoreError"}),
    ('ignoreError({a: 1})', {"errorType": "ignoreError", "variables": {"a": Decimal(1)}}),
    ('jobError("m").errorMessage', "m"),
    ('jobError(errorMessage: "m", retries: 2).retries', Decimal(2)),
    ('jobError("m").variables', {}),
    ('string(jobError("m", {}, 1, @"PT5S").retryBackoff)', "PT5S"),
])  # fmt: skip
def test_function_values(expression, expected):
    result = value(expression)
    assert result.value == expected and not result.warnings


@pytest.mark.parametrize("expression, parameter", [
    ('bpmnError(1)', "code"), ('bpmnError("C", 2)', "message"), ('bpmnError("C", "m", [1])', "variables"),
    ('jobError(1)', "message"), ('jobError("m", 1)', "variables"), ('jobError("m", {}, "x")', "retries"),
    ('jobError("m", {}, 1, @"P1M")', "retryBackoff"), ('ignoreError(1)', "variables"),
    ('backoff("1")', "attempt"), ('backoff(1, 5, 1.6)', "minDelay"), ('backoff(1, @"PT1S", "2")', "factor"),
])  # fmt: skip
def test_wrong_arguments_are_null_with_a_warning_naming_the_parameter(expression, parameter):
    result = value(expression)
    assert result.value is None
    assert f"parameter '{parameter}'" in result.warnings[0].message


def test_wrong_arguments_fail_error_expressions_never_mean_no_error():
    with pytest.raises(ConnectorError, match="parameter 'code'") as caught:
        evaluate_error_expression('bpmnError(404, "not found")')
    assert caught.value.warnings and caught.value.warnings[0].kind is feel.WarningKind.INVALID_ARGUMENTS


def test_bpmn_error_has_no_four_argument_form():
    assert value('bpmnError("a", "b", {}, 1)').value is None


@pytest.mark.parametrize("shape, expected", [
    ({"code": "C", "message": "m"}, BpmnError("C", "m")),
    ({"errorType": "bpmnError", "errorCode": "C", "errorMessage": "m"}, BpmnError("C", "m")),
    ({"errorType": "bpmnError", "errorCode": Decimal(404)}, BpmnError("404", None)),
    ({"errorType": "bpmnError", "errorMessage": "no code"}, None),  # the Java runtime drops it
    ({"errorType": "ignoreError"}, IgnoreError({})),
    ({"errorType": "jobError", "message": "m", "retries": Decimal(3)}, JobError("m", {}, 3, "PT0S")),
    ({}, None), (None, None),
])  # fmt: skip
def test_error_expression_shapes(shape, expected):
    assert error_of(shape) == expected


@pytest.mark.parametrize("shape, says", [
    ({"message": "no code, no type"}, "needs an errorType or a code"),
    ({"errorType": "incident"}, "errorType"),
    ({"code": ""}, "not empty"),
    ({"code": True}, "must be a string"),
    ("text", "must give a context or null, not string"),
])  # fmt: skip
def test_shapes_the_java_runtime_refuses_are_clear_errors(shape, says):
    with pytest.raises(ConnectorError, match=says):
        error_of(shape)


# -- backoff


def with_random(number):
    return connector_engine(random=lambda: number)


@pytest.mark.parametrize("expression, random, millis", [
    ("backoff(1)", 0.5, 50),  # the defaults: 50 ms, factor 1.6, at most 5 s, jitter 10 %
    ("backoff(2)", 0.5, 80),
    ("backoff(1)", 0.0, 45),  # 50 - 10 %
    ("backoff(30)", 0.5, 5000),  # capped at maxDelay
    ('backoff(3, @"PT1S", 2)', 0.5, 4000),
    ('backoff(10, @"PT1S", 2, @"PT1M")', 0.5, 60000),
    ('backoff(1, @"PT1S", 2, @"PT1M", 0.5)', 0.0, 500),
    ('backoff(1, @"PT1S", 2, @"PT1M", 0.5)', 0.75, 1250),
    ('backoff(2.9, @"PT1S", 2, @"PT1M", 0)', 0.3, 2000),  # the attempt is truncated, as Java's intValue
    ('backoff(5000, @"PT1S", 10, @"PT2S", 0)', 0.3, 2000),  # an overflowing power is capped too
    ('backoff(1, @"PT0.0015S", 1, @"PT1S", 0)', 0.3, 1),  # whole milliseconds (toMillis truncates)
])  # fmt: skip
def test_backoff_is_the_java_runtimes_exponential_backoff(expression, random, millis):
    result = value(expression, with_random(random))
    assert result.value == feel.evaluate(f"@\"PT{Decimal(millis) / 1000}S\"") and not result.warnings


@pytest.mark.parametrize("expression, says", [
    ("backoff(0)", "'attempt' must be >= 1, but was 0"),
    ('backoff(1, @"PT1S", 0)', "'factor' must be > 0"),
    ('backoff(1, @"PT1M", 2, @"PT1S")', "'minDelay' must be <= 'maxDelay', but 60000ms > 1000ms"),
    ('backoff(1, @"PT1S", 2, @"PT1M", -0.1)', "'jitterFactor' must be >= 0"),
    ('backoff(1, @"PT1S")', "expected"),  # no two-argument form
])  # fmt: skip
def test_backoff_refuses_what_the_java_runtime_refuses(expression, says):
    result = value(expression)
    assert result.value is None and says in result.warnings[0].message


def test_backoff_jitter_stays_within_its_band_with_the_process_random_source():
    for _ in range(50):
        millis = value('backoff(1, @"PT1S", 2, @"PT1M", 0.2)').value.nanos // 1_000_000
        assert 800 <= millis <= 1200


def test_a_backoff_function_for_an_engine_of_ones_own():
    engine = feel.Engine(dialect="camunda", functions={"backoff": backoff_function(lambda: 0.0)},
                         override_builtins=True)  # fmt: skip
    assert str(engine.evaluate("backoff(1)")) == "PT0.045S"


def test_run_job_takes_the_random_source():
    headers = {"errorExpression": 'jobError("later", {}, 2, backoff(1, @"PT10S", 2, @"PT1M", 0.5))'}

    def connector(variables):
        raise RuntimeError("down")

    outcome = run_job(connector, variables={}, headers=headers, retries=3, random=lambda: 0.0)
    assert outcome == Failed("later", 2, timedelta(seconds=5), {"error": "later"})
    assert isinstance(run_job(lambda v: {}, variables={}, retries=1, random=lambda: 0.0), Completed)
