"""Where « Préparer la pièce jointe » writes the fiche for BlueFiles: a folder the
agent chooses once (kept in the data directory, owner-only), then the PDF written
there owner-only, under a name with the fiche and the date only."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from asip_desktop import config
from asip_desktop.files import write_private_atomic

FOLDER_FILE = "dossier-pieces-jointes.json"


def _path() -> Path:
    return config.data_dir() / FOLDER_FILE


def saved_folder() -> Path | None:
    """The folder chosen before, if it still exists."""
    try:
        folder = Path(json.loads(_path().read_text("utf-8"))["dossier"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return folder if folder.is_dir() else None


def remember(folder: Path) -> None:
    write_private_atomic(_path(), json.dumps({"dossier": str(folder)}).encode())


def choose(parent: QWidget) -> Path | None:
    """Ask for the folder (once); None if the agent cancelled."""
    start = saved_folder() or Path.home()
    name = QFileDialog.getExistingDirectory(
        parent, "Dossier des pièces jointes pour BlueFiles", str(start)
    )
    if not name:
        return None
    folder = Path(name)
    remember(folder)
    return folder


def free_name(folder: Path, name: str, mine: set[Path] | None = None) -> Path:
    """``folder/name``, or ``name-2.pdf``… when another fiche already has that name
    (two people's fiches the same day); a file in ``mine`` (prepared before for the
    same case) is written again rather than doubled."""
    own = mine or set()
    target = folder / name
    stem, suffix = target.stem, target.suffix
    number = 2
    while target.exists() and target not in own:
        target = folder / f"{stem}-{number}{suffix}"
        number += 1
    return target


def write_attachment(folder: Path, name: str, pdf: bytes, mine: set[Path] | None = None) -> Path:
    """Write the fiche owner-only (atomically); its path."""
    return write_private_atomic(free_name(folder, name, mine), pdf)
