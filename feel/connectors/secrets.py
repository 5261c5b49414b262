"""Secrets as the connector runtime resolves them: placeholders replaced after FEEL ran.

Two forms, with the Java runtime's patterns:

- ``{{secrets.NAME}}``: any name without white space, white space allowed around it inside
  the braces (``{{ secrets.TOKEN }}``, ``{{secrets.A:B}}`` names ``A:B``);
- the legacy ``secrets.NAME``: letters and digits in parts joined by ``/ . _ -``
  (``secrets.A.B`` names ``A.B``; ``secrets._X`` is no secret; a trailing ``.`` is not part of
  the name). As in Java the form is found anywhere in a text, also inside a longer word.

Placeholders are replaced in strings and in mapping keys, through lists and dicts, in one
pass: the text of a secret is never searched for placeholders again, and arrives exactly as
the provider gave it (quotes, newlines, ``{{...}}``).

A :class:`SecretFilter` restricts the names that may be resolved to an allow-list (the names
the element's own inputs reference), so that data carrying a placeholder cannot pull in a
secret the element never named; a denied placeholder stays as it is.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, Union, runtime_checkable

from feel.connectors.errors import ConnectorError, SecretNotFound

_SPACE = r"[ \t\n\x0b\f\r]"  # Java's \s: ASCII white space only
_PLACEHOLDER = re.compile(
    r"\{\{" + _SPACE + r"*secrets\.(?P<name>[^ \t\n\x0b\f\r]+?)" + _SPACE + r"*\}\}"
    r"|secrets\.(?P<legacy>(?:[A-Za-z0-9]+[/._-])*[A-Za-z0-9]+)"
)

#: What a masked secret value becomes in messages and error variables.
MASK = "***"


@runtime_checkable
class SecretProvider(Protocol):
    """Anything with ``get_secret(name)`` giving the secret's text, or None when unknown."""

    def get_secret(self, name: str) -> str | None:
        """The value of secret ``name``, or None."""


#: What the functions accept as secrets: a :class:`SecretProvider`, a mapping of names to
#: values, or a callable ``name -> value or None``.
Secrets = Union[SecretProvider, Mapping[str, str], Callable[[str], Union[str, None]]]


class EnvironmentSecrets:
    """Secret ``NAME`` from the environment variable ``prefix + NAME``."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix

    def get_secret(self, name: str) -> str | None:
        """The environment variable ``prefix + name``, or None."""
        return os.environ.get(self.prefix + name)

    def __call__(self, name: str) -> str | None:
        return self.get_secret(name)


def environment_secrets(prefix: str = "") -> EnvironmentSecrets:
    """A provider reading secret ``NAME`` from the environment variable ``prefix + NAME``."""
    return EnvironmentSecrets(prefix)


def lookup_of(provider: Secrets | None) -> Callable[[str], Any]:
    """The ``name -> value or None`` function of ``provider`` (the environment when None)."""
    if provider is None:
        provider = EnvironmentSecrets()
    if isinstance(provider, SecretProvider):
        return provider.get_secret
    if isinstance(provider, Mapping):
        return provider.get
    if callable(provider):
        return provider
    raise ConnectorError("secrets must be a mapping, a callable or an object with get_secret(name)")


def _strings(value: Any) -> Iterable[str]:
    """The strings in ``value`` (values and keys), through lists, tuples and dicts."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)


def secret_names(value: Any) -> list[str]:
    """The secret names the placeholders in ``value`` refer to, in order of appearance."""
    found: dict[str, None] = {}
    for text in _strings(value):
        if "secrets." in text:
            for match in _PLACEHOLDER.finditer(text):
                found[match.group("name") or match.group("legacy")] = None
    return list(found)


class SecretAllowListUnavailable(ConnectorError):
    """A strict :class:`SecretFilter` could not read its allow-list."""


