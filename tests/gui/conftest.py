"""GUI fixtures: a shown main window, settled, on an empty data directory."""

from __future__ import annotations

import pytest

from asip_desktop.gui.main_window import MainWindow


@pytest.fixture
def show_window(configured_qapp, qtbot):  # type: ignore[no-untyped-def]
    """Show a main window and let the (offscreen) window system settle.

    Key events sent in the same event-loop turn as the first show can be lost
    to window activation, as they would be for a person typing before the
    window appeared.
    """

    def show(**kwargs):  # type: ignore[no-untyped-def]
        window = MainWindow(**kwargs)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        qtbot.wait(20)
        return window

    return show


@pytest.fixture
def window(show_window):  # type: ignore[no-untyped-def]
    return show_window()
