"""A joined desk's start never waits for the server (pytest-qt offscreen, the suite's
real PostgreSQL): the window is ready for input before any call to the team base
returns, newer published rules are fetched by a worker and used for the next request,
never the current one; the CDAS's automatic purge at start runs in a worker thread
while the window keeps processing events, and closing the window stops it after the
current case's transaction."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer

from asip_desktop.gui.shell.main_window import MainWindow
from asip_desktop.gui.shell.rules_arrival import USED_NEXT, USED_NOW
from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.team import retention, rules_publication
from asip_desktop.team.rules_cache import start_engine
from asip_desktop.team.rules_publication import OFFLINE
from tests.gui.conftest import show_window  # noqa: F401  (the fixture)
from tests.gui.driver import click, walk_by_mouse
from tests.gui.loss import answer_loss
from tests.gui.test_cases_area import cases_area
from tests.team.conftest import Team
from tests.team.pg_cluster import Cluster
from tests.team.test_retention import days_ago, new_case
from tests.team.test_rules_publication import publish_file
from tests.team.test_rules_publication_gui import joined_here
from tests.team.test_team_gui import settings

CDAS = "CDAS de Saint-Malo"
RETIREMENT = {"demande": "droits_retraite", "urgences": [], "retraite": "rupture_imminente"}
LEFT = Qt.MouseButton.LeftButton
WAIT = 10  # seconds a held call waits for the test at most (a deadlock fails, not hangs)


class HeldRefresh:
    """``rules_publication.refresh_cache`` held until the test releases it, recording
    the order of events and the thread it ran on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, events: list[str]) -> None:
        self.events = events
        self.release = threading.Event()
        self.on_main_thread: bool | None = None
        self.note: str | None = None
        real = rules_publication.refresh_cache

        def held(folder: Path | None = None) -> str:
            self.on_main_thread = threading.current_thread() is threading.main_thread()
            events.append("server asked")
            self.release.wait(WAIT)
            self.note = real(folder)
            events.append("server answered")
            return self.note

        monkeypatch.setattr(rules_publication, "refresh_cache", held)


def open_window(qtbot: Any, events: list[str], desk: Any) -> MainWindow:
    window = MainWindow(settings=settings(1), store_access=StoreAccess(lambda: desk))
    qtbot.addWidget(window)
    window.ready_for_input.connect(lambda: events.append("ready for input"))
    with qtbot.waitSignal(window.ready_for_input, timeout=WAIT * 1000):
        window.show()
    return window


