"""Dossiers on a team base reads off the window's thread (pytest-qt offscreen, the
suite's real PostgreSQL behind a relay): while the server's host stops answering —
the relay drops the connections it carried and then accepts new ones without a word,
the way a host lost on the network lets the connection wait — the list says
« Lecture des dossiers… », keeps the cases read last, the event loop turns (a timer
ticks, typing into the wizard goes in), a second refresh is queued, then the
unreachable banner arrives after the connection's 5-second timeout. With the server
answering the list and the side bar's count arrive; closing the window during a read
leaves no thread running."""

from __future__ import annotations

import gc
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer

from asip_desktop.gui.cases.case_list import OPENING, READING
from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.gui.widgets.server_call import ServerCall
from asip_desktop.store.store import Store
from asip_desktop.team import membership
from asip_desktop.team.store import TeamStore
from tests.gui.cases_seed import overdue_case
from tests.gui.conftest import show_window  # noqa: F401  (the fixture)
from tests.gui.driver import walk_by_mouse
from tests.gui.test_cases_area import cases_area
from tests.team.conftest import PASSPHRASE, Team
from tests.team.pg_cluster import Cluster
from tests.team.test_team_gui import CDAS, RETIREMENT, settings

WAIT_MS = 20_000  # the 5-second timeout, twice over, and a slow machine


class Relay:
    """A loopback port relayed to the cluster's socket; ``silence()`` makes it a host
    that stopped answering: what it carried is cut, new connections wait unanswered;
    ``lag`` (seconds) holds every chunk that long: a slow network that still answers."""

    def __init__(self, target: Path) -> None:
        self.target = str(target)
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.silent = threading.Event()
        self.lag = 0.0
        self.stop = threading.Event()
        self.open: list[socket.socket] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                client = self.listener.accept()[0]
            except OSError:
                continue
            with self.lock:
                self.open.append(client)
            if self.silent.is_set():
                continue  # held, never answered
            server = socket.socket(socket.AF_UNIX)
            server.connect(self.target)
            with self.lock:
                self.open.append(server)
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                time.sleep(self.lag)
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def silence(self) -> None:
        self.silent.set()
        with self.lock:
            carried, self.open = self.open, []
        for s in carried:
            with suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.silence()
        self.listener.close()


@dataclass
class Desk:
    """A window on a desk of ``CDAS`` talking to the team base through a relay, with
    one overdue case."""

    store: TeamStore
    relay: Relay
    window: Any
    case_id: int


@pytest.fixture
def relayed(
    show_window: Any,  # noqa: F811
    team: Team,
    pg: Cluster,
    engine: Any,
    tmp_path: Path,
) -> Iterator[Desk]:
    relay = Relay(pg.socket / ".s.PGSQL.5432")
    folder = tmp_path / "poste"
    member = membership.join(team.url, team.cdas(CDAS), PASSPHRASE, folder)
    url = member.connection_url().set(host="127.0.0.1", port=relay.port, query={})
    desk = TeamStore(member, Store.open(folder), url=url)
    try:
        case_id = overdue_case(desk, engine)
        window = show_window(settings=settings(2), store_access=StoreAccess(lambda: desk))
        assert window.store_access.open_now() is desk
        yield Desk(desk, relay, window, case_id)
    finally:
        desk.close()
        relay.close()


