"""One call to the team base off the window's thread (the « Tous les CDAS » tab's reads,
imports and the rules publication; the Dossiers lists' reads and the case page's): the
window keeps answering while the server answers or times out (5 s,
``team/connection.py``); the outcome comes back as a signal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QThread, Signal

from asip_desktop.errors import UserError


class ServerCall(QThread):
    answered = Signal(object)  # what ``work`` returned, or the UserError it raised
    # running calls are kept alive here: the tab (or the window) may be closed while the
    # server has not answered yet, and a QThread must outlive its run
    _running: ClassVar[set[ServerCall]] = set()

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.finished.connect(lambda: ServerCall._running.discard(self))

    _hooked = False

    def begin(self) -> None:
        ServerCall._running.add(self)
        app = QCoreApplication.instance()
        if app is not None and not ServerCall._hooked:
            app.aboutToQuit.connect(ServerCall.wait_all)
            ServerCall._hooked = True
        self.start()

    @staticmethod
    def wait_all(milliseconds: int = 10000) -> None:
        """At the application's end, let running calls finish (a QThread destroyed while
        running aborts the process); a server that never answers times out in 5 s."""
        for call in list(ServerCall._running):
            call.wait(milliseconds)

    def run(self) -> None:
        try:
            outcome: Any = self.work()
        except UserError as err:
            outcome = err
        except Exception as err:
            outcome = UserError(
                "La base d'équipe a répondu par une erreur inattendue "
                f"({type(err).__name__}) : rien n'a été modifié ; prévenez l'administrateur."
            )
        self.answered.emit(outcome)
