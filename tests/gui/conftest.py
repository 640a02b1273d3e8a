"""GUI fixtures: a shown main window, settled, on an empty data directory."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest

from asip_desktop.gui.shell.main_window import MainWindow
from asip_desktop.gui.shell.store_access import StoreAccess
from tests.support.memory_keyring import MemoryKeyring


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """GUI tests keep the store's key in memory (a real Secret Service is
    tested in tests/store)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def show_window(configured_qapp, qtbot):  # type: ignore[no-untyped-def]
    """Show a main window and let the (offscreen) window system settle.

    Key events sent in the same event-loop turn as the first show can be lost
    to window activation, as they would be for a person typing before the
    window appeared.
    """

    def show(**kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("store_access", StoreAccess())
        window = MainWindow(**kwargs)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.ready_for_input, timeout=10000):
            window.show()
        qtbot.wait(20)
        return window

    return show


@pytest.fixture
def window(show_window):  # type: ignore[no-untyped-def]
    return show_window()


@pytest.fixture
def screen(monkeypatch):  # type: ignore[no-untyped-def]
    """``screen(width, height)``: the screen's available area every window is fitted to."""
    from PySide6.QtCore import QRect

    from asip_desktop.gui.widgets import screen_fit

    def set_screen(width: int, height: int) -> QRect:
        area = QRect(0, 0, width, height)
        monkeypatch.setattr(screen_fit, "available_geometry", lambda _widget: area)
        return area

    return set_screen
