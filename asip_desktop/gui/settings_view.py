"""« Paramètres »: the agent's profile, the default level, delays, text size."""

from __future__ import annotations

import copy
from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.errors import UserError
from asip_desktop.phone import PHONE_EXPECTED, normalize_phone
from asip_desktop.settings import LOCK_DELAY_RANGE, RETENTION_RANGE, Settings


def _row(form: QFormLayout, label: str, field: QWidget, name: str) -> None:
    caption = QLabel(label)
    caption.setBuddy(field)
    field.setAccessibleName(name)
    form.addRow(caption, field)


class SettingsView(QWidget):
    def __init__(self, settings: Settings, save: Callable[[Settings], None]) -> None:
        super().__init__()
        self._settings = settings
        self._save = save

        profile = QGroupBox("Profil de l'agent (prérempli dans les fiches)")
        form = QFormLayout(profile)
        self.nom = QLineEdit(settings.agent.nom)
        self.prenom = QLineEdit(settings.agent.prenom)
        self.telephone = QLineEdit(settings.agent.telephone)
        self.cdas = QLineEdit(settings.agent.cdas)
        _row(form, "&Nom :", self.nom, "Nom de l'agent")
        _row(form, "&Prénom :", self.prenom, "Prénom de l'agent")
        _row(form, "&Téléphone :", self.telephone, "Téléphone de l'agent")
        _row(form, "&CDAS :", self.cdas, "CDAS de l'agent")

        desk = QGroupBox("Poste d'accueil")
        desk_form = QFormLayout(desk)
        self.niveau = QComboBox()
        self.niveau.addItem("Accueil de premier niveau", 1)
        self.niveau.addItem("Accueil de deuxième niveau", 2)
        self.niveau.setCurrentIndex(self.niveau.findData(settings.niveau))
        self.lock_delay = QSpinBox()
        self.lock_delay.setRange(*LOCK_DELAY_RANGE)
        self.lock_delay.setSuffix(" min")
        self.lock_delay.setValue(settings.lock_delay_minutes)
        self.retention = QSpinBox()
        self.retention.setRange(*RETENTION_RANGE)
        self.retention.setSuffix(" jours")
        self.retention.setValue(settings.retention_days)
        _row(desk_form, "Accueil par &défaut :", self.niveau, "Accueil par défaut")
        _row(desk_form, "&Verrouillage après :", self.lock_delay, "Verrouillage après")
        _row(desk_form, "Dossiers à &revoir après :", self.retention, "Dossiers à revoir après")

        self.save_button = QPushButton("&Enregistrer")
        self.save_button.clicked.connect(self.submit)
        self.message = QLabel()
        self.message.setObjectName("settings-message")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Paramètres</h2>"))
        layout.addWidget(profile)
        layout.addWidget(desk)
        layout.addWidget(self.save_button)
        layout.addWidget(self.message)
        layout.addStretch(1)
        hint = QLabel(
            "Raccourcis : Ctrl+L verrouille l'écran ; Ctrl+plus et Ctrl+moins changent la "
            "taille du texte ; Ctrl+1 à Ctrl+5 ouvrent chaque espace."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)

    def submit(self) -> bool:
        """Validate and save; on error say which field and keep what was typed."""
        problems = []
        phone = self.telephone.text().strip()
        normalized = normalize_phone(phone) if phone else ""
        if normalized is None:
            problems.append(f"« Téléphone » : {PHONE_EXPECTED}.")
        new = copy.deepcopy(self._settings)
        new.agent.nom = self.nom.text().strip()
        new.agent.prenom = self.prenom.text().strip()
        new.agent.telephone = normalized or phone
        new.agent.cdas = self.cdas.text().strip()
        new.niveau = int(self.niveau.currentData())
        new.lock_delay_minutes = self.lock_delay.value()
        new.retention_days = self.retention.value()
        try:
            new.validate()
        except UserError as err:
            problems += err.details
        if problems:
            self.message.setText("Non enregistré. " + " ".join(problems))
            return False
        self._save(new)
        self._settings = new
        if normalized:
            self.telephone.setText(normalized)
        self.message.setText("Paramètres enregistrés.")
        return True
