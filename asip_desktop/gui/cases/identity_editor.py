"""The person's identity (annex 2), edited on the case page after the wizard.

The edit is based on the case as read when the editor opened: when the identity was
changed elsewhere meanwhile (another desk of the CDAS, or the wizard of this desk), it is
refused with the French message naming what changed (``CaseChanged``), what was typed
stays in the editor, and « Enregistrer par-dessus » saves it on top of the version now
current. Malformed fields (NIR key, e-mail, phone) are said under the field; a refusal
because the team base is away is said (``away``): the case page offers it again."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.documents.identity import IDENTITY_LABELS
from asip_desktop.errors import UserError
from asip_desktop.gui.shell.pending_saves import is_unreachable
from asip_desktop.gui.widgets.identity_fields import (
    add_identity_fields,
    field_text,
    set_field_text,
)
from asip_desktop.gui.widgets.paragraph import paragraph
from asip_desktop.store.store import Store
from asip_desktop.store.values import CaseDetail


class IdentityEditor(QWidget):
    """Fields, « Enregistrer l'identité », « Annuler », and after a conflict
    « Enregistrer par-dessus »; ``saved`` once the identity is in the case."""

    saved = Signal()
    cancelled = Signal()
    away = Signal()  # refused because the team base is unreachable: the page offers it again

    def __init__(self, store: Store, case: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.based_on = case  # the reading the edit is based on
        self.current: CaseDetail | None = None  # the version found changed, after a conflict
        self.tried_on = case  # the reading the last save was tried on (kept if the base is away)
        self.setAccessibleName("Modifier l'identité de la personne")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.fields, self.errors = add_identity_fields(form, IDENTITY_LABELS.items(), "identite")
        self.message = paragraph()
        self.message.setObjectName("message-identite")
        self.save_button = QPushButton("Enregi&strer l'identité")
        self.save_button.clicked.connect(self.save)
        self.overwrite_button = QPushButton("Enregistrer par-&dessus")
        self.overwrite_button.setToolTip(
            "Enregistrer votre saisie sur la version à jour du dossier : l'identité "
            "modifiée ailleurs est remplacée par la vôtre."
        )
        self.overwrite_button.clicked.connect(self.overwrite)
        self.overwrite_button.hide()
        self.cancel_button = QPushButton("Annuler la modifi&cation")
        self.cancel_button.clicked.connect(self.cancelled)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.overwrite_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.set_values({k: v for k, v in case.person.items() if v})

    @property
    def case_id(self) -> int:
        return self.based_on.summary.id

    def _text(self, key: str) -> str:
        return field_text(self.fields[key])

    def person(self) -> dict[str, str | None]:
        """Every identity field, an emptied one as None (it is erased from the case)."""
        return {key: self._text(key) or None for key in IDENTITY_LABELS}

    def set_values(self, person: dict[str, str]) -> None:
        for key, field in self.fields.items():
            set_field_text(field, person.get(key) or "")

    def focus_first(self) -> None:
        self.fields["nom_naissance"].setFocus()

    def checked(self) -> bool:
        """What was typed is well formed (said under each field otherwise)."""
        from asip_desktop.documents.validation import identity_problems  # stdnum: first use

        # what the agent typed is checked; a value already in the case as it was read
        # (imported, typed before a check existed) does not block another correction
        before = self.based_on.person
        typed = {k: v for k, v in self.person().items() if v and v != before.get(k)}
        problems = identity_problems(typed)
        for key, label in self.errors.items():
            label.setText(problems.get(key, ""))
            label.setVisible(key in problems)
        if problems:
            self.fields[next(iter(problems))].setFocus()
            self.message.setText("Identité non enregistrée : corrigez le champ signalé.")
        return not problems

    def save(self) -> bool:
        """Save on the reading the editor started from (refused if changed meanwhile)."""
        return self._save(self.based_on)

    def overwrite(self) -> bool:
        """After a conflict: the typing saved on top of the version now current."""
        return self._save(self.current or self.based_on)

    def _save(self, based_on: CaseDetail) -> bool:
        from asip_desktop.team.cases import CaseChanged, update_identity

        if not self.checked():
            return False
        self.tried_on = based_on
        try:
            update_identity(self.store.cases, self.case_id, self.person(), based_on)
        except CaseChanged as err:
            self.current = err.current
            self.message.setText(
                f"{err} Identité à jour : {_identity_line(err.current)}. « Enregistrer "
                "par-dessus » enregistre votre saisie sur cette version."
            )
            self.overwrite_button.show()
            return False
        except UserError as err:
            self.message.setText(f"Identité non enregistrée : {err}")
            if is_unreachable(err):  # the typing stays here; the banner offers it again
                self.away.emit()
            return False
        self.overwrite_button.hide()
        self.message.clear()
        self.saved.emit()
        return True


def _identity_line(case: CaseDetail) -> str:
    """The current identity, for the agent to compare (shown on the page, never logged)."""
    shown = [f"{IDENTITY_LABELS[k].lower()} {v}" for k, v in case.person.items() if v]
    return ", ".join(shown) or "aucune donnée"
