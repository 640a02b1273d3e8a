"""A tour of every area, page and dialog of the application, with fictional data.

``tour(window, visit)`` drives a shown main window through every screen an agent
can reach and calls ``visit(name, top_level_window)`` on each, once it is laid
out. The fit and keyboard tests check each screen (tests/gui/test_fit.py,
test_keys.py); ``scripts/screenshots.py`` saves each one to PNG.

People are obviously fictional (« Exemple »); NIRs are valid but use the commune
code 35999, which does not exist; phones are 06 00 00 00 0X.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from asip_desktop.core.answers import get_answer
from asip_desktop.core.conditions import MISSING
from asip_desktop.core.scenarios import load_scenarios
from asip_desktop.gui.request.branch_page import BranchPage
from asip_desktop.gui.request.question_page import QuestionPage
from asip_desktop.settings import AgentProfile

Visit = Callable[[str, QWidget], None]

ROOT = Path(__file__).resolve().parents[2]
DIRECTORY_EXAMPLE = ROOT / "docs" / "examples" / "annuaire-local-exemple.csv"
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
RETIREMENT = {
    "demande": ["droits_retraite"],
    "urgences": [],
    "enfants_concernes": False,
    "retraite": "rupture_ressources",
    "pension": {"type_dossier": [], "situation_administrative": []},
}
HEALTH = {
    "demande": ["accompagnement_social"],
    "urgences": [],
    "enfants_concernes": False,
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


def settle() -> None:
    app = QApplication.instance()
    assert app is not None
    for _ in range(4):
        app.processEvents()
        # widgets replaced with deleteLater() go now, as the event loop would
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _visit(visit: Visit, name: str, widget: QWidget) -> None:
    settle()
    visit(name, widget.window())


def _tabs(visit: Visit, name: str, tabs: QTabWidget) -> None:
    """Each tab of ``tabs`` is a screen of its own (« name-1 », « name-2 »…)."""
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        _visit(visit, f"{name}-{index + 1}", tabs)
    tabs.setCurrentIndex(0)


def question_pages(window: Any, visit: Visit) -> list[str]:
    """Every question page, reached as an agent reaches it: by walking the rules'
    scenarios (each page is visited once, the first time a scenario asks it).
    Returns the question ids visited."""
    wizard = window.wizard
    seen: list[str] = []
    for scenario in load_scenarios():
        wizard.load_answers(scenario.answers, scenario.level)
        wizard.restart()
        # the first page: the level and the situation's questions
        for _ in range(40):
            page = wizard.currentPage()
            if isinstance(page, BranchPage):  # short questions on one page
                # a question the scenario leaves to its default is answered so, as the
                # agent clicks it, and reveals the questions after it
                for block in list(page.blocks.values()):
                    if block.isVisibleTo(page) and not block.is_answered():
                        if not block.question.has_default:
                            break
                        block.set_value(block.question.default)
                        page.refresh()
                questions = [b.question for b in page.blocks.values() if b.isVisibleTo(page)]
            elif isinstance(page, QuestionPage):
                questions = [page.question]
            else:
                break
            for question in questions:
                if question.id not in seen:
                    seen.append(question.id)
                    _visit(visit, f"question-{question.id}", wizard)
            if any(
                get_answer(scenario.answers, q.id) is MISSING and not q.has_default
                for q in questions
            ):
                break
            before = wizard.currentId()
            wizard.next()
            if wizard.currentId() == before:
                break
    wizard.restart_fresh()
    return seen


def request(window: Any, visit: Visit, every_question: bool = True) -> bytes:
    """Nouvelle demande: the level page, the questions, the identity, the results, the
    expert mode and every dialog of the result page. Returns a rendered fiche."""
    area = window.request_area
    wizard = area.wizard
    window.show_area("demande")
    _visit(visit, "niveau", wizard)
    area.resume_bar.show()  # as when a request typed before a crash is found again
    _visit(visit, "reprise-brouillon", area)
    area.resume_bar.hide()
    if every_question:
        question_pages(window, visit)
    else:  # the first page with a demand ticked: its next questions revealed
        wizard.question_pages["demande"].set_value(["accompagnement_social"])
        settle()  # the page moves the keyboard to the demand once the event loop runs
        _visit(visit, "question", wizard)
        wizard.restart_fresh()

    wizard.resume(RETIREMENT, 1)
    _visit(visit, "resultat", wizard)
    why = wizard.result_page.show_why()
    _visit(visit, "pourquoi", why)
    why.reject()
    sheet = wizard.result_page.forms_bar.open("feuille_orientation")
    _visit(visit, "feuille-orientation", sheet)
    sheet.reject()

    area.set_expert(True)
    area.expert.load_answers(HEALTH, 2)
    _visit(visit, "expert", area)
    area.set_expert(False)

    wizard.resume(HEALTH, 2)  # walks to the result, past the identity page
    wizard.back()
    wizard.person_page.set_values(OTHER_PERSON, "Aucun (situation fictive)")
    _visit(visit, "identite", wizard)
    wizard.next()
    _visit(visit, "resultat-niveau2", wizard)
    detection: Any = wizard.result_page.forms_bar.open("fiche_detection_fragilite")
    _visit(visit, "fiche-detection", detection)
    detection.reject()

    wizard.resume(RETIREMENT, 2)
    wizard.back()
    wizard.person_page.set_values(PERSON, "Aucun (situation fictive)")
    wizard.next()
    dialog: Any = wizard.result_page.forms_bar.open("fiche_liaison_retraite")
    editor = dialog.editor
    editor.set_values({**editor.values(), **LIAISON_EXTRA})
    assert dialog.check_and_preview(), dialog.status.text()
    _visit(visit, "fiche-liaison", dialog)
    dialog.tabs.setCurrentIndex(1)
    _visit(visit, "envoi-securise", dialog)
    pdf: bytes = dialog.kind.render(dialog.data)
    dialog.reject()
    wizard.restart_fresh()
    return pdf


def cases(window: Any, visit: Visit, pdf: bytes) -> None:
    """Dossiers: one case late on the CARSAT answer, one waiting; its page; the
    malfunction report; closing and its receipt."""
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
    area.show_list()
    _tabs(visit, "dossiers", area.list.tabs)
    area.open_case(late)
    _visit(visit, "dossier", area)
    report = area.report_dysfunction(late)
    _visit(visit, "signaler-dysfonctionnement", report)
    report.reject()
    dialog = area.ask_close(late)
    _visit(visit, "clore-dossier", dialog)
    dialog.confirm_box.setChecked(True)
    dialog.accept()  # purges the case and shows the receipt
    _visit(visit, "recepisse-purge", area.receipt_dialog)
    area.receipt_dialog.accept()
    area.show_list()


def directories(window: Any, visit: Visit) -> None:
    """Annuaires: a search with an entry card, the CDAS du domicile, the sources, an import."""
    window.show_area("annuaires")
    view: Any = window.area("annuaires")
    view.tabs.setCurrentIndex(0)
    view.search_box.setText("CARSAT")
    if view.results.count():
        view.results.setCurrentRow(0)
    _visit(visit, "annuaires-1", view)
    view.tabs.setCurrentIndex(1)
    view.cdas_lookup.commune_edit.setText("Fougères")
    view.cdas_lookup.look_up("Fougères")
    _visit(visit, "annuaires-2", view)
    view.tabs.setCurrentIndex(2)
    _visit(visit, "annuaires-3", view)
    preview = view.import_file(DIRECTORY_EXAMPLE)
    _visit(visit, "import-annuaire", preview)
    preview.reject()
    view.tabs.setCurrentIndex(0)


def fixed_clock(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def indicators(window: Any, visit: Visit) -> None:
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
    _visit(visit, "indicateurs", view)


def tour(window: Any, visit: Visit, every_question: bool = True) -> None:
    """Every area, page and dialog, in the order an agent meets them."""
    pdf = request(window, visit, every_question)
    cases(window, visit, pdf)
    directories(window, visit)
    indicators(window, visit)
    window.show_area("parametres")
    _visit(visit, "parametres", window.area("parametres"))
    window.privacy.lock()
    _visit(visit, "verrou", window)
