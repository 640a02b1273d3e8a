"""« Base d'équipe injoignable »: one banner for the whole window.

Any call to the team base that finds the server away (``team.connection.watch``) shows
it, whichever area made the call. While it is shown, a light check (``health.answers``,
a ``SELECT 1``) runs every 15 s in a worker thread, never on the window's thread, and
« Réessayer » runs it at once; the banner goes as soon as any call goes through. What
was refused meanwhile is listed (``PendingSaves``) and, once the base answers, offered
again with « Enregistrer maintenant »; each can be given up (« Abandonner cette
saisie… », confirmed). On a team base what waits is also kept in the desk's local
encrypted store (``PendingSaves.attach``): listed here again at the next start."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.gui.widgets.paragraph import paragraph

if TYPE_CHECKING:
    from collections.abc import Callable

CHECK_EVERY_MS = 15_000
BACK = "La base d'équipe du CDAS répond de nouveau."


class _Check(QThread):
    """``health.answers`` off the window's thread (a lost network waits up to 5 s)."""

    def __init__(self, engine: Any) -> None:
        super().__init__()
        self.engine = engine

    def run(self) -> None:
        from asip_desktop.team import health

        health.answers(self.engine)  # the result reaches the banner through ``watch``


class TeamBanner(QFrame):
    # from any thread: the base answered (True, "") or not (False, the French reason)
    heard = Signal(bool, str)

    def __init__(self, access: StoreAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bandeau-base-equipe")
        self.setFrameShape(QFrame.Shape.Box)
        self.access = access
        self.pending = access.pending
        self.down = False
        self.why = ""  # UNREACHABLE or ACCESS_REFUSED while down
        self._check: _Check | None = None
        self._unwatch: Callable[[], None] | None = None
        self.message = paragraph()
        self.message.setObjectName("base-equipe-injoignable")
        self.refusal_box: QMessageBox | None = None  # what could not be saved, and why
        # no Alt+letter: the banner sits above every area, whose letters are their own
        self.retry_button = QPushButton("Réessayer")
        self.retry_button.setToolTip("Vérifier tout de suite si la base d'équipe répond.")
        self.retry_button.clicked.connect(self.check_now)
        self.save_button = QPushButton("Enregistrer maintenant")
        self.save_button.setToolTip("Enregistrer ce qui avait été refusé pendant la coupure.")
        self.save_button.clicked.connect(self.save_now)
        buttons = QVBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        self.rows = QVBoxLayout()  # one per operation waiting, with « Abandonner… »
        self.give_up_buttons: dict[str, QPushButton] = {}
        self.give_up_box: QMessageBox | None = None
        column = QVBoxLayout()
        column.addWidget(self.message)
        column.addLayout(self.rows)
        layout = QHBoxLayout(self)
        layout.addLayout(column, 1)
        layout.addLayout(buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check_now)
        self.heard.connect(self._on_heard)
        self.pending.changed.connect(self._show)
        access.ready.connect(self._on_store)
        if access.store is not None:
            self._on_store(access.store)
        self.hide()

    def _on_store(self, store: object) -> None:
        if getattr(store, "kind", "") != "equipe" or self._unwatch is not None:
            return
        self.pending.attach(store)  # what an earlier session kept: offered again
        from asip_desktop.gui.widgets.colors import tint
        from asip_desktop.team import connection

        tint(self, "banner")
        self._unwatch = connection.watch(self._listen)

    def _listen(self, reachable: bool, why: str) -> None:
        """Called by the team connection, from whichever thread made the call."""
        if self.down or not reachable:  # while all is well, calls cost nothing here
            try:
                self.heard.emit(reachable, why)
            except RuntimeError:  # the window was deleted: stop listening (no Qt call)
                unwatch, self._unwatch = self._unwatch, None
                if unwatch is not None:
                    unwatch()

    def _on_heard(self, reachable: bool, why: str) -> None:
        self.down = not reachable
        self.why = why
        if self.down:
            self.timer.start()
        else:
            self.timer.stop()
        self._show()

    def _show(self) -> None:
        waits = bool(self.pending)
        # what is kept on the desk has its own line, with « Abandonner cette saisie… »
        rows = {key for key, _label in self.pending.kept_on_desk()}
        others = [label for key, label in self.pending.items() if key not in rows]
        waiting = ""
        if waits:
            waiting = "\n\nPas encore enregistré sur la base" + (
                " : " + " ; ".join(others) + "." if others else " :"
            )
        if self.down:
            from asip_desktop.team.connection import UNREACHABLE

            self.message.setText(
                (self.why or UNREACHABLE)
                + " La vérification se refait toutes les 15 secondes."
                + waiting
            )
        elif waits:
            self.message.setText(
                BACK + " « Enregistrer maintenant » enregistre ce qui attend." + waiting
            )
        self._rows()
        self.save_button.setVisible(not self.down and waits)
        self.retry_button.setVisible(self.down)
        self.setVisible(self.down or waits)

    def listed(self) -> str:
        """The banner's whole text: its message and the lines of what is kept."""
        lines = [self.message.text()]
        for index in range(self.rows.count()):
            row = self.rows.itemAt(index).layout()
            label = row.itemAt(0).widget() if row is not None else None
            if isinstance(label, QLabel):
                lines.append(label.text())
        return "\n".join(lines)

    def _rows(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            row = item.layout()
            while row is not None and row.count():
                widget = row.takeAt(0).widget()
                if widget is not None:
                    widget.deleteLater()
        self.give_up_buttons = {}
        for key, label in self.pending.kept_on_desk():
            row = QHBoxLayout()
            text = QLabel(f"• {label}")
            button = QPushButton("Abandonner cette saisie…")
            button.setAccessibleName(f"Abandonner cette saisie : {label}")
            button.clicked.connect(lambda _=False, k=key, t=label: self.ask_give_up(k, t))
            self.give_up_buttons[key] = button
            row.addWidget(text, 1)
            row.addWidget(button)
            self.rows.addLayout(row)

    def ask_give_up(self, key: str, label: str) -> QMessageBox:
        """Confirmed first, saying what is lost (window-modal, does not block)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Abandonner cette saisie",
            f"Ce qui a été saisi ({label}) n'est pas encore enregistré sur la base "
            "d'équipe. L'abandonner l'efface de ce poste : c'est perdu et ne pourra pas "
            "être retrouvé.",
            parent=self,
        )
        confirm = box.addButton("Abandonner la saisie", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Garder", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # Enter keeps it
        box.buttonClicked.connect(
            lambda button: self.pending.give_up(key) if button is confirm else None
        )
        self.give_up_box = box
        box.open()
        return box

    def check_now(self) -> None:
        """« Réessayer » and the timer: one check at a time, off the window's thread."""
        store = self.access.store
        engine = getattr(store, "engine", None)
        if engine is None or (self._check is not None and self._check.isRunning()):
            return
        self._check = _Check(engine)
        self._check.start()

    def save_now(self) -> None:
        refused = self.pending.save_now()
        if refused:  # window-modal, does not block
            box = QMessageBox(
                QMessageBox.Icon.Warning, "Non enregistré", "\n\n".join(refused), parent=self
            )
            self.refusal_box = box
            box.open()

    def stop(self) -> None:
        """The window closes: no more checks, no more listening."""
        self.timer.stop()
        if self._unwatch is not None:
            self._unwatch()
            self._unwatch = None
        if self._check is not None:
            self._check.wait(6000)
