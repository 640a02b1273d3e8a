"""French phone numbers as typed at a desk: digits, spaces, dots, dashes, +33."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s.\-]")
PHONE_EXPECTED = "un numéro français à 10 chiffres (0X XX XX XX XX) ou au format +33"


def normalize_phone(text: str) -> str | None:
    """``0X XX XX XX XX`` for a valid French number, else None."""
    digits = _SEPARATORS.sub("", text.strip())
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    elif digits.startswith("0033"):
        digits = "0" + digits[4:]
    if not re.fullmatch(r"0[1-9]\d{8}", digits):
        return None
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
