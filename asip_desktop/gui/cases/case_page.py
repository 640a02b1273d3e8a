"""One case: identity, answers, orientation, forms (preview from memory), sendings,
deadlines (mark done), notes (add one), and the way out: close with a purge."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.core.ruleset import RuleSet
from asip_desktop.documents.validation import format_nir
from asip_desktop.errors import UserError
from asip_desktop.gui.cases.case_labels import (
    answer_lines,
    deadline_state,
    demand_label,
    form_label,
    status_label,
    when,
)
from asip_desktop.gui.widgets.clipboard import copy_sensitive
from asip_desktop.gui.widgets.colors import tint
from asip_desktop.gui.widgets.flow_layout import FlowLayout
from asip_desktop.gui.widgets.paragraph import paragraph
from asip_desktop.gui.widgets.pdf_preview import PdfPreview
from asip_desktop.store.values import CHANNELS, CaseDetail

if TYPE_CHECKING:
    from asip_desktop.store.store import Store

# The identity fields of ``store.schema.PERSON_FIELDS`` (annexe 2), in French.
PERSON_LABELS = {
    "nom_naissance": "Nom de naissance",
    "nom_marital": "Nom marital",
    "prenom": "Prénom",
    "nir": "NIR",
    "adresse": "Adresse",
    "email": "Courriel",
    "telephone": "Téléphone",
}
CHANNEL_LABELS = dict(
    zip(
        CHANNELS,
        ("BlueFiles", "courriel", "courrier", "téléphone", "remise en main propre"),
        strict=True,
    )
)


def _html(text: str) -> QLabel:
    return paragraph(text, rich=True)


def _section(layout: QVBoxLayout, title: str) -> QVBoxLayout:
    box = QGroupBox(title)
    inner = QVBoxLayout(box)
    layout.addWidget(box)
    return inner


def _bullets(items: list[str], empty: str) -> str:
    if not items:
        return escape(empty)
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


class CasePage(QWidget):
    """Shows the case given to ``show_case``; ``changed`` after a change made here."""

    back_requested = Signal()
    close_requested = Signal(int)
    report_requested = Signal(int)
    changed = Signal()

    def __init__(self, store: Store, rules: RuleSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.rules = rules
        self.case: CaseDetail | None = None
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAccessibleName("Contenu du dossier")
        self.back_button = QPushButton("← Retour à la &liste")
        self.back_button.clicked.connect(self.back_requested)
        self.report_button = QPushButton("Signaler un d&ysfonctionnement…")
        self.report_button.clicked.connect(lambda: self._emit_for_case(self.report_requested))
        self.close_button = QPushButton("Clore le dossier (pur&ge)…")
        self.close_button.clicked.connect(lambda: self._emit_for_case(self.close_requested))
        bar = FlowLayout()  # wraps on a narrow screen
        bar.addWidget(self.back_button)
        bar.addWidget(self.report_button)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)
        self.deadline_buttons: dict[int, QPushButton] = {}
        self.overdue = False

    def _emit_for_case(self, signal: Signal) -> None:
        if self.case is not None:
            signal.emit(self.case.summary.id)  # type: ignore[attr-defined]

    @property
    def case_id(self) -> int | None:
        return None if self.case is None else self.case.summary.id

    def show_case(self, case_id: int) -> None:
        self.case = self.store.cases.get(case_id)
        self._build(self.case)

    def refresh(self) -> None:
        if self.case is not None:
            self.show_case(self.case.summary.id)

    # --- building ------------------------------------------------------------

    def _build(self, case: CaseDetail) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        summary = case.summary
        self.heading = _html(
            f"<h3>Dossier {escape(summary.number)} — {escape(status_label(summary.status))}</h3>"
            f"Créé le {when(summary.created_at)}, modifié le {when(summary.updated_at)} · "
            f"{escape(summary.cdas)} · accueil de niveau {case.level} · "
            f"demande : {escape(demand_label(self.rules, summary.demand_kind))}"
        )
        layout.addWidget(self.heading)
        self._deadlines(_section(layout, "Échéances"), case)
        person = [
            f"{PERSON_LABELS.get(k, k)} : {escape(format_nir(v) if k == 'nir' else v)}"
            for k, v in case.person.items()
            if v not in (None, "")
        ]
        self.identity = _html(_bullets(person, "Aucune donnée d'identité enregistrée."))
        identity_box = _section(layout, "Personne")
        identity_box.addWidget(self.identity)
        self.copy_buttons: dict[str, QPushButton] = {}
        copy_row = QHBoxLayout()
        for key, label in (("nir", "Copier le N&IR"), ("telephone", "Copier le télé&phone")):
            value = case.person.get(key)
            if value:
                button = QPushButton(label)
                button.setAccessibleName(label.replace("&", ""))
                button.setToolTip("Retiré du presse-papiers après 30 secondes.")
                button.clicked.connect(lambda _=False, v=value: copy_sensitive(v))
                copy_row.addWidget(button)
                self.copy_buttons[key] = button
        copy_row.addStretch(1)
        identity_box.addLayout(copy_row)
        answers = [
            f"{escape(q)} — <b>{escape(a)}</b>" for q, a in answer_lines(self.rules, case.answers)
        ]
        self.answers = _html(_bullets(answers, "Aucune réponse."))
        _section(layout, "Réponses").addWidget(self.answers)
        self.orientation = _html(self._orientation_html(case))
        _section(layout, "Orientation").addWidget(self.orientation)
        self._forms(_section(layout, "Fiches"), case)
        sendings = [
            f"{escape(form_label(self.rules, s.what))} → {escape(s.recipient)} "
            f"({CHANNEL_LABELS.get(s.channel, s.channel)}), le {when(s.sent_at)}"
            for s in case.sendings
        ]
        self.sendings = _html(_bullets(sendings, "Aucun envoi."))
        _section(layout, "Envois").addWidget(self.sendings)
        self._notes(_section(layout, "Notes"), case)
        layout.addStretch(1)
        self.scroll.setWidget(body)

    def _orientation_html(self, case: CaseDetail) -> str:
        result = case.result
        items = [
            f"<b>{escape(str(o.get('label', o.get('service', ''))))}</b><br>"
            f"{escape(str(o.get('reason', '')))}<br>"
            f"<i>Référence : {escape(str(o.get('reference', '')))}</i>"
            for o in result.get("orientations", [])
        ]
        forms = [escape(form_label(self.rules, f)) for f in result.get("forms", [])]
        html = _bullets(items, "Aucune orientation enregistrée.")
        if forms:
            html += "Fiches prévues : " + ", ".join(forms) + "<br>"
        version = escape(str(result.get("rules", {}).get("version", case.rules_version)))
        return html + f"Règles d'orientation, version {version}."

    def _deadlines(self, layout: QVBoxLayout, case: CaseDetail) -> None:
        now = self.store.now()
        self.deadline_buttons = {}
        self.deadline_labels: list[QLabel] = []
        states = [deadline_state(d, now) for d in case.deadlines]
        self.overdue = any(s.overdue for s in states)
        self.report_button.setEnabled(self.overdue)
        if not states:
            layout.addWidget(QLabel("Aucune échéance : elles partent avec l'envoi d'une fiche."))
        for state in states:
            row = QHBoxLayout()
            label = QLabel(state.text)
            label.setWordWrap(True)
            if state.overdue:
                tint(label, "error", bold=True)  # « en retard » is written too
            self.deadline_labels.append(label)
            row.addWidget(label, 1)
            if state.deadline.done_at is None:
                button = QPushButton("Marquer comme faite")
                button.setAccessibleName(f"Marquer comme faite : {state.text}")
                button.clicked.connect(lambda _=False, i=state.deadline.id: self._mark_done(i))
                self.deadline_buttons[state.deadline.id] = button
                row.addWidget(button)
            layout.addLayout(row)

    def _forms(self, layout: QVBoxLayout, case: CaseDetail) -> None:
        self.forms_list = QListWidget()
        self.forms_list.setAccessibleName("Fiches enregistrées")
        for form in case.forms:
            self.forms_list.addItem(
                f"{form_label(self.rules, form.kind)} — enregistrée le {when(form.created_at)}"
            )
        self.forms_list.setMaximumHeight(90)
        self.forms_list.setWordWrap(True)  # long fiche names wrap, no horizontal scrollbar
        self.forms_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.show_form_button = QPushButton("&Afficher la fiche")
        self.show_form_button.setEnabled(bool(case.forms))
        self.show_form_button.clicked.connect(self.show_selected_form)
        self.forms_list.itemActivated.connect(lambda _item: self.show_selected_form())
        self.preview = PdfPreview()
        self.preview.clear("Choisissez une fiche puis « Afficher la fiche »." if case.forms else "")
        self.preview.setMinimumHeight(300 if case.forms else 0)
        self.preview.setVisible(bool(case.forms))
        if not case.forms:
            layout.addWidget(QLabel("Aucune fiche enregistrée dans ce dossier."))
        layout.addWidget(self.forms_list)
        layout.addWidget(self.show_form_button)
        layout.addWidget(self.preview)
        self.forms_list.setVisible(bool(case.forms))
        self.show_form_button.setVisible(bool(case.forms))

    def _notes(self, layout: QVBoxLayout, case: CaseDetail) -> None:
        notes = [f"{when(n.created_at)} — {escape(n.text)}" for n in case.notes]
        self.notes = _html(_bullets(notes, "Aucune note."))
        layout.addWidget(self.notes)
        label = QLabel("&Nouvelle note :")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setMaximumHeight(80)
        label.setBuddy(self.note_edit)
        self.add_note_button = QPushButton("Ajouter la n&ote")
        self.add_note_button.clicked.connect(self.add_note)
        layout.addWidget(label)
        layout.addWidget(self.note_edit)
        layout.addWidget(self.add_note_button)
        self.note_message = paragraph()
        layout.addWidget(self.note_message)

    # --- actions -------------------------------------------------------------

    def show_selected_form(self) -> None:
        if self.case is None or not self.case.forms:
            return
        row = max(self.forms_list.currentRow(), 0)
        form = self.case.forms[row]
        self.preview.set_pdf(self.store.cases.form_content(form.id))

    def _mark_done(self, deadline_id: int) -> None:
        self.store.cases.mark_deadline_done(deadline_id)
        self.refresh()
        self.changed.emit()

    def add_note(self) -> None:
        if self.case is None:
            return
        try:
            self.store.cases.add_note(self.case.summary.id, self.note_edit.toPlainText())
        except UserError as err:
            self.note_message.setText(str(err))
            return
        self.refresh()
        self.changed.emit()
