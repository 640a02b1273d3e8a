"""Check box, radio button and group box texts do not wrap by themselves: long
ones are broken into lines of a bounded length, so that a page or a fiche never
needs a horizontal scrollbar (1024 px screens, 150 % text)."""

from __future__ import annotations

import textwrap

WRAP_COLUMNS = 48


def wrapped(text: str, columns: int = WRAP_COLUMNS) -> str:
    """``text`` broken into lines of at most ``columns`` characters (existing line
    breaks kept)."""
    lines = [textwrap.wrap(line, columns) or [""] for line in text.splitlines()]
    return "\n".join(part for parts in lines for part in parts) or text
