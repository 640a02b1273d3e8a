"""One case: identity, answers, orientation, forms (preview from memory), sendings,
deadlines (mark done), notes (add one), and the way out: close with a purge."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
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
from asip_desktop.gui.shell.pending_saves import PendingSaves, is_unreachable
from asip_desktop.gui.widgets.clipboard import copy_sensitive
from asip_desktop.gui.widgets.colors import tint
from asip_desktop.gui.widgets.flow_layout import FlowLayout
from asip_desktop.gui.widgets.paragraph import paragraph
from asip_desktop.gui.widgets.pdf_preview import PdfPreview, print_pdf
from asip_desktop.settings import AgentProfile
from asip_desktop.store.attachments import add_signed, is_attachment, media_of, signed_form
from asip_desktop.store.case_index import orientation_of
from asip_desktop.store.values import CHANNELS, CaseDetail, FormInfo
from asip_desktop.team.pending import case_of

if TYPE_CHECKING:
    from asip_desktop.gui.cases.case_sending_dialog import CaseSendingDialog
    from asip_desktop.gui.cases.identity_editor import IdentityEditor
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


def _fit_list(widget: QListWidget, most: int) -> None:
    """As high as its rows, ``most`` rows at most (then it scrolls); never wider than the
    page: a long line ends with « … » and is whole in its tooltip."""
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    widget.setTextElideMode(Qt.TextElideMode.ElideRight)
    for row in range(widget.count()):
        item = widget.item(row)
        item.setToolTip(item.text())
    rows = min(max(widget.count(), 1), most)
    widget.setFixedHeight(widget.fontMetrics().lineSpacing() * rows + 4 * rows + 8)


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

    def __init__(
        self,
        store: Store,
        rules: RuleSet,
        agent: Callable[[], AgentProfile] = AgentProfile,
        parent: QWidget | None = None,
        pending: PendingSaves | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.rules = rules
        self.agent = agent
        # what the team base refused while unreachable (the window's banner offers it)
        self.pending = pending if pending is not None else PendingSaves()
        self.pending.replayed.connect(self._replayed)
        self.pending.given_up.connect(self._given_up)
        self.case: CaseDetail | None = None
        self.note_drafts: dict[int, str] = {}
        # case id → (the note's text refused while the base was away, its client-side id):
        # the same note clicked again carries the same id, never recorded twice
        self.refused_notes: dict[int, tuple[str, str]] = {}
        # case id → (the identity typed, the reading it is based on, the version found
        # changed after a conflict)
        self.identity_drafts: dict[
            int, tuple[dict[str, str | None], CaseDetail, CaseDetail | None]
        ] = {}
        self.identity_editor: IdentityEditor | None = None
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
        self.show_detail(self.store.cases.get(case_id))

    def show_detail(self, case: CaseDetail) -> None:
        """Show a case read already (in a worker, on a team base: ``CasesArea``)."""
        case_id = case.summary.id
        self.keep_note_draft()
        self.keep_identity_draft()
        self.case = case
        self._resume_kept(case_id)
        self._build(self.case)
        self.note_edit.setPlainText(self.note_drafts.get(case_id, ""))

    def _resume_kept(self, case_id: int) -> None:
        """What an earlier session kept while the base was away (the window closed
        before it came back) is typed again where it was: the note in its editor, the
        identity in its editor (checked against the reading it was based on)."""
        note = self.pending.kept(f"note-{case_id}")
        if note is not None and case_id not in self.note_drafts:
            self.note_drafts[case_id] = note.data["text"]
            self.refused_notes[case_id] = (note.data["text"], note.client_id)
        edit = self.pending.kept(f"identite-{case_id}")
        if edit is not None and case_id not in self.identity_drafts and self.case is not None:
            import dataclasses

            based_on = dataclasses.replace(
                self.case, person=edit.data["person"], version=edit.data["version"]
            )
            self.identity_drafts[case_id] = (edit.data["typed"], based_on, None)

    def _replayed(self, key: str) -> None:
        """An operation kept from an earlier session was saved from the banner: what
        this page still held of it goes, and the case shown is read again."""
        case_id = case_of(key)
        if case_id is None:
            return
        kind = key.split("-")[0]
        shown = self.case_id == case_id
        if kind == "note":
            self.note_drafts.pop(case_id, None)
            self.refused_notes.pop(case_id, None)
            if shown:
                self.note_edit.clear()
        elif kind == "identite":
            self.identity_drafts.pop(case_id, None)
            if shown:
                self.identity_editor = None  # saved: not kept by the rebuild
        if shown:
            self.refresh()
        self.changed.emit()

    def _given_up(self, key: str) -> None:
        """« Abandonner cette saisie » (the banner): what was typed goes, here too."""
        case_id = case_of(key)
        if case_id is None:
            return
        kind = key.split("-")[0]
        if kind == "note":
            self.note_drafts.pop(case_id, None)
            self.refused_notes.pop(case_id, None)
            if self.case_id == case_id:
                self.note_edit.clear()
        elif kind == "identite":
            self.identity_drafts.pop(case_id, None)
            if self.case_id == case_id and self.identity_editor is not None:
                self._identity_closed(case_id)

    def keep_note_draft(self) -> None:
        """A note being typed survives the page's rebuilds and a visit to the list (in
        memory only, until it is added or the window closes)."""
        if self.case is not None and hasattr(self, "note_edit"):
            text = self.note_edit.toPlainText()
            if text.strip():
                self.note_drafts[self.case.summary.id] = text
            else:
                self.note_drafts.pop(self.case.summary.id, None)

    def keep_identity_draft(self) -> None:
        """An identity being edited survives the page's rebuilds and a visit to the list
        (in memory only), with the reading it is based on: a change made elsewhere
        meanwhile is still caught when it is saved."""
        editor = self.identity_editor
        if editor is None:
            return
        typed = editor.person()
        unchanged = typed == {k: v or None for k, v in editor.based_on.person.items()}
        if unchanged and editor.current is None:
            self.identity_drafts.pop(editor.case_id, None)  # nothing typed: nothing to keep
        else:
            self.identity_drafts[editor.case_id] = (typed, editor.based_on, editor.current)

    def refresh(self) -> None:
        if self.case is not None:
            self.show_case(self.case.summary.id)

    # --- the identity editor ---------------------------------------------------

    def edit_identity(
        self,
        typed: dict[str, str | None] | None = None,
        based_on: CaseDetail | None = None,
        current: CaseDetail | None = None,
    ) -> IdentityEditor | None:
        """« Modifier l'identité… »: the fields under the identity, filled with the case's
        (or with what was being typed, ``typed``, based on the reading ``based_on``)."""
        if self.case is None or self.identity_editor is not None:
            return self.identity_editor
        from asip_desktop.gui.cases.identity_editor import IdentityEditor

        editor = IdentityEditor(self.store, based_on or self.case)
        if typed is not None:
            editor.set_values({k: v for k, v in typed.items() if v})
        if current is not None:
            editor.current = current
            editor.overwrite_button.show()
        case_id, number = self.case.summary.id, self.case.summary.number
        editor.saved.connect(lambda: self._identity_saved(case_id))
        editor.cancelled.connect(lambda: self._identity_closed(case_id))
        editor.away.connect(lambda: self._identity_away(editor, number))
        self.identity_editor = editor
        self.edit_identity_button.hide()
        self._identity_box.addWidget(editor)
        editor.show()  # now, not at the next turn of the event loop
        if typed is None:  # opened by the agent (not rebuilt with the page)
            editor.focus_first()
        return editor

    def _identity_away(self, editor: IdentityEditor, number: str) -> None:
        from asip_desktop.team import pending

        case_id = editor.case_id
        self.pending.offer(
            f"identite-{case_id}",
            f"l'identité du dossier {number}",
            lambda: self._save_identity_again(case_id),
            pending.identity(editor.person(), editor.tried_on),
        )

    def _identity_saved(self, case_id: int) -> None:
        self._identity_closed(case_id)  # nothing left to save either
        self.changed.emit()

    def _identity_closed(self, case_id: int) -> None:
        self.identity_drafts.pop(case_id, None)
        self.pending.done(f"identite-{case_id}")  # cancelled: nothing left to save
        self.identity_editor = None  # not kept by the rebuild
        self.refresh()

    def _save_identity_again(self, case_id: int) -> None:
        """« Enregistrer maintenant »: the editor's typing, whether its case is shown or
        the agent went elsewhere meanwhile (then from the kept draft); refusals go to the
        banner (a case closed meanwhile, a conflict: said there, and in the editor)."""
        from asip_desktop.team import pending
        from asip_desktop.team.cases import CaseChanged

        editor = self.identity_editor if self.case_id == case_id else None
        if editor is not None:
            if not editor.checked():  # changed since, and malformed: said under the field
                raise UserError(f"{editor.message.text()} (page du dossier)")
            op = pending.identity(editor.person(), editor.tried_on)
        else:
            draft = self.identity_drafts.get(case_id)
            if draft is None:
                return
            typed, based_on, _current = draft
            op = pending.identity(typed, based_on)
        try:
            pending.replay(self.store, op)
        except CaseChanged as err:
            if editor is not None:  # the editor says it too, and offers to overwrite
                editor.current = err.current
                editor.message.setText(str(err))
                editor.overwrite_button.show()
            raise
        self.identity_drafts.pop(case_id, None)
        self.pending.done(f"identite-{case_id}")  # its row goes before the page reads them
        if editor is not None:
            self.identity_editor = None  # saved: not kept by the rebuild
            self.refresh()
        self.changed.emit()

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
        self.level_2_button: QPushButton | None = None
        if orientation_of(case.result, case.level).needs_second_level:
            box = _section(layout, "Accueil de deuxième niveau")
            box.addWidget(
                paragraph(
                    "Ce dossier, ouvert en accueil de premier niveau, attend que la personne "
                    "soit reçue par un travailleur social du CDAS."
                )
            )
            self.level_2_button = QPushButton("Personne reçue en accueil de deu&xième niveau")
            self.level_2_button.setObjectName("recue-niveau-2")
            self.level_2_button.clicked.connect(self.take_up_at_level_2)
            box.addWidget(self.level_2_button)
        self._deadlines(_section(layout, "Échéances"), case)
        person = [
            f"{PERSON_LABELS.get(k, k)} : {escape(format_nir(v) if k == 'nir' else v)}"
            for k, v in case.person.items()
            if v not in (None, "")
        ]
        self.identity = _html(_bullets(person, "Aucune donnée d'identité enregistrée."))
        identity_box = _section(layout, "Personne")
        identity_box.addWidget(self.identity)
        self.edit_identity_button = QPushButton("Modi&fier l'identité…")
        self.edit_identity_button.clicked.connect(lambda: self.edit_identity())
        self.identity_editor = None
        self._identity_box = identity_box
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.edit_identity_button)
        edit_row.addStretch(1)
        identity_box.addLayout(edit_row)
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
        draft = self.identity_drafts.get(summary.id)
        if draft is not None:  # an edit under way survives the page's rebuilds
            self.edit_identity(*draft)
        # what the agent acts on first, what was decided after
        self._forms(_section(layout, "Fiches"), case)
        sendings = [
            f"{escape(form_label(self.rules, s.what))} → {escape(s.recipient)} "
            f"({CHANNEL_LABELS.get(s.channel, s.channel)}), le {when(s.sent_at)}"
            for s in case.sendings
        ]
        self.sendings = _html(_bullets(sendings, "Aucun envoi."))
        _section(layout, "Envois").addWidget(self.sendings)
        self._notes(_section(layout, "Notes"), case)
        self.orientation = _html(self._orientation_html(case))
        _section(layout, "Orientation").addWidget(self.orientation)
        answers = [
            f"{escape(q)} — <b>{escape(a)}</b>" for q, a in answer_lines(self.rules, case.answers)
        ]
        self.answers = _html(_bullets(answers, "Aucune réponse."))
        _section(layout, "Réponses").addWidget(self.answers)
        self.partners = self._partners(case)
        _section(layout, "Partenaires près du domicile").addWidget(self.partners)
        layout.addStretch(1)
        self.scroll.setWidget(body)

    def _partners(self, case: CaseDetail) -> QWidget:
        """The local partners for the case's needs, in the commune of the person's
        address when it names one (the agent can type another)."""
        from asip_desktop.directory.partners import address_commune, needs_for_situation
        from asip_desktop.gui.directory.partners_panel import PartnersPanel

        # inside the page's one scroll area; Alt+N is « Nouvelle note » here
        panel = PartnersPanel(scrolls=False, commune_label="Co&mmune :")
        panel.setAccessibleName("Partenaires près du domicile de la personne")
        index = panel.state.directory.index
        insee = address_commune(case.person.get("adresse") or "", index)
        commune = index.get(insee) if insee else None
        services = [o.get("service", "") for o in case.result.get("orientations", [])]
        panel.set_context(
            commune.name if commune else "", needs_for_situation(case.answers, services)
        )
        return panel

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
        self.fiches = [f for f in case.forms if not is_attachment(f.kind)]
        self.signed = [f for f in case.forms if is_attachment(f.kind)]
        sent = {s.what: s.sent_at for s in case.sendings}
        self.forms_list = QListWidget()
        self.forms_list.setAccessibleName("Fiches enregistrées")
        for form in self.fiches:
            text = f"{form_label(self.rules, form.kind)} — enregistrée le {when(form.created_at)}"
            if form.kind in sent:
                text += f" — envoyée le {when(sent[form.kind])}"
            self.forms_list.addItem(text)
        if self.fiches:
            self.forms_list.setCurrentRow(len(self.fiches) - 1)  # the latest one
        _fit_list(self.forms_list, 3)
        self.forms_list.itemActivated.connect(lambda _item: self.show_selected_form())
        self.show_form_button = QPushButton("&Afficher la fiche")
        self.show_form_button.clicked.connect(self.show_selected_form)
        self.print_button = QPushButton("&Réimprimer la fiche…")
        self.print_button.setObjectName("reimprimer")
        self.print_button.clicked.connect(self.print_selected_form)
        self.send_button = QPushButton("Préparer l'&envoi sécurisé…")
        self.send_button.setObjectName("envoi-securise")
        self.send_button.setToolTip(
            "Destinataire, objet, pièce jointe et vérifications ; un nouvel envoi démarre un "
            "nouveau délai."
        )
        self.send_button.clicked.connect(self.prepare_sending)
        self.attach_button = QPushButton("&Joindre la fiche signée…")
        self.attach_button.setObjectName("joindre-fiche-signee")
        self.attach_button.setToolTip(
            "Numérisation (PDF) ou photo (JPEG, PNG) de la fiche signée : gardée chiffrée "
            "dans le dossier, détruite à sa clôture."
        )
        self.attach_button.clicked.connect(lambda: self.attach_signed())
        row = QGridLayout()  # two by two: fits a narrow window at large text sizes
        for button in (self.show_form_button, self.print_button, self.send_button):
            button.setEnabled(bool(self.fiches))
        for index, button in enumerate(
            (self.show_form_button, self.print_button, self.send_button, self.attach_button)
        ):
            row.addWidget(button, index // 2, index % 2)
        row.setColumnStretch(2, 1)
        self.attach_button.setEnabled(bool(self._signable_forms(case)))
        self.forms_message = paragraph()
        self.forms_message.setObjectName("message-fiches")
        if not self.fiches:
            layout.addWidget(QLabel("Aucune fiche enregistrée dans ce dossier."))
        layout.addWidget(self.forms_list)
        layout.addLayout(row)
        layout.addWidget(self.forms_message)
        self.forms_list.setVisible(bool(self.fiches))

        self.signed_list = QListWidget()
        self.signed_list.setAccessibleName("Fiches signées jointes")
        for item in self.signed:
            self.signed_list.addItem(
                f"{form_label(self.rules, signed_form(item.kind))} signée — jointe le "
                f"{when(item.created_at)} ({item.size // 1024 + 1} ko)"
            )
        _fit_list(self.signed_list, 2)
        self.signed_list.itemActivated.connect(lambda _item: self.show_selected_signed())
        self.show_signed_button = QPushButton("Affic&her la fiche signée")
        self.show_signed_button.clicked.connect(self.show_selected_signed)
        if self.signed:
            self.signed_list.setCurrentRow(0)
            layout.addWidget(QLabel("Fiches signées jointes (chiffrées avec le dossier) :"))
            layout.addWidget(self.signed_list)
            signed_row = QHBoxLayout()
            signed_row.addWidget(self.show_signed_button)
            signed_row.addStretch(1)
            layout.addLayout(signed_row)
        self.signed_list.setVisible(bool(self.signed))
        self.show_signed_button.setVisible(bool(self.signed))

        self.preview = PdfPreview()  # shown once a fiche is asked for
        self.preview.clear("")
        self.preview.setMinimumHeight(300)
        self.preview.setVisible(False)
        self.image = QLabel()
        self.image.setAccessibleName("Fiche signée (image)")
        self.image.setVisible(False)
        layout.addWidget(self.preview)
        layout.addWidget(self.image)

    def _signable_forms(self, case: CaseDetail) -> list[str]:
        """The fiches a signed copy can be joined for: saved ones, else the planned ones."""
        saved = [f.kind for f in case.forms if not is_attachment(f.kind)]
        planned = [str(f) for f in case.result.get("forms", [])]
        return list(dict.fromkeys(saved or planned))

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

    def _selected_fiche(self) -> FormInfo | None:
        if not self.fiches:
            return None
        row = self.forms_list.currentRow()
        return self.fiches[row if 0 <= row < len(self.fiches) else -1]

    def show_selected_form(self) -> None:
        form = self._selected_fiche()
        if form is None:
            return
        self.image.setVisible(False)
        self.preview.setVisible(True)
        self.preview.set_pdf(self.store.cases.form_content(form.id))

    def print_selected_form(self) -> bool:
        """Print the saved fiche again (Qt's print dialog); False if cancelled."""
        form = self._selected_fiche()
        if form is None:
            return False
        return print_pdf(self, self.store.cases.form_content(form.id))

    def prepare_sending(self) -> CaseSendingDialog | None:
        """The secure sending of the selected fiche, done again from the case."""
        form = self._selected_fiche()
        if form is None or self.case is None:
            return None
        from asip_desktop.gui.cases.case_sending_dialog import CaseSendingDialog

        try:
            dialog = CaseSendingDialog(
                self.store, self.rules, self.case, form, self.agent(), self, self.pending
            )
        except UserError as err:
            self.forms_message.setText(str(err))
            return None
        dialog.recorded.connect(self._after_sending)
        self.sending_dialog = dialog
        dialog.open()
        return dialog

    def _after_sending(self) -> None:
        self.refresh()
        self.changed.emit()

    def attach_signed(self, path: Path | None = None) -> bool:
        """Join the signed fiche's scan or photo (asked for when ``path`` is None)."""
        if self.case is None:
            return False
        forms = self._signable_forms(self.case)
        if not forms:
            return False
        selected = self._selected_fiche()
        form = selected.kind if selected is not None else forms[0]
        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self,
                "Joindre la fiche signée",
                str(Path.home()),
                "Fiche signée (*.pdf *.jpg *.jpeg *.png)",
            )
            if not name:
                return False
            path = Path(name)
        try:
            content = path.read_bytes()
        except OSError as exc:
            self.forms_message.setText(
                f"Fiche signée non jointe : le fichier ne peut pas être lu "
                f"({exc.strerror or 'lecture impossible'})."
            )
            return False
        try:
            add_signed(self.store, self.case.summary.id, form, content)
        except UserError as err:
            self.forms_message.setText(str(err))
            return False
        self.refresh()
        self.forms_message.setText(
            "Fiche signée jointe au dossier (chiffrée). Le fichier d'origine reste où il "
            "était : supprimez-le s'il n'est plus utile."
        )
        self.changed.emit()
        return True

    def show_selected_signed(self) -> None:
        if not self.signed:
            return
        row = self.signed_list.currentRow()
        item = self.signed[row if 0 <= row < len(self.signed) else 0]
        content = self.store.cases.form_content(item.id)
        if media_of(content) == "pdf":
            self.image.setVisible(False)
            self.preview.setVisible(True)
            self.preview.set_pdf(content)
            return
        pixmap = QPixmap()
        pixmap.loadFromData(content)
        self.preview.setVisible(False)
        self.image.setPixmap(
            pixmap.scaledToWidth(
                min(max(self.scroll.viewport().width() - 60, 200), max(pixmap.width(), 1)),
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.image.setVisible(True)

    def take_up_at_level_2(self) -> None:
        if self.case is None:
            return
        self.store.cases.take_up_at_level_2(self.case.summary.id)
        self.refresh()
        self.changed.emit()

    def _mark_done(self, deadline_id: int) -> None:
        try:
            self.store.cases.mark_deadline_done(deadline_id)
        except UserError as err:  # disk full, read-only base, a lock held elsewhere
            box = QMessageBox(
                QMessageBox.Icon.Warning, "Échéance non modifiée", str(err), parent=self
            )
            self.mark_done_box = box  # kept for tests; window-modal, does not block
            box.open()
            return
        self.refresh()
        self.changed.emit()

    def add_note(self) -> None:
        if self.case is None:
            return
        case_id, number = self.case.summary.id, self.case.summary.number
        text = self.note_edit.toPlainText()
        client_id = self._note_client_id(case_id, text)
        try:
            self.store.cases.add_note(case_id, text, client_id=client_id)
        except UserError as err:
            self.note_message.setText(str(err))
            if is_unreachable(err):  # the note stays in its editor, offered again
                from asip_desktop.team import pending

                self.keep_note_draft()
                self.refused_notes[case_id] = (text, client_id)
                self.pending.offer(
                    f"note-{case_id}",
                    f"la note du dossier {number}",
                    lambda: self._add_note_again(case_id, number),
                    pending.note(case_id, number, text, client_id),
                )
            return
        self.pending.done(f"note-{case_id}")
        self.refused_notes.pop(case_id, None)
        self.note_message.clear()
        self.note_drafts.pop(case_id, None)
        self.note_edit.clear()  # added: nothing left to keep
        self.refresh()
        self.changed.emit()

    def _add_note_again(self, case_id: int, number: str) -> None:
        """« Enregistrer maintenant »: the note as it is typed now, whether its case is
        the one shown or not; refusals go to the banner (a case closed meanwhile is said
        there plainly)."""
        from asip_desktop.team import pending

        shown = self.case_id == case_id
        if shown:
            self.keep_note_draft()
        text = self.note_drafts.get(case_id, "")
        if not text.strip():
            return
        op = pending.note(case_id, number, text, self._note_client_id(case_id, text))
        pending.replay(self.store, op)  # UserError: kept (still away), or said, by the banner
        self.note_drafts.pop(case_id, None)
        self.refused_notes.pop(case_id, None)
        self.pending.done(f"note-{case_id}")  # its row goes before the page reads them
        if shown:
            self.note_edit.clear()  # added: nothing left to keep
            self.note_message.clear()
            self.refresh()
        self.changed.emit()

    def _note_client_id(self, case_id: int, text: str) -> str:
        """The id of the note refused with this very text (it may have reached the base
        before the cut), else a new one: a note changed since is another note."""
        from asip_desktop.team.pending import new_client_id

        refused = self.refused_notes.get(case_id)
        return refused[1] if refused is not None and refused[0] == text else new_client_id()
