"""« Tous les CDAS » off the window's thread (pytest-qt, offscreen): against a server that
accepts the connection and never answers, the tab says « Lecture… », the event loop
keeps turning (a timer ticks, typing goes in), a second request is refused plainly,
and the French message arrives after the connection's 5-second timeout; the same for a
publication. Closing the window under a running read leaves no thread behind."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer

from asip_desktop.gui.indicators.all_cdas_view import AllCdasView
from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.gui.widgets.server_call import ServerCall
from asip_desktop.store.store import Store
from asip_desktop.team import departement
from tests.gui.conftest import show_window  # noqa: F401  (the fixture)
from tests.store.conftest import memory_keyring  # noqa: F401  (autouse: keys in memory)
from tests.team.test_rules_publication import rules_file
from tests.team.test_rules_publication_gui import publish_dialog_for

READING = "Lecture des indicateurs de tous les CDAS…"


@contextmanager
def silent_server() -> Iterator[int]:
    """A loopback port that accepts connections and never says a word; its port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


def silent_window(show_window: Any, folder: Path, port: int) -> tuple[Any, Store, AllCdasView]:  # noqa: F811
    folder.mkdir()
    departement.reader_path(folder).write_text(
        json.dumps(
            {
                "format": departement.READER_FORMAT,
                "url": f"postgresql://127.0.0.1:{port}/asip",
                "role": "asip_departement_test",
                "password": "0" * 64,
            }
        ),
        "utf-8",
    )
    store = Store.open(folder)
    window = show_window(store_access=StoreAccess(lambda: store))
    assert window.store_access.open_now() is store
    window.show_area("indicateurs")
    view = window.area("indicateurs").all_cdas
    assert isinstance(view, AllCdasView)
    return window, store, view


def test_the_tab_keeps_answering_while_the_server_does_not(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    with silent_server() as port:
        window, store, view = silent_window(show_window, tmp_path / "poste", port)
        try:
            assert view.busy() and view.message.text() == READING
            assert not view.show_button.isEnabled() and not view.import_button.isEnabled()
            ticks: list[int] = []
            timer = QTimer()
            timer.timeout.connect(lambda: ticks.append(1))
            timer.start(50)
            qtbot.keyClicks(view.from_edit, "2026-01")
            qtbot.wait(1000)
            assert view.busy()  # the server has not answered, the window has
            assert len(ticks) >= 10 and view.from_edit.text() == "2026-01"
            # a second request while the first runs: refused, and said
            assert view.refresh() is False
            assert "déjà en cours" in view.message.text()
            assert not view.export("csv")
            qtbot.waitUntil(lambda: not view.busy(), timeout=20000)
            timer.stop()
            assert "injoignable" in view.message.text()
            assert view.show_button.isEnabled() and view.from_edit.text() == "2026-01"
            # another read, then the window closed under it: the thread ends on its own
            assert view.refresh() is True and view.busy()
        finally:
            window.close()
            store.close()
        qtbot.waitUntil(lambda: not ServerCall._running, timeout=20000)


def test_a_publication_to_a_silent_server_keeps_the_dialog_alive_and_says_so(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with silent_server() as port:
        window, store, view = silent_window(show_window, tmp_path / "poste", port)
        try:
            qtbot.waitUntil(lambda: not view.busy(), timeout=20000)
            dialog = publish_dialog_for(qtbot, view, rules_file(tmp_path, "2027.1"), monkeypatch)
            ticks: list[int] = []
            timer = QTimer()
            timer.timeout.connect(lambda: ticks.append(1))
            timer.start(50)
            address = f"postgresql://administrateur@127.0.0.1:{port}/asip"
            qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
            dialog.address.setText(address)
            dialog.password.setText("mot-de-passe")
            qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
            assert dialog.message.text() == "Publication en cours…"
            dialog.reject()  # not closed under a running publication
            assert dialog.isVisible() and not dialog.close_button.isEnabled()
            qtbot.waitUntil(lambda: dialog.worker is None, timeout=20000)
            timer.stop()
            assert len(ticks) >= 10  # the event loop turned during the 5-second wait
            said = dialog.message.text()
            assert "injoignable" in said and "mot-de-passe" not in said
            assert dialog.isVisible() and dialog.address.text() == address
            assert dialog.publish_button.isEnabled()
        finally:
            window.close()
            store.close()
