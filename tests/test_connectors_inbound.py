"""Inbound events: correlate, is_activated and map_variables over the whole payload."""

import pytest

from feel.connectors import Activated, ConnectorError, NotActivated, correlate, is_activated, map_variables

WEBHOOK = {"request": {"body": {"id": 456, "kind": "order", "amount": 12.5},
                       "headers": {"x-shop": "north"}, "params": {"debug": "1"}}}  # fmt: skip


@pytest.mark.parametrize("condition", [None, "", "   ", "="])
def test_a_blank_condition_activates(condition):
    assert correlate(WEBHOOK, activation_condition=condition) == Activated({})


@pytest.mark.parametrize("condition, activates", [
    ('=request.body.kind = "order"', True),
    ("=request.body.amount > 100", False),
    ("=request.body.kind", False),  # only true activates
    ("=null", False),
    ("=request.params.debug = \"1\"", True),
])  # fmt: skip
def test_only_true_activates(condition, activates):
    outcome = correlate(WEBHOOK, activation_condition=condition)
    assert isinstance(outcome, Activated) is activates
    if not activates:
        assert isinstance(outcome, NotActivated) and "not true" in outcome.reason


def test_a_broken_condition_is_a_clear_error():
    with pytest.raises(ConnectorError, match="activation condition"):
        correlate(WEBHOOK, activation_condition="=request.body.kind = ")
    with pytest.raises(ConnectorError, match="bpmnError"):
        correlate(WEBHOOK, activation_condition="=bpmnError(1) = null")


def test_correlation_key_and_message_id_are_text():
    outcome = correlate(WEBHOOK, correlation_key_expression="=request.body.id",
                        message_id_expression='="msg-" + string(request.body.id)')  # fmt: skip
    assert outcome == Activated({}, "456", "msg-456")
    assert correlate(WEBHOOK, correlation_key_expression="=456").correlation_key == "456"
    assert correlate(WEBHOOK, correlation_key_expression="=request.body.amount").correlation_key == "12.5"
    assert correlate(WEBHOOK, correlation_key_expression="=true").correlation_key == "true"
    with pytest.raises(ConnectorError, match="correlation key"):
        correlate(WEBHOOK, correlation_key_expression="=request.headers")


def test_variables_from_result_variable_and_result_expression():
    outcome = correlate(WEBHOOK, result_variable="event",
                        result_expression="={orderId: request.body.id, shop: request.headers.`x-shop`}")  # fmt: skip
    assert outcome.variables == {"event": WEBHOOK, "orderId": 456, "shop": "north"}


def test_missing_webhook_parts_are_empty_contexts():
    outcome = correlate({"request": {"body": {"a": 1}}},
                        result_expression="={h: request.headers, p: request.params, c: connectorData}")  # fmt: skip
    assert outcome.variables == {"h": {}, "p": {}, "c": {}}


def test_other_payloads_show_their_top_level_keys():
    kafka = {"key": "k1", "value": {"n": 3}}
    outcome = correlate(kafka, activation_condition="=value.n > 2", correlation_key_expression="=key",
                        result_expression="={n: value.n}")  # fmt: skip
    assert outcome == Activated({"n": 3}, "k1", None)


def test_warnings_stay_on_the_outcome_and_strict_raises():
    outcome = correlate(WEBHOOK, result_expression="={x: missing}")
    assert outcome.variables == {"x": None} and any("missing" in w for w in outcome.warnings)
    with pytest.raises(ConnectorError, match="missing") as caught:
        correlate(WEBHOOK, result_expression="={x: missing}", strict=True)
    assert caught.value.warnings


def test_is_activated_and_map_variables_see_the_same_scope():
    request = WEBHOOK["request"]
    assert is_activated('=request.body.kind = "order"', request) is True
    assert is_activated("=request.headers = {}", {"body": {}}) is True
    assert map_variables("={id: request.body.id, c: connectorData}", request) == {"id": 456, "c": {}}
    with pytest.raises(ConnectorError):
        map_variables("={x: missing}", request, strict=True)
