"""``external`` Java functions mapped to Python equivalents.

DMN lets a function be implemented by a static Java method
(``{java: {class: "java.lang.Math", method signature: "max(double, double)"}}``). We run
no Java; an allow-list maps the ``java.lang`` methods that decision models use to Python
code with the same results. Anything else resolves to nothing (null plus a warning).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from feel.diagnostics import Failure, WarningKind
from feel.values import DECIMAL, Function


def _number(value: Any) -> Decimal:
    if type(value) is not Decimal:
        raise Failure(WarningKind.INVALID_ARGUMENTS, "a Java number parameter needs a number")
    return value


def _float(value: Any) -> float:
    return float(_number(value))


def _result(value: float) -> Decimal:
    if math.isnan(value) or math.isinf(value):
        raise Failure(WarningKind.ARITHMETIC, "the Java method gave no finite number")
    return Decimal(repr(value))


def _integral(bits: int) -> Callable[[Any], Decimal]:
    def convert(value: Any) -> Decimal:
        if type(value) is str:
            try:
                number = int(value.strip())
            except ValueError:
                raise Failure(WarningKind.INVALID_ARGUMENTS, "not an integer") from None
        else:
            number = int(_number(value))
        if not -(2 ** (bits - 1)) <= number < 2 ** (bits - 1):
            raise Failure(WarningKind.INVALID_ARGUMENTS, "out of range")
        return Decimal(number)

    return convert


def _floating(value: Any) -> Decimal:
    if type(value) is str:
        try:
            return _result(float(value.strip()))
        except ValueError:
            raise Failure(WarningKind.INVALID_ARGUMENTS, "not a number") from None
    return _result(_float(value))


def _string_of(value: Any) -> str:
    from feel.builtins.conversion import to_feel_string

    return to_feel_string(value) or "null"


def _max(a: Any, b: Any) -> Any:
    return a if DECIMAL.compare(_number(a), _number(b)) >= 0 else b


def _min(a: Any, b: Any) -> Any:
    return a if DECIMAL.compare(_number(a), _number(b)) <= 0 else b


_METHODS: dict[tuple[str, str, int], Callable[..., Any]] = {
    ("java.lang.Math", "max", 2): _max,
    ("java.lang.Math", "min", 2): _min,
    ("java.lang.Math", "abs", 1): lambda a: DECIMAL.abs(_number(a)),
    ("java.lang.Math", "cos", 1): lambda a: _result(math.cos(_float(a))),
    ("java.lang.Math", "sin", 1): lambda a: _result(math.sin(_float(a))),
    ("java.lang.Math", "tan", 1): lambda a: _result(math.tan(_float(a))),
    ("java.lang.Math", "sqrt", 1): lambda a: _result(math.sqrt(_float(a))),
    ("java.lang.Math", "exp", 1): lambda a: _result(math.exp(_float(a))),
    ("java.lang.Math", "log", 1): lambda a: _result(math.log(_float(a))),
    ("java.lang.Math", "pow", 2): lambda a, b: _result(math.pow(_float(a), _float(b))),
    ("java.lang.Math", "floor", 1): lambda a: _result(math.floor(_float(a))),
    ("java.lang.Math", "ceil", 1): lambda a: _result(math.ceil(_float(a))),
    ("java.lang.String", "valueOf", 1): _string_of,
    ("java.lang.Integer", "valueOf", 1): _integral(32),
    ("java.lang.Long", "valueOf", 1): _integral(64),
    ("java.lang.Short", "valueOf", 1): _integral(16),
    ("java.lang.Byte", "valueOf", 1): _integral(8),
    ("java.lang.Double", "valueOf", 1): _floating,
    ("java.lang.Float", "valueOf", 1): _floating,
}


def _char_argument(implementation: Callable) -> Callable:
    def with_char(value: Any) -> Any:
        if type(value) is not str or len(value) != 1:
            raise Failure(WarningKind.INVALID_ARGUMENTS, "a Java char is a single character")
        return implementation(value)

    return with_char


def _format(pattern: Any, *args: Any) -> str:
    """``String.format`` for the ``%s`` conversions decision models use."""
    if type(pattern) is not str:
        raise Failure(WarningKind.INVALID_ARGUMENTS, "format needs a pattern string")
    parts = pattern.split("%s")
    if len(parts) - 1 != len(args):
        raise Failure(WarningKind.INVALID_ARGUMENTS, "format: wrong number of arguments")
    out = [parts[0]]
    for argument, part in zip(args, parts[1:]):
        out.append(_string_of(argument))
        out.append(part)
    return "".join(out)


_METHODS[("java.lang.String", "format", 2)] = _format


class JavaFunction(Function):
    """A Python stand-in for a static Java method."""

    __slots__ = ("implementation", "name", "parameters")

    def __init__(self, name: str, parameters: tuple[str, ...], implementation: Callable) -> None:
        self.name = name
        self.parameters = parameters
        self.implementation = implementation

    def parameter_names(self) -> tuple[str, ...]:
        """The FEEL parameter names."""
        return self.parameters

    def invoke(self, state: Any, args: list | None, named: dict | None = None) -> Any:
        """Call the stand-in with the arguments in parameter order."""
        if named is not None:
            args = [named.get(name) for name in self.parameters]
        args = args or []
        if len(args) != len(self.parameters) or any(arg is None for arg in args):
            raise Failure(WarningKind.INVALID_ARGUMENTS, f"{self.name}: wrong arguments")
        return self.implementation(*args)


def resolve_java(definition: Any, parameters: tuple[str, ...]) -> Function | None:
    """The stand-in for ``{java: {class, method signature}}`` (or the inner context)."""
    if type(definition) is dict and type(definition.get("java")) is dict:
        definition = definition["java"]
    if type(definition) is not dict:
        return None
    class_name = definition.get("class")
    signature = definition.get("method signature")
    if type(class_name) is not str or type(signature) is not str or "(" not in signature:
        return None
    method, _, rest = signature.partition("(")
    argument_types = [part.strip() for part in rest.rstrip(") ").split(",") if part.strip()]
    if len(argument_types) != len(parameters):
        return None
    implementation = _METHODS.get((class_name.strip(), method.strip(), len(argument_types)))
    if implementation is None:
        return None
    if argument_types == ["char"]:
        implementation = _char_argument(implementation)
    return JavaFunction(f"{class_name}.{method}", parameters, implementation)
