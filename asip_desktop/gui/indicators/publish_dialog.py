"""« Publier le fichier de règles de l'année… »: the check of ``rules check`` on the chosen
file (its report shown whole; an invalid file refused whole, nothing published), the
agent's confirmation after reading it, then the administrator's PostgreSQL address and
password (the Département's reader role cannot write the rules), and the publication
through ``team/rules_publication.py`` in a worker thread. The password is never stored
nor logged; the address is remembered without it."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.errors import UserError
from asip_desktop.files import os_error_text
from asip_desktop.gui.widgets.paragraph import paragraph
from asip_desktop.gui.widgets.server_call import ServerCall
from asip_desktop.team import rules_publication
from asip_desktop.team.rules_cache import Publication

ADDRESS_FIELD = "Adresse PostgreSQL de l'administrateur"


def publication_text(done: Publication) -> str:
    return f"version {done.version}, publiée le {done.published_at[:10]} par {done.published_by}"


class PublishDialog(QDialog):
    published = Signal(object)  # the Publication

    def __init__(self, path: Path, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Publier le fichier de règles de l'année")
        self.path, self.folder = path, folder
        self.content = b""
        self.rules: Any = None
        self.worker: ServerCall | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(f"Fichier choisi : {path}"))
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Rapport de vérification du fichier de règles")
        layout.addWidget(self.report, 1)
        self.summary = paragraph()
        layout.addWidget(self.summary)
        self.confirm = QCheckBox("J'ai lu ce résumé : &publier ces règles pour tous les CDAS")
        layout.addWidget(self.confirm)
        form = QFormLayout()
        self.address = QLineEdit(rules_publication.remembered_address(folder))
        self.address.setPlaceholderText("postgresql://administrateur@serveur/asip")
        self.address.setAccessibleName(ADDRESS_FIELD)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Mot de passe de l'administrateur")
        form.addRow("A&dresse PostgreSQL de l'administrateur :", self.address)
        form.addRow("&Mot de passe (jamais enregistré) :", self.password)
        layout.addLayout(form)
        self.message = paragraph()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        self.publish_button = QPushButton("P&ublier")
        self.publish_button.setEnabled(False)
        self.publish_button.clicked.connect(self.publish)
        self.close_button = QPushButton("&Fermer")
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.publish_button)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.confirm.toggled.connect(self.publish_button.setEnabled)
        self.resize(760, 560)
        self.setMaximumWidth(960)  # fits a 1024-pixel screen
        self.valid = self._check()

    def _check(self) -> bool:
        """The check of ``rules check``; False (and why, whole) when the file is refused."""
        try:
            self.content = self.path.read_bytes()
            _engine, report = rules_publication.check_file(str(self.path))
        except OSError as exc:
            return self._refused(f"Fichier illisible : {os_error_text(exc)}.")
        except UserError as err:
            return self._refused(str(err))
        self.rules = report.rules
        self.report.setPlainText(report.text())
        self.summary.setText(
            f"Version {report.rules.version} — {report.summary} Vérifiez ces changements "
            "avant de publier : chaque poste rattaché les appliquera à son prochain démarrage."
        )
        return True

    def _refused(self, why: str) -> bool:
        self.report.setPlainText(why)
        self.summary.setText("Fichier refusé en entier : rien n'a été publié.")
        for widget in (self.confirm, self.address, self.password, self.publish_button):
            widget.setEnabled(False)
        self.confirm.hide()
        self.publish_button.hide()
        return False

    def publish(self) -> bool:
        """Publish on the administrator's login, in a worker; False when refused now."""
        from asip_desktop.team.connection import parse_url

        if not self.valid or not self.confirm.isChecked() or self.worker is not None:
            return False
        try:
            typed = self.address.text().strip()
            url = parse_url(typed)
        except UserError as err:  # the CLI's reason, named for this field
            self.message.setText(str(err).replace("--url", ADDRESS_FIELD))
            self.address.setFocus()
            return False
        if self.password.text():
            url = url.set(password=self.password.text())
        content, rules = self.content, self.rules
        self.worker = ServerCall(lambda: rules_publication.publish(url, content, rules))
        self.worker.answered.connect(lambda outcome: self._done(typed, outcome))
        self.publish_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.message.setText("Publication en cours…")
        self.worker.begin()
        return True

    def _done(self, typed: str, outcome: Any) -> None:
        if not shiboken6.isValid(self):  # the window was closed meanwhile
            return
        if self.worker is not None:
            self.worker.wait()
        self.worker = None
        self.close_button.setEnabled(True)
        if isinstance(outcome, UserError):  # file and address kept, try again
            self.message.setText(str(outcome))
            self.publish_button.setEnabled(self.confirm.isChecked())
            return
        done, new = outcome
        with contextlib.suppress(OSError):  # the address is a convenience only
            rules_publication.remember_address(self.folder, typed)
        self.password.clear()
        self.confirm.setEnabled(False)
        self.address.setEnabled(False)
        self.password.setEnabled(False)
        self.publish_button.hide()
        if new:
            self.message.setText(
                f"Règles publiées : {publication_text(done)}. Chaque poste rattaché à une base "
                "d'équipe les utilisera à son prochain démarrage."
            )
        else:
            self.message.setText(
                f"Ce fichier est déjà publié ({publication_text(done)}) : rien n'a changé."
            )
        self.published.emit(done)

    def done(self, result: int) -> None:
        if self.worker is not None:  # never closed under a running publication
            return
        super().done(result)
