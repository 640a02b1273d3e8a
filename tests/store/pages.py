"""Decrypt every page of a SQLCipher 4 file (and WAL frames) with the raw key.

Used to search freed pages too, which ``sqlcipher_export`` (a logical copy)
never shows. SQLCipher 4 defaults: 4096-byte pages, AES-256-CBC, each page
ending with a 16-byte IV and a 64-byte HMAC; page 1 starts with the 16-byte salt.
A raw key (``x'…'``) is the AES key itself.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80  # IV 16 + HMAC-SHA512 64
WAL_HEADER = 32
FRAME_HEADER = 24


def decrypt_page(key: bytes, page: bytes, first: bool) -> bytes:
    start = 16 if first else 0
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start : PAGE - RESERVE]) + decryptor.finalize()


def decrypt_db(key: bytes, path: Path) -> bytes:
    data = path.read_bytes()
    return b"".join(
        decrypt_page(key, data[i : i + PAGE], first=(i == 0)) for i in range(0, len(data), PAGE)
    )


def decrypt_wal(key: bytes, path: Path) -> bytes:
    if not path.exists():
        return b""
    data = path.read_bytes()
    out = []
    pos = WAL_HEADER
    while pos + FRAME_HEADER + PAGE <= len(data):
        pgno = int.from_bytes(data[pos : pos + 4], "big")
        page = data[pos + FRAME_HEADER : pos + FRAME_HEADER + PAGE]
        out.append(decrypt_page(key, page, first=(pgno == 1)))
        pos += FRAME_HEADER + PAGE
    return b"".join(out)
