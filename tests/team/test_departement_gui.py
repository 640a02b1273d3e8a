"""The Indicateurs area with the Département's reader access (pytest-qt, offscreen,
the suite's PostgreSQL): « Tous les CDAS » table, chart, CSV/ODS export, import of a
desk's file; the window fits 1024×700 and 1366×768 (screenshots)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget

from asip_desktop.gui.indicators.all_cdas_view import AllCdasView
from asip_desktop.gui.indicators.indicators_view import IndicatorsView
from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.gui.widgets import screen_fit
from asip_desktop.store import indicator_export
from asip_desktop.store.store import Store
from asip_desktop.team import departement
from tests.gui.conftest import screen, show_window  # noqa: F401  (fixtures)
from tests.gui.screen_checks import fit_problems, mnemonic_clashes
from tests.gui.test_accessibility import unnamed_widgets
from tests.team.conftest import Team
from tests.team.test_departement_cli import sheet
from tests.team.test_team_base import new_case

CDAS = {"CDAS de Saint-Malo": 5, "CDAS du Pays de Redon": 3, "CDAS de Vitré": 1}
FOUGERES = "CDAS de Fougères"
SHOTS = os.environ.get("ASIP_SCREENSHOTS")  # a folder: save the screenshots there too


def seed_team(team: Team, engine: Any) -> None:
    """Closed cases via the channel on three team CDAS; one waiting answer at Redon."""
    for i, (name, n) in enumerate(CDAS.items()):
        desk = team.desk(f"d{i}", name)
        for _ in range(n):
            case = new_case(desk, engine)
            desk.cases.record_sending(case, "fiche_liaison_retraite", "CARSAT", "bluefiles")
            desk.cases.close(case)
    team.opened[1].report_dysfunction("reponse_hors_delai")


def local_export(folder: Path, engine: Any, out: Path) -> Path:
    with Store.open(folder) as store:
        store.set_setting("cdas_emetteur", FOUGERES)
        for _ in range(2):
            case = new_case(store, engine)
            store.cases.record_sending(case, "fiche_liaison_retraite", "CARSAT", "bluefiles")
            store.cases.close(case)
        indicator_export.export_desk(store, out)
    return out


def departement_window(show_window: Any, team: Team, tmp_path: Path) -> Any:  # noqa: F811
    folder = tmp_path / "poste-departement"
    folder.mkdir()
    departement.create_reader(team.url, departement.reader_path(folder))
    store = Store.open(folder)
    window = show_window(store_access=StoreAccess(lambda: store))
    assert window.store_access.open_now() is store
    window.show_area("indicateurs")
    return window, store


def all_cdas_of(window: Any, qtbot: Any) -> AllCdasView:
    """The tab, once its read of the server (a worker thread) has come back."""
    view = window.area("indicateurs")
    assert isinstance(view, IndicatorsView)
    assert view.all_cdas is not None
    settled(qtbot, view.all_cdas)
    return view.all_cdas


def settled(qtbot: Any, view: AllCdasView) -> None:
    qtbot.waitUntil(lambda: not view.busy(), timeout=15000)


def test_the_all_cdas_view_counts_imports_and_exports(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    engine: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed_team(team, engine)
    window, store = departement_window(show_window, team, tmp_path)
    try:
        view = all_cdas_of(window, qtbot)
        tabs = window.area("indicateurs").findChild(QTabWidget)
        assert [tabs.tabText(i) for i in range(tabs.count())] == ["Ce poste", "Tous les CDAS"]
        assert tabs.currentWidget() is view
        rows = {r[0]: r[1:] for r in view.table_texts()}
        assert rows["CDAS de Saint-Malo"][0] == "5"
        assert rows["Total, tous les CDAS"][0] == "9"
        assert view.chart.bars[0] == ("CDAS de Saint-Malo", 5)
        # importing a desk's file through the dialog
        desk_file = local_export(tmp_path / "fougeres", engine, tmp_path / "fougeres.jsonl")
        monkeypatch.setattr(
            "asip_desktop.gui.indicators.all_cdas_view.QFileDialog.getOpenFileName",
            lambda *a: (str(desk_file), ""),
        )
        qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)
        settled(qtbot, view)
        assert "2 ligne(s) importée(s)" in view.message.text()
        rows = {r[0]: r[1:] for r in view.table_texts()}
        assert rows[FOUGERES][0] == "2" and rows["Total, tous les CDAS"][0] == "11"
        qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)
        settled(qtbot, view)
        assert "déjà été importé" in view.message.text()
        # the chart for another indicator
        view.indicator_choice.setCurrentIndex(view.indicator_choice.findData("dysfonctionnements"))
        assert view.chart.bars == [("CDAS du Pays de Redon", 1)]
        # ODS export through the dialog, read back
        monkeypatch.setattr(
            "asip_desktop.gui.indicators.shared.QFileDialog.getSaveFileName",
            lambda *a: (str(tmp_path / "revue"), ""),
        )
        qtbot.mouseClick(view.ods_button, Qt.MouseButton.LeftButton)
        settled(qtbot, view)
        by_cdas = sheet(tmp_path / "revue.ods", "Par CDAS")
        column = by_cdas[0].index("signalements_canal_prioritaire")
        assert by_cdas[-1][0] == "Tous les CDAS" and by_cdas[-1][column] == 11
        qtbot.mouseClick(view.csv_button, Qt.MouseButton.LeftButton)
        settled(qtbot, view)
        text = (tmp_path / "revue.csv").read_text("utf-8-sig")
        assert "total;Tous les CDAS;signalements_canal_prioritaire;11" in text
        # a bad month is named, nothing is lost
        view.from_edit.setText("2026-13")
        qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
        assert "Du mois" in view.message.text() and "AAAA-MM" in view.message.text()
        assert view.from_edit.text() == "2026-13" and view.table.rowCount() == 5
        assert unnamed_widgets(window) == []
    finally:
        window.close()
        store.close()


@pytest.mark.parametrize(("width", "height"), [(1024, 700), (1366, 768)])
def test_the_all_cdas_view_fits_the_screen(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    screen: Any,  # noqa: F811
    team: Team,
    engine: Any,
    tmp_path: Path,
    width: int,
    height: int,
) -> None:
    seed_team(team, engine)
    area = screen(width, height)
    window, store = departement_window(show_window, team, tmp_path)
    try:
        screen_fit.fit_to_screen(window)
        qtbot.wait(50)
        view = all_cdas_of(window, qtbot)
        assert view.table.rowCount() == 4
        assert fit_problems(window, area) == []
        assert mnemonic_clashes(window) == {}
        image = window.grab()
        assert (image.width(), image.height()) == (window.width(), window.height())
        if SHOTS:
            image.save(str(Path(SHOTS) / f"indicateurs-tous-cdas-{width}x{height}.png"))
    finally:
        window.close()
        store.close()


def test_a_team_desk_offers_no_desk_export_and_no_all_cdas_view(
    show_window: Any,  # noqa: F811
    team: Team,
) -> None:
    desk = team.desk("a", "CDAS de Saint-Malo")
    window = show_window(store_access=StoreAccess(lambda: desk))
    try:
        assert window.store_access.open_now() is desk
        window.show_area("indicateurs")
        view = window.area("indicateurs")
        assert isinstance(view, IndicatorsView)
        assert view.desk_export_button is None and view.all_cdas is None
        assert view.findChild(QTabWidget) is None
    finally:
        window.close()


def test_a_damaged_reader_file_is_explained_in_the_tab(
    show_window: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    folder = tmp_path / "poste"
    folder.mkdir()
    departement.reader_path(folder).write_text("{pas du json", "utf-8")
    store = Store.open(folder)
    window = show_window(store_access=StoreAccess(lambda: store))
    try:
        assert window.store_access.open_now() is store
        window.show_area("indicateurs")
        view = window.area("indicateurs")
        tabs = view.findChild(QTabWidget)
        assert tabs.tabText(1) == "Tous les CDAS" and view.all_cdas is None
        assert "n'est pas un fichier d'accès du Département" in tabs.widget(1).text()
        assert view.table_texts() == []  # this desk's own view still works
    finally:
        window.close()
        store.close()
