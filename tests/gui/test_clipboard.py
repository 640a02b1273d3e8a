from PySide6.QtWidgets import QApplication

from asip_desktop.gui.widgets.clipboard import copy_sensitive


def test_sensitive_copy_is_cleared_after_the_delay(qtbot, configured_qapp):
    copy_sensitive("1 85 05 78 006 084 91", clear_after_ms=50)
    assert QApplication.clipboard().text() == "1 85 05 78 006 084 91"
    qtbot.waitUntil(lambda: QApplication.clipboard().text() == "", timeout=2000)


def test_something_copied_since_is_left_alone(qtbot, configured_qapp):
    copy_sensitive("06 12 34 56 78", clear_after_ms=50)
    QApplication.clipboard().setText("texte libre")
    qtbot.wait(150)
    assert QApplication.clipboard().text() == "texte libre"
