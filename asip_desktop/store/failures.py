"""What SQLite says when the disk, the file or another process fails us, in French.

Every error of the database library (read-only file, disk full, write lock held
by another process, damaged page, disk I/O) becomes a ``StoreFailure`` — a
``UserError`` whose message says what happened, that nothing already saved was
lost, and what the agent or the administrator does. ``make_engine`` installs
``translate`` on every statement and commit; the raw connections of the opening
and of the wipe call it directly. Messages carry no value of a case.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from asip_desktop.errors import UserError

SELF_TEST = "lancez « asip-desktop --self-test » et voyez le guide administrateur"


class StoreFailure(UserError):
    """The database could not do what was asked; what was saved before is intact."""

    def __init__(self, message: str, details: list[str] | None = None, kind: str = "") -> None:
        super().__init__(message, details)
        self.kind = kind


def holders(path: Path) -> list[str]:
    """The other processes that have the database open, as « nom (pid N) ».

    Linux only (``/proc``); only the program's name is read, never its command
    line (which may name a file about a person).
    """
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    targets = {str(path.resolve()) + suffix for suffix in ("", "-wal", "-shm")}
    found = []
    me = os.getpid()
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            fds = list((entry / "fd").iterdir())
            if any(os.readlink(fd) in targets for fd in fds):
                name = (entry / "comm").read_text().strip()
                found.append(f"{name} (pid {entry.name})")
        except OSError:
            continue
    return sorted(found)


def _name(exc: BaseException) -> str:
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name:
        return str(name)
    text = str(exc).lower()  # older drivers: the message only
    for needle, code in (
        ("readonly", "SQLITE_READONLY"),
        ("disk is full", "SQLITE_FULL"),
        ("locked", "SQLITE_BUSY"),
        ("malformed", "SQLITE_CORRUPT"),
        ("not a database", "SQLITE_NOTADB"),
        ("disk i/o", "SQLITE_IOERR"),
        ("unable to open", "SQLITE_CANTOPEN"),
    ):
        if needle in text:
            return code
    return ""


LOW_SPACE = 1024 * 1024  # below this, an I/O error is taken for a full disk


def _disk_is_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < LOW_SPACE
    except OSError:
        return False


def translate(exc: BaseException, path: Path) -> StoreFailure | None:
    """The French failure for a database library error, or None if it is not one of
    those (a programming error stays a crash report)."""
    name = _name(exc)
    where = [f"base : {path}"]
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) and _disk_is_full(path):
        name = "SQLITE_FULL"  # the -wal or -shm file could not grow: the disk is full
    if name.startswith("SQLITE_READONLY"):
        return StoreFailure(
            "La base des dossiers est en lecture seule (fichier protégé, droits, ou disque "
            "monté en lecture seule) : rien n'a été enregistré, les dossiers déjà enregistrés "
            "sont intacts. L'administrateur rend le dossier des données inscriptible, puis "
            "recommencez.",
            where,
            "lecture_seule",
        )
    if name.startswith("SQLITE_FULL"):
        return StoreFailure(
            "Le disque est plein : rien n'a été enregistré, les dossiers déjà enregistrés sont "
            "intacts. Libérez de l'espace sur le disque du dossier des données, puis "
            "recommencez.",
            where,
            "disque_plein",
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        others = holders(path)
        who = (
            "un autre programme : " + ", ".join(others)
            if others
            else "une autre fenêtre ou commande d'ASIP Desktop"
        )
        return StoreFailure(
            f"La base des dossiers est occupée depuis plusieurs secondes par {who}. "
            "Rien n'a été enregistré. Attendez la fin de l'autre opération ou fermez l'autre "
            "fenêtre d'ASIP Desktop, puis recommencez.",
            where,
            "occupee",
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return StoreFailure(
            "Une page de la base des dossiers est endommagée : l'opération a été annulée, rien "
            "n'a été modifié. Ne supprimez rien ; l'administrateur vérifie la base ("
            + SELF_TEST
            + ") et restaure la dernière sauvegarde du dossier des données.",
            where,
            "endommagee",
        )
    if name.startswith("SQLITE_IOERR"):
        return StoreFailure(
            "Erreur d'écriture ou de lecture sur le disque (disque plein, retiré, protégé ou "
            "défectueux) : l'opération a été annulée, les dossiers déjà enregistrés sont "
            "intacts. Vérifiez l'espace libre et le disque, puis recommencez.",
            where,
            "disque",
        )
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return StoreFailure(
            "La base des dossiers ne peut pas être ouverte en écriture (dossier des données "
            "protégé, en lecture seule ou inaccessible). Rien n'a été modifié ; "
            "l'administrateur vérifie les droits du dossier des données.",
            where,
            "inaccessible",
        )
    return None


def translated(exc: BaseException, path: Path) -> BaseException:
    """``translate``, or the exception itself."""
    return translate(exc, path) or exc


def install(engine: Any, path: Path) -> None:
    """Make every database error of ``engine`` a StoreFailure (SQLAlchemy event)."""
    from sqlalchemy import event

    @event.listens_for(engine, "handle_error")
    def _handle(context: Any) -> Any:
        original = context.original_exception
        if isinstance(original, UserError):
            return original
        return translate(original, path)
