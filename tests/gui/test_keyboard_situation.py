"""One whole situation at the counter through the real window, keyboard only, at
1024×700 and 1366×768: an urgent pension at level 1, the fiche de liaison typed,
Échap, Entrée and the close buttons pressed on the way — nothing typed is lost.

Screenshots of every stage go to ``ASIP_WALK_SHOTS`` when it names a folder
(``ASIP_WALK_SHOTS=/tmp/walk pytest tests/gui/test_keyboard_situation.py``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from asip_desktop.gui.widgets import screen_fit
from asip_desktop.settings import Settings
from asip_desktop.store.fiche_drafts import FicheDrafts
from benchmarks.counter_paths import Counter, settle, walk_wizard
from tests.gui.driver import type_text
from tests.gui.tour import AGENT

PENSION = {"demande": ["droits_retraite"], "urgences": [], "retraite": "rupture_ressources"}


def shot(name: str, size: str, widget: QWidget) -> None:
    folder = os.environ.get("ASIP_WALK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{size}-{name}.png"))


@pytest.mark.parametrize(("width", "height"), [(1024, 700), (1366, 768)])
def test_urgent_pension_keyboard_only_loses_nothing(
    qtbot,
    show_window,
    screen,
    width,
    height,
):
    size = f"{width}x{height}"
    area = screen(width, height)
    window = show_window(settings=Settings(agent=AGENT))
    window.resize(area.size())
    screen_fit.fit_to_screen(window)
    store = window.store_access.require()
    wizard = window.wizard
    counter = Counter(window)
    shot("1-premiere-page", size, window)

    # the whole request by keys: digits answer, Entrée goes on
    walk_wizard(counter, 1, PENSION, keyboard=True)
    assert wizard.currentId() == wizard.result_page_id
    answers = wizard.answers()
    assert answers["demande"] == ["droits_retraite"]
    shot("2-resultat", size, window)
    assert window.width() <= width and window.height() <= height

    # Échap on the result page blanks nothing
    counter.key(Qt.Key.Key_Escape)
    assert wizard.currentId() == wizard.result_page_id and wizard.answers() == answers

    # the fiche, reached by Tab and opened by Space; the name typed in it
    bar = wizard.result_page.forms_bar
    button = bar.buttons["fiche_liaison_retraite"]
    counter.tab_to(button)
    counter.key(Qt.Key.Key_Space)
    dialog = bar.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.height() <= height and dialog.width() <= width
    name = dialog.editor.fields["personne.nom_naissance"].edit
    counter.tab_to(name)
    type_text(QApplication.focusWidget() or name, "Kerhervé")
    settle()
    shot("3-fiche-saisie", size, dialog)

    # Échap closes the fiche and keeps it; Space on its button gives it back as it was
    counter.key(Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    counter.tab_to(button)
    counter.key(Qt.Key.Key_Space)
    assert bar.dialog is dialog and name.text() == "Kerhervé"
    # the window's close button on the fiche keeps it too
    dialog.close()
    settle()
    counter.tab_to(button)
    counter.key(Qt.Key.Key_Space)
    assert bar.dialog.editor.fields["personne.nom_naissance"].edit.text() == "Kerhervé"
    shot("4-fiche-rouverte", size, bar.dialog)
    counter.key(Qt.Key.Key_Escape)

    # Entrée in the result page's commune field looks up; the request stays
    commune = wizard.result_page.partners.commune_edit  # always on the result page
    counter.tab_to(commune)
    viewport = wizard.result_page.scroll.viewport()
    top = commune.mapTo(viewport, QPoint(0, 0)).y()
    assert top >= 0 and top + commune.height() <= viewport.height()  # Tab scrolled to it
    type_text(commune, "Fougeres")
    counter.key(Qt.Key.Key_Return)
    assert commune.text() == "Fougeres"
    assert wizard.currentId() == wizard.result_page_id and wizard.answers() == answers
    shot("5-resultat-commune", size, window)

    # closing the main window saves the request and the fiche being typed
    window.close()
    settle()
    draft = store.load_draft()
    assert draft is not None and draft["answers"]["demande"] == ["droits_retraite"]
    kept = FicheDrafts(store).load("fiche_liaison_retraite")
    assert kept is not None and kept[0]["personne"]["nom_naissance"] == "Kerhervé"
