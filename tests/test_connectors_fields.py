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


# -- error expressions: the common idioms, forms and invalid results

DEFINED_ERROR = "if is defined(error) then bpmnError(error.code, error.message) else null"
NOT_NULL_ERROR = 'if error != null then bpmnError("CHECK", "check", {checkError: error}) else null'


def test_error_is_undefined_without_a_technical_failure():
    assert evaluate_error_expression(DEFINED_ERROR, response={"status": 200}) is None
    assert evaluate_error_expression(NOT_NULL_ERROR, response={"status": 200}) is None
    failure = {"code": "TIMEOUT", "message": "read timed out"}
    assert evaluate_error_expression(DEFINED_ERROR, error=failure) == BpmnError("TIMEOUT", "read timed out")
    assert evaluate_error_expression(NOT_NULL_ERROR, error=failure) == BpmnError(
        "CHECK", "check", {"checkError": failure})


def test_a_response_key_named_error_stays_visible_without_a_failure():
    response = {"error": {"code": "E7", "message": "from the body"}}
    assert evaluate_error_expression(DEFINED_ERROR, response=response) == BpmnError("E7", "from the body")


def test_process_variables_are_visible_in_error_expressions():
    found = evaluate_error_expression('if status >= limit then bpmnError("LIMIT", "too high") else {}',
                                      response={"status": 503}, variables={"limit": 500})  # fmt: skip
    assert found == BpmnError("LIMIT", "too high")


@pytest.mark.parametrize("expression, expected", [
    ("null", None),
    ("{}", None),
    ('{code: "C1", message: "m"}', BpmnError("C1", "m")),
    ('{errorType: "bpmnError", code: "C2", message: "m", variables: {a: 1}}', BpmnError("C2", "m", {"a": 1})),
    ('{errorType: "bpmnError", errorCode: "C3", errorMessage: "m"}', BpmnError("C3", "m")),
    ('{code: "C4"}', BpmnError("C4", None)),
    ('jobError("m")', JobError("m", {}, 0, "PT0S")),
    ('jobError("m", {}, 3, @"P1DT2H")', JobError("m", {}, 3, "P1DT2H")),
    ('{errorType: "jobError", errorMessage: "m", retries: 1, retryBackoff: "PT5S"}', JobError("m", {}, 1, "PT5S")),
])  # fmt: skip
def test_error_results(expression, expected):
    assert evaluate_error_expression(expression) == expected


@pytest.mark.parametrize("expression, says", [
    ('"just a string"', "string"),
    ("[1]", "list"),
    ('{errorType: "other", code: "C"}', "errorType"),
    ('{message: "no code"}', "needs an errorType or a code"),
    ('{message: "m", retries: 2}', "needs an errorType or a code"),  # Java refuses it too
    ('{code: ""}', "needs a code"),
    ('{code: "C", variables: [1]}', "context"),
    ('{errorType: "jobError", message: "m", retries: -1}', "retries"),
    ('{errorType: "jobError", message: "m", retries: 1.5}', "retries"),
    ('{errorType: "jobError", message: "m", retryBackoff: "soon"}', "backoff"),
    ('{errorType: "jobError", message: "m", retryBackoff: "P1M"}', "backoff"),
    ('{code: {a: 1}}', "code"),
])  # fmt: skip
def test_invalid_error_results_are_connector_errors(expression, says):
    with pytest.raises(ConnectorError) as caught:
        evaluate_error_expression(expression)
    assert says in str(caught.value) and isinstance(caught.value, feel.FeelError)


def test_blank_error_expressions_mean_no_error():
    assert evaluate_error_expression(None) is None
    assert evaluate_error_expression("   ") is None


def test_syntax_errors_in_mappings_are_feel_errors():
    with pytest.raises(feel.FeelSyntaxError):
        evaluate_error_expression("= if then")
    with pytest.raises(feel.FeelSyntaxError):
        map_response(WEATHER, result_expression="= {a: }")


# -- response mapping details


def test_response_mapping_forms():
    assert map_response(WEATHER) == {}
    assert map_response(WEATHER, result_expression="= null") == {}
    assert map_response(WEATHER, result_expression="  ") == {}
    assert map_response(WEATHER, result_expression="{s: status}") == {"s": 200}  # no "=" is fine too
    shadow = map_response({"response": 1, "x": 2}, result_expression="= {r: response.x}")
    assert shadow == {"r": 2}  # `response` is the whole response even when a key is named so


def test_result_variable_holds_json_values():
    response = {"when": "2023-01-19", "n": 1.5, "items": [1, 2]}
    assert map_response(response, result_variable="r") == {"r": {"when": "2023-01-19", "n": 1.5, "items": [1, 2]}}


# -- secrets details

