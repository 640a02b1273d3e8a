"""The last page: orientations in order, reasons and references, warnings, forms."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWizardPage,
)

from asip_desktop.core.result import OrientationResult
from asip_desktop.core.ruleset import RuleSet
from asip_desktop.gui.fiches.forms_bar import FormsBar
from asip_desktop.gui.request.orientation_contacts import OrientationContacts
from asip_desktop.gui.request.why_dialog import WhyDialog


def result_html(result: OrientationResult, rules: RuleSet) -> str:
    parts: list[str] = []
    if result.urgent:
        parts.append("<p><b>⚠ Situation urgente.</b></p>")
    if result.orientations:
        parts.append("<h3>Orienter vers, dans cet ordre</h3><ol>")
        for o in result.orientations:
            parts.append(
                f"<li><b>{escape(o.label)}</b><br>{escape(o.reason)}"
                f"<br><small>Référence : {escape(o.reference)}</small></li>"
            )
        parts.append("</ol>")
    else:
        parts.append("<p>Aucune orientation ne peut encore être proposée.</p>")
    if result.missing:
        asked = ", ".join(escape(rules.question(q).text) for q in result.missing)
        parts.append(f"<p><b>Reste à préciser :</b> {asked}</p>")
    if result.forms:
        parts.append("<h3>Fiches à remplir</h3><ul>")
        parts += [f"<li>{escape(rules.forms[f])}</li>" for f in result.forms]
        parts.append("</ul>")
    if result.warnings:
        parts.append("<h3>À savoir</h3><ul>")
        parts += [
            f"<li>{escape(w.text)}<br><small>Référence : {escape(w.reference)}</small></li>"
            for w in result.warnings
        ]
        parts.append("</ul>")
    parts.append(
        f"<p><small>Règles d'orientation version {escape(result.rules_version)} "
        f"(empreinte {escape(result.rules_sha256[:12])}).</small></p>"
    )
    return "".join(parts)


class ResultPage(QWizardPage):
    def __init__(self, rules: RuleSet) -> None:
        super().__init__()
        self.rules = rules
        self.result: OrientationResult | None = None
        self.setTitle("Orientation proposée")
        layout = QVBoxLayout(self)
        intro = QLabel("Selon les réponses données et la convention CARSAT / Département :")
        intro.setWordWrap(True)
        self.browser = QTextBrowser()
        self.browser.setObjectName("result")
        self.browser.setAccessibleName("Orientation proposée")
        self.browser.setOpenLinks(False)
        layout.addWidget(intro)
        layout.addWidget(self.browser, 1)
        self.contacts = OrientationContacts()
        layout.addWidget(self.contacts, 1)
        self.forms_bar = FormsBar()
        layout.addWidget(self.forms_bar)
        self.actions = QHBoxLayout()
        self.why_button = QPushButton("Pour&quoi cette orientation ?")
        self.why_button.clicked.connect(self.show_why)
        self.case_button = QPushButton("O&uvrir un dossier")
        self.case_button.setObjectName("ouvrir-dossier")
        self.case_status = QLabel()
        self.case_status.setObjectName("statut-dossier")
        self.case_status.setWordWrap(True)
        self.case_status.setAccessibleName("État du dossier")
        self.actions.addWidget(self.why_button)
        self.actions.addWidget(self.case_button)
        self.actions.addWidget(self.case_status, 1)
        layout.addLayout(self.actions)

    def show_result(self, result: OrientationResult) -> None:
        self.result = result
        self.browser.setHtml(result_html(result, self.rules))
        self.contacts.show_result(result)
        self.forms_bar.set_result(result)
        self.case_status.clear()
        self.case_button.setEnabled(bool(result.orientations))
        self.case_button.setToolTip(
            "Recommandé : des fiches sont à remplir ou un suivi est nécessaire."
            if result.forms
            else "Pour suivre la demande (notes, délais) ; facultatif."
        )

    def show_why(self) -> WhyDialog | None:
        if self.result is None:
            return None
        dialog = WhyDialog(self.result, self.rules, self)
        dialog.open()
        return dialog
