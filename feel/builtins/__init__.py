"""The built-in function library: importing this package fills :data:`BUILTINS`."""

from feel.builtins.registry import BUILTINS, builtin

__all__ = ["BUILTINS", "builtin"]