SECRETS = {"TOKEN": "s3cr3t", "TENANT_ID": "t-1", "MODE": "secrets.TOKEN {{secrets.TOKEN}}"}


@pytest.mark.parametrize("text, expected", [
    ("{{secrets.TOKEN}}", "s3cr3t"),
    ("{{ secrets.TOKEN }}", "s3cr3t"),
    ("{{\tsecrets.TENANT_ID  }}", "t-1"),
    ("https://x.org/{{secrets.TENANT_ID}}/accounting", "https://x.org/t-1/accounting"),
    ("secrets.TOKEN", "s3cr3t"),
    ("Bearer secrets.TOKEN!", "Bearer s3cr3t!"),
    ("mysecrets.TOKEN", "mys3cr3t"),  # the Java pattern has no word boundary
    ("secrets._X", "secrets._X"), ("secrets.TOKEN.", "s3cr3t."),
    ("no secret here", "no secret here"),
    ("{{secrets.MODE}}", "secrets.TOKEN {{secrets.TOKEN}}"),  # a value is never searched again
])  # fmt: skip
def test_secret_forms(text, expected):
    assert resolve_secrets(text, SECRETS) == expected


def test_secrets_are_replaced_in_keys_too_and_leave_other_values_alone():
    value = {"{{secrets.TOKEN}}": 1, "n": None, "t": ("{{secrets.TOKEN}}",), "b": True}
    assert resolve_secrets(value, SECRETS) == {"s3cr3t": 1, "n": None, "t": ("s3cr3t",), "b": True}


def test_failing_provider_does_not_leak_its_message():
    def provider(name):
        raise RuntimeError("backend said: value is s3cr3t")

    with pytest.raises(ConnectorError) as caught:
        resolve_secrets("{{secrets.TOKEN}}", provider)
    assert "TOKEN" in str(caught.value) and "s3cr3t" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_default_provider_is_the_environment(monkeypatch):
    monkeypatch.setenv("FEEL_TEST_SECRET", "from-env")
    assert resolve_secrets("{{secrets.FEEL_TEST_SECRET}}") == "from-env"
    monkeypatch.delenv("FEEL_TEST_SECRET")
    with pytest.raises(SecretNotFound, match="FEEL_TEST_SECRET"):
        resolve_secrets("{{secrets.FEEL_TEST_SECRET}}")


def test_secrets_are_resolved_after_feel_and_never_reach_it():
    field = '= "https://" + baseUrl + "/{{secrets.TENANT_ID}}/accounting"'
    assert evaluate_field(field, {"baseUrl": "my.company.domain"}, secrets=SECRETS) == (
        "https://my.company.domain/t-1/accounting")
    assert evaluate_field("= {myHeader: \"{{secrets.TOKEN}}\"}", secrets=SECRETS) == {"myHeader": "s3cr3t"}
    assert evaluate_field("{{secrets.TOKEN}}", secrets=SECRETS) == "s3cr3t"
    # FEEL sees only the placeholder: the secret cannot appear in a FEEL warning
    result = feel.compile('"{{secrets.TOKEN}}" + 1').evaluate_result()
    assert result.value is None and all("s3cr3t" not in str(w) for w in result.warnings)


def test_a_field_resolves_only_the_secrets_it_names():
    field = '= {auth: "Bearer {{secrets.TOKEN}}", echo: text}'
    data = "{{secrets.TENANT_ID}} {{secrets.MISSING}} secrets.TENANT_ID"
    assert evaluate_field(field, {"text": data}, secrets=SECRETS) == {"auth": "Bearer s3cr3t", "echo": data}
    # a placeholder from data that the field names too is replaced: that secret is in the result anyway
    assert evaluate_field(field, {"text": "{{secrets.TOKEN}}"}, secrets=SECRETS)["echo"] == "s3cr3t"
    # a placeholder split between field and data is not the field's
    assert evaluate_field('= "{{secrets." + name + "}}"', {"name": "TOKEN"}, secrets=SECRETS) == (
        "{{secrets.TOKEN}}")
    assert evaluate_field(["{{secrets.TOKEN}}", {"k": "secrets.TENANT_ID"}], secrets=SECRETS) == (
        ["s3cr3t", {"k": "t-1"}])


# -- JSON values


