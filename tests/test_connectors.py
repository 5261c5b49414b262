"""feel.connectors: fields, response mapping, error expressions, secrets, inbound."""

import pytest

import feel
from feel.connectors import (
    BpmnError,
    ConnectorError,
    JobError,
    SecretNotFound,
    environment_secrets,
    evaluate_error_expression,
    evaluate_field,
    is_activated,
    map_response,
    map_variables,
    resolve_secrets,
    to_json_value,
)  # fmt: skip

WEATHER = {
    "status": 200,
    "headers": {"content-type": "application/json"},
    "body": {"current_weather": {"temperature": 1.0, "windspeed": 10.1, "weathercode": 3}},
}


def test_fields():
    assert evaluate_field("= a + 1", {"a": 41}) == 42
    assert evaluate_field("=upper case(name)", {"name": "ada"}) == "ADA"
    assert evaluate_field("plain text") == "plain text"
    assert evaluate_field(5) == 5
    assert evaluate_field("= 1.5 * 2") == 3
    assert evaluate_field("= 0.1 + 0.2", decimals="string") == "0.3"


def test_result_variable_and_result_expression():
    expression = (
        "= {berlinWeather: response.body.current_weather.temperature, "
        "berlinWindSpeed: response.body.current_weather.windspeed, "
        "berlinWeatherInFahrenheit: response.body.current_weather.temperature * 1.8 + 32}"
    )
    variables = map_response(WEATHER, result_expression=expression)
    assert variables == {"berlinWeather": 1.0, "berlinWindSpeed": 10.1, "berlinWeatherInFahrenheit": 33.8}
    both = map_response(WEATHER, result_variable="weather", result_expression="= {code: status}")
    assert both["weather"]["body"]["current_weather"]["windspeed"] == 10.1 and both["code"] == 200


def test_result_expression_sees_top_level_keys():
    assert map_response(WEATHER, result_expression="= {ok: status = 200}") == {"ok": True}


def test_result_expression_must_give_a_context():
    with pytest.raises(ConnectorError):
        map_response(WEATHER, result_expression="= status")


STATUS_ERRORS = ('if error.code = "404" then bpmnError("404", "Got a 404") '
                 'else if error.code = "500" then bpmnError("500", "Got a 500") else null')  # fmt: skip


@pytest.mark.parametrize("code, expected", [
    ("404", BpmnError("404", "Got a 404")), ("500", BpmnError("500", "Got a 500")), ("503", None),
])  # fmt: skip
def test_error_expression_on_technical_errors(code, expected):
    error = {"code": code, "message": "failed"}
    assert evaluate_error_expression(STATUS_ERRORS, error=error) == expected


HUMIDITY = ('if response.body.main.humidity < 0 then '
            'bpmnError("HUMIDITY-FAIL", "Received invalid humidity") else null')  # fmt: skip


@pytest.mark.parametrize("humidity, expected", [
    (-3, BpmnError("HUMIDITY-FAIL", "Received invalid humidity")), (40, None),
])  # fmt: skip
def test_error_expression_on_responses(humidity, expected):
    response = {"status": 200, "body": {"main": {"humidity": humidity}}}
    assert evaluate_error_expression(HUMIDITY, response=response) == expected


def test_error_forms():
    assert evaluate_error_expression("= {}") is None
    assert evaluate_error_expression('{errorType: "bpmnError", errorCode: "E1", errorMessage: "m"}') == (
        BpmnError("E1", "m"))
    job = evaluate_error_expression('jobError("down", {a: 1}, 2, @"PT10S")')
    assert job == JobError("down", {"a": 1}, 2, "PT10S")
    assert evaluate_error_expression('bpmnError("C", "m", {x: 1})') == BpmnError("C", "m", {"x": 1})
    with pytest.raises(ConnectorError):
        evaluate_error_expression('"just a string"')


def test_secrets_in_strings_lists_and_dicts():
    secrets = {"TOKEN": "s3cr3t", "HOST": "example.org"}
    value = {"url": "https://{{ secrets.HOST }}/api", "auth": ["Bearer {{secrets.TOKEN}}"],
             "legacy": "secrets.TOKEN", "n": 1}  # fmt: skip
    resolved = resolve_secrets(value, secrets)
    assert resolved == {"url": "https://example.org/api", "auth": ["Bearer s3cr3t"], "legacy": "s3cr3t", "n": 1}
    assert value["auth"] == ["Bearer {{secrets.TOKEN}}"]  # the input is not modified
    assert resolve_secrets("{{secrets.TOKEN}}", lambda name: name.lower()) == "token"


def test_unknown_secret_names_the_secret_never_a_value():
    with pytest.raises(SecretNotFound) as caught:
        resolve_secrets("{{secrets.MISSING}} and {{secrets.TOKEN}}", {"TOKEN": "s3cr3t"})
    assert "MISSING" in str(caught.value) and "s3cr3t" not in str(caught.value)
    assert isinstance(caught.value, feel.FeelError)


def test_environment_provider(monkeypatch):
    monkeypatch.setenv("CONNECTOR_KEY", "k")
    assert resolve_secrets("{{secrets.KEY}}", environment_secrets("CONNECTOR_")) == "k"


def test_inbound_activation_and_mapping():
    request = {"body": {"id": 7, "kind": "order"}, "headers": {"x-token": "t"}}
    assert is_activated("", request) is True
    assert is_activated('=request.body.kind = "order"', request) is True
    assert is_activated("=request.body.id > 10", request) is False
    assert is_activated("=request.params.missing", request) is False
    assert map_variables("={orderId: request.body.id, token: request.headers.`x-token`}",
                         request) == {"orderId": 7, "token": "t"}  # fmt: skip
    assert map_variables('={token: get value(request.headers, "x-token")}', request) == {"token": "t"}
    assert map_variables("", request) == {}


def test_json_values():
    value = feel.evaluate('{a: 1, b: 2.5, c: date("2023-01-19"), d: [duration("PT1H")], e: null}')
    assert to_json_value(value) == {"a": 1, "b": 2.5, "c": "2023-01-19", "d": ["PT1H"], "e": None}
    assert to_json_value(feel.evaluate("1/3"), decimals="string").startswith("0.333")
