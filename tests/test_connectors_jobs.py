"""run_job: a whole outbound job in the Java connector runtime's order and with its rules."""

from datetime import timedelta

import pytest

import feel
from feel.connectors import (
    BpmnErrorThrown,
    Completed,
    ConnectorException,
    ConnectorRetryException,
    Failed,
    SecretFilter,
    parse_java_duration,
    run_job,
)

SECRETS = {"TOKEN": "s3cr3t", "HOST": "api.example.org"}


def echo(variables):
    return {"echo": variables, "status": 200}


def fails(message="boom", **details):
    def connector(variables):
        raise ConnectorException(message, **details)

    return connector


def never_called(variables):
    raise AssertionError("the connector must not be called")


# -- 1. the retry backoff header, before anything else


@pytest.mark.parametrize("header", ["5 minutes", "P1M", "P1Y", "PT", "", "P", "PT5MS"])
def test_an_invalid_retry_backoff_fails_with_zero_retries_before_the_connector(header):
    outcome = run_job(never_called, variables={}, headers={"retryBackoff": header}, retries=3)
    assert isinstance(outcome, Failed) and outcome.retries == 0
    assert "Failed to parse retry backoff header" in outcome.message and repr(header)[1:-1] in outcome.message


@pytest.mark.parametrize("text, expected", [
    ("PT5M", timedelta(minutes=5)), ("PT0S", timedelta(0)), ("P2DT3H", timedelta(days=2, hours=3)),
    ("pt1.5s", timedelta(seconds=1.5)), ("-PT10S", timedelta(seconds=-10)), ("P1D", timedelta(days=1)),
    ("PT-0.5S", timedelta(seconds=-0.5)), ("PT1,25S", timedelta(seconds=1.25)),
])  # fmt: skip
def test_retry_backoff_headers_read_as_java_durations(text, expected):
    assert parse_java_duration(text) == expected


def test_a_valid_backoff_header_is_the_backoff_of_a_failure():
    outcome = run_job(fails(), variables={}, headers={"retryBackoff": "PT30S"}, retries=3)
    assert outcome == Failed("boom", 2, timedelta(seconds=30), {})
    assert outcome.retry_backoff_ms == 30000
    assert run_job(fails(), variables={}, retries=3).retry_backoff is None


# -- 2. secrets, before the call


def test_secrets_are_replaced_before_the_connector_runs():
    variables = {"url": "https://{{secrets.HOST}}/x", "auth": "Bearer secrets.TOKEN", "n": 1}
    outcome = run_job(echo, variables=variables, headers={"resultVariable": "r"}, retries=1,
                      secrets=SECRETS)  # fmt: skip
    assert outcome.variables["r"]["echo"] == {"url": "https://api.example.org/x", "auth": "Bearer s3cr3t", "n": 1}


def test_a_missing_secret_fails_with_zero_retries_naming_it_never_a_value():
    variables = {"a": "{{secrets.TOKEN}}", "b": "{{secrets.MISSING}}"}
    outcome = run_job(never_called, variables=variables, retries=3, secrets=SECRETS)
    assert isinstance(outcome, Failed) and outcome.retries == 0
    assert "MISSING" in outcome.message and "s3cr3t" not in outcome.message


def test_a_secret_filter_keeps_data_from_pulling_in_a_secret():
    allowed = SecretFilter.from_inputs({"auth": '="Bearer {{secrets.TOKEN}}"'})
    variables = {"auth": "Bearer {{secrets.TOKEN}}", "comment": "{{secrets.HOST}}"}
    outcome = run_job(echo, variables=variables, headers={"resultVariable": "r"}, retries=1,
                      secrets=SECRETS, secret_filter=allowed)  # fmt: skip
    assert outcome.variables["r"]["echo"] == {"auth": "Bearer s3cr3t", "comment": "{{secrets.HOST}}"}


