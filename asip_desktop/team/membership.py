"""``team join``: a desk joins its CDAS's team base.

The enrolment file is opened with its passphrase; the CDAS key and the desk role's
password go into this desk's OS secret store (``store/keys.py``); ``equipe.json`` in
the data directory names the base (its URL without password), the CDAS and the
secret store's entries. Without that file the desk stays on its local store.

A **permanence laptop** (``join(..., permanence=True)``, ``mode`` = ``permanence`` in
``equipe.json``) is enrolled the same way (it holds the CDAS key and the credentials)
but keeps working on its local store, with no network at the permanence; back at the
CDAS, ``team transfer`` moves its cases into the team base (``team/transfer.py``).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import URL

from asip_desktop import config
from asip_desktop.errors import UserError
from asip_desktop.files import os_error_text, write_private_atomic
from asip_desktop.store import keys
from asip_desktop.team import crypto, tables
from asip_desktop.team.connection import make_engine, parse_url, talking, without_credentials

CONFIG_NAME = "equipe.json"
MODE_TEAM = "equipe"  # the cases are on the team base
MODE_PERMANENCE = "permanence"  # the cases stay on the local store until transferred
MODES = (MODE_TEAM, MODE_PERMANENCE)


@dataclass(frozen=True)
class Membership:
    url: str  # without password
    cdas_id: int
    cdas: str
    role: str
    secret_id: str  # the names of this desk's entries in the secret store
    desk: str  # a random name of this desk for the access log (no personal data)
    mode: str = MODE_TEAM  # absent from the files written before the permanence mode

    @property
    def permanence(self) -> bool:
        return self.mode == MODE_PERMANENCE

    def connection_url(self) -> URL:
        password = keys.read_key(f"equipe-{self.secret_id}-connexion")
        if password is None:
            raise UserError(
                "Le mot de passe de connexion à la base d'équipe est introuvable dans le "
                "coffre de secrets de ce poste : rattachez-le de nouveau (asip-desktop team "
                "join) avec le fichier d'enrôlement du CDAS."
            )
        return parse_url(self.url).set(username=self.role, password=password.hex())

    def cdas_key(self) -> bytes:
        key = keys.read_key(f"equipe-{self.secret_id}")
        if key is None:
            raise UserError(
                "La clé du CDAS est introuvable dans le coffre de secrets de ce poste : sans "
                "elle les dossiers de la base d'équipe ne peuvent pas être lus. Rattachez le "
                "poste de nouveau (asip-desktop team join) avec le fichier d'enrôlement."
            )
        return key


def config_path(folder: Path | None = None) -> Path:
    return (folder or config.data_dir(create=False)) / CONFIG_NAME


def load(folder: Path | None = None) -> Membership | None:
    """This desk's team base, or None when it works on its local store."""
    path = config_path(folder)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        member = Membership(**data)
        if member.mode not in MODES:
            raise ValueError(member.mode)
        return member
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise UserError(f"{path} illisible ({os_error_text(exc)}).") from None
    except (ValueError, TypeError):
        raise UserError(
            f"{path} est endommagé : le poste ne sait plus à quelle base d'équipe il est "
            "rattaché. Rattachez-le de nouveau (asip-desktop team join)."
        ) from None


def join(
    url: str,
    enrolment: Path,
    passphrase: str,
    folder: Path | None = None,
    *,
    permanence: bool = False,
) -> Membership:
    parsed = parse_url(url)
    try:
        data = enrolment.read_bytes()
    except OSError as exc:
        raise UserError(
            f"--enrolment : impossible de lire {enrolment} ({os_error_text(exc)})."
        ) from None
    content = crypto.open_enrolment(data, passphrase)
    try:
        key = bytes.fromhex(content["key"])
        password = bytes.fromhex(content["password"])
        cdas_id, cdas, role = int(content["cdas_id"]), str(content["cdas"]), str(content["role"])
    except (KeyError, ValueError, TypeError):
        raise UserError("Fichier d'enrôlement incomplet : refait-le (team init).") from None
    # Check on the server before writing anything on the desk: the role logs in, sees its
    # CDAS, and the key opens the CDAS's check value.
    engine = make_engine(parsed.set(username=role, password=password.hex()))
    try:
        with talking(), engine.connect() as conn:
            row = conn.execute(
                select(tables.cdas.c.name, tables.cdas.c.key_check).where(
                    tables.cdas.c.id == cdas_id
                )
            ).first()
    finally:
        engine.dispose()
    if row is None:
        raise UserError(
            f"Le CDAS « {cdas} » de ce fichier d'enrôlement n'existe pas sur cette base "
            "d'équipe (--url désigne-t-elle la bonne base ?). Rien n'a été modifié."
        )
    try:
        crypto.unseal(key, row.key_check, f"controle-cle:{cdas_id}".encode())
    except crypto.DecryptionError:
        raise UserError(
            "La clé de ce fichier d'enrôlement n'est pas celle du CDAS sur cette base : "
            "rien n'a été modifié."
        ) from None
    secret_id = secrets.token_hex(8)
    keys.store_key(f"equipe-{secret_id}", key)
    keys.store_key(f"equipe-{secret_id}-connexion", password)
    member = Membership(
        url=without_credentials(parsed),
        cdas_id=cdas_id,
        cdas=cdas,
        role=role,
        secret_id=secret_id,
        desk=f"poste-{secrets.token_hex(4)}",
        mode=MODE_PERMANENCE if permanence else MODE_TEAM,
    )
    folder = config.ensure_private_dir(folder or config.data_dir())
    write_private_atomic(config_path(folder), json.dumps(asdict(member), indent=1).encode())
    return member


def leave(folder: Path | None = None) -> bool:
    """Back to the local store (the secret store's entries are left: another join
    makes new ones)."""
    path = config_path(folder)
    if not path.exists():
        return False
    path.unlink()
    return True
