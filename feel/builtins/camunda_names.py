"""Camunda's names for standard built-ins (the ``camunda_builtins`` switch).

feel-scala keeps DMN 1.1's ``and(list)`` and ``or(list)`` (``all`` and ``any`` since
DMN 1.2), and declares some parameters under other names than DMN 1.5 (``abs(number)``,
``get entries(context)``, ``union(lists)``...), which its users write in named calls. The
TCK checks that a DMN engine refuses those, so they exist only in the Camunda dialect.

The names here come from feel-scala's built-in declarations: each alias reuses the
standard implementation of the same arity and is offered to named calls only, so positional
calls behave exactly as in DMN 1.5.
"""

from __future__ import annotations

from feel.builtins import contexts, lists, numeric  # noqa: F401 - registered first
from feel.builtins.registry import BUILTINS, Signature, builtin, flags_of

#: DMN 1.1's names of ``all`` and ``any``, with all their overloads.
RENAMED = {"and": "all", "or": "any"}

#: Built-in -> Camunda's parameter lists where they differ from DMN 1.5's.
PARAMETER_NAMES = {
    "abs": ["number"],
    "append": ["list, items..."],
    "concatenate": ["lists..."],
    "union": ["lists..."],
    "get entries": ["context"],
    "get value": ["context, key", "context, keys"],
}


def spec_of(signature: Signature) -> str:
    """The ``@builtin`` parameter text of ``signature`` (``"list, start position, length?"``)."""
    parts = []
    for index, name in enumerate(signature.params):
        if signature.variadic and index == len(signature.params) - 1:
            parts.append(name + "...")
        elif index >= signature.required:
            parts.append(name + "?")
        else:
            parts.append(name)
    return ", ".join(parts)


def _standard(name: str, spec: str) -> Signature:
    alias = Signature.parse(spec, lambda: None, False)
    for signature in BUILTINS[name].signatures:
        if (len(signature.params), signature.variadic) == (len(alias.params), alias.variadic):
            return signature
    raise LookupError(f"no overload of {name!r} fits Camunda's ({spec})")


for _name, _standard_name in RENAMED.items():
    for _signature in BUILTINS[_standard_name].signatures:
        builtin(_name, spec_of(_signature), needs_state=_signature.needs_state,
                dialect="camunda", **flags_of(_signature))(_signature.impl)  # fmt: skip

for _name, _specs in PARAMETER_NAMES.items():
    for _spec in _specs:
        _signature = _standard(_name, _spec)
        builtin(_name, _spec, needs_state=_signature.needs_state, dialect="camunda",
                named_only=True, **flags_of(_signature))(_signature.impl)  # fmt: skip
