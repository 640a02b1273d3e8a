"""The window of a joined desk (pytest-qt, offscreen) under its CDAS's retention policy:
the start purges the cases past the delay and says how many; Paramètres shows the
policy read-only, saying who sets it, and does not write the desk's own settings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.team import retention
from tests.gui.conftest import show_window  # noqa: F401  (the fixture)
from tests.gui.test_cases_area import cases_area
from tests.team.conftest import Team
from tests.team.test_retention import days_ago, new_case
from tests.team.test_team_gui import settings

CDAS = "CDAS de Saint-Malo"
SHOTS = os.environ.get("ASIP_SCREENSHOTS")


def test_the_start_purges_under_the_cdas_policy_and_says_how_many(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    engine: Any,
) -> None:
    past = team.desk("hier", cdas=CDAS, clock=days_ago(40))
    for _ in range(2):
        new_case(past, engine)
    desk = team.desk("accueil", cdas=CDAS)
    kept = new_case(desk, engine)
    retention.set_policy(team.url, CDAS, 30, True)
    starting = team.desk("accueil-demain", cdas=CDAS)

    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: starting))
    window.store_access.open_now()
    qtbot.waitUntil(lambda: "Purge automatique du CDAS" in window.statusBar().currentMessage())
    said = window.statusBar().currentMessage()
    assert "2 dossiers sans activité depuis plus de 30 jours purgés" in said
    assert [c.id for c in starting.cases.open_cases()] == [kept]
    raw = create_engine(team.url)
    try:
        with raw.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM asip.purge_receipts")) == 2
            assert conn.scalar(text("SELECT count(*) FROM asip.indicators")) == 2
    finally:
        raw.dispose()


def test_parametres_shows_the_cdas_policy_read_only(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    tmp_path: Path,
) -> None:
    team.cdas(CDAS)
    retention.set_policy(team.url, CDAS, 180, False)
    desk = team.desk("accueil", cdas=CDAS)
    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: desk))
    window.store_access.open_now()
    window.show_area("parametres")
    view = window.area("parametres")
    view._on_store()
    assert view.review.value() == 180 and not view.review.isEnabled()
    assert not view.auto_purge.isChecked() and not view.auto_purge.isEnabled()
    assert not view.auto_purge_days.isEnabled()
    said = view.policy_info.text()
    assert view.policy_info.isVisible()
    assert "Politique de conservation du CDAS : dossiers à revoir après 180 jours" in said
    assert "Fixée par l'administrateur du Département (asip-desktop team policy)" in said
    assert "Ce poste ne peut pas la modifier" in said
    view.policy_info.parentWidget().grab().save(
        str(Path(SHOTS or tmp_path) / "parametres-politique-cdas.png")
    )
    assert view.submit()
    assert desk.local.get_setting("revue_apres_jours") is None  # the desk's own: untouched
    assert desk.local.get_setting("purge_automatique_jours") is None
    # no automatic purge: nothing said at start
    assert "Purge automatique" not in window.statusBar().currentMessage()


def test_the_review_list_follows_the_cdas_policy(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    engine: Any,
) -> None:
    past = team.desk("hier", cdas=CDAS, clock=days_ago(40))
    old = new_case(past, engine)
    number = past.cases.get(old).summary.number
    retention.set_policy(team.url, CDAS, 30, False)
    desk = team.desk("accueil", cdas=CDAS)
    desk.set_setting("revue_apres_jours", "90")  # the desk's own delay: not used
    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: desk))
    window.store_access.open_now()
    area = cases_area(window)
    area.list.refresh()
    qtbot.waitUntil(lambda: not area.list.busy(), timeout=20000)
    rows = area.list.review_table.row_texts()
    assert [r[0] for r in rows] == [number]
    note = area.list.review_note.text()
    assert "plus de 30 jours (politique de conservation du CDAS)" in note
    assert "Rien n'est supprimé sans votre décision" in note

    # with the automatic purge, the next start purges it and the list says so
    retention.set_policy(team.url, CDAS, 30, True)
    later = team.desk("accueil-2", cdas=CDAS)
    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: later))
    window.store_access.open_now()
    qtbot.waitUntil(lambda: "1 dossier sans" in window.statusBar().currentMessage())
    area = cases_area(window)
    area.list.refresh()
    qtbot.waitUntil(lambda: not area.list.busy(), timeout=20000)
    assert area.list.review_table.rowCount() == 0
    assert "purgés au prochain démarrage d'un poste" in area.list.review_note.text()
