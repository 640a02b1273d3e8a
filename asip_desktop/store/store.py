"""The store: one encrypted database in the data directory, its key in the OS
secret store. ``Store.open()`` is the entry point for the GUI and the CLI.

Layout of the data directory::

    cases.db, cases.db-wal, cases.db-shm   the SQLCipher database (WAL mode)
    store-id                               random id naming the key in the secret store
    sauvegardes/                           copy made before a migration, kept only if it fails
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select

from asip_desktop import config, text_policy
from asip_desktop.errors import UserError
from asip_desktop.store import keys, schema
from asip_desktop.store.clock import Clock, iso, utc_now
from asip_desktop.store.database import (
    StoreOpenError,
    finish_wipe,
    make_engine,
    prepare,
    run_maintenance,
    wipe_is_pending,
)
from asip_desktop.store.values import DYSFUNCTION_KINDS, MAX_DAYS

DB_NAME = "cases.db"
STORE_ID_NAME = "store-id"
DRAFT_SLOT = "assistant"

# Settings kept in the database (``asip-desktop cases settings``).
SETTING_CDAS = "cdas_emetteur"
SETTING_REVIEW = "revue_apres_jours"
SETTING_RETENTION = "purge_automatique_jours"
SETTINGS = (SETTING_CDAS, SETTING_REVIEW, SETTING_RETENTION)
DEFAULT_REVIEW_DAYS = 90


def _read_store_id(path: Path) -> str | None:
    if not path.exists():
        return None
    value = path.read_bytes().decode("ascii", "replace").strip()
    if len(value) != 32 or any(c not in "0123456789abcdef" for c in value):
        raise StoreOpenError(
            "Le fichier d'identifiant de la base des dossiers est illisible. Rien n'a été modifié.",
            [f"fichier : {path}"],
        )
    return value


def _write_store_id(path: Path) -> str:
    value = secrets.token_hex(16)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(value + "\n")
        f.flush()
        os.fsync(f.fileno())
    return value


def resolve_key(folder: Path) -> tuple[bytes, bool]:
    """The key for the database in ``folder`` from the secret store, and whether to create it.

    An existing database without its key is an error: nothing is created or deleted.
    """
    keys.require_backend()  # before writing anything
    db_path = folder / DB_NAME
    id_path = folder / STORE_ID_NAME
    exists = db_path.exists() and db_path.stat().st_size > 0
    store_id = _read_store_id(id_path)
    if exists:
        key = keys.read_key(store_id) if store_id else None
        if key is None:
            raise keys.KeyStoreError(
                "La clé de chiffrement de la base des dossiers est introuvable dans le coffre de "
                "secrets de cette session. Sans elle, les dossiers ne peuvent pas être lus. "
                "Rien n'a été supprimé : ouvrez la session de l'utilisateur qui a créé la base, "
                "ou restaurez le coffre de secrets.",
                [f"base : {db_path}", f"coffre : {keys.backend_description()}"],
            )
        return key, False
    if store_id is None:
        store_id = _write_store_id(id_path)
    return keys.read_key(store_id) or keys.create_key(store_id), True


class Store:
    """The case store. Plain values in and out; safe to share with one worker thread."""

    def __init__(self, engine: Engine, folder: Path, clock: Clock = utc_now) -> None:
        from asip_desktop.store.cases import Cases

        self.engine = engine
        self.folder = folder
        self.clock = clock
        self.cases = Cases(self)
        # True when a purge's old pages could not be overwritten yet (a reader
        # blocks it); the next purge or opening finishes it.
        self.wipe_pending = False

    @classmethod
    def open(
        cls,
        folder: Path | None = None,
        *,
        key: bytes | None = None,
        clock: Clock = utc_now,
    ) -> Store:
        """Open (or create) the store in ``folder`` (default: ``config.data_dir()``).

        ``key`` bypasses the secret store (tests, benchmarks, a helper process).
        """
        folder = config.ensure_private_dir(folder) if folder else config.data_dir()
        create = not (folder / DB_NAME).exists()
        if key is None:
            key, create = resolve_key(folder)
        db_path = folder / DB_NAME
        first = prepare(db_path, key, create=create)
        store = cls(make_engine(db_path, key, first), folder, clock)
        try:
            # a purge interrupted before its old pages were overwritten: finish it first
            if wipe_is_pending(store.engine):
                store.wipe_pending = not finish_wipe(store.engine)
        except BaseException:
            store.close()
            raise
        return store

    @property
    def path(self) -> Path:
        return self.folder / DB_NAME

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now(self) -> str:
        return iso(self.clock())

    # --- settings ------------------------------------------------------------

    def get_setting(self, name: str) -> str | None:
        _check_setting(name)
        with self.engine.connect() as conn:
            value = conn.scalar(
                select(schema.settings.c.value).where(schema.settings.c.key == name)
            )
        return None if value is None else str(value)

    def set_setting(self, name: str, value: str | None) -> None:
        """Set (or, with None, remove) a setting; values are checked."""
        _check_setting(name)
        if value is not None:
            value = _checked_setting_value(name, value)
        with self.engine.begin() as conn:
            conn.execute(delete(schema.settings).where(schema.settings.c.key == name))
            if value is not None:
                conn.execute(insert(schema.settings).values(key=name, value=value))

    def emitting_cdas(self, override: str | None = None) -> str:
        """The emitting CDAS: ``override`` if given, else the saved setting."""
        if override is not None:
            override = text_policy.clean(override, "CDAS émetteur")
        cdas = (override or "").strip() or self.get_setting(SETTING_CDAS)
        if not cdas:
            raise UserError(
                "CDAS émetteur inconnu : renseignez-le dans « Paramètres » (champ CDAS émetteur), "
                "ou en ligne de commande avec « asip-desktop cases settings --cdas NOM »."
            )
        return cdas

    def review_days(self) -> int:
        """After how many days without activity a case is listed for review (default 90)."""
        value = self.get_setting(SETTING_REVIEW)
        return int(value) if value else DEFAULT_REVIEW_DAYS

    def retention_days(self) -> int | None:
        value = self.get_setting(SETTING_RETENTION)
        return int(value) if value else None

    # --- the wizard draft ----------------------------------------------------

    def save_draft(self, data: dict[str, Any], slot: str = DRAFT_SLOT) -> None:
        """Save what is typed in the wizard (answers, identity…); replaces the previous draft."""
        # a lone surrogate (not text, cannot be stored) becomes "?": the save never fails
        text = json.dumps(data, ensure_ascii=False).encode("utf-8", "replace").decode("utf-8")
        with self.engine.begin() as conn:
            conn.execute(delete(schema.drafts).where(schema.drafts.c.slot == slot))
            conn.execute(
                insert(schema.drafts).values(slot=slot, updated_at=self.now(), data_json=text)
            )

    def load_draft(self, slot: str = DRAFT_SLOT) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            text = conn.scalar(
                select(schema.drafts.c.data_json).where(schema.drafts.c.slot == slot)
            )
        return None if text is None else dict(json.loads(text))

    def discard_draft(self, slot: str = DRAFT_SLOT) -> None:
        """Delete the draft and push the zeroed pages to the file (the draft is personal data)."""
        with self.engine.begin() as conn:
            conn.execute(delete(schema.drafts).where(schema.drafts.c.slot == slot))
        run_maintenance(self.engine)

    # --- anonymous malfunction reports ---------------------------------------

    def report_dysfunction(self, kind: str, cdas: str | None = None) -> None:
        """Record one anonymous malfunction report (kind, month, CDAS) for the indicators."""
        if kind not in DYSFUNCTION_KINDS:
            raise UserError(
                f"Type de dysfonctionnement « {kind} » inconnu, attendu une valeur parmi : "
                + ", ".join(DYSFUNCTION_KINDS)
            )
        emitting = self.emitting_cdas(cdas)
        with self.engine.begin() as conn:
            conn.execute(
                insert(schema.dysfunction_reports).values(
                    month=self.now()[:7], cdas=emitting, kind=kind
                )
            )

    def count(self, table_name: str) -> int:
        table = schema.metadata.tables[table_name]
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def _check_setting(name: str) -> None:
    if name not in SETTINGS:
        raise UserError(f"Réglage « {name} » inconnu, attendu : {', '.join(SETTINGS)}")


def _checked_setting_value(name: str, value: str) -> str:
    value = text_policy.clean(value, f"Réglage « {name} »").strip()
    if name in (SETTING_REVIEW, SETTING_RETENTION) and (
        not value.isdigit() or not 1 <= int(value) <= MAX_DAYS
    ):
        raise UserError(
            f"Réglage « {name} » : un nombre de jours entre 1 et {MAX_DAYS} est attendu."
        )
    if not value:
        raise UserError(f"Réglage « {name} » : valeur vide.")
    return value
