"""Ctrl+plus / Ctrl+minus / Ctrl+0 scale the text of the whole application."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from asip_desktop.gui.widgets.fonts import app_font
from asip_desktop.settings import TEXT_SCALE_RANGE

BASE_POINT_SIZE = 10.0
STEP = 0.1


def apply_text_scale(scale: float) -> float:
    lo, hi = TEXT_SCALE_RANGE
    scale = round(min(max(scale, lo), hi), 2)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setFont(app_font(BASE_POINT_SIZE * scale))
    return scale


def install_zoom_shortcuts(
    window: QWidget, get_scale: Callable[[], float], set_scale: Callable[[float], None]
) -> None:
    def change(delta: float | None) -> None:
        new = 1.0 if delta is None else get_scale() + delta
        set_scale(apply_text_scale(new))

    for keys, delta in (("Ctrl++", STEP), ("Ctrl+=", STEP), ("Ctrl+-", -STEP), ("Ctrl+0", None)):
        shortcut = QShortcut(QKeySequence(keys), window)
        shortcut.activated.connect(lambda d=delta: change(d))
