"""Level 2: the person's identity and contacts (annex 2 fields), and the
social worker already in charge. Everything is optional; what is typed is
checked (NIR key, phone, e-mail) with a French message under the field, and
nothing typed is ever lost."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWizardPage,
)

from asip_desktop.documents.identity import IDENTITY_LABELS
from asip_desktop.gui.widgets.colors import tint

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
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for key, label in [*FIELDS.items(), ("referent", REFERENT_LABEL)]:
            field: QLineEdit | QPlainTextEdit
            if key == "adresse":
                field = QPlainTextEdit()
                field.setTabChangesFocus(True)
                field.setFixedHeight(60)
                field.textChanged.connect(lambda *_: self.changed.emit())
            else:
                field = QLineEdit()
                field.textChanged.connect(lambda *_: self.changed.emit())
            field.setObjectName(f"personne-{key}")
            field.setAccessibleName(label)
            caption = QLabel(f"{label} :")
            caption.setWordWrap(True)
            caption.setBuddy(field)
            error = QLabel()
            error.setObjectName(f"erreur-{key}")
            tint(error, "error")
            error.setWordWrap(True)
            error.hide()
            form.addRow(caption, field)
            form.addRow("", error)
            self.fields[key] = field
            self.errors[key] = error

    def _text(self, key: str) -> str:
        field = self.fields[key]
        text = field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()
        return text.strip()

    def person(self) -> dict[str, str]:
        """The identity fields typed (annex 2), without empty ones."""
        return {key: self._text(key) for key in FIELDS if self._text(key)}

    def referent(self) -> str:
        return self._text("referent")

    def set_values(self, person: dict[str, str], referent: str = "") -> None:
        for key, field in self.fields.items():
            value = referent if key == "referent" else person.get(key, "")
            if isinstance(field, QPlainTextEdit):
                field.setPlainText(value)
            else:
                field.setText(value)

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
