"""« Paramètres »: the agent's profile, the desk, the case store's settings and health.

The profile, default level and lock delay live in the settings file (they
are needed before the store opens). The emitting CDAS, the review delay and
the optional automatic purge live in the encrypted store, shared with the
command line (``asip-desktop cases settings``); on a desk joined to a team base
whose CDAS has a retention policy, the policy is shown instead, read-only. The
rules in use are shown with where they came from (published or bundled).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.core.ruleset import RuleSet, default_rules_path
from asip_desktop.documents.validation import phone_is_valid
from asip_desktop.errors import UserError
from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.gui.widgets.colors import PALETTE_CHOICES
from asip_desktop.gui.widgets.paragraph import paragraph
from asip_desktop.gui.widgets.screen_fit import fit_content_width
from asip_desktop.gui.widgets.wrapping import wrapped
from asip_desktop.settings import LOCK_DELAY_RANGE, REVIEW_RANGE, Settings
from asip_desktop.team.rules_cache import RulesChoice

PHONE_EXPECTED = "10 chiffres commençant par 0, ou un numéro international commençant par +"


CDAS_FROM_LIST = (
    "Repris dans les fiches, les dossiers et les indicateurs : choisissez-le dans la liste "
    "(annuaire local des CDAS)."
)
CDAS_TYPED = (
    "Repris tel quel dans les fiches, les dossiers et les indicateurs. La liste des 22 CDAS "
    "vient de l'annuaire local des CDAS (« Annuaires », « Sources et import ») : tant qu'il "
    "n'est pas importé, saisissez le nom exact du CDAS."
)


def rules_text(rules: RuleSet | None, choice: RulesChoice | None) -> str:
    """« Règles d'orientation version 2027.1, publiées le … par l'administrateur »."""
    if rules is None:
        return "Règles d'orientation : chargées à la première orientation."
    source = choice.source() if choice is not None else "fournies avec l'application"
    if choice is None and rules.path != str(default_rules_path()):
        source = f"lues dans {rules.path}"
    said = f"Règles d'orientation utilisées : version {rules.version}, {source}."
    if choice is not None and choice.note:
        said += " " + choice.note
    return said


def fill_cdas_choice(combo: QComboBox, current: str) -> None:
    """The desk's CDAS, chosen among the CDAS of the imported local directory (typed
    only while no list is imported): one spelling per CDAS for the indicators."""
    from asip_desktop.gui.directory.directory_state import directory_state

    names = sorted({e.name for e in directory_state().directory.local if e.kind == "cdas"})
    combo.clear()
    combo.setEditable(not names)
    if combo.lineEdit() is not None:
        combo.lineEdit().setAccessibleName("CDAS émetteur")
    if current and current not in names:
        combo.addItem(current)
    combo.addItems(names)
    combo.setCurrentText(current)
    if names and not current:
        combo.setCurrentIndex(-1)


def _row(form: QFormLayout, label: str, field: QWidget, name: str) -> None:
    caption = QLabel(label)
    caption.setBuddy(field)
    field.setAccessibleName(name)
    form.addRow(caption, field)


class SettingsView(QWidget):
    def __init__(
        self,
        settings: Settings,
        save: Callable[[Settings], None],
        store_access: StoreAccess | None = None,
        open_directory_sources: Callable[[], None] | None = None,
        *,
        rules: RuleSet | None = None,
        rules_choice: RulesChoice | None = None,
    ) -> None:
        super().__init__()
        self._settings = settings
        self._cdas_policy = False  # True on a joined desk whose CDAS has a policy
        self._save = save
        self.store_access = store_access or StoreAccess()

        profile = QGroupBox("Profil de l'agent (prérempli dans les fiches)")
        form = QFormLayout(profile)
        self.nom = QLineEdit(settings.agent.nom)
        self.prenom = QLineEdit(settings.agent.prenom)
        self.telephone = QLineEdit(settings.agent.telephone)
        self.cdas = QComboBox()
        # a long CDAS name must not widen the window: the list shows it whole
        self.cdas.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.cdas.setMinimumContentsLength(24)
        fill_cdas_choice(self.cdas, settings.agent.cdas)
        _row(form, "&Nom :", self.nom, "Nom de l'agent")
        _row(form, "&Prénom :", self.prenom, "Prénom de l'agent")
        _row(form, "&Téléphone :", self.telephone, "Téléphone de l'agent")
        _row(form, "&CDAS émetteur :", self.cdas, "CDAS émetteur")
        self.cdas_note = paragraph(CDAS_TYPED if self.cdas.isEditable() else CDAS_FROM_LIST)
        form.addRow(self.cdas_note)
        from asip_desktop.gui.directory.directory_state import directory_state

        self._cdas_stale = False
        directory_state().changed.connect(self._directory_changed)

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
        _row(desk_form, "Accueil par &défaut :", self.niveau, "Accueil par défaut")
        _row(desk_form, "&Verrouillage après :", self.lock_delay, "Verrouillage après")
        self.palette = QComboBox()
        for key, label in PALETTE_CHOICES.items():
            self.palette.addItem(label, key)
        self.palette.setCurrentIndex(max(self.palette.findData(settings.palette), 0))
        _row(desk_form, "Cou&leurs :", self.palette, "Couleurs")

        cases = QGroupBox("Dossiers")
        cases_form = QFormLayout(cases)
        self.review = QSpinBox()
        self.review.setRange(*REVIEW_RANGE)
        self.review.setSuffix(" jours")
        self.auto_purge = QCheckBox(
            wrapped(
                "Purge a&utomatique des dossiers sans activité, appliquée à chaque démarrage "
                "(désactivée par défaut : aucun dossier n'est supprimé sans décision d'une "
                "personne)"
            )
        )
        self.auto_purge_days = QSpinBox()
        self.auto_purge_days.setRange(*REVIEW_RANGE)
        self.auto_purge_days.setSuffix(" jours")
        self.auto_purge.toggled.connect(self.auto_purge_days.setEnabled)
        self.store_info = QLabel()
        self.store_info.setObjectName("etat-base")
        self.store_info.setWordWrap(True)
        self.store_info.setAccessibleName("État de la base des dossiers")
        _row(cases_form, "Dossiers à &revoir après :", self.review, "Dossiers à revoir après")
        cases_form.addRow(self.auto_purge)
        _row(
            cases_form,
            "Purge automatique &après :",
            self.auto_purge_days,
            "Purge automatique après",
        )
        self.policy_info = paragraph("")
        self.policy_info.setObjectName("politique-conservation")
        self.policy_info.setAccessibleName("Politique de conservation du CDAS")
        self.policy_info.hide()
        cases_form.addRow(self.policy_info)
        cases_form.addRow(self.store_info)

        rules_box = QGroupBox("Règles d'orientation")
        rules_layout = QVBoxLayout(rules_box)
        self.rules_info = paragraph(rules_text(rules, rules_choice))
        self.rules_info.setObjectName("regles-utilisees")
        self.rules_info.setAccessibleName("Règles d'orientation utilisées")
        rules_layout.addWidget(self.rules_info)

        sources = QGroupBox("Annuaires")
        sources_layout = QVBoxLayout(sources)
        sources_text = QLabel(
            "Les sources des annuaires (dates, ancienneté) et l'import de l'annuaire local des "
            "CDAS et de l'Annuaire de l'administration sont dans « Annuaires »."
        )
        sources_text.setWordWrap(True)
        self.sources_button = QPushButton("Sources des annuaires et &import…")
        self.sources_button.setEnabled(open_directory_sources is not None)
        if open_directory_sources is not None:
            self.sources_button.clicked.connect(open_directory_sources)
        sources_layout.addWidget(sources_text)
        sources_layout.addWidget(self.sources_button)

        self.save_button = QPushButton("&Enregistrer")
        self.save_button.clicked.connect(self.submit)
        self.message = QLabel()
        self.message.setObjectName("settings-message")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        hint = QLabel(
            "Raccourcis : Ctrl+L verrouille l'écran ; Ctrl+plus et Ctrl+moins changent la "
            "taille du texte ; Ctrl+1 à Ctrl+5 ouvrent chaque espace."
        )
        hint.setWordWrap(True)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(QLabel("<h2>Paramètres</h2>"))
        for widget in (
            profile,
            desk,
            cases,
            rules_box,
            sources,
            self.save_button,
            self.message,
            hint,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        fit_content_width(scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.store_access.ready.connect(self._on_store)
        self.store_access.failed.connect(self._on_store)
        self._on_store()

    def _directory_changed(self) -> None:
        """A local directory was imported: the CDAS list follows (now if shown, else
        when next shown)."""
        self._cdas_stale = True
        if self.isVisible():
            self._refill_cdas()

    def _refill_cdas(self) -> None:
        self._cdas_stale = False
        fill_cdas_choice(self.cdas, self.cdas.currentText().strip())
        self.cdas_note.setText(CDAS_TYPED if self.cdas.isEditable() else CDAS_FROM_LIST)

    def showEvent(self, event: QShowEvent) -> None:
        if self._cdas_stale:
            self._refill_cdas()
        super().showEvent(event)

    # --- the case store --------------------------------------------------------

    def _on_store(self, *_: object) -> None:
        store = self.store_access.store
        enabled = store is not None
        for widget in (self.review, self.auto_purge, self.auto_purge_days):
            widget.setEnabled(enabled)
        if store is None:
            self.store_info.setText(
                f"Base des dossiers indisponible : {self.store_access.error}"
                if self.store_access.error
                else "Ouverture de la base des dossiers…"
            )
            return
        from asip_desktop.store import keys

        self._show_policy(store)
        if getattr(store, "kind", "") == "equipe":  # a desk joined to its CDAS's team base
            self.store_info.setText(
                f"Base utilisée : {store.description()}, "
                f"{len(store.cases.open_cases())} dossier(s) ouvert(s) du CDAS. Les données "
                "des personnes y sont chiffrées par ce poste avant l'envoi. Clé du CDAS : "
                f"{keys.backend_description()} ; brouillons de ce poste : {store.path}."
            )
            return
        size = sum(p.stat().st_size for p in store.path.parent.glob(store.path.name + "*"))
        self.store_info.setText(
            f"Base utilisée : base locale chiffrée de ce poste, {store.path} "
            f"({size / 1_048_576:.1f} Mo, "
            f"{len(store.cases.open_cases())} dossier(s) ouvert(s)). "
            f"Clé de chiffrement : {keys.backend_description()}." + _permanence_text(store)
        )

    def _show_policy(self, store: Any) -> None:
        """The review delay and the automatic purge: the desk's own settings, or on a
        joined desk its CDAS's policy, read-only (set by the administrator)."""
        policy = None
        try:
            policy = store.retention_policy()
        except UserError as err:  # the base is out of reach: this desk's own values
            self.policy_info.setText(f"Politique de conservation du CDAS illisible : {err}")
            self.policy_info.show()
            store = store.local
        self._cdas_policy = policy is not None
        if policy is not None:
            self.policy_info.setText(
                policy.describe() + " Ce poste ne peut pas la modifier : les deux réglages "
                "ci-dessus la montrent."
            )
            self.policy_info.show()
        review_days = store.review_days()
        retention = store.retention_days()
        self.review.setValue(review_days)
        self.auto_purge.setChecked(retention is not None)
        if policy is not None:
            self.auto_purge_days.setValue(policy.retention_days)
        else:
            self.auto_purge_days.setValue(retention or 365)
        self.review.setEnabled(policy is None)
        self.auto_purge.setEnabled(policy is None)
        self.auto_purge_days.setEnabled(policy is None and retention is not None)

    # --- saving ---------------------------------------------------------------

    def submit(self) -> bool:
        """Validate and save; on error say which field and keep what was typed."""
        problems = []
        phone = self.telephone.text().strip()
        if phone and not phone_is_valid(phone):
            problems.append(f"« Téléphone » : {PHONE_EXPECTED}.")
        new = copy.deepcopy(self._settings)
        new.agent.nom = self.nom.text().strip()
        new.agent.prenom = self.prenom.text().strip()
        new.agent.telephone = phone
        new.agent.cdas = self.cdas.currentText().strip()
        new.niveau = int(self.niveau.currentData())
        new.lock_delay_minutes = self.lock_delay.value()
        new.palette = str(self.palette.currentData())
        try:
            new.validate()
        except UserError as err:
            problems += err.details
        if problems:
            self.message.setText("Non enregistré. " + " ".join(problems))
            return False
        self._save(new)
        self._settings = new
        store = self.store_access.store
        if store is not None:
            if new.agent.cdas:
                store.set_setting("cdas_emetteur", new.agent.cdas)
            if not self._cdas_policy:  # the CDAS's policy is not this desk's to change
                store.set_setting("revue_apres_jours", str(self.review.value()))
                store.set_setting(
                    "purge_automatique_jours",
                    str(self.auto_purge_days.value()) if self.auto_purge.isChecked() else None,
                )
        self.message.setText("Paramètres enregistrés.")
        return True


def _permanence_text(store: Any) -> str:
    """A permanence laptop (``team join --permanence``) says where its cases go."""
    from asip_desktop.team import membership

    try:
        member = membership.load(store.folder)
    except UserError:
        return ""
    if member is None or not member.permanence:
        return ""
    return (
        f" Portable de permanence du {member.cdas} : de retour sur le réseau du CDAS, "
        "transférez ses dossiers avec « Transférer vers la base du CDAS » dans Dossiers."
    )
