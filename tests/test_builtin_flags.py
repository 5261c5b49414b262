"""The flags of ``@builtin`` (scalar, light, walks_list): declared once, read by both tiers.

The closures keep an expression light (no state of its own) exactly when it calls built-ins
flagged ``light``; the fast path calls exactly the built-ins flagged ``scalar`` or
``walks_list``. Both are checked here over every built-in of both dialects, called with
variables as arguments.
"""

from __future__ import annotations

import pytest

import feel
from feel.builtins.registry import BUILTINS, DIALECT_BUILTINS, Signature, builtin
from feel.errors import FeelSyntaxError
from feel.facts import Facts
from feel.parser import parse

DIALECTS = ["dmn", "camunda"]


def all_signatures() -> list[tuple[str, Signature]]:
    """Every overload of the standard table and of every dialect switch."""
    tables = [BUILTINS, *DIALECT_BUILTINS.values()]
    return [(name, s) for table in tables for name, f in table.items() for s in f.signatures]


def calls(engine: feel.Engine) -> list[tuple[str, Signature, str]]:
    """For every built-in of ``engine`` with a positional overload: the overload a call with
    its least number of arguments picks, and that call written with variables."""
    found = []
    for name, function in engine.functions.items():
        counts = [s.required for s in function.signatures if not s.named_only]
        if not counts or name == "is defined":  # (is defined: a construct of both tiers)
            continue
        count = min(counts)
        signature = function.positional(count)
        assert signature is not None
        text = f"{name}({', '.join(f'x{i}' for i in range(count))})"
        found.append((name, signature, text))
    return found


def test_light_implies_scalar_and_no_flag_goes_with_a_state() -> None:
    flagged = 0
    for name, signature in all_signatures():
        if signature.light:
            assert signature.scalar, name
        if signature.scalar or signature.walks_list:
            flagged += 1
            assert not signature.needs_state, name
            assert not (signature.scalar and signature.walks_list), name
    assert flagged > 0


@pytest.mark.parametrize("flags", [
    {"needs_state": True, "scalar": True}, {"needs_state": True, "light": True},
    {"needs_state": True, "walks_list": True}, {"scalar": True, "walks_list": True},
    {"light": True, "walks_list": True},
])  # fmt: skip
def test_contradictory_flags_are_refused_before_anything_is_registered(flags: dict) -> None:
    with pytest.raises(ValueError):
        builtin("no such built-in", "x", **flags)
    assert "no such built-in" not in BUILTINS


def test_light_is_the_flag_the_registration_gives() -> None:
    signature = Signature.parse("a, b?", lambda a, b=None: a, False, light=True, scalar=True)
    assert (signature.light, signature.scalar, signature.walks_list) == (True, True, False)
    assert (signature.params, signature.required) == (("a", "b"), 1)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_closures_are_light_exactly_for_light_built_ins(dialect: str) -> None:
    engine = feel.Engine(dialect=dialect)
    checked = set()
    for name, signature, text in calls(engine):
        try:
            tree = parse(text, engine.name_index([]))
        except FeelSyntaxError:  # a name the grammar reads otherwise (``and``, ``or``)
            continue
        assert Facts(engine).light(tree) is signature.light, text
        checked.add(name)
    assert {name for name, s, _ in calls(engine) if s.light} <= checked


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_fast_path_calls_exactly_the_scalar_and_list_built_ins(dialect: str) -> None:
    engine = feel.Engine(dialect=dialect)
    checked = set()
    for name, signature, text in calls(engine):
        try:
            compiled = engine.compile(text)
        except FeelSyntaxError:
            continue
        made = compiled.why_not_generated() is None
        assert made is (signature.scalar or signature.walks_list), text
        checked.add(name)
    expected = {name for name, s, _ in calls(engine) if s.scalar or s.walks_list}
    assert expected <= checked
    assert any(s.walks_list for _, s, _ in calls(engine))
