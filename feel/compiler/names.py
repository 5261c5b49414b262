"""What a tree reads and defines, found without compiling it: the names it reads, whether
it reads one name, whether it defines a function."""

from __future__ import annotations

from typing import Any

from feel import nodes as n


def uses_name(node: Any, name: str) -> bool:
    """True when the name ``name`` is read anywhere in ``node``."""
    if isinstance(node, n.Name):
        return node.name == name
    if isinstance(node, tuple):
        return any(uses_name(item, name) for item in node)
    if isinstance(node, n.Node):
        return any(uses_name(child, name) for child in n.children(node))
    return False


def names_read(node: Any) -> set[str]:
    """Every name a closure compiled from ``node`` may look up in a scope: each name, and
    for a name with dots (a parameter ``a.b`` lexed as one name) also its first part."""
    found: set[str] = set()
    pending = [node]
    while pending:
        item = pending.pop()
        if isinstance(item, n.Name):
            found.add(item.name)
            found.add(item.name.split(".")[0].strip())
        elif isinstance(item, tuple):
            pending.extend(item)
        elif isinstance(item, n.Node):
            pending.extend(n.children(item))
    return found


def names_read_once(node: Any) -> set[str]:
    """The names that appear once in ``node`` (each appearance is a read, and its warning
    when the name is missing)."""
    counts: dict[str, int] = {}
    pending = [node]
    while pending:
        item = pending.pop()
        if isinstance(item, n.Name):
            counts[item.name] = counts.get(item.name, 0) + 1
        elif isinstance(item, tuple):
            pending.extend(item)
        elif isinstance(item, n.Node):
            pending.extend(n.children(item))
    return {name for name, count in counts.items() if count == 1}


def defines_function(node: Any) -> bool:
    """True when a function definition appears anywhere in ``node``."""
    if isinstance(node, n.FunctionDefinition):
        return True
    if isinstance(node, tuple):
        return any(defines_function(item) for item in node)
    if isinstance(node, n.Node):
        return any(defines_function(child) for child in n.children(node))
    return False
