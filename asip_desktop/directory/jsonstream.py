"""Read the items of the big arrays of a JSON document without loading it whole.

The national Annuaire export is one JSON object ``{"service": [ … ]}`` of several
hundred megabytes; the API export is a bare array ``[ … ]``. :class:`ArrayItems`
walks the outer level by hand and decodes each array item with the C decoder of
the standard library (``JSONDecoder.raw_decode``), so memory stays at one read
chunk plus one item, and the speed is that of ``json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER_CHARS = frozenset("0123456789.eE+-")


class JsonStreamError(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"{message} (ligne {line})")
        self.line = line


class ArrayItems:
    """Yields ``(key, item, line)`` for the items of the document's arrays.

    ``key`` is the outer object's key holding the array (``None`` for a document
    that is an array). ``keys`` limits which outer keys are streamed; the values
    of the other keys are decoded and dropped. ``line`` is where the item starts.
    """

    def __init__(
        self,
        stream: IO[str],
        keys: frozenset[str] | None = None,
        chunk_chars: int = 1 << 20,
        max_item_chars: int = 64 << 20,
    ) -> None:
        self._stream = stream
        self._keys = keys
        self._chunk = chunk_chars
        self._max_item = max_item_chars
        self._decoder = json.JSONDecoder()
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._line = 1  # line number at self._counted
        self._counted = 0

    # --- buffer --------------------------------------------------------------

    def _fill(self) -> bool:
        if self._eof:
            return False
        if self._pos > self._chunk:
            self._line_at(self._pos)
            self._buf = self._buf[self._pos :]
            self._counted -= self._pos
            self._pos = 0
        data = self._stream.read(self._chunk)
        if not data:
            self._eof = True
            return False
        self._buf += data
        return True

    def _line_at(self, pos: int) -> int:
        self._line += self._buf.count("\n", self._counted, pos)
        self._counted = pos
        return self._line

    def _peek(self) -> str:
        while True:
            self._pos = _WS.match(self._buf, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._fill():
                return ""

    def _error(self, message: str) -> JsonStreamError:
        return JsonStreamError(message, self._line_at(min(self._pos, len(self._buf))))

    def _value(self) -> Any:
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buf, self._pos)
            except RecursionError:
                raise self._error("JSON imbriqué trop profondément") from None
            except json.JSONDecodeError as exc:
                if self._may_grow(exc):
                    continue
                raise self._error(f"JSON invalide : {exc.msg}") from None
            except ValueError:  # an integer of more than 4 300 digits
                raise self._error("nombre trop long (plus de 4 300 chiffres)") from None
            # A number at the end of the buffer ("1", "0.", "1e") may go on in the next chunk.
            if self._may_continue(value, end) and self._fill():
                continue
            self._pos = end
            return value

    def _may_grow(self, exc: json.JSONDecodeError) -> bool:
        """After a decoding error: read more and retry (True), or give up (False)."""
        if len(self._buf) - self._pos > self._max_item:
            raise self._error("élément trop grand ou JSON invalide") from None
        offset = exc.pos - self._pos
        if not self._fill():
            self._pos = min(self._pos + offset, len(self._buf))
            return False
        return True

    def _may_continue(self, value: Any, end: int) -> bool:
        if end >= len(self._buf):
            return True
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        return number and self._buf[end] in _NUMBER_CHARS

    def _expect(self, char: str) -> None:
        if self._peek() != char:
            raise self._error(f"« {char} » attendu")
        self._pos += 1

    # --- structure -----------------------------------------------------------

    def __iter__(self) -> Iterator[tuple[str | None, Any, int]]:
        first = self._peek()
        if first == "[":
            self._pos += 1
            yield from self._array(None)
        elif first == "{":
            self._pos += 1
            yield from self._object()
        else:
            raise self._error("le fichier ne commence ni par « { » ni par « [ »")
        if self._peek() != "":
            raise self._error("contenu inattendu après la fin du document")

    def _object(self) -> Iterator[tuple[str | None, Any, int]]:
        while True:
            c = self._peek()
            if c == "}":
                self._pos += 1
                return
            if c == ",":
                self._pos += 1
                continue
            if c != '"':
                raise self._error("clé attendue")
            key = self._value()
            self._expect(":")
            if self._peek() == "[" and (self._keys is None or key in self._keys):
                self._pos += 1
                yield from self._array(key)
            else:
                self._value()

    def _array(self, key: str | None) -> Iterator[tuple[str | None, Any, int]]:
        while True:
            c = self._peek()
            if c == "]":
                self._pos += 1
                return
            if c == ",":
                self._pos += 1
                continue
            if c == "":
                raise self._error("fin de fichier au milieu d'un tableau")
            line = self._line_at(self._pos)
            yield key, self._value(), line
