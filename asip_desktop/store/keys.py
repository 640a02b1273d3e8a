"""The database key, kept in the operating system's secret store through ``keyring``.

This is the only module that talks to ``keyring``. The key is a random 256-bit
raw key, stored as 64 hex digits under the service ``asip-desktop`` and a user
name that carries the store's id (``store-id`` file beside the database, so a
data directory can be moved with its id).

Only the operating systems' own secret stores are accepted by default: the
Secret Service (GNOME Keyring, KWallet's Secret Service, over D-Bus or
libsecret), KWallet, the Windows Credential Manager and the macOS Keychain
(``KNOWN_BACKENDS``). Anything else — ``fail``, ``null``, ``keyrings.alt``'s
plaintext files, or an unknown third-party backend found by keyring's plug-in
discovery — is refused with a French message naming the backend found and
saying what to install or enable. An administrator can allow one other backend
explicitly (setting ``allowed_keyring_backend`` in ``settings.json``, the full
class name); the self-test then warns. There is no silent fallback.
"""

from __future__ import annotations

import secrets
import sys
from typing import Any

from asip_desktop.errors import UserError

SERVICE = "asip-desktop"
KEY_BYTES = 32

# Never accepted, even when allowed by name: they keep no secret, or keep it in clear.
_REFUSED_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")
_CHAINER = "keyring.backends.chainer"

# The operating systems' secret stores, by full class name.
KNOWN_BACKENDS = frozenset(
    {
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.libsecret.Keyring",
        "keyring.backends.kwallet.DBusKeyring",
        "keyring.backends.kwallet.DBusKeyringKWallet4",
        "keyring.backends.Windows.WinVaultKeyring",
        "keyring.backends.macOS.Keyring",
    }
)
SETTING_ALLOWED = "allowed_keyring_backend"

# Classes allowed by the running program itself (tests' in-memory keyring); never
# from a file or the environment.
_allowed_classes: list[type] = []


def allow_backend_class(cls: type) -> None:
    """Accept ``cls`` (and its subclasses) in this process: for tests and tools that
    install their own backend with ``keyring.set_keyring``."""
    if cls not in _allowed_classes:
        _allowed_classes.append(cls)


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


def class_name(backend: Any) -> str:
    return type(backend).__module__ + "." + type(backend).__qualname__


def allowed_by_setting() -> str:
    """The backend an administrator allowed in ``settings.json`` ("" when none)."""
    import json

    from asip_desktop import config

    try:
        path = config.data_dir(create=False) / "settings.json"
        value = json.loads(path.read_text("utf-8")).get(SETTING_ALLOWED, "")
    except (OSError, ValueError, AttributeError):
        return ""
    return value.strip() if isinstance(value, str) else ""


def _is_refused(backend: Any) -> bool:
    return _module_of(backend).startswith(_REFUSED_MODULES)


def acceptance(backend: Any) -> str | None:
    """How ``backend`` is accepted: "connu", "autorise" (by the administrator's
    setting or the running program), or None when it is refused."""
    if _is_refused(backend):
        return None
    if class_name(backend) in KNOWN_BACKENDS:
        return "connu"
    if any(isinstance(backend, cls) for cls in _allowed_classes):
        return "autorise"
    if class_name(backend) == allowed_by_setting():
        return "autorise"
    return None


def chained(backend: Any) -> list[Any] | None:
    if _module_of(backend).startswith(_CHAINER):
        return list(getattr(backend, "backends", []))
    return None


def check_backend(backend: Any) -> str:
    """Raise KeyStoreError when ``backend`` is not a known OS secret store (nor one
    allowed explicitly); returns "connu" or "autorise"."""
    parts = chained(backend)
    if parts is not None:
        verdicts = [acceptance(b) for b in parts]
        if not parts or None in verdicts:
            refused = [b for b, v in zip(parts, verdicts, strict=True) if v is None]
            _refuse(refused[0] if refused else backend)
        return "autorise" if "autorise" in verdicts else "connu"
    verdict = acceptance(backend)
    if verdict is None:
        _refuse(backend)
    assert verdict is not None
    return verdict


def _refuse(backend: Any) -> None:
    name = class_name(backend)
    raise KeyStoreError(
        "Aucun coffre de secrets sûr n'est disponible pour la clé de chiffrement des dossiers : "
        f"{_what_to_install()}. Seuls les coffres du système sont acceptés (Secret Service, "
        "KWallet, Gestionnaire d'identification de Windows, trousseau macOS) ; les autres "
        "(fichier en clair, « null », « fail », module tiers inconnu) sont refusés. "
        f"Un administrateur peut en autoriser un autre explicitement (réglage "
        f"« {SETTING_ALLOWED} » de settings.json : « {name} »), à ses risques.",
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
    return store_key(store_id, secrets.token_bytes(KEY_BYTES))


def store_key(store_id: str, key: bytes) -> bytes:
    """Write a key made elsewhere (the team base's CDAS key, from the enrolment file)
    and check it reads back unchanged."""
    if len(key) != KEY_BYTES:
        raise KeyStoreError("La clé à enregistrer n'a pas le format attendu : rien n'a été écrit.")
    backend = require_backend()
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