@pytest.mark.parametrize("expression, expected", [
    ("1", 1), ("1.0", 1), ("-0", 0), ("2.5", 2.5), ("10000000000000000000000", 10**22),
    ("1234567890123456789012345678901234", 1234567890123456789012345678901234),
    ("1e40", 1e40), ('date and time("2023-01-19T10:00:00")', "2023-01-19T10:00:00"),
    ('date and time("2023-01-19T10:00:00+02:00")', "2023-01-19T10:00:00+02:00"),
    ('date and time("2023-01-19T10:00:00@Europe/Paris")', "2023-01-19T10:00:00+01:00[Europe/Paris]"),
    ('date and time("2023-07-19T10:00:00@Europe/Paris")', "2023-07-19T10:00:00+02:00[Europe/Paris]"),
    ('time("10:15:00")', "10:15:00"), ('duration("P1Y2M")', "P1Y2M"), ('duration("-PT90M")', "-PT1H30M"),
    ("[1..10)", "[1..10)"), ("true", True), ('"x"', "x"), ("null", None),
])  # fmt: skip
def test_json_value_table(expression, expected):
    converted = to_json_value(feel.evaluate(expression))
    assert converted == expected and type(converted) is type(expected)


def test_json_string_decimals_are_exact_and_option_is_checked():
    assert to_json_value(feel.evaluate("[0.1 + 0.2, 3]"), decimals="string") == ["0.3", 3]
    with pytest.raises(ConnectorError):
        to_json_value(1, decimals="double")


def test_inbound_request_without_parts():
    assert is_activated("=request.body = {}", None) is True  # a missing part is {}
    assert is_activated("=request.body.x", {"body": {"x": "yes"}}) is False  # only true activates
    assert map_variables("=request.headers", {}) == {}
    with pytest.raises(ConnectorError):
        map_variables("=request.body.id", {"body": {"id": 1}})


# -- properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SECRET_NAMES = st.from_regex(r"[A-Z][A-Z0-9_]{0,8}", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(SECRET_NAMES, st.text(max_size=20), min_size=1, max_size=4),
       st.lists(st.text(alphabet="ab {}.", max_size=5), min_size=1, max_size=4))  # fmt: skip
def test_placeholders_become_exactly_their_values(secrets, glue):
    names = list(secrets)
    text = "".join(g + "{{secrets.%s}}" % names[i % len(names)] for i, g in enumerate(glue))
    expected = "".join(g + secrets[names[i % len(names)]] for i, g in enumerate(glue))
    if "secrets." in "".join(glue):
        return  # the glue itself would be a (legacy) placeholder
    assert resolve_secrets(text, secrets) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_unknown_secrets_never_show_a_known_value(value):
    with pytest.raises(SecretNotFound) as caught:
        resolve_secrets("{{secrets.KNOWN}} {{secrets.UNKNOWN}}", {"KNOWN": value})
    assert caught.value.name == "UNKNOWN"
    if value not in repr(SecretNotFound("UNKNOWN")):  # else the text is there anyway
        assert value not in str(caught.value) and value not in repr(caught.value)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list('= {}[]()":,.+-*/<>01aeorsntuxyz@') + ["if ", " then ",
       " else ", "null", "error", "response", "status", "bpmnError(", "jobError(", "errorType"]),
       max_size=40).map("".join))  # fmt: skip
def test_only_feel_errors_leave_the_mapping_functions(text):
    response = {"status": 500, "body": {"a": [1, 2]}}
    for call in (lambda: evaluate_error_expression(text, response=response, error={"code": "500"}),
                 lambda: map_response(response, "r", text),
                 lambda: evaluate_field("=" + text, response),
                 lambda: is_activated(text, {"body": response}),
                 lambda: map_variables(text, {"body": response})):  # fmt: skip
        try:
            call()
        except feel.FeelError:
            pass


# -- the engine and the warnings of the single-field helpers


def test_the_helpers_evaluate_in_the_camunda_dialect_unless_given_an_engine():
    from feel.connectors import connector_engine
    from feel.dialect import CAMUNDA

    assert connector_engine().dialect is CAMUNDA
    dmn = feel.Engine(functions={"twice": lambda x: 2 * x})
    assert connector_engine(dmn) is dmn
    assert evaluate_field("= twice(a)", {"a": 2}, engine=dmn) == 4


def test_strict_helpers_raise_with_the_warnings():
    for call in (lambda: evaluate_field("= a + 1", {}, strict=True),
                 lambda: map_response(WEATHER, result_expression="= {x: nothing}", strict=True),
                 lambda: evaluate_error_expression('if missing then bpmnError("E") else null', strict=True),
                 lambda: is_activated("=request.body.nothing.deeper", {"body": 1}, strict=True)):  # fmt: skip
        with pytest.raises(ConnectorError) as caught:
            call()
        assert caught.value.warnings and "line 1" in str(caught.value)
    assert map_response(WEATHER, result_expression="= {x: nothing}") == {"x": None}  # lax: null


def test_a_connector_function_warning_raises_even_when_not_strict():
    with pytest.raises(ConnectorError, match="bpmnError: parameter 'code'"):
        evaluate_error_expression('bpmnError(1, "m")')
    with pytest.raises(ConnectorError, match="jobError"):
        map_response(WEATHER, result_expression='={e: jobError(1)}')
