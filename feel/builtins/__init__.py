"""The built-in function library: importing this package fills :data:`BUILTINS`.

One module per category of the DMN 1.5 spec, plus Camunda's extensions and the
connector functions. Each registers its functions with ``@builtin`` at import time.
"""

from feel.builtins import (  # noqa: F401 - imported for their registrations
    boolean,
    camunda,
    camunda_library,
    camunda_names,
    camunda_string,
    connectors,
    contexts,
    conversion,
    java_texts,
    lists,
    numeric,
    ranges,
    strings,
    temporal,
)
from feel.builtins.registry import BUILTINS, builtin, builtins_for

__all__ = ["BUILTINS", "builtin", "builtins_for"]
