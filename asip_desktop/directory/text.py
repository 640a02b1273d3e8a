"""Text keys for matching what a person types against names.

One function, :func:`fold`, turns a name into its comparison key: no accents,
lower case, hyphens and apostrophes as spaces, and the usual abbreviations of
"Saint"/"Sainte" ("St", "Ste", "St.") spelled out.
"""

from __future__ import annotations

import re
import unicodedata

_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_SEPARATORS = re.compile(r"[\s\-‐‑–—'’`.,;:/()«»\"]+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """The comparison key of ``text`` (``"St-Médard"`` → ``"saint medard"``)."""
    words = _SEPARATORS.split(strip_accents(text).casefold())
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words if w)
