"""The Indicateurs area on seeded anonymous rows: period, table, chart, CSV."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from sqlalchemy import insert

from asip_desktop.gui.indicators.indicators_view import IndicatorsView
from asip_desktop.store import schema
from asip_desktop.store.indicators import CSV_COLUMNS, INDICATORS
from asip_desktop.store.store import Store
from tests.gui.cases_seed import open_store
from tests.gui.test_accessibility import unnamed_widgets

REDON, VITRE = "CDAS du Pays de Redon", "CDAS de Vitré"


def seed(store: Store) -> None:
    prio = (["canal_prioritaire_carsat"], ["fiche_liaison_retraite"])
    detection = (["service_social_assurance_maladie"], ["fiche_detection_fragilite"])
    rows = [
        ("2026-01", REDON, "droits_retraite", *prio),
        ("2026-01", REDON, "droits_retraite", *prio),
        ("2026-02", VITRE, "droits_retraite", *prio),
        ("2026-02", VITRE, "accompagnement_social", *detection),
        ("2026-03", REDON, "aide_departement", ["cdas_domicile"], []),
    ]
    with store.engine.begin() as conn:
        for month, cdas, demand, services, forms in rows:
            conn.execute(
                insert(schema.indicators).values(
                    month=month,
                    cdas=cdas,
                    demand_kind=demand,
                    services_json=json.dumps(services),
                    channels_json=json.dumps(["bluefiles"] if forms else []),
                    forms_sent_json=json.dumps(forms),
                )
            )
        conn.execute(
            insert(schema.dysfunction_reports).values(
                month="2026-02", cdas=VITRE, kind="absence_accuse_reception"
            )
        )


def view_of(window) -> IndicatorsView:  # type: ignore[no-untyped-def]
    store = open_store(window)
    seed(store)
    window.show_area("indicateurs")
    view = window.area("indicateurs")
    assert isinstance(view, IndicatorsView)
    return view


def test_table_and_chart_reflect_the_anonymous_rows(qtbot, window):
    view = view_of(window)
    rows = view.table_texts()
    assert ["01/2026", REDON, "Signalements par le canal de contact privilégié", "2"] in rows
    assert ["02/2026", VITRE, "Signalements par le canal de contact privilégié", "1"] in rows
    assert ["02/2026", VITRE, "Fiches de détection envoyées", "1"] in rows
    assert ["02/2026", VITRE, "Dysfonctionnements signalés", "1"] in rows
    assert ["03/2026", REDON, "Dossiers clos", "1"] in rows
    assert all(r[3] != "0" for r in rows)
    chart = view.chart
    assert chart.bars == [(f"01/2026 · {REDON}", 2), (f"02/2026 · {VITRE}", 1)]
    assert "Signalements par CDAS et par mois" in chart.accessibleName()
    assert f"01/2026 · {REDON} : 2" in chart.accessibleDescription()
    # the bars are painted
    image = chart.grab().toImage()
    colors = {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    }
    assert chart.palette().color(QPalette.ColorRole.Link).name() in colors  # the bar colour
    # orientations by service over the period, largest first
    view.chart_choice.setCurrentIndex(view.chart_choice.findData("orientations"))
    labels = window.engine.rules.services
    assert chart.bars[0] == (labels["canal_prioritaire_carsat"], 3)
    assert (labels["cdas_domicile"], 1) in chart.bars
    view.chart_choice.setCurrentIndex(view.chart_choice.findData("dysfonctionnements"))
    assert chart.bars == [(f"02/2026 · {VITRE}", 1)]
    assert unnamed_widgets(window) == []


def test_period_filter_and_its_errors(qtbot, window):
    view = view_of(window)
    view.from_edit.setText("2026-02")
    view.to_edit.setText("2026-02")
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    assert {r[0] for r in view.table_texts()} == {"02/2026"}
    assert view.chart.bars == [(f"02/2026 · {VITRE}", 1)]
    view.from_edit.setText("02/2026")
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    assert "Du mois" in view.problem.text() and "AAAA-MM" in view.problem.text()
    view.from_edit.setText("2026-03")
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    assert "après le mois de fin" in view.problem.text()
    view.from_edit.setText("2027-01")
    view.to_edit.setText("")
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    assert view.problem.text() == "" and view.table_texts() == []
    assert "aucune donnée" in view.chart.accessibleDescription()


def test_csv_export_writes_the_documented_columns(qtbot, window, tmp_path: Path, monkeypatch):
    view = view_of(window)
    view.from_edit.setText("2026-01")
    view.to_edit.setText("2026-02")
    asked = []

    def fake_dialog(parent, title, suggested, filters):  # type: ignore[no-untyped-def]
        asked.append(Path(suggested).name)
        return str(tmp_path / "export"), filters

    monkeypatch.setattr(
        "asip_desktop.gui.indicators.shared.QFileDialog.getSaveFileName", fake_dialog
    )
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert asked == ["indicateurs-2026-01-2026-02.csv"]
    path = tmp_path / "export.csv"
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode())
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ";".join(CSV_COLUMNS)
    body = [line for line in lines[1:] if line]
    assert len(body) == 2 * len(INDICATORS)  # two month × CDAS cells, every indicator
    assert f"2026-01;{REDON};signalements_canal_prioritaire;2" in body
    assert f"2026-02;{VITRE};dysfonctionnements_absence_accuse_reception;1" in body
    assert str(path) in view.problem.text()


def test_a_local_desk_exports_its_rows_for_the_departement(
    qtbot, window, tmp_path: Path, monkeypatch
):
    from asip_desktop.store import indicator_export

    view = view_of(window)
    assert view.all_cdas is None  # no Département access on this desk: one view only
    button = view.desk_export_button
    assert button is not None and button.isVisible()
    monkeypatch.setattr(
        "asip_desktop.gui.indicators.shared.QFileDialog.getSaveFileName",
        lambda *a: (str(tmp_path / "poste"), ""),
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "5 ligne(s) de dossiers clos et 1 signalement(s)" in view.problem.text()
    read = indicator_export.read(tmp_path / "poste.jsonl")
    assert sorted({c.cdas for c in read.cases}) == [VITRE, REDON]
    # asked again onto the same file (the dialog confirmed the replacement): replaced
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert indicator_export.read(tmp_path / "poste.jsonl").export_id != read.export_id


def test_a_chart_of_22_cdas_is_scrolled_not_cut(qtbot):
    """« Tous les CDAS » on a 700-pixel screen: six bars shown, the 16 others reached by
    scrolling (the chart used to be squeezed to six rows, the rest cut off)."""
    from asip_desktop.gui.indicators.bar_chart import BarChart, ScrolledChart

    chart = BarChart()
    area = ScrolledChart(chart)
    qtbot.addWidget(area)
    chart.set_bars("Signalements", [(f"CDAS {n}", 22 - n) for n in range(22)])
    area.fit()
    area.resize(800, 600)
    area.show()
    qtbot.waitExposed(area)
    assert chart.height() >= chart.sizeHint().height()  # every bar painted
    bar = area.verticalScrollBar()
    assert area.viewport().height() < chart.height() and bar.maximum() > 0
    bar.setValue(bar.maximum())  # the last bar comes into view
    last_row_top = chart.sizeHint().height() - 8 - 24
    assert chart.mapTo(area.viewport(), QPoint(0, last_row_top)).y() >= 0
    chart.set_bars("Signalements", [("CDAS 1", 1)])
    area.fit()
    assert area.height() == chart.sizeHint().height()  # one bar: no empty scroll area
    assert area.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
