"""« Transférer vers la base du CDAS »: a permanence laptop's cases go home.

``TransferOffer`` is the banner of the « Dossiers » area: shown when the desk is a
permanence laptop (``team join --permanence``), its local store holds cases or
anonymous rows, and the team base answers (checked in a worker thread: the window
never waits for the network). ``TransferDialog`` shows what will move, runs the
transfer in a worker thread with a progress bar (``team/transfer.py``), then the
receipt (copy, print) and each conflict with its two choices: transfer it as a
separate case, or leave it on the laptop.
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.errors import UserError
from asip_desktop.gui.widgets.paragraph import paragraph

if TYPE_CHECKING:
    from asip_desktop.store.store import Store
    from asip_desktop.team.store import TeamStore
    from asip_desktop.team.transfer import TransferReceipt

OFFER = (
    "Portable de permanence : {cases} dossier(s) et {rows} ligne(s) d'indicateurs "
    "anonymes sont sur ce poste. La base d'équipe du {cdas} répond : vous pouvez les y "
    "transférer."
)


def team_for(local: Store) -> TeamStore | None:
    """The team base of a permanence laptop (sharing its local store), else None."""
    from asip_desktop.team import membership
    from asip_desktop.team.store import TeamStore

    member = membership.load(local.folder)
    if member is None or not member.permanence:
        return None
    return TeamStore(member, local)


class _Probe(QObject):
    """Does the team base answer? Asked in a daemon thread (a cut network takes seconds
    to say so; the window never waits, and closing it never waits either)."""

    answered = Signal(bool)

    def __init__(self, team: TeamStore, parent: QObject) -> None:
        super().__init__(parent)
        self.team = team
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._ask, daemon=True, name="sonde-base-equipe")
        self.thread.start()

    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def _ask(self) -> None:
        from sqlalchemy import text

        from asip_desktop.team.connection import talking

        try:
            with talking(), self.team.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            ok = True
        except UserError:
            ok = False
        finally:  # no connection kept open between a probe and the transfer it offers
            self.team.engine.dispose()
        with contextlib.suppress(RuntimeError):  # the banner was deleted meanwhile
            self.answered.emit(ok)


class _Run(QThread):
    progressed = Signal(int, int)
    finished_with = Signal(object)  # TransferReceipt, or the French message of a failure

    def __init__(self, local: Store, team: TeamStore, separate: list[str]) -> None:
        super().__init__()
        self.local, self.team, self.separate = local, team, separate

    def run(self) -> None:
        from asip_desktop.team import transfer

        try:
            receipt = transfer.transfer(
                self.local, self.team, separate=self.separate, progress=self.progressed.emit
            )
        except UserError as err:
            self.finished_with.emit(str(err))
            return
        finally:  # the window may stay open for hours: its connections closed meanwhile
            self.team.engine.dispose()
        self.finished_with.emit(receipt)


class TransferOffer(QFrame):
    """The banner above the lists; hidden unless there is something to move and the
    team base answers."""

    transfer_requested = Signal()

    def __init__(self, local: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.local = local
        self.setObjectName("transfert-permanence")
        self.setFrameShape(QFrame.Shape.Box)
        self.text = paragraph()
        self.button = QPushButton("&Transférer vers la base du CDAS…")
        self.button.clicked.connect(self.transfer_requested)
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.hide()
        self.team: TeamStore | None = None
        self._probe: _Probe | None = None
        try:
            self.team = team_for(local)
        except UserError:  # equipe.json damaged, keys missing: the command says why
            self.team = None

    def check(self) -> None:
        """Look again (after a transfer, when the area is shown)."""
        from asip_desktop.team import transfer

        if self.team is None or (self._probe is not None and self._probe.running()):
            return
        cases, rows = transfer.pending(self.local)
        if not cases and not rows:
            self.hide()
            return
        self._pending = (cases, rows)
        self._probe = _Probe(self.team, self)
        self._probe.answered.connect(self._on_answer)
        self._probe.start()

    def _on_answer(self, ok: bool) -> None:
        if not ok or self.team is None:
            self.hide()
            return
        cases, rows = self._pending
        self.text.setText(OFFER.format(cases=cases, rows=rows, cdas=self.team.cdas))
        self.show()


class TransferDialog(QDialog):
    """What will move, the run with its progress, the receipt and the conflicts."""

    transferred = Signal()

    def __init__(self, local: Store, team: TeamStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.local, self.team = local, team
        self.setWindowTitle("Transférer vers la base du CDAS")
        self.receipt: TransferReceipt | None = None
        self.worker: _Run | None = None
        self.separated: list[str] = []
        layout = QVBoxLayout(self)
        cases = local.cases.open_cases()
        self.intro = paragraph(
            f"{len(cases)} dossier(s) de ce portable vont être transférés vers la base "
            f"d'équipe du {team.cdas}, un par un : la copie de chaque dossier sur ce poste "
            "n'est purgée qu'une fois le dossier enregistré sur le serveur. Les dossiers "
            "clos ici ne transfèrent que leur ligne d'indicateurs anonyme. Un dossier d'une "
            "personne déjà suivie sur la base d'équipe n'est jamais fusionné : il reste "
            "ici et vous choisissez."
        )
        layout.addWidget(self.intro)
        self.cases_list = QPlainTextEdit()
        self.cases_list.setReadOnly(True)
        self.cases_list.setAccessibleName("Dossiers à transférer")
        self.cases_list.setPlainText(
            "\n".join(f"{c.number} — ouvert le {c.created_at[:10]}" for c in cases)
            or "Aucun dossier ouvert : seules les lignes anonymes seront transférées."
        )
        layout.addWidget(self.cases_list, 1)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        self.progress.hide()
        layout.addWidget(self.progress)
        self.conflicts = QVBoxLayout()
        layout.addLayout(self.conflicts)
        self.message = paragraph()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.start_button = QPushButton("&Transférer")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.copy_button = QPushButton("&Copier le récépissé")
        self.copy_button.clicked.connect(self.copy)
        self.copy_button.hide()
        self.print_button = QPushButton("&Imprimer le récépissé…")
        self.print_button.clicked.connect(self.print_receipt)
        self.print_button.hide()
        self.close_button = QPushButton("&Fermer")
        self.close_button.clicked.connect(self.accept)
        for b in (self.start_button, self.copy_button, self.print_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.resize(720, 520)
        self.setMaximumWidth(960)  # fits a 1024-pixel screen

    def start(self, separate: list[str] | None = None) -> None:
        self.start_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.message.setText("Transfert en cours…")
        self.progress.setValue(0)
        self.progress.show()
        self.worker = _Run(self.local, self.team, list(separate or []))
        self.worker.progressed.connect(self._on_progress)
        self.worker.finished_with.connect(self._on_done)
        self.worker.start()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _on_done(self, outcome: Any) -> None:
        if self.worker is not None:
            self.worker.wait()
        self.close_button.setEnabled(True)
        self.progress.hide()
        if isinstance(outcome, str):  # refused before anything moved
            self.message.setText(outcome)
            self.start_button.setEnabled(True)
            return
        self.receipt = outcome
        self.intro.setText("Récépissé du transfert (numéros de dossier, sans donnée personnelle) :")
        self.cases_list.setAccessibleName("Récépissé du transfert")
        self.cases_list.setPlainText(outcome.text())
        self.copy_button.show()
        self.print_button.show()
        self.start_button.hide()
        self.message.setText(
            "Transfert interrompu : relancez-le quand la base répond, rien ne sera créé deux fois."
            if outcome.interrupted
            else "Transfert terminé."
        )
        if outcome.interrupted:
            self.start_button.setText("&Relancer le transfert")
            self.start_button.setEnabled(True)
            self.start_button.show()
        self._show_conflicts()
        self.transferred.emit()

    def _show_conflicts(self) -> None:
        while self.conflicts.count():
            item = self.conflicts.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.conflict_rows: dict[str, tuple[QPushButton, QPushButton]] = {}
        assert self.receipt is not None
        for c in self.receipt.conflicts:
            frame = QFrame()
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            line = QHBoxLayout(frame)
            label = QLabel(
                f"Dossier {c.local_number} en conflit avec le dossier {c.server_number} de la "
                f"base d'équipe ({c.reason})."
            )
            label.setWordWrap(True)
            line.addWidget(label, 1)
            separate = QPushButton("Transférer comme dossier &distinct")
            separate.setAccessibleName(f"Transférer {c.local_number} comme dossier distinct")
            separate.clicked.connect(lambda _=False, n=c.local_number: self.separate(n))
            leave = QPushButton("&Laisser sur ce portable")
            leave.clicked.connect(frame.hide)
            line.addWidget(separate)
            line.addWidget(leave)
            self.conflicts.addWidget(frame)
            self.conflict_rows[c.local_number] = (separate, leave)

    def separate(self, number: str) -> None:
        self.separated.append(number)
        self.start([number])

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.cases_list.toPlainText())

    def print_receipt(self) -> bool:
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Imprimer le récépissé du transfert")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        document = QTextDocument()
        document.setPlainText(self.cases_list.toPlainText())
        document.print_(printer)
        self.message.setText("Récépissé envoyé à l'impression.")
        return True

    def done(self, result: int) -> None:
        if self.worker is not None and self.worker.isRunning():
            return  # never closed mid-transfer: the worker finishes the case it is on
        super().done(result)
