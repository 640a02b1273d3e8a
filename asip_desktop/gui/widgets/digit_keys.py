"""Digit keys 1-9 pick the n-th answer of a choice page: the fastest way for a counter
agent, and the same on every choice page (the level page included)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton

MAX_DIGIT_KEY = 9


def pick_by_digit(event: QKeyEvent, buttons: Sequence[QAbstractButton], toggle: bool) -> bool:
    """Check (or, for check boxes, toggle) the button the digit key names; True if it did."""
    digit = event.key() - Qt.Key.Key_1 + 1
    if event.modifiers() not in (
        Qt.KeyboardModifier.NoModifier,
        Qt.KeyboardModifier.KeypadModifier,
    ) or not 1 <= digit <= min(len(buttons), MAX_DIGIT_KEY):
        return False
    button = buttons[digit - 1]
    button.setFocus()
    if toggle:
        button.toggle()
    else:
        button.setChecked(True)
    event.accept()
    return True


class DigitKeys(QObject):
    """Watches a page: a digit key pressed anywhere on it picks an answer."""

    def __init__(
        self, page: QObject, buttons: Callable[[], Sequence[QAbstractButton]], toggle: bool
    ) -> None:
        super().__init__(page)
        self._buttons = buttons
        self._toggle = toggle
        page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return pick_by_digit(event, self._buttons(), self._toggle)
        return False
