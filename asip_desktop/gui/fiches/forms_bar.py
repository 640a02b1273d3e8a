"""The fiches under the action plan: one line each with its state and the button of
its next step, then the orientation sheet.

A fiche moves on: à remplir → remplie (checked, previewed) → enregistrée (in the
case) → signée (the fiche de liaison: the person signs the printed fiche) →
envoyée (with the deadline of the answer). The button always says the next step;
a fiche's dialog is kept for the request, so reopening it gives back the fiche as
it was (and a draft in the store covers a crash or a restart).

Lives apart from ``result_page`` so the page only adds this bar. Heavy modules
(reportlab, pypdfium2) are imported when a button is first clicked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from asip_desktop.core.result import OrientationResult

if TYPE_CHECKING:
    from asip_desktop.documents.sending import SendingPlan
    from asip_desktop.gui.fiches.form_dialog import FormDialog

FORM_NAMES = {
    "fiche_liaison_retraite": ("fiche de &liaison retraite", "Fiche de liaison retraite"),
    "fiche_detection_fragilite": ("fiche de déte&ction", "Fiche de détection de fragilité"),
}
FORM_BUTTONS = {key: f"Remplir la {names[0]}…" for key, names in FORM_NAMES.items()}
SHEET_BUTTON = "Feuille d'&orientation pour la personne…"
SIGNED_FORMS = ("fiche_liaison_retraite",)  # signed by the person (annex 2)

TO_FILL, TYPING, FILLED, SAVED, SIGNED, SENT = (
    "à remplir",
    "en cours de saisie",
    "remplie",
    "enregistrée",
    "signée",
    "envoyée",
)
ORDER = (TO_FILL, TYPING, FILLED, SAVED, SIGNED, SENT)


def next_step(form_id: str, state: str) -> str:
    """The text of the button: what to do next with this fiche."""
    name = FORM_NAMES[form_id][0]
    if state in (TO_FILL, TYPING):
        return f"Remplir la {name}…" if state == TO_FILL else f"Reprendre la {name}…"
    if state == FILLED:
        return f"Enregistrer la {name} dans le dossier…"
    if state == SAVED and form_id in SIGNED_FORMS:
        return f"Imprimer la {name} et la faire signer…"
    if state in (SAVED, SIGNED):
        return f"Préparer l'envoi sécurisé de la {name}…"
    return f"Revoir la {name}…"


class FormsBar(QWidget):
    dialog_opened = Signal(str, object)  # form id or "feuille_orientation", the dialog
    state_changed = Signal(str, str)  # form id, state

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: OrientationResult | None = None
        # what a fiche starts with; by default the orientation's own prefill
        self.prefill_provider: Callable[[str], dict[str, Any]] | None = None
        self.sheet_extras: Callable[[], dict[str, Any]] | None = None  # issue 12: partners
        self.dialog: QDialog | None = None
        self.dialogs: dict[str, QDialog] = {}  # the fiches opened for this result
        self.states: dict[str, str] = {}
        self.state_labels: dict[str, QLabel] = {}
        self.signed_buttons: dict[str, QPushButton] = {}
        self.buttons: dict[str, QPushButton] = {}
        self._details: dict[str, str] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.host: QWidget | None = None
        self._outer = outer
        self.set_result(None)

    def set_result(self, result: OrientationResult | None) -> None:
        if result is not None and result == self.result:
            return  # the same orientation shown again: the fiches keep their state
        self.result = result
        for dialog in self.dialogs.values():
            dialog.deleteLater()
        self.dialogs, self.states, self.state_labels, self._details = {}, {}, {}, {}
        self.buttons, self.signed_buttons = {}, {}
        if self.host is not None:
            self._outer.removeWidget(self.host)
            self.host.hide()
            self.host.deleteLater()
        self.host = QWidget()
        grid = QGridLayout(self.host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(0, 1)
        self._outer.addWidget(self.host)
        self.host.show()  # now, not at the next event-loop turn
        if result is None:
            return
        row = 0
        forms = [f for f in result.forms if f in FORM_NAMES]
        if forms:
            grid.addWidget(QLabel("<b>Fiches</b>"), row, 0, 1, 3)
            row += 1
        for form in forms:
            label = QLabel()
            label.setObjectName(f"etat-{form}")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.state_labels[form] = label
            grid.addWidget(label, row, 0)
            grid.addWidget(self._add(form, FORM_BUTTONS[form]), row, 1)
            if form in SIGNED_FORMS:
                signed = QPushButton("La personne a si&gné")
                signed.setObjectName(f"signee-{form}")
                signed.setAccessibleName("La personne a signé la fiche")
                signed.clicked.connect(lambda _=False, f=form: self.set_state(f, SIGNED))
                signed.hide()
                self.signed_buttons[form] = signed
                grid.addWidget(signed, row, 2)
            self.set_state(form, TO_FILL)
            row += 1
        if result.orientations:
            grid.addWidget(self._add("feuille_orientation", SHEET_BUTTON), row, 1)

    def _add(self, key: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(key)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(lambda _=False, k=key: self.open(k))
        self.buttons[key] = button
        return button

    # --- the state of each fiche ----------------------------------------------

    def set_state(self, form_id: str, state: str, detail: str = "") -> None:
        if form_id not in self.state_labels:
            return
        self.states[form_id] = state
        if detail or state != SENT:
            self._details[form_id] = detail
        title = FORM_NAMES[form_id][1]
        extra = self._details.get(form_id, "")
        self.state_labels[form_id].setText(
            f"{title} : <b>{state}</b>" + (f" — {extra}" if extra else "")
        )
        button = self.buttons[form_id]
        text = next_step(form_id, state)
        button.setText(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        if form_id in self.signed_buttons:
            self.signed_buttons[form_id].setVisible(state == SAVED)
        self.state_changed.emit(form_id, state)

    def _advance(self, form_id: str, state: str, detail: str = "") -> None:
        """Move on (never back, except a checked fiche edited since: typing again)."""
        current = self.states.get(form_id, TO_FILL)
        if ORDER.index(state) > ORDER.index(current) or (state == TYPING and current == FILLED):
            self.set_state(form_id, state, detail)

    def _follow(self, form_id: str, dialog: FormDialog) -> None:
        dialog.editor.changed.connect(lambda: self._advance(form_id, TYPING))
        dialog.checked.connect(
            lambda ok: self._advance(form_id, FILLED) if ok else self._advance(form_id, TYPING)
        )
        dialog.saved_in_case.connect(lambda: self._advance(form_id, SAVED))
        dialog.sending.sent.connect(lambda plan, at: self._sent(form_id, plan, at))

    def _sent(self, form_id: str, plan: SendingPlan, sent_at: dt.datetime) -> None:
        due = plan.deadline(sent_at)
        self._advance(
            form_id,
            SENT,
            f"le {sent_at:%d/%m/%Y à %H:%M} ; {plan.deadline_label.lower()} : "
            f"au plus tard le {due:%d/%m/%Y à %H:%M}",
        )

    # --- the dialogs ------------------------------------------------------------

    def open(self, key: str) -> QDialog:
        """Open the dialog for ``key`` (a form id or the orientation sheet)."""
        assert self.result is not None
        dialog = self.dialogs.get(key)
        if dialog is None:
            dialog = self._build(key)
            self.dialogs[key] = dialog
            self.dialog_opened.emit(key, dialog)
        self.dialog = dialog
        from asip_desktop.gui.fiches.form_dialog import FormDialog

        if isinstance(dialog, FormDialog) and self.states.get(key) == SIGNED:
            dialog.tabs.setCurrentWidget(dialog.sending)  # the next step: the sending
        dialog.open()  # window-modal, does not block the event loop
        return dialog

    def _build(self, key: str) -> QDialog:
        if key == "feuille_orientation":
            from asip_desktop.gui.request.orientation_sheet_dialog import OrientationSheetDialog

            assert self.result is not None
            extras = self.sheet_extras() if self.sheet_extras is not None else {}
            return OrientationSheetDialog(self.result, self.window(), **extras)
        from asip_desktop.gui.fiches.form_dialog import FormDialog

        assert self.result is not None
        prefill = (
            self.prefill_provider(key)
            if self.prefill_provider is not None
            else dict(self.result.prefill.get(key, {}))
        )
        dialog = FormDialog(key, prefill, self.window())
        self._follow(key, dialog)
        return dialog
