"""Which variables an expression reads (``Expression.variables`` and ``.paths``).

A host (a connector runtime, a process engine) asks a compiled expression for the
variables it needs and fetches only those. Names the expression binds itself and the
functions it calls are not variables; a context path written out is reported whole.
"""

from __future__ import annotations

import pytest

import feel

# (expression, variables in order of first read, paths)
CASES = [
    ("1 + 2", (), ()),
    ("x", ("x",), (("x",),)),
    ("response.body", ("response",), (("response", "body"),)),
    ("response.body.id + response.status", ("response",),
     (("response", "body", "id"), ("response", "status"))),
    ("a.b + a", ("a",), (("a", "b"), ("a",))),
    ("x + y * x", ("x", "y"), (("x",), ("y",))),
    # context keys are bound for the entries after them, not before
    ("{a: 1, b: a + c}.b", ("c",), (("c",),)),
    ("{b: a, a: 1}", ("a",), (("a",),)),
    # iteration variables: in the later domains and the body; partial in a for body
    ("for x in xs return x.price", ("xs",), (("xs",),)),
    ("for x in xs, y in x.children return y + z", ("xs", "z"), (("xs",), ("z",))),
    ("for i in 1..n return partial", ("n",), (("n",),)),
    ("some x in xs satisfies x > limit", ("xs", "limit"), (("xs",), ("limit",))),
    ("every x in xs satisfies x > 0", ("xs",), (("xs",),)),
    # function parameters
    ("function(a, b) a + b + c", ("c",), (("c",),)),
    ("{double: function(n) n * 2, r: double(v)}.r", ("v",), (("v",),)),
    # item is the filter's; other names in a condition may be entries or variables
    ("items[item.price > limit]", ("items", "limit"), (("items",), ("limit",))),
    ("items[price > 10].name", ("items", "price"), (("items",), ("price",))),
    ("orders[1].lines", ("orders",), (("orders",),)),
    # functions called by name are not variables; a variable that holds one is
    ("upper case(name)", ("name",), (("name",),)),
    ('date and time(d, "Z")', ("d",), (("d",),)),
    ("callback(1)", ("callback",), (("callback",),)),
    # a function name read as a value is read as the variable it names when there is one
    ("count + 1", ("count",), (("count",),)),
    ("count(xs)", ("xs",), (("xs",),)),
    ("is defined(x.y)", ("x",), (("x", "y"),)),
    ("x instance of number", ("x",), (("x",),)),
    ("if a then b.c else d", ("a", "b", "d"), (("a",), ("b", "c"), ("d",))),
    ("x between low and high", ("x", "low", "high"), (("x",), ("low",), ("high",))),
    ("x in [low..high]", ("x", "low", "high"), (("x",), ("low",), ("high",))),
    ("f(a: x).y", ("f", "x"), (("f",), ("x",))),
]  # fmt: skip


@pytest.mark.parametrize("expression, variables, paths", CASES)
def test_names_read(expression, variables, paths):
    compiled = feel.compile(expression)
    assert compiled.variables == variables
    assert compiled.paths == paths


def test_names_with_spaces_are_one_name():
    compiled = feel.compile("Applicant Data.Monthly Income * 12", names=["Applicant Data"])
    assert compiled.variables == ("Applicant Data",)
    assert compiled.paths == (("Applicant Data", "Monthly Income"),)


def test_functions_of_the_engine_are_not_variables():
    engine = feel.Engine(functions={"tax": lambda amount: amount})
    assert engine.compile("tax(amount)").variables == ("amount",)


# (unary tests, variables, paths): ? is the input, not a variable
UNARY = [
    ("< 10", (), ()),
    ("< limit", ("limit",), (("limit",),)),
    ("[low..range.high]", ("low", "range"), (("low",), ("range", "high"))),
    ("? > min and ? < max", ("min", "max"), (("min",), ("max",))),
    ('not("a", code)', ("code",), (("code",),)),
    ("-", (), ()),
]  # fmt: skip


@pytest.mark.parametrize("tests, variables, paths", UNARY)
def test_names_read_by_unary_tests(tests, variables, paths):
    compiled = feel.compile_unary_tests(tests)
    assert compiled.variables == variables
    assert compiled.paths == paths


def test_the_names_do_not_depend_on_evaluation():
    compiled = feel.compile("if flag then a.b else c")
    before = (compiled.variables, compiled.paths)
    for variables in ({"flag": True, "a": {"b": 1}}, {"flag": False, "c": 2}, {}):
        compiled.evaluate(variables)  # the third makes the fast path: the names stay
    assert (compiled.variables, compiled.paths) == before


@pytest.mark.parametrize("expression, variables, paths", CASES[1:8])
def test_names_read_are_the_same_once_the_generated_code_is_made(expression, variables, paths):
    # (found from the tree when first asked, or when the generated code is made and the
    # tree let go: either order gives the same answer)
    first = feel.Engine().compile(expression)
    first.program("generated" if first.why_not_generated() is None else "closures")
    assert (first.variables, first.paths) == (variables, paths)
    second = feel.Engine().compile(expression)
    assert second.variables == variables
    second.program("auto")
    assert second.paths == paths
