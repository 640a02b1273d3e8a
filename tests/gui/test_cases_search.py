"""Dossiers: the name column, the search box (keyboard), « Aujourd'hui » and the side
bar's count, on a real SQLCipher store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.gui.cases_seed import PERSON, new_case, open_store, overdue_case
from tests.gui.driver import type_key, type_text
from tests.gui.test_cases_area import cases_area

URGENT = {"demande": "aide_departement", "urgences": ["aide_alimentaire"]}
JOSE = {"nom_naissance": "Hervé", "prenom": "José", "adresse": "2 place, 35300 Fougères"}


def names(table) -> list[str]:  # type: ignore[no-untyped-def]
    return [row[1] for row in table.row_texts()]


def test_search_by_keyboard_finds_names_commune_nir_and_opens_the_case(qtbot, window, engine):
    store = open_store(window)
    late = overdue_case(store, engine)  # Annaïg Fictif-Le Goff
    jose = new_case(store, engine, person=JOSE, level=2)
    area = cases_area(window)
    lists = area.list
    lists.search_edit.setFocus()
    type_text(lists.search_edit, "le goff annaig")  # no accent, any case
    assert lists.tabs.currentIndex() == 1  # every open case is searched
    assert names(lists.open_table) == ["Fictif-Le Goff Annaïg"]
    assert lists.search_count.text() == "1 dossier trouvé"
    assert "(1)" in lists.tabs.tabText(1)
    lists.search_edit.clear()
    type_text(lists.search_edit, "personne inconnue")
    assert lists.open_table.rowCount() == 0 and lists.search_count.text() == "aucun dossier trouvé"
    lists.search_edit.clear()
    assert lists.search_count.text() == "2 dossiers ouverts"
    type_text(lists.search_edit, "FOUGERES")
    assert names(lists.open_table) == ["Hervé José"]
    lists.search_edit.clear()
    spaced = " ".join((PERSON["nir"][:1], PERSON["nir"][1:3], PERSON["nir"][3:7]))
    type_text(lists.search_edit, spaced)  # a NIR typed with spaces
    assert names(lists.open_table) == ["Fictif-Le Goff Annaïg"]
    type_key(lists.search_edit, Qt.Key.Key_Escape)  # Échap empties the search
    assert lists.search_edit.text() == "" and lists.open_table.rowCount() == 2
    number = store.cases.get(jose).summary.number
    type_text(lists.search_edit, number)
    type_key(lists.search_edit, Qt.Key.Key_Return)  # Entrée opens the case found
    assert area.pages.currentWidget() is area.page and area.page.case_id == jose
    assert "José" not in window.windowTitle()
    area.show_list()  # back to the list: the search is kept, then emptied by Échap
    assert lists.search_edit.text() == number and lists.open_table.rowCount() == 1
    type_key(lists.search_edit, Qt.Key.Key_Escape)
    assert {lists.open_table.case_id(r) for r in range(2)} == {late, jose}


def test_today_view_comes_first_and_counts_in_the_side_bar(qtbot, window, engine):
    store = open_store(window)
    late = overdue_case(store, engine)
    waiting = new_case(store, engine, URGENT, level=1)
    quiet = new_case(store, engine, level=2)
    area = cases_area(window)
    lists = area.list
    assert lists.tabs.currentIndex() == 0 and lists.tabs.tabText(0).startswith("Au&jourd'hui")
    rows = lists.today_table.row_texts()
    assert [r[0] for r in rows] == ["Échéance en retard", "Accueil de deuxième niveau à faire"]
    assert [lists.today_table.case_id(i) for i in range(2)] == [late, waiting]
    assert quiet not in [lists.today_table.case_id(i) for i in range(2)]
    assert "1 en retard" in lists.today_summary.text()
    assert lists.today_table.is_overdue(0)
    nav = window.nav.item(1).text()
    assert nav == "Dossiers (1)"
    assert window.nav.item(1).toolTip() == "1 échéance en retard ou du jour"
    # at noon (local time), a fiche sent 47 h ago has its 48 h deadline due today
    noon = datetime.now().astimezone().replace(hour=12, minute=0, second=0, microsecond=0)
    store.clock = lambda: noon.astimezone(UTC)
    fresh = new_case(store, engine, level=2)
    store.cases.record_sending(
        fresh, "fiche_detection_fragilite", "SSR", "bluefiles", noon - timedelta(hours=47)
    )
    assert area.clock.interval() == 60_000
    area.clock.timeout.emit()  # the minute's tick re-reads the lists and the count
    number = store.cases.get(fresh).summary.number
    assert [r[0] for r in lists.today_table.row_texts() if r[1] == number] == [
        "Échéance aujourd'hui"
    ]
    assert window.nav.item(1).text() == "Dossiers (2)"
    # the overdue deadline marked done on the case page: the count follows
    area.open_case(late)
    next(iter(area.page.deadline_buttons.values())).click()
    assert window.nav.item(1).text() == "Dossiers (1)"


def test_the_today_view_opens_from_the_keyboard(qtbot, window, engine):
    store = open_store(window)
    late = overdue_case(store, engine)
    area = cases_area(window)
    lists = area.list
    lists.open_button.setFocus()
    QTest.keyClick(lists.open_button, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert lists.search_edit.hasFocus() or window.focusWidget() is lists.search_edit  # Ctrl+F
    type_key(lists.search_edit, Qt.Key.Key_Down)  # from the search to the list shown
    assert lists.today_table.hasFocus() or window.focusWidget() is lists.today_table
    type_key(lists.today_table, Qt.Key.Key_Return)
    assert area.page.case_id == late


def test_tab_follows_the_reading_order(qtbot, window, engine):
    store = open_store(window)
    overdue_case(store, engine)
    lists = cases_area(window).list
    lists.focus_search()
    seen = []
    for _ in range(4):
        type_key(window.focusWidget(), Qt.Key.Key_Tab)
        seen.append(window.focusWidget())
    assert seen == [lists.tabs.tabBar(), lists.today_table, lists.open_button, lists.refresh_button]
