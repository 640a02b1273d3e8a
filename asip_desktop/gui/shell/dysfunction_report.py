"""« Signaler un dysfonctionnement »: an anonymous report (kind, month, CDAS) kept
for the indicators, and a message to copy for the convention's referents.

The convention (« Suivi de la convention ») names the referents by their role,
not by an address: the message says so and the agent addresses it through their
institution's directory. No personal data and no case number goes in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.errors import UserError
from asip_desktop.gui.cases.case_labels import month_label
from asip_desktop.gui.widgets.paragraph import paragraph
from asip_desktop.store.values import DYSFUNCTION_KINDS

if TYPE_CHECKING:
    from asip_desktop.store.store import Store

# Convention CARSAT Bretagne – Département, « Suivi de la convention », « Les
# contacts référents sont : » (roles only; the convention gives no address).
REFERENTS = {
    "CARSAT Bretagne": (
        "la chargée de projet Partenariat de la direction Carrière et retraite",
        "la responsable du service social de l'assurance maladie",
    ),
    "Département d'Ille-et-Vilaine": (
        "la coordinatrice de l'ASIP à la Délégation à la vie sociale et aux CDAS",
        "la conseillère en travail social chargée de la complémentarité des interventions "
        "des services sociaux à la Délégation à la vie sociale et aux CDAS",
    ),
}

# The kind suggested for an overdue deadline.
SUGGESTED_KIND = {
    "reponse_carsat_72h": "absence_de_reponse",
    "accuse_reception_48h": "absence_accuse_reception",
}


def dysfunction_message(kind: str, month: str, cdas: str) -> str:
    """The text to send to the referents: kind, month and CDAS only."""
    lines = ["À l'attention des contacts référents de la convention (« Suivi de la convention ») :"]
    for institution, roles in REFERENTS.items():
        lines.append(f"- {institution} : " + " ; ".join(roles) + ".")
    lines += [
        "(La convention désigne ces référents par leur fonction, sans adresse : adressez ce "
        "message par l'annuaire de votre institution.)",
        "",
        f"Objet : dysfonctionnement constaté — {month_label(month)} — {cdas}",
        "",
        "Bonjour,",
        "",
        f"Le {cdas} signale un dysfonctionnement constaté en {month_label(month)} dans "
        "l'utilisation du canal de contact privilégié prévu par la convention entre la CARSAT "
        f"Bretagne et le Département d'Ille-et-Vilaine : {DYSFUNCTION_KINDS[kind]}.",
        "",
        "Ce signalement est anonyme : il ne contient aucune donnée sur la personne concernée. "
        "Il est compté dans les indicateurs de suivi de la convention.",
        "",
        "Cordialement,",
    ]
    return "\n".join(lines)


class DysfunctionDialog(QDialog):
    """Choose the kind, record the report, then copy the prepared message."""

    def __init__(
        self,
        store: Store,
        cdas: str,
        deadline_kind: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Signaler un dysfonctionnement")
        layout = QVBoxLayout(self)
        layout.addWidget(
            paragraph(
                "Le signalement est anonyme : seuls le type, le mois et le CDAS sont enregistrés "
                "(indicateurs de la convention). Ni la personne ni le numéro du dossier n'y "
                "figurent."
            )
        )
        form = QFormLayout()
        self.kind = QComboBox()
        for key, label in DYSFUNCTION_KINDS.items():
            self.kind.addItem(label, key)
        suggested = SUGGESTED_KIND.get(deadline_kind or "")
        if suggested:
            self.kind.setCurrentIndex(self.kind.findData(suggested))
        self.cdas = QLineEdit(cdas)
        self.cdas.setReadOnly(True)  # the case's CDAS, set from Paramètres: one spelling
        form.addRow("&Type de dysfonctionnement :", self.kind)
        form.addRow("&CDAS :", self.cdas)
        layout.addLayout(form)
        self.record_button = QPushButton("&Enregistrer le signalement")
        self.record_button.clicked.connect(self.record)
        layout.addWidget(self.record_button)
        self.problem = paragraph()
        layout.addWidget(self.problem)
        self.message = QPlainTextEdit()
        self.message.setReadOnly(True)
        self.message.setAccessibleName("Message pour les référents")
        self.message.setPlaceholderText(
            "Le message à transmettre s'affiche après l'enregistrement."
        )
        layout.addWidget(self.message)
        self.copy_button = QPushButton("Co&pier le message")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy)
        close = QPushButton("&Fermer")
        close.clicked.connect(self.accept)
        layout.addWidget(self.copy_button)
        layout.addWidget(close)
        self.recorded = False

    def record(self) -> None:
        kind = str(self.kind.currentData())
        cdas = self.cdas.text().strip()
        if not cdas:
            self.problem.setText(
                "CDAS : aucun CDAS émetteur n'est réglé ; renseignez « CDAS émetteur » dans "
                "« Paramètres »."
            )
            return
        try:
            self.store.report_dysfunction(kind, cdas)
        except UserError as err:
            self.problem.setText(str(err))
            return
        self.problem.setText("Signalement enregistré.")
        self.recorded = True
        self.record_button.setEnabled(False)
        self.message.setPlainText(dysfunction_message(kind, self.store.now()[:7], cdas))
        self.copy_button.setEnabled(True)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.message.toPlainText())
