"""« Préparer l'envoi sécurisé »: what to paste into BlueFiles, and the checklist.

The app does not send the mail. Once every item is ticked, « Marquer comme
envoyé » records the time and shows the deadline it starts (the case store
keeps it when it is there: listen to ``sent``).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.documents.sending import SendingPlan
from asip_desktop.gui.fiches.form_editor import wrapped


class SendingPanel(QWidget):
    sent = Signal(object, object)  # (SendingPlan, datetime sent)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: SendingPlan | None = None
        self.sent_at: dt.datetime | None = None
        layout = QVBoxLayout(self)
        self.intro = QLabel("Vérifiez d'abord la fiche : l'envoi se prépare à partir de l'aperçu.")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        self.copy_buttons: dict[str, QPushButton] = {}
        for key, caption in (
            ("recipient", "Destinataire"),
            ("subject", "Objet"),
            ("attachment", "Pièce jointe"),
        ):
            edit = QLineEdit()
            edit.setReadOnly(True)
            edit.setObjectName(f"envoi:{key}")
            edit.setAccessibleName(caption)
            button = QPushButton("Copier")
            button.setObjectName(f"copier:{key}")
            button.setAccessibleName(f"Copier : {caption.lower()}")
            button.clicked.connect(lambda _=False, e=edit: self._copy(e))
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(button)
            label = QLabel(f"{caption} :")
            label.setBuddy(edit)
            form.addRow(label, row)
            self.fields[key] = edit
            self.copy_buttons[key] = button
        layout.addLayout(form)

        self.checklist_box = QGroupBox("Avant d'envoyer, vérifiez :")
        self.checklist_layout = QVBoxLayout(self.checklist_box)
        self.checks: list[QCheckBox] = []
        layout.addWidget(self.checklist_box)

        self.mark_sent = QPushButton("Marquer comme envoyé")
        self.mark_sent.setObjectName("marquer-envoye")
        self.mark_sent.setAccessibleName("Marquer comme envoyé")
        self.mark_sent.clicked.connect(self._on_sent)
        layout.addWidget(self.mark_sent)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("envoi:statut")
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.set_plan(None)

    def set_plan(self, plan: SendingPlan | None) -> None:
        self.plan = plan
        for check in self.checks:
            self.checklist_layout.removeWidget(check)
            check.deleteLater()
        self.checks = []
        values = (plan.recipient, plan.subject, plan.attachment_name) if plan else ("", "", "")
        for edit, value in zip(self.fields.values(), values, strict=True):
            edit.setText(value)
        for button in self.copy_buttons.values():
            button.setEnabled(plan is not None)
        self.intro.setVisible(plan is None)
        for item in plan.checklist if plan else ():
            check = QCheckBox(wrapped(item))
            check.setAccessibleName(item)
            check.toggled.connect(self._update)
            self.checklist_layout.addWidget(check)
            self.checks.append(check)
        self._update()

    def _copy(self, edit: QLineEdit) -> None:
        QGuiApplication.clipboard().setText(edit.text())
        self.status.setText(f"Copié : {edit.accessibleName().lower()}.")

    def _update(self) -> None:
        self.mark_sent.setEnabled(
            self.plan is not None and bool(self.checks) and all(c.isChecked() for c in self.checks)
        )

    def _on_sent(self) -> None:
        if self.plan is None:
            return
        self.sent_at = dt.datetime.now().astimezone()
        due = self.plan.deadline(self.sent_at)
        self.status.setText(
            f"Envoyé le {self.sent_at:%d/%m/%Y à %H:%M}. {self.plan.deadline_label} : "
            f"au plus tard le {due:%d/%m/%Y à %H:%M}."
        )
        self.sent.emit(self.plan, self.sent_at)
