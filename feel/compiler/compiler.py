"""The compiler put together: the node methods of every construct in one class."""

from __future__ import annotations

from feel.compiler.arithmetic import Operators
from feel.compiler.calls import Calls
from feel.compiler.control import Control
from feel.compiler.loops import Loops
from feel.compiler.paths import Paths
from feel.compiler.structures import Structures


class Compiler(Structures, Operators, Control, Loops, Paths, Calls):
    """Compiles the AST of one source text; create one per compilation."""
