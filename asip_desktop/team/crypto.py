"""AES-256-GCM on the desk: per-case data keys wrapped by the CDAS key, and the
enrolment file protected by a passphrase (scrypt, then AES-256-GCM).

Every ciphertext is ``nonce (12 bytes) || ciphertext || tag``; the associated data
binds it to its place (which CDAS, which case, which column), so a ciphertext copied
to another row or another case does not decrypt.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from asip_desktop.errors import UserError

KEY_BYTES = 32
NONCE_BYTES = 12
ENROLMENT_FORMAT = "asip-desktop-enrolement-1"
PASSPHRASE_MIN = 12
# scrypt cost: 2**15 × 8 × 1 (32 MiB, ~0.1 s): enrolment is rare, guessing must be slow.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1


class DecryptionError(UserError):
    """A ciphertext did not decrypt: wrong key, or altered data."""


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _unseal_with(cipher: AESGCM, blob: bytes, aad: bytes) -> bytes:
    try:
        return cipher.decrypt(bytes(blob[:NONCE_BYTES]), bytes(blob[NONCE_BYTES:]), aad)
    except (InvalidTag, ValueError):
        raise DecryptionError(
            "Une donnée chiffrée de la base d'équipe ne se déchiffre pas avec la clé de ce "
            "poste (clé d'un autre CDAS, ou donnée altérée). Rien n'a été modifié."
        ) from None


def unseal(key: bytes, blob: bytes, aad: bytes) -> bytes:
    return _unseal_with(AESGCM(key), blob, aad)


def seal_json(key: bytes, value: Any, aad: bytes) -> bytes:
    return seal(key, json.dumps(value, ensure_ascii=False).encode(), aad)


def unseal_json(key: bytes, blob: bytes, aad: bytes) -> Any:
    return json.loads(unseal(key, blob, aad))


def wrap_case_key(cdas_key: bytes, case_key: bytes, case_uid: str) -> bytes:
    """The case's data key encrypted by the CDAS key (the only form it is stored in)."""
    return seal(cdas_key, case_key, b"cle-dossier:" + case_uid.encode())


def unwrap_case_key(cdas_key: bytes, wrapped: bytes, case_uid: str) -> bytes:
    return KeyUnwrapper(cdas_key).unwrap(wrapped, case_uid)


class KeyUnwrapper:
    """``unwrap_case_key`` for many cases under one CDAS key: the cipher object is
    built once (half of the cost of unwrapping 5 000 keys for the first list)."""

    def __init__(self, cdas_key: bytes) -> None:
        self._cipher = AESGCM(cdas_key)

    def unwrap(self, wrapped: bytes, case_uid: str) -> bytes:
        return _unseal_with(self._cipher, wrapped, b"cle-dossier:" + case_uid.encode())


def key_check(cdas_key: bytes, cdas_id: int) -> bytes:
    """A value kept on the server that only the right CDAS key opens (checked at join)."""
    return seal(cdas_key, b"asip-desktop", f"controle-cle:{cdas_id}".encode())


# --- the enrolment file ----------------------------------------------------------


def check_passphrase(passphrase: str) -> str:
    if len(passphrase) < PASSPHRASE_MIN:
        raise UserError(
            f"Phrase de passe du fichier d'enrôlement : {PASSPHRASE_MIN} caractères au moins "
            f"sont attendus ({len(passphrase)} saisis)."
        )
    return passphrase


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(passphrase.encode())


def seal_enrolment(content: dict[str, Any], passphrase: str) -> bytes:
    """The enrolment file's bytes: ``content`` (the CDAS key, the desk role's
    credentials) encrypted under a key derived from the passphrase."""
    check_passphrase(passphrase)
    salt = secrets.token_bytes(16)
    key = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    blob = seal_json(key, content, ENROLMENT_FORMAT.encode())
    envelope = {
        "format": ENROLMENT_FORMAT,
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": salt.hex()},
        "chiffre": blob.hex(),
    }
    return (json.dumps(envelope, indent=1) + "\n").encode()


def open_enrolment(data: bytes, passphrase: str) -> dict[str, Any]:
    not_a_file = UserError(
        "Fichier d'enrôlement : ce fichier n'est pas un fichier d'enrôlement d'ASIP Desktop "
        "(créé par « asip-desktop team init »)."
    )
    try:
        envelope = json.loads(data)
        kdf = envelope["kdf"]
        if envelope["format"] != ENROLMENT_FORMAT or kdf["name"] != "scrypt":
            raise not_a_file
        salt = bytes.fromhex(kdf["salt"])
        blob = bytes.fromhex(envelope["chiffre"])
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
    except (ValueError, KeyError, TypeError):
        raise not_a_file from None
    if not (2**14 <= n <= 2**20 and 1 <= r <= 16 and 1 <= p <= 4):
        raise not_a_file
    key = _derive(passphrase, salt, n, r, p)
    try:
        content = unseal_json(key, blob, ENROLMENT_FORMAT.encode())
    except DecryptionError:
        raise UserError(
            "Phrase de passe du fichier d'enrôlement incorrecte : le poste n'a pas été "
            "rattaché, rien n'a été modifié. Vérifiez la phrase de passe auprès de "
            "l'administrateur qui a créé le fichier."
        ) from None
    if not isinstance(content, dict):
        raise not_a_file
    return content
