"""The decision requirements graph: cycles found when a model is loaded.

A decision that requires itself, directly or through other decisions, can never be
evaluated (DMN 1.5, 6.2.1: the requirements graph is acyclic); left alone it would recurse
until Python's stack ran out. Business knowledge models may be recursive (a BKM invoking
itself is a recursive function), so only information requirements between decisions count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def find_cycle(edges: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A cycle of ``edges`` (node -> the nodes it requires) as ``[a, b, ..., a]``, or None.

    Depth-first, with an explicit stack: a chain of thousands of decisions must not hit
    Python's recursion limit either.
    """
    done: set[str] = set()
    for start in edges:
        if start in done:
            continue
        path: list[str] = [start]
        on_path = {start}
        pending = [iter(edges.get(start, ()))]
        while pending:
            step = next(pending[-1], None)
            if step is None:
                pending.pop()
                done.add(path[-1])
                on_path.discard(path.pop())
                continue
            if step in on_path:
                return path[path.index(step):] + [step]
            if step in done or step not in edges:
                continue
            path.append(step)
            on_path.add(step)
            pending.append(iter(edges.get(step, ())))
    return None
