"""The character policy for every text typed or imported: one place, no Qt.

Applied by the store (identity, notes, sendings, settings), the command line's
data files, the forms' validation and the directory imports; the window gets
it through those layers. A text is accepted when it is printable:

- no NUL, no control character (C0, DEL, C1), except tab and, in a multi-line
  text, line ends (CR, LF);
- no lone UTF-16 surrogate (cannot be encoded, stored or printed);
- no bidirectional embedding, override or isolate (U+202A–U+202E,
  U+2066–U+2069: they make a name or an address read in another order);
  the invisible direction marks (U+200E, U+200F, U+061C), which spreadsheets
  and copied web pages leave in, are neutralised (removed);
- no longer than the field's limit.

Messages are French, name the field and what is expected, and never repeat
the value (it may be personal data).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from asip_desktop.errors import UserError

# Limits in characters, by kind of field.
NAME_MAX = 200  # names, labels, CDAS, recipients, directory names
LINE_MAX = 500  # an address, a web address, a source
NOTE_MAX = 10_000  # a free note, a remark
PATH_MAX = 4096  # a file path

BIDI_REFUSED = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
BIDI_MARKS = frozenset("\u200e\u200f\u061c")
_MARKS_TABLE = {ord(c): None for c in BIDI_MARKS}
_LINE_ENDS = frozenset("\r\n")


class TextPolicyError(UserError):
    """A text breaks the character policy; the message names the field."""


def problem(value: str, *, max_length: int, multiline: bool = False) -> str | None:
    """What is wrong with ``value`` (French, without the value), or None."""
    for position, char in enumerate(value, start=1):
        if char == "\t" or (multiline and char in _LINE_ENDS):
            continue
        category = unicodedata.category(char)
        if category == "Cs":
            return f"caractère invalide (demi-caractère UTF-16 isolé, position {position})"
        if category == "Cc":
            what = "caractère nul" if char == "\0" else "caractère de contrôle"
            if char in _LINE_ENDS:
                what = "retour à la ligne"
            return f"{what} non autorisé (position {position}) ; texte imprimable attendu"
        if category in ("Zl", "Zp") and not multiline:
            return f"retour à la ligne non autorisé (position {position})"
        if char in BIDI_REFUSED:
            return (
                f"caractère de contrôle de direction d'écriture non autorisé (position {position})"
            )
    if len(value) > max_length:
        return f"{max_length} caractères au plus ({len(value)} reçus)"
    return None


def neutralise(value: str) -> str:
    """``value`` without the invisible direction marks (the only characters removed)."""
    return value.translate(_MARKS_TABLE)


def clean(value: str, field: str, *, max_length: int = NAME_MAX, multiline: bool = False) -> str:
    """``value`` with direction marks removed; TextPolicyError naming ``field`` otherwise."""
    text = neutralise(value)
    found = problem(text, max_length=max_length, multiline=multiline)
    if found:
        raise TextPolicyError(f"{field} : {found}.")
    return text


def first_problem_in(data: Any, where: str = "", *, max_length: int = NOTE_MAX) -> str | None:
    """The first string of a decoded JSON/YAML value (keys included) that breaks the
    policy, as « chemin : problème »; multi-line texts are allowed (notes)."""
    stack: list[tuple[str, Any]] = [(where, data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            found = problem(neutralise(node), max_length=max_length, multiline=True)
            if found:
                return f"{(path or 'valeur')[:80]} : {found}"
        elif isinstance(node, Mapping):
            for key, value in node.items():
                child = f"{path}.{key}" if path else str(key)
                if isinstance(key, str):
                    found = problem(key, max_length=NAME_MAX)
                    if found:
                        return f"un nom de champ : {found}"
                stack.append((child, value))
        elif isinstance(node, list | tuple):
            stack.extend((f"{path}[{n}]", v) for n, v in enumerate(node))
    return None