def test_the_window_is_ready_for_input_before_the_stopped_server_is_asked(
    qtbot: Any, team: Team, pg: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish_file(team.url, tmp_path, "2027.1")
    desk = joined_here(team)
    start_engine(desk.folder)  # an earlier start cached 2027.1
    events: list[str] = []
    held = HeldRefresh(monkeypatch, events)
    pg.stop()
    try:
        window = open_window(qtbot, events, desk)
        # the agent can type while the server is still being asked
        qtbot.waitUntil(lambda: "server asked" in events)
        assert events == ["ready for input", "server asked"]
        assert held.on_main_thread is False
        assert window.wizard.engine.rules.version == "2027.1"  # its valid cached copy
        level = window.wizard.level_page.buttons[2]
        click(qtbot, level)  # the agent chooses the level while the server is asked
        assert level.isChecked() and "server answered" not in events
        held.release.set()
        qtbot.waitUntil(lambda: "server answered" in events, timeout=WAIT * 1000)
        assert held.note == OFFLINE
        # the window heard the note; Paramètres says it, the rules stay the cached copy
        qtbot.waitUntil(lambda: window.rules_choice is not None and bool(window.rules_choice.note))
        window.show_area("parametres")
        said = window.area("parametres").rules_info.text()  # type: ignore[attr-defined]
        assert "version 2027.1, publiées le " in said and OFFLINE in said
        assert window.engine.rules.version == "2027.1"
    finally:
        held.release.set()
        pg.start()


def test_rules_published_while_the_desk_runs_serve_the_next_request_not_the_current(
    qtbot: Any, team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = joined_here(team)  # nothing published yet: the bundled file
    events: list[str] = []
    held = HeldRefresh(monkeypatch, events)
    window = open_window(qtbot, events, desk)
    window.store_access.open_now()
    qtbot.waitUntil(lambda: "server asked" in events)
    wizard = window.wizard
    walk_by_mouse(qtbot, wizard, RETIREMENT, 1)  # a request under way: its result shown
    assert wizard.result is not None and wizard.result.rules_version == "2026.2"
    # the administrator publishes 2027.1 meanwhile; the worker downloads it
    publish_file(team.url, tmp_path, "2027.1")
    held.release.set()
    waiting = USED_NEXT.format(version="2027.1", current="2026.2")
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == waiting, timeout=WAIT * 1000)
    # the current request keeps its rules: going back and forth recomputes with 2026.2
    assert window.wizard is wizard and wizard.engine.rules.version == "2026.2"
    back = wizard.button(wizard.WizardButton.BackButton)
    qtbot.mouseClick(back, LEFT)
    qtbot.mouseClick(wizard.button(wizard.WizardButton.NextButton), LEFT)
    assert wizard.result is not None and wizard.result.rules_version == "2026.2"
    window.show_area("parametres")
    said = window.area("parametres").rules_info.text()  # type: ignore[attr-defined]
    assert "Règles d'orientation utilisées : version 2026.2, fournies avec" in said
    assert "Règles version 2027.1 reçues de la base d'équipe" in said
    # « Terminer »: the next request orients with 2027.1
    window.show_area("demande")
    qtbot.mouseClick(wizard.button(wizard.WizardButton.FinishButton), LEFT)
    answer_loss(qtbot, wizard, destroy=True)
    qtbot.waitUntil(lambda: window.wizard is not wizard)
    assert window.statusBar().currentMessage() == USED_NOW.format(version="2027.1")
    walk_by_mouse(qtbot, window.wizard, RETIREMENT, 1)
    assert window.wizard.result is not None
    assert window.wizard.result.rules_version == "2027.1"
    said = window.area("parametres").rules_info.text()  # type: ignore[attr-defined]
    assert "version 2027.1, publiées le " in said and "reçues de la base" not in said


def test_rules_arriving_with_no_request_under_way_are_used_at_once(
    qtbot: Any, team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = joined_here(team)
    publish_file(team.url, tmp_path, "2027.1")
    events: list[str] = []
    held = HeldRefresh(monkeypatch, events)
    window = open_window(qtbot, events, desk)
    qtbot.waitUntil(lambda: "server asked" in events)
    before = window.wizard
    assert before.engine.rules.version == "2026.2"  # nothing cached yet: bundled
    held.release.set()
    said = USED_NOW.format(version="2027.1")
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said, timeout=WAIT * 1000)
    assert window.wizard is not before and window.wizard.engine.rules.version == "2027.1"
    assert window.wizard.isVisible()


class HeldClose:
    """The purge's ``close`` of its first case held until the test lets it go."""

    def __init__(self, store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.threads: list[bool] = []
        real = store.cases.close

        def close(case_id: int, **kwargs: Any) -> Any:
            self.threads.append(threading.current_thread() is threading.main_thread())
            if len(self.threads) == 1:
                self.entered.set()
                self.release.wait(WAIT)
            return real(case_id, **kwargs)

        monkeypatch.setattr(store.cases, "close", close)


def responsive_while_held(qtbot: Any, window: MainWindow, held: HeldClose) -> None:
    """Open the store; while the purge holds its first case's transaction, the
    window's event loop turns (a timer fires) and the agent's clicks are taken."""
    window.store_access.open_now()
    qtbot.waitUntil(held.entered.is_set)
    assert window.purge_running
    fired: list[bool] = []
    QTimer.singleShot(0, lambda: fired.append(True))
    qtbot.waitUntil(lambda: fired == [True])
    level = window.wizard.level_page.buttons[1]
    click(qtbot, level)
    assert level.isChecked() and window.purge_running and not held.release.is_set()


def desk_with_cases_past_the_delay(team: Team, engine: Any, count: int) -> tuple[Any, int]:
    past = team.desk("hier", cdas=CDAS, clock=days_ago(40))
    for _ in range(count):
        new_case(past, engine)
    kept = new_case(team.desk("accueil", cdas=CDAS), engine)
    retention.set_policy(team.url, CDAS, 30, True)
    return team.desk("accueil-demain", cdas=CDAS), kept


def test_the_purge_at_start_runs_in_a_worker_while_the_window_processes_events(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    engine: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    starting, kept = desk_with_cases_past_the_delay(team, engine, 3)
    held = HeldClose(starting, monkeypatch)
    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: starting))
    responsive_while_held(qtbot, window, held)
    rows = [row[0] for row in cases_area(window).list.open_table.row_texts()]
    assert len(rows) == 4  # the list as read before the purge ends
    assert "Purge automatique" not in window.statusBar().currentMessage()
    held.release.set()
    qtbot.waitUntil(lambda: "Purge automatique du CDAS" in window.statusBar().currentMessage())
    said = window.statusBar().currentMessage()
    assert "3 dossiers sans activité depuis plus de 30 jours purgés" in said
    assert held.threads == [False, False, False]  # every close off the window's thread
    assert [c.id for c in starting.cases.open_cases()] == [kept]
    # the Dossiers list refreshed when it ended
    rows = [row[0] for row in cases_area(window).list.open_table.row_texts()]
    assert rows == [starting.cases.get(kept).summary.number]


def test_closing_the_window_during_the_purge_waits_for_the_current_case_only(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    engine: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    starting, kept = desk_with_cases_past_the_delay(team, engine, 3)
    held = HeldClose(starting, monkeypatch)
    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: starting))
    window.store_access.open_now()
    qtbot.waitUntil(held.entered.is_set)
    purge = window._purge
    assert purge is not None
    # the held transaction goes on as soon as the window asks the purge to stop
    threading.Thread(
        target=lambda: (wait_until(lambda: purge.stopping), held.release.set()), daemon=True
    ).start()
    window.close()
    assert purge.isFinished()  # close returned after the worker ended
    assert held.threads == [False]  # the case under way was closed, no other
    opened = team.desk("accueil-apres", cdas=CDAS)
    assert len(opened.cases.open_cases()) == 3  # two past the delay wait for the next start
    assert kept in [c.id for c in opened.cases.open_cases()]
    message = window.statusBar().currentMessage()
    assert "Purge automatique" not in message  # nothing said to a closed window


def wait_until(condition: Any) -> None:
    event = threading.Event()
    for _ in range(WAIT * 100):
        if condition():
            return
        event.wait(0.01)
