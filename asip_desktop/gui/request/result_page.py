"""The last page: what to do now, the fiches and their state, the places with their
contacts, what to know — in one scroll area — and the case."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWizardPage,
)

from asip_desktop.core.result import OrientationResult
from asip_desktop.core.ruleset import RuleSet
from asip_desktop.gui.directory.partners_panel import PartnersPanel, sheet_extras
from asip_desktop.gui.fiches.forms_bar import FormsBar
from asip_desktop.gui.request.result_view import ResultView
from asip_desktop.gui.request.why_dialog import WhyDialog


class ResultPage(QWizardPage):
    def __init__(self, rules: RuleSet) -> None:
        super().__init__()
        self.rules = rules
        self.result: OrientationResult | None = None
        self.setTitle("Orientation proposée")
        layout = QVBoxLayout(self)
        self.view = ResultView(rules)
        self.forms_bar = FormsBar()
        self.view.after_plan.addWidget(self.forms_bar)
        self.contacts = self.view.contacts
        host = QFrame()
        host_layout = QVBoxLayout(host)
        host_layout.addWidget(self.view)
        self.partners = PartnersPanel(scrolls=False)  # in the page's one scroll area
        host_layout.addWidget(self.partners)
        self.forms_bar.sheet_extras = self.sheet_extras
        host_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("result")
        self.scroll.setAccessibleName("Orientation proposée")
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows and Page keys scroll
        self.scroll.setWidget(host)
        layout.addWidget(self.scroll, 1)
        self.actions = QHBoxLayout()
        self.why_button = QPushButton("Pour&quoi cette orientation ?")
        self.why_button.setAccessibleName("Pourquoi cette orientation ?")
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
        self.view.show_result(result)
        self.show_partners(result)
        self.forms_bar.set_result(result)
        self.case_status.clear()
        self.case_button.setEnabled(bool(result.orientations))
        self.case_button.setToolTip(
            "Recommandé : des fiches sont à remplir ou un suivi est nécessaire."
            if result.forms
            else "Pour suivre la demande (notes, délais) ; facultatif."
        )
        self.scroll.verticalScrollBar().setValue(0)

    def clear(self) -> None:
        """A new request: nothing of the previous one stays (its fiches included)."""
        self.result = None
        self.forms_bar.set_result(None)
        self.view.show_result(None)

    def text(self) -> str:
        return self.view.plain_text()

    def focus_first(self) -> None:
        self.scroll.setFocus()

    def show_partners(self, result: OrientationResult) -> None:
        from asip_desktop.directory.partners import needs_for_situation

        wizard = self.wizard()
        answers = wizard.answers() if hasattr(wizard, "answers") else {}
        self.partners.set_context(
            self.partners.commune(), needs_for_situation(answers, result.services)
        )
        if self.contacts.cdas_lookup is not None:
            self.partners.follow(self.contacts.cdas_lookup.commune_edit)

    def sheet_extras(self) -> dict[str, object]:
        lookup = self.contacts.cdas_lookup
        return sheet_extras(self.partners, lookup.sheet_cdas() if lookup else None)

    def show_why(self) -> WhyDialog | None:
        if self.result is None:
            return None
        dialog = WhyDialog(self.result, self.rules, self)
        dialog.open()
        return dialog
