from __future__ import annotations

import keyring
import keyring.backends.fail

from asip_desktop.gui.shell.store_access import StoreAccess


def test_store_opens_in_background_after_first_paint(qtbot, window):
    access = window.store_access
    assert access.store is None  # nothing opened while building the window
    with qtbot.waitSignal(access.ready, timeout=20000):
        access.start_in_background()
    assert access.store is not None
    assert access.store.path.exists()
    assert access.store.cases.open_cases() == []


def test_unavailable_secret_store_is_explained_and_orienting_still_works(qtbot, window):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    access = StoreAccess()
    with qtbot.waitSignal(access.failed, timeout=20000) as blocker:
        access.start_in_background()
    message = blocker.args[0]
    assert "coffre" in message.lower() or "secret" in message.lower()
    assert access.store is None
    assert window.engine.evaluate({"demande": "aide_departement"}).services == ["cdas_domicile"]


def test_first_paint_is_signalled_once(qtbot, configured_qapp):
    from asip_desktop.gui.shell.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.first_painted, timeout=5000):
        w.show()
    assert w._painted