@dataclass(frozen=True)
class SecretFilter:
    """Which secret names may be resolved for one element.

    ``mode`` is the Java runtime's: ``"disabled"`` allows every name; ``"lax"`` and
    ``"strict"`` allow only the names of ``allowed``. They differ only when ``allowed`` is a
    callable (it reads the element's definition, say) that fails: ``"lax"`` then allows every
    name, ``"strict"`` fails the job (retries - 1, a 5 second backoff, as Java does).
    ``allowed`` is an iterable of names or a callable giving one; empty denies all.
    """

    allowed: Iterable[str] | Callable[[], Iterable[str]] = ()
    mode: str = "strict"

    def __post_init__(self) -> None:
        if self.mode not in ("disabled", "lax", "strict"):
            raise ConnectorError(f'the secret filter mode must be "disabled", "lax" or "strict", '
                                 f"not {self.mode!r}")  # fmt: skip
        if not callable(self.allowed):
            object.__setattr__(self, "allowed", frozenset(self.allowed))

    @classmethod
    def from_inputs(cls, inputs: Any, mode: str = "strict") -> SecretFilter:
        """The filter allowing the secrets that ``inputs`` (the element's input mappings as
        modelled: texts, or a structure of them) reference."""
        return cls(frozenset(secret_names(inputs)), mode)

    def allow_list(self) -> frozenset[str] | None:
        """The allowed names, or None when every name is allowed."""
        if self.mode == "disabled":
            return None
        if not callable(self.allowed):
            return self.allowed  # type: ignore[return-value]
        try:
            return frozenset(self.allowed())
        except Exception:  # the reader's message might carry anything: do not chain it
            failed = True
        if failed and self.mode == "lax":
            return None
        raise SecretAllowListUnavailable("the secret allow-list of this element could not be read")


def replace_secrets(value: Any, provider: Secrets | None, allowed: frozenset[str] | None = None,
                    ) -> tuple[Any, list[str]]:  # fmt: skip
    """``value`` with its placeholders replaced (a new structure), and the secret values put
    in. Names outside ``allowed`` (unless it is None) stay placeholders; an allowed name the
    provider does not know raises :class:`SecretNotFound`; a provider that fails raises
    :class:`ConnectorError` without the provider's exception attached."""
    lookup = lookup_of(provider)
    used: dict[str, str] = {}

    def secret(match: re.Match) -> str:
        name = match.group("name") or match.group("legacy")
        if allowed is not None and name not in allowed:
            return match.group(0)
        if name in used:
            return used[name]
        failed = False
        try:
            found = lookup(name)
        except Exception:  # the provider's message might hold a value: do not chain it
            failed = True
        if failed:
            raise ConnectorError(f"the secret provider failed for {name!r}")
        if found is None:
            raise SecretNotFound(name)
        used[name] = found if isinstance(found, str) else str(found)
        return used[name]

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return _PLACEHOLDER.sub(secret, item) if "secrets." in item else item
        if isinstance(item, list):
            return [walk(x) for x in item]
        if isinstance(item, tuple):
            return tuple(walk(x) for x in item)
        if isinstance(item, dict):
            return {walk(key): walk(x) for key, x in item.items()}
        return item

    return walk(value), list(used.values())


def resolve_secrets(value: Any, provider: Secrets | None = None) -> Any:
    """``value`` with ``{{secrets.NAME}}`` and ``secrets.NAME`` replaced, through lists and
    dicts (a new structure; the input is not modified). ``provider`` is a mapping, a callable
    or a :class:`SecretProvider`; by default the environment (:func:`environment_secrets`).
    An unknown name raises :class:`SecretNotFound`, which names the secret and never shows a
    value; a provider that fails raises :class:`ConnectorError` without its own exception."""
    return replace_secrets(value, provider)[0]


def mask(value: Any, secrets: Iterable[str]) -> Any:
    """``value`` with every occurrence of the ``secrets`` (and of their JSON-escaped text)
    replaced by ``***``, in strings and keys, through lists and dicts; other values stay."""
    texts = sorted({form for secret in secrets if secret
                    for form in (secret, json.dumps(secret)[1:-1])}, key=len, reverse=True)  # fmt: skip
    if not texts:
        return value
    pattern = re.compile("|".join(re.escape(text) for text in texts))

    def walk(item: Any, enclosing: frozenset[int]) -> Any:
        if isinstance(item, str):
            return pattern.sub(MASK, item)
        if isinstance(item, (list, tuple, dict)):
            if id(item) in enclosing:
                return "[circular reference]"
            inner = enclosing | {id(item)}
            if isinstance(item, dict):
                return {walk(k, inner): walk(x, inner) for k, x in item.items()}
            return [walk(x, inner) for x in item]
        return item

    return walk(value, frozenset())
