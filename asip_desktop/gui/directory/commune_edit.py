"""A line edit whose Enter stays in the field.

In a dialog or a wizard, Enter in a plain QLineEdit also presses the default
button: on the result page that is « Terminer », which starts a new request and
drops what was shown. An agent who types a commune and presses Enter means
« look it up », so the key is taken here (``editingFinished`` is still emitted).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FieldLineEdit(QLineEdit):
    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in ENTER_KEYS:
            event.accept()  # not passed on to the default button
