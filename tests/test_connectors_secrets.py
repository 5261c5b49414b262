"""Secrets: both placeholder forms with the Java patterns, the filter's modes, providers, masking."""

import pytest

from feel.connectors import (
    ConnectorError,
    SecretFilter,
    SecretNotFound,
    SecretProvider,
    environment_secrets,
    mask,
    resolve_secrets,
    secret_names,
)

SECRETS = {"TOKEN": "s3cr3t", "A.B": "dotted", "A": "short", "X:Y": "colon", "p/q-r_s": "path",
           "QUOTE": 'say "hi"\nbye', "BRACES": "{{secrets.TOKEN}}"}  # fmt: skip


@pytest.mark.parametrize("text, expected", [
    ("{{secrets.TOKEN}}", "s3cr3t"),
    ("{{  secrets.TOKEN\t}}", "s3cr3t"),  # trimmed
    ("{{secrets.X:Y}}", "colon"),  # any name without white space
    ("{{secrets.A.B}}", "dotted"),
    ("{{ secrets. }}", "{{ secrets. }}"),  # a blank name is no placeholder
    ("secrets.A.B", "dotted"),  # legacy: parts joined by . / _ -
    ("secrets.p/q-r_s", "path"),
    ("secrets.A.", "short."),  # a trailing separator is not part of the name
    ("secrets._X", "secrets._X"),  # a name starts with a letter or digit
    ("secrets.", "secrets."),
    ("(secrets.TOKEN)", "(s3cr3t)"),
    ("{{secrets.QUOTE}}", 'say "hi"\nbye'),  # values arrive unchanged
    ("{{secrets.BRACES}}", "{{secrets.TOKEN}}"),  # and are never searched again
])  # fmt: skip
def test_placeholder_forms(text, expected):
    assert resolve_secrets(text, SECRETS) == expected


def test_the_names_an_input_references():
    assert secret_names({"a": "{{secrets.TOKEN}} secrets.A.B", "b": ["{{secrets.X:Y}}"], "secrets.A": 1}) == (
        ["TOKEN", "A.B", "X:Y", "A"])


def test_providers_mapping_callable_environment_and_protocol(monkeypatch):
    class Vault:
        def get_secret(self, name):
            return {"TOKEN": "from-vault"}.get(name)

    assert isinstance(Vault(), SecretProvider)
    assert resolve_secrets("{{secrets.TOKEN}}", Vault()) == "from-vault"
    assert resolve_secrets("{{secrets.TOKEN}}", lambda name: name.lower()) == "token"
    monkeypatch.setenv("APP_TOKEN", "from-env")
    assert resolve_secrets("{{secrets.TOKEN}}", environment_secrets("APP_")) == "from-env"
    assert isinstance(environment_secrets("APP_"), SecretProvider)
    with pytest.raises(SecretNotFound, match="Secret with name 'NOPE' is not available"):
        resolve_secrets("{{secrets.NOPE}}", Vault())
    with pytest.raises(ConnectorError):
        resolve_secrets("{{secrets.TOKEN}}", 42)


def test_filter_modes_with_a_fixed_allow_list():
    strict = SecretFilter(["TOKEN"])
    assert strict.mode == "strict" and strict.allow_list() == frozenset({"TOKEN"})
    assert SecretFilter(["TOKEN"], "lax").allow_list() == frozenset({"TOKEN"})
    assert SecretFilter(["TOKEN"], "disabled").allow_list() is None
    assert SecretFilter().allow_list() == frozenset()  # empty denies all
    with pytest.raises(ConnectorError, match="mode"):
        SecretFilter([], "loose")


def test_a_filter_from_the_elements_own_inputs():
    inputs = {"url": '="https://" + "{{secrets.HOST}}"', "headers": {"auth": "secrets.TOKEN"}}
    assert SecretFilter.from_inputs(inputs).allow_list() == frozenset({"HOST", "TOKEN"})


def test_masking_replaces_values_and_their_json_text_everywhere():
    secrets = ["s3cr3t", 'a"b']
    value = {"message": "token s3cr3t", "s3cr3t": ["x s3cr3t", 1, None], "json": '{"k": "a\\"b"}'}
    assert mask(value, secrets) == {"message": "token ***", "***": ["x ***", 1, None], "json": '{"k": "***"}'}
    assert mask("nothing", []) == "nothing" and mask("x", [""]) == "x"
    loop = {"a": "s3cr3t"}
    loop["self"] = loop
    assert mask(loop, secrets) == {"a": "***", "self": "[circular reference]"}
