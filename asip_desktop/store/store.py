"""The store: one encrypted database in the data directory, its key in the OS
secret store. ``Store.open()`` is the entry point for the GUI and the CLI.

Layout of the data directory::

    cases.db, cases.db-wal, cases.db-shm   the SQLCipher database (WAL mode)
    store-id                               random id naming the key in the secret store
    sauvegardes/                           copy made before a migration, kept only if it fails
"""

from __future__ import annotations

import json
import secrets
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select

from asip_desktop import config, text_policy
from asip_desktop.errors import UserError
from asip_desktop.files import os_error_text, write_private_atomic
from asip_desktop.store import keys, schema
from asip_desktop.store.clock import Clock, iso, utc_now
from asip_desktop.store.database import (
    StoreOpenError,
    finish_wipe,
    make_engine,
    prepare,
    reading,
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
    """The store's id; None when the file is absent or empty (an interrupted first use)."""
    try:
        value = path.read_bytes().decode("ascii", "replace").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreOpenError(
            "Le fichier d'identifiant de la base des dossiers est illisible "
            f"({os_error_text(exc)}). Rien n'a été modifié.",
            [f"fichier : {path}"],
        ) from None
    if not value:
        return None
    if len(value) != 32 or any(c not in "0123456789abcdef" for c in value):
        raise StoreOpenError(
            "Le fichier d'identifiant de la base des dossiers est illisible. Rien n'a été modifié.",
            [f"fichier : {path}"],
        )
    return value


def _write_store_id(path: Path) -> str:
    """A new id, written atomically (a full disk leaves no empty file behind)."""
    value = secrets.token_hex(16)
    try:
        write_private_atomic(path, (value + "\n").encode("ascii"))
    except OSError as exc:
        raise StoreOpenError(
            f"La base des dossiers ne peut pas être créée : {os_error_text(exc)}. "
            "Rien n'a été enregistré ; libérez de l'espace ou vérifiez les droits du dossier "
            "des données, puis recommencez.",
            [f"dossier : {path.parent}"],
        ) from None
    return value


def _has_database(db_path: Path) -> bool:
    try:
        return db_path.stat().st_size > 0
    except FileNotFoundError:
        return False


def resolve_key(folder: Path) -> tuple[bytes, bool]:
    """The key for the database in ``folder`` from the secret store, and whether to create it.

    An existing database without its key is an error: nothing is created or deleted.
    So is a missing or emptied database whose id and key are still there (a store
    was here): it is never silently replaced by a new, empty one.
    """
    keys.require_backend()  # before writing anything
    db_path = folder / DB_NAME
    id_path = folder / STORE_ID_NAME
    exists = _has_database(db_path)
    store_id = _read_store_id(id_path)
    if exists:
        if store_id is None:
            state = "vide" if id_path.exists() else "absent"
            raise StoreOpenError(
                f"Le fichier d'identifiant « {STORE_ID_NAME} » de la base des dossiers est "
                f"{state} : c'est lui qui désigne la clé de la base dans le coffre de secrets "
                "(la clé elle-même n'est pas en cause). Rien n'a été modifié : remettez ce "
                "fichier à côté de cases.db depuis la sauvegarde du dossier des données (ou "
                "depuis l'ancien emplacement si le dossier a été déplacé sans lui).",
                [f"base : {db_path}", f"identifiant attendu : {id_path}"],
            )
        key = keys.read_key(store_id)
        if key is None:
            raise keys.KeyStoreError(
                "La clé de chiffrement de la base des dossiers est introuvable dans le coffre de "
                "secrets de cette session. Sans elle, les dossiers ne peuvent pas être lus. "
                "Rien n'a été supprimé : ouvrez la session de l'utilisateur qui a créé la base, "
                "ou restaurez le coffre de secrets.",
                [f"base : {db_path}", f"coffre : {keys.backend_description()}"],
            )
        return key, False
    if store_id is not None:
        key = keys.read_key(store_id)
        if key is not None:
            state = "vide (0 octet)" if db_path.exists() else "absent"
            raise StoreOpenError(
                f"Une base des dossiers existait ici (son identifiant et sa clé sont présents) "
                f"mais le fichier cases.db est {state}. Aucune base vide n'a été créée à sa "
                "place : les numéros de dossier repartiraient à 1. Restaurez la sauvegarde du "
                "dossier des données, ou, si cette base est perdue, démarrez explicitement une "
                "nouvelle base avec « asip-desktop cases new-store --yes ».",
                [f"base : {db_path}", f"identifiant : {id_path}"],
            )
        return keys.create_key(store_id), True
    store_id = _write_store_id(id_path)
    return keys.read_key(store_id) or keys.create_key(store_id), True


def start_new_store(folder: Path) -> list[Path]:
    """Set aside the id of a store whose database is gone, so the next opening creates a
    new one. Refused while a database with data is present: nothing is ever deleted.

    The old id is kept (renamed), with any leftover ``-wal``/``-shm`` files, so the old
    key can still be found if the backup is restored later. Returns what was set aside.
    """
    db_path = folder / DB_NAME
    if _has_database(db_path):
        raise UserError(
            "Une base des dossiers avec des données est présente : aucune nouvelle base "
            "n'a été démarrée, rien n'a été modifié.",
            [f"base : {db_path}"],
        )
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    moved = []
    for name in (STORE_ID_NAME, DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"):
        path = folder / name
        if path.exists():
            target = path.with_name(f"{name}.ancien-{stamp}")
            path.rename(target)
            moved.append(target)
    return moved


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

    def integrity_problems(self) -> list[str]:
        """Every page checked: ``cipher_integrity_check`` (each page's HMAC) then
        ``integrity_check`` (the b-trees). Empty when the base is sound; the problems
        name pages, never a value."""
        import sqlcipher3.dbapi2 as sqlcipher

        raw = self.engine.raw_connection()
        try:
            dbapi = raw.driver_connection
            assert dbapi is not None
            problems = [str(r[0]) for r in dbapi.execute("PRAGMA cipher_integrity_check")]
            try:
                rows = [str(r[0]) for r in dbapi.execute("PRAGMA integrity_check")]
            except sqlcipher.DatabaseError:
                rows = ["structure illisible (page endommagée)"]
            problems += [r for r in rows if r != "ok"]
        finally:
            raw.close()
        return [_french_problem(p) for p in problems]

    # --- settings ------------------------------------------------------------

    def get_setting(self, name: str) -> str | None:
        _check_setting(name)
        with reading(self.engine) as conn:
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

    def retention_policy(self) -> None:
        """A CDAS's policy lives on its team base (``TeamStore``): none for a desk's own
        store, whose settings above apply."""
        return None

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
        with reading(self.engine) as conn:
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
                    month=self.now()[:7], cdas=emitting, kind=kind, uid=str(uuid.uuid4())
                )
            )

    def count(self, table_name: str) -> int:
        table = schema.metadata.tables[table_name]
        with reading(self.engine) as conn:
            return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def _french_problem(text: str) -> str:
    if text.startswith("HMAC verification failed for page "):
        return f"page {text.rsplit(' ', 1)[-1]} endommagée (somme de contrôle incorrecte)"
    return text


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
