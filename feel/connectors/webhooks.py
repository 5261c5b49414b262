"""Webhooks: the endpoint path of a Webhook ID, and HMAC signatures as the Java webhook checks them.

:func:`verify_hmac` follows the webhook connector's "HMAC Authentication Enabled":

- the header value may carry a tag (``sha256=ab12...``): the part after a single ``=`` is
  compared too; the expected signature is lower-case hex or (``encoding="base64"``) base64,
  and ``encoding="any"`` accepts either, as the Java webhook does;
- comparisons take constant time (:func:`hmac.compare_digest`); an empty signature is false;
- ``scope`` is what is signed: ``"body"`` (the raw body), ``"url_and_body"`` (the URL, then
  the body: a form or a JSON object of texts as its keys and values sorted by key and joined,
  other JSON as its compact text) or ``"url_and_parameters"`` (the URL, ``?``, then the query
  parameters URL-encoded as Java's ``URLEncoder`` does, in the order given).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote_plus, unquote_plus

from feel.connectors.errors import ConnectorError

_ALGORITHMS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha512": hashlib.sha512}
_SCOPES = ("body", "url_and_body", "url_and_parameters")
_WEBHOOK_ID = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")


def webhook_path(webhook_id: str) -> str:
    """The path a webhook listens on: ``/inbound/{webhook_id}``. The id is letters and digits,
    in parts joined by single ``-`` or ``_`` (so it needs no escaping in a URL)."""
    if not isinstance(webhook_id, str) or not _WEBHOOK_ID.fullmatch(webhook_id):
        raise ConnectorError(f"a webhook ID is letters and digits joined by - or _, not {webhook_id!r}")
    return f"/inbound/{webhook_id}"


def _algorithm(name: str) -> Any:
    key = re.sub(r"[-_]", "", str(name).lower()).removeprefix("hmac")
    if key not in _ALGORITHMS:
        raise ConnectorError(f"the HMAC algorithm must be sha1, sha256 or sha512, not {name!r}")
    return _ALGORITHMS[key]


def _java_url_encoded(text: str) -> str:
    """``URLEncoder.encode(text, UTF_8)``: space as ``+``; ``* - . _`` and ASCII letters and
    digits kept; everything else (``~`` too) percent-encoded."""
    return quote_plus(text, safe="*").replace("~", "%7E")


def _bytes(value: bytes | str) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def _signed_body(body: bytes, content_type: str | None) -> str:
    """The body part of ``url_and_body`` (Twilio's scheme)."""
    if content_type and content_type.split(";")[0].strip().lower() == "application/x-www-form-urlencoded":
        pairs = [part.split("=") for part in unquote_plus(body.decode("utf-8")).split("&")]
        fields = {pair[0]: ("" if len(pair) == 1 else pair[1]) for pair in pairs}
        return "".join(key + fields[key] for key in sorted(fields))
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ConnectorError("the body to sign is neither a form nor JSON") from None
    if not isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if value and all(isinstance(item, str) for item in value.values()):
        return "".join(key + value[key] for key in sorted(value))
    raise ConnectorError("can't extract signature data from the body: a JSON object to sign "
                         "must have text values")  # fmt: skip


def signed_bytes(*, body: bytes | str = b"", scope: str = "body", url: str | None = None,
                 params: Mapping[str, str] | None = None,
                 content_type: str | None = None) -> bytes:  # fmt: skip
    """The bytes the sender signed for ``scope`` (see the module text)."""
    scope = scope.lower()
    if scope not in _SCOPES:
        raise ConnectorError(f"the HMAC scope must be one of {', '.join(_SCOPES)}, not {scope!r}")
    if scope == "body":
        return _bytes(body)
    if url is None:
        raise ConnectorError(f"the HMAC scope {scope} needs the request URL")
    if scope == "url_and_body":
        return (url + _signed_body(_bytes(body), content_type)).encode("utf-8")
    query = "&".join(f"{_java_url_encoded(k)}={_java_url_encoded(v)}" for k, v in (params or {}).items())
    return (url + "?" + query).encode("utf-8")


def verify_hmac(secret: str, *, body: bytes | str = b"", signature: str | None,
                algorithm: str = "sha256", encoding: str = "hex", scope: str = "body",
                url: str | None = None, params: Mapping[str, str] | None = None,
                content_type: str | None = None) -> bool:  # fmt: skip
    """True when ``signature`` (the HMAC header's value) is the HMAC of the request under
    ``secret``; ``encoding`` is ``"hex"``, ``"base64"`` or ``"any"`` (see the module text)."""
    if encoding not in ("hex", "base64", "any"):
        raise ConnectorError(f'the HMAC encoding must be "hex", "base64" or "any", not {encoding!r}')
    digest_of = _algorithm(algorithm)
    if not isinstance(secret, str):
        raise ConnectorError("the HMAC secret key must be text")
    if not signature:
        return False
    data = signed_bytes(body=body, scope=scope, url=url, params=params, content_type=content_type)
    expected = hmac.new(secret.encode("utf-8"), data, digest_of).digest()
    given = signature.encode("utf-8")
    parts = signature.split("=")
    while len(parts) > 1 and not parts[-1]:
        parts.pop()  # as Java's split, which drops trailing empty parts
    untagged = parts[1].encode("utf-8") if len(parts) == 2 else given
    matches = False
    if encoding in ("hex", "any"):
        hex_text = expected.hex().encode("ascii")
        matches |= hmac.compare_digest(given, hex_text)
        matches |= hmac.compare_digest(untagged, hex_text)
    if encoding in ("base64", "any"):
        matches |= hmac.compare_digest(given, base64.b64encode(expected))
    return matches