def test_secret_filter_modes_when_the_allow_list_cannot_be_read():
    def unreadable():
        raise OSError("definition not found")

    variables = {"a": "{{secrets.TOKEN}}"}
    strict = run_job(never_called, variables=variables, retries=3, secrets=SECRETS,
                     secret_filter=SecretFilter(unreadable, "strict"))  # fmt: skip
    assert strict == Failed("the secret allow-list of this element could not be read", 2, timedelta(seconds=5))
    lax = run_job(echo, variables=variables, headers={"resultVariable": "r"}, retries=3, secrets=SECRETS,
                  secret_filter=SecretFilter(unreadable, "lax"))  # fmt: skip
    assert lax.variables["r"]["echo"] == {"a": "s3cr3t"}
    disabled = run_job(echo, variables=variables, headers={"resultVariable": "r"}, retries=3,
                       secrets=SECRETS, secret_filter=SecretFilter((), "disabled"))  # fmt: skip
    assert disabled.variables["r"]["echo"] == {"a": "s3cr3t"}


# -- 3. exceptions become the error context


def test_without_an_error_expression_an_exception_fails_with_retries_minus_one():
    assert run_job(fails("down"), variables={}, retries=3) == Failed("down", 2, None, {})
    assert run_job(fails("down"), variables={}, retries=0).retries == 0  # never below 0


def test_the_error_context_is_visible_as_error_and_as_response_error():
    headers = {"errorExpression": "bpmnError(error.code, error.type + \"|\" + response.error.message, "
                                  "{v: error.variables.detail})"}  # fmt: skip
    outcome = run_job(fails("not found", code="404", variables={"detail": 7}), variables={},
                      headers=headers, retries=3)  # fmt: skip
    assert outcome == BpmnErrorThrown("404", "feel.connectors.errors.ConnectorException|not found", {"v": 7})


def test_plain_python_exceptions_have_type_and_message():
    def connector(variables):
        raise ValueError("bad input")

    headers = {"errorExpression": 'if error.type = "ValueError" then bpmnError("VALUE", error.message) else null'}
    assert run_job(connector, variables={}, headers=headers, retries=1) == BpmnErrorThrown("VALUE", "bad input")


def test_a_connector_retry_exception_sets_retries_and_backoff():
    def connector(variables):
        raise ConnectorRetryException("busy", retries=5, backoff=timedelta(seconds=9))

    assert run_job(connector, variables={}, headers={"retryBackoff": "PT1S"}, retries=2) == (
        Failed("busy", 5, timedelta(seconds=9), {}))


# -- 4. result variable and result expression


def test_the_result_variable_receives_the_raw_response():
    outcome = run_job(echo, variables={"a": 1}, headers={"resultVariable": "r"}, retries=1)
    assert outcome == Completed({"r": {"echo": {"a": 1}, "status": 200}})


@pytest.mark.parametrize("name", ["", "   ", None])
def test_a_blank_result_variable_sets_nothing(name):
    assert run_job(echo, variables={}, headers={"resultVariable": name}, retries=1) == Completed({})


def test_the_result_expression_sees_response_and_its_top_level_keys():
    headers = {"resultVariable": "r", "resultExpression": "={code: status, same: response.status = status}"}
    outcome = run_job(echo, variables={}, headers=headers, retries=1)
    assert outcome.variables == {"r": {"echo": {}, "status": 200}, "code": 200, "same": True}


def test_a_result_expression_that_gives_no_context_fails_showing_the_value():
    outcome = run_job(echo, variables={}, headers={"resultExpression": '="status is " + string(status)'},
                      retries=3)  # fmt: skip
    assert isinstance(outcome, Failed) and outcome.retries == 0
    assert "must give a context" in outcome.message and "status is 200" in outcome.message


def test_the_reserved_key_may_not_be_produced():
    headers = {"resultExpression": '={doc: {`camunda.function.type`: "createDocument"}}'}
    outcome = run_job(echo, variables={}, headers=headers, retries=3)
    assert isinstance(outcome, Failed) and outcome.retries == 0 and "camunda.function.type" in outcome.message


