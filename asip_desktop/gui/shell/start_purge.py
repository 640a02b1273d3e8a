"""The automatic purge at the window's start, in a worker thread.

On a joined desk, the CDAS's policy (``team.retention.purge_at_start``); on a desk
on its local store (a lone desk, a permanence laptop), Paramètres' « Purge
automatique … après N jours » (``team.retention.purge_local_at_start``), off by
default. Either closes each case past the delay in its own
transaction (about 6 ms a case: 200 cases would freeze the window 1.2 s on its own
thread). Here it runs off the window's thread; the window stays usable meanwhile. A
case the agent opens meanwhile is purged only if it was not touched since the listing
(``untouched_before``, as before); when the purge ends the Dossiers list refreshes, and
a case page whose case went returns to the list (``CasesArea.refresh``). Closing the
window asks the purge to stop and waits for the current case's transaction only.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QThread, Signal

log = logging.getLogger("asip_desktop.gui.purge")


class StartPurgeThread(QThread):
    """One run of ``purge_at_start``; ``done`` carries its outcome (or None), ``refused``
    the French reason it could not run."""

    done = Signal(object)  # StartPurge | None
    refused = Signal(str)

    def __init__(self, store: Any) -> None:
        super().__init__()
        self.store = store
        self._stop = threading.Event()

    @property
    def is_team(self) -> bool:
        return getattr(self.store, "kind", "") == "equipe"

    def request_stop(self) -> None:
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        from asip_desktop.errors import UserError
        from asip_desktop.team.retention import purge_at_start, purge_local_at_start

        purge = purge_at_start if self.is_team else purge_local_at_start
        try:
            outcome = purge(self.store, should_stop=self._stop.is_set)
        except UserError as err:
            self.refused.emit(str(err))
            return
        self.done.emit(outcome)

    def stop_and_wait(self, timeout_ms: int = 10_000) -> None:
        """After the current case's transaction (a lost server: the connect timeout)."""
        self.request_stop()
        if not self.wait(timeout_ms):
            log.warning("start purge still running at close")
