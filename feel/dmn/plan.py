"""Prebuilt evaluations of decisions that read input data only.

Most decisions evaluated from a host (a decision table over a JSON record) require input
data of their own model and nothing else: no decision, business knowledge model, service
or import. For those, :meth:`feel.dmn.model.Model.evaluate` runs a plan made at the first
evaluation instead of its general path: what the general path finds per evaluation (the
node, its resolved requirements, its declared type, the budgets of a state) is found
once, and each input is read with one look-up of how its value's Python kind becomes a
FEEL value of the input's type. A value whose kind is not in that table (a Decimal, a
date, a list, a value that does not conform) takes the general conversion, with its
warnings, so a plan computes exactly what the general path computes.

Why: on the 50-rule, 4-input table of bench/tables.py the matching itself took 2 µs of
the 5.5 µs ``model.evaluate`` took (FIRST); the rest was fixed per evaluation (reading and
checking the inputs 1.5 µs, a ``_Run``, memo and requirement look-ups, the result). With
the plan (and the inputs read by generated source, :data:`GENERATE_AT`) FIRST took 3.6-3.9
µs against 2.3-2.5 µs by hand, 1.5-1.6x (was 2.1x), best of 1500 batches on a loaded
machine: ``python -m bench --tables``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from feel.dmn.boxed import conform
from feel.dmn.services import as_feel_error
from feel.errors import FeelError
from feel.runtime import CURRENT, Scope, State

#: The evaluation from which a decision reads its inputs by generated source: generating
#: costs a Python compilation (about 60 µs), the loop 0.1-0.2 µs more per input than the
#: generated source, so only a decision evaluated many times gains (the TCK, which
#: evaluates each decision a few times, spent more generating than it saved).
GENERATE_AT = 64

#: How a value of a Python kind is stored for an input: as it is, or converted.
_AS_IS: Any = object()
_NONE = type(None)


def accepted_kinds(declared: Any, check: Callable[[Any], bool] | None) -> dict[type, Any]:
    """For an input of type ``declared`` (None: untyped) whose values conform as they are
    when ``check`` accepts them: the Python kinds of host values that become FEEL values
    of that type directly, each mapped to :data:`_AS_IS` or its conversion (an ``int`` is
    the exact Decimal, as :mod:`feel.convert` makes it). ``check`` is a membership test by
    kind (a built-in type's, see ``DmnType.plain_check``), so one sample decides a kind."""
    kinds: dict[type, Any] = {_NONE: _AS_IS}
    for kind, sample, how in ((int, Decimal(1), Decimal), (str, "", _AS_IS), (bool, True, _AS_IS)):
        if declared is None or (check is not None and check(sample) is True):
            kinds[kind] = how
    return kinds


def make_plan(model: Any, node: Any, local_inputs: list[tuple], run_type: type,
              result_type: type) -> Callable[[dict], Any]:  # fmt: skip
    """The evaluation of the decision ``node`` of ``model``, whose requirements are the
    input data ``local_inputs`` ((name, Clark name, type, plain check, node) each), as a
    function of a plain ``dict`` of inputs returning a ``result_type`` (DmnResult)."""
    engine = model.engine
    max_steps, max_depth, timeout = engine.max_steps, engine.max_depth, engine.timeout
    body = model.bodies[node.id]
    declared = model.type(node.type_ref) if node.type_ref else None
    what = f"decision {node.name!r}"
    origin, name = model.origin, node.name
    slow = model._input
    readers = tuple((input_name, qualified, accepted_kinds(kind, check), required)
                    for input_name, qualified, kind, check, required in local_inputs)  # fmt: skip
    as_is = _AS_IS

    def read_by_loop(inputs: dict, state: State) -> dict:
        variables = {}
        for input_name, qualified, kinds, required in readers:
            value = inputs[qualified] if qualified in inputs else inputs.get(input_name)
            how = kinds.get(type(value))
            if how is as_is:
                variables[input_name] = value
            elif how is None:  # any other kind: the general conversion and check
                variables[input_name] = slow(required, value, run_type(state, inputs))
            else:
                variables[input_name] = how(value)
        return variables

    def read_counted(inputs: dict, state: State) -> dict:
        uses[0] += 1
        if uses[0] >= GENERATE_AT:
            try:
                reader[0] = _reader(readers, slow, run_type)
            except Exception:  # a bug of the generator must not stop the decision
                reader[0] = read_by_loop
        return read_by_loop(inputs, state)

    uses = [0]
    #: the reader: a loop, then generated source from the GENERATE_AT-th evaluation on
    reader: list[Any] = [read_counted]

    def decide(inputs: dict) -> Any:
        state = State(engine, max_steps, max_depth, timeout)
        token = CURRENT.set(state)  # budgets reach traversals (deep equality, string(), ...)
        try:
            scope = Scope(reader[0](inputs, state), None, state)
            value = body(scope)
            if declared is not None and value is not None:
                value = conform(declared, value, scope, what)
        except FeelError:
            raise
        except Exception as error:  # only our exceptions leave
            raise as_feel_error(error, origin, name) from error
        finally:
            CURRENT.reset(token)
        return result_type(value, {name: value}, state.warnings)

    return decide


def _reader(readers: tuple, slow: Callable, run_type: type) -> Callable[[dict, State], dict]:
    """One function reading every input of ``readers`` into a new dict of FEEL values:
    generated source with a line or two per input (a loop over the inputs cost 0.9 µs of
    the 4 inputs' 1.2 µs). Names and kinds reach it as bound names (``N0``, ``Q0``), never
    as text: no text of a model is part of the source."""
    names: dict[str, Any] = {"Decimal": Decimal, "slow": slow, "Run": run_type, "str": str,
                             "bool": bool}  # fmt: skip
    lines = ["def read(inputs, state):"]
    for column, (input_name, qualified, kinds, required) in enumerate(readers):
        names[f"N{column}"], names[f"Q{column}"], names[f"R{column}"] = input_name, qualified, required
        value = f"v{column}"
        lines.append(f"    {value} = inputs[Q{column}] if Q{column} in inputs else inputs.get(N{column})")
        as_is = [kind.__name__ for kind, how in kinds.items() if how is _AS_IS and kind is not _NONE]
        plain = " or ".join([f"{value} is None"] + [f"t is {kind}" for kind in as_is])
        lines.append(f"    t = type({value})")
        if int in kinds:
            lines.append(f"    if t is int:\n        {value} = Decimal({value})")
            lines.append(f"    elif not ({plain}):")
        else:
            lines.append(f"    if not ({plain}):")
        lines.append(f"        {value} = slow(R{column}, {value}, Run(state, inputs))")
    entries = ", ".join(f"N{column}: v{column}" for column in range(len(readers)))
    lines.append(f"    return {{{entries}}}")
    namespace = dict(names)
    exec(compile("\n".join(lines), "<decision inputs>", "exec"), namespace)  # no model text in it
    return namespace["read"]  # type: ignore[no-any-return]
