"""Reading a DMN document: what ``feel.dmn.load`` accepts, its encoding, and a size limit.

``load`` takes XML text (a ``str`` starting with ``<``), a path (``str`` or
``os.PathLike``), ``bytes``, or a file object opened in binary or text mode. Bytes are
decoded as XML 1.0 (appendix F) says: a byte order mark first, else the ``encoding`` of
the XML declaration, else UTF-8; the parser is then given text, so a declaration never
decodes twice. Files come from users: reading stops at ``max_bytes`` bytes (characters
for text), read in chunks of :data:`CHUNK`, so ``/dev/zero`` or a huge upload ends in a
:class:`DmnError` long before memory does.
"""

from __future__ import annotations

import codecs
import os
import re
from typing import Any

from feel.errors import DmnError

#: The default limit of what ``load`` reads: 50 MB (the largest DMN files we know of,
#: with tables of thousands of rules, are a few MB).
MAX_BYTES = 50_000_000

#: How much is read at a time.
CHUNK = 1 << 16

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be")]  # fmt: skip
#: The start of a document in a 16-bit encoding without a byte order mark (``<?``).
_NO_BOM = [(b"<\x00?\x00", "utf-16-le"), (b"\x00<\x00?", "utf-16-be")]
_DECLARED = re.compile(rb"""\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']""")
_MARKUP = re.compile(r"\s*(\ufeff\s*)?<")


class DecodedReader:
    """A text stream over a document given as text, bytes or a file: ``read(size)`` gives
    decoded text and raises a DmnError past ``max_bytes`` or at bytes it cannot decode."""

    def __init__(self, source: Any, origin: str, max_bytes: int, owned: bool = False) -> None:
        self.origin = origin
        self.owned = owned  # a file opened here, closed by close()
        self.max_bytes = max_bytes
        self._source = source  # str, bytes, or an object with read()
        self._offset = 0  # bytes (or characters) consumed
        self._decoder: Any = None
        self.encoding = ""
        self._done = False

    def read(self, size: int = CHUNK) -> str:
        """The next decoded text ('' at the end)."""
        if self._done:
            return ""
        source = self._source
        if isinstance(source, str):  # text given whole: already in memory, checked once
            self._done = True
            self._count(len(source))
            return source
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = bytes(source[self._offset : self._offset + max(size, CHUNK)])
        else:
            data = self._read_file(max(size, CHUNK))
            if isinstance(data, str):
                self._count(len(data))
                self._done = not data
                return data
        if self._decoder is None:
            data = self._start(data)
        start = self._offset
        self._count(len(data))
        final = not data
        self._done = final
        try:
            return str(self._decoder.decode(data, final))
        except UnicodeDecodeError as error:
            raise DmnError(f"{self.origin}: the bytes are not valid {self.encoding} (byte "
                           f"0x{data[error.start:error.start + 1].hex()} at offset "
                           f"{start + error.start}); declare the file's encoding in its XML "
                           "declaration") from None  # fmt: skip

    def close(self) -> None:
        """Close the file when it was opened here (a caller's file stays open)."""
        if self.owned:
            self._source.close()

    def _read_file(self, size: int) -> Any:
        try:
            data = self._source.read(size)
        except UnicodeDecodeError as error:  # a file opened in text mode with the wrong encoding
            raise DmnError(f"{self.origin}: cannot decode the file as {error.encoding}: open "
                           "it in binary mode ('rb') to let its XML declaration decide") from None  # fmt: skip
        except OSError as error:
            raise DmnError(f"{self.origin}: {error.strerror or error}") from None
        if not isinstance(data, (str, bytes, bytearray)):
            raise TypeError(f"{self.origin}: read() gave {type(data).__name__}, not bytes or str")
        return data

    def _count(self, length: int) -> None:
        self._offset += length
        if self.max_bytes and self._offset > self.max_bytes:
            raise DmnError(f"{self.origin}: the document is larger than {self.max_bytes:,} "
                           "bytes (load's max_bytes)")  # fmt: skip

    def _start(self, data: bytes) -> bytes:
        """Choose the encoding from the first bytes; drop a byte order mark."""
        encoding = None
        for bom, name in _BOMS:
            if data.startswith(bom):
                encoding, data = name, data[len(bom) :]
                self._offset += len(bom)
                break
        if encoding is None:
            encoding = next((name for start, name in _NO_BOM if data.startswith(start)), None)
        if encoding is None:
            declared = _DECLARED.match(data[:1024])
            encoding = declared.group(1).decode("ascii") if declared else "utf-8"
        try:
            self._decoder = codecs.getincrementaldecoder(encoding)("strict")
        except LookupError:
            raise DmnError(f"{self.origin}: the XML declaration names the encoding "
                           f"{encoding!r}, which is not known") from None  # fmt: skip
        self.encoding = codecs.lookup(encoding).name.upper()
        return data


def open_document(source: Any, max_bytes: int = MAX_BYTES) -> tuple[DecodedReader, str]:
    """A reader over the document ``source`` (XML text, a path, bytes or a file object)
    and the name of its origin (the path, ``<text>``, ``<bytes>`` or the file's name)."""
    if type(max_bytes) is not int or max_bytes < 0:
        raise TypeError(f"max_bytes must be a non-negative int, not {max_bytes!r}")
    if isinstance(source, str):
        if _MARKUP.match(source):
            return DecodedReader(source.lstrip().lstrip("\ufeff"), "<text>", max_bytes), "<text>"
        return _opened(source, max_bytes)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return DecodedReader(source, "<bytes>", max_bytes), "<bytes>"
    if isinstance(source, os.PathLike):
        path = os.fspath(source)
        if not isinstance(path, str):
            raise TypeError(f"a path must be text, not {type(path).__name__}")
        return _opened(path, max_bytes)
    if callable(getattr(source, "read", None)):
        name = getattr(source, "name", None)
        origin = name if isinstance(name, str) else "<file>"
        return DecodedReader(source, origin, max_bytes), origin
    raise TypeError("feel.dmn.load takes XML text, a path, bytes or a file object, not "
                    f"{type(source).__name__}")  # fmt: skip


def _opened(path: str, max_bytes: int) -> tuple[DecodedReader, str]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 -- the reader closes it
    except (OSError, ValueError) as error:  # ValueError: a NUL character in the path
        raise DmnError(f"{path}: {getattr(error, 'strerror', None) or error}") from None
    return DecodedReader(handle, path, max_bytes, owned=True), path