def test_a_null_result_expression_value_sets_nothing():
    assert run_job(echo, variables={}, headers={"resultExpression": "=null"}, retries=1) == Completed({})


# -- 5. the error expression


def test_the_error_expression_sees_mapped_variables_when_there_are_any():
    headers = {"resultExpression": "={mapped: status}",
               "errorExpression": 'if mapped = 200 and response.mapped = 200 then bpmnError("SEEN", "m") else null'}
    assert run_job(echo, variables={}, headers=headers, retries=1) == BpmnErrorThrown("SEEN", "m")


def test_the_error_expression_sees_the_response_without_mapped_variables():
    headers = {"errorExpression": 'if status = 200 then bpmnError("OK200") else null'}
    assert run_job(echo, variables={}, headers=headers, retries=1) == BpmnErrorThrown("OK200", None)


def test_the_error_expression_sees_job_retries():
    headers = {"errorExpression": 'if job.retries < 2 then bpmnError("LAST", "last try") else null'}
    assert run_job(fails(), variables={}, headers=headers, retries=1) == BpmnErrorThrown("LAST", "last try")
    assert run_job(fails(), variables={}, headers=headers, retries=5) == Failed("boom", 4, None, {})


@pytest.mark.parametrize("expression", ["{}", "null", "= null", " "])
def test_empty_context_or_null_means_no_error(expression):
    assert run_job(echo, variables={}, headers={"errorExpression": expression}, retries=1) == Completed({})


def test_a_broken_error_expression_fails_with_zero_retries():
    for expression in ("= if then", '"a string"', '{errorType: "other"}'):
        outcome = run_job(echo, variables={}, headers={"errorExpression": expression}, retries=3)
        assert isinstance(outcome, Failed) and outcome.retries == 0 and outcome.message, expression


def test_a_wrong_argument_to_bpmn_error_fails_the_job_with_the_warning():
    outcome = run_job(echo, variables={}, headers={"errorExpression": 'bpmnError(404, "m")'}, retries=3)
    assert isinstance(outcome, Failed) and outcome.retries == 0
    assert "bpmnError: parameter 'code' must be a string, not number" in outcome.message


def test_other_warnings_stay_on_the_outcome():
    headers = {"resultExpression": "={a: missing}"}
    outcome = run_job(echo, variables={}, headers=headers, retries=1)
    assert outcome.variables == {"a": None}
    assert any("missing" in warning for warning in outcome.warnings)


# -- 6. ignoreError and jobError


def test_ignore_error_completes_with_its_variables():
    headers = {"errorExpression": 'ignoreError({handled: error.message})'}
    assert run_job(fails("gone"), variables={}, headers=headers, retries=3) == Completed({"handled": "gone"})
    assert run_job(fails(), variables={}, headers={"errorExpression": "ignoreError()"}, retries=3) == Completed({})


def test_job_error_fails_with_its_retries_backoff_and_adds_error():
    headers = {"errorExpression": 'jobError("try again", {attempt: 2}, 4, @"PT1M")'}
    assert run_job(echo, variables={}, headers=headers, retries=9) == (
        Failed("try again", 4, timedelta(minutes=1), {"attempt": 2, "error": "try again"}))


def test_job_error_with_backoff_from_the_backoff_function():
    headers = {"errorExpression": 'jobError("later", {}, job.retries - 1, backoff(3, @"PT1S", 2, @"PT1M", 0))'}
    outcome = run_job(fails(), variables={}, headers=headers, retries=3)
    assert outcome == Failed("later", 2, timedelta(seconds=4), {"error": "later"})


def test_the_java_bpmn_error_shape_is_understood():
    headers = {"errorExpression": '{errorType: "bpmnError", errorCode: "J1", errorMessage: "java"}'}
    assert run_job(echo, variables={}, headers=headers, retries=1) == BpmnErrorThrown("J1", "java")


# -- 7. messages: cut and masked


