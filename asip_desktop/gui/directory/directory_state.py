"""The one directory the windows share, and a signal when it changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from asip_desktop.errors import UserError

if TYPE_CHECKING:
    from asip_desktop.directory.catalog import Directory


class DirectoryState(QObject):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._directory: Directory | None = None
        self.load_error = ""

    @property
    def directory(self) -> Directory:
        """Loaded on first use (not at start-up)."""
        from asip_desktop.directory.catalog import Directory
        from asip_desktop.directory.communes import commune_index

        if self._directory is None:
            try:
                self._directory = Directory.load()
                self.load_error = ""
            except UserError as err:  # a damaged saved directory: keep the shipped data
                self.load_error = str(err)
                self._directory = Directory.load_shipped(commune_index())
        return self._directory

    def reload(self) -> None:
        self._directory = None
        self.changed.emit()

    def notify(self) -> None:
        self.changed.emit()


_state: DirectoryState | None = None


def directory_state() -> DirectoryState:
    global _state
    if _state is None:
        _state = DirectoryState()
    return _state
