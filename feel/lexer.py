"""The FEEL tokenizer: one regular expression, then names resolved against the scope.

FEEL names may contain spaces, keywords and ``. / - ' + *`` (``Applicant Age``,
``date and time``, ``a-b``), so whether ``a-b`` is one name or a subtraction depends on
the names in scope. A context-free lexer cannot decide that, so this module:

1. splits the text into raw tokens with one compiled regular expression;
2. collects the names in scope: the caller's ``names``, the built-in function and type
   names, and the names the expression itself introduces (context keys, named
   arguments, function parameters, iteration variables) that contain keywords or symbols;
3. at each word, takes the longest known name that matches the following tokens (with
   the same spacing); otherwise a run of plain words becomes one name (FEEL has no
   juxtaposition, so ``Full Name`` can only be a name).

The parser (LALR) then sees NAME tokens and never has to know about scopes. A name's
token value is its canonical spelling: the known name, or the words joined by one space.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache

from feel.errors import FeelSyntaxError
from feel.escapes import unescape
from feel.hints import syntax_error_at

KEYWORDS = {
    "if": "IF", "then": "THEN", "else": "ELSE", "for": "FOR", "in": "IN",
    "return": "RETURN", "some": "SOME", "every": "EVERY", "satisfies": "SATISFIES",
    "and": "AND", "or": "OR", "between": "BETWEEN", "instance": "INSTANCE", "of": "OF",
    "function": "FUNCTION", "external": "EXTERNAL", "true": "TRUE", "false": "FALSE",
    "null": "NULL",
}  # fmt: skip

PUNCTUATION = {
    "(": "LPAR", ")": "RPAR", "[": "LSQB", "]": "RSQB", "{": "LBRACE", "}": "RBRACE",
    ",": "COMMA", ":": "COLON", ".": "DOT", "..": "DOTDOT", "+": "PLUS", "-": "MINUS",
    "*": "STAR", "/": "SLASH", "**": "POW", "=": "EQ", "!=": "NE", "<": "LT", "<=": "LE",
    ">": "GT", ">=": "GE", "->": "ARROW",
}  # fmt: skip

_NAME_START = r"[^\W\d]|[\U00010000-\U000EFFFF]"
#: One character class, not an alternation: ``re`` keeps no state per character of a name.
_NAME_PART = r"[\w\u00B7\u0300-\u036F\u203F-\u2040\U00010000-\U000EFFFF]"

#: DMN 1.5 grammar rules 61-62: white space and vertical space (Python's ``\s`` lacks
#: U+180E, U+200B and U+FEFF and has U+001C-U+001F, which FEEL does not count).
_WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u180e\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
)

_TOKEN = re.compile(
    r"""
    (?P<ws>[%s]+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<badcomment>/\*)
  | (?P<number>(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<quote>@?")
  | (?P<backtick>`[^`]*`)
  | (?P<word>\?|(?:%s)(?:%s)*)
  | (?P<punct>\.\.|\*\*|!=|<=|>=|->|[()\[\]{},:.+\-*/=<>])
  | (?P<apostrophe>')
    """
    % (_WHITE_SPACE, _NAME_START, _NAME_PART),
    re.VERBOSE | re.DOTALL,
)

_WHITE_SPACE_RUN = re.compile("[%s]+" % _WHITE_SPACE)

#: Symbols that may stand inside a name (DMN 1.5 "additional name symbols").
NAME_SYMBOLS = frozenset(".-/+*'")

#: Names always known: built-in type names with spaces that are not function names.
TYPE_NAMES = ("days and time duration", "years and months duration", "date and time")

#: Tokens after which a ``]`` opens an interval (``]1..10]``) instead of closing one.
_OPERAND_EXPECTED = frozenset(
    ["LPAR", "RSQB_OPEN", "LBRACE", "COMMA", "COLON", "DOTDOT", "PLUS", "MINUS", "STAR", "SLASH", "POW", "EQ", "NE", "LT", "LE", "GT", "GE", "IN", "AND", "OR", "THEN", "ELSE", "RETURN", "SATISFIES", "IF", "BETWEEN", "ARROW"]
)
#: Raw tokens that start an operand and cannot follow one: after ``[ ]`` they show that the
#: ``]`` opens an interval (``xs[ ]1..4] ]``) rather than closing an empty list.
_OPERAND_ONLY = frozenset(
    ["NUMBER", "STRING", "TEMPORAL", "WORD", "BACKTICK", "LBRACE", "TRUE", "FALSE", "NULL",
     "IF", "FOR", "SOME", "EVERY", "FUNCTION"]
)  # fmt: skip
#: Tokens that cannot start an operand: a ``[`` before them closes an interval (``]1..10[``).
_NO_OPERAND = frozenset(
    ["RPAR", "RBRACE", "COMMA", "DOT", "COLON", "DOTDOT", "THEN", "ELSE", "RETURN", "SATISFIES", "AND", "OR", "IN", "BETWEEN", "INSTANCE", "EQ", "NE", "STAR", "SLASH", "POW", "ARROW"]
)



class RawToken:
    """A token: ``type``, ``value``, offsets, and whether white space precedes it.

    It has the attributes Lark's parser reads from its own tokens, so the same objects
    go from the tokenizer to the parser without copying (creating ``lark.Token``
    objects cost a third of the parse time). ``line`` and ``column`` stay None: errors
    compute them from the offsets.
    """

    __slots__ = (
        "column",
        "end_column",
        "end_line",
        "end_pos",
        "line",
        "spaced",
        "start_pos",
        "type",
        "value",
    )  # fmt: skip

    def __init__(self, type: str, value: str, start: int, end: int, spaced: bool) -> None:
        self.type = type
        self.value = value
        self.start_pos = start
        self.end_pos = end
        self.spaced = spaced
        self.line = self.column = self.end_line = self.end_column = None

    def __repr__(self) -> str:
        return f"Token({self.type}, {self.value!r})"


_syntax_error = syntax_error_at


def raw_tokens(text: str, max_string: int | None = None,
               max_tokens: int | None = None) -> list[RawToken]:  # fmt: skip
    """Split ``text`` into raw tokens (words not yet merged into names).

    A string literal longer than ``max_string`` characters is a syntax error, and so is a
    text of more than ``max_tokens`` tokens (compiling costs a few microseconds and a few
    hundred bytes per token: the budget on the work of compiling).
    """
    tokens: list[RawToken] = []
    limit = max_tokens if max_tokens and len(text) > max_tokens else len(text) + 1
    append = tokens.append
    position = 0
    spaced = False
    keywords = KEYWORDS
    punctuation = PUNCTUATION
    length = len(text)
    while position < length:  # one pass of finditer per run of text between string literals
        for m in _TOKEN.finditer(text, position):
            start, end = m.span()
            if start != position:
                raise _syntax_error(text, position, f"unexpected character {text[position]!r}")
            position = end
            kind = m.lastgroup
            if len(tokens) >= limit and kind != "ws" and kind != "comment":
                raise _syntax_error(text, start, f"an expression of more than {max_tokens:,} "
                                    "tokens (the engine's max_tokens)")  # fmt: skip
            if kind == "word":
                value = m.group()
                append(RawToken(keywords.get(value, "WORD"), value, start, end, spaced))
                spaced = False
            elif kind == "punct":
                value = m.group()
                append(RawToken(punctuation[value], value, start, end, spaced))
                spaced = False
            elif kind == "ws" or kind == "comment":
                spaced = True
            elif kind == "quote":
                position = _string_end(text, end)
                if position < 0:
                    raise _syntax_error(text, start, "unterminated string")
                if max_string is not None and position - end - 1 > max_string:
                    raise _syntax_error(text, start, f"a string literal of more than "
                                        f"{max_string} characters (the engine's max_string)")  # fmt: skip
                kind = "TEMPORAL" if end - start == 2 else "STRING"
                append(RawToken(kind, text[start:position], start, position, spaced))
                spaced = False
                break  # go on after the literal with a new finditer
            elif kind == "badcomment":
                raise _syntax_error(text, start, "unterminated comment")
            else:
                append(RawToken(kind.upper(), m.group(), start, end, spaced))  # type: ignore[union-attr]
                spaced = False
        else:
            if position != length:
                raise _syntax_error(text, position, f"unexpected character {text[position]!r}")
            break
    return tokens


def _string_end(text: str, position: int) -> int:
    """The offset just past the ``"`` that closes a string whose body starts at ``position``,
    or -1 when none does.

    A scan with ``str.find`` rather than a regular expression: Python's ``re`` keeps state for
    each repetition of ``(?:[^"\\]|\\.)*``, about 260 bytes per character of the literal.
    """
    while True:
        quote = text.find('"', position)
        if quote < 0:
            return -1
        backslashes = 0
        while text[quote - 1 - backslashes] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            return quote + 1
        position = quote + 1


NameKey = tuple  # ((text, spaced-before), ...) of a name's raw tokens after the first


@lru_cache(maxsize=4096)
def name_shape(name: str) -> tuple[str, NameKey] | None:
    """The first word and the shape of the rest of a multi-token name; None for simple names."""
    try:
        tokens = raw_tokens(name)
    except FeelSyntaxError:
        return None
    if len(tokens) < 2 or tokens[0].type not in ("WORD",) + tuple(KEYWORDS.values()):
        return None
    return tokens[0].value, tuple((t.value, t.spaced) for t in tokens[1:])


def canonical_spelling(name: str) -> str:
    """``name`` with each run of white space made one space (DMN 1.5 10.3.1.4: a name is
    its sequence of tokens, so ``Phone  Number`` is ``Phone Number``). Whether white space
    stands between two tokens still matters: ``a-b`` and ``a - b`` are different names."""
    return _WHITE_SPACE_RUN.sub(" ", name)


def needs_index(name: str) -> bool:
    """True when ``name`` is not a single plain word, so the lexer must be told about it."""
    return not name.isidentifier() or name in KEYWORDS


class _Candidates:
    """The known names that start with one word, by the number of raw tokens after it.

    Matching asks each length once, longest first, with one dict look-up of the tokens'
    shape: the cost of a match does not grow with the number of names sharing the word.
    """

    __slots__ = ("by_length", "lengths")

    def __init__(self, other: _Candidates | None = None) -> None:
        self.by_length: dict[int, dict[NameKey, str]] = (
            {length: dict(names) for length, names in other.by_length.items()} if other else {}
        )
        self.lengths: list[int] = list(other.lengths) if other else []  # longest first

    def add(self, rest: NameKey, name: str) -> None:
        """Know ``name``, whose raw tokens after the first have the shape ``rest``."""
        length = len(rest)
        names = self.by_length.get(length)
        if names is None:
            names = self.by_length[length] = {}
            self.lengths.append(length)
            self.lengths.sort(reverse=True)  # a new length: rare, and few lengths exist
        names.setdefault(rest, name)  # the first name known under a shape keeps it


class NameIndex:
    """Known multi-token names, by first word, longest first.

    ``spellings`` maps the canonical spelling of a known name (white space runs made one
    space) to the name itself when the two differ, so a host's ``"foo  bar"`` is read by
    ``foo bar`` and by `` `foo bar` `` alike. An index made from a ``base`` shares the
    base's candidates until a name is added under the same first word (copy on write), so
    deriving an index costs the names added, not the names already known.
    """

    __slots__ = ("_known", "_sorted", "by_first", "owned", "spellings")

    def __init__(self, names: Iterable[str] = (), base: NameIndex | None = None) -> None:
        #: :meth:`names`, found once (every compilation with a model's index asks for them:
        #: 8% of the TCK's load time went into finding them again), forgotten by :meth:`add`
        self._known: frozenset[str] | None = None
        self._sorted: tuple[str, ...] | None = None
        self.by_first: dict[str, _Candidates] = dict(base.by_first) if base else {}
        self.owned: set[str] = set()  # first words whose candidates this index may change
        self.spellings: dict[str, str] = dict(base.spellings) if base else {}
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        """Make ``name`` known."""
        shape = name_shape(name)
        if shape is None:
            return
        first, rest = shape
        self._known = self._sorted = None
        canonical = canonical_spelling(name)
        if canonical != name:
            self.spellings.setdefault(canonical, name)
        candidates = self.by_first.get(first)
        if first not in self.owned:
            candidates = self.by_first[first] = _Candidates(candidates)
            self.owned.add(first)
        candidates.add(rest, name)  # type: ignore[union-attr]

    def __bool__(self) -> bool:
        return bool(self.by_first)

    def names(self) -> frozenset[str]:
        """Every name the index knows."""
        known = self._known
        if known is None:
            known = self._known = frozenset(
                name for candidates in self.by_first.values()
                for names in candidates.by_length.values() for name in names.values())  # fmt: skip
        return known

    def sorted_names(self) -> tuple[str, ...]:
        """Every name the index knows, sorted (remembered: a DMN model's thousands of texts
        share one index, and sorting its names for each was quadratic in the names)."""
        found = self._sorted
        if found is None:
            found = self._sorted = tuple(sorted(self.names()))
        return found


def _harvest(tokens: list[RawToken], index: NameIndex) -> NameIndex:
    """Add the names the expression introduces (context keys, parameters...) to ``index``."""
    extended: NameIndex | None = None
    iterating = False
    count = len(tokens)
    i = 0
    while i < count:
        kind = tokens[i].type
        if kind in ("FOR", "SOME", "EVERY"):
            iterating = True
        elif kind in ("RETURN", "SATISFIES"):
            iterating = False
        starts_run = kind in ("LBRACE", "COMMA", "LPAR", "FOR", "SOME", "EVERY")
        if starts_run and i + 2 < count:
            j = i + 1
            while j < count and tokens[j].type in _RUN_KINDS:
                j += 1
            if j - i > 2 and j < count:
                closer = tokens[j].type
                if closer == "COLON" or (closer == "IN" and iterating) or (
                    closer in ("COMMA", "RPAR") and _in_parameters(tokens, i)
                ):
                    run = tokens[i + 1 : j]
                    if _plausible_name(run):
                        name = _spell(run)
                        if extended is None:
                            extended = NameIndex((), index)
                        extended.add(name)
        i += 1
    return extended or index


_RUN_KINDS = frozenset(
    ["WORD", "NUMBER", "APOSTROPHE", "DOT", "MINUS", "PLUS", "STAR", "SLASH"]
) | (
    frozenset(KEYWORDS.values()) - {"IN", "RETURN", "SATISFIES", "FOR", "SOME", "EVERY"}
)


def _in_parameters(tokens: list[RawToken], i: int) -> bool:
    """True when tokens[i] is the ``(`` or a ``,`` of a ``function(...)`` parameter list."""
    depth = 0
    while i >= 0:
        kind = tokens[i].type
        if kind == "RPAR":
            depth += 1
        elif kind == "LPAR":
            if depth == 0:
                return i > 0 and tokens[i - 1].type == "FUNCTION"
            depth -= 1
        i -= 1
    return False


def _plausible_name(run: list[RawToken]) -> bool:
    """A run that starts with a word and holds a keyword or a symbol (``a + 1``, ``x-y``).

    The run stands where only a name can (a context key, a parameter, an iteration
    variable), so spaced symbols belong to it too: ``{a + 1: 2}`` has the key ``a + 1``.
    """
    if run[0].type != "WORD" or run[-1].type in _SYMBOL_KINDS:
        return False
    return any(token.type != "WORD" for token in run)


_SYMBOL_KINDS = frozenset(["APOSTROPHE", "DOT", "MINUS", "PLUS", "STAR", "SLASH"])


def _spell(run: list[RawToken]) -> str:
    parts = [run[0].value]
    for token in run[1:]:
        if token.spaced:
            parts.append(" ")
        parts.append(token.value)
    return "".join(parts)


#: Scope indexes of recent name lists (a DMN model compiles each of its expressions with
#: the same names): bounded by count and by the number of names held, so host data cannot
#: make the cache large.
_SCOPES: dict[tuple, NameIndex] = {}
_SCOPES_BASE: list[NameIndex] = []  # the base the cached indexes were made from
_SCOPES_MAX = 64
_SCOPES_MAX_NAMES = 100_000
_scoped_names = 0
_SCOPES_LOCK = threading.Lock()


def scope_index(names: Iterable[str], base: NameIndex) -> NameIndex:
    """The index of ``base`` (the engine hands in the built-in names) plus ``names`` (only
    those that need one)."""
    global _scoped_names
    key = tuple(names)
    if not key:
        return base
    if not _SCOPES_BASE or _SCOPES_BASE[0] is not base:
        with _SCOPES_LOCK:
            _SCOPES.clear()
            _SCOPES_BASE[:] = [base]
            _scoped_names = 0
    try:
        known = _SCOPES.get(key)
    except TypeError:  # a name that is not hashable: not a name, but not ours to refuse here
        known, key = None, ()
    if known is not None:
        return known
    extra = [name for name in key if needs_index(name)]
    index = NameIndex(extra, base) if extra else base
    if key and len(key) <= _SCOPES_MAX_NAMES:
        with _SCOPES_LOCK:
            if len(_SCOPES) >= _SCOPES_MAX or _scoped_names + len(key) > _SCOPES_MAX_NAMES:
                _SCOPES.clear()
                _scoped_names = 0
            _SCOPES[key] = index
            _scoped_names += len(key)
    return index


def tokenize(text: str, index: NameIndex, max_string: int | None = None,
             max_tokens: int | None = None) -> list[RawToken]:  # fmt: skip
    """The parser tokens of ``text``, names resolved against ``index``; string literals
    longer than ``max_string`` characters and more than ``max_tokens`` tokens are a
    syntax error."""
    raw = raw_tokens(text, max_string, max_tokens)
    index = _harvest(raw, index)
    return _resolve(text, raw, index)


#: Brackets nested deeper than this are a syntax error: the budget on source nesting.
MAX_NESTING = 128
_OPENERS = frozenset(["LPAR", "LSQB", "LBRACE"])
_CLOSERS = frozenset(["RPAR", "RSQB", "RBRACE"])
_KEYWORD_TYPES = frozenset(KEYWORDS.values())


def _resolve(text: str, raw: list[RawToken], index: NameIndex) -> list[RawToken]:
    """Merge name parts into NAME tokens and settle the context-dependent tokens."""
    by_first = index.by_first
    out: list[RawToken] = []
    append = out.append
    count = len(raw)
    nesting = 0
    previous = None
    i = 0
    while i < count:
        token = raw[i]
        kind = token.type
        if (kind in ("AND", "OR") and (previous is None or previous in _OPERAND_EXPECTED)
                and i + 1 < count and raw[i + 1].type == "LPAR"):  # fmt: skip
            token.type = kind = "WORD"  # a call of DMN 1.1's and(list)/or(list), not an operator
        if kind == "WORD" and previous == "IN" and token.value == "?":
            token.type = "INPUT"  # `e in ? < 10`: the grammar reads the comparison as the test
            i += 1
        elif kind == "WORD" or (kind in _KEYWORD_TYPES and token.value in by_first):
            j, known = _match_known(raw, i, by_first) if by_first else (0, None)
            if not j and kind == "WORD":
                j = i + 1
                while j < count and (
                    raw[j].type == "WORD"
                    or (raw[j].type == "APOSTROPHE" and not raw[j].spaced)
                    or (raw[j - 1].type == "APOSTROPHE" and raw[j].type == "WORD"
                        and not raw[j].spaced)
                ):  # fmt: skip
                    j += 1
            if j:
                if j > i + 1:
                    token = RawToken("NAME", known or _spell(raw[i:j]), token.start_pos,
                                     raw[j - 1].end_pos, token.spaced)  # fmt: skip
                else:
                    token.type = "NAME"
                i = j
            else:
                i += 1
        else:
            i += 1
            if kind == "STRING":
                token.value = unescape(token.value[1:-1], text, token.start_pos + 1)
            elif kind == "TEMPORAL":
                token.value = unescape(token.value[2:-1], text, token.start_pos + 2)
            elif kind == "BACKTICK":
                name = canonical_spelling(token.value[1:-1])
                token.type, token.value = "NAME", index.spellings.get(name, name)
            elif kind == "RSQB" and (previous is None or previous in _OPERAND_EXPECTED or (
                    previous == "LSQB" and i < count and raw[i].type in _OPERAND_ONLY)):
                token.type = "RSQB_OPEN"
            elif kind == "LSQB" and previous and (i >= count or raw[i].type in _NO_OPERAND):
                token.type = "LSQB_CLOSE"
            elif kind == "APOSTROPHE":
                raise _syntax_error(text, token.start_pos, "unexpected character \"'\"")
            elif kind in _OPENERS:
                nesting += 1
                if nesting > MAX_NESTING:
                    raise _syntax_error(
                        text, token.start_pos, f"brackets nested deeper than {MAX_NESTING} levels"
                    )
            elif kind in _CLOSERS:
                nesting -= 1
        previous = token.type
        append(token)
    return out


def _match_known(raw: list[RawToken], i: int, by_first: dict) -> tuple[int, str | None]:
    """The end index and the name of the longest known name starting at raw[i], or (0, None)."""
    candidates = by_first.get(raw[i].value)
    if candidates is None:
        return 0, None
    available = len(raw) - i - 1
    for length in candidates.lengths:
        if length > available:
            continue
        shape = tuple((token.value, token.spaced) for token in raw[i + 1 : i + 1 + length])
        name = candidates.by_length[length].get(shape)
        if name is not None:
            return i + 1 + length, name
    return 0, None
