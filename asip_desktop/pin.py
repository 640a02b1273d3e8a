"""The agent's unlock PIN: salted, memory-hard hash (scrypt), never the PIN itself."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from asip_desktop.errors import UserError

PIN_MIN, PIN_MAX = 4, 8
_N, _R, _P = 2**14, 8, 1  # ~16 MiB, ~50 ms: slow for guessing, instant for the agent
_SCHEME = "scrypt"


def check_pin_format(pin: str) -> None:
    if not (pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX):
        raise UserError(f"« Code » : de {PIN_MIN} à {PIN_MAX} chiffres.")


def hash_pin(pin: str) -> str:
    check_pin_format(pin)
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    b64 = base64.b64encode
    return f"{_SCHEME}${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != _SCHEME:
            return False
        salt, digest = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
        candidate = hashlib.scrypt(
            pin.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(digest)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate, digest)
