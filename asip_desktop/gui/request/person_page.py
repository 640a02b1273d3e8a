"""Level 2: the person's identity and contacts (annex 2 fields), and the
social worker already in charge. Everything is optional; what is typed is
checked (NIR key, phone, e-mail) with a French message under the field, and
nothing typed is ever lost."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWizardPage,
)

from asip_desktop.documents.identity import IDENTITY_LABELS
from asip_desktop.gui.widgets.identity_fields import (
    add_identity_fields,
    field_text,
    set_field_text,
)

FIELDS = IDENTITY_LABELS
REFERENT_LABEL = "Travailleur social référent, référent de parcours (service, nom)"


class PersonPage(QWizardPage):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Identité et coordonnées de la personne")
        outer = QVBoxLayout(self)
        form = QFormLayout()
        # narrow (expert mode's column, 150 % text): the field goes under its caption
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        outer.addLayout(form)
        outer.addStretch(1)  # fields at the top, the spare height below them
        intro = QLabel(
            "Accueil de deuxième niveau. Ces informations servent à ouvrir un dossier et à "
            "préremplir les fiches ; elles sont facultatives et restent chiffrées sur ce poste."
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.fields, self.errors = add_identity_fields(
            form,
            [*FIELDS.items(), ("referent", REFERENT_LABEL)],
            "personne",
            self.changed.emit,
        )

    def _text(self, key: str) -> str:
        return field_text(self.fields[key])

    def person(self) -> dict[str, str]:
        """The identity fields typed (annex 2), without empty ones."""
        return {key: self._text(key) for key in FIELDS if self._text(key)}

    def referent(self) -> str:
        return self._text("referent")

    def set_values(self, person: dict[str, str], referent: str = "") -> None:
        for key, field in self.fields.items():
            set_field_text(field, referent if key == "referent" else person.get(key, ""))

    def check(self) -> dict[str, str]:
        """Field key → French message, for what is typed and malformed."""
        from asip_desktop.documents.validation import identity_problems  # stdnum: first use

        return identity_problems(self.person())

    def validatePage(self) -> bool:
        problems = self.check()
        for key, label in self.errors.items():
            label.setText(problems.get(key, ""))
            label.setVisible(key in problems)
        if problems:
            self.fields[next(iter(problems))].setFocus()
        return not problems

    def focus_first(self) -> None:
        self.fields["nom_naissance"].setFocus()

    def clear(self) -> None:
        self.set_values({}, "")
        for label in self.errors.values():
            label.hide()
