"""Writing a file owner-only and atomically: settings, crash reports, fiches, CSV exports."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


def write_private_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a 0600 temp file in the same folder,
    fsync it, then ``os.replace`` — readers never see a half-written file."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    # mkstemp creates the file 0600 (owner read/write only)
    fd, tmp_name = tempfile.mkstemp(prefix=".asip-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):
        dir_fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return target


# French for the system errors an agent or an administrator can act upon; the
# system's own (English) text never reaches the user.
_OS_ERRORS = {
    errno.ENOSPC: "le disque est plein",
    errno.EDQUOT: "le quota de disque est atteint",
    errno.EROFS: "le disque est monté en lecture seule",
    errno.EACCES: "droits insuffisants",
    errno.EPERM: "opération interdite (fichier ou dossier protégé)",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EISDIR: "le chemin est un dossier",
    errno.EEXIST: "le fichier existe déjà",
    errno.EIO: "erreur de lecture ou d'écriture sur le disque",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.EBUSY: "fichier utilisé par un autre programme",
}


def os_error_text(exc: OSError) -> str:
    """What went wrong, in French (never the system's English message)."""
    return _OS_ERRORS.get(exc.errno or 0, "erreur du système de fichiers")
