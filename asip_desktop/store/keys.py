"""The database key, kept in the operating system's secret store through ``keyring``.

This is the only module that talks to ``keyring``. The key is a random 256-bit
raw key, stored as 64 hex digits under the service ``asip-desktop`` and a user
name that carries the store's id (``store-id`` file beside the database, so a
data directory can be moved with its id). Backends that do not keep a secret
(``fail``, ``null``) or keep it in a plaintext file (``keyrings.alt``) are
refused with a French message saying what to install or enable; there is no
silent fallback.
"""

from __future__ import annotations

import secrets
import sys
from typing import Any

from asip_desktop.errors import UserError

SERVICE = "asip-desktop"
KEY_BYTES = 32

_REFUSED_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")
_CHAINER = "keyring.backends.chainer"


class KeyStoreError(UserError):
    """The secret store is missing, refused, or did not keep the key."""


def _what_to_install() -> str:
    if sys.platform.startswith("win"):
        return "le Gestionnaire d'identification de Windows doit être accessible"
    if sys.platform == "darwin":
        return "le trousseau macOS (Keychain) doit être déverrouillé"
    return (
        "installez et démarrez un service de secrets (paquets gnome-keyring et dbus, "
        "ou KWallet) puis ouvrez la session de bureau"
    )


def _module_of(backend: Any) -> str:
    return type(backend).__module__


def _is_refused(backend: Any) -> bool:
    return _module_of(backend).startswith(_REFUSED_MODULES)


def check_backend(backend: Any) -> None:
    """Raise KeyStoreError when ``backend`` cannot keep a secret safely."""
    if _module_of(backend).startswith(_CHAINER):
        chained = list(getattr(backend, "backends", []))
        if not chained or any(_is_refused(b) for b in chained):
            _refuse(backend)
        return
    if _is_refused(backend):
        _refuse(backend)


def _refuse(backend: Any) -> None:
    name = type(backend).__module__ + "." + type(backend).__name__
    raise KeyStoreError(
        "Aucun coffre de secrets sûr n'est disponible pour la clé de chiffrement des dossiers : "
        f"{_what_to_install()}. Les coffres sans protection (fichier en clair, « null », "
        "« fail ») sont refusés.",
        [f"coffre détecté : {name}"],
    )


def require_backend() -> Any:
    """The keyring backend, or KeyStoreError when it cannot keep a secret safely."""
    import keyring

    backend = keyring.get_keyring()
    check_backend(backend)
    return backend


def username_for(store_id: str) -> str:
    return f"cle-base-dossiers-{store_id}"


def read_key(store_id: str) -> bytes | None:
    """The key of the store ``store_id``, or None when the secret store has none."""
    backend = require_backend()
    try:
        value = backend.get_password(SERVICE, username_for(store_id))
    except Exception as exc:  # keyring raises many kinds (locked, D-Bus errors)
        raise KeyStoreError(
            "Le coffre de secrets n'a pas pu être lu (verrouillé ou indisponible). "
            "Déverrouillez-le puis recommencez.",
            [type(exc).__name__],
        ) from None
    if value is None:
        return None
    try:
        key = bytes.fromhex(value)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise KeyStoreError(
            "La clé des dossiers trouvée dans le coffre de secrets est illisible "
            "(elle n'a pas le format attendu). Rien n'a été modifié."
        )
    return key


def create_key(store_id: str) -> bytes:
    """Make a new random key, write it, and check it reads back unchanged."""
    backend = require_backend()
    key = secrets.token_bytes(KEY_BYTES)
    try:
        backend.set_password(SERVICE, username_for(store_id), key.hex())
    except Exception as exc:
        raise KeyStoreError(
            "La clé des dossiers n'a pas pu être enregistrée dans le coffre de secrets "
            f"({_what_to_install()}).",
            [type(exc).__name__],
        ) from None
    if read_key(store_id) != key:
        raise KeyStoreError(
            "La clé des dossiers écrite dans le coffre de secrets ne s'y relit pas : "
            "le coffre ne conserve pas les secrets. Aucune base n'a été créée."
        )
    return key


def backend_description() -> str:
    """Where the key lives, for the user (``Vorta tells the user where the secret went``)."""
    import keyring

    backend = keyring.get_keyring()
    return f"{getattr(backend, 'name', type(backend).__name__)} (service « {SERVICE} »)"
