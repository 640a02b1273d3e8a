"""A desk on its local store (a lone desk, a permanence laptop) applies Paramètres'
« Purge automatique … après N jours » at the window's start, in the same worker
thread as a joined desk's CDAS purge (gui/shell/start_purge.py): pytest-qt offscreen
on a real SQLCipher store. Off by default: nothing is purged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.store.store import Store
from tests.gui.conftest import show_window  # noqa: F401  (the fixture)
from tests.gui.test_cases_area import cases_area
from tests.store.conftest import Clock
from tests.team.test_start_threads import HeldClose, responsive_while_held
from tests.team.test_team_gui import settings

ANSWERS = {"demande": "droits_retraite", "retraite": "rupture_ressources"}


def local_store(tmp_path: Path, engine: Any, old: int, recent: int) -> tuple[Store, Clock]:
    """``old`` cases untouched for 40 days and ``recent`` ones opened yesterday."""
    clock = Clock()
    store = Store.open(tmp_path / "donnees", clock=clock)
    store.set_setting("cdas_emetteur", "CDAS de Saint-Malo")
    for _ in range(old):
        store.cases.create(ANSWERS, engine.evaluate(ANSWERS).to_dict())
    clock.advance(days=39)
    for _ in range(recent):
        store.cases.create(ANSWERS, engine.evaluate(ANSWERS).to_dict())
    clock.advance(days=1)
    return store, clock


def numbers(window: Any) -> list[str]:
    return sorted(row[0] for row in cases_area(window).list.open_table.row_texts())


def test_the_setting_on_purges_past_cases_at_start_in_a_worker(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    tmp_path: Path,
    engine: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store, _ = local_store(tmp_path, engine, old=3, recent=1)
    store.set_setting("purge_automatique_jours", "30")
    past = [c.id for c in store.cases.to_review(30)]
    recent = [c.id for c in store.cases.open_cases() if c.id not in past]
    assert len(past) == 3 and len(recent) == 1
    held = HeldClose(store, monkeypatch)
    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: store))
    responsive_while_held(qtbot, window, held)
    assert len(numbers(window)) == 4  # the list as read before the purge ends
    # an agent writes a note in the last listed case meanwhile: it is kept
    touched = past[-1]
    store.cases.add_note(touched, "rappelé ce matin")
    held.release.set()
    qtbot.waitUntil(lambda: "Purge automatique" in window.statusBar().currentMessage())
    said = window.statusBar().currentMessage()
    assert said.startswith("Purge automatique au démarrage : 2 dossiers sans activité")
    assert "plus de 30 jours purgés, chacun avec son récépissé" in said
    assert "du CDAS" not in said
    assert held.threads == [False, False, False]  # every close off the window's thread
    assert sorted(c.id for c in store.cases.open_cases()) == sorted([touched, *recent])
    purged = {f"2026-{case_id:06d}" for case_id in past[:2]}
    assert {r.case_number for r in store.cases.receipts()} == purged
    assert store.count("indicators") == 2  # one anonymous row for each purged case
    # the Dossiers list refreshed when it ended
    assert numbers(window) == sorted(store.cases.get(c).summary.number for c in [touched, *recent])


def test_the_setting_off_purges_nothing_at_start(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    tmp_path: Path,
    engine: Any,
) -> None:
    store, _ = local_store(tmp_path, engine, old=2, recent=1)
    assert store.retention_days() is None  # off by default
    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: store))
    window.store_access.open_now()
    qtbot.waitUntil(lambda: window._purge is not None)
    purge = window._purge
    qtbot.waitUntil(lambda: purge.isFinished())
    assert store.count("cases") == 3
    assert store.cases.receipts() == [] and store.count("indicators") == 0
    assert "Purge automatique" not in window.statusBar().currentMessage()
    assert len(numbers(window)) == 3


def test_parametres_says_the_setting_applies_at_each_start(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    tmp_path: Path,
    engine: Any,
) -> None:
    store, _ = local_store(tmp_path, engine, old=0, recent=1)
    store.set_setting("purge_automatique_jours", "30")
    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: store))
    window.store_access.open_now()
    window.show_area("parametres")
    view = window.areas["parametres"]
    qtbot.waitUntil(lambda: view.auto_purge.isChecked())
    assert "appliquée à chaque démarrage" in view.auto_purge.text().replace("\n", " ")
    assert view.auto_purge.isEnabled() and view.auto_purge_days.value() == 30
