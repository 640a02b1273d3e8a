"""« Préparer l'envoi sécurisé »: what to paste into BlueFiles, what to know, and the
few real checks.

The app does not send the mail. « Préparer la pièce jointe » writes the fiche in
the folder the agent chose once (owner-only) and copies its path; the
information lines are text; the checks are the ones the agent really does
(signature, attachment prepared, subject, own address). Once they are done,
« Marquer comme envoyé » records the time and shows the deadline it starts (the
case store keeps it: listen to ``sent``; the file prepared: ``attachment_prepared``,
so closing the case offers to delete it).
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.documents.sending import CHECK_ATTACHMENT, SendingPlan
from asip_desktop.gui.fiches import attachment_folder
from asip_desktop.gui.fiches.form_editor import wrapped
from asip_desktop.gui.widgets.paragraph import paragraph
from asip_desktop.gui.widgets.screen_fit import fit_content_width

NOT_PREPARED = "✘ Pièce jointe à préparer (bouton « Préparer la pièce jointe »)."


class SendingPanel(QWidget):
    sent = Signal(object, object)  # (SendingPlan, datetime sent)
    attachment_prepared = Signal(object)  # Path of the file written for BlueFiles

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: SendingPlan | None = None
        self.pdf: bytes | None = None
        self.sent_at: dt.datetime | None = None
        self.prepared: Path | None = None
        self.own_files: set[Path] = set()  # files prepared before for the same case
        # the panel scrolls by itself: large text or a short screen never cut it
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setAccessibleName("Envoi sécurisé")
        content = QWidget()
        self.scroll.setWidget(content)
        fit_content_width(self.scroll)  # never cut on the right: the dialog gives way
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        layout = QVBoxLayout(content)
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

        self.prepare_button = QPushButton("Préparer la pièce &jointe")
        self.prepare_button.setObjectName("preparer-piece-jointe")
        self.prepare_button.setAccessibleName("Préparer la pièce jointe")
        self.prepare_button.setToolTip(
            "Enregistre la fiche dans votre dossier des pièces jointes et copie son chemin."
        )
        self.prepare_button.clicked.connect(self.prepare_attachment)
        self.folder_button = QPushButton("C&hanger de dossier…")
        self.folder_button.setObjectName("changer-dossier-pieces-jointes")
        self.folder_button.setAccessibleName("Changer le dossier des pièces jointes")
        self.folder_button.clicked.connect(self.change_folder)
        prepare_row = QHBoxLayout()
        prepare_row.addWidget(self.prepare_button)
        prepare_row.addWidget(self.folder_button)
        prepare_row.addStretch(1)
        layout.addLayout(prepare_row)
        self.folder_label = paragraph()
        self.folder_label.setObjectName("envoi:dossier")
        layout.addWidget(self.folder_label)

        self.information = paragraph(rich=True)
        self.information.setObjectName("envoi:a-savoir")
        layout.addWidget(self.information)

        self.checklist_box = QGroupBox("Avant d'envoyer :")
        self.checklist_layout = QVBoxLayout(self.checklist_box)
        self.checks: list[QCheckBox] = []  # what the agent ticks
        # the checks live in a widget rebuilt with each plan (no layout item is handled)
        self.checks_host = QWidget()
        self.attachment_state = paragraph()
        self.checklist_layout.addWidget(self.checks_host)
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

    # --- the plan ------------------------------------------------------------

    def set_plan(self, plan: SendingPlan | None, pdf: bytes | None = None) -> None:
        """Show ``plan`` for the fiche ``pdf`` (None: nothing checked yet)."""
        self.plan = plan
        self.pdf = pdf if plan is not None else None
        if plan is None or pdf is None:
            self.prepared = None  # a changed fiche is prepared again
        old = self.checks_host
        old.hide()
        old.setParent(None)  # type: ignore[call-overload]  # out of findChildren at once
        old.deleteLater()
        self.checks_host = QWidget()
        host_layout = QVBoxLayout(self.checks_host)
        host_layout.setContentsMargins(0, 0, 0, 0)
        self.checklist_layout.addWidget(self.checks_host)
        self.attachment_state = paragraph()
        self.attachment_state.setObjectName("envoi:piece-jointe-preparee")
        self.checks = []
        values = (plan.recipient, plan.subject, plan.attachment_name) if plan else ("", "", "")
        for edit, value in zip(self.fields.values(), values, strict=True):
            edit.setText(value)
        for button in self.copy_buttons.values():
            button.setEnabled(plan is not None)
        self.intro.setVisible(plan is None)
        self.information.setVisible(plan is not None)
        self.checklist_box.setVisible(plan is not None)
        if plan is not None:
            self.information.setText(
                "<b>À savoir :</b><ul>"
                + "".join(f"<li>{escape(line)}</li>" for line in plan.information)
                + "</ul>"
            )
            for check in plan.checks:
                if check.key == CHECK_ATTACHMENT:
                    host_layout.addWidget(self.attachment_state)
                    continue
                box = QCheckBox(wrapped(check.text))
                box.setObjectName(f"verifier:{check.key}")
                box.setAccessibleName(check.text)
                box.toggled.connect(self._update)
                host_layout.addWidget(box)
                self.checks.append(box)
        self._show_attachment()
        self._update()

    # --- the attachment ------------------------------------------------------

    def _show_attachment(self) -> None:
        folder = attachment_folder.saved_folder()
        self.prepare_button.setEnabled(self.plan is not None and self.pdf is not None)
        self.folder_label.setText(
            f"Dossier des pièces jointes : {folder}"
            if folder
            else "Dossier des pièces jointes : à choisir au premier « Préparer la pièce jointe »."
        )
        if self.prepared is not None:
            self.fields["attachment"].setText(str(self.prepared))
            self.attachment_state.setText(f"✔ Pièce jointe préparée : {self.prepared}")
            self.prepare_button.setText("Préparer la pièce &jointe à nouveau")
        else:
            self.attachment_state.setText(NOT_PREPARED)
            self.prepare_button.setText("Préparer la pièce &jointe")

    def change_folder(self) -> None:
        if attachment_folder.choose(self) is not None:
            self._show_attachment()

    def prepare_attachment(self) -> Path | None:
        """Write the fiche where the agent chose once, copy its path; None if no folder."""
        if self.plan is None or self.pdf is None:
            return None
        folder = attachment_folder.saved_folder() or attachment_folder.choose(self)
        if folder is None:
            self.status.setText("Pièce jointe non préparée : aucun dossier choisi.")
            return None
        try:
            mine = {*self.own_files, *([self.prepared] if self.prepared else [])}
            path = attachment_folder.write_attachment(
                folder, self.plan.attachment_name, self.pdf, mine
            )
        except OSError as exc:
            self.status.setText(
                f"Pièce jointe non préparée : le dossier {folder} n'accepte pas le fichier "
                f"({exc.strerror or 'écriture impossible'}). Choisissez un autre dossier."
            )
            return None
        self.prepared = path
        QGuiApplication.clipboard().setText(str(path))
        self._show_attachment()
        self.status.setText(
            "Pièce jointe prête, son chemin est copié : dans BlueFiles, joignez le fichier "
            "en collant ce chemin."
        )
        self.attachment_prepared.emit(path)
        self._update()
        return path

    # --- copying and sending -------------------------------------------------

    def _copy(self, edit: QLineEdit) -> None:
        QGuiApplication.clipboard().setText(edit.text())
        self.status.setText(f"Copié : {edit.accessibleName().lower()}.")

    def missing(self) -> list[str]:
        """What is still to do before « Marquer comme envoyé » (French)."""
        if self.plan is None:
            return ["vérifier la fiche"]
        todo = [] if self.prepared is not None else ["préparer la pièce jointe"]
        todo += [c.accessibleName() for c in self.checks if not c.isChecked()]
        return todo

    def _update(self) -> None:
        todo = self.missing()
        self.mark_sent.setEnabled(not todo)
        self.mark_sent.setToolTip("" if not todo else "Reste à faire : " + " ; ".join(todo))

    def _on_sent(self) -> None:
        if self.plan is None or self.missing():
            return
        self.sent_at = dt.datetime.now().astimezone()
        due = self.plan.deadline(self.sent_at)
        self.status.setText(
            f"Envoyé le {self.sent_at:%d/%m/%Y à %H:%M}. {self.plan.deadline_label} : "
            f"au plus tard le {due:%d/%m/%Y à %H:%M}."
        )
        self.sent.emit(self.plan, self.sent_at)
