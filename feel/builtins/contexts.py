"""Context functions (DMN 1.5, 10.3.4.8) and Camunda's older names ``put``/``put all``."""

from __future__ import annotations

from typing import Any

from feel.builtins import checks
from feel.builtins.registry import builtin


@builtin("get value", "m, key")
def get_value(m: Any, key: Any) -> Any:
    """The entry ``key`` of context ``m``; a list of keys walks nested contexts (Camunda's
    extension, where an empty list finds nothing: null)."""
    value = checks.context("get value", "m", m)
    keys = key if type(key) is list else [key]
    if not keys:
        return None
    for part in keys:
        name = checks.string("get value", "key", part)
        if type(value) is not dict or name not in value:
            return None
        value = value[name]
    return value


@builtin("get entries", "m")
def get_entries(m: Any) -> list:
    """The entries of ``m`` as ``{key, value}`` contexts."""
    return [{"key": k, "value": v} for k, v in checks.context("get entries", "m", m).items()]


@builtin("context", "entries")
def context(entries: Any) -> dict:
    """A context from a list of ``{key, value}`` contexts (a duplicate key is an error)."""
    items = checks.items("context", (entries,))
    result: dict[str, Any] = {}
    for entry in items:
        if type(entry) is not dict or "key" not in entry or "value" not in entry:
            raise checks.invalid("context", "each entry needs a key and a value")
        key = checks.string("context", "entries", entry["key"])
        if key in result:
            raise checks.invalid("context", f"duplicate key {key!r}")
        result[key] = entry["value"]
    return result


def _put(function: str, target: Any, keys: Any, value: Any) -> dict:
    base = checks.context(function, "context", target)
    path = keys if type(keys) is list else [keys]
    if not path:
        raise checks.invalid(function, "keys must not be empty")
    name = checks.string(function, "key", path[0])
    result = dict(base)
    if len(path) == 1:
        result[name] = value
        return result
    inner = base.get(name, {})
    if type(inner) is not dict:
        raise checks.invalid(function, f"the entry {name!r} is not a context")
    result[name] = _put(function, inner, path[1:], value)
    return result


@builtin("context put", "context, keys, value")
def context_put_keys(context: Any, keys: Any, value: Any) -> dict:
    """A copy of ``context`` with the nested entry at the path ``keys`` set to ``value``
    (positional calls with a single key string come here too)."""
    return _put("context put", context, keys, value)


@builtin("context put", "context, key, value")
def context_put(context: Any, key: Any, value: Any) -> dict:
    """A copy of ``context`` with the entry ``key`` set to ``value``."""
    return _put("context put", context, checks.string("context put", "key", key), value)


@builtin("put", "context, key, value")
def put(context: Any, key: Any, value: Any) -> dict:
    """Camunda's older name of ``context put``."""
    return _put("put", context, key, value)


def _merge(function: str, contexts: list) -> dict:
    result: dict[str, Any] = {}
    for part in contexts:
        result.update(checks.context(function, "contexts", part))
    return result


@builtin("context merge", "contexts...")
def context_merge(*contexts: Any) -> dict:
    """The entries of all contexts, given as a list or (as Camunda allows) as several
    arguments; later ones win."""
    return _merge("context merge", checks.items("context merge", contexts))


@builtin("put all", "contexts...")
def put_all(*contexts: Any) -> dict:
    """Camunda's older name of ``context merge``."""
    return _merge("put all", checks.items("put all", contexts))
