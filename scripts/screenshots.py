"""Render the main screens offscreen to PNG, with fictional data only.

python scripts/screenshots.py [OUT_DIR]   (default: docs/screenshots)

Runs in a temporary data directory with the store's key kept in memory: the
desk's real data, settings and secret store are never read nor written.
People are obviously fictional ("Exemple"), NIRs are valid but use the commune
code 35999, which does not exist; phones are 06 00 00 00 0X.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"
DATA_DIR = tempfile.TemporaryDirectory(prefix="asip-screenshots-")
os.environ["ASIP_DESKTOP_DATA_DIR"] = DATA_DIR.name
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring  # noqa: E402
from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from asip_desktop.gui.shell.app import configure_application  # noqa: E402
from asip_desktop.gui.shell.main_window import MainWindow  # noqa: E402
from asip_desktop.pin import hash_pin  # noqa: E402
from asip_desktop.settings import AgentProfile, Settings  # noqa: E402
from tests.support.memory_keyring import MemoryKeyring  # noqa: E402

SIZE = (1200, 800)
CDAS = "CDAS de Fougères"
AGENT = AgentProfile(nom="Exemple", prenom="Camille", telephone="06 00 00 00 01", cdas=CDAS)
PERSON = {
    "nom_naissance": "Exemple",
    "prenom": "Dominique",
    "nir": "185073599900195",
    "adresse": "1 rue de l'Exemple, 35000 Rennes",
    "email": "dominique.exemple@example.org",
    "telephone": "06 00 00 00 02",
}
OTHER_PERSON = {
    "nom_naissance": "Fictif",
    "prenom": "Alex",
    "nir": "292093599900224",
    "telephone": "06 00 00 00 03",
}
RETIREMENT = {"demande": "droits_retraite", "urgences": [], "retraite": "rupture_ressources"}
HEALTH = {
    "demande": "accompagnement_social",
    "urgences": [],
    "accompagnement_en_cours": "aucun",
    "sante": {
        "lien_sante": True,
        "statut": "salarie_regime_general",
        "arret_travail": True,
        "risque_emploi": True,
    },
    "autonome": False,
}
LIAISON_EXTRA = {
    "situation_administrative": ["rsa"],
    "type_dossier": ["pension_retraite"],
    "commentaire": "Paiement interrompu depuis deux mois (situation fictive).",
    "copie_reponse_partenaire": True,
    "accord_information_departement": True,
    "non_opposition_traitement": True,
}


class ScreenshotKeyring(MemoryKeyring):
    """The tests' in-memory keyring: the system's secret store is left alone."""

    name = "coffre en mémoire des captures d'écran"  # shown in Paramètres


class Shooter:
    """Saves widgets to PNG after letting Qt lay them out and paint."""

    def __init__(self, app: QApplication, out: Path) -> None:
        self.app = app
        self.out = out
        self.written: list[str] = []

    def settle(self) -> None:
        for _ in range(5):
            self.app.processEvents()
            # widgets replaced with deleteLater() go now, as the event loop would
            self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def save(self, widget: QWidget, name: str) -> None:
        self.settle()
        widget.grab().save(str(self.out / name))
        self.written.append(name)


def fixed_clock(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def request(window: MainWindow, shots: Shooter) -> bytes:
    """Nouvelle demande: a question, the result, the expert mode, level 2, a fiche.

    Returns the rendered fiche de liaison (saved in a case afterwards)."""
    area = window.request_area
    wizard = area.wizard
    wizard.next()  # level page → first question
    shots.save(window, "wizard-question.png")

    wizard.resume(RETIREMENT, 1)
    shots.save(window, "result.png")
    why = wizard.result_page.show_why()
    assert why is not None
    shots.save(why, "pourquoi.png")
    why.reject()

    area.set_expert(True)
    area.expert.load_answers(HEALTH, 2)
    shots.save(window, "expert.png")
    area.set_expert(False)

    wizard.resume(RETIREMENT, 2)  # walks to the result, past the identity page
    wizard.back()
    wizard.person_page.set_values(PERSON, "Aucun (situation fictive)")
    shots.save(window, "identite.png")

    wizard.next()  # → result at level 2, with the identity
    dialog: Any = wizard.result_page.forms_bar.open("fiche_liaison_retraite")
    editor = dialog.editor
    editor.set_values({**editor.values(), **LIAISON_EXTRA})
    assert dialog.check_and_preview(), dialog.status.text()
    dialog.resize(*SIZE)
    shots.save(dialog, "fiche-liaison.png")
    dialog.tabs.setCurrentIndex(1)
    shots.save(dialog, "envoi-securise.png")
    pdf: bytes = dialog.kind.render(dialog.data)
    dialog.reject()
    wizard.restart_fresh()
    return pdf


def cases(window: MainWindow, shots: Shooter, pdf: bytes) -> None:
    """Dossiers: one case late on the CARSAT answer, one waiting; its page; closing."""
    store = window.store_access.open_now()
    assert store is not None, window.store_access.error
    engine = window.engine
    store.set_setting("cdas_emetteur", CDAS)
    late = store.cases.create(RETIREMENT, engine.evaluate(RETIREMENT).to_dict(), person=PERSON)
    store.cases.add_form(late, "fiche_liaison_retraite", pdf)
    sent = datetime.now(UTC) - timedelta(days=4)
    store.cases.record_sending(late, "fiche_liaison_retraite", "CARSAT Bretagne", "bluefiles", sent)
    store.cases.add_note(late, "Personne rappelée le lendemain (note fictive).")
    store.cases.create(HEALTH, engine.evaluate(HEALTH, level=2).to_dict(), person=OTHER_PERSON)

    window.show_area("dossiers")
    area: Any = window.area("dossiers")
    shots.save(window, "dossiers.png")
    area.open_case(late)
    shots.save(window, "dossier.png")
    dialog = area.ask_close(late)
    shots.save(dialog, "clore-dossier.png")
    dialog.reject()
    area.show_list()


def directories(window: MainWindow, shots: Shooter) -> None:
    """Annuaires: a search with an entry card; CDAS du domicile without annex 4."""
    window.show_area("annuaires")
    view: Any = window.area("annuaires")
    view.tabs.setCurrentIndex(0)
    view.search_box.setText("CARSAT")
    if view.results.count():
        view.results.setCurrentRow(0)
    shots.save(window, "annuaires.png")
    view.tabs.setCurrentIndex(1)
    view.cdas_lookup.commune_edit.setText("Fougères")
    view.cdas_lookup.look_up("Fougères")
    shots.save(window, "cdas-domicile.png")
    view.tabs.setCurrentIndex(0)


def indicators(window: MainWindow, shots: Shooter) -> None:
    """Anonymous rows made the way the desk makes them: cases opened, sent, closed."""
    store = window.store_access.require()
    engine = window.engine
    retirement = engine.evaluate(RETIREMENT).to_dict()
    health = engine.evaluate(HEALTH, level=2).to_dict()
    plan = [  # month, CDAS, cases sent through the privileged channel, detection forms
        (1, "CDAS de Fougères", 3, 1),
        (1, "CDAS du Pays de Redon", 1, 2),
        (2, "CDAS de Fougères", 2, 0),
        (2, "CDAS du Pays de Redon", 4, 1),
        (3, "CDAS de Fougères", 1, 2),
        (3, "CDAS du Pays de Redon", 2, 0),
    ]
    real_clock = store.clock
    for month, cdas, liaisons, detections in plan:
        store.clock = fixed_clock(datetime(2026, month, 10, 9, 0, tzinfo=UTC))
        batch = [(RETIREMENT, retirement, "fiche_liaison_retraite")] * liaisons
        batch += [(HEALTH, health, "fiche_detection_fragilite")] * detections
        for answers, result, form in batch:
            case_id = store.cases.create(answers, result, cdas=cdas)
            store.cases.record_sending(case_id, form, "destinataire fictif", "bluefiles")
            store.cases.close(case_id)
        if month == 2:
            store.report_dysfunction("reponse_hors_delai", cdas)
    store.clock = real_clock
    window.show_area("indicateurs")
    view: Any = window.area("indicateurs")
    view.from_edit.setText("2026-01")
    view.to_edit.setText("2026-03")
    view.refresh()
    shots.save(window, "indicateurs.png")


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    keyring.set_keyring(ScreenshotKeyring())
    app = QApplication([sys.argv[0]])
    configure_application(app)
    shots = Shooter(app, out)
    settings = Settings(agent=AGENT, niveau=1, pin_hash=hash_pin("4821"))
    window = MainWindow(settings=settings)
    window.resize(*SIZE)
    window.show()
    pdf = request(window, shots)
    cases(window, shots, pdf)
    directories(window, shots)
    indicators(window, shots)
    window.show_area("parametres")
    shots.save(window, "parametres.png")
    window.privacy.lock()
    shots.save(window, "verrou.png")
    window.privacy.stop()
    window.store_access.shutdown()
    print(f"{len(shots.written)} screenshots written to {out}/: {', '.join(shots.written)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
