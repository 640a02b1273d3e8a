"""Closing a case: what the purge destroys and what anonymous row survives, the
copies saved on disk to delete (deleting is the default), an explicit
confirmation; then the purge receipt, copyable."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.core.ruleset import RuleSet
from asip_desktop.gui.cases.case_labels import demand_label, form_label, month_label, service_label
from asip_desktop.gui.cases.case_page import CHANNEL_LABELS
from asip_desktop.gui.widgets.paragraph import paragraph
from asip_desktop.store.values import PurgePreview, PurgeReceipt, SavedCopy


def surviving_row_html(rules: RuleSet, indicator: dict[str, object]) -> str:
    def names(key: str, label: object) -> str:
        values = indicator.get(key) or []
        assert isinstance(values, list)
        return ", ".join(escape(label(str(v))) for v in values) or "aucun"  # type: ignore[operator]

    return (
        "<ul>"
        f"<li>mois d'ouverture : {escape(month_label(str(indicator['month'])))}</li>"
        f"<li>CDAS émetteur : {escape(str(indicator['cdas']))}</li>"
        f"<li>demande : {escape(demand_label(rules, str(indicator['demand_kind'])))}</li>"
        f"<li>orientations : {names('services', lambda s: service_label(rules, s))}</li>"
        f"<li>canaux utilisés : {names('channels', lambda c: CHANNEL_LABELS.get(c, c))}</li>"
        f"<li>fiches envoyées : {names('forms_sent', lambda f: form_label(rules, f))}</li>"
        "</ul>"
    )


class CloseCaseDialog(QDialog):
    """Accepted only once the confirmation box is ticked."""

    def __init__(
        self,
        preview: PurgePreview,
        copies: list[SavedCopy],
        rules: RuleSet,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(f"Clore le dossier {preview.case_number}")
        layout = QVBoxLayout(self)
        destroyed = "".join(f"<li>{escape(d.label)} : {d.count}</li>" for d in preview.destroyed)
        self.destroyed_label = paragraph(
            rich=True,
            text=f"<h3>Clore le dossier {escape(preview.case_number)}</h3>"
            "<p>La clôture <b>détruit définitivement</b> ces données du dossier :</p>"
            f"<ul>{destroyed}</ul>",
        )
        self.surviving_label = paragraph(
            rich=True,
            text="<p>Seule reste une ligne anonyme pour les indicateurs de la convention :</p>"
            + surviving_row_html(rules, preview.indicator)
            + "<p>et un récépissé de purge (numéro du dossier, date, données détruites).</p>",
        )
        layout.addWidget(self.destroyed_label)
        layout.addWidget(self.surviving_label)
        self.copy_boxes: dict[str, QCheckBox] = {}
        if copies:
            layout.addWidget(
                paragraph(
                    rich=True,
                    text="<p>Fichiers enregistrés sur le disque pour ce dossier (copies de "
                    "fiches, pièces jointes préparées pour BlueFiles). Cochés, ils sont "
                    "supprimés avec le dossier :</p>",
                )
            )
            for copy in copies:
                box = QCheckBox(f"Supprimer le fichier {copy.path}")
                box.setChecked(True)
                self.copy_boxes[copy.path] = box
                layout.addWidget(box)
        self.confirm_box = QCheckBox(
            "Je confirme la clôture : ces données seront détruites, sans retour possible."
        )
        layout.addWidget(self.confirm_box)
        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton(
            "Clore et purger", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Annuler")
        self.close_button.setEnabled(False)
        self.confirm_box.toggled.connect(self.close_button.setEnabled)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.cancel_button.setDefault(True)

    def accept(self) -> None:
        if self.confirm_box.isChecked():
            super().accept()

    def files_to_keep(self) -> list[str]:
        """The recorded copies the agent chose to keep (unticked)."""
        return [p for p, box in self.copy_boxes.items() if not box.isChecked()]


class ReceiptDialog(QDialog):
    """The purge receipt (no personal data), with a copy button."""

    def __init__(
        self, receipt: PurgeReceipt, problems: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Récépissé de purge — {receipt.case_number}")
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit(receipt.to_text())
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Récépissé de purge")
        layout.addWidget(self.text)
        if receipt.wipe_pending:
            pending = QLabel(
                "Une autre fenêtre ou commande d'ASIP Desktop lit la base : l'effacement des "
                "anciennes pages de ce dossier se terminera dès qu'elle sera fermée."
            )
            pending.setWordWrap(True)
            layout.addWidget(pending)
        if problems:
            warning = QLabel(
                "Ces copies n'ont pas pu être supprimées ; supprimez-les vous-même :\n"
                + "\n".join(problems)
            )
            warning.setWordWrap(True)
            layout.addWidget(warning)
        self.copy_button = QPushButton("&Copier le récépissé")
        self.copy_button.clicked.connect(self.copy)
        self.print_button = QPushButton("&Imprimer le récépissé…")
        self.print_button.setObjectName("imprimer-recepisse")
        self.print_button.clicked.connect(self.print_receipt)
        done = QPushButton("&Fermer")
        done.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.print_button)
        row.addStretch(1)
        row.addWidget(done)
        layout.addLayout(row)
        self.print_message = paragraph()
        layout.addWidget(self.print_message)
        # the whole receipt at once, never taller than the screen
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry().height() - 60 if screen is not None else 440
        self.resize(640, max(min(440, room), 240))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())

    def print_receipt(self) -> bool:
        """Qt's print dialog, then the receipt's text; False if cancelled."""
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Imprimer le récépissé")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        document = QTextDocument()
        document.setDefaultFont(self.text.font())
        document.setPlainText(self.text.toPlainText())
        document.print_(printer)
        self.print_message.setText("Récépissé envoyé à l'impression.")
        return True
