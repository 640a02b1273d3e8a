"""Copying personal data (NIR, phone…): it leaves the clipboard after a short delay."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

SENSITIVE_CLEAR_MS = 30_000


def copy_sensitive(text: str, clear_after_ms: int = SENSITIVE_CLEAR_MS) -> None:
    """Put ``text`` on the clipboard, and remove it after the delay unless the
    user has copied something else since."""
    clipboard = QGuiApplication.clipboard()
    clipboard.setText(text)

    def clear() -> None:
        if clipboard.text() == text:
            clipboard.clear()

    QTimer.singleShot(clear_after_ms, clear)