def new_request_typed_into(qtbot: Any, window: Any) -> Any:
    """The agent's new request, on the person page: its birth-name field."""
    wizard = window.wizard
    window.show_area("demande")
    walk_by_mouse(qtbot, wizard, RETIREMENT, 2)
    qtbot.mouseClick(wizard.button(wizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    name = wizard.person_page.fields["nom_naissance"]
    assert name.isVisible()
    return name


def ticking() -> tuple[QTimer, list[int]]:
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(50)
    return timer, ticks


def test_dossiers_keeps_the_window_answering_while_the_host_is_silent(
    qtbot: Any, relayed: Desk
) -> None:
    window, relay, case_id = relayed.window, relayed.relay, relayed.case_id
    # with the server answering: the list and the side bar's count arrive
    area = cases_area(window)
    case_list = area.list
    assert [r.id for r in case_list.rows] == [case_id]
    assert not case_list.reading.isVisible() and not case_list.busy()
    item = window.nav.item(list(window._factories).index("dossiers"))
    qtbot.waitUntil(lambda: item.text() == "Dossiers (1)", timeout=WAIT_MS)
    name = new_request_typed_into(qtbot, window)  # the agent's request under way
    window.show_area("dossiers")

    relay.silence()
    timer, ticks = ticking()
    try:
        case_list.refresh(full=True)
        assert case_list.busy() and case_list.reading.isVisible()
        assert case_list.reading.text() == READING == "Lecture des dossiers…"
        case_list.refresh()  # a second one meanwhile: queued behind the first
        assert case_list.busy() and len(ServerCall._running) == 1
        # the agent goes back to « Nouvelle demande » and types meanwhile
        window.show_area("demande")
        name.setFocus()
        qtbot.keyClicks(name, "Le Gall")
        qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=WAIT_MS)
        assert case_list.busy()  # the host has not answered, the window has
        assert name.text() == "Le Gall"
        assert [r.id for r in case_list.rows] == [case_id]  # the last list kept
        qtbot.waitUntil(lambda: not case_list.busy(), timeout=2 * WAIT_MS)
    finally:
        timer.stop()
    assert not case_list.reading.isVisible()
    assert case_list.unreachable.text().startswith("La base d'équipe est injoignable")
    assert window.team_banner.down
    assert [r.id for r in case_list.rows] == [case_id]
    assert name.text() == "Le Gall"


def test_a_case_opens_in_a_worker_and_the_agent_can_go_back_to_the_request(
    qtbot: Any, relayed: Desk
) -> None:
    window, case_id = relayed.window, relayed.case_id
    area = cases_area(window)
    # with the server answering: « Ouverture du dossier… », then the page
    area.open_case(case_id)
    assert area.opening == case_id and area.list.reading.text() == OPENING
    assert area.pages.currentWidget() is area.list  # the list stays until the case comes
    qtbot.waitUntil(lambda: area.opening is None, timeout=WAIT_MS)
    assert area.page is not None and area.pages.currentWidget() is area.page
    assert area.page.case_id == case_id and not area.list.reading.isVisible()
    area.show_list()
    qtbot.waitUntil(lambda: not area.list.busy(), timeout=WAIT_MS)

    name = new_request_typed_into(qtbot, window)
    window.show_area("dossiers")
    relayed.relay.silence()
    timer, ticks = ticking()
    try:
        area.open_case(case_id)
        assert area.list.reading.isVisible() and area.list.reading.text() == OPENING
        window.show_area("demande")  # the agent goes back to the request meanwhile
        name.setFocus()
        qtbot.keyClicks(name, "Le Gall")
        qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=WAIT_MS)
        assert area.opening == case_id  # the host has not answered, the window has
        assert name.text() == "Le Gall"
        qtbot.waitUntil(lambda: area.opening is None, timeout=2 * WAIT_MS)
    finally:
        timer.stop()
    # the case did not open: said on the list, the banner up, the request untouched
    assert area.pages.currentWidget() is area.list
    assert area.list.unreachable.text().startswith("La base d'équipe est injoignable")
    assert window.team_banner.down
    assert window.current_area() == "demande"  # the page did not pull the agent back
    assert name.text() == "Le Gall" and name.hasFocus()


def test_closing_the_window_during_a_read_leaves_no_thread(qtbot: Any, relayed: Desk) -> None:
    case_list = cases_area(relayed.window).list
    relayed.relay.silence()
    case_list.refresh()
    assert case_list.busy() and ServerCall._running
    relayed.window.close()
    qtbot.waitUntil(lambda: not ServerCall._running, timeout=2 * WAIT_MS)


def test_closing_the_window_during_a_slow_read_leaves_no_connection_open(
    qtbot: Any, relayed: Desk
) -> None:
    """The read answers after the window closed: the store is closed once it has, so the
    read's connection goes back to a pool that is then closed, not to one dropped open
    (psycopg's « deleted while still open », garbage-collected later in another test)."""
    case_list = cases_area(relayed.window).list
    qtbot.waitUntil(lambda: not case_list.busy(), timeout=WAIT_MS)
    relayed.relay.lag = 0.3
    case_list.refresh(full=True)
    case_list.refresh()  # queued behind the first: it must not start once the window closed
    assert case_list.busy()
    relayed.window.close()
    assert not any(c.isRunning() for c in ServerCall._running)  # the close waited for it
    relayed.relay.lag = 0.0
    qtbot.wait(300)  # the first read's answer is delivered: no second read on a closed store
    assert not ServerCall._running and case_list.call is None
    assert relayed.store.engine.pool.checkedin() == 0  # nothing connected after the close
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gc.collect()
    left_open = [w for w in caught if "deleted while still open" in str(w.message)]
    assert left_open == []
