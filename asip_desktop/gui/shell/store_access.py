"""The GUI's access to the case store.

The store's imports (SQLAlchemy, keyring's backend discovery) cost about
half a second: they run in a worker thread after the first paint, then the
store is opened on the GUI thread (a few milliseconds). When the store cannot
be opened (no secret store, wrong key…) the reason is kept, in French, for
the areas that need it; orienting never depends on it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal

from asip_desktop.errors import UserError
from asip_desktop.gui.shell.pending_saves import PendingSaves

if TYPE_CHECKING:
    from asip_desktop.store.store import Store

log = logging.getLogger("asip_desktop.gui.store")


def _default_opener() -> Store:
    """The desk's store: its team base once joined (``team join``), else the local one."""
    from asip_desktop.team.store import open_desk_store

    return open_desk_store()  # type: ignore[return-value]


class _Preload(QThread):
    def run(self) -> None:
        import keyring

        import asip_desktop.store.cases
        import asip_desktop.store.store  # noqa: F401

        keyring.get_keyring()


class StoreAccess(QObject):
    ready = Signal(object)  # Store
    failed = Signal(str)

    def __init__(self, opener: Callable[[], Store] = _default_opener) -> None:
        super().__init__()
        self._opener = opener
        self.store: Store | None = None
        self.error: str | None = None
        self._thread: _Preload | None = None
        # what was refused while the team base was unreachable, offered again (the banner)
        self.pending = PendingSaves()

    @property
    def settled(self) -> bool:
        return self.store is not None or self.error is not None

    def start_in_background(self) -> None:
        """Import in a worker thread, then open on this thread."""
        if self.settled or self._thread is not None:
            return
        self._thread = _Preload()
        self._thread.finished.connect(self.open_now)
        self._thread.start()

    def open_now(self) -> Store | None:
        if self.settled:
            return self.store
        try:
            self.store = self._opener()
        except UserError as err:
            self.error = str(err)
            log.warning("case store unavailable: %s", type(err).__name__)
            self.failed.emit(self.error)
            return None
        log.info("case store opened")
        self.ready.emit(self.store)
        return self.store

    def require(self) -> Store:
        """The store, opened now if need be; UserError with the reason if unavailable."""
        store = self.open_now()
        if store is None:
            raise UserError(self.error or "La base des dossiers n'est pas disponible.")
        return store

    def shutdown(self) -> None:
        if self._thread is not None:
            self._thread.wait(5000)
        if self.store is not None:
            # a read of the team base still running (Dossiers) ends first: closed under
            # it, its connection would go back to a pool already dropped, left open
            from asip_desktop.gui.widgets.server_call import ServerCall

            ServerCall.wait_all()
            self.store.close()