def test_messages_are_cut_to_6000_characters():
    outcome = run_job(fails("x" * 7000), variables={}, retries=2)
    assert len(outcome.message) == 6000
    headers = {"errorExpression": 'bpmnError("LONG", error.message + error.message)'}
    assert len(run_job(fails("y" * 5000), variables={}, headers=headers, retries=2).message) == 6000


def test_secret_values_are_masked_in_messages_and_error_variables():
    def leaky(variables):
        raise ConnectorException(f"401 for token {variables['auth']}", code="401",
                                 variables={"body": {"echo": variables["auth"]}})  # fmt: skip

    variables = {"auth": "{{secrets.TOKEN}}"}
    failed = run_job(leaky, variables=variables, retries=2, secrets=SECRETS)
    assert failed.message == "401 for token ***"
    headers = {"errorExpression": 'bpmnError(error.code, error.message, {seen: error.variables})'}
    thrown = run_job(leaky, variables=variables, headers=headers, retries=2, secrets=SECRETS)
    assert thrown == BpmnErrorThrown("401", "401 for token ***", {"seen": {"body": {"echo": "***"}}})
    headers = {"errorExpression": 'jobError("echo: " + error.variables.body.echo, {})'}
    assert "s3cr3t" not in repr(run_job(leaky, variables=variables, headers=headers, retries=2, secrets=SECRETS))


def test_a_secret_the_response_echoes_is_masked_in_a_bpmn_error_too():
    headers = {"errorExpression": 'bpmnError("ECHO", "got " + echo.auth, {auth: echo.auth})'}
    thrown = run_job(echo, variables={"auth": "{{secrets.TOKEN}}"}, headers=headers, retries=1, secrets=SECRETS)
    assert thrown == BpmnErrorThrown("ECHO", "got ***", {"auth": "***"})


# -- the engine


def test_run_job_uses_the_camunda_dialect_unless_given_an_engine():
    assert feel.Engine(dialect="camunda").dialect.camunda_builtins
    engine = feel.Engine(functions={"double": lambda x: x * 2})
    headers = {"resultExpression": "={d: double(status)}"}
    assert run_job(echo, variables={}, headers=headers, retries=1, engine=engine) == Completed({"d": 400})


def test_run_job_never_raises():
    def strange(variables):
        return {1: object()}

    assert isinstance(run_job(strange, variables={}, headers={"resultVariable": "r"}, retries=1), Completed)
    outcome = run_job(echo, variables={}, headers={"resultExpression": "= 1 / 0"}, retries=1)
    assert outcome.variables == {} and "division by zero" in outcome.warnings[0]  # null, as in Camunda
    assert isinstance(run_job(echo, variables={}, headers={"resultExpression": "=[1]"}, retries=1), Failed)


def test_input_of_the_wrong_shape_is_a_failed_job():
    assert run_job(echo, variables=[1, 2], retries=1).retries == 0
    assert "retries must be an int" in run_job(echo, variables={}, retries="3").message


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = st.sampled_from(list('= {}[]()":,.+-<>01ae@') + [
    "if ", " then ", " else ", "null", "error", "response", "status", "job.retries", "bpmnError(",
    "jobError(", "ignoreError(", "backoff(", "errorType", '"x"', "camunda.function.type"])


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join), st.lists(PIECES, max_size=30).map("".join),
       st.booleans(), st.integers(-1, 5))  # fmt: skip
def test_run_job_always_ends_the_job(result_expression, error_expression, raises, retries):
    def connector(variables):
        if raises:
            raise ConnectorException("failed", code="500")
        return {"status": 500, "body": {"a": [1, 2]}}

    headers = {"resultExpression": result_expression, "errorExpression": error_expression}
    outcome = run_job(connector, variables={}, headers=headers, retries=retries)
    assert isinstance(outcome, (Completed, BpmnErrorThrown, Failed))
    if isinstance(outcome, Failed):
        assert outcome.retries >= 0
