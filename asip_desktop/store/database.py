"""Opening the encrypted database: SQLCipher under SQLAlchemy 2.

``open_database(path, key)`` returns an Engine whose every connection is keyed
with the raw 256-bit key and set up (foreign keys, secure_delete, WAL, no temp
files), after a known-value check that turns a wrong key or a damaged file into
a French message. The schema is created or migrated to ``migrations.LATEST``;
a newer schema is refused. Nothing here ever deletes or overwrites a database
it could not open.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from asip_desktop.errors import UserError
from asip_desktop.store import failures
from asip_desktop.store.migrations import LATEST, MIGRATIONS

APPLICATION = "asip-desktop"
PAGE_SIZE = 4096  # SQLCipher 4 default
SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000  # a writer waits this long for another one's write lock
WIPE_WAIT_MS = 5000  # a purge waits this long for a reader that blocks the wipe

# Setup run on every new connection, after the key. ``synchronous = FULL``: a
# power cut at the counter must not lose a committed draft.
# ``auto_vacuum`` only takes effect on a new file, before WAL writes its header.
CONNECTION_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
)


class StoreOpenError(UserError):
    """The database cannot be opened as it is; nothing was changed."""


def _damaged_reason(path: Path) -> str | None:
    """A reason the file cannot be an ASIP Desktop database, read without the key."""
    size = path.stat().st_size
    if size == 0:
        return None
    with path.open("rb") as f:
        head = f.read(16)
    if head == SQLITE_PLAIN_HEADER:
        return "le fichier est une base SQLite non chiffrée"
    if size < PAGE_SIZE or size % PAGE_SIZE:
        return f"sa taille ({size} octets) n'est pas celle d'une base chiffrée"
    return None


def raw_connect(path: Path, key: bytes, *, setup: bool = True) -> sqlcipher.Connection:
    """A keyed DBAPI connection in autocommit mode, checked and (with ``setup``) set up.

    Without ``setup`` nothing is written to the file (checks before a refusal).
    """
    if len(key) != 32:
        raise ValueError("the database key must be 32 bytes")
    conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")  # writes nothing
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError as exc:
            # a full disk, a read-only file or a lock is not a wrong key
            failure = failures.translate(exc, path)
            if failure is not None and failure.kind != "endommagee":
                raise failure from None
            reason = _damaged_reason(path)
            raise StoreOpenError(
                "La base des dossiers ne peut pas être ouverte : "
                + (
                    f"le fichier est endommagé ({reason})."
                    if reason
                    else "la clé du coffre de secrets ne correspond pas à ce fichier, "
                    "ou le fichier est endommagé."
                )
                + " Rien n'a été modifié ni supprimé.",
                [f"fichier : {path}"],
            ) from None
        if setup:
            setup_connection(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def setup_connection(conn: sqlcipher.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
    if conn.execute("PRAGMA page_count").fetchone()[0] == 0:
        # a new file only: on an existing one this pragma waits for the write lock
        conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
    for pragma in CONNECTION_PRAGMAS:
        conn.execute(pragma)


def make_engine(path: Path, key: bytes, first: sqlcipher.Connection | None = None) -> Engine:
    """An Engine over keyed connections (a small pool; the GUI may use a worker thread).

    The driver runs in autocommit mode and SQLAlchemy emits ``BEGIN IMMEDIATE``
    itself (SQLAlchemy's recipe for real SQLite transactions): a transaction takes
    the write lock at its start, so two writers never deadlock on an upgrade.
    """
    pending = [first] if first is not None else []
    engine = create_engine(
        "sqlite://",
        module=sqlcipher,
        creator=lambda: pending.pop() if pending else raw_connect(path, key),
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
        # an error message must never carry a name or a NIR
        hide_parameters=True,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # reads (``reading``) take no lock: they work while another process writes
        read = conn.get_execution_options().get(READ_OPTION, False)
        conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")

    failures.install(engine, path)  # disk full, read-only, lock, damage: French messages
    return engine


READ_OPTION = "asip_read_only"


def reading(engine: Engine) -> Connection:
    """A connection for reading only: its transaction is a plain (deferred) ``BEGIN``,
    so reading never waits for another process's write lock. Use as a context manager."""
    return engine.connect().execution_options(**{READ_OPTION: True})


@contextlib.contextmanager
def _owner_only() -> Iterator[None]:
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def _tables(conn: sqlcipher.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {r[0] for r in rows}


def _user_version(conn: sqlcipher.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlcipher.Connection, target: int = LATEST) -> None:
    """Run the steps from the current version to ``target``, each in one transaction."""
    version = _user_version(conn)
    for number in range(version + 1, target + 1):
        steps = MIGRATIONS[number - 1]
        for pragma in (s for s in steps if s.lstrip().upper().startswith("PRAGMA")):
            conn.execute(pragma)
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in steps:
                if not statement.lstrip().upper().startswith("PRAGMA"):
                    conn.execute(statement)
            if number == 1:
                conn.execute("INSERT INTO meta VALUES ('application', ?)", (APPLICATION,))
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def backup_file(conn: sqlcipher.Connection, path: Path, version: int) -> Path:
    """Copy the (still encrypted) database file aside before a migration."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    folder = path.parent / "sauvegardes"
    with _owner_only():
        folder.mkdir(mode=0o700, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = folder / f"{path.stem}-schema-v{version}-{stamp}{path.suffix}"
        shutil.copyfile(path, target)
    return target


def prepare(path: Path, key: bytes, *, create: bool) -> sqlcipher.Connection:
    """Create, check and migrate the database at ``path`` (file must exist unless ``create``).

    Returns the checked, set-up connection (the engine's first one, which saves
    a second key setup at start).
    """
    try:
        conn = _prepare(path, key, create=create)
    except sqlcipher.Error as exc:
        raise failures.translated(exc, path) from None
    except OSError as exc:
        raise _os_failure(exc, path) from None
    try:
        setup_connection(conn)
    except sqlcipher.Error as exc:
        conn.close()
        raise failures.translated(exc, path) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _os_failure(exc: OSError, path: Path) -> UserError:
    from asip_desktop.files import os_error_text

    return StoreOpenError(
        f"La base des dossiers ne peut pas être créée ou ouverte : {os_error_text(exc)}. "
        "Rien n'a été modifié.",
        [f"fichier : {path}"],
    )


def _prepare(path: Path, key: bytes, *, create: bool) -> sqlcipher.Connection:
    if not create and not path.exists():
        raise StoreOpenError("La base des dossiers est introuvable.", [f"fichier : {path}"])
    with _owner_only():
        if create and not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        conn = raw_connect(path, key, setup=False)
    try:
        version = _user_version(conn)
        tables = _tables(conn)
        if version == 0 and tables:
            raise StoreOpenError(
                "Ce fichier n'est pas une base des dossiers d'ASIP Desktop. Rien n'a été modifié.",
                [f"fichier : {path}"],
            )
        if version > LATEST:
            raise StoreOpenError(
                "La base des dossiers a été créée par une version plus récente d'ASIP Desktop "
                f"(schéma {version}, cette version connaît jusqu'au schéma {LATEST}). "
                "Installez la dernière version de l'application ; rien n'a été modifié."
            )
        if version > 0:
            row = conn.execute("SELECT value FROM meta WHERE key = 'application'").fetchone()
            if row is None or row[0] != APPLICATION:
                raise StoreOpenError(
                    "Ce fichier n'est pas une base des dossiers d'ASIP Desktop "
                    "(valeur de contrôle absente). Rien n'a été modifié.",
                    [f"fichier : {path}"],
                )
        if version == LATEST:
            return conn
        if version == 0:
            setup_connection(conn)
            migrate(conn)
            return conn
        backup = backup_file(conn, path, version)
        try:
            setup_connection(conn)
            migrate(conn)
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
        except sqlcipher.Error as exc:
            raise StoreOpenError(
                f"La mise à jour de la base des dossiers (schéma {version} vers {LATEST}) a "
                "échoué ; la base n'a pas été modifiée et une copie a été gardée.",
                [f"copie : {backup}", type(exc).__name__],
            ) from None
        if check != "ok":
            raise StoreOpenError(
                "La base des dossiers mise à jour ne passe pas le contrôle d'intégrité ; "
                "la copie d'avant la mise à jour a été gardée.",
                [f"copie : {backup}"],
            )
        # The copy holds every case as it was; once the migrated file is checked it
        # goes, or closing a case could not destroy that case's data.
        backup.unlink()
        return conn
    except BaseException:
        conn.close()
        raise


def run_maintenance(
    engine: Engine, *, full_vacuum: bool = False, wait_ms: int | None = None
) -> Any:
    """Give free pages back and empty the WAL after a purge.

    ``incremental_vacuum`` truncates the freed (already zeroed) pages, then
    ``wal_checkpoint(TRUNCATE)`` writes the zeroed pages into the file and empties
    the WAL that still held the old page images. A reader of another connection
    (another window, a command) holding an older snapshot blocks the checkpoint:
    it is waited for up to ``wait_ms`` (default ``WIPE_WAIT_MS``). Returns the
    checkpoint result ``(busy, log_frames, checkpointed)``; ``busy`` is 1 when the
    reader did not finish in time.
    """
    raw = engine.raw_connection()
    try:
        dbapi = raw.driver_connection
        assert dbapi is not None
        return _maintain(dbapi, full_vacuum, wait_ms)
    except sqlcipher.Error as exc:
        raise failures.translated(exc, Path(str(engine.url.database or ""))) from None
    finally:
        raw.close()


def _maintain(dbapi: Any, full_vacuum: bool, wait_ms: int | None) -> Any:
    # incremental_vacuum frees one page per step: read every row.
    dbapi.execute("VACUUM" if full_vacuum else "PRAGMA incremental_vacuum").fetchall()
    dbapi.execute(f"PRAGMA busy_timeout = {int(WIPE_WAIT_MS if wait_ms is None else wait_ms)}")
    try:
        return dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        dbapi.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")


# --- the pending wipe ------------------------------------------------------------
# A purge commits, then overwrites the old page images (vacuum + checkpoint). A
# process killed in between, or a reader holding an old snapshot, would leave the
# purged values in old page images until the next normal open. The purge's own
# transaction marks the wipe pending; it is cleared only once the checkpoint has
# emptied the WAL, and ``Store.open`` finishes a pending wipe before anything else.

WIPE_PENDING_KEY = "effacement_en_attente"


def mark_wipe_pending(conn: Any) -> None:
    """In the purge's transaction (a SQLAlchemy Connection)."""
    conn.exec_driver_sql(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", (WIPE_PENDING_KEY,)
    )


def wipe_is_pending(engine: Engine) -> bool:
    with reading(engine) as conn:
        row = conn.exec_driver_sql("SELECT 1 FROM meta WHERE key = ?", (WIPE_PENDING_KEY,)).first()
    return row is not None


def finish_wipe(engine: Engine, *, full_vacuum: bool = False, wait_ms: int | None = None) -> bool:
    """Overwrite the purged pages; True when done, False when a reader still blocks it
    (the mark stays: the next purge or the next opening finishes the wipe)."""
    busy = run_maintenance(engine, full_vacuum=full_vacuum, wait_ms=wait_ms)[0]
    if busy:
        return False
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM meta WHERE key = ?", (WIPE_PENDING_KEY,))
    # and leave an empty WAL behind (it now holds only the meta page)
    raw = engine.raw_connection()
    try:
        dbapi = raw.driver_connection
        assert dbapi is not None
        dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlcipher.Error:
        pass  # only the meta page is left in the WAL: the next checkpoint writes it
    finally:
        raw.close()
    return True
