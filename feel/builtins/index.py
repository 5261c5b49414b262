"""The name index of the built-in function and type names, which every compilation starts
from (the lexer is handed it; it does not know the library)."""

from __future__ import annotations

from feel.builtins.registry import BUILTINS
from feel.lexer import TYPE_NAMES, NameIndex

_BUILTIN_INDEX: NameIndex | None = None


def builtin_index() -> NameIndex:
    """The index of built-in function and type names (built once, at the first call: by
    then importing :mod:`feel.builtins` has filled the registry)."""
    global _BUILTIN_INDEX
    if _BUILTIN_INDEX is None:
        _BUILTIN_INDEX = NameIndex([*BUILTINS, *TYPE_NAMES])
    return _BUILTIN_INDEX
