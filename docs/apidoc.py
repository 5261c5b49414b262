"""Writes docs/api.md, the API reference, from the docstrings of the public names.

``python docs/apidoc.py`` rewrites the file; ``tests/test_docs.py`` checks that it is
current, so a docstring changed without the reference fails the tests.
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path
from typing import Any

MODULES = ["feel", "feel.dmn", "feel.connectors"]
TARGET = Path(__file__).resolve().parent / "api.md"


def _signature(obj: Any) -> str:
    try:
        text = str(inspect.signature(obj))
    except (TypeError, ValueError):
        return ""
    return re.sub(r" at 0x[0-9a-f]+", "", text)  # default values' addresses change every run


def _doc(obj: Any) -> str:
    return inspect.cleandoc(obj.__doc__) if obj.__doc__ else "(no docstring)"


def _members(cls: type) -> list[tuple[str, Any]]:
    found = []
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(member, property) or inspect.isfunction(member) or isinstance(
                member, (classmethod, staticmethod)):  # fmt: skip
            found.append((name, member))
    return found


def _entry(module_name: str, name: str, obj: Any) -> list[str]:
    lines = []
    if inspect.isclass(obj):
        lines += [f"### `{module_name}.{name}{_signature(obj)}`", "", _doc(obj), ""]
        for member_name, member in _members(obj):
            function = member.fget if isinstance(member, property) else getattr(
                member, "__func__", member)  # fmt: skip
            shown = member_name if isinstance(member, property) else (
                member_name + _signature(function))  # fmt: skip
            lines += [f"- `{shown}`: " + _doc(function).replace("\n", " "), ""]
    elif callable(obj):
        lines += [f"### `{module_name}.{name}{_signature(obj)}`", "", _doc(obj), ""]
    return lines


def reference() -> str:
    """The text of docs/api.md."""
    import importlib

    lines = ["# API reference", "",
             "Generated from the docstrings by `python docs/apidoc.py`; do not edit by hand.", ""]  # fmt: skip
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        lines += [f"## `{module_name}`", "", _doc(module).split("\n\n")[0], ""]
        for name in sorted(getattr(module, "__all__", [])):
            lines += _entry(module_name, name, getattr(module, name))
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(TARGET.parent.parent))
    TARGET.write_text(reference(), encoding="utf-8")
    print(f"wrote {TARGET}")
