"""Rules published on the team base, fetched after the window is ready for input.

A joined desk starts with what it has (its valid cached copy, else the bundled file:
``rules_cache.desk_engine``, files only). Once the agent can type, a worker thread asks
the team base for a newer published file (``rules_cache.start_engine``: download,
checks, cache, up to the 5 s connect timeout when the server is away). When a newer file
arrives it is used at once if no request is being qualified, else when the current
request ends (« Terminer » / « Nouvelle demande »): the wizard holds the engine it was
built with, so a request's result is always computed with the version it began with.
The status bar says it; Paramètres shows the rules in use and the ones waiting.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal

if TYPE_CHECKING:
    from asip_desktop.core.engine import Engine
    from asip_desktop.gui.shell.main_window import MainWindow
    from asip_desktop.team.rules_cache import RulesChoice

log = logging.getLogger("asip_desktop.gui.rules")

USED_NOW = "Règles {version} reçues : utilisées pour les prochaines demandes."
USED_NEXT = (
    "Règles {version} reçues : utilisées dès la fin de la demande en cours (elle garde "
    "la version {current} avec laquelle elle a commencé)."
)
WAITING = (
    " Règles version {version} reçues de la base d'équipe : utilisées dès la fin de la "
    "demande en cours."
)


class _Fetch(QThread):
    """``start_engine`` off the window's thread."""

    fetched = Signal(object, object)  # Engine, RulesChoice

    def __init__(self, folder: Path | None) -> None:
        super().__init__()
        self.folder = folder

    def run(self) -> None:
        from asip_desktop.team.rules_cache import start_engine

        try:
            engine, choice = start_engine(self.folder)
        except Exception as err:  # the desk keeps the rules it started with
            log.warning("published rules not fetched: %s", type(err).__name__)
            return
        self.fetched.emit(engine, choice)


class RulesArrival(QObject):
    """The window's fetch of newer published rules, and when they are applied."""

    applied = Signal(str)  # the version now used for new requests

    def __init__(self, window: MainWindow, folder: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.folder = folder
        self.waiting: tuple[Engine, RulesChoice] | None = None
        self._thread: _Fetch | None = None
        self._hooked: set[int] = set()  # the wizards whose end of request is watched
        self._stopped = False

    def start(self) -> None:
        """Once the window is ready for input, for a joined desk orienting with the rules
        it chose itself (not a file given on the command line)."""
        from asip_desktop.team.rules_cache import is_joined

        if self._thread is not None or not is_joined(self.folder):
            return
        self._thread = _Fetch(self.folder)
        self._thread.fetched.connect(self._on_fetched)
        self._thread.start()

    def _on_fetched(self, engine: Engine, choice: RulesChoice) -> None:
        if self._stopped:
            return
        current = self.window.engine
        if engine.rules.sha256 == current.rules.sha256:  # nothing new: the note may be
            self.window.rules_choice = choice
            self.show_in_settings()
            return
        self.waiting = (engine, choice)
        self.apply_when_free()

    def apply_when_free(self) -> None:
        """At once when no request is being qualified, else at the end of the current one."""
        if self.waiting is None or self._stopped:
            return
        engine, choice = self.waiting
        area = self.window.built_area("demande")
        busy = getattr(area, "in_progress", None)
        if callable(busy) and busy():
            wizard = area.wizard  # type: ignore[union-attr]
            if id(wizard) not in self._hooked:
                self._hooked.add(id(wizard))
                # after the wizard's own restart has cleared the pages
                wizard.restarted.connect(lambda: QTimer.singleShot(0, self.apply_when_free))
            self.window.statusBar().showMessage(
                USED_NEXT.format(version=engine.rules.version, current=area.engine.rules.version)  # type: ignore[union-attr]
            )
            self.show_in_settings()
            return
        self.waiting = None
        self.window.use_engine(engine, choice)
        self.show_in_settings()
        self.window.statusBar().showMessage(USED_NOW.format(version=engine.rules.version))
        self.applied.emit(engine.rules.version)

    def settings_text(self) -> str:
        """Paramètres: the rules in use, where they came from, and those waiting."""
        from asip_desktop.gui.settings.settings_view import rules_text

        said = rules_text(self.window.engine.rules, self.window.rules_choice)
        if self.waiting is not None:
            said += WAITING.format(version=self.waiting[0].rules.version)
        return said

    def show_in_settings(self) -> None:
        view = self.window.built_area("parametres")
        label = getattr(view, "rules_info", None)
        if label is not None:
            label.setText(self.settings_text())

    def stop(self) -> None:
        """The window closes: whatever arrives now is cached for the next start only."""
        self._stopped = True
        if self._thread is not None:
            self._thread.wait(6000)
