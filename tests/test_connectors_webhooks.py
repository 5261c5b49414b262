"""Webhooks: HMAC verification as the Java webhook connector does it, and the endpoint path.

Expected signatures are computed here with the standard library from the scope's definition
(the signed text written out by hand), not with the code under test."""

import base64
import hashlib
import hmac

import pytest

from feel.connectors import ConnectorError, signed_bytes, verify_hmac, webhook_path

KEY = "whsec_123"
BODY = b'{"event":"paid","id":7}'


def sign(data: bytes, digest=hashlib.sha256) -> bytes:
    return hmac.new(KEY.encode(), data, digest).digest()


HEX = sign(BODY).hex()
B64 = base64.b64encode(sign(BODY)).decode()


@pytest.mark.parametrize("signature, encoding, valid", [
    (HEX, "hex", True), ("sha256=" + HEX, "hex", True), ("v1=" + HEX, "hex", True),
    (HEX.upper(), "hex", False),  # Java compares the lower-case hex text
    (B64, "base64", True), (B64, "hex", False), (HEX, "base64", False),
    (B64, "any", True), ("sha256=" + HEX, "any", True),
    ("", "any", False), (None, "hex", False), ("sha256=" + HEX[:-1] + "0", "hex", HEX[-1] == "0"),
    ("a=b=" + HEX, "hex", False),  # more than one "=": not a tag
])  # fmt: skip
def test_signatures_over_the_body(signature, encoding, valid):
    assert verify_hmac(KEY, body=BODY, signature=signature, encoding=encoding) is valid


@pytest.mark.parametrize("algorithm, digest", [("sha1", hashlib.sha1), ("SHA-512", hashlib.sha512),
                                               ("sha_256", hashlib.sha256), ("HmacSHA256", hashlib.sha256)])
def test_algorithms(algorithm, digest):
    assert verify_hmac(KEY, body=BODY, signature=sign(BODY, digest).hex(), algorithm=algorithm)
    with pytest.raises(ConnectorError, match="algorithm"):
        verify_hmac(KEY, body=BODY, signature="x", algorithm="md5")


def test_text_bodies_are_utf8():
    assert verify_hmac(KEY, body="héllo", signature=sign("héllo".encode()).hex())


def test_url_and_form_body_scope_sorts_and_joins_the_fields():
    url = "https://example.org/inbound/twilio"
    form = b"To=%2B123&From=%2B456&Body=hi+there"
    signed = (url + "Bodyhi there" + "From+456" + "To+123").encode()
    assert signed_bytes(body=form, scope="url_and_body", url=url,
                        content_type="application/x-www-form-urlencoded") == signed  # fmt: skip
    signature = base64.b64encode(sign(signed)).decode()
    assert verify_hmac(KEY, body=form, signature=signature, encoding="base64", scope="url_and_body",
                       url=url, content_type="application/x-www-form-urlencoded")  # fmt: skip


def test_url_and_json_body_scope():
    url = "https://example.org/hook"
    assert signed_bytes(body=b'{"b": "2", "a": "1"}', scope="url_and_body", url=url) == (url + "a1b2").encode()
    assert signed_bytes(body=b"[1, 2]", scope="url_and_body", url=url) == (url + "[1,2]").encode()
    with pytest.raises(ConnectorError, match="signature data"):
        signed_bytes(body=b'{"a": 1}', scope="url_and_body", url=url)
    with pytest.raises(ConnectorError, match="URL"):
        signed_bytes(body=BODY, scope="url_and_body")


def test_url_and_parameters_scope_encodes_as_javas_url_encoder():
    url = "https://example.org/hook"
    params = {"q": "a b", "sym": "~*-._!"}
    assert signed_bytes(scope="url_and_parameters", url=url, params=params) == (
        (url + "?q=a+b&sym=%7E*-._%21").encode())
    signature = sign((url + "?q=a+b&sym=%7E*-._%21").encode()).hex()
    assert verify_hmac(KEY, signature=signature, scope="url_and_parameters", url=url, params=params)


def test_unknown_scope_and_encoding_are_errors():
    with pytest.raises(ConnectorError, match="scope"):
        verify_hmac(KEY, body=BODY, signature=HEX, scope="headers")
    with pytest.raises(ConnectorError, match="encoding"):
        verify_hmac(KEY, body=BODY, signature=HEX, encoding="base32")


@pytest.mark.parametrize("webhook_id, path", [("order-created", "/inbound/order-created"),
                                              ("abc_123", "/inbound/abc_123"), ("X", "/inbound/X")])
def test_webhook_path(webhook_id, path):
    assert webhook_path(webhook_id) == path


@pytest.mark.parametrize("webhook_id", ["", "a b", "../admin", "-a", "a--b", "ä", None])
def test_webhook_ids_that_are_not_path_safe_are_refused(webhook_id):
    with pytest.raises(ConnectorError):
        webhook_path(webhook_id)
